//! Sites written for Zola and Hugo (`tests/fixtures/zola-site`, `hugo-site`) build as they
//! are: their configuration, TOML, JSON and YAML front matter, internal links (`@/...`,
//! `ref`, `relref`) and shortcodes in both syntaxes; their own page templates are left to
//! them, weave's theme draws the pages.

use crate::harness::{TestSite, article_content as content};

#[test]
fn a_zola_site_builds_with_its_config_front_matter_links_and_shortcodes() {
    let site = TestSite::fixture("zola-site");
    site.build()
        .ok()
        .never_says("warning:")
        .never_says("error:");
    // config.toml: title and taxonomies; the note says what was taken and what was left.
    site.run(&["check"]).ok().says(&[
        "note: no weave.yaml: read config.toml (Zola) and took title, description, base_url, taxonomies; left build_search_index, compile_sass, markdown",
    ]);
    let home = site.public("index.html");
    assert!(
        home.contains("<title>A Zola site</title>") && home.contains("Welcome."),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"/blog/hello/\">the first post</a>"),
        "{home}"
    );
    // TOML front matter: title, date, updated, slug, aliases, [taxonomies], [extra], draft.
    let first = site.public("blog/hello/index.html");
    assert!(first.contains("<h1>First post</h1>"));
    assert!(first.contains("<time datetime=\"2024-03-01\">"));
    assert!(first.contains("Updated <time datetime=\"2024-04-02\">"));
    assert!(
        first.contains("href=\"https://example.org/tags/static-sites/\"")
            || first.contains("href=\"/tags/static-sites/\""),
        "{first}"
    );
    assert!(site.public("old/first/index.html").contains("blog/hello/"));
    assert!(
        !site.exists("public/blog/unfinished/index.html"),
        "drafts stay out"
    );
    // Zola's own page template is not used: weave's theme draws the page.
    assert!(first.contains("class=\"skip-link\""));
    let text = content(&first);
    for expected in [
        // `@/blog/second.md#part`, resolved and checked.
        "<a href=\"/blog/second/#part\">the second post’s part</a>",
        // The site's template, with its argument and the page.
        "<strong class=\"shout\">HELLO on First post</strong>",
        // A body shortcode, its body through the `markdown` filter.
        "<aside class=\"note note-tip\"><p>A <em>tip</em>, in markdown.</p>",
        // weave's own youtube: privacy-friendly, lazy, with a link.
        "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"A talk\" loading=\"lazy\"",
        "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">",
        // In code a call is text; escaped, it shows as the call itself.
        "<code>{{ shout(text=\"x\") }}</code> or {{ shout(text=&quot;x&quot;) }}.",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The link counts: the second post lists the first among the pages that link to it.
    assert!(
        site.public("blog/second/index.html")
            .contains("href=\"/blog/hello/\"")
    );
    // figure: the bundle's image, checked and sized, with its caption's markdown.
    assert!(
        content(&site.public("blog/bundle/index.html")).contains(
            "<figure><img src=\"/blog/bundle/chart.png\" alt=\"A chart\" width=\"60\" height=\"30\" loading=\"lazy\"><figcaption>The <em>chart</em></figcaption></figure>"
        )
    );
}

