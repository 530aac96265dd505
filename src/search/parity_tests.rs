//! weave's index against Pagefind's own indexer: for the same pages (text with the same
//! weights, metadata and filters), every file must decompress to the same bytes, except for
//! names (weave hashes with XXH3, Pagefind with SHA-1), which are compared through the metadata
//! file that lists them. The site mixes what Pagefind's word rules treat specially: diacritics,
//! compounds of every kind, emoji, katakana, numbers, zero-width spaces, headings, and enough
//! text for many chunks.

use std::collections::HashMap;
use std::io::Read;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::record;
use crate::pipeline::{Changes, Options, Session};
use crate::site::Site;

/// Files by path inside the bundle folder, decompressed (`.pf_*` files) or as they are.
type Bundle = HashMap<String, Vec<u8>>;

/// A one-off build moves each run's part to the spill file and reads chunks' entries back a
/// stretch at a time; the files must be exactly those of an index held in memory. Enough pages
/// for several runs, and stretches small enough that every chunk is one.
#[test]
fn an_index_spilled_a_run_at_a_time_is_the_index_held_in_memory() {
    let site = site_of(900);
    let held = super::Index::default();
    let folder = tempfile::tempdir().unwrap();
    let mut spilled = super::Index::default();
    spilled.spill_to(Some(crate::spill::Spill::new(folder.path()).unwrap()));
    spilled.stretch_bytes = 1;
    let [held, spilled] = [held, spilled].map(|mut index| {
        let mut files = index
            .build(&site, None, None, &crate::progress::Stage::none())
            .expect("an index");
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    });
    let runs = super::runs::split(&super::record::all(&site, None)).len();
    assert!(
        runs > 3,
        "{runs} runs: too few to test parts read back apart"
    );
    let chunks = held
        .iter()
        .filter(|(p, _)| p.ends_with(".pf_index"))
        .count();
    assert!(chunks > 3, "{chunks} chunks: too few to test stretches");
    assert_eq!(held.len(), spilled.len());
    for ((a, x), (b, y)) in held.iter().zip(&spilled) {
        assert_eq!(a, b);
        let (x, y) = (x.bytes().unwrap(), y.bytes().unwrap());
        assert!(x == y, "{a} differs when the index is spilled");
    }
}

