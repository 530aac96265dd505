//! schema.org JSON-LD for search engines and agents: the home page is a `WebSite`; an article
//! an `Article` (headline, dates, what it is `about`: its topics and entities, and the claims
//! it makes as its `citation`); a topic page that defines claims a `CollectionPage` whose
//! `hasPart` are its `Claim`s, each with its summary as `text` and every quoted passage as an
//! `appearance` that `isPartOf` its source article.

use serde_json::{Value, json};

use crate::render::Job;
use crate::site::{Site, is_listed, taxonomies};

/// The JSON-LD of a job's page, ready to sit inside `<script type="application/ld+json">`;
/// None for pages that describe nothing of their own (listings, search, 404).
pub fn of(site: &Site, job: Job, page: Option<usize>) -> Option<String> {
    let value = match (job, page) {
        (Job::Section { index: 0, pager: 1 }, _) => website(site),
        (Job::Page(i), _) if is_listed(&site.pages[i].doc.kind) => article(site, i),
        (Job::Term { pager: 1, .. }, Some(i)) if site.claims.iter().any(|c| c.page == i) => {
            topic(site, i)
        }
        _ => return None,
    };
    // `</script>` inside a string must not end the element.
    Some(value.to_string().replace('<', "\\u003c"))
}

fn website(site: &Site) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": site.permalink(""),
        "name": site.config.title,
        "url": site.permalink(""),
        "inLanguage": site.config.language,
    });
    if !site.config.description.is_empty() {
        v["description"] = json!(site.config.description);
    }
    v
}

fn article(site: &Site, i: usize) -> Value {
    let page = &site.pages[i];
    let front = &page.doc.front;
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": site.permalink(&page.path),
        "headline": front.title,
        "url": site.permalink(&page.path),
        "inLanguage": site.config.language,
    });
    if let Some(d) = &front.description {
        v["description"] = json!(d);
    }
    if let Some(d) = &front.date {
        v["datePublished"] = json!(d.text);
    }
    if let Some(d) = front.updated_or_changed() {
        v["dateModified"] = json!(d.text);
    }
    let about: Vec<Value> = site
        .config
        .taxonomies
        .iter()
        .filter(|t| *t != taxonomies::NESTED)
        .flat_map(|t| {
            page.terms(t).map(move |name| {
                json!({
                    "@type": "Thing",
                    "name": name,
                    "url": site.permalink(&format!("{t}/{}/", taxonomies::term_slug(t, name))),
                })
            })
        })
        .collect();
    if !about.is_empty() {
        v["about"] = json!(about);
    }
    let cited: Vec<Value> = site
        .claims
        .iter()
        .filter(|c| c.citations.iter().any(|x| x.page == i))
        .map(|c| {
            let url = format!("{}#{}", site.permalink(&site.pages[c.page].path), c.anchor);
            json!({ "@type": "Claim", "@id": url, "name": c.title, "url": url })
        })
        .collect();
    if !cited.is_empty() {
        v["citation"] = json!(cited);
    }
    v
}

fn topic(site: &Site, i: usize) -> Value {
    let page = &site.pages[i];
    let url = site.permalink(&page.path);
    let claims: Vec<Value> = site
        .claims
        .iter()
        .filter(|c| c.page == i)
        .map(|c| {
            let appearances: Vec<Value> = c
                .citations
                .iter()
                .map(|x| {
                    let source = &site.pages[x.page];
                    let source_url = site.permalink(&source.path);
                    let passage = format!("{source_url}#{}", x.anchor);
                    json!({
                        "@type": "Quotation",
                        "@id": passage,
                        "text": x.quote,
                        "url": passage,
                        "isPartOf": {
                            "@type": "Article",
                            "@id": source_url,
                            "headline": source.doc.front.title,
                            "url": source_url,
                        },
                    })
                })
                .collect();
            let id = format!("{url}#{}", c.anchor);
            json!({
                "@type": "Claim",
                "@id": id,
                "name": c.title,
                "text": c.summary,
                "url": id,
                "appearance": appearances,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "name": page.doc.front.title,
        "url": url,
        "inLanguage": site.config.language,
        "hasPart": claims,
    })
}
