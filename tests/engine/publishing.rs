//! Publishing: a sub-path site served by a plain static server, crawler files, feed, sitemap,
//! hashed assets and search.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use crate::harness::{TestSite, links_in};
use crate::servers::StaticServer;

const BASE: &str = "https://example.org/explainer/";

/// The `basic` fixture built for `https://example.org/explainer/` into `<site>/host/explainer`,
/// so that serving `<site>/host` puts it at `/explainer/`.
pub fn sub_path_site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", format!("title: Basic\ndescription: Site default.\nbase_url: {BASE}\n"))
        .write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .write("content/articles/second.md", "---\ntitle: Second article\ndate: 2024-03-05\nupdated: 2024-04-01\ntopics: [motives]\n---\n![logo](/img/logo.svg)\n\n## Details\n\nText.\n");
    let out = site.path().join("host/explainer");
    site.run(&["build", "--output", out.to_str().unwrap()]).ok();
    site
}

#[test]
fn every_page_and_link_answers_200_under_a_sub_path() {
    let site = sub_path_site();
    let server = StaticServer::start(&site.path().join("host"));
    let mut queue = VecDeque::from(["/explainer/".to_string()]);
    let mut seen = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let response = ureq::get(&server.url(&path)).call();
        let response = response.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(response.status(), 200, "{path}");
        let is_html = response.content_type() == "text/html";
        let body = response.into_string().unwrap_or_default();
        if !is_html {
            continue;
        }
        for link in links_in(&body) {
            let link = link.split('#').next().unwrap().to_string();
            if link.is_empty() || link.starts_with("http") {
                continue;
            }
            assert!(
                link.starts_with("/explainer/"),
                "{path} links outside the sub-path: {link}"
            );
            queue.push_back(link);
        }
    }
    for expected in [
        "/explainer/articles/first/",
        "/explainer/topics/motives/",
        "/explainer/img/logo.svg",
        "/explainer/atom.xml",
    ] {
        assert!(
            seen.contains(expected),
            "the crawl never reached {expected}: {seen:?}"
        );
    }
    assert!(seen.len() > 15, "{seen:?}");
}

#[test]
fn the_sitemap_lists_every_page_with_lastmod_where_known() {
    let site = sub_path_site();
    let out = site.path().join("host/explainer");
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|c| c.has_tag_name("loc"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    for loc in &locs {
        let rel = loc
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{loc} is not under {BASE}"));
        assert!(
            out.join(rel).join("index.html").is_file(),
            "{loc} has no page"
        );
    }
    for page in [
        "",
        "articles/",
        "articles/first/",
        "topics/",
        "topics/motives/",
        "about/",
    ] {
        assert!(
            locs.contains(&format!("{BASE}{page}").as_str()),
            "{page} missing: {locs:?}"
        );
    }
    let second = urls
        .iter()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some(&format!("{BASE}articles/second/")))
        })
        .unwrap();
    let lastmod = second
        .children()
        .find(|c| c.has_tag_name("lastmod"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(lastmod, "2024-04-01T00:00:00Z");
}

#[test]
fn the_feed_is_atom_with_absolute_urls_newest_first() {
    let site = sub_path_site();
    let xml = std::fs::read_to_string(site.path().join("host/explainer/atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(
        &titles[..3],
        ["Third article", "Second article", "First article"]
    );
    for e in &entries {
        let href = e
            .children()
            .find(|c| c.has_tag_name("link"))
            .unwrap()
            .attribute("href")
            .unwrap();
        assert!(href.starts_with(BASE), "{href}");
        assert!(e.children().any(|c| c.has_tag_name("updated")));
    }
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name("link") && c.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some(&*format!("{BASE}atom.xml"))
    );
}

#[test]
fn the_feed_can_carry_whole_pages() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "feed_full_content: true\n");
    site.build().ok();
    let feed = site.public("atom.xml");
    assert!(
        feed.contains("The details, which the first article links to."),
        "{feed}"
    );
}

