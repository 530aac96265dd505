//! What a session keeps of the site's files: the configuration, the content files loaded
//! (again only where a change touched them), and the output files of the last good build.

use std::time::Instant;

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::pipeline::session::{Files, Session};
use crate::pipeline::{Changes, Outcome};
use crate::publish::social;
use crate::render::views::Views;
use crate::render::{Fingerprints, Output};
use crate::search;
use crate::site::Site;
use crate::spill::stored::Stored;

impl Session {
    /// Adds files made apart from the build (the search index), replacing those under
    /// `prefix`; the files' paths are the output's (`fr/pagefind/...` for French).
    pub fn replace_files_under(&mut self, prefix: &str, files: search::Files) {
        if self.is_multilingual() {
            return self.replace_language_files(prefix, files);
        }
        self.files.retain(|path, _| !path.starts_with(prefix));
        for (path, kept) in files {
            self.files.insert(path, kept);
        }
    }

    pub(super) fn load_config(&self) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let (mut config, warnings) = Config::load(&self.opts.root)?;
        if let Some(url) = &self.opts.base_url {
            config.set_base_url(url).map_err(|d| vec![d])?;
        }
        if let Some(scope) = &self.scope {
            config = config.for_language(&scope.code)?;
        }
        Ok((config, warnings))
    }

    /// The files loaded keep their bodies where `bodies` says.
    pub(super) fn reload_content(
        &mut self,
        config: &Config,
        changes: &Changes,
        bodies: content::Bodies,
    ) {
        // A created or deleted note can turn a folder's `index.md` from a bundle's page into
        // the section's page or back, which changes that file's kind: load everything again.
        let layout_kept = || {
            let mut sources: std::collections::BTreeSet<&str> =
                self.files_loaded.keys().map(String::as_str).collect();
            for source in &changes.content {
                if content::written_at(&self.opts.root, source, self.scope.as_deref()).is_some() {
                    sources.insert(source);
                } else {
                    sources.remove(source.as_str());
                }
            }
            content::Layout::of(sources.into_iter()) == self.layout
        };
        if changes.rescan || self.files_loaded.is_empty() || !layout_kept() {
            let (files, assets, walk) =
                content::load_all(&self.opts.root, config, self.scope.as_deref(), bodies);
            self.files_loaded = files.into_iter().collect();
            self.layout = content::Layout::of(self.files_loaded.keys().map(String::as_str));
            self.walk_diagnostics = walk.into_iter().collect();
            self.assets = assets;
            return;
        }
        for source in &changes.content {
            if content::assets::is_asset(source) {
                match content::assets::load_in_scope(&self.opts.root, source, self.scope.as_deref())
                {
                    Some(asset) => self.assets.insert(source.clone(), asset),
                    None => self.assets.remove(source),
                };
                continue;
            }
            match content::load_file(
                &self.opts.root,
                config,
                &self.layout,
                source,
                self.scope.as_deref(),
            ) {
                Some(loaded) => {
                    self.files_loaded.insert(source.clone(), loaded);
                }
                None => {
                    self.files_loaded.remove(source);
                }
            }
        }
    }

    pub(super) fn content_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.walk_diagnostics.clone();
        for loaded in self.files_loaded.values() {
            match loaded {
                Ok((_, warnings)) => all.extend(warnings.iter().cloned()),
                Err(errors) => all.extend(errors.iter().cloned()),
            }
        }
        all
    }

    pub(super) fn fail(&self, diagnostics: Vec<Diagnostic>, start: Instant) -> Outcome {
        let mut d = Diagnostics::default();
        d.extend(diagnostics);
        Outcome {
            diagnostics: d.into_sorted(),
            changed: Vec::new(),
            rendered: 0,
            elapsed: start.elapsed(),
        }
    }

    /// Puts `output` in the file set over the file at its path (kept as it was when the bytes
    /// are the same); its path when its bytes changed.
    pub(super) fn put_file(&mut self, output: Output) -> Option<String> {
        let kept = (self.store).put_over(self.files.get(&output.path), &output.bytes);
        self.put_stored(output.path, kept)
    }

    /// Puts a file already stored (`Store::put_over` the one at its path) in the file set;
    /// its path when its bytes changed.
    pub(super) fn put_stored(&mut self, path: String, stored: Stored) -> Option<String> {
        if self.files.get(&path) == Some(&stored) {
            return None;
        }
        self.files.insert(path.clone(), stored);
        Some(path)
    }

    /// Applies a successful build to the file set: statics first, then generated files, then
    /// pages; files no longer produced are dropped. Returns the paths whose bytes changed.
    pub(super) fn update_files(
        &mut self,
        pages: Vec<(String, Stored)>,
        generated: Vec<Output>,
        fingerprints: &Fingerprints,
    ) -> Vec<String> {
        let theme = self.theme.as_ref().expect("a successful build has a theme");
        let mut next = Files::new();
        let whole_site = self
            .config
            .as_ref()
            .is_none_or(|(c, _)| c.language_prefix.is_empty());
        let old = &self.files;
        for o in theme.statics.iter().filter(|_| whole_site) {
            let kept = self.store.put_over(old.get(&o.path), &o.bytes);
            next.insert(o.path.clone(), kept);
        }
        // The search index, when built apart, carries over until it is rebuilt; link preview
        // images carry over until `refresh_images` sees which are still shown.
        for (path, bytes) in &self.files {
            if (!self.inline_search && search::is_index_file(path)) || social::is_image(path) {
                next.insert(path.clone(), bytes.clone());
            }
        }
        for o in generated {
            let kept = self.store.put_over(old.get(&o.path), &o.bytes);
            next.insert(o.path, kept);
        }
        // Pages skipped as unchanged keep their bytes from the last build.
        for path in fingerprints.keys() {
            if let Some(bytes) = self.files.get(path) {
                next.insert(path.clone(), bytes.clone());
            }
        }
        for (path, kept) in pages {
            next.insert(path, kept);
        }
        let mut changed: Vec<String> = next
            .iter()
            .filter(|(path, bytes)| self.files.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .chain(
                self.files
                    .keys()
                    .filter(|p| !next.contains_key(*p))
                    .cloned(),
            )
            .collect();
        changed.sort();
        self.files = next;
        changed
    }

    /// Makes the file set hold exactly the link preview images the pages show: those no
    /// longer shown go, those not held yet are drawn (or taken from the cache). Returns the
    /// paths that changed.
    pub(super) fn refresh_images(&mut self, site: &Site, views: &Views) -> Vec<String> {
        let cards = social::cards(site, views);
        let stale: Vec<String> = (self.files.keys())
            .filter(|p| social::is_image(p) && !cards.contains_key(*p))
            .cloned()
            .collect();
        for path in &stale {
            self.files.remove(path);
        }
        let missing: Vec<(String, social::Card)> = cards
            .into_iter()
            .filter(|(p, _)| !self.files.contains_key(p))
            .collect();
        let mut changed = stale;
        for (path, bytes) in social::images(&self.opts.root, missing) {
            changed.push(path.clone());
            let kept = self.store.put(&bytes);
            self.files.insert(path, kept);
        }
        changed
    }
}
