//! Formulas, diagrams and code in a browser: the copy button is reached with the keyboard and
//! copies the code without its line numbers; axe-core finds nothing serious in either scheme,
//! on a desktop and on a phone; screenshots of each go to `target/screenshots/`.

use std::path::Path;
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

use crate::harness::TestSite;
use crate::servers::{StaticServer, browser, open};
use crate::theme::{axe_script, axe_violations, set_scheme, set_width};

const PAGE: &str = r#"---
title: Formulas, diagrams and code
---
Scaled dot-product attention, $\mathrm{softmax}(QK^\top / \sqrt{d_k})V$, weighs every value.

$$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V \quad \text{where} \quad Q = XW_Q,\; K = XW_K,\; V = XW_V,\; \text{and } d_k \text{ is the key size of every head}$$

```mermaid
flowchart LR
    A[Weights released] --> B{Licence?}
    B -->|Open| C[Fine-tuned by others]
    B -->|Closed| D[API only]
```

```python title="train.py" {2} showLineNumbers
import torch
model = torch.nn.Linear(4, 2)
print(model)
```
"#;

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true).unwrap().value.unwrap_or_default()
}

fn served() -> (TestSite, StaticServer) {
    let site = TestSite::empty();
    site.write("content/page.md", PAGE);
    site.build().ok().never_says("warning:");
    let server = StaticServer::start(&site.path().join("public"));
    (site, server)
}

#[test]
fn the_copy_button_is_reached_by_keyboard_and_copies_the_code_alone() {
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/page/"));
    // The clipboard is stubbed: the test reads what the button wrote.
    eval(
        &tab,
        "navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); }; true",
    );
    let start = Instant::now();
    while eval(&tab, "document.querySelector('.copy-code').hidden")
        != serde_json::Value::Bool(false)
    {
        assert!(start.elapsed() < Duration::from_secs(3), "the button shows");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Tab until the copy button has the focus, then press Enter.
    let mut reached = false;
    for _ in 0..60 {
        tab.press_key("Tab").unwrap();
        if eval(
            &tab,
            "document.activeElement.classList.contains('copy-code')",
        ) == serde_json::Value::Bool(true)
        {
            reached = true;
            break;
        }
    }
    assert!(reached, "the copy button is in the tab order");
    tab.press_key("Enter").unwrap();
    let start = Instant::now();
    let mut copied = serde_json::Value::Null;
    while copied.is_null() && start.elapsed() < Duration::from_secs(3) {
        copied = eval(&tab, "window.copied ?? null");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        copied.as_str(),
        Some("import torch\nmodel = torch.nn.Linear(4, 2)\nprint(model)"),
        "the code, without line numbers"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('.copy-code').textContent").as_str(),
        Some("Copied")
    );
}

#[test]
fn formulas_diagrams_and_code_pass_axe_in_both_schemes_and_on_a_phone() {
    let Some(axe) = axe_script() else { return };
    let Some(browser) = browser() else { return };
    let (_site, server) = served();
    let tab = browser.new_tab().unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut failures = Vec::new();
    for (device, width) in [("desktop", 1100), ("phone", 380)] {
        // Below 600 pixels the page is laid out as on a phone.
        set_width(&tab, width);
        for scheme in ["light", "dark"] {
            set_scheme(&tab, scheme);
            open(&tab, &server.url("/page/"));
            for v in axe_violations(&tab, &axe) {
                failures.push(format!("{device} ({scheme}): {v}"));
            }
            // On a phone the wide formula scrolls in its own box; the page does not.
            let page_wider = eval(
                &tab,
                "document.documentElement.scrollWidth > document.documentElement.clientWidth",
            );
            assert_eq!(
                page_wider,
                serde_json::Value::Bool(false),
                "{device}: the page scrolls sideways"
            );
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .unwrap();
            std::fs::write(shots.join(format!("formulas-{device}-{scheme}.png")), png).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
