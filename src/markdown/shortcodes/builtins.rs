//! weave's own shortcodes, used when a site has no template of that name: `figure` (an image,
//! found and sized as images in markdown are, with alt text, caption, size and link),
//! `youtube` and `vimeo` (privacy-friendly players that load lazily, with a link for readers
//! whose browser shows no frames), `details` (a fold), and Hugo's `ref` and `relref`.

use serde_json::Value;

use crate::error::Diagnostic;
use crate::markdown::links::{self, Target};
use crate::markdown::shortcodes::parse::Call;
use crate::markdown::targets::At;
use crate::markdown::{Input, Rendered};
use crate::render::templates::escape_html;

/// A named argument, else the positional one at `position`, as text.
fn arg(call: &Call, name: &str, position: Option<usize>) -> Option<String> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    call.args
        .iter()
        .find(|(k, _)| k.as_deref() == Some(name))
        .map(|(_, v)| text(v))
        .or_else(|| {
            let position = position?;
            call.args
                .iter()
                .filter(|(k, _)| k.is_none())
                .nth(position)
                .map(|(_, v)| text(v))
        })
}

/// The HTML of built-in shortcode `call.name`, or None when there is no such built-in.
pub fn render(
    call: &Call,
    body: Option<&str>,
    at: At<'_>,
    input: &Input<'_>,
    out: &mut Rendered,
) -> Option<String> {
    Some(match call.name.as_str() {
        "figure" => figure(call, at, input, out),
        "youtube" => {
            let id = required(call, "id", at, out)?;
            player(
                &format!(
                    "https://www.youtube-nocookie.com/embed/{}",
                    escape_html(&id)
                ),
                &format!("https://www.youtube.com/watch?v={}", escape_html(&id)),
                "YouTube",
                arg(call, "title", None),
            )
        }
        "vimeo" => {
            let id = required(call, "id", at, out)?;
            player(
                &format!("https://player.vimeo.com/video/{}?dnt=1", escape_html(&id)),
                &format!("https://vimeo.com/{}", escape_html(&id)),
                "Vimeo",
                arg(call, "title", None),
            )
        }
        "details" => {
            let summary = arg(call, "summary", Some(0)).unwrap_or_else(|| "Details".into());
            let open = arg(call, "open", None).is_some_and(|o| o == "true");
            format!(
                "<details{}><summary>{}</summary>\n{}</details>\n",
                if open { " open" } else { "" },
                escape_html(&summary),
                markdown(body.unwrap_or(""), input)
            )
        }
        _ => return None,
    })
}

/// A required argument (named, or the first positional one), or an error at the call.
fn required(call: &Call, name: &str, at: At<'_>, out: &mut Rendered) -> Option<String> {
    let found = arg(call, name, Some(0));
    if found.is_none() {
        out.errors.push(
            at.locate(
                Diagnostic::error(format!("shortcode `{}` needs `{name}`", call.name))
                    .help(format!("write `{{{{< {} {name}=\"...\" >}}}}`", call.name)),
            ),
        );
    }
    found
}

/// A lazily loaded player in a frame, with a link to the video for readers without frames.
fn player(embed: &str, watch: &str, site: &str, title: Option<String>) -> String {
    let title = escape_html(&title.unwrap_or_else(|| format!("{site} video")));
    format!(
        "<figure class=\"video\"><div class=\"video-frame\"><iframe src=\"{embed}\" title=\"{title}\" loading=\"lazy\" \
         allow=\"encrypted-media; picture-in-picture; fullscreen\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe></div>\
         <figcaption><a href=\"{watch}\">Watch “{title}” on {site}</a></figcaption></figure>\n"
    )
}

