//! Search as a reader meets it, timed in headless Chromium (Debian's, /usr/bin/chromium).
//! `benches/compare.py` runs it; timing lives here, never in tests.
//!
//!   search_browser query <host folder> <site path> <query>…
//!     serves <host folder> with python3's static server, then for each query opens
//!     `<site path>search/` in a fresh tab with the cache off and prints: the bytes it fetched
//!     under `pagefind/` (index files, and the search runtime: scripts, WebAssembly), and the
//!     milliseconds from typing the query to the first result shown, cold (the first query of
//!     the page loads the runtime) and warm (a second query).
//!
//!   search_browser serve <weave binary> <site folder> <article>
//!     runs `weave serve` on the site, opens its search page for a word no page has, appends
//!     the word to <article> (a path under content/), and prints the milliseconds until the
//!     search page lists the article; then deletes it and prints the milliseconds until the
//!     article is gone from the results (restoring it afterwards).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use headless_chrome::Tab;

#[path = "common/browser.rs"]
mod browser;
use browser::{Killed, browser, free_port, wait_for_first_build, wait_for_port};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("query") if args.len() >= 4 => query(Path::new(&args[1]), &args[2], &args[3..]),
        Some("serve") if args.len() == 4 => serve(&args[1], Path::new(&args[2]), &args[3]),
        _ => {
            eprintln!("usage: see the top of benches/search_browser.rs");
            std::process::exit(2);
        }
    }
}

fn query(host: &Path, site: &str, queries: &[String]) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let port = free_port();
    let _server = Killed(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
            ])
            .arg("--directory")
            .arg(host)
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port);
    let requests = || -> Vec<String> {
        std::fs::read_to_string(log.path())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                l.split('"')
                    .nth(1)?
                    .split_whitespace()
                    .nth(1)
                    .map(String::from)
            })
            .collect()
    };
    let browser = browser();
    for q in queries {
        let before = requests().len();
        // A context of its own: nothing cached, not even the shared worker of the last query.
        let context = browser.new_context().unwrap();
        let tab = context.new_tab().unwrap();
        tab.call_method(headless_chrome::protocol::cdp::Network::SetCacheDisabled {
            cache_disabled: true,
        })
        .unwrap();
        let url = format!("http://127.0.0.1:{port}{site}search/");
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let cold = type_and_wait(&tab, q);
        let warm = type_and_wait(&tab, &format!("{q} "));
        std::thread::sleep(Duration::from_millis(300));
        let (mut index, mut runtime) = (0u64, 0u64);
        for path in &requests()[before..] {
            let Some(rel) = path.split('?').next().and_then(|p| p.strip_prefix(site)) else {
                continue;
            };
            if !rel.starts_with("pagefind/") {
                continue;
            }
            let size = std::fs::metadata(host.join(site.trim_matches('/')).join(rel))
                .map_or(0, |m| m.len());
            if rel.contains(".pf_") {
                index += size
            } else {
                runtime += size
            }
        }
        println!(
            "query {q:?}: {} KB fetched ({} KB index, {} KB runtime); first result after {cold:.0} ms cold, {warm:.0} ms warm",
            (index + runtime) / 1024,
            index / 1024,
            runtime / 1024
        );
    }
}

/// Types `q` into the search page's box and returns the milliseconds until the page answers
/// (its first result, or that nothing matches).
fn type_and_wait(tab: &Tab, q: &str) -> f64 {
    let js = format!(
        "(async () => {{
            const input = document.querySelector('#search-page-input');
            const list = document.querySelector('.search-page-results');
            const count = document.querySelector('.search-count');
            list.replaceChildren();
            count.textContent = '';
            const t0 = performance.now();
            input.value = {q:?};
            input.dispatchEvent(new Event('input'));
            while (!list.querySelector('li a') && !count.textContent) {{
                await new Promise((r) => setTimeout(r, 2));
            }}
            return performance.now() - t0;
        }})()"
    );
    tab.evaluate(&js, true)
        .unwrap()
        .value
        .unwrap()
        .as_f64()
        .unwrap()
}

fn serve(weave: &str, site: &Path, article: &str) {
    let port = free_port();
    let _server = Killed(
        Command::new(weave)
            // The tab stays on the search page instead of following the save to its page.
            .args([
                "serve",
                "--no-follow",
                "--port",
                &port.to_string(),
                "--root",
            ])
            .arg(site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_first_build(port);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let word = format!("Quokkaword{}", std::process::id());
    let url = format!("http://127.0.0.1:{port}/search/?q={word}");
    // The index is built after the pages: wait until it answers (with nothing yet).
    loop {
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        std::thread::sleep(Duration::from_millis(500));
        if text_of(&tab, ".search-count").contains("No pages match") {
            break;
        }
    }
    let path = site.join("content").join(article);
    let original = std::fs::read_to_string(&path).unwrap();
    let slug = article.trim_end_matches(".md");
    let listed = |tab: &Tab| {
        let js = "[...document.querySelectorAll('.search-page-results li a')].map(a => a.getAttribute('href')).join(' ')";
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    };
    let start = Instant::now();
    std::fs::write(&path, format!("{original}\n{word}\n")).unwrap();
    while !listed(&tab).contains(slug) {
        assert!(start.elapsed() < Duration::from_secs(60), "never found");
        std::thread::sleep(Duration::from_millis(5));
    }
    let found = start.elapsed();
    let start = Instant::now();
    std::fs::remove_file(&path).unwrap();
    while listed(&tab).contains(slug) {
        assert!(start.elapsed() < Duration::from_secs(60), "never gone");
        std::thread::sleep(Duration::from_millis(5));
    }
    let gone = start.elapsed();
    std::fs::write(&path, original).unwrap();
    println!(
        "serve: a new word findable through the search page {} ms after the save; the deleted page gone from results {} ms after the delete",
        found.as_millis(),
        gone.as_millis()
    );
}

fn text_of(tab: &Tab, selector: &str) -> String {
    let js = format!("document.querySelector({selector:?})?.textContent ?? ''");
    tab.evaluate(&js, false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
