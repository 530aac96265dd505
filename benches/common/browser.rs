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

/// Waits until `weave serve` on `port` has finished its first build: the server answers
/// from the start, but its list of files only once that build is done.
pub fn wait_for_first_build(port: u16) {
    use std::io::{Read, Write};
    wait_for_port(port);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /__weave/files HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
}

/// A child process killed when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
