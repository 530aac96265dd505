//! A site in several languages is built as one site per language: the session of the default
//! language leads, and holds one session for each other language, each reading its own files
//! (`languages::Scope`) under its own configuration and writing under `<code>/`.
//!
//! A build runs in three steps, so that every page knows its versions before any renders:
//! each language whose files changed loads them and builds its graph (the default first, since
//! a translation links to the default's version of a page it lacks); the graphs are paired
//! (`languages::translations`); then the languages render. A language nothing touched renders
//! again only when its pages' versions or the default's URLs changed, and then only the pages
//! whose values changed, as any rebuild does.

use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::languages::{Scope, stale, translations};
use crate::markdown::links::UrlMap;
use crate::output::Sink;
use crate::pipeline::session::{Files, Prepared, Session};
use crate::pipeline::{Changes, Outcome};
use crate::search;
use crate::site::Site;

/// Where one language stands in a build.
enum Step {
    /// Nothing to do, unless its pages' versions changed.
    Idle,
    /// Rendered by the quick path.
    Quick(Outcome),
    /// Its graph is built; its pages render last. An outcome of the quick path taken
    /// earlier in the same build, if any, is reported with it.
    Prepared(Prepared, Option<Outcome>),
    Failed(Outcome),
}

/// A sink that writes under a language's folder.
struct Prefixed {
    inner: Arc<dyn Sink>,
    prefix: String,
}

impl Sink for Prefixed {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(&format!("{}{path}", self.prefix), bytes)
    }

    fn keep(&self, path: &str) -> bool {
        self.inner.keep(&format!("{}{path}", self.prefix))
    }

    fn write_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        self.inner
            .write_pieces(&format!("{}{path}", self.prefix), next)
    }
}

