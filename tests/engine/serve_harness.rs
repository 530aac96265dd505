//! A `weave serve` process of the test's own, on a free loopback port.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::{BIN, TestSite, listing};

pub struct Server {
    child: Child,
    pub base: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts serving `site` and returns as soon as the server answers, while its first build
    /// may still be under way.
    pub fn start_early(site: &TestSite, extra: &[&str]) -> Server {
        let mut command = Command::new(BIN);
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .args(extra);
        Server::spawn(command)
    }

    /// Serves the site as `weave serve --root <name>`, run from the folder that holds it.
    pub fn start_relative(site: &TestSite) -> Server {
        let mut command = Command::new(BIN);
        command
            .current_dir(site.path().parent().unwrap())
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path().file_name().unwrap());
        Server::spawn(command).after_first_build()
    }

    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("weave serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split(" at ")
            .nth(1)
            .unwrap_or_else(|| panic!("no address in {line:?}; stderr: {}", stderr.lock().unwrap()))
            .trim()
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            base,
            stderr,
        }
    }

    /// Starts serving `site` and waits for the first build to end (the list of files waits
    /// for it), so a test's edits come after it.
    pub fn start(site: &TestSite, extra: &[&str]) -> Server {
        Server::start_early(site, extra).after_first_build()
    }

    /// The server once its first build has ended: the list of files waits for it.
    fn after_first_build(self) -> Server {
        self.get("/__weave/files");
        self
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Status and body of `path`.
    pub fn get(&self, path: &str) -> (u16, String) {
        match ureq::get(&format!("{}{path}", self.base)).call() {
            Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
            Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
            Err(e) => panic!("{path}: {e}"),
        }
    }

    /// The server's live-reload events from now on, as a browser's client gets them: each
    /// event's name and data, in the order sent.
    pub fn events(&self) -> std::sync::mpsc::Receiver<(String, String)> {
        use std::io::BufRead;
        let response = ureq::get(&format!("{}/__weave/events", self.base))
            .call()
            .expect("the event stream opens");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in std::io::BufReader::new(response.into_reader()).lines() {
                let Ok(line) = line else { return };
                if let Some(n) = line.strip_prefix("event:") {
                    name = n.trim().to_string();
                } else if let Some(data) = line.strip_prefix("data:")
                    && tx.send((name.clone(), data.trim().to_string())).is_err()
                {
                    return;
                }
            }
        });
        rx
    }

    pub fn get_bytes(&self, path: &str) -> Vec<u8> {
        let r = ureq::get(&format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut bytes = Vec::new();
        r.into_reader().read_to_end(&mut bytes).unwrap();
        bytes
    }

    /// Waits until `check` holds for the body of `path`; panics with the server's output if it
    /// does not within ten seconds.
    #[track_caller]
    pub fn wait_for(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "{path} never showed {what}; last status {status}; weave said:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Lines of the terminal that report a build after start-up.
    pub fn rebuilds(&self) -> Vec<String> {
        self.stderr()
            .lines()
            .filter(|l| l.starts_with("rebuilt after"))
            .map(str::to_string)
            .collect()
    }

    /// Waits until there have been `n` rebuilds, then a little longer to see if more come.
    #[track_caller]
    pub fn wait_for_rebuilds(&self, n: usize) -> Vec<String> {
        let start = Instant::now();
        while self.rebuilds().len() < n {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "only {} rebuilds:\n{}",
                self.rebuilds().len(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        self.rebuilds()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the site afresh, for the server's address, into `full/` beside its sources.
pub fn full_build(site: &TestSite, server: &Server) -> std::path::PathBuf {
    let full = site.path().join("full");
    let _ = std::fs::remove_dir_all(&full);
    site.run(&[
        "build",
        "--base-url",
        &format!("{}/", server.base),
        "--output",
        full.to_str().unwrap(),
    ])
    .ok();
    full
}

/// A served page without the live-reload script's tag that `weave serve` adds.
pub fn without_client(html: &str) -> String {
    let start = html
        .find("<script src=\"/__weave/client.js\"")
        .expect("the page has the live-reload script");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// Whether `path` is a file of the search index (`pagefind/...`, `fr/pagefind/...`).
fn is_search_file(path: &str) -> bool {
    path.starts_with("pagefind/") || path.contains("/pagefind/")
}

/// Builds the site afresh and compares every file with what the server serves. The search
/// index is made apart from the builds and after them, below their priority, so on a busy
/// machine it can come seconds later: its files are awaited (and compared as they are),
/// the rest must be right at once.
#[track_caller]
pub fn assert_served_equals_full_build(site: &TestSite, server: &Server, when: &str) {
    let full = full_build(site, server);
    let expected = listing(&full);
    let (search, rest): (Vec<&String>, Vec<&String>) =
        expected.iter().partition(|f| is_search_file(f));
    let start = Instant::now();
    loop {
        let (_, served) = server.get("/__weave/files");
        let (served_search, served_rest): (Vec<&str>, Vec<&str>) =
            served.lines().partition(|f| is_search_file(f));
        assert_eq!(
            served_rest, rest,
            "{when}: the served site has exactly the files of a full build"
        );
        let index_in = served_search == search
            && (search.iter()).all(|f| {
                server.get_bytes(&format!("/{f}")) == std::fs::read(full.join(f)).unwrap()
            });
        if index_in {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{when}: the served search index is not a full build's: {served_search:?}, not {search:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for file in rest {
        let mut bytes = server.get_bytes(&format!("/{file}"));
        if file.ends_with(".html") {
            bytes = without_client(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        assert_eq!(
            bytes,
            std::fs::read(full.join(file)).unwrap(),
            "{when}: {file} differs from a full build"
        );
    }
}

/// Applies each edit in turn (a file's new text, or None to delete it), waits for its rebuild
/// and checks that the served site equals a fresh build after each.
#[track_caller]
pub fn assert_each_edit_serves_a_full_build(
    site: &TestSite,
    server: &Server,
    edits: &[(&str, Option<&str>)],
) {
    for (i, (path, text)) in edits.iter().enumerate() {
        match text {
            Some(t) => {
                site.write(path, t);
            }
            None => {
                site.remove(path);
            }
        }
        server.wait_for_rebuilds(i + 1);
        assert_served_equals_full_build(site, server, &format!("after edit {i} of {path}"));
    }
}