#[test]
fn robots_canonical_description_and_open_graph_are_on_every_page() {
    let site = sub_path_site();
    let out = site.path().join("host/explainer");
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    assert!(out.join("404.html").is_file());
    for file in crate::harness::listing(&out)
        .iter()
        .filter(|f| f.ends_with("index.html"))
    {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias redirect
        }
        let page = file.trim_end_matches("index.html");
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}{page}\">")),
            "{file}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{file}");
        assert!(
            html.contains(&format!(
                "<meta property=\"og:url\" content=\"{BASE}{page}\">"
            )),
            "{file}"
        );
    }
    let first = std::fs::read_to_string(out.join("articles/first/index.html")).unwrap();
    assert!(
        first.contains("<meta name=\"description\" content=\"The oldest article.\">"),
        "{first}"
    );
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(
        about.contains("<meta name=\"description\" content=\"Site default.\">"),
        "{about}"
    );
}

#[test]
fn a_site_robots_txt_replaces_the_generated_one() {
    let site = TestSite::fixture("basic");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build().ok();
    assert_eq!(site.public("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn stylesheets_and_scripts_get_content_hashed_names() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let css_link = |site: &TestSite| {
        let html = site.public("index.html");
        let start = html.find("rel=\"stylesheet\" href=\"").unwrap() + 23;
        html[start..start + html[start..].find('"').unwrap()].to_string()
    };
    let first = css_link(&site);
    assert!(
        first.starts_with("/style.")
            && first.ends_with(".css")
            && first.len() == "/style.0123456789.css".len(),
        "{first}"
    );
    assert!(Path::new(&site.path().join("public").join(&first[1..])).is_file());
    site.write("static/style.css", "body { color: teal }\n");
    site.build().ok();
    let second = css_link(&site);
    assert_ne!(first, second, "a changed stylesheet gets a new name");
    assert_eq!(site.public(&second[1..]), "body { color: teal }\n");
}

/// The home page's newest pages and the feed are the first of the full order: date, then
/// title, then path. Twenty pages tie at the date where the home page's ten end, named so
/// that neither their files' order nor their reverse is their titles' order.
#[test]
fn the_newest_pages_break_ties_of_date_by_title() {
    let site = TestSite::empty();
    site.write("weave.yaml", "title: Ties\nsearch: false\nfeed_limit: 3\n")
        .write(
            "templates/index.html",
            "{% for p in latest %}<p>{{ p.title }}</p>{% endfor %}\n",
        );
    let article = |title: &str, date: &str| format!("---\ntitle: {title}\n{date}---\nText.\n");
    for k in 0..4 {
        let text = article(&format!("Newer {}", 3 - k), "date: 2024-03-02\n");
        site.write(&format!("content/articles/newer{k}.md"), text);
    }
    for k in 0..20 {
        // Titles 7, 14, 1, 8, 15, 2, ...: a stride through the twenty.
        let title = format!("Tie {:02}", (k * 7) % 20);
        let text = article(&title, "date: 2024-03-01\n");
        site.write(&format!("content/articles/tie{k:02}.md"), text);
    }
    site.write("content/articles/undated.md", article("Undated", ""));
    site.build().ok();
    let home = site.public("index.html");
    let shown: Vec<&str> = home
        .split("<p>")
        .skip(1)
        .map(|p| p.split("</p>").next().unwrap())
        .collect();
    let mut expected = vec!["Newer 0", "Newer 1", "Newer 2", "Newer 3"];
    let ties: Vec<String> = (0..6).map(|k| format!("Tie {k:02}")).collect();
    expected.extend(ties.iter().map(String::as_str));
    assert_eq!(shown, expected);
    let feed = site.public("atom.xml");
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .map(|t| t.split("</title>").next().unwrap())
        .collect();
    assert_eq!(titles, ["Newer 0", "Newer 1", "Newer 2"]);
}
