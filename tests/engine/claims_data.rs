//! `claims.json`: every claim, its topic and its sources' quotes, as data. The file validates
//! against the schema the README documents (with Ajv, from `tests/tools`), and every passage
//! URL lands on a block that exists in its page.

use std::path::Path;
use std::process::Command;

use crate::harness::TestSite;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The JSON block after `<!-- claims.schema.json -->` in the README.
fn documented_schema() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let after = readme
        .split_once("<!-- claims.schema.json -->")
        .expect("the README documents the schema")
        .1;
    let start = after.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + after[start..].find("```").expect("the block ends");
    after[start..end].to_string()
}

#[test]
fn claims_json_lists_every_claim_with_its_sources_passages() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let text = site.public("claims.json");
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["version"], 1);
    assert_eq!(data["site"]["language"], "en");
    let claim = &data["claims"][0];
    assert_eq!(claim["id"], "motives/faster-innovation");
    assert_eq!(claim["url"], "/topics/motives/#faster-innovation");
    assert_eq!(claim["topic"]["title"], "Motives");
    let sources = claim["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{claim}");
    assert_eq!(sources[1]["title"], "Two");
    assert_eq!(
        sources[1]["quote"],
        "thousands of developers can improve it"
    );
    // Every passage lands on a block that exists on its page.
    for claim in data["claims"].as_array().unwrap() {
        for source in claim["sources"].as_array().unwrap() {
            let passage = source["passage"].as_str().unwrap();
            let (page, fragment) = passage.split_once('#').unwrap();
            let (anchor, text) = fragment.split_once(":~:text=").unwrap();
            assert!(!text.is_empty());
            let html = site.public(&format!("{}index.html", page.trim_start_matches('/')));
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{passage}");
        }
    }
    // The same bytes from the same site.
    site.build().ok();
    assert_eq!(site.public("claims.json"), text);
}

#[test]
fn claims_json_validates_against_the_documented_schema() {
    let ajv = root().join("tests/tools/node_modules/ajv");
    if !ajv.is_dir() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install Ajv (npm ci --prefix tests/tools)"
        );
        eprintln!("skipped: Ajv is not installed (npm ci --prefix tests/tools)");
        return;
    }
    let site = TestSite::fixture("claims");
    site.write(
        "weave.yaml",
        "title: Claims fixture\nbase_url: https://example.org/sub/\n",
    );
    site.build().ok();
    let schema = site.path().join("schema.json");
    std::fs::write(&schema, documented_schema()).unwrap();
    let script = format!(
        "const Ajv2020 = require({:?}).default; const fs = require('fs'); \
         const validate = new Ajv2020({{allErrors: true}}) \
             .compile(JSON.parse(fs.readFileSync(process.argv[1], 'utf8'))); \
         const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')); \
         if (!validate(data)) {{ console.log(JSON.stringify(validate.errors)); process.exit(1); }}",
        ajv.join("dist/2020").to_string_lossy(),
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&schema)
        .arg(site.path().join("public/claims.json"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let data: serde_json::Value = serde_json::from_str(&site.public("claims.json")).unwrap();
    assert!(
        data["claims"][0]["sources"][0]["passage"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/sub/articles/")
    );
    // A file that breaks the schema fails it: the check can fail.
    let broken = site.path().join("broken.json");
    std::fs::write(&broken, r#"{"version": 1, "site": {}, "claims": []}"#).unwrap();
    let rejected = Command::new("node")
        .arg("-e")
        .arg(format!(
            "const ajv = new (require({:?}).default)(); const fs = require('fs'); \
             const v = ajv.compile(JSON.parse(fs.readFileSync(process.argv[1], 'utf8'))); \
             process.exit(v(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) ? 0 : 1);",
            ajv.join("dist/2020").to_string_lossy()
        ))
        .arg(&schema)
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!rejected.status.success());
}
