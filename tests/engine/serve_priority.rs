//! How `weave serve` shares the machine: the search index, which can wait, runs its threads at
//! a lower priority than the builds a save starts, so the saved page is not kept waiting
//! behind the index (Linux keeps a nice value per thread).

use std::time::{Duration, Instant};

use crate::harness::TestSite;
use crate::serve_harness::Server;

/// Each thread of the process: its name and its nice value.
fn threads(pid: u32) -> Vec<(String, i32)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let task = entry.unwrap().path();
        let (Ok(name), Ok(stat)) = (
            std::fs::read_to_string(task.join("comm")),
            std::fs::read_to_string(task.join("stat")),
        ) else {
            continue; // the thread ended meanwhile
        };
        // Fields after the name (which ends with the last `)`) start at the third; the
        // nice value is the nineteenth.
        let after_name = stat.rsplit(')').next().unwrap();
        let nice = after_name
            .split_whitespace()
            .nth(16)
            .unwrap()
            .parse()
            .unwrap();
        found.push((name.trim().to_string(), nice));
    }
    found
}

#[test]
fn the_search_index_threads_run_below_the_builds_priority() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let start = Instant::now();
    let (search, others): (Vec<_>, Vec<_>) = loop {
        let all = threads(server.pid());
        let split: (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|(name, _)| name.starts_with("weave-search"));
        if !split.0.is_empty() || start.elapsed() > Duration::from_secs(10) {
            break split;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !search.is_empty(),
        "no search index threads among {others:?}"
    );
    assert!(
        search.iter().all(|(_, nice)| *nice > 0),
        "the search index's threads run at the builds' priority: {search:?}"
    );
    assert!(
        others.iter().any(|(_, nice)| *nice == 0),
        "no thread runs at the ordinary priority: {others:?}"
    );
}
