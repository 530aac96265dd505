//! Builds a site in a temporary folder with the real `weave` binary and reads what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_weave");

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Builds the repository's own site (the explainer), with `args` added, into a folder of the
/// test's own; returns that folder and the output inside it.
pub fn build_explainer(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = Run::from(
        Command::new(BIN)
            .arg("build")
            .args(args)
            .arg("--root")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--output")
            .arg(&public)
            .output()
            .unwrap(),
    );
    run.ok().never_says("warning:");
    (out, public)
}

/// A site folder of the test's own, removed when the test ends.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_tree(&fixtures().join(name), site.path());
        site
    }

    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    /// Runs `git <args>` in the site's folder as of `date` (author and committer).
    #[track_caller]
    pub fn git(&self, args: &[&str], date: &str) {
        let status = Command::new("git")
            .current_dir(self.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// Runs `weave <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(self.path())
            .output()
            .expect("weave runs");
        Run::from(out)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// The text of a file in the output folder `public/`; panics with the listing if missing.
    pub fn public(&self, rel: &str) -> String {
        let path = self.path().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "public/{rel}: {e}; public/ holds:\n{}",
                listing(&self.path().join("public")).join("\n")
            )
        })
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }
}

pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success; stderr:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stderr contains each of `parts`.
    #[track_caller]
    pub fn says(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr lacks {p:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    #[track_caller]
    pub fn never_says(&self, part: &str) -> &Self {
        assert!(
            !self.stderr.contains(part),
            "stderr has {part:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// A page's article text: from `<div class="content">` to the end of the article.
pub fn article_content(html: &str) -> &str {
    let start = html
        .find("<div class=\"content\">")
        .expect("a content block");
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Every file under `root`, relative, sorted.
pub fn listing(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

/// Every file under `root` with its bytes, for comparing two outputs exactly.
pub fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    listing(root)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The values of every `href="..."` and `src="..."` in `html`, entities decoded.
pub fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Internal links with a `#fragment` whose target page has no element with that id.
pub fn broken_anchors(public: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for file in listing(public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&file)).unwrap();
        for link in links_in(&html) {
            let Some((path, fragment)) = link.split_once('#') else {
                continue;
            };
            let target = if path.is_empty() {
                public.join(&file)
            } else {
                match path.strip_prefix(prefix) {
                    Some(rel) if rel.is_empty() || rel.ends_with('/') => {
                        public.join(rel).join("index.html")
                    }
                    Some(rel) => public.join(rel),
                    None => continue,
                }
            };
            // As a browser looks: the fragment as written, then percent-decoded (`%5Ecore`
            // finds `id="^core"`).
            let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
            let ok = std::fs::read_to_string(&target).is_ok_and(|t| {
                t.contains(&format!("id=\"{fragment}\""))
                    || t.contains(&format!("id=\"{decoded}\""))
            });
            if !ok {
                broken.push((file.clone(), link));
            }
        }
    }
    broken
}

/// The visible text of an HTML page: tags removed (inline tags must not split words),
/// entities decoded.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Internal links in the HTML files under `public` that name no file, as (page, link).
/// `prefix` is the base path the site is served under (`/` or `/sub/`).
pub fn broken_links(public: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for file in listing(public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&file)).unwrap();
        for link in links_in(&html) {
            if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
                continue;
            }
            let path = link.split('#').next().unwrap();
            let Some(rel) = path.strip_prefix(prefix) else {
                broken.push((file.clone(), link));
                continue;
            };
            let target = public.join(rel);
            let ok = if rel.is_empty() || rel.ends_with('/') {
                target.join("index.html").is_file()
            } else {
                target.is_file()
            };
            if !ok {
                broken.push((file.clone(), link));
            }
        }
    }
    broken
}
