//! Themes and templates: the default theme, overrides, other themes, and broken templates.

use crate::harness::TestSite;

#[test]
fn a_site_template_overrides_the_themes() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}",
    );
    site.build().ok();
    let first = site.public("articles/first/index.html");
    assert!(
        first.contains("<p class=\"mine\">First article</p>"),
        "{first}"
    );
    // base.html still comes from the theme.
    assert!(first.contains("<a class=\"skip-link\""), "{first}");
}

#[test]
fn the_theme_ships_a_favicon_that_a_sites_own_replaces() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://example.org/docs/"])
        .ok();
    assert!(site.public("favicon.svg").starts_with("<svg"));
    let link = "<link rel=\"icon\" href=\"/docs/favicon.svg\" type=\"image/svg+xml\">";
    for page in ["index.html", "articles/first/index.html", "404.html"] {
        assert!(site.public(page).contains(link), "{page}");
    }
    site.write("static/favicon.ico", [0u8, 0, 1, 0]);
    site.build().ok();
    let home = site.public("index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"/favicon.ico\" type=\"image/x-icon\">"),
        "{home}"
    );
    assert!(!home.contains("favicon.svg"));
}

#[test]
fn a_site_static_file_overrides_the_themes() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    assert!(site.public("style.css").contains("weave default theme"));
    site.write("static/style.css", "body { color: red }\n")
        .write("static/img/logo.svg", "<svg/>");
    site.build().ok();
    assert_eq!(site.public("style.css"), "body { color: red }\n");
    assert_eq!(site.public("img/logo.svg"), "<svg/>");
}

#[test]
fn a_theme_folder_in_the_site_is_used() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "theme: plain\n");
    for name in [
        "index.html",
        "section.html",
        "page.html",
        "taxonomy.html",
        "term.html",
        "404.html",
    ] {
        site.write(
            &format!("themes/plain/templates/{name}"),
            format!("plain {name}: {{{{ current_url }}}}"),
        );
    }
    site.write("themes/plain/static/plain.css", "p {}");
    site.build().ok();
    assert_eq!(
        site.public("articles/first/index.html"),
        "plain page.html: /articles/first/"
    );
    assert!(site.exists("public/plain.css"));
    assert!(!site.exists("public/style.css"));
}

#[test]
fn a_theme_without_a_required_template_is_explained() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "theme: bare\n")
        .write("themes/bare/templates/index.html", "home");
    site.build().fails().says(&[
        "the theme has no template `page.html`",
        "templates/page.html",
    ]);
}

#[test]
fn a_missing_theme_is_an_error() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "theme: nowhere\n");
    site.build()
        .fails()
        .says(&["theme `nowhere` not found", "themes/nowhere"]);
}

#[test]
fn templates_can_find_any_page_by_its_source_path() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/index.html",
        "{% set p = get_page(path=\"articles/second.md\") %}{% set s = get_section(path=\"articles\") %}\
         {{ p.title }} at {{ p.url }}; {{ s.page_count }} articles; {{ p.content | safe }}",
    );
    site.build().ok();
    // The other page's HTML, read after its own page was rendered (pages render first).
    assert!(site.public("index.html").starts_with(
        "Second article at /articles/second/; 3 articles; <p>Intro paragraph of the second article.</p>"
    ));
}

#[test]
fn a_broken_template_names_its_file_and_line() {
    let site = TestSite::fixture("basic");
    site.write("templates/page.html", "<p>\n{{ page.title }\n</p>\n");
    site.build()
        .fails()
        .says(&["template syntax error", "templates/page.html:2"]);
}

#[test]
fn every_broken_template_is_reported() {
    let site = TestSite::fixture("basic");
    site.write("templates/page.html", "{% if %}")
        .write("templates/term.html", "{{ }}");
    site.build()
        .fails()
        .says(&["templates/page.html:1", "templates/term.html:1"]);
}

#[test]
fn a_template_error_while_rendering_names_template_and_page() {
    let site = TestSite::fixture("basic");
    site.write("templates/page.html", "{{ page.no_such_field }}");
    site.build().fails().says(&[
        "templates/page.html",
        "content/articles/first.md",
        "no_such_field",
    ]);
}

#[test]
fn a_page_can_choose_its_template() {
    let site = TestSite::fixture("basic");
    site.write("templates/special.html", "special {{ page.title }}")
        .write(
            "content/x.md",
            "---\ntitle: X\ntemplate: special.html\n---\n",
        );
    site.build().ok();
    assert_eq!(site.public("x/index.html"), "special X");
    site.write("content/x.md", "---\ntitle: X\ntemplate: nope.html\n---\n");
    site.build()
        .fails()
        .says(&["template `nope.html` does not exist", "content/x.md:3"]);
}