#[test]
fn the_index_is_the_one_pagefind_writes_for_the_same_pages() {
    let site = parity_site();
    let ours: Bundle = super::Index::default()
        .build(&site, None, None, &crate::progress::Stage::none())
        .expect("weave's index")
        .into_iter()
        .map(|(path, bytes)| {
            let path = path
                .strip_prefix("pagefind/")
                .expect("in the bundle")
                .to_string();
            let bytes = inflate(&path, &bytes.bytes().unwrap());
            (path, bytes)
        })
        .collect();
    let theirs = pagefind_index(&site);

    let (ours_meta, theirs_meta) = (meta(&ours), meta(&theirs));
    assert_eq!(ours_meta.version, theirs_meta.version);
    assert_eq!(ours_meta.meta_fields, theirs_meta.meta_fields);
    assert_eq!(
        ours_meta.pages.len(),
        theirs_meta.pages.len(),
        "pages indexed"
    );
    for (a, b) in ours_meta.pages.iter().zip(&theirs_meta.pages) {
        assert_eq!(a.1, b.1, "word count of page {}", a.0);
        let fragment = |bundle: &Bundle, name: &str| {
            String::from_utf8(bundle[&format!("fragment/{name}.pf_fragment")].clone()).unwrap()
        };
        assert_eq!(fragment(&ours, &a.0), fragment(&theirs, &b.0));
    }
    assert!(ours_meta.chunks.len() > 3, "the site spans several chunks");
    assert_eq!(ours_meta.chunks.len(), theirs_meta.chunks.len(), "chunks");
    for (a, b) in ours_meta.chunks.iter().zip(&theirs_meta.chunks) {
        assert_eq!((&a.0, &a.1), (&b.0, &b.1), "chunk bounds");
        let chunk = |bundle: &Bundle, name: &str| bundle[&format!("index/{name}.pf_index")].clone();
        assert!(
            chunk(&ours, &a.2) == chunk(&theirs, &b.2),
            "the chunk of words {}..{} differs",
            a.0,
            a.1
        );
    }
    assert_eq!(
        ours_meta.filters.len(),
        theirs_meta.filters.len(),
        "filters"
    );
    for (a, b) in ours_meta.filters.iter().zip(&theirs_meta.filters) {
        assert_eq!(a.0, b.0);
        let filter =
            |bundle: &Bundle, name: &str| bundle[&format!("filter/{name}.pf_filter")].clone();
        assert_eq!(filter(&ours, &a.1), filter(&theirs, &b.1), "filter {}", a.0);
    }
    let entry = |bundle: &Bundle| -> serde_json::Value {
        serde_json::from_slice(&bundle["pagefind-entry.json"]).unwrap()
    };
    let (a, b) = (entry(&ours), entry(&theirs));
    assert_eq!(a["version"], b["version"]);
    assert_eq!(
        a["languages"]["en"]["page_count"],
        b["languages"]["en"]["page_count"]
    );
    assert_eq!(a["languages"]["en"]["wasm"], b["languages"]["en"]["wasm"]);
    assert_eq!(a["include_characters"], b["include_characters"]);
    // The client's own files are Pagefind's.
    for name in [
        "pagefind.js",
        "pagefind-worker.js",
        "wasm.en.pagefind",
        "pagefind-ui.js",
    ] {
        assert_eq!(ours[name], theirs[name], "{name}");
    }
}

/// The same pages given to Pagefind as custom records: the text as its HTML parser would
/// hand it over, with markers for the weights of titles and headings.
fn pagefind_index(site: &Site) -> Bundle {
    let mut filters = record::filters_by_page(site);
    let records: Vec<_> = record::indexed_pages(site)
        .into_iter()
        .map(|i| {
            let mut r = record::of_page(site, i, None, std::mem::take(&mut filters[i]));
            r.load().expect("the spilled text reads back");
            r
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language("en".into())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        for r in &records {
            let digest: Vec<String> = r
                .runs()
                .map(|(weight, text)| match weight {
                    1 => text.to_string(),
                    w => format!("___PAGEFIND_AUTO_WEIGHT___{w} {text} ___END_PAGEFIND_WEIGHT___"),
                })
                .collect();
            index
                .add_custom_record(
                    r.url.clone(),
                    digest.join(" "),
                    "en".into(),
                    Some(r.meta().map(|(k, v)| (k.into(), v.into())).collect()),
                    Some(
                        r.filters
                            .iter()
                            .map(|(k, v)| {
                                (k.to_string(), v.iter().map(|t| t.to_string()).collect())
                            })
                            .collect(),
                    ),
                    None,
                )
                .await
                .unwrap();
        }
        index.get_files().await.unwrap()
    });
    files
        .into_iter()
        .map(|f| {
            let path = f.filename.to_string_lossy().replace('\\', "/");
            let bytes = inflate(&path, &f.contents);
            (path, bytes)
        })
        .collect()
}

