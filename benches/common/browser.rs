//! What the browser benchmarks share: Debian's Chromium, headless, kept from calling home; a
//! free port; waiting for a server; a child process killed when dropped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions};

pub fn browser() -> Browser {
    let profile: PathBuf = tempfile::tempdir().unwrap().keep();
    let args = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];
    Browser::new(LaunchOptions {
        path: Some(PathBuf::from("/usr/bin/chromium")),
        headless: true,
        sandbox: false,
        user_data_dir: Some(profile),
        args: args.iter().map(std::ffi::OsStr::new).collect(),
        idle_browser_timeout: Duration::from_secs(300),
        ..Default::default()
    })
    .expect("Chromium starts")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "nothing listens on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A child process killed when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
