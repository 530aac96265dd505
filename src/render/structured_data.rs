//! schema.org JSON-LD for search engines and agents: the home page is a `WebSite`; an article
//! an `Article` (headline, dates, what it is `about`: its topics and entities, and the claims
//! it makes as its `citation`); a topic page that defines claims a `CollectionPage` whose
//! `hasPart` are its `Claim`s, each with its summary as `text` and every quoted passage as an
//! `appearance` that `isPartOf` its source article.

use serde_json::{Value, json};

use crate::render::Job;
use crate::render::views::{PageView, Views};
use crate::site::{Site, is_listed, taxonomies};

/// The JSON-LD of a job's page, ready to sit inside `<script type="application/ld+json">`;
/// None for pages that describe nothing of their own (listings, search, 404). It is read off
/// the page's view, which has its URLs, dates, terms and claims already.
pub fn of(site: &Site, views: &Views, job: Job, page: Option<usize>) -> Option<String> {
    let value = match (job, page) {
        (Job::Section { index: 0, pager: 1 }, _) => website(site),
        (Job::Page(i), _) if is_listed(&site.pages[i].doc.kind) => article(site, &views.page(i)),
        (Job::Term { pager: 1, .. }, Some(i)) => {
            let view = views.page(i);
            if view.claims.is_empty() {
                return None;
            }
            topic(site, &view)
        }
        _ => return None,
    };
    // `</script>` inside a string must not end the element.
    Some(value.to_string().replace('<', "\\u003c"))
}

/// The absolute form of a root-relative URL, when the site's base URL names a host.
fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", site.config.origin())
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

fn article(site: &Site, page: &PageView) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": page.permalink,
        "headline": page.title,
        "url": page.permalink,
        "inLanguage": site.config.language,
    });
    if let Some(d) = &page.description {
        v["description"] = json!(d);
    }
    if let Some(d) = &page.date {
        v["datePublished"] = json!(d);
    }
    if let Some(d) = &page.updated {
        v["dateModified"] = json!(d);
    }
    let about: Vec<Value> = page
        .taxonomies
        .iter()
        .filter(|(t, _)| *t != taxonomies::NESTED)
        .flat_map(|(_, terms)| terms.iter())
        .map(
            |term| json!({ "@type": "Thing", "name": term.name, "url": absolute(site, &term.url) }),
        )
        .collect();
    if !about.is_empty() {
        v["about"] = json!(about);
    }
    let cited: Vec<Value> = page
        .cites
        .iter()
        .map(|c| {
            let url = absolute(site, &c.claim.url);
            json!({ "@type": "Claim", "@id": url, "name": c.claim.title, "url": url })
        })
        .collect();
    if !cited.is_empty() {
        v["citation"] = json!(cited);
    }
    v
}

fn topic(site: &Site, page: &PageView) -> Value {
    let claims: Vec<Value> = page
        .claims
        .iter()
        .map(|c| {
            let appearances: Vec<Value> = c
                .citations
                .iter()
                .map(|x| {
                    let (passage, source_url) =
                        (absolute(site, &x.passage), absolute(site, &x.url));
                    json!({
                        "@type": "Quotation",
                        "@id": passage,
                        "text": x.quote,
                        "url": passage,
                        "isPartOf": {
                            "@type": "Article",
                            "@id": source_url,
                            "headline": x.title,
                            "url": source_url,
                        },
                    })
                })
                .collect();
            let id = absolute(site, &c.claim.url);
            json!({
                "@type": "Claim",
                "@id": id,
                "name": c.claim.title,
                "text": c.claim.summary,
                "url": id,
                "appearance": appearances,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": page.permalink,
        "name": page.title,
        "url": page.permalink,
        "inLanguage": site.config.language,
        "hasPart": claims,
    })
}
