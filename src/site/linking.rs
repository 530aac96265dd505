//! The links between pages: every file link's anchor checked, and each page's backlinks (from
//! file links, entity mentions and claim citations).

use crate::content::DocKind;
use crate::error::{Diagnostic, Diagnostics};
use crate::site::{Page, claims, entities};

/// Checks every file link's anchor and records backlinks: from file links, from entity
/// mentions to the entity's own page, and from claim citations to the defining page.
pub(super) fn link_pages(
    pages: &mut [Page],
    claims: &[claims::Claim],
    entities: &entities::Entities,
    entity_taxonomy: &str,
    diagnostics: &mut Diagnostics,
) {
    let index: std::collections::HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.doc.source.as_str(), i))
        .collect();
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let mut add = |from: usize, to: usize| {
        if to != from && !backlinks[to].contains(&from) {
            backlinks[to].push(from);
        }
    };
    let entity_pages: std::collections::HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(&p.doc.kind, DocKind::Term { taxonomy } if taxonomy == entity_taxonomy))
        .filter_map(|(i, p)| Some((p.path.trim_end_matches('/').rsplit_once('/')?.1, i)))
        .collect();
    for (from, page) in pages.iter().enumerate() {
        for link in &page.rendered.links {
            let Some(&to) = index.get(link.target.as_str()) else {
                continue;
            };
            if let Some(anchor) = &link.anchor
                && !pages[to].rendered.heading_ids.contains(anchor)
            {
                let mut known: Vec<&String> = pages[to].rendered.heading_ids.iter().collect();
                known.sort();
                let nearest = crate::yaml::nearest(anchor, known.iter().map(|k| k.as_str()));
                // Named by its file: on a site of several languages, the neutral path is not where it is.
                let target = pages[to].doc.file.to_string_lossy().replace('\\', "/");
                let help = match nearest {
                    Some(k) => format!("did you mean `#{k}`?"),
                    None if known.is_empty() => format!("{target} has no headings"),
                    None => format!(
                        "its headings are: {}",
                        known
                            .iter()
                            .map(|k| format!("#{k}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                // A vault links to headings and blocks it has not written yet.
                let d = if link.wiki {
                    Diagnostic::warning(format!("{target} has no heading or block `#{anchor}`"))
                } else {
                    Diagnostic::error(format!(
                        "broken anchor: {target} has no heading with id `{anchor}`"
                    ))
                };
                diagnostics.push(
                    d.in_file(&page.doc.file)
                        .at(link.line, link.column)
                        .help(help),
                );
            }
            add(from, to);
        }
        for &e in &page.rendered.mentioned {
            if let Some(&to) = entity_pages.get(entities.slugs[e].as_str()) {
                add(from, to);
            }
        }
    }
    for claim in claims {
        for c in &claim.citations {
            add(c.page, claim.page);
        }
    }
    for (page, links) in pages.iter_mut().zip(backlinks) {
        page.backlinks = links.into();
    }
}
