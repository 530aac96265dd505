//! Markdown rendering with link rewriting, entity links and claim anchors never panics.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use weave::markdown::citations::{CiteRequest, normalise};
use weave::markdown::links::UrlMap;
use weave::markdown::mentions::Mentions;
use weave::markdown::note_index::NoteIndex;
use weave::markdown::targets::Targets;
use weave::markdown::{Input, render};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let urls = UrlMap::from([
        ("articles/a.md".to_string(), "/sub/articles/a/".to_string()),
        ("topics/motives.md".to_string(), "/sub/topics/motives/".to_string()),
    ]);
    let mentions = Mentions::new(&[
        ("/sub/entities/llama/".into(), vec!["Llama".into()]),
        ("/sub/entities/llama-2/".into(), vec!["Llama 2".into()]),
        ("/sub/entities/meta/".into(), vec!["Meta".into(), "Facebook".into()]),
    ]);
    // Quote the middle of the input, so citations sometimes match and sometimes do not.
    let quote = body.get(body.len() / 3..body.len() / 2).unwrap_or("");
    let citations = [CiteRequest {
        anchor: "claim-motives-x".into(),
        quote: normalise(quote),
        href: "/sub/topics/motives/#x".into(),
        title: "X".into(),
    }];
    let notes = NoteIndex::new(
        urls.keys().map(|k| (k.as_str(), &[][..])),
        ["articles/chart.png"].into_iter(),
    );
    let targets = Targets {
        base_path: "/sub/".into(),
        urls,
        notes,
        tags_url: Some("/sub/tags/".into()),
        ..Targets::default()
    };
    let _ = render(&Input {
        source: "articles/b.md",
        file: Path::new("content/articles/b.md"),
        body,
        body_line: 4,
        targets: &targets,
        citations: &citations,
        mentions: Some((&mentions, None)),
        reserved_ids: &["x".to_string()],
        keep_text: true,
        highlight: true,
        embedding: &[],
        twin_origin: Some("https://example.org"),
    });
});
