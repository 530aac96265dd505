//! The second half of a build: a prepared site's pages rendered (and, while they render,
//! its search index made), the files beside them published, and everything written or kept.
//! `weave serve` is handed the means to render any page on request (`on_pages`) before
//! this starts.

use std::sync::Arc;

use rayon::prelude::*;

use crate::content;
use crate::pipeline::Outcome;
use crate::pipeline::keeping::Keeping;
use crate::pipeline::session::{Prepared, Session};
use crate::publish;
use crate::render::on_request::OnRequest;
use crate::render::views::Views;
use crate::render::{self, Output};

impl Session {
    /// Renders the pages of a prepared build and writes or keeps its files.
    pub fn finish(&mut self, prepared: Prepared) -> Outcome {
        let Prepared {
            site,
            texts,
            mut diagnostics,
            changes,
            start,
        } = prepared;
        let search = self.inline_search && site.config.search;
        let views = {
            let _linking = self.progress.stage("preparing pages", 0);
            // A one-off build makes each page's view when it is asked for; serve holds them
            // all, to swap one after an edit.
            let mut views = match self.incremental {
                true => Views::new(&site),
                false => Views::made_on_demand(&site),
            };
            views.translations = Arc::clone(&self.translations);
            Arc::new(views)
        };

        let theme = self.theme.as_mut().expect("loaded above");
        if let Some(told) = &mut self.on_pages
            && self.scope.is_none()
            && !diagnostics.has_errors()
        {
            let statics = theme
                .statics
                .iter()
                .map(|o| (o.path.clone(), o.bytes.as_slice().into()));
            let assets = self
                .assets
                .iter()
                .map(|(path, a)| (path.clone(), Arc::clone(&a.bytes)));
            told(OnRequest::new(
                Arc::clone(&site),
                Arc::clone(&views),
                theme.templates.clone(),
                &theme.assets,
                statics.chain(assets).collect(),
            ));
        }
        let content_changed = changes.rescan || !changes.content.is_empty();
        let previous = match &self.fingerprints {
            Some(_) if theme.reads_any_page && content_changed => None,
            other => other.as_ref(),
        };
        let stream = self.stream.as_deref();
        // A session that keeps its files has each page kept (on disk) as it renders.
        let keeping = Keeping::new(&self.store, &self.files);
        let sink = stream.unwrap_or(&keeping);
        // A page's HTML is read once, for its own page, unless templates ask for other pages
        // or the feed carries whole pages; serve keeps every body for the next edit.
        let release_bodies =
            !self.incremental && !theme.reads_any_page && !site.config.feed_full_content;
        let index = &mut self.search;
        let progress = &self.progress;
        let (rendering, search_files) = rayon::join(
            || {
                let pages = progress.stage("rendering pages", render::all_jobs(&site).len());
                render::render_site(
                    &site,
                    &views,
                    &mut theme.templates,
                    &theme.assets,
                    previous,
                    self.incremental,
                    release_bodies,
                    sink,
                    &pages,
                )
            },
            || {
                search.then(|| {
                    let indexing = progress.stage("search index", site.pages.len());
                    index.build(&site, texts, stream, &indexing)
                })
            },
        );
        diagnostics.extend(rendering.diagnostics);
        // Files beside the pages, at their own paths.
        let mut generated: Vec<Output> = self
            .assets
            .iter()
            .map(|(source, a)| Output {
                path: source.clone(),
                bytes: a.bytes.to_vec(),
                from: std::path::Path::new(content::CONTENT_DIR).join(source),
            })
            .collect();
        // Returned only where the session keeps its files (a one-off build streams them).
        let mut index_files = Vec::new();
        match search_files {
            Some(Ok(files)) => index_files = files,
            Some(Err(d)) => diagnostics.push(d),
            None => {}
        }
        let crawled = self.progress.stage("feed and sitemap", 0);
        generated.extend(publish::crawler_files(&site, &self.translations, |name| {
            theme.ships(name)
        }));
        crawled.end();
        let mut composed = None;
        if stream.is_none() {
            match publish::llms::files(&site, &views, &keeping, |name| theme.ships(name)) {
                Ok((files, full)) => {
                    generated.extend(files);
                    composed = full.map(Arc::new);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if diagnostics.has_errors() {
            return self.fail(diagnostics.into_sorted(), start);
        }

        let rendered = rendering.rendered;
        let changed = match stream {
            Some(stream) => {
                // The theme's files are the whole site's, published once, by the default language.
                let statics = match site.config.language_prefix.is_empty() {
                    true => &theme.statics[..],
                    false => &[],
                };
                // Twins are one file per page: written in parallel, as pages are.
                let streamed = statics
                    .par_iter()
                    .chain(&generated)
                    .try_for_each(|o| stream.write(&o.path, &o.bytes))
                    .and_then(|()| {
                        let _twins = self.progress.stage("twins and llms files", 0);
                        publish::llms::stream(&site, &views, stream, |name| theme.ships(name))
                    })
                    .and_then(|()| {
                        let cards = publish::social::cards(&site, &views);
                        publish::social::stream(&self.opts.root, cards, stream)
                    });
                if let Err(d) = streamed {
                    diagnostics.push(d);
                    return self.fail(diagnostics.into_sorted(), start);
                }
                Vec::new()
            }
            None => {
                let mut kept = keeping.into_made();
                kept.extend(index_files);
                let mut changed = self.update_files(kept, generated, &rendering.fingerprints);
                changed.extend(self.refresh_images(&site, &views));
                changed.sort();
                changed.dedup();
                changed
            }
        };
        self.fingerprints = Some(rendering.fingerprints);
        self.composed = composed;
        // Every twin and `llms.txt` were made again above.
        self.unsettled = None;
        self.site = Some(site);
        let diagnostics = diagnostics.into_sorted();
        if self.incremental {
            self.views = Some(views);
            self.reported = diagnostics.clone();
        }
        Outcome {
            diagnostics,
            changed,
            rendered,
            elapsed: start.elapsed(),
        }
    }
}
