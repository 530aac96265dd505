//! `weave serve` in a real browser: an open page updates by itself after an edit, a stylesheet
//! change swaps in without a reload, and a bad edit shows an overlay until it is fixed.

use std::time::{Duration, Instant};

use crate::harness::TestSite;
use crate::serve_harness::Server;
use crate::servers::{browser, open};

/// Evaluates `js` in the tab until it returns true, for at most ten seconds.
#[track_caller]
fn wait_until(tab: &headless_chrome::Tab, js: &str, what: &str) {
    let start = Instant::now();
    loop {
        let ok = tab
            .evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if ok {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the page never showed {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_open_page_follows_edits_and_shows_mistakes() {
    let Some(browser) = browser() else { return };
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "title: Basic\nsearch: false\n")
        .write("static/style.css", "body { background: rgb(9, 9, 9) }\n");
    let server = Server::start(&site, &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &format!("{}/articles/first/", server.base));
    // Wait for the live-reload channel to be open before editing.
    std::thread::sleep(Duration::from_millis(500));

    // 1. A stylesheet change swaps the CSS; the page is not reloaded (the marker survives).
    tab.evaluate("window.weaveMarker = 42", false).unwrap();
    site.write("static/style.css", "body { background: rgb(1, 2, 3) }\n");
    wait_until(
        &tab,
        "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'",
        "the new stylesheet",
    );
    wait_until(
        &tab,
        "window.weaveMarker === 42",
        "the same page, not a reload",
    );

    // 2. A content edit reloads the page by itself.
    site.write(
        "content/articles/first.md",
        "---\ntitle: First article\n---\nLive text arrives.\n",
    );
    wait_until(
        &tab,
        "document.body.innerText.includes('Live text arrives.')",
        "the edit",
    );

    // 3. A bad edit shows the overlay with the terminal's message; the fix clears it.
    site.write(
        "content/articles/first.md",
        "---\ntitle: First article\ndraft: maybe\n---\nBroken.\n",
    );
    wait_until(
        &tab,
        "!!document.getElementById('weave-error-overlay') && document.getElementById('weave-error-overlay').innerText.includes('content/articles/first.md:3')",
        "the error overlay",
    );
    assert!(
        tab.evaluate(
            "document.body.innerText.includes('Live text arrives.')",
            false
        )
        .unwrap()
        .value
        .unwrap()
        .as_bool()
        .unwrap()
    );
    site.write(
        "content/articles/first.md",
        "---\ntitle: First article\n---\nAll fixed now.\n",
    );
    wait_until(
        &tab,
        "!document.getElementById('weave-error-overlay') && document.body.innerText.includes('All fixed now.')",
        "the fix",
    );
}
