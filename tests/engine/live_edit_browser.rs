//! Live editing under `weave serve`, in a real browser: an edit patches the open page in place,
//! keeping the reader's place and what scripts set; a script change reloads instead; ten
//! patches leave the page as a fresh load shows it; the tab the writer focused last follows a
//! save to its page (unless `--no-follow`).

use std::sync::Arc;

use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::{Browser, Tab};

use crate::harness::TestSite;
use crate::serve_harness::{Server, without_client};
use crate::servers::{browser, eval, open, wait_until};
use crate::theme::{axe_script, axe_violations};

/// A page long enough to scroll, with a folded callout, a code block, and paragraph 25 saying
/// `news`; `extra` goes after paragraph 30.
fn long_article(news: &str, extra: &str) -> String {
    let mut text = "---\ntitle: Long article\ndate: 2024-01-01\n---\n".to_string();
    for i in 0..40 {
        if i == 10 {
            text += "> [!note]- A folded note\n> Hidden until opened.\n\n";
            text += "```rust\nfn main() {}\n```\n\n";
        }
        if i == 25 {
            text += &format!("Paragraph 25 says {news}.\n\n");
        } else {
            text += &format!(
                "Paragraph {i} of the long article, which links to [the first](first.md) and \
                 goes on long enough to wrap.\n\n"
            );
        }
        if i == 30 {
            text += extra;
        }
    }
    text
}

fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("content/articles/long.md", long_article("hello", ""));
    site
}

fn truthy(tab: &Tab, js: &str) -> bool {
    eval(tab, js).as_bool().unwrap_or(false)
}

/// A served copy of the site with the long article open in a tab that holds a mark a reload
/// would forget (`window.marker`).
fn long_article_open() -> Option<(Browser, TestSite, Server, Arc<Tab>)> {
    let browser = browser()?;
    let site = site();
    let server = Server::start(&site, &[]);
    let tab = browser.new_tab().unwrap();
    open_live(&tab, &server, "/articles/long/");
    eval(&tab, "window.marker = 7");
    Some((browser, site, server, tab))
}

/// Opens `path` and waits until live editing is ready (the page's copy of its HTML loaded and
/// the event channel open).
fn open_live(tab: &Tab, server: &Server, path: &str) {
    open(tab, &format!("{}{path}", server.base));
    std::thread::sleep(std::time::Duration::from_millis(600));
}

