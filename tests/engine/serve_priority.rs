//! How `weave serve` shares the machine: once the first search index is made (at nice 10, so
//! a busy machine still gives it a share), the index, which can wait, runs its threads in
//! Linux's idle class, below the builds a save starts, so the saved page is not kept waiting
//! behind the index (Linux keeps a scheduling class per thread).

use std::time::{Duration, Instant};

use crate::harness::TestSite;
use crate::serve_harness::Server;

/// Linux's number for the idle class (`SCHED_IDLE`), as `/proc` shows it.
const IDLE_CLASS: u32 = 5;

/// Each thread of the process: its name and its scheduling class.
fn threads(pid: u32) -> Vec<(String, u32)> {
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
        // scheduling class (`policy`) is the forty-first.
        let after_name = stat.rsplit(')').next().unwrap();
        let class = after_name
            .split_whitespace()
            .nth(38)
            .unwrap()
            .parse()
            .unwrap();
        found.push((name.trim().to_string(), class));
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
        let idle = |threads: &Vec<(String, u32)>| {
            !threads.is_empty() && threads.iter().all(|(_, class)| *class == IDLE_CLASS)
        };
        if idle(&split.0) || start.elapsed() > Duration::from_secs(10) {
            break split;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !search.is_empty(),
        "no search index threads among {others:?}"
    );
    assert!(
        search.iter().all(|(_, class)| *class == IDLE_CLASS),
        "the search index's threads run in the builds' class: {search:?}"
    );
    assert!(
        others.iter().any(|(_, class)| *class == 0),
        "no thread runs in the ordinary class: {others:?}"
    );
}
