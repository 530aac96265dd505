//! The thread of `weave serve` that makes what a build left for later (`pipeline::later`:
//! after a new title, `llms.txt` and the listings' twins), so the next save never waits for
//! it, and hands the files back to the build thread, which takes them in only if nothing was
//! left after. Like the search thread, it takes the newest job only and yields the cores to
//! builds.

use std::sync::mpsc::Sender;

use super::Message;
use super::indexing::{Newest, yielding_pool};
use crate::pipeline::LaterJob;

/// Starts the thread; each job's files go to `results` with the job's number.
pub fn start(results: Sender<Message>) -> Newest<LaterJob> {
    let jobs: Newest<LaterJob> = Newest::new();
    let taker = jobs.clone();
    std::thread::spawn(move || {
        let pool = yielding_pool("later");
        while let Some(job) = taker.take() {
            let made = pool.install(|| job.make());
            let number = job.number;
            // The graph is let go before the next job is awaited.
            drop(job);
            if results.send(Message::Settled(number, made)).is_err() {
                return;
            }
        }
    });
    jobs
}
