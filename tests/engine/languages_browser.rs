//! The multilingual fixture in a browser: the language switcher by keyboard, an Arabic page
//! mirrored right to left (screenshot in `target/screenshots/`), French and Chinese queries
//! finding their language's pages, and axe-core finding nothing serious in any language.

use std::path::Path;
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

use crate::harness::TestSite;
use crate::servers::{StaticServer, browser, open};
use crate::theme::{axe_script, axe_violations};

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false).unwrap().value.unwrap_or_default()
}

fn served() -> (TestSite, StaticServer) {
    let site = TestSite::fixture("languages");
    site.build().ok();
    let server = StaticServer::start(&site.path().join("public"));
    (site, server)
}

/// Types `query` into the header's search box and returns the first result's address.
fn first_result(tab: &Tab, query: &str) -> String {
    eval(
        tab,
        &format!(
            "(() => {{ const i = document.getElementById('search-input'); i.focus(); i.value = {}; i.dispatchEvent(new Event('input')); }})()",
            serde_json::Value::String(query.into())
        ),
    );
    let start = Instant::now();
    loop {
        let href = eval(
            tab,
            "document.querySelector('.search-results li a')?.getAttribute('href') ?? ''",
        );
        if let Some(h) = href.as_str().filter(|h| !h.is_empty()) {
            return h.to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no result for {query}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_switcher_is_reached_by_keyboard_and_leads_to_the_translation() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/articles/open-models/"));
    let mut reached = false;
    for _ in 0..20 {
        tab.press_key("Tab").unwrap();
        let lang = eval(
            &tab,
            "document.activeElement.closest('nav.languages') ? document.activeElement.getAttribute('hreflang') : ''",
        );
        if lang.as_str() == Some("fr") {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the French version's link");
    tab.press_key("Enter").unwrap();
    let start = Instant::now();
    while !tab.get_url().ends_with("/fr/articles/open-models/") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}",
            tab.get_url()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tab.wait_for_element("h1").unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('h1').textContent").as_str(),
        Some("Les modèles ouverts")
    );
}

#[test]
fn an_arabic_page_reads_right_to_left() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/ar/articles/open-models/"));
    assert_eq!(
        eval(&tab, "getComputedStyle(document.body).direction").as_str(),
        Some("rtl")
    );
    // The quote's rule is on its right, where a right-to-left line starts.
    let sides = eval(
        &tab,
        "(() => { const s = getComputedStyle(document.querySelector('.content blockquote')); return s.borderRightWidth + ' ' + s.borderLeftWidth; })()",
    );
    assert_eq!(sides.as_str(), Some("3px 0px"));
    // The site's title is at the right of the header, the search box at its left.
    let mirrored = eval(
        &tab,
        "document.querySelector('.site-title').getBoundingClientRect().left > document.querySelector('form.search').getBoundingClientRect().left",
    );
    assert_eq!(mirrored, serde_json::Value::Bool(true));
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(shots.join("languages-arabic.png"), png).unwrap();
}

#[test]
fn each_language_searches_its_own_pages() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/fr/"));
    // French stemming: "modèle" finds "modèles".
    assert_eq!(first_result(&tab, "modèle"), "/fr/articles/open-models/");
    open(&tab, &server.url("/zh/"));
    // A two-character word inside an unspaced sentence.
    assert_eq!(first_result(&tab, "实验室"), "/zh/articles/open-models/");
    assert_eq!(first_result(&tab, "开发"), "/zh/articles/open-models/");
    open(&tab, &server.url("/"));
    assert_eq!(first_result(&tab, "misused"), "/articles/risks/");
}

#[test]
fn every_language_has_no_serious_accessibility_violations() {
    let Some(axe) = axe_script() else { return };
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for path in [
        "/articles/open-models/",
        "/fr/articles/open-models/",
        "/fr/topics/motives/",
        "/zh/articles/open-models/",
        "/ar/articles/open-models/",
        "/ar/",
    ] {
        open(&tab, &server.url(path));
        for v in axe_violations(&tab, &axe) {
            failures.push(format!("{path}: {v}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