#[test]
fn an_edit_patches_the_open_page_and_keeps_the_readers_place() {
    let Some((_browser, site, _server, tab)) = long_article_open() else {
        return;
    };
    eval(
        &tab,
        "window.patched = 0; \
         document.addEventListener('weave:patched', () => window.patched++); \
         window.scrollTo(0, 900); true",
    );

    // 1. Focus, typed search text and its results.
    eval(
        &tab,
        "(() => { const i = document.querySelector('form.search input[type=search]'); \
          i.focus(); i.value = 'article'; i.dispatchEvent(new Event('input')); return true; })()",
    );
    wait_until(
        &tab,
        "document.querySelectorAll('form.search .search-results li').length > 0",
        "search results",
    );
    let results = eval(
        &tab,
        "document.querySelector('form.search .search-results').innerHTML",
    );
    let scroll = eval(&tab, "window.scrollY");
    site.write("content/articles/long.md", long_article("goodbye", ""));
    wait_until(
        &tab,
        "document.querySelector('main').innerText.includes('Paragraph 25 says goodbye.')",
        "the edit",
    );
    assert!(truthy(&tab, "window.marker === 7"), "the page was reloaded");
    assert!(truthy(&tab, "window.patched === 1"));
    assert_eq!(
        eval(&tab, "window.scrollY"),
        scroll,
        "the scroll position moved"
    );
    assert!(truthy(
        &tab,
        "document.activeElement.matches('form.search input[type=search]') && document.activeElement.value === 'article'"
    ));
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('form.search .search-results').innerHTML"
        ),
        results
    );
    // The changed paragraph, and nothing else, is highlighted for a moment.
    assert_eq!(
        eval(
            &tab,
            "document.getAnimations().map(a => a.effect.target.textContent.trim()).join('|')"
        ),
        "Paragraph 25 says goodbye."
    );

    // 2. A selection, an opened callout, an open preview card and the copy button.
    eval(
        &tab,
        "(() => { const i = document.activeElement; i.value = ''; i.dispatchEvent(new Event('input')); i.blur(); \
          document.querySelector('details.callout').open = true; \
          const p = [...document.querySelectorAll('main p')].find(p => p.textContent.startsWith('Paragraph 3 ')); \
          const r = document.createRange(); r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 11); \
          getSelection().removeAllRanges(); getSelection().addRange(r); return true; })()",
    );
    tab.find_element("main .content p a[href='/articles/first/']")
        .unwrap()
        .move_mouse_over()
        .unwrap();
    wait_until(
        &tab,
        "!!document.getElementById('weave-preview') && !document.getElementById('weave-preview').hidden",
        "the preview card",
    );
    site.write(
        "content/articles/long.md",
        long_article("goodbye", "```sh\necho new block\n```\n\n"),
    );
    wait_until(
        &tab,
        "document.querySelector('main').innerText.includes('echo new block')",
        "the new code block",
    );
    assert!(truthy(&tab, "window.marker === 7"), "the page was reloaded");
    assert_eq!(eval(&tab, "getSelection().toString()"), "Paragraph 3");
    assert!(truthy(
        &tab,
        "document.querySelector('details.callout').open"
    ));
    assert!(truthy(
        &tab,
        "!document.getElementById('weave-preview').hidden"
    ));
    assert!(
        truthy(
            &tab,
            "[...document.querySelectorAll('.copy-code')].length === 2 && [...document.querySelectorAll('.copy-code')].every(b => !b.hidden)"
        ),
        "the new code block's copy button is set up"
    );
    if let Some(axe) = axe_script() {
        let found = axe_violations(&tab, &axe);
        assert!(found.is_empty(), "after a patch: {found:?}");
    }
    // The theme toggle still works, and the scheme it picked outlives the next patch.
    eval(&tab, "document.querySelector('.theme-toggle').click()");
    let scheme = eval(&tab, "document.documentElement.dataset.theme");
    assert!(scheme == "dark" || scheme == "light", "{scheme}");

    // 3. With reduced motion the mark is a still outline, not a fading tint.
    wait_until(
        &tab,
        "document.getAnimations().length === 0",
        "the highlights end",
    );
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-reduced-motion".into(),
            value: "reduce".into(),
        }]),
    })
    .unwrap();
    site.write(
        "content/articles/long.md",
        long_article("hello again", "```sh\necho new block\n```\n\n"),
    );
    wait_until(
        &tab,
        "document.querySelector('main').innerText.includes('Paragraph 25 says hello again.')",
        "the third edit",
    );
    assert_eq!(
        eval(
            &tab,
            "document.getAnimations().flatMap(a => a.effect.getKeyframes()).map(k => Object.keys(k).filter(p => !['offset', 'easing', 'composite', 'computedOffset'].includes(p)).sort().join()).join('|')"
        ),
        "outline,outlineOffset|outline,outlineOffset"
    );
    assert!(truthy(&tab, "window.marker === 7"));
    assert_eq!(eval(&tab, "document.documentElement.dataset.theme"), scheme);
}

#[test]
fn a_script_change_reloads_the_page() {
    let Some((_browser, site, _server, tab)) = long_article_open() else {
        return;
    };
    // Turning search off takes its script away: the page cannot be patched.
    site.write("weave.yaml", "title: Basic\nsearch: false\n");
    wait_until(
        &tab,
        "!document.querySelector('form.search') && window.marker === undefined",
        "a reloaded page without the search script",
    );
}

/// The page as the DOM holds it, without the live-reload script's tag (whose build number
/// differs).
fn dom(tab: &Tab) -> String {
    without_client(
        eval(tab, "document.documentElement.outerHTML")
            .as_str()
            .unwrap(),
    )
}