#[test]
fn a_hugo_site_builds_with_its_config_front_matter_refs_and_shortcodes() {
    let site = TestSite::fixture("hugo-site");
    site.build()
        .ok()
        .never_says("warning:")
        .never_says("error:");
    site.run(&["check"]).ok().says(&[
        "read hugo.toml (Hugo) and took title, params.description, baseURL, languageCode, taxonomies, pagination.pagerSize",
    ]);
    let a = site.public("posts/a/index.html");
    // YAML with Hugo's keys: lastmod, categories (a taxonomy of hugo.toml), params.
    assert!(a.contains("Updated <time datetime=\"2024-02-11\">"), "{a}");
    assert!(
        site.public("categories/guides/index.html")
            .contains("/docs/posts/a/")
    );
    let text = content(&a);
    for expected in [
        // ref and relref: links weave resolves, with the base path of baseURL.
        "<a href=\"/docs/posts/b/\">post B</a>",
        "<a href=\"/docs/posts/b/#section-two\">its section</a>",
        "<iframe src=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc\"",
        // `{{% %}}`: the body is markdown.
        "<details><summary>More</summary>\n<p>Some <strong>bold</strong> text.</p>\n</details>",
        "<figure><a href=\"https://example.com/\"><img src=\"/docs/logo.png\" alt=\"Our logo\" loading=\"lazy\"></a><figcaption>Our logo</figcaption></figure>",
        "Shown as written: {{&lt; youtube abc &gt;}}.",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // JSON front matter, and TOML with Hugo's `url` and `layout` (a Hugo layout: weave's
    // theme draws the page).
    let b = site.public("posts/b/index.html");
    assert!(
        b.contains("<h1>Post B</h1>") && b.contains("href=\"/docs/tags/json/\""),
        "{b}"
    );
    let c = site.public("elsewhere/c/index.html");
    assert!(c.contains("<h1>Post C</h1>"));
    assert!(content(&c).contains("<a href=\"/docs/posts/a/\">A</a>"));
}

#[test]
fn a_missing_shortcode_names_the_template_to_create() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\nText.\n\n{{< gallery dir=\"x\" >}}\n\nMore {{ chart(n=3) }} here.\n",
    );
    site.build().fails().says(&[
        "error: shortcode `gallery` has no template",
        "content/a.md:6:1",
        "create templates/shortcodes/gallery.html",
        "error: shortcode `chart` has no template",
        "content/a.md:8:6",
    ]);
}

#[test]
fn a_shortcode_templates_own_error_points_at_the_call() {
    let site = TestSite::empty();
    site.write("templates/shortcodes/boom.html", "{{ missing_value }}")
        .write(
            "content/a.md",
            "---\ntitle: A\n---\nLine.\n\n{{ boom() }}\n",
        );
    site.build().fails().says(&[
        "error: shortcode `boom` failed (templates/shortcodes/boom.html)",
        "missing_value",
        "content/a.md:6:1",
    ]);
}

#[test]
fn toml_and_json_syntax_errors_are_located() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = [\"x\"\n+++\nBody.\n",
    )
    .write(
        "content/b.md",
        "{\n  \"title\": \"B\",\n  \"tags\": [\"x\",]\n}\nBody.\n",
    );
    site.build().fails().says(&[
        "error: invalid TOML: unclosed array",
        "content/a.md:4",
        "error: invalid JSON",
        "content/b.md:3",
    ]);
}

#[test]
fn init_from_writes_the_weave_yaml_a_zola_or_hugo_config_amounts_to() {
    let site = TestSite::fixture("hugo-site");
    let run = std::process::Command::new(crate::harness::BIN)
        .args(["init", "--from"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let yaml = std::fs::read_to_string(site.path().join("weave.yaml")).unwrap();
    assert!(
        yaml.contains("title: \"A Hugo site\"")
            && yaml.contains("taxonomies: [\"tags\", \"categories\"]"),
        "{yaml}"
    );
    assert!(
        yaml.contains("base_url: \"https://example.com/docs/\"") && yaml.contains("paginate_by: 5"),
        "{yaml}"
    );
    // The site now reads its weave.yaml: hugo.toml is not mentioned, and a Hugo layout is no
    // longer passed over but named, at its line, as a template the site lacks.
    site.run(&["check"])
        .fails()
        .never_says("no weave.yaml")
        .says(&[
            "error: template `wide` does not exist",
            "content/posts/c.md:4",
        ]);
    // A second run refuses to replace it.
    let again = std::process::Command::new(crate::harness::BIN)
        .args(["init", "--from"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}