#[test]
fn front_matter_reaches_html_escaped() {
    let site = TestSite::empty();
    site.write(
        "content/x.md",
        "---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"a \\\"quote\\\"\"\n---\n",
    );
    site.build().ok();
    let html = site.public("x/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("content=\"a &quot;quote&quot;\""), "{html}");
}

/// Every special character, at the start, the end and between non-ASCII letters.
#[test]
fn every_special_character_is_escaped_wherever_it_stands() {
    let site = TestSite::empty();
    site.write("templates/page.html", "[{{ page.title }}]");
    site.write("content/x.md", "---\ntitle: \"&é<ü>'\\\"ß&\"\n---\n");
    site.build().ok();
    assert_eq!(
        site.public("x/index.html"),
        "[&amp;é&lt;ü&gt;&#39;&quot;ß&amp;]"
    );
}

/// Workers reuse one context from page to page; no page may see a value put for another.
#[test]
fn every_template_sees_only_its_own_values() {
    let site = TestSite::empty();
    site.write("weave.yaml", "title: Keys\nsearch: false\n");
    for i in 0..150 {
        let section = if i % 2 == 0 { "articles" } else { "notes" };
        let tax = if i % 3 == 0 { "tags" } else { "topics" };
        site.write(
            &format!("content/{section}/p{i:03}.md"),
            format!("---\ntitle: P{i}\n{tax}: [t{}]\n---\nBody {i}.\n", i % 4),
        );
    }
    let keys = "{% if page is defined %}page {% endif %}{% if section is defined %}section {% endif %}\
        {% if paginator is defined %}paginator {% endif %}{% if taxonomy is defined %}taxonomy {% endif %}\
        {% if term is defined %}term {% endif %}{% if latest is defined %}latest {% endif %}\
        {% if site_map is defined %}site_map {% endif %}";
    for (name, own) in [
        ("page.html", "{{ page.title }}"),
        ("index.html", ""),
        ("section.html", "{{ section.title }}"),
        ("taxonomy.html", "{{ taxonomy.name }}"),
        ("term.html", "{{ taxonomy.name }}/{{ term.slug }}"),
        ("404.html", ""),
    ] {
        site.write(
            &format!("templates/{name}"),
            format!("<p>{own}|{keys}</p>\n"),
        );
    }
    site.build().ok();
    let seen = |rel: &str| {
        let html = site.public(rel);
        html.trim()
            .trim_start_matches("<p>")
            .trim_end_matches("</p>")
            .trim()
            .to_string()
    };
    assert_eq!(seen("articles/p000/index.html"), "P0|page");
    assert_eq!(seen("notes/p149/index.html"), "P149|page");
    assert_eq!(seen("index.html"), "|section paginator latest site_map");
    assert_eq!(seen("articles/index.html"), "Articles|section paginator");
    assert_eq!(seen("notes/page/2/index.html"), "Notes|section paginator");
    assert_eq!(seen("tags/index.html"), "tags|taxonomy");
    assert_eq!(seen("topics/index.html"), "topics|taxonomy");
    assert_eq!(
        seen("tags/t0/index.html"),
        "tags/t0|paginator taxonomy term"
    );
    assert_eq!(
        seen("topics/t3/page/2/index.html"),
        "topics/t3|paginator taxonomy term"
    );
    assert_eq!(seen("404.html"), "|");
}

/// The home page maps topics, sources and entities while each column fits (40 names), and
/// leaves the map out once one does not.
#[test]
fn the_home_page_maps_its_sources_until_a_column_is_too_long() {
    let site = TestSite::empty();
    site.write("weave.yaml", "title: Map\n");
    let source = |k: usize| {
        format!(
            "---\ntitle: Source {k}\ndate: 2024-01-01\ntopics: [motives]\nentities: [Meta]\n---\nText {k}.\n"
        )
    };
    for k in 0..40 {
        site.write(&format!("content/articles/s{k:02}.md"), source(k));
    }
    // A page that names neither does not count.
    site.write(
        "content/articles/plain.md",
        "---\ntitle: Plain\ndate: 2024-01-01\n---\nText.\n",
    );
    site.build().ok();
    let home = site.public("index.html");
    let map = &home[home.find("<svg class=\"site-map\"").expect("a map")..];
    let map = &map[..map.find("</svg>").unwrap()];
    assert!(map.contains("Source 39") && !map.contains("Plain"), "{map}");

    site.write("content/articles/s40.md", source(40));
    site.build().ok();
    assert!(
        !site
            .public("index.html")
            .contains("<svg class=\"site-map\"")
    );
}
