//! What the tests and the benchmarks share about the machine they run on: a free port, and
//! Chromium: Debian's, headless, without a sandbox (they may run as root), and kept from
//! calling home (no network beyond the page's server is reachable where they run).

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

pub const CHROMIUM: &str = "/usr/bin/chromium";

const ARGS: &[&str] = &[
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// A headless Chromium with a fresh profile that closes after `idle` without commands.
pub fn launch(idle: Duration) -> headless_chrome::Browser {
    let profile: PathBuf = tempfile::tempdir().unwrap().keep();
    headless_chrome::Browser::new(headless_chrome::LaunchOptions {
        path: Some(PathBuf::from(CHROMIUM)),
        headless: true,
        sandbox: false,
        user_data_dir: Some(profile),
        args: ARGS.iter().map(std::ffi::OsStr::new).collect(),
        idle_browser_timeout: idle,
        ..Default::default()
    })
    .expect("Chromium starts")
}

/// A port on the loopback interface that nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
