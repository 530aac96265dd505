//! A long build shows its stages on a terminal and then their times; piped, it prints what it
//! always did; `--quiet` prints errors alone.

use std::process::Command;

use crate::harness::{BIN, TestSite};

/// Runs `weave <args> --root <site>` on a pseudo-terminal (util-linux's `script`), with
/// progress drawn from the start instead of after a second; returns what the terminal showed.
fn on_a_terminal(site: &TestSite, args: &str) -> Option<String> {
    let command = format!("{BIN} {args} --root {}", site.path().display());
    let out = terminal(&command)?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn terminal(command: &str) -> Option<std::process::Output> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux's `script` is not installed");
        return None;
    }
    let out = Command::new("script")
        .args(["-qefc", command, "/dev/null"])
        .env("WEAVE_PROGRESS_AFTER_MS", "0")
        .output()
        .expect("script runs");
    Some(out)
}

fn site_of(pages: usize) -> TestSite {
    let site = TestSite::empty();
    for i in 0..pages {
        site.write(
            &format!("content/articles/a{i}.md"),
            format!("---\ntitle: Article {i}\n---\n\nText of article {i}.\n"),
        );
    }
    site
}

#[test]
fn a_build_on_a_terminal_shows_its_stages_and_ends_with_their_times() {
    let site = site_of(40);
    let Some(shown) = on_a_terminal(&site, "build") else {
        return;
    };
    // The line is redrawn in place: a carriage return, then indicatif's clear-line sequence.
    assert!(shown.contains("\r\x1b[2K"), "{shown:?}");
    let summary = shown
        .lines()
        .find(|l| l.contains("build finished:"))
        .unwrap_or_else(|| panic!("no summary in {shown:?}"));
    for stage in [
        "loading",
        "markdown",
        "linking",
        "rendering pages",
        "search index",
        "writing",
    ] {
        assert!(summary.contains(&format!("{stage} ")), "{stage}: {summary}");
    }
    assert!(summary.contains(" ms: loading "), "{summary}");
    assert!(site.exists("public/articles/a39/index.html"));
}

#[test]
fn piped_a_build_prints_its_summary_alone() {
    let site = site_of(5);
    let out = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.path())
        .env("WEAVE_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("build finished: "), "{stderr}");
    assert!(!lines[0].contains("loading"), "{stderr}");
}

#[test]
fn quiet_prints_errors_and_nothing_else() {
    let site = site_of(3);
    site.write(
        "content/articles/warned.md",
        "---\ntitle: Warned\nunknown_key: 1\n---\n\nText.\n",
    );
    let quiet = site.run(&["build", "--quiet"]);
    quiet.ok();
    assert_eq!(quiet.stderr, "", "a good build says nothing");
    let loud = site.build();
    loud.ok()
        .says(&["warning:", "unknown_key", "build finished"]);

    site.write(
        "content/articles/broken.md",
        "---\ntitle: Broken\n---\n\nA [link](missing.md).\n",
    );
    let quiet = site.run(&["build", "--quiet"]);
    quiet.fails().says(&["error:", "missing.md"]);
    assert!(!quiet.stderr.contains("warning:"), "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("build failed"), "{}", quiet.stderr);
    let check = site.run(&["check", "--quiet"]);
    check.fails().says(&["error:", "missing.md"]);
    assert!(!check.stderr.contains("warning:"), "{}", check.stderr);

    // On a terminal too, quiet draws no progress.
    site.remove("content/articles/broken.md");
    if let Some(shown) = on_a_terminal(&site, "build --quiet") {
        assert_eq!(shown, "", "{shown:?}");
    }
}

#[test]
fn serve_shows_the_progress_of_its_first_build() {
    let site = site_of(20);
    // The server runs for two seconds, then `timeout` stops it.
    let command = format!(
        "timeout 2 {BIN} serve --port 0 --root {}",
        site.path().display()
    );
    let Some(out) = terminal(&command) else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    let built = shown
        .lines()
        .find(|l| l.contains("built the site:"))
        .unwrap_or_else(|| panic!("no first build in {shown:?}"));
    assert!(built.contains(" ms (loading "), "{built}");
    assert!(built.contains("rendering pages "), "{built}");
    assert!(shown.contains("Serving "), "{shown}");
}
