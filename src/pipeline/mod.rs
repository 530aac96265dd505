//! One build, start to finish: load → site graph → render → write. `check` is the same run
//! without the write. Every stage runs as far as it can, so one run reports every problem.
//! The stages live in `Session`, which `weave serve` keeps alive between builds.

mod changes;
mod deferred;
mod files;
mod finish;
pub mod highlights;
mod keeping;
mod languages;
mod later;
pub mod session;
mod text_edit;
#[cfg(test)]
mod text_edit_tests;
mod theme_state;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Diagnostic;
use crate::output;
use crate::progress::{Progress, Timings};
use crate::site::Site;
pub use changes::{Changes, Outcome};
pub use later::LaterJob;
pub use session::{Files, Session};

#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// False for `weave check`: everything is checked, nothing written.
    pub write: bool,
}

impl Options {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[cfg(test)]
impl Session {
    /// A session that remembers between builds, as `weave serve`'s does, for tests: serve's
    /// address as the base URL, nothing written, the search index left out.
    pub fn serving_for_tests(root: PathBuf) -> Session {
        let mut session = Session::new(Options {
            root,
            output: None,
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
            write: false,
        });
        session.inline_search = false;
        session.remember_between_builds();
        session
    }

    /// Asserts that this session holds the files a fresh build of its site gives, byte for
    /// byte, and no others.
    pub fn assert_files_equal_a_fresh_build(&self) {
        let mut fresh = Session::serving_for_tests(self.opts.root.clone());
        assert!(!fresh.build(Changes::everything()).failed());
        let keys = |s: &Session| {
            let mut keys: Vec<String> = s.files().keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(self), keys(&fresh));
        for (path, stored) in fresh.files() {
            let held = self.files().get(path).unwrap().bytes().unwrap();
            assert!(
                held == stored.bytes().unwrap(),
                "{path} differs from a fresh build's:\n{}\n---- fresh:\n{}",
                String::from_utf8_lossy(&held),
                String::from_utf8_lossy(&stored.bytes().unwrap())
            );
        }
    }
}

#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub elapsed: Duration,
    /// How long each stage took, when the build showed its progress.
    pub timings: Option<Timings>,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `weave build` and `weave check`, showing their stages on `progress`.
pub fn run(opts: &Options, progress: Progress) -> Report {
    let start = Instant::now();
    let target = opts.output_dir();
    // Files are written into the staging folder as they are rendered; a failed build drops it.
    let staging = match opts.write {
        true => match output::check_target(&opts.root, &target).and_then(|()| {
            let record = opts.root.join(highlights::CACHE_DIR).join("output.bin");
            output::Staging::new(&target, Some(record))
        }) {
            Ok(s) => Some(Arc::new(s)),
            Err(d) => {
                return Report {
                    diagnostics: vec![d],
                    pages: 0,
                    elapsed: start.elapsed(),
                    timings: None,
                };
            }
        },
        false => None,
    };
    let mut session = Session::new(opts.clone());
    session.progress = progress;
    session.highlights = highlights::load(&opts.root);
    session.stream = Some(match staging.clone() {
        Some(staging) => staging,
        None => Arc::new(output::Discard),
    });
    let mut outcome = session.build(Changes::everything());
    session.stream = None;
    let mut progress = std::mem::take(&mut session.progress);
    let highlighted = Arc::clone(&session.highlights);
    // Freeing the graph, the views and the texts of 10,000 pages takes a twentieth of the
    // build on one core; nothing waits for that memory, so it is freed beside the commit.
    std::thread::spawn(move || drop(session));
    if let Some(staging) = staging
        && !outcome.failed()
    {
        let staging = Arc::into_inner(staging).expect("the session that wrote into it is gone");
        let writing = progress.stage("writing", 0);
        if let Err(d) = staging.commit() {
            outcome.diagnostics.push(d);
        }
        writing.end();
        if !outcome.failed() {
            highlights::save(&opts.root, &highlighted);
        }
    }
    Report {
        pages: outcome.rendered,
        diagnostics: outcome.diagnostics,
        elapsed: start.elapsed(),
        timings: progress.finish(),
    }
}

/// What `weave report` reads: every language's graph (the default's first) and how the
/// translations stand.
pub struct Graphs {
    pub sites: Vec<Arc<Site>>,
    pub survey: Vec<crate::languages::stale::Survey>,
}

/// Checks the site as `weave check` does and returns its graphs, when the check passes.
pub fn site_graph(opts: &Options) -> (Option<Graphs>, Report) {
    let mut session = Session::new(Options {
        write: false,
        ..opts.clone()
    });
    session.inline_search = false;
    // The report reads the pages' texts, which a one-off build frees.
    session.remember_between_builds();
    session.stream = Some(Arc::new(output::Discard));
    let outcome = session.build(Changes::everything());
    let site = if outcome.failed() {
        None
    } else {
        Some(Graphs {
            sites: session.sites(),
            survey: std::mem::take(&mut session.survey),
        })
    };
    let report = Report {
        pages: outcome.rendered,
        diagnostics: outcome.diagnostics,
        elapsed: outcome.elapsed,
        timings: None,
    };
    (site, report)
}

/// Prints every diagnostic to stderr, then a one-line summary (with the stages' times when
/// the build showed its progress). Used by `build` and `check`; `quiet` prints the errors alone.
pub fn print_report(root: &Path, report: &Report, verb: &str, quiet: bool) {
    let notes: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.is_note()).collect();
    let shown = |d: &&Diagnostic| if quiet { d.is_error() } else { !d.is_note() };
    for d in report.diagnostics.iter().filter(shown) {
        eprintln!("{}", d.render(root));
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    if quiet {
        return;
    }
    if verb == "check" {
        print_notes(root, &notes);
    }
    let warnings = report.diagnostics.len() - errors - notes.len();
    let ms = match &report.timings {
        Some(t) => format!("{} ms: {}", report.elapsed.as_millis(), t.describe()),
        None => format!("{} ms", report.elapsed.as_millis()),
    };
    let noted = match (notes.len(), verb) {
        (0, _) => String::new(),
        (n, "check") => format!(", {n} note{}", plural(n)),
        (n, _) => format!(", {n} note{} (`weave check` lists them)", plural(n)),
    };
    if errors > 0 {
        eprintln!(
            "{verb} failed: {errors} error{}, {warnings} warning{}{noted} ({ms}); nothing was written",
            plural(errors),
            plural(warnings)
        );
    } else {
        eprintln!(
            "{verb} finished: {} pages, {warnings} warning{}{noted} ({ms})",
            report.pages,
            plural(warnings)
        );
    }
}

/// Notes, the first few of each kind in full and the rest counted: a folder of thousands of
/// plain markdown files gives thousands of the same note.
fn print_notes(root: &Path, notes: &[&Diagnostic]) {
    const SHOWN: usize = 3;
    let mut kinds: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
    for d in notes {
        match kinds.iter_mut().find(|(m, _)| *m == d.message) {
            Some((_, all)) => all.push(d),
            None => kinds.push((&d.message, vec![d])),
        }
    }
    for (message, all) in kinds {
        for d in all.iter().take(SHOWN) {
            eprintln!("{}", d.render(root));
        }
        if all.len() > SHOWN {
            eprintln!("note: {message}: {} more files\n", all.len() - SHOWN);
        }
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