fn inflate(path: &str, bytes: &[u8]) -> Vec<u8> {
    if !path.contains(".pf_") {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out.strip_prefix(b"pagefind_dcd")
        .expect("the signature")
        .to_vec()
}

struct Meta {
    version: String,
    /// (fragment name, word count)
    pages: Vec<(String, u32)>,
    /// (from, to, file name)
    chunks: Vec<(String, String, String)>,
    /// (filter, file name)
    filters: Vec<(String, String)>,
    meta_fields: Vec<String>,
}

fn meta(bundle: &Bundle) -> Meta {
    let (_, bytes) = bundle
        .iter()
        .find(|(p, _)| p.ends_with(".pf_meta"))
        .expect("a metadata file");
    let mut d = minicbor::Decoder::new(bytes);
    let list = |d: &mut minicbor::Decoder<'_>| d.array().unwrap().unwrap();
    assert_eq!(list(&mut d), 6);
    let version = d.str().unwrap().to_string();
    let pages = (0..list(&mut d))
        .map(|_| {
            list(&mut d);
            let name = d.str().unwrap().to_string();
            let words = d.u32().unwrap();
            assert_eq!(d.str().unwrap(), "");
            (name, words)
        })
        .collect();
    let chunks = (0..list(&mut d))
        .map(|_| {
            list(&mut d);
            let mut s = || d.str().unwrap().to_string();
            (s(), s(), s())
        })
        .collect();
    let filters = (0..list(&mut d))
        .map(|_| {
            list(&mut d);
            let mut s = || d.str().unwrap().to_string();
            (s(), s())
        })
        .collect();
    assert_eq!(list(&mut d), 0, "no sort orders");
    let meta_fields = (0..list(&mut d))
        .map(|_| d.str().unwrap().to_string())
        .collect();
    Meta {
        version,
        pages,
        chunks,
        filters,
        meta_fields,
    }
}

/// A site whose text exercises the word rules, and is long enough for many chunks.
fn parity_site() -> Site {
    site_of(60)
}

/// The parity site with `pages` pages of varied text.
fn site_of(pages: usize) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // One fragment to a file, as Pagefind writes them by default.
    write(
        "weave.yaml",
        "title: Parity\nlanguage: en\nsearch_pack: 1\n",
    );
    write(
        "content/articles/words.md",
        "---\ntitle: Café-crème at Zürich's naïve ThreeAntelopes\ndescription: Rôle of the \
         über-Test\ntopics: [motives, challenges]\ntags: [Déjà vu]\n---\n\n\
         Three-antelopes and three_antelopes met ThreeAntelopes near sysconfig.is_python_build \
         and page.Find, WKWebVIEWComponent, cloud/cannon,page.find and l'alphabet.\n\n\
         ## Crème brûlée, 2023 edition\n\nThe cloud🌦️cannon fired 👋👨‍👩‍👧‍👦🌾 at 3.14 and \
         v1.2.3; バックアップ and テスト went to the café twice: café, CAFÉ, cafe.\n\n\
         ### Zero\u{200B}width and\u{200B} spaces\n\nA word\u{200B}split and \u{200B} alone.\n",
    );
    write(
        "content/articles/empty-ish.md",
        "---\ntitle: Only a title\n---\n",
    );
    write(
        "content/topics/motives.md",
        "---\ntitle: Motives\ndescription: Why they do it.\n---\n\nMotives are reasons.\n",
    );
    // Enough varied text for several chunks: pseudo-random words from a fixed vocabulary.
    let vocabulary: Vec<String> = (0..900)
        .map(|i| {
            let syllables = [
                "ka", "lo", "mi", "rä", "ten", "sil", "vor", "an", "é", "dus",
            ];
            (0..1 + i % 3)
                .map(|j| syllables[(i * 7 + j * 3) % syllables.len()])
                .collect::<String>()
                + &i.to_string()
        })
        .collect();
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for page in 0..pages {
        let words: Vec<&str> = (0..400)
            .map(|_| vocabulary[next() % vocabulary.len()].as_str())
            .collect();
        let topic = ["motives", "implications", "challenges"][page % 3];
        write(
            &format!("content/articles/page-{page}.md"),
            &format!(
                "---\ntitle: Page {page} of {}\ntopics: [{topic}]\n---\n\n{}\n\n## {}\n\n{}\n",
                words[0],
                words[..200].join(" "),
                words[200],
                words[201..].join(" "),
            ),
        );
    }
    let mut session = Session::new(Options {
        root: dir.path().to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        write: false,
    });
    session.inline_search = false;
    let outcome = session.build(Changes::everything());
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    Site::clone(&session.site().expect("a site"))
}
