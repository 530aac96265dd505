//! What `weave serve`'s quick path leaves until its pages are served: after a new title or
//! description, `llms.txt` and the twins of the listings that name the page (`llms::Later`),
//! megabytes each on a large site. The server has them made on a thread of its own
//! (`serve::settling`) from the graph they were left with, and takes them in only when
//! nothing was left after: a later save's work includes what was left before. Requests for
//! those files and for the list of files wait until they are in, so what anyone reads is
//! still what a full build writes.

use std::sync::Arc;

use crate::pipeline::session::{Files, Session};
use crate::publish::llms::Later;
use crate::render::views::Views;
use crate::site::Site;
use crate::spill::stored::{Store, Stored};

/// What was left for later, with what to make it from.
pub struct LaterJob {
    /// Which leaving this is: only the newest one's files are taken in.
    pub number: u64,
    pub later: Later,
    pub site: Arc<Site>,
    pub views: Arc<Views>,
    /// Where the files go, and the files as they were when it was left: each is stored (on
    /// the job's thread, not the build thread: tens of megabytes at 100,000 articles) over
    /// the one it replaces, which keeps its entry when its bytes are the same.
    store: Store,
    files: Files,
}

impl LaterJob {
    /// Its files, stored (some of which the theme may ship itself: `Session::settle` leaves
    /// those).
    pub fn make(&self) -> Vec<(String, Stored)> {
        (self.later.files(&self.site, &self.views).into_iter())
            .map(|o| {
                let stored = self.store.put_over(self.files.get(&o.path), &o.bytes);
                (o.path, stored)
            })
            .collect()
    }
}

impl Session {
    /// Whether files wait to be made again after the last build (here or on the thread for
    /// later).
    pub fn is_unsettled(&self) -> bool {
        self.unsettled.is_some() || self.deferred.is_some()
    }

    /// Leaves `later` for later, with whatever was left before.
    pub(super) fn leave_for_later(&mut self, later: Later) {
        self.left_for_later += 1;
        let number = self.left_for_later;
        self.unsettled = Some(match self.unsettled.take() {
            Some((_, mut left)) => {
                left.merge(later);
                (number, left)
            }
            None => (number, later),
        });
    }

    /// What is left for later, to be made from the last good site, when it was left after
    /// leaving number `sent` (the last job the caller has); None otherwise. A build that
    /// leaves nothing new (a failed one) thus costs nothing here.
    pub fn later_job(&self, sent: u64) -> Option<LaterJob> {
        let (number, later) = self.unsettled.clone().filter(|(n, _)| *n != sent)?;
        let site = self.site.clone()?;
        // The views go when a build after the quick path fails; the last good site's again.
        let views = self.views.clone().unwrap_or_else(|| {
            let mut views = Views::new(&site);
            views.translations = Arc::clone(&self.translations);
            Arc::new(views)
        });
        Some(LaterJob {
            number,
            later,
            site,
            views,
            store: self.store.clone(),
            files: self.files.clone(),
        })
    }

    /// Takes in the files `LaterJob::make` made for leaving `number`, when nothing was left
    /// after it (else they are dropped: the newer job makes them too), and returns the paths
    /// whose bytes changed; None when they were dropped.
    pub fn settle(&mut self, number: u64, made: Vec<(String, Stored)>) -> Option<Vec<String>> {
        if self.unsettled.as_ref().map(|(n, _)| *n) != Some(number) {
            return None;
        }
        self.unsettled = None;
        let theme = self.theme.as_ref()?;
        let made: Vec<_> = made.into_iter().filter(|(p, _)| !theme.ships(p)).collect();
        Some(
            made.into_iter()
                .filter_map(|(p, s)| self.put_stored(p, s))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{Changes, Session};

    fn article(title: &str, day: u32) -> String {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-{day:02}\ntopics: [motives]\nentities: [Meta]\ntags: [t{day}]\n---\nText {day}.\n"
        )
    }

    /// Files left for later and not yet taken in when the next title edit comes are made
    /// with that edit's: once those are in, the files are a fresh build's, byte for byte.
    #[test]
    fn what_is_left_for_later_is_made_with_the_next_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        std::fs::write(root.join("weave.yaml"), "title: Later\n").unwrap();
        for (name, day) in [("a", 1), ("b", 2), ("c", 3)] {
            let text = article(&format!("Old {name}"), day);
            std::fs::write(root.join(format!("content/articles/{name}.md")), text).unwrap();
        }
        let mut serving = Session::serving_for_tests(root.to_path_buf());
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
        let first = serving.later_job(0).expect("left for later");
        assert!(
            serving.later_job(first.number).is_none(),
            "nothing new since the first"
        );
        // The next save comes before the first job's files are taken in: they are dropped.
        edit(&mut serving, "b", 2);
        let second = serving.later_job(first.number).expect("left for later");
        assert_eq!(serving.settle(first.number, first.make()), None);
        assert!(serving.is_unsettled());
        let changed = serving.settle(second.number, second.make()).unwrap();
        assert!(!serving.is_unsettled());
        assert!(changed.contains(&"llms.txt".to_string()), "{changed:?}");

        serving.assert_files_equal_a_fresh_build();
        let text = serving.files().get("llms.txt").unwrap().bytes().unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(text.contains("New a") && text.contains("New b"), "{text}");
    }
}