impl Session {
    /// Reads the configuration's languages: with more than one, this session builds the
    /// default and leads a session for each other; with one, it builds the site alone.
    pub(super) fn set_up_languages(&mut self) {
        let Ok((config, _)) = Config::load(&self.opts.root) else {
            return;
        };
        if !config.is_multilingual() {
            self.scope = None;
            self.others.clear();
            self.combined = None;
            return;
        }
        let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        let scope = |code: &str| Scope {
            code: code.to_string(),
            default: codes[0].clone(),
            codes: codes.clone(),
        };
        if self.scope.as_ref().is_some_and(|s| s.codes == codes) {
            return;
        }
        self.scope = Some(Arc::new(scope(&codes[0])));
        self.others = codes[1..]
            .iter()
            .map(|code| {
                let mut other = Session::new(self.opts.clone());
                other.scope = Some(Arc::new(scope(code)));
                other.highlights = Arc::clone(&self.highlights);
                other.inline_search = self.inline_search;
                other.store = self.store.clone();
                if self.incremental {
                    other.remember_between_builds();
                }
                other
            })
            .collect();
    }

    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }

    /// Every language's last good site graph, the default's first.
    pub fn sites(&self) -> Vec<Arc<Site>> {
        std::iter::once(self)
            .chain(self.others.iter())
            .filter_map(|s| s.site.clone())
            .collect()
    }

    pub(super) fn build_languages(&mut self, changes: Changes) -> Outcome {
        let start = Instant::now();
        let routed = self.route(&changes);
        // Held apart while this session builds too, and given back at the end.
        let mut others = std::mem::take(&mut self.others);
        for other in others.iter_mut() {
            other.stream = self.stream.clone().map(|inner| {
                Arc::new(Prefixed {
                    inner,
                    prefix: other.prefix(),
                }) as Arc<dyn Sink>
            });
        }
        let mut steps = vec![step(self, routed[0].clone(), false)];
        // The default's URLs move only when its graph was built again.
        let elsewhere = match &steps[0] {
            Step::Prepared(p, _) => Some(Arc::new(urls_of(p.site()))),
            _ if others.iter().any(|o| o.elsewhere.is_empty()) => {
                self.site.as_deref().map(|s| Arc::new(urls_of(s)))
            }
            _ => None,
        };
        for (other, changes) in others.iter_mut().zip(&routed[1..]) {
            let moved = elsewhere.as_ref().is_some_and(|e| **e != *other.elsewhere);
            if moved && let Some(e) = &elsewhere {
                other.elsewhere = Arc::clone(e);
            }
            steps.push(step(other, changes.clone(), moved));
        }
        // A text edit moves no page; only a graph built again can change pages' versions.
        if steps.iter().any(|s| matches!(s, Step::Prepared(..))) {
            let sessions: Vec<&mut Session> = std::iter::once(&mut *self)
                .chain(others.iter_mut())
                .collect();
            pair_versions(sessions, &mut steps);
        }
        self.tell_sites(&others, &steps);

        let mut diagnostics = Diagnostics::default();
        let mut changed = Vec::new();
        let mut rendered = 0;
        let sessions = std::iter::once(&mut *self).chain(others.iter_mut());
        for (session, step) in sessions.zip(steps) {
            let prefix = session.prefix();
            let done = match step {
                Step::Idle => continue,
                Step::Quick(o) | Step::Failed(o) => vec![o],
                Step::Prepared(p, earlier) => {
                    let mut all: Vec<Outcome> = earlier.into_iter().collect();
                    all.push(session.finish(p));
                    all
                }
            };
            for o in done {
                diagnostics.extend(o.diagnostics);
                rendered += o.rendered;
                changed.extend(o.changed.into_iter().map(|p| format!("{prefix}{p}")));
            }
        }
        for other in others.iter_mut() {
            // A one-off build commits its output once every language let go of it.
            other.stream = None;
        }
        changed.sort();
        changed.dedup();
        self.others = others;
        if !diagnostics.has_errors() && self.survey_translations {
            let sites = self.sites();
            let refs: Vec<&Site> = sites.iter().map(|s| &**s).collect();
            self.survey = stale::survey(&self.opts.root, &refs);
            diagnostics.extend(stale::notes(&self.survey));
        }
        let outcome = Outcome {
            diagnostics: diagnostics.into_sorted(),
            changed,
            rendered,
            elapsed: start.elapsed(),
        };
        if self.stream.is_none() {
            match outcome.failed() {
                // The languages that did build changed their files: combine all next time.
                true => self.recombine = true,
                false => self.update_combined(&outcome.changed),
            }
        }
        outcome
    }

    /// Hands every language's graph to `on_site` (`weave serve` indexes them apart) when one
    /// was built again and none failed.
    fn tell_sites(&self, others: &[Session], steps: &[Step]) {
        let Some(told) = &self.on_site else { return };
        if self.inline_search
            || steps.iter().any(|s| matches!(s, Step::Failed(_)))
            || !steps.iter().any(|s| matches!(s, Step::Prepared(..)))
        {
            return;
        }
        let sites = std::iter::once(self)
            .chain(others.iter())
            .zip(steps)
            .filter_map(|(s, step)| match step {
                Step::Prepared(p, _) => Some(Arc::clone(p.site())),
                _ => s.site.clone(),
            })
            .collect();
        told(sites);
    }

    /// Brings the combined file set up to date: whole after the first build, else only the
    /// files that changed.
    fn update_combined(&mut self, changed: &[String]) {
        if self.combined.is_none() || self.recombine {
            self.combined = Some(self.combine());
            self.recombine = false;
            return;
        }
        let mut all = self.combined.take().expect("checked");
        for path in changed {
            let owner = self.others.iter().find(|o| path.starts_with(&o.prefix()));
            let now = match owner {
                Some(o) => o.files.get(&path[o.prefix().len()..]),
                None => self.files.get(path),
            };
            match now {
                Some(bytes) => {
                    all.insert(path.clone(), bytes.clone());
                }
                None => {
                    all.remove(path);
                }
            }
        }
        self.combined = Some(all);
    }

    /// Puts files made apart from the build (a language's search index) in place of those
    /// under `prefix`, in the language's own set and in the combined one.
    pub(super) fn replace_language_files(&mut self, prefix: &str, files: search::Files) {
        let owner = self
            .others
            .iter_mut()
            .find(|o| prefix.starts_with(&o.prefix()));
        match owner {
            Some(other) => {
                let inner = prefix[other.prefix().len()..].to_string();
                let language = other.prefix();
                other.files.retain(|path, _| !path.starts_with(&inner));
                for (path, bytes) in &files {
                    other
                        .files
                        .insert(path[language.len()..].to_string(), bytes.clone());
                }
            }
            None => {
                self.files.retain(|path, _| !path.starts_with(prefix));
                for (path, bytes) in &files {
                    self.files.insert(path.clone(), bytes.clone());
                }
            }
        }
        if let Some(all) = &mut self.combined {
            all.retain(|path, _| !path.starts_with(prefix));
            for (path, bytes) in files {
                all.insert(path, bytes);
            }
        }
    }

    /// This language's folder in the output: empty for the default.
    fn prefix(&self) -> String {
        match &self.scope {
            Some(s) if !s.is_default() => format!("{}/", s.code),
            _ => String::new(),
        }
    }

    /// Splits changes by language: a page goes to its language, under its neutral path; a
    /// shared file to every language; anything else to all.
    fn route(&self, changes: &Changes) -> Vec<Changes> {
        let everyone = Changes {
            content: Vec::new(),
            ..changes.clone()
        };
        let sessions: Vec<&Session> = std::iter::once(self).chain(self.others.iter()).collect();
        let mut routed = vec![everyone; sessions.len()];
        for path in &changes.content {
            for (session, out) in sessions.iter().zip(routed.iter_mut()) {
                let Some(scope) = &session.scope else {
                    continue;
                };
                let neutral = match content::assets::is_asset(path) {
                    true => scope.asset(path).map(|(n, _)| n),
                    false => scope.markdown(path),
                };
                if let Some(n) = neutral
                    && !out.content.contains(&n)
                {
                    out.content.push(n);
                }
            }
        }
        routed
    }

    /// Every language's files in one set, each under its folder.
    fn combine(&self) -> Files {
        let mut all = self.files.clone();
        for other in &self.others {
            let prefix = other.prefix();
            for (path, bytes) in other.files.iter() {
                all.insert(format!("{prefix}{path}"), bytes.clone());
            }
        }
        all
    }
}

