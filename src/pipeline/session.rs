//! A build that remembers: the loaded documents, the rendered markdown, the templates and the
//! fingerprint of every page, so the next build after a change redoes only what the change
//! touched. `weave build` is one session building once; `weave serve` keeps one alive.
//!
//! What a change redoes: a content file reloads that file (a folder change rescans `content/`);
//! markdown renders again only where its inputs changed (`site::markdown_cache`); every page
//! whose template inputs changed renders again (`render::job`). A template, theme, static or
//! config change reloads those and renders every page. The result is always the same bytes a
//! fresh build gives; the tests check exactly that.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content::{self, Document, Loaded};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::pipeline::theme_state::ThemeState;
use crate::pipeline::{Changes, Options, Outcome};
use crate::progress::Progress;
use crate::publish;
use crate::render::Fingerprints;
use crate::render::on_request::OnRequest;
use crate::render::views::Views;
use crate::search;
use crate::site::markdown_cache::MarkdownCache;
use crate::site::{self, Site};
use crate::spill::Spill;
use crate::spill::stored::{Store, Stored};

/// The site's files: path inside the output to where its bytes are kept (`stored`: on disk for
/// `weave serve`). The map is persistent, so `weave serve` hands each build's file set to the
/// server without copying it (a clone shares every entry; an insert copies only the path to
/// one): copying 20,000 entries was a third of a text edit.
pub type Files = imbl::HashMap<String, Stored>;

pub struct Session {
    pub(super) opts: Options,
    pub(super) config: Option<(Config, Vec<Diagnostic>)>,
    pub(super) theme: Option<ThemeState>,
    /// Every content file by source path, loaded or failed.
    pub(super) files_loaded: BTreeMap<String, Loaded>,
    /// Which folders' `index.md` are section pages, for the files loaded.
    pub(super) layout: content::Layout,
    pub(super) walk_diagnostics: Vec<Diagnostic>,
    /// The files in `content/` that are not markdown, published at their own paths.
    pub(super) assets: content::assets::Assets,
    pub(super) markdown: MarkdownCache,
    pub(super) fingerprints: Option<Fingerprints>,
    pub(super) files: Files,
    /// Where `files` keep their bytes: memory unless `keep_files_on_disk` was called.
    pub(super) store: Store,
    pub(super) site: Option<Arc<Site>>,
    /// The last good site's views, and what its build reported; kept only while the last
    /// build succeeded, for `text_edit`.
    pub(super) views: Option<Arc<Views>>,
    pub(super) reported: Vec<Diagnostic>,
    /// Build the search index as part of the build (`weave build`); `weave serve` builds it
    /// apart, so pages update without waiting for it.
    pub inline_search: bool,
    pub(super) search: search::Index,
    /// Keep page fingerprints and rendered markdown for the next build (`weave serve`); a
    /// one-off build skips them. Set with `remember_between_builds`.
    pub(super) incremental: bool,
    /// Hand every file to this as it is made instead of keeping it (`weave build` and
    /// `weave check`); `files()` then stays empty.
    pub stream: Option<Arc<dyn Sink>>,
    /// Told of each new site graph as soon as it is built without errors, before its pages
    /// render: `weave serve` starts the search index on it then, beside the pages.
    /// On a site of several languages, every language's graph, the default's first, once
    /// all are built.
    pub on_site: Option<Box<OnSite>>,
    /// Told, once a build's graph and views are made and before its pages render, how to
    /// render any one of them: `weave serve` answers requests with it until its first build is
    /// done. Not told on a site of several languages, nor when the build already failed.
    pub on_pages: Option<Box<dyn FnMut(OnRequest) + Send>>,
    /// Where the stages of a long build show how far they are (`weave build` and `weave
    /// serve`'s first build, on a terminal); off unless set.
    pub progress: Progress,
    /// Code blocks highlighted so far (`pipeline::highlights` reads and writes them on disk).
    pub highlights: Arc<crate::markdown::highlight::HighlightCache>,
    /// On a site of several languages, the language this session builds (`languages::Scope`).
    pub scope: Option<Arc<crate::languages::Scope>>,
    /// Each page's versions in the other languages, set before the pages render.
    pub translations: Arc<crate::languages::translations::Translations>,
    /// The default language's pages by neutral path, which a link to a page this language
    /// has no version of leads to.
    pub elsewhere: Arc<crate::markdown::links::UrlMap>,
    /// `llms-full.txt`, put together from the twins when served (`weave serve`).
    pub(super) composed: Option<Arc<publish::llms::Composition>>,
    /// What the quick path left to make after its pages (`pipeline::later`).
    pub(super) unsettled: Option<(u64, publish::llms::Later)>,
    /// How many times the quick path left something for later: numbers `unsettled`.
    pub(super) left_for_later: u64,
    /// Whether the quick path leaves the pages that list an edited page to `finish_deferred`.
    pub(super) defer_listings: bool,
    pub(super) deferred: Option<super::deferred::Deferred>,
    /// The sessions of the site's other languages, which this one (the default's) leads.
    pub(super) others: Vec<Session>,
    /// Every language's files together, after a multilingual build.
    pub(super) combined: Option<Files>,
    /// A build failed after some languages changed their files: `combined` is made whole
    /// again on the next success.
    pub(super) recombine: bool,
    /// How each other language's translations stand, after a multilingual build.
    pub survey: Vec<crate::languages::stale::Survey>,
    /// Work out `survey` on each multilingual build (`weave serve` shows no notes: it skips it).
    pub survey_translations: bool,
}

