//! The search index: Pagefind's, which splits the index into chunks so a query loads only the
//! words it needs, however large the site. Pages are added as records made from the site graph
//! (title, description, plain text), not parsed back out of the rendered HTML.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::content::DocKind;
use crate::error::Diagnostic;
use crate::render::Output;
use crate::site::Site;

/// The folder of the index inside the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// True for the files of the index, which are made apart from the pages.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Builds the index for every page with text of its own, as files under `pagefind/`.
pub fn index(site: &Site) -> Result<Vec<Output>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    runtime
        .block_on(build(site))
        .map_err(|e| failed(&format!("{e:#}")))
}

async fn build(site: &Site) -> anyhow::Result<Vec<Output>> {
    let language = site.config.language.clone();
    let options = PagefindServiceConfig::builder()
        .force_language(language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options))?;
    for page in &site.pages {
        if matches!(page.doc.kind, DocKind::Home) {
            continue;
        }
        let f = &page.doc.front;
        let mut meta = BTreeMap::from([("title".to_string(), f.title.clone())]);
        let mut content = f.title.clone();
        if let Some(d) = &f.description {
            meta.insert("description".into(), d.clone());
            content.push_str(". ");
            content.push_str(d);
        }
        content.push(' ');
        content.push_str(&page.rendered.text);
        index
            .add_custom_record(
                site.url(&page.path),
                content,
                language.clone(),
                Some(meta),
                None,
                None,
            )
            .await?;
    }
    let files = index.get_files().await?;
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            let name = name.trim_start_matches("./").trim_start_matches('/');
            let path = if name.starts_with(&format!("{BUNDLE_DIR}/")) {
                name.to_string()
            } else {
                format!("{BUNDLE_DIR}/{name}")
            };
            Output {
                path,
                bytes: f.contents,
                from: BUNDLE_DIR.into(),
            }
        })
        .collect())
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(format!("building the search index failed: {why}"))
        .help("set `search: false` in weave.yaml to build without search, and report this")
}
