//! What `Reads` leaves visible, for small template chains.

use super::*;
use serde_json::json;

fn reads(templates: &[(&str, &str)], name: &str) -> Reads {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(templates.to_vec()).unwrap();
    Reads::of(
        &tera,
        name,
        &["page", "taxonomies", "config", "sections", "section"],
    )
}

#[test]
fn only_the_names_a_template_chain_mentions_are_visible() {
    let r = reads(
        &[
            (
                "base.html",
                "{% block body %}{% endblock %}{% for t in taxonomies %}{{ t.url }}{% endfor %}",
            ),
            (
                "m.html",
                "{% macro chip(x) %}{{ x.name }}{% endmacro %}{% macro unused(x) %}{{ x.count }}{% endmacro %}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block body %}{{ m::chip(x=page) }}{% endblock %}",
            ),
        ],
        "page.html",
    );
    let shared =
        json!({"taxonomies": [{"url": "/t/", "count": 3, "name": "T"}], "config": {"title": "x"}});
    assert_eq!(r.visible(&shared), json!({"taxonomies": [{"url": "/t/"}]}));
}

#[test]
fn keys_a_loop_sees_and_whole_values_are_kept() {
    // A key-value loop sees every key of the object, but only the names it reads below.
    let r = reads(
        &[(
            "a.html",
            "{% for k, v in config.extra %}{{ k }}{% endfor %}",
        )],
        "a.html",
    );
    let shared = json!({"config": {"extra": {"a": 1, "b": {"c": 2}}, "title": "x"}});
    assert_eq!(
        r.visible(&shared),
        json!({"config": {"extra": {"a": 1, "b": {}}}})
    );
    // A loop variable serialised whole: the list it walks is kept whole.
    let shared = json!({"taxonomies": [{"url": "/t/", "count": 3}], "config": {"title": "x"}});
    let r = reads(
        &[(
            "a.html",
            "{% for t in taxonomies %}{{ t | json_encode }}{% endfor %}",
        )],
        "a.html",
    );
    assert_eq!(
        r.visible(&shared),
        json!({"taxonomies": [{"url": "/t/", "count": 3}]})
    );
    // A variable of unknown origin serialised whole: everything counts.
    let r = reads(
        &[(
            "a.html",
            "{% set x = taxonomies | first %}{{ x | json_encode }}",
        )],
        "a.html",
    );
    assert_eq!(r.visible(&shared), shared);
    // A key from a variable may pick any entry.
    let r = reads(&[("a.html", "{{ config[key] }}")], "a.html");
    assert_eq!(r.visible(&shared), json!({"config": {"title": "x"}}));
}

#[test]
fn a_name_read_in_one_place_is_not_visible_in_another() {
    // The navigation shows each section's title; a listing shows its subsections' counts.
    let r = reads(
        &[(
            "a.html",
            "{% for s in sections %}{{ s.title }}{% endfor %}{% for c in section.subsections %}{{ c.page_count }}{% endfor %}",
        )],
        "a.html",
    );
    let shared = json!({
        "sections": [{"title": "A", "page_count": 3}],
        "section": {"title": "B", "page_count": 9, "subsections": [{"title": "C", "page_count": 2}]},
    });
    assert_eq!(
        r.visible(&shared),
        json!({"sections": [{"title": "A"}], "section": {"subsections": [{"page_count": 2}]}})
    );
    // Through a variable of unknown origin, a name is visible anywhere below what the
    // variable was made from.
    let r = reads(
        &[("a.html", "{% set x = sections | first %}{{ x.page_count }}")],
        "a.html",
    );
    assert_eq!(r.visible(&shared), json!({"sections": [{"page_count": 3}]}));
}

#[test]
fn a_key_value_loop_sees_every_key_and_what_its_value_reads() {
    let r = reads(
        &[(
            "a.html",
            "{% for name, terms in page.taxonomies %}{{ name }}{% for t in terms %}{{ t.url }}{% endfor %}{% endfor %}",
        )],
        "a.html",
    );
    let shared = json!({"page": {"title": "x", "taxonomies": {
        "topics": [{"url": "/t/", "count": 3}],
        "tags": [{"url": "/g/", "count": 1}],
    }}});
    assert_eq!(
        r.visible(&shared),
        json!({"page": {"taxonomies": {"topics": [{"url": "/t/"}], "tags": [{"url": "/g/"}]}}})
    );
}

#[test]
fn a_filter_on_a_functions_result_reads_only_the_functions_arguments() {
    let r = reads(
        &[(
            "page.html",
            "{{ t(key=\"copy\") | json_encode | safe }}{{ t(key=\"n\", n=page.count) | json_encode }}",
        )],
        "page.html",
    );
    let shared =
        json!({"taxonomies": [{"url": "/t/", "count": 3}], "page": {"count": 2, "title": "x"}});
    assert_eq!(r.visible(&shared), json!({"page": {"count": 2}}));
}
