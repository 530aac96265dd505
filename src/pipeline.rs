//! One build, start to finish: load → site graph → render → write. `check` is the same run
//! without the write. Every stage runs as far as it can, so one run reports every problem.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::{self, Templates, theme};
use crate::{content, output, publish, site};

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

#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub files_written: usize,
    pub elapsed: Duration,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub fn run(opts: &Options) -> Report {
    let start = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let (pages, files_written) = stages(opts, &mut diagnostics);
    Report {
        diagnostics: diagnostics.into_sorted(),
        pages,
        files_written,
        elapsed: start.elapsed(),
    }
}

/// Returns (pages rendered, files written).
fn stages(opts: &Options, diagnostics: &mut Diagnostics) -> (usize, usize) {
    let root = opts.root.as_path();
    let mut config = match Config::load(root) {
        Ok((config, warnings)) => {
            diagnostics.extend(warnings);
            config
        }
        Err(errors) => {
            diagnostics.extend(errors);
            return (0, 0);
        }
    };
    if let Some(url) = &opts.base_url
        && let Err(d) = config.set_base_url(url)
    {
        diagnostics.push(d);
        return (0, 0);
    }
    let theme = theme::resolve(root, &config.theme)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let templates = theme
        .as_ref()
        .and_then(|t| Templates::load(t).map_err(|e| diagnostics.extend(e)).ok());

    let (docs, load_diagnostics) = content::load(root, &config, opts.drafts);
    diagnostics.extend(load_diagnostics);
    let (site, site_diagnostics) = site::build(config, docs);
    diagnostics.extend(site_diagnostics);

    let (Some(theme), Some(templates)) = (theme, templates) else {
        return (0, 0);
    };
    let (assets, hashed) = match publish::assets::fingerprint(&theme) {
        Ok(a) => a,
        Err(d) => {
            diagnostics.push(d);
            return (0, 0);
        }
    };
    // The search index needs only the site graph, so it is built while templates render.
    let ((mut outputs, render_diagnostics), search) = rayon::join(
        || render::render_site(&site, templates, &assets),
        || site.config.search.then(|| publish::search::index(&site)),
    );
    diagnostics.extend(render_diagnostics);
    let pages = outputs.len();
    match search {
        Some(Ok(files)) => outputs.extend(files),
        Some(Err(d)) => diagnostics.push(d),
        None => {}
    }
    outputs.extend(hashed);
    outputs.extend(publish::crawler_files(&site, |name| {
        theme.statics.contains_key(name)
    }));
    if diagnostics.has_errors() || !opts.write {
        return (pages, 0);
    }
    let target = opts.output_dir();
    if let Err(d) = output::check_target(root, &target) {
        diagnostics.push(d);
        return (pages, 0);
    }
    let statics: Vec<_> = theme.statics.iter().collect();
    match output::write_atomic(&target, &outputs, &statics) {
        Ok(()) => (pages, outputs.len() + statics.len()),
        Err(d) => {
            diagnostics.push(d);
            (pages, 0)
        }
    }
}

/// Prints every diagnostic to stderr, then a one-line summary. Used by `build` and `check`.
pub fn print_report(root: &Path, report: &Report, verb: &str) {
    for d in &report.diagnostics {
        eprintln!("{}", d.render(root));
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    let ms = report.elapsed.as_millis();
    if errors > 0 {
        eprintln!(
            "{verb} failed: {errors} error{}, {warnings} warning{} ({ms} ms); nothing was written",
            plural(errors),
            plural(warnings)
        );
    } else {
        eprintln!(
            "{verb} finished: {} pages, {warnings} warning{} ({ms} ms)",
            report.pages,
            plural(warnings)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
