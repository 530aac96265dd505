//! The default theme in a browser: no serious or critical axe-core violations in light or dark
//! mode on the home, an article, a topic and an entity page; keyboard users meet the skip link
//! first; screenshots at phone and desktop width go to `target/screenshots/` for a look.

use std::path::{Path, PathBuf};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

use crate::servers::{StaticServer, browser, open};

const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    (
        "article",
        "/articles/meta-ceo-advocates-for-open-source-ai/",
    ),
    ("topic", "/topics/motives/"),
    ("entity", "/entities/meta/"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The explainer, built into a temporary folder and served by a plain static server.
pub fn served_explainer() -> (tempfile::TempDir, StaticServer) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = std::process::Command::new(crate::harness::BIN)
        .args(["build", "--root"])
        .arg(root())
        .arg("--output")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let server = StaticServer::start(&out);
    (dir, server)
}

pub fn set_scheme(tab: &Tab, scheme: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .unwrap();
}

/// Lays the page out `width` pixels wide, as a phone below 600.
pub fn set_width(tab: &Tab, width: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height: 900,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// axe-core's script, or None (and a note) where it is not installed; CI must install it.
pub fn axe_script() -> Option<String> {
    let axe_path = root().join("tests/tools/node_modules/axe-core/axe.min.js");
    if !axe_path.is_file() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install axe-core (npm ci --prefix tests/tools)"
        );
        eprintln!("skipped: axe-core is not installed (npm ci --prefix tests/tools)");
        return None;
    }
    Some(std::fs::read_to_string(axe_path).unwrap())
}

/// The serious and critical axe-core violations of the page open in `tab`.
pub fn axe_violations(tab: &Tab, axe: &str) -> Vec<String> {
    tab.evaluate(axe, false).unwrap();
    let found = tab
        .evaluate(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations \
             .filter(v => v.impact === 'serious' || v.impact === 'critical') \
             .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))",
            true,
        )
        .unwrap()
        .value
        .unwrap();
    serde_json::from_str(found.as_str().unwrap()).unwrap()
}

#[test]
fn no_serious_accessibility_violations_in_light_or_dark() {
    let Some(axe) = axe_script() else { return };
    let Some(browser) = browser() else { return };
    let (_dir, server) = served_explainer();
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        set_scheme(&tab, scheme);
        for (name, path) in PAGES {
            open(&tab, &server.url(path));
            for v in axe_violations(&tab, &axe) {
                failures.push(format!("{name} ({scheme}): {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn keyboard_users_meet_the_skip_link_first_and_see_focus() {
    let Some(browser) = browser() else { return };
    let (_dir, server) = served_explainer();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/"));
    tab.press_key("Tab").unwrap();
    let focused = tab
        .evaluate("document.activeElement.className", false)
        .unwrap()
        .value
        .unwrap();
    assert_eq!(focused.as_str(), Some("skip-link"));
    let outline = tab
        .evaluate(
            "getComputedStyle(document.activeElement).outlineStyle",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    assert_eq!(
        outline.as_str(),
        Some("solid"),
        "the focused element shows an outline"
    );
    let landmarks = tab
        .evaluate(
            "['header', 'nav', 'main', 'footer'].every(t => document.querySelector(t))",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    assert_eq!(landmarks.as_bool(), Some(true));
}

#[test]
fn the_theme_toggle_remembers_the_choice() {
    let Some(browser) = browser() else { return };
    let (_dir, server) = served_explainer();
    let tab = browser.new_tab().unwrap();
    set_scheme(&tab, "light");
    open(&tab, &server.url("/"));
    let bg = |tab: &Tab| {
        tab.evaluate("getComputedStyle(document.body).backgroundColor", false)
            .unwrap()
            .value
            .unwrap()
    };
    let light = bg(&tab);
    tab.wait_for_element(".theme-toggle")
        .unwrap()
        .click()
        .unwrap();
    let dark = bg(&tab);
    assert_ne!(light, dark, "the toggle switches the colours");
    open(&tab, &server.url("/topics/motives/"));
    assert_eq!(bg(&tab), dark, "the choice is remembered on the next page");
}

#[test]
fn screenshots_at_phone_and_desktop_width() {
    let Some(browser) = browser() else { return };
    let (_dir, server) = served_explainer();
    let dir: PathBuf = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let tab = browser.new_tab().unwrap();
    for scheme in ["light", "dark"] {
        set_scheme(&tab, scheme);
        for width in [390, 1280] {
            set_width(&tab, width);
            for (name, path) in PAGES {
                open(&tab, &server.url(path));
                let png = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                assert!(png.starts_with(b"\x89PNG"));
                std::fs::write(dir.join(format!("{name}-{width}-{scheme}.png")), png).unwrap();
                // Nothing is wider than the screen: no sideways scrolling at phone width.
                let overflow = tab
                    .evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth", false)
                    .unwrap()
                    .value
                    .unwrap();
                assert!(
                    overflow.as_f64().unwrap() <= 1.0,
                    "{name} at {width}px scrolls sideways by {overflow}"
                );
            }
        }
    }
}