/// What one language does for `changes`: the quick path when it applies, else its graph.
fn step(session: &mut Session, changes: Changes, forced: bool) -> Step {
    let first = session.site.is_none() && session.config.is_none();
    if changes.is_empty() && !forced && !first {
        return Step::Idle;
    }
    if !forced && let Some(outcome) = session.quick(&changes) {
        return Step::Quick(outcome);
    }
    session.views = None;
    prepared(session, changes)
}

fn prepared(session: &mut Session, changes: Changes) -> Step {
    match session.prepare(changes) {
        Ok(p) => Step::Prepared(p, None),
        Err(o) => Step::Failed(o),
    }
}

/// Pairs the languages' graphs (each session's last, or the one it just built) and gives
/// each session its pages' versions; a language whose versions changed renders again.
fn pair_versions(mut sessions: Vec<&mut Session>, steps: &mut [Step]) {
    let sites: Option<Vec<Arc<Site>>> = sessions
        .iter()
        .zip(steps.iter())
        .map(|(s, step)| match step {
            Step::Prepared(p, _) => Some(Arc::clone(p.site())),
            Step::Failed(_) => None,
            _ => s.site.clone(),
        })
        .collect();
    let Some(sites) = sites else { return };
    let refs: Vec<&Site> = sites.iter().map(|s| &**s).collect();
    let paired = translations::pair(&refs);
    for ((session, versions), step) in sessions.iter_mut().zip(paired).zip(steps.iter_mut()) {
        if *session.translations == versions {
            continue;
        }
        session.translations = Arc::new(versions);
        if matches!(step, Step::Idle | Step::Quick(_)) {
            let earlier = match std::mem::replace(step, Step::Idle) {
                Step::Quick(o) => Some(o),
                _ => None,
            };
            session.views = None;
            *step = match prepared(session, Changes::default()) {
                Step::Prepared(p, _) => Step::Prepared(p, earlier),
                other => other,
            };
        }
    }
}

/// The default language's pages by neutral path, for links from translations lacking them.
fn urls_of(site: &Site) -> UrlMap {
    site.pages
        .iter()
        .map(|p| (p.doc.source.clone(), site.url(&p.path)))
        .collect()
}
