//! Link previews in a browser: hovering an entity link, or focusing a claim mark with the
//! keyboard, shows a card with the target's title and first lines; Escape closes it; a touch
//! does not open one; axe-core stays clean with the card open in both schemes.

use std::time::{Duration, Instant};

use headless_chrome::Tab;

use crate::servers::{browser, open};
use crate::theme::{axe_script, axe_violations, served_explainer, set_scheme};

const ARTICLE: &str = "/articles/meta-ceo-advocates-for-open-source-ai/";

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true).unwrap().value.unwrap_or_default()
}

/// The card's title once it shows, or None after two seconds.
fn card_title(tab: &Tab) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        let title = eval(
            tab,
            "(() => { const c = document.getElementById('weave-preview'); return c && !c.hidden ? c.querySelector('.preview-title').textContent : ''; })()",
        );
        if let Some(t) = title.as_str().filter(|t| !t.is_empty()) {
            return Some(t.to_string());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn card_hidden(tab: &Tab) -> bool {
    eval(
        tab,
        "(() => { const c = document.getElementById('weave-preview'); return !c || c.hidden; })()",
    )
    .as_bool()
    .unwrap()
}

/// A mouse's `pointerover` on the link at `href`, as the browser sends it when the page moves
/// under a pointer that did not move.
fn hover_again(tab: &Tab, href: &str) {
    eval(
        tab,
        &format!(
            "document.querySelector('.content a[href=\"{href}\"]').dispatchEvent(new PointerEvent('pointerover', {{ pointerType: 'mouse', bubbles: true }}))"
        ),
    );
}

#[test]
fn previews_show_on_hover_and_focus_close_on_escape_and_stay_accessible() {
    let Some(browser) = browser() else { return };
    let (dir, server) = served_explainer();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url(ARTICLE));

    // Hover an entity link: the card shows the entity page's own title.
    let href = eval(
        &tab,
        "document.querySelector('.content a.entity-link, .content a[href*=\"/entities/\"]').getAttribute('href')",
    );
    let href = href
        .as_str()
        .expect("the article links an entity")
        .to_string();
    let built = std::fs::read_to_string(
        dir.path()
            .join("site")
            .join(href.trim_start_matches('/'))
            .join("index.html"),
    )
    .unwrap();
    let h1 = built
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap()
        .to_string();
    tab.find_element(&format!(".content a[href=\"{href}\"]"))
        .unwrap()
        .move_mouse_over()
        .unwrap();
    assert_eq!(
        card_title(&tab).as_deref(),
        Some(h1.as_str()),
        "the entity's card"
    );
    assert!(
        eval(
            &tab,
            &format!(
                "document.querySelector('.content a[href=\"{href}\"]').getAttribute('aria-describedby')"
            )
        ) == "weave-preview"
    );
    tab.press_key("Escape").unwrap();
    assert!(card_hidden(&tab), "Escape closes the card");
    // The pointer has not left the link: a move over it (the browser sends one when the page
    // moves under a still pointer) keeps the card closed (WCAG 1.4.13, dismissible).
    hover_again(&tab, &href);
    std::thread::sleep(Duration::from_millis(600));
    assert!(
        card_hidden(&tab),
        "a dismissed card stays closed while hovered"
    );

    // Focus a claim mark with the keyboard: the card shows the claim, not the top of its page.
    let claim = eval(
        &tab,
        "(() => { const m = document.querySelector('a.claim-mark'); m.focus(); return m.textContent; })()",
    );
    assert_eq!(
        card_title(&tab).as_deref(),
        claim.as_str(),
        "the claim's card"
    );

    // axe-core with the card open, in both schemes.
    if let Some(axe) = axe_script() {
        for scheme in ["light", "dark"] {
            set_scheme(&tab, scheme);
            let found = axe_violations(&tab, &axe);
            assert!(found.is_empty(), "{scheme}: {found:?}");
        }
    }
    tab.press_key("Escape").unwrap();
    assert!(card_hidden(&tab));

    // A touch is a tap that follows the link, never a card. The mouse leaves the links first,
    // so that only the touch could open one.
    tab.move_mouse_to_point(headless_chrome::browser::tab::point::Point { x: 1.0, y: 1.0 })
        .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert!(card_hidden(&tab), "no card once the mouse is away");
    eval(
        &tab,
        &format!(
            "document.querySelector('.content a[href=\"{href}\"]').dispatchEvent(new PointerEvent('pointerover', {{ pointerType: 'touch', bubbles: true }}))"
        ),
    );
    std::thread::sleep(Duration::from_millis(600));
    assert!(card_hidden(&tab), "no card on touch");
}
