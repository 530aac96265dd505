//! What `weave serve`'s quick path leaves until its pages are served: after a new title or
//! description, `llms.txt` and the twins of the listings that name the page (`llms::Later`).
//! The server makes them as soon as no other save is waiting (`Session::settle`), and holds
//! back requests for those files and for the list of files until then, so what anyone reads
//! is still what a full build writes.

use std::sync::Arc;

use crate::pipeline::session::Session;
use crate::publish::llms::Later;
use crate::render::views::Views;

impl Session {
    /// Whether files wait to be made again after the last build (`settle` makes them).
    pub fn is_unsettled(&self) -> bool {
        self.unsettled.is_some()
    }

    /// Leaves `later` to `settle`, with whatever was left before.
    pub(super) fn leave_for_later(&mut self, later: Later) {
        match &mut self.unsettled {
            Some(left) => left.merge(later),
            None => self.unsettled = Some(later),
        }
    }

    /// Makes what the last builds left for later, from the last good site, a few files at a
    /// time until all are made or `stop` says to stop (what is left stays for the next call),
    /// and returns the paths whose bytes changed.
    pub fn settle(&mut self, mut stop: impl FnMut() -> bool) -> Vec<String> {
        let (Some(mut later), Some(site)) = (self.unsettled.take(), self.site.clone()) else {
            return Vec::new();
        };
        let Some(theme) = self.theme.as_ref() else {
            return Vec::new();
        };
        // The views go when a build after the quick path fails; the last good site's again.
        let views = self.views.clone().unwrap_or_else(|| {
            let mut views = Views::new(&site);
            views.translations = Arc::clone(&self.translations);
            Arc::new(views)
        });
        let mut changed = Vec::new();
        while !stop() {
            let Some(made) = later.make_next(&site, &views, |name| theme.ships(name)) else {
                return changed;
            };
            for output in made {
                let old = self.files.get(&output.path);
                let kept = self.store.put_over(old, &output.bytes);
                if old != Some(&kept) {
                    changed.push(output.path.clone());
                    self.files.insert(output.path, kept);
                }
            }
        }
        self.unsettled = Some(later);
        changed
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{Changes, Options, Session};

    fn session(root: &std::path::Path) -> Session {
        let mut session = Session::new(Options {
            root: root.to_path_buf(),
            output: None,
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
            write: false,
        });
        session.inline_search = false;
        session.remember_between_builds();
        session
    }

    fn article(title: &str, day: u32) -> String {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-{day:02}\ntopics: [motives]\nentities: [Meta]\ntags: [t{day}]\n---\nText {day}.\n"
        )
    }

    /// Files left for later and not yet made when the next title edit comes are made with
    /// that edit's: once all are made, the files are a fresh build's, byte for byte.
    #[test]
    fn what_a_stopped_settle_leaves_is_made_with_the_next_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        std::fs::write(root.join("weave.yaml"), "title: Later\n").unwrap();
        for (name, day) in [("a", 1), ("b", 2), ("c", 3)] {
            let text = article(&format!("Old {name}"), day);
            std::fs::write(root.join(format!("content/articles/{name}.md")), text).unwrap();
        }
        let mut serving = session(root);
        assert!(!serving.build(Changes::everything()).failed());

        let edit = |serving: &mut Session, name: &str, day: u32| {
            let text = article(&format!("New {name}"), day);
            std::fs::write(root.join(format!("content/articles/{name}.md")), text).unwrap();
            let outcome = serving.build(Changes {
                content: vec![format!("articles/{name}.md")],
                ..Changes::default()
            });
            assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
            assert!(
                serving.is_unsettled(),
                "a new title leaves the lists for later"
            );
        };
        edit(&mut serving, "a", 1);
        // The next save comes before anything is made.
        assert!(serving.settle(|| true).is_empty());
        assert!(serving.is_unsettled());
        edit(&mut serving, "b", 2);
        let changed = serving.settle(|| false);
        assert!(!serving.is_unsettled());
        assert!(changed.contains(&"llms.txt".to_string()), "{changed:?}");

        let mut fresh = session(root);
        assert!(!fresh.build(Changes::everything()).failed());
        let keys = |s: &Session| {
            let mut keys: Vec<String> = s.files().keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(&serving), keys(&fresh));
        for (path, stored) in fresh.files() {
            let served = serving.files().get(path).unwrap().bytes().unwrap();
            assert!(
                served == stored.bytes().unwrap(),
                "{path} differs from a fresh build's"
            );
        }
        let text = serving.files().get("llms.txt").unwrap().bytes().unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(text.contains("New a") && text.contains("New b"), "{text}");
    }
}