/// `figure`: the image from `src` (beside the page, else found by name; an address is used as
/// it is), sized by `width`/`height` or by the file, with `alt`, `caption`, `title`, `link`.
fn figure(call: &Call, at: At<'_>, input: &Input<'_>, out: &mut Rendered) -> String {
    let Some(src) = required(call, "src", at, out) else {
        return String::new();
    };
    let targets = input.targets;
    let (url, size) = match links::classify(&src, input.source) {
        Target::Untouched | Target::SiteRoot { .. } => (
            targets.rewrite(&src.clone().into(), at, out).0.to_string(),
            None,
        ),
        _ => {
            let (url, asset) = targets.rewrite(&src.clone().into(), at, out);
            let size = asset.and_then(|a| targets.assets.get(&a).copied().flatten());
            (url.to_string(), size)
        }
    };
    let width = arg(call, "width", None);
    let height = arg(call, "height", None);
    let dims = match (width, height, size) {
        (Some(w), Some(h), _) => format!(
            " width=\"{}\" height=\"{}\"",
            escape_html(&w),
            escape_html(&h)
        ),
        (Some(w), None, Some((nw, nh))) if nw > 0 => {
            let h = w.parse::<u64>().map(|w| w * u64::from(nh) / u64::from(nw));
            match h {
                Ok(h) => format!(" width=\"{}\" height=\"{h}\"", escape_html(&w)),
                Err(_) => format!(" width=\"{}\"", escape_html(&w)),
            }
        }
        (Some(w), None, _) => format!(" width=\"{}\"", escape_html(&w)),
        (None, _, Some((w, h))) => format!(" width=\"{w}\" height=\"{h}\""),
        (None, _, None) => String::new(),
    };
    let caption = arg(call, "caption", None);
    let alt = arg(call, "alt", None)
        .or_else(|| caption.clone())
        .unwrap_or_default();
    let title = arg(call, "title", None)
        .map_or_else(String::new, |t| format!(" title=\"{}\"", escape_html(&t)));
    let img = format!(
        "<img src=\"{}\" alt=\"{}\"{dims}{title} loading=\"lazy\">",
        escape_html(&url),
        escape_html(&alt)
    );
    let img = match arg(call, "link", None) {
        Some(link) => format!("<a href=\"{}\">{img}</a>", escape_html(&link)),
        None => img,
    };
    let class = arg(call, "class", None)
        .map_or_else(String::new, |c| format!(" class=\"{}\"", escape_html(&c)));
    let caption = caption.map_or_else(String::new, |c| {
        format!("<figcaption>{}</figcaption>", inline_markdown(&c))
    });
    format!("<figure{class}>{img}{caption}</figure>\n")
}

/// Hugo's `ref` and `relref`: a link to the page named, written as a path from the content
/// root (`@/...`) that weave resolves, checks and counts as any link to a file.
pub fn reference(call: &Call, at: At<'_>, input: &Input<'_>, out: &mut Rendered) -> String {
    let Some(written) = arg(call, "path", Some(0)) else {
        out.errors.push(at.locate(
            Diagnostic::error(format!("`{}` needs the page it refers to", call.name)).help(
                format!("write `{{{{< {} \"docs/intro.md\" >}}}}`", call.name),
            ),
        ));
        return String::new();
    };
    let (path, anchor) = match written.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (written.as_str(), None),
    };
    let targets = input.targets;
    let folder = input.source.rsplit_once('/').map_or("", |(d, _)| d);
    let stem = path.trim_end_matches('/').trim_end_matches(".md");
    // From the root (`/docs/intro`), from this page's folder, then by file name anywhere.
    let candidates: Vec<String> = {
        let rooted = stem.trim_start_matches('/');
        let beside = if path.starts_with('/') || folder.is_empty() {
            rooted.to_string()
        } else {
            format!("{folder}/{rooted}")
        };
        [beside, rooted.to_string()]
            .into_iter()
            .flat_map(|p| {
                [
                    format!("{p}.md"),
                    format!("{p}/index.md"),
                    format!("{p}/_index.md"),
                ]
            })
            .collect()
    };
    let found = candidates
        .iter()
        .find(|c| targets.urls.contains_key(c.as_str()))
        .cloned()
        .or_else(|| targets.notes.note(stem, input.source).map(str::to_string));
    match (found, path.is_empty()) {
        (Some(source), _) => {
            let anchor = anchor.map_or_else(String::new, |a| format!("#{a}"));
            format!("@/{}{anchor}", source.replace(' ', "%20"))
        }
        (None, true) => format!("#{}", anchor.unwrap_or("")),
        (None, false) => {
            out.errors.push(at.locate(
                Diagnostic::error(format!("`{}` names no page: `{written}`", call.name))
                    .help("give the page's path from content/ (`/docs/intro.md`), from this page's folder, or its file name"),
            ));
            String::new()
        }
    }
}

/// Markdown of a shortcode's body, rendered as the page's text is (links and all).
pub fn markdown(text: &str, input: &Input<'_>) -> String {
    let stack: Vec<&str> = input
        .embedding
        .iter()
        .copied()
        .chain([input.source])
        .collect();
    let rendered = crate::markdown::render(&Input {
        body: text,
        citations: &[],
        mentions: None,
        reserved_ids: &[],
        keep_text: false,
        embedding: &stack,
        twin_origin: None,
        ..*input
    });
    rendered.html.to_string()
}

/// A caption's inline markdown (`A *b*`), without a paragraph around it.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    let html = html.trim_end();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}