#[test]
fn ten_patches_leave_the_page_a_fresh_load_shows() {
    let Some((browser, site, server, tab)) = long_article_open() else {
        return;
    };
    let edits = [
        long_article("one", ""),
        long_article("two", "A new paragraph.\n\n"),
        long_article("three", "A new paragraph, changed.\n\n## A new heading\n\n"),
        long_article("four", "- a list\n- of two\n\n"),
        long_article("five", "- a list\n- of three\n- items\n\n"),
        long_article("six", "1. numbered\n\n```text\ncode\n```\n\n"),
        long_article("seven", "> [!warning] Careful\n> A callout.\n\n"),
        long_article("**eight**", "| a | b |\n|---|---|\n| 1 | 2 |\n\n"),
        long_article("[nine](second.md)", "| a | b |\n|---|---|\n| 3 | 4 |\n\n"),
        long_article("ten", ""),
    ];
    for (i, text) in edits.iter().enumerate() {
        let word = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        ][i];
        site.write(
            "content/articles/long.md",
            text.replace("Long article", &format!("Long article {word}")),
        );
        wait_until(
            &tab,
            &format!(
                "document.title.startsWith('Long article {word}') && document.querySelector('main').innerText.includes('Paragraph 25 says {word}')"
            ),
            &format!("edit {word}"),
        );
    }
    assert!(
        truthy(&tab, "window.marker === 7"),
        "a patch reloaded the page: {}",
        eval(&tab, "sessionStorage.getItem('weave-reloaded')")
    );
    // Let the highlights end, then compare with a fresh load.
    wait_until(
        &tab,
        "document.getAnimations().length === 0",
        "the highlights end",
    );
    let patched = dom(&tab);
    let fresh = browser.new_tab().unwrap();
    open_live(&fresh, &server, "/articles/long/");
    assert_eq!(patched, dom(&fresh));
}

#[test]
fn the_tab_focused_last_follows_a_save_to_its_page() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let first = browser.new_tab().unwrap();
    open_live(&first, &server, "/articles/first/");
    let second = browser.new_tab().unwrap();
    open_live(&second, &server, "/about/");
    first.activate().unwrap();
    wait_until(&first, "document.hasFocus()", "the first tab focused");

    // A save to the long article: the focused tab goes there, with the passage in view.
    site.write(
        "content/articles/long.md",
        long_article("where the eye goes", ""),
    );
    wait_until(
        &first,
        "location.pathname === '/articles/long/' && (() => { \
           const p = [...document.querySelectorAll('main p')].find(p => p.textContent.includes('where the eye goes')); \
           const box = p.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; })()",
        "the saved page at its changed passage",
    );
    assert_eq!(
        eval(&second, "location.pathname"),
        "/about/",
        "only one tab follows"
    );

    // The other tab, once focused, is the one that follows.
    second.activate().unwrap();
    wait_until(&second, "document.hasFocus()", "the second tab focused");
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second article\ndate: 2024-03-05\n---\nSecond, edited.\n\n## Details\n\nMore.\n",
    );
    wait_until(
        &second,
        "location.pathname === '/articles/second/' && document.querySelector('main').innerText.includes('Second, edited.')",
        "the second tab at the saved page",
    );
    assert_eq!(eval(&first, "location.pathname"), "/articles/long/");

    // A new page has no passage that changed: the tab goes there and marks nothing.
    site.write(
        "content/articles/fresh.md",
        "---\ntitle: Fresh article\ndate: 2024-05-01\n---\nBrand new.\n",
    );
    wait_until(
        &second,
        "location.pathname === '/articles/fresh/' && document.readyState === 'complete'",
        "the second tab at the new page",
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(eval(&second, "document.getAnimations().length"), 0);
}

#[test]
fn no_follow_keeps_the_tab_where_it_is() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(&site, &["--no-follow"]);
    let tab = browser.new_tab().unwrap();
    open_live(&tab, &server, "/articles/first/");
    site.write("content/articles/long.md", long_article("unseen", ""));
    server.wait_for("/articles/long/", "the edit", |_, body| {
        body.contains("unseen")
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(eval(&tab, "location.pathname"), "/articles/first/");
}
