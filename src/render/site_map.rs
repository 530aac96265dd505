//! The home page's map of how sources, topics and entities link, drawn at build time as inline
//! SVG (no script, no outside library): topics on the left, the pages in the middle, entities on
//! the right, a line wherever a page names a term. Sites too large for a readable map get none.

use std::fmt::Write;

use crate::render::templates::escape_html;
use crate::site::{Site, is_listed};

/// Beyond this many nodes in a column the map stops being readable.
const MAX_COLUMN: usize = 40;
const ROW: f32 = 26.0;
const TOP: f32 = 40.0;
const WIDTH: f32 = 960.0;
/// x of each column's connection points: topic dot, page's left and right dots, entity dot.
const X_TOPIC: f32 = 210.0;
const X_PAGE_LEFT: f32 = 350.0;
const X_PAGE_RIGHT: f32 = 650.0;
const X_ENTITY: f32 = 780.0;
/// Characters of a page title shown in the middle column.
const PAGE_LABEL: usize = 40;

struct Node {
    label: String,
    title: String,
    url: String,
}

/// The map as SVG, or an empty string when the site has no such structure or is too large.
pub fn svg(site: &Site) -> String {
    let entity_tax = site
        .taxonomies
        .iter()
        .position(|t| t.name == site.config.entity_taxonomy);
    let topic_tax = (0..site.taxonomies.len()).find(|&t| Some(t) != entity_tax);
    let (Some(topic_tax), Some(entity_tax)) = (topic_tax, entity_tax) else {
        return String::new();
    };
    let terms = |t: usize| -> Vec<Node> {
        site.taxonomies[t]
            .terms
            .iter()
            .filter(|term| !term.pages.is_empty())
            .map(|term| Node {
                label: term.name.clone(),
                title: term.name.clone(),
                url: site.url(&term.path),
            })
            .collect()
    };
    let topics = terms(topic_tax);
    let entities = terms(entity_tax);
    let names = |t: usize, p: usize| -> Vec<String> {
        let tax = &site.taxonomies[t];
        tax.terms
            .iter()
            .filter(|term| term.pages.contains(&p))
            .map(|term| site.url(&term.path))
            .collect()
    };
    if topics.len() > MAX_COLUMN || entities.len() > MAX_COLUMN {
        return String::new();
    }
    // The pages that name a topic or an entity, found from the terms' lists in one pass
    // (asking each page which terms list it scanned every list once per page), and no
    // further than the column's limit: `weave serve` asks after every new title, and at
    // 100,000 pages going through every list took 17 to 24 ms.
    let mut named = vec![false; site.pages.len()];
    let mut count = 0;
    for t in [topic_tax, entity_tax] {
        for term in &site.taxonomies[t].terms {
            for &p in term.pages.iter() {
                if !named[p] && is_listed(&site.pages[p].doc.kind) {
                    named[p] = true;
                    count += 1;
                    if count > MAX_COLUMN {
                        return String::new();
                    }
                }
            }
        }
    }
    let pages: Vec<usize> = (0..site.pages.len()).filter(|&p| named[p]).collect();
    if pages.is_empty() {
        return String::new();
    }
    let page_nodes: Vec<Node> = pages
        .iter()
        .map(|&p| {
            let title = site.pages[p].doc.front.title.clone();
            Node {
                label: shorten(&title, PAGE_LABEL),
                title,
                url: site.url(&site.pages[p].path),
            }
        })
        .collect();

    let rows = topics.len().max(pages.len()).max(entities.len()) as f32;
    let height = TOP + rows * ROW + 10.0;
    let y = |i: usize, n: usize| TOP + (i as f32 + 0.5) * (rows * ROW / n as f32);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"site-map\" viewBox=\"0 0 {WIDTH} {height}\" role=\"group\" aria-labelledby=\"site-map-title\">\
         <title id=\"site-map-title\">Map: the topics on the left and the entities on the right that each source in the middle names</title>"
    );
    for (x, anchor, text) in [
        (X_TOPIC, "end", "Topics"),
        ((X_PAGE_LEFT + X_PAGE_RIGHT) / 2.0, "middle", "Sources"),
        (X_ENTITY, "start", "Entities"),
    ] {
        let _ = write!(
            out,
            "<text class=\"column-title\" x=\"{x}\" y=\"20\" text-anchor=\"{anchor}\">{text}</text>"
        );
    }
    out.push_str("<g aria-hidden=\"true\">");
    for (row, &p) in pages.iter().enumerate() {
        let py = y(row, pages.len());
        for (column, x_from, x_to, t) in [
            (&topics, X_PAGE_LEFT, X_TOPIC, topic_tax),
            (&entities, X_PAGE_RIGHT, X_ENTITY, entity_tax),
        ] {
            for url in names(t, p) {
                if let Some(i) = column.iter().position(|n| n.url == url) {
                    let ty = y(i, column.len());
                    let mid = (x_from + x_to) / 2.0;
                    let _ = write!(
                        out,
                        "<path class=\"edge\" d=\"M{x_from},{py:.1} C{mid},{py:.1} {mid},{ty:.1} {x_to},{ty:.1}\"/>"
                    );
                }
            }
        }
    }
    out.push_str("</g>");
    node_column(
        &mut out,
        &topics,
        |i| y(i, topics.len()),
        &[X_TOPIC],
        X_TOPIC - 10.0,
        "end",
    );
    node_column(
        &mut out,
        &page_nodes,
        |i| y(i, pages.len()),
        &[X_PAGE_LEFT, X_PAGE_RIGHT],
        (X_PAGE_LEFT + X_PAGE_RIGHT) / 2.0,
        "middle",
    );
    node_column(
        &mut out,
        &entities,
        |i| y(i, entities.len()),
        &[X_ENTITY],
        X_ENTITY + 10.0,
        "start",
    );
    out.push_str("</svg>");
    out
}

fn node_column(
    out: &mut String,
    nodes: &[Node],
    y: impl Fn(usize) -> f32,
    dots: &[f32],
    text_x: f32,
    anchor: &str,
) {
    for (i, n) in nodes.iter().enumerate() {
        let ny = y(i);
        let _ = write!(out, "<a href=\"{}\">", escape_html(&n.url));
        for x in dots {
            let _ = write!(out, "<circle cx=\"{x}\" cy=\"{ny:.1}\" r=\"4\"/>");
        }
        let _ = write!(
            out,
            "<text x=\"{text_x}\" y=\"{:.1}\" text-anchor=\"{anchor}\"><title>{}</title>{}</text></a>",
            ny + 4.5,
            escape_html(&n.title),
            escape_html(&n.label)
        );
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}
