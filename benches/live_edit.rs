//! From a save to the new text painted, in headless Chromium (Debian's, /usr/bin/chromium).
//! `benches/compare.py --serve` runs it; timing lives here, never in tests.
//!
//!   live_edit <weave binary> <site folder> <article> [saves] [page]
//!     runs `weave serve` on the site with default settings, opens <article>'s page (a path
//!     under content/, served at <page>, by default /<path without .md>/), then saves the article `saves` times
//!     (50 unless given), each time with a new last paragraph, 600 ms apart (the search index
//!     is rebuilt after each save, as a writer gets it). For each save it takes the time of
//!     the save, when the page fetched its new HTML (right after the server's event), when
//!     the fetch ended, when the patch was done, and when the next frame after it was painted;
//!     the server's terminal gives each rebuild's time. It prints the distribution of save to
//!     painted, and the median of each step.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[path = "common/browser.rs"]
mod browser;
use browser::{Killed, browser, free_port, wait_for_first_build};

/// Times of one save, in milliseconds since the epoch (the page's clock is the machine's).
#[derive(Debug)]
struct Save {
    saved: f64,
    fetch_start: f64,
    fetch_end: f64,
    patched: f64,
    painted: f64,
}

/// Waits for the page to show `marker` without reloading, and resolves to the times it took.
const WATCH: &str = r#"
(() => {
  performance.clearResourceTimings();
  const now = () => performance.timeOrigin + performance.now();
  window.__saveTimes = new Promise((resolve) => {
    let patched = 0;
    document.addEventListener("weave:patched", () => (patched = now()), { once: true });
    const main = document.querySelector("main");
    const seen = new MutationObserver(() => {
      if (!main.textContent.includes(MARKER)) return;
      seen.disconnect();
      // The frame after the change: its animation callback runs before it is painted, and a
      // message posted from there arrives after.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const fetched = performance.getEntriesByType("resource")
            .filter((e) => e.initiatorType === "fetch" && new URL(e.name).pathname === location.pathname)
            .pop();
          resolve({
            fetch_start: performance.timeOrigin + fetched.startTime,
            fetch_end: performance.timeOrigin + fetched.responseEnd,
            patched,
            painted: now(),
          });
        };
        channel.port2.postMessage(0);
      });
    });
    seen.observe(main, { subtree: true, childList: true, characterData: true });
  });
  return true;
})()
"#;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 3 {
        eprintln!("usage: see the top of benches/live_edit.rs");
        std::process::exit(2);
    }
    let saves: usize = args
        .get(3)
        .map_or(50, |n| n.parse().expect("a number of saves"));
    let page = args
        .get(4)
        .cloned()
        .unwrap_or_else(|| format!("/{}/", args[2].trim_end_matches(".md")));
    run(&args[0], Path::new(&args[1]), &args[2], &page, saves);
}

fn run(weave: &str, site: &Path, article: &str, page: &str, saves: usize) {
    let port = free_port();
    let mut child = Command::new(weave)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let terminal = Arc::new(Mutex::new(String::new()));
    {
        let (mut err, terminal) = (child.stderr.take().unwrap(), Arc::clone(&terminal));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                terminal
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }
    let _server = Killed(child);
    wait_for_first_build(port);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let url = format!("http://127.0.0.1:{port}{page}");
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.evaluate("window.__sameDocument = true", false).unwrap();
    // Let the first search index finish, as it would before a writer's first save.
    std::thread::sleep(Duration::from_secs(5));

    let path = site.join("content").join(article);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut times = Vec::new();
    for i in 0..saves {
        let marker = format!("Livemark{i}x{}", std::process::id());
        tab.evaluate(&WATCH.replace("MARKER", &format!("{marker:?}")), false)
            .unwrap();
        let saved = epoch_ms();
        std::fs::write(&path, format!("{original}\n{marker} ends the article.\n")).unwrap();
        let got = tab
            .evaluate("window.__saveTimes.then((t) => JSON.stringify(t))", true)
            .unwrap()
            .value
            .unwrap();
        let t: serde_json::Value = serde_json::from_str(got.as_str().unwrap()).unwrap();
        let at = |k: &str| t[k].as_f64().unwrap();
        times.push(Save {
            saved,
            fetch_start: at("fetch_start"),
            fetch_end: at("fetch_end"),
            patched: at("patched"),
            painted: at("painted"),
        });
        std::thread::sleep(Duration::from_millis(600));
    }
    std::fs::write(&path, original).unwrap();
    let same = tab
        .evaluate("window.__sameDocument === true", false)
        .unwrap()
        .value
        .unwrap();
    assert_eq!(same, serde_json::Value::Bool(true), "the page was reloaded");
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds: Vec<f64> = terminal
        .lock()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("rebuilt after"))
        .filter_map(|l| l.rsplit(" in ").next()?.strip_suffix(" ms")?.parse().ok())
        .collect();
    report(&times, &rebuilds[..saves.min(rebuilds.len())]);
}

fn report(times: &[Save], rebuilds: &[f64]) {
    let mut total: Vec<f64> = times.iter().map(|t| t.painted - t.saved).collect();
    let step = |f: &dyn Fn(&Save) -> f64| {
        let mut v: Vec<f64> = times.iter().map(f).collect();
        median(&mut v)
    };
    let to_event = step(&|t| t.fetch_start - t.saved);
    let fetch = step(&|t| t.fetch_end - t.fetch_start);
    let patch = step(&|t| t.patched - t.fetch_end);
    let paint = step(&|t| t.painted - t.patched);
    let rebuild = median(&mut rebuilds.to_vec());
    let n = total.len();
    let p95 = percentile(&mut total, 0.95);
    println!(
        "save to new text painted ({n} saves): median {:.0} ms, p95 {p95:.0} ms, min {:.0} ms, max {:.0} ms; \
         medians of its steps: save to event {to_event:.0} ms (the rebuild {rebuild:.0} ms, the rest the watcher's \
         debounce, the settling wait and the event), fetch {fetch:.1} ms, patch {patch:.1} ms, to painted {paint:.1} ms",
        median(&mut total),
        total.first().unwrap(),
        total.last().unwrap(),
    );
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

fn median(v: &mut [f64]) -> f64 {
    percentile(v, 0.5)
}

/// The `q` quantile by the nearest rank; sorts `v`.
fn percentile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}
