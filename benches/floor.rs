//! The floor: what any generator must at least do for the benchmark corpus. Read every
//! article, render its markdown with pulldown-cmark, write one HTML file per article, in
//! parallel; no front matter, templates, listings or links. `benches/compare.py` runs it beside
//! weave and Hugo.
//!
//! cargo bench --bench floor -- <site folder> <output folder>

use std::path::Path;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [site, out] = &args[..] else {
        eprintln!("usage: floor <site folder> <output folder>");
        std::process::exit(2);
    };
    let articles = Path::new(site).join("content/articles");
    let files: Vec<_> = std::fs::read_dir(&articles)
        .expect("content/articles")
        .map(|e| e.unwrap().path())
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap();
        // Skip the front matter: everything up to the second `---` line.
        let body = text
            .split_once("\n---\n")
            .map_or(text.as_str(), |(_, body)| body);
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, weave::markdown::parser_options()),
        );
        let dir = Path::new(out).join(path.file_stem().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), html).unwrap();
    });
    println!("{} pages", files.len());
}
