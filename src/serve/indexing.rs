//! The search thread of `weave serve`: it indexes the newest site it was given, off the
//! critical path of a save, and hands the index's files back to the build thread.
//!
//! Sites reach it through a slot that holds one, the newest: a site not yet taken is dropped
//! when a newer one comes. Each site waiting in a queue held a graph of its own (a save copies
//! the graph when another thread still holds it), so saves made while a 100,000-page index was
//! being made kept a graph alive for each.

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use super::Message;
use crate::progress::Stage;
use crate::search;
use crate::site::Site;
use crate::spill::stored::Store;

/// A build's number and its sites (one per language).
pub type Job = (u64, Vec<Arc<Site>>);

/// Where builds leave their sites for the search thread. Clones share the slot; once every
/// clone is dropped, the thread ends.
pub struct Newest<T> {
    shared: Arc<Slot<T>>,
}

struct Slot<T> {
    /// The value not yet taken, and how many senders there are.
    state: Mutex<(Option<T>, usize)>,
    changed: Condvar,
}

impl<T> Newest<T> {
    pub fn new() -> Newest<T> {
        Newest {
            shared: Arc::new(Slot {
                state: Mutex::new((None, 1)),
                changed: Condvar::new(),
            }),
        }
    }

    /// Leaves `value`, in place of one not yet taken.
    pub fn send(&self, value: T) {
        let superseded = self.lock().0.replace(value);
        self.shared.changed.notify_one();
        // Dropped outside the lock: a site's graph takes a while to free.
        drop(superseded);
    }

    /// The newest value once there is one; `None` once no sender is left.
    pub(super) fn take(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(value) = state.0.take() {
                return Some(value);
            }
            // The taker's own handle is not a sender.
            if state.1 <= 1 {
                return None;
            }
            state = self.shared.changed.wait(state).expect("no panics");
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Option<T>, usize)> {
        self.shared.state.lock().expect("no panics")
    }
}

impl<T> Clone for Newest<T> {
    fn clone(&self) -> Self {
        self.lock().1 += 1;
        Newest {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Newest<T> {
    fn drop(&mut self) {
        self.lock().1 -= 1;
        self.shared.changed.notify_all();
    }
}

/// Starts the search thread: it indexes the newest site it was given, and sends each index's
/// files to `results`. The index keeps every page's share between builds, so a build reads
/// only the pages that changed. Its files are kept in `store`, the session's, so they are on
/// disk as its others are.
pub fn start(results: Sender<Message>, store: Store) -> Newest<Job> {
    let jobs: Newest<Job> = Newest::new();
    let taker = jobs.clone();
    std::thread::spawn(move || {
        // The index is made on threads of its own: on rayon's global pool, a save's pages
        // waited behind the index's queued work (at 100,000 pages a text edit took 0.2 to
        // 3.7 s instead of 15 ms), while here the system shares the cores between the two,
        // giving the build's threads the larger share.
        // The first index, which the search box waits for, at nice 10: in the idle class a
        // machine kept busy by other programs (a compiler, a test run) left it no core at
        // all, and the site had no search until it went quiet. Later ones only bring the
        // index up to date, and yield to builds.
        let pool = pool_with("search", ease_off);
        let mut yielding = false;
        // One index per language, each keeping its runs between builds.
        let mut indexes: HashMap<String, search::Index> = HashMap::new();
        while let Some((generation, sites)) = taker.take() {
            let mut made = Vec::new();
            for site in sites.iter().filter(|s| s.config.search) {
                let prefix = site.config.language_prefix.clone();
                let index = indexes.entry(prefix.clone()).or_insert_with(|| {
                    let mut index = search::Index::remembering();
                    index.keep_files_in(store.clone());
                    index.spill_to(store.spill());
                    index
                });
                match pool.install(|| index.build(site, None, None, &Stage::none())) {
                    Ok(files) => {
                        let files = files
                            .into_iter()
                            .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
                            .collect();
                        made.push((prefix, files));
                    }
                    Err(d) => eprintln!("{d}"),
                }
            }
            // The graph is let go before the next one is awaited.
            drop(sites);
            if !yielding {
                yield_to_builds();
                pool.broadcast(|_| yield_to_builds());
                yielding = true;
            }
            if !made.is_empty()
                && results
                    .send(Message::SearchIndex(generation, made))
                    .is_err()
            {
                return;
            }
        }
    });
    jobs
}

/// Lowers the calling thread's priority and starts a thread pool whose threads have it too
/// (named `weave-<name>-<i>`), for work that can wait for builds.
pub(super) fn yielding_pool(name: &'static str) -> rayon::ThreadPool {
    pool_with(name, yield_to_builds)
}

/// Calls `lower` on the calling thread and starts a thread pool (threads named
/// `weave-<name>-<i>`) each of whose threads calls it first.
fn pool_with(name: &'static str, lower: fn()) -> rayon::ThreadPool {
    lower();
    rayon::ThreadPoolBuilder::new()
        .thread_name(move |i| format!("weave-{name}-{i}"))
        .start_handler(move |_| lower())
        .build()
        .expect("the thread pool starts")
}

/// Sets the calling thread's nice value to 10 (Linux keeps one per thread): below the
/// builds, but with a share of the cores however busy they are.
fn ease_off() {
    #[cfg(target_os = "linux")]
    {
        // Safety: a plain system call on the calling thread (who 0). Should it fail, the
        // thread keeps its priority, which is right but shares the cores with builds.
        unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
    }
}

/// Puts the calling thread in Linux's idle class (`SCHED_IDLE`, which Linux keeps per thread):
/// while a page a save changed is rendered, the index, which can wait, gets a core only when
/// the build leaves it free. A nice value was not enough: at nice 10 the four waiting threads
/// still took a share of the two cores, and a build's thread woke to find its core busy; a
/// title edit's listings at 100,000 articles took 40 to 60 ms to render, and 25 to 50 ms in
/// the idle class. Elsewhere the threads share the cores equally.
fn yield_to_builds() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // Safety: `param` outlives the call; pid 0 is the calling thread. Should it fail, the
        // thread keeps the ordinary class, which is slower but right.
        unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Newest;

    /// A value not yet taken is dropped as soon as a newer one is sent: the search thread
    /// must never hold a queue of old sites' graphs.
    #[test]
    fn a_newer_value_drops_the_one_not_yet_taken() {
        let slot = Newest::new();
        let taker = slot.clone();
        let (old, new) = (Arc::new("old"), Arc::new("new"));
        slot.send(Arc::clone(&old));
        slot.send(Arc::clone(&new));
        assert_eq!(
            Arc::strong_count(&old),
            1,
            "the superseded value is still held"
        );
        assert_eq!(taker.take().as_deref(), Some(&"new"));
        drop(slot);
        assert_eq!(
            taker.take(),
            None,
            "no sender is left, so nothing more comes"
        );
    }

    /// The taker waits for a value sent from another thread.
    #[test]
    fn the_taker_waits_for_a_value() {
        let slot = Newest::new();
        let taker = slot.clone();
        let sender = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            slot.send(7);
        });
        assert_eq!(taker.take(), Some(7));
        sender.join().unwrap();
    }
}
