//! What the browser benchmarks share: Debian's Chromium, headless, kept from calling home; a
//! free port; waiting for a server; a child process killed when dropped.

use std::process::Child;
use std::time::{Duration, Instant};

use headless_chrome::Browser;

#[path = "../../tests/common/local.rs"]
mod local;
pub use local::free_port;

pub fn browser() -> Browser {
    local::launch(Duration::from_secs(300))
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
