//! `weave serve` in a real browser: an open page updates by itself after an edit, a stylesheet
//! change swaps in without a reload, and a bad edit shows an overlay until it is fixed.

use std::time::{Duration, Instant};

use crate::harness::TestSite;
use crate::serve_harness::Server;
use crate::servers::{browser, open, wait_until};

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

/// The search page of a served site answers with what is saved now: a new word is found
/// without reloading the page, and a page deleted or marked as a draft is no longer listed.
#[test]
fn the_search_page_follows_edits_deletions_and_drafts() {
    let Some(browser) = browser() else { return };
    let site = TestSite::fixture("basic");
    // The tab stays on the search page: it does not follow the saves to their pages.
    let server = Server::start(&site, &["--no-follow"]);
    let tab = browser.new_tab().unwrap();
    let listed = "[...document.querySelectorAll('.search-page-results li a')].map(a => a.getAttribute('href')).join(' ')";
    let lists = |page: &str| format!("{listed}.includes('{page}')");
    // The index is made after the pages: wait until it answers.
    let start = Instant::now();
    loop {
        open(&tab, &format!("{}/search/?q=quokka", server.base));
        std::thread::sleep(Duration::from_millis(300));
        let count = tab
            .evaluate("document.querySelector('.search-count').textContent", false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        if count.contains("No pages match") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no index: {count:?}"
        );
    }

    // 1. A new word: the open search page lists the page by itself.
    site.write(
        "content/articles/third.md",
        "---\ntitle: Third article\ndate: 2025-06-01\nslug: the-third\n---\nA quokka came by.\n",
    );
    wait_until(
        &tab,
        &lists("/articles/the-third/"),
        "the edited page in the results",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nAnother quokka.\n",
    );
    wait_until(&tab, &lists("/about/"), "a second page in the results");

    // 2. A deleted page leaves the results; a page marked as a draft too.
    site.remove("content/articles/third.md");
    wait_until(
        &tab,
        &format!("!{}", lists("/articles/the-third/")),
        "the deleted page gone",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndraft: true\n---\nAnother quokka.\n",
    );
    wait_until(&tab, &format!("!{}", lists("/about/")), "the draft gone");
    wait_until(
        &tab,
        "document.querySelector('.search-count').textContent.includes('No pages match')",
        "no results left",
    );
}
