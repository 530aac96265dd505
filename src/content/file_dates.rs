//! When a content file last changed, for pages whose front matter gives no date: the time of
//! the last commit that touched it when the site is in a git repository (as Hugo's
//! `enableGitInfo`; the same for every build of a given commit), else the file's modification
//! time. Never 1970: a file always has one or the other.
//!
//! The whole history is read once per process with one `git log` (a `weave serve` started
//! before a commit keeps the dates it started with, as Hugo's server does).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, FixedOffset};

use crate::content::{CONTENT_DIR, Date};

/// Per file, relative to the site root with `/` separators, its last commit's time.
type Commits = HashMap<String, DateTime<FixedOffset>>;

/// The last change of `content/<source>` under `root`.
pub fn last_change(root: &Path, source: &str) -> Option<Date> {
    let rel = format!("{CONTENT_DIR}/{source}");
    let instant = match commits(root).get(&rel) {
        Some(t) => *t,
        None => {
            let modified = std::fs::metadata(root.join(&rel)).ok()?.modified().ok()?;
            DateTime::<chrono::Utc>::from(modified).fixed_offset()
        }
    };
    Some(Date {
        text: instant.format("%Y-%m-%d").to_string(),
        instant,
    })
}

/// The commits of the repository holding `root`, read once per root; empty outside git.
fn commits(root: &Path) -> Arc<Commits> {
    static BY_ROOT: OnceLock<Mutex<HashMap<PathBuf, Arc<Commits>>>> = OnceLock::new();
    let mut by_root = BY_ROOT
        .get_or_init(Mutex::default)
        .lock()
        .expect("no panics");
    Arc::clone(
        by_root
            .entry(root.to_path_buf())
            .or_insert_with(|| Arc::new(read_log(root))),
    )
}

/// `git log` over `content/`, newest first: each commit's time, then the files it changed
/// (relative to `root`, as `--relative` gives them). The first time seen for a file is its
/// last change.
fn read_log(root: &Path) -> Commits {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--no-merges",
            "--relative",
            "--name-only",
            "--format=%x1e%cI",
            "--",
            CONTENT_DIR,
        ])
        .output();
    match output {
        Ok(o) if o.status.success() => parse_log(&String::from_utf8_lossy(&o.stdout)),
        // Not a repository, or no git: files' modification times stand in.
        _ => Commits::new(),
    }
}

fn parse_log(log: &str) -> Commits {
    let mut commits = Commits::new();
    for record in log.split('\u{1e}').skip(1) {
        let mut lines = record.lines();
        let Some(time) = lines
            .next()
            .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
        else {
            continue;
        };
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            commits.entry(file.to_string()).or_insert(time);
        }
    }
    commits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let log = "\u{1e}2024-05-02T10:00:00+02:00\n\ncontent/a.md\n\u{1e}2023-01-01T00:00:00Z\n\ncontent/a.md\ncontent/b.md\n";
        let c = parse_log(log);
        assert_eq!(c["content/a.md"].to_rfc3339(), "2024-05-02T10:00:00+02:00");
        assert_eq!(c["content/b.md"].to_rfc3339(), "2023-01-01T00:00:00+00:00");
    }
}