/// What `on_site` is told: every language's graph, the default's first.
pub type OnSite = dyn Fn(Vec<Arc<Site>>) + Send;

/// A build whose site graph is made and whose pages are yet to render: the languages of a
/// multilingual site are all prepared before any renders, so each page knows its versions.
pub struct Prepared {
    pub(super) site: Arc<Site>,
    pub(super) texts: Option<Vec<String>>,
    pub(super) diagnostics: Diagnostics,
    pub(super) changes: Changes,
    pub(super) start: Instant,
}

impl Prepared {
    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }
}

impl Session {
    pub fn new(opts: Options) -> Session {
        Session {
            opts,
            config: None,
            theme: None,
            files_loaded: BTreeMap::new(),
            layout: content::Layout::default(),
            walk_diagnostics: Vec::new(),
            assets: content::assets::Assets::new(),
            markdown: MarkdownCache::off(),
            fingerprints: None,
            files: Files::new(),
            store: Store::default(),
            site: None,
            views: None,
            reported: Vec::new(),
            inline_search: true,
            search: search::Index::default(),
            incremental: false,
            stream: None,
            on_site: None,
            on_pages: None,
            progress: Progress::off(),
            highlights: Arc::default(),
            scope: None,
            translations: Arc::default(),
            elsewhere: Arc::default(),
            composed: None,
            unsettled: None,
            left_for_later: 0,
            defer_listings: false,
            deferred: None,
            others: Vec::new(),
            combined: None,
            recombine: false,
            survey: Vec::new(),
            survey_translations: true,
        }
    }

    /// Makes each build keep what the next one can reuse: page fingerprints, rendered
    /// markdown and the loaded texts, so an edit renders only what it touches (`weave serve`).
    pub fn remember_between_builds(&mut self) {
        self.incremental = true;
        self.markdown = MarkdownCache::default();
        // Kept runs make the next index read only the pages that changed (a site of several
        // languages indexes within its builds).
        self.search = search::Index::remembering();
    }

    /// Keeps the files of each build on disk, beside the site, rather than in memory
    /// (`weave serve`); where that cannot be, they stay in memory.
    pub fn keep_files_on_disk(&mut self) {
        self.store = Store::on_disk(&self.opts.root);
    }

    /// Where the session keeps its files.
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// The last good site's files (every language's).
    pub fn files(&self) -> &Files {
        self.combined.as_ref().unwrap_or(&self.files)
    }

    /// The files made of other files when served (`llms-full.txt` of each language), by
    /// their paths in the output.
    pub fn compositions(&self) -> Vec<(String, Arc<publish::llms::Composition>)> {
        std::iter::once(self)
            .chain(&self.others)
            .filter_map(|s| s.composed.as_ref())
            .map(|full| (full.path(), Arc::clone(full)))
            .collect()
    }

    /// The last good site graph.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Builds after `changes`. On failure nothing is replaced: the last good files stay.
    pub fn build(&mut self, changes: Changes) -> Outcome {
        // What the last build deferred goes in first (`weave serve` puts it in at once).
        let _ = self.finish_deferred();
        if changes.config || self.config.is_none() {
            self.set_up_languages();
        }
        if self.is_multilingual() {
            return self.build_languages(changes);
        }
        if let Some(outcome) = self.quick(&changes) {
            return outcome;
        }
        self.build_all(changes)
    }

