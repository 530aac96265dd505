//! Processes the tests talk to: a plain static file server and a headless Chromium.

#[path = "../common/local.rs"]
mod local;
pub use local::free_port;

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Waits until something accepts connections on `port`, for at most `limit`.
pub fn wait_for_port(port: u16, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    false
}

/// `python3 -m http.server` serving `dir` on a free loopback port: the plainest static host.
pub struct StaticServer {
    child: Child,
    pub port: u16,
    /// The server's request log (one line per request, on its stderr).
    log: tempfile::NamedTempFile,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .arg("--directory")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("python3 runs");
        assert!(
            wait_for_port(port, Duration::from_secs(10)),
            "the static server did not start"
        );
        StaticServer { child, port, log }
    }

    /// Paths requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.log.path())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                l.split('"')
                    .nth(1)?
                    .split_whitespace()
                    .nth(1)
                    .map(str::to_string)
            })
            .collect()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium, or None when it is not installed outside CI (the test then says it is
/// skipped). In CI (`CI=true`) a missing Chromium fails the test.
pub fn browser() -> Option<headless_chrome::Browser> {
    if !Path::new(local::CHROMIUM).exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install Chromium (apt-get install chromium)"
        );
        eprintln!("skipped: /usr/bin/chromium is not installed");
        return None;
    }
    Some(local::launch(Duration::from_secs(120)))
}

/// Loads `url` in `tab` and waits until it has loaded.
pub fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// Evaluates `js` in the tab until it returns true, for at most ten seconds.
#[track_caller]
pub fn wait_until(tab: &headless_chrome::Tab, js: &str, what: &str) {
    let start = Instant::now();
    loop {
        let ok = tab
            .evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if ok {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the page never showed {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The value of `js` in the tab (awaited when it is a promise).
pub fn eval(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true).unwrap().value.unwrap_or_default()
}
