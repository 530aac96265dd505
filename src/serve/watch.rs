//! Watching the site's sources: `content/`, `templates/`, `themes/`, `static/` and `weave.yaml`,
//! never the output. Events are debounced by notify-debouncer-full, which pairs the remove and
//! create of an atomic save; editor debris and metadata-only events are dropped; what is left
//! becomes a `Changes` for the next build.
//!
//! The native watcher (inotify on Linux) is used unless `--poll` asks for polling, or the system
//! refuses more watches (inotify's `max_user_watches`): then weave says so and polls instead.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{EventKindMask, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::content::walk::is_ignored_name;
use crate::pipeline::Changes;

/// Folders of the site that are watched recursively.
pub const WATCHED_DIRS: &[&str] = &[CONTENT_DIR, "templates", "themes", "static", "i18n"];

/// How long a path must stay quiet before its event is passed on.
const DEBOUNCE: Duration = Duration::from_millis(5);
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The kinds of event a build can follow from. Opening and closing a file change nothing,
/// and weave opens every file of the site as it builds: asked for, those events came by the
/// hundred thousand during a large site's first build, kept the watcher's thread busy beside
/// it, and could fill the kernel's queue (16,384 events by default), losing a real save in
/// the overflow. The kernel now never queues them (`patches/notify`).
fn watched_kinds() -> notify::Config {
    notify::Config::default().with_event_kinds(
        EventKindMask::CREATE
            | EventKindMask::REMOVE
            | EventKindMask::MODIFY_DATA
            | EventKindMask::MODIFY_NAME,
    )
}

/// A change to the site's sources, and the file names it touched (for the terminal).
pub struct Batch {
    pub changes: Changes,
    pub paths: Vec<String>,
}

pub enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    /// Starts watching `root`; batches go to `tx`. Falls back to polling when the native
    /// watcher cannot watch everything.
    pub fn start(root: &Path, poll: bool, tx: Sender<Batch>) -> notify::Result<Watcher> {
        // Events name absolute paths; a relative root would match none of them.
        let root = &std::path::absolute(root)?;
        if !poll {
            let native = new_debouncer_opt(
                DEBOUNCE,
                None,
                handler(root, tx.clone()),
                RecommendedCache::new(),
                watched_kinds(),
            )
            .map(Watcher::Native)
            .and_then(|mut w| w.watch_site(root).map(|()| w));
            match native {
                Ok(w) => return Ok(w),
                Err(e) => eprintln!(
                    "weave: the file system refused to watch the site ({e}); polling every {} ms instead. \
                     On Linux, raising fs.inotify.max_user_watches lifts the limit.",
                    POLL_INTERVAL.as_millis()
                ),
            }
        }
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        let mut w = Watcher::Poll(new_debouncer_opt(
            DEBOUNCE,
            None,
            handler(root, tx),
            NoCache,
            config,
        )?);
        w.watch_site(root)?;
        Ok(w)
    }

    pub fn is_polling(&self) -> bool {
        matches!(self, Watcher::Poll(_))
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    /// The root (not recursively: it holds `weave.yaml` and the output) and each source folder.
    fn watch_site(&mut self, root: &Path) -> notify::Result<()> {
        self.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            self.watch_dir(&root.join(dir))?;
        }
        Ok(())
    }

    /// Watches a source folder created after start-up.
    pub fn watch_dir(&mut self, dir: &Path) -> notify::Result<()> {
        if dir.is_dir() {
            self.watch(dir, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

fn handler(root: &Path, tx: Sender<Batch>) -> impl FnMut(DebounceEventResult) + Send + 'static {
    let root = root.to_path_buf();
    move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut batch = Batch {
            changes: Changes::default(),
            paths: Vec::new(),
        };
        for event in events {
            if event.need_rescan() {
                // The kernel's queue overflowed and events were lost: which files changed is
                // unknown, so everything is read again.
                batch.changes.merge(Changes::everything());
                continue;
            }
            if matches!(
                event.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            ) {
                continue;
            }
            for path in &event.paths {
                if let Some(rel) = classify(&root, path, &mut batch.changes)
                    && !batch.paths.contains(&rel)
                {
                    batch.paths.push(rel);
                }
            }
        }
        if !batch.changes.is_empty() {
            let _ = tx.send(batch);
        }
    }
}

/// Records what `path` means for the build; returns its path from the root when it matters.
pub fn classify(root: &Path, path: &Path, changes: &mut Changes) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if is_ignored_name(&name) {
        return None;
    }
    let shown = rel.to_string_lossy().replace('\\', "/");
    let mut parts = rel.components();
    let top = parts.next()?.as_os_str().to_string_lossy().into_owned();
    let inside: PathBuf = parts.collect();
    if inside.as_os_str().is_empty() {
        // A top-level entry: the config, or a source folder appearing or going away.
        match top.as_str() {
            CONFIG_FILE => changes.config = true,
            CONTENT_DIR => changes.rescan = true,
            "templates" | "themes" | "static" | "i18n" => changes.theme = true,
            _ => return None,
        }
        return Some(shown);
    }
    match top.as_str() {
        CONTENT_DIR => {
            if inside.extension().is_none() {
                // A folder created, removed or renamed: its files come and go with it.
                changes.rescan = true;
            } else {
                // A page, or a file beside pages (an image of a page bundle).
                changes
                    .content
                    .push(inside.to_string_lossy().replace('\\', "/"));
            }
        }
        "templates" | "themes" | "static" | "i18n" => changes.theme = true,
        _ => return None,
    }
    Some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_classified_and_debris_ignored() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        assert!(classify(root, Path::new("/site/content/a/b.md"), &mut c).is_some());
        assert_eq!(c.content, vec!["a/b.md".to_string()]);
        assert!(classify(root, Path::new("/site/content/a/.b.md.swp"), &mut c).is_none());
        assert!(classify(root, Path::new("/site/content/a/b.md~"), &mut c).is_none());
        assert!(classify(root, Path::new("/site/public/index.html"), &mut c).is_none());
        assert!(classify(root, Path::new("/site/target/x"), &mut c).is_none());
        assert!(!c.config && !c.theme && !c.rescan);
        classify(root, Path::new("/site/weave.yaml"), &mut c);
        classify(root, Path::new("/site/static/style.css"), &mut c);
        classify(root, Path::new("/site/content/newdir"), &mut c);
        assert!(c.config && c.theme && c.rescan);
    }

    #[test]
    fn a_lost_queue_rebuilds_everything() {
        use notify_debouncer_full::DebouncedEvent;
        let (tx, rx) = std::sync::mpsc::channel();
        let mut handle = handler(Path::new("/site"), tx);
        let overflow = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        handle(Ok(vec![DebouncedEvent::new(
            overflow,
            std::time::Instant::now(),
        )]));
        let batch = rx.try_recv().expect("a batch for the lost events");
        assert!(batch.changes.config && batch.changes.theme && batch.changes.rescan);
    }

    #[test]
    fn reading_a_watched_file_is_no_event() {
        use notify::Watcher as _;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "before").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = RecommendedWatcher::new(tx, watched_kinds()).unwrap();
        watcher.watch(dir.path(), RecursiveMode::Recursive).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "before");
        let quiet = Duration::from_millis(300);
        if let Ok(event) = rx.recv_timeout(quiet) {
            panic!("reading the file was an event: {event:?}");
        }
        // The watcher does see a save, so the silence above is not a dead watcher's.
        std::fs::write(&file, "after").unwrap();
        let event = rx.recv_timeout(Duration::from_secs(5)).expect("the save");
        assert!(event.unwrap().paths.iter().any(|p| p.ends_with("a.md")));
    }
}