    fn build_all(&mut self, changes: Changes) -> Outcome {
        match self.prepare(changes) {
            Ok(prepared) => self.finish(prepared),
            Err(outcome) => outcome,
        }
    }

    /// The quick path's outcome when the changes take it, else None (`prepare` then).
    pub fn quick(&mut self, changes: &Changes) -> Option<Outcome> {
        let outcome = self.text_edit(changes);
        if outcome.is_none() {
            self.views = None;
        }
        outcome
    }

    /// Loads what `changes` touched and builds the site graph; the outcome instead when the
    /// build failed before that.
    pub fn prepare(&mut self, mut changes: Changes) -> Result<Prepared, Outcome> {
        let start = Instant::now();
        let mut diagnostics = Diagnostics::default();
        if changes.config || self.config.is_none() {
            changes = Changes::everything();
            self.config = None;
            self.fingerprints = None;
            match self.load_config() {
                Ok(c) => self.config = Some(c),
                Err(errors) => return Err(self.fail(errors, start)),
            }
        }
        let (config, config_warnings) = self.config.clone().expect("loaded above");
        diagnostics.extend(config_warnings);

        if changes.theme || self.theme.is_none() {
            self.theme = None;
            self.fingerprints = None;
            match ThemeState::load(&self.opts.root, &config) {
                Ok(t) => self.theme = Some(t),
                Err(errors) => {
                    diagnostics.extend(errors);
                    // Content is still checked, so one run reports every problem.
                    let loading = self.progress.stage("loading", 0);
                    self.reload_content(&config, &changes, content::Bodies::Held);
                    loading.end();
                    diagnostics.extend(self.content_diagnostics());
                    return Err(self.fail(diagnostics.into_sorted(), start));
                }
            }
        }
        diagnostics.extend(
            self.theme
                .as_ref()
                .map(|t| t.warnings.clone())
                .unwrap_or_default(),
        );
        // Each page's HTML and plain text once rendered (in `weave serve` each file's text
        // too) move out of memory to a file beside the output (`spill`): a one-off build's
        // own, with the blocks it highlights, or the one `weave serve` keeps its files in
        // (where neither can be made, they stay in memory).
        let spill = match self.incremental {
            true => self.store.spill(),
            false => {
                let target = self.opts.output_dir();
                let folder = target.parent().filter(|p| p.is_dir());
                Spill::new(folder.unwrap_or(&self.opts.root)).ok()
            }
        };
        self.search.keep_files_in(self.store.clone());
        self.markdown.spill_to(spill.clone());
        self.search.spill_to(spill.clone());
        if let (false, Some(spill)) = (self.incremental, &spill) {
            self.highlights.spill_to(spill);
            self.search.release_texts();
        }
        let loading = self.progress.stage("loading", 0);
        let bodies = content::Bodies::of(self.incremental, spill.as_ref());
        self.reload_content(&config, &changes, bodies);
        loading.end();
        diagnostics.extend(self.content_diagnostics());

        let docs: Vec<Arc<Document>> = self
            .files_loaded
            .values()
            .filter_map(|l| l.as_ref().ok())
            .map(|(doc, _)| doc)
            .filter(|doc| self.opts.drafts || !doc.front.draft)
            .map(Arc::clone)
            .collect();
        let sizes = self
            .assets
            .iter()
            .map(|(source, a)| (source.clone(), a.size))
            .collect();
        let (mut site, site_diagnostics) = site::build(
            config,
            docs,
            sizes,
            &mut self.markdown,
            Arc::clone(&self.highlights),
            Arc::clone(&self.theme.as_ref().expect("loaded above").shortcodes),
            &self.elsewhere,
            &self.progress,
        );
        let search = self.inline_search && site.config.search;
        let mut texts = None;
        if !self.incremental {
            // A one-off build renders each text once: free the texts now (a tenth of the
            // memory at 10,000 pages). Serve keeps them to compare the next edit with.
            self.files_loaded.clear();
            site.drop_sources();
            // The plain texts go to the search index, which frees each once read.
            texts = search.then(|| site.take_texts());
        }
        diagnostics.extend(site_diagnostics);
        let site = Arc::new(site);
        if let Some(told) = &self.on_site
            && !self.inline_search
            && self.scope.is_none()
            && !diagnostics.has_errors()
        {
            told(vec![Arc::clone(&site)]);
        }
        Ok(Prepared {
            site,
            texts,
            diagnostics,
            changes,
            start,
        })
    }
}
