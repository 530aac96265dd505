//! schema.org JSON-LD on the claims fixture, read by a JSON-LD processor (jsonld.js, from
//! `tests/tools`) into RDF, and the graph checked: the home page a WebSite, an article an
//! Article about its terms citing its claims, a topic page's claims with each quoted passage
//! as an appearance that is part of its source article.

use std::path::Path;
use std::process::Command;

use crate::harness::TestSite;

const SCHEMA: &str = "https://schema.org/";
const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The N-Quads of every JSON-LD block in `html`. schema.org's context is resolved locally
/// (no network) to its vocabulary mapping.
fn quads(jsonld: &Path, html: &str) -> Vec<String> {
    let blocks: Vec<&str> = html
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|b| b.split("</script>").next().unwrap())
        .collect();
    let script = format!(
        "const jsonld = require({:?}); \
         const context = {{ '@context': {{ '@vocab': 'https://schema.org/' }} }}; \
         const documentLoader = async (url) => {{ \
           if (url.replace(/\\/$/, '') === 'https://schema.org') \
             return {{ contextUrl: null, documentUrl: url, document: context }}; \
           throw new Error('no network: ' + url); }}; \
         (async () => {{ for (const block of JSON.parse(process.argv[1])) {{ \
           const doc = JSON.parse(block); \
           process.stdout.write(await jsonld.toRDF(doc, {{ format: 'application/n-quads', documentLoader }})); \
         }} }})().catch(e => {{ console.error(e); process.exit(1); }});",
        jsonld.to_string_lossy()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(serde_json::to_string(&blocks).unwrap())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn has(quads: &[String], s: &str, p: &str, o: &str) -> bool {
    quads
        .iter()
        .any(|q| q.starts_with(&format!("<{s}> <{p}> {o} ")))
}

#[test]
fn pages_carry_a_schema_org_graph_of_the_site_its_articles_and_claims() {
    let jsonld = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules/jsonld");
    if !jsonld.is_dir() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install jsonld (npm ci --prefix tests/tools)"
        );
        eprintln!("skipped: jsonld is not installed (npm ci --prefix tests/tools)");
        return;
    }
    let site = TestSite::fixture("claims");
    site.write(
        "weave.yaml",
        "title: Claims fixture\nbase_url: https://example.org/\n",
    );
    site.build().ok();
    let base = "https://example.org/";
    let s = |p: &str| format!("{SCHEMA}{p}");

    let home = quads(&jsonld, &site.public("index.html"));
    assert!(
        has(&home, base, TYPE, &format!("<{}>", s("WebSite"))),
        "{home:?}"
    );
    assert!(has(&home, base, &s("name"), "\"Claims fixture\""));

    let one = format!("{base}articles/one/");
    let article = quads(&jsonld, &site.public("articles/one/index.html"));
    assert!(
        has(&article, &one, TYPE, &format!("<{}>", s("Article"))),
        "{article:?}"
    );
    assert!(has(&article, &one, &s("headline"), "\"One\""));
    let claim = format!("{base}topics/motives/#faster-innovation");
    assert!(
        has(&article, &one, &s("citation"), &format!("<{claim}>")),
        "{article:?}"
    );
    assert!(
        article
            .iter()
            .any(|q| q.starts_with(&format!("<{one}> <{}> _:", s("about")))),
        "{article:?}"
    );

    let topic = quads(&jsonld, &site.public("topics/motives/index.html"));
    let page = format!("{base}topics/motives/");
    let passage = format!("{base}articles/two/#claim-motives-faster-innovation");
    assert!(
        has(&topic, &page, &s("hasPart"), &format!("<{claim}>")),
        "{topic:?}"
    );
    assert!(has(&topic, &claim, TYPE, &format!("<{}>", s("Claim"))));
    assert!(has(
        &topic,
        &claim,
        &s("text"),
        "\"Many developers improve a model faster than one company.\""
    ));
    assert!(
        has(&topic, &claim, &s("appearance"), &format!("<{passage}>")),
        "{topic:?}"
    );
    assert!(has(
        &topic,
        &passage,
        &s("isPartOf"),
        &format!("<{base}articles/two/>")
    ));
    assert!(has(
        &topic,
        &passage,
        &s("text"),
        "\"thousands of developers can improve it\""
    ));
    // Listings describe nothing of their own.
    assert!(
        !site
            .public("articles/index.html")
            .contains("application/ld+json")
    );
}
