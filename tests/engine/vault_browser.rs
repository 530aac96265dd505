//! The vault fixture in a browser: a folded callout opens and closes with no script at all, a
//! wikilink shows its note's preview card, and axe-core finds nothing serious on its pages in
//! either scheme. Screenshots go to `target/screenshots/`.

use std::path::Path;
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

use crate::harness::TestSite;
use crate::servers::{StaticServer, browser, open};
use crate::theme::{axe_script, axe_violations, set_scheme};

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false).unwrap().value.unwrap_or_default()
}

fn served_vault() -> (TestSite, StaticServer) {
    let site = TestSite::fixture("vault");
    site.build().ok();
    let server = StaticServer::start(&site.path().join("public"));
    (site, server)
}

#[test]
fn a_folded_callout_opens_without_script() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served_vault();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/notes/attention/"));
    let summary = tab
        .find_element("details[data-callout=\"faq\"] > summary")
        .unwrap();
    summary.scroll_into_view().unwrap();
    let point = summary.get_midpoint().unwrap();
    let state = |tab: &Tab| {
        eval(
            tab,
            "document.querySelector('details[data-callout=\"faq\"]').open",
        )
        .as_bool()
        .unwrap()
    };
    assert!(!state(&tab), "`[!faq]-` starts folded");
    // Clicks with the page's scripts switched off: the fold is the browser's own.
    for expected in [true, false] {
        tab.call_method(Emulation::SetScriptExecutionDisabled { value: true })
            .unwrap();
        tab.click_point(point).unwrap();
        tab.call_method(Emulation::SetScriptExecutionDisabled { value: false })
            .unwrap();
        assert_eq!(state(&tab), expected, "a click toggles it, scripts off");
    }
    // `[!summary]+` starts open.
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('details[data-callout=\"summary\"]').open"
        ),
        serde_json::Value::Bool(true)
    );
}

#[test]
fn a_wikilink_shows_its_notes_preview_card() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served_vault();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/notes/scaling-laws/"));
    tab.find_element(".content a[href=\"/notes/attention/#scaled-dot-product\"]")
        .unwrap()
        .move_mouse_over()
        .unwrap();
    let start = Instant::now();
    let mut title = String::new();
    while start.elapsed() < Duration::from_secs(3) && title.is_empty() {
        title = eval(
            &tab,
            "(() => { const c = document.getElementById('weave-preview'); return c && !c.hidden ? c.querySelector('.preview-title').textContent : ''; })()",
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(title, "Attention");
}

#[test]
fn the_vaults_pages_have_no_serious_accessibility_violations() {
    let Some(axe) = axe_script() else { return };
    let Some(browser) = browser() else { return };
    let (_site, server) = served_vault();
    let tab = browser.new_tab().unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        set_scheme(&tab, scheme);
        for (name, path) in [
            ("vault-attention", "/notes/attention/"),
            ("vault-scaling-laws", "/notes/scaling-laws/"),
            ("vault-embeds", "/guide/embeds/"),
        ] {
            open(&tab, &server.url(path));
            // Open every folded callout, so its text is checked too.
            eval(
                &tab,
                "document.querySelectorAll('details').forEach(d => d.open = true)",
            );
            for v in axe_violations(&tab, &axe) {
                failures.push(format!("{name} ({scheme}): {v}"));
            }
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .unwrap();
            std::fs::write(shots.join(format!("{name}-{scheme}.png")), png).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
