//! Giving a spill's disk back. A one-off build's spill lives as long as the build, but
//! `weave serve` keeps its file set in one for as long as it runs, and every build replaces
//! some of those files: without this, each template edit on a site of 100,000 pages would add
//! the whole site's bytes to the disk again.
//!
//! A lane's bytes are contiguous and each belongs to exactly one span, so a region of the lane
//! (a megabyte, aligned) is wholly unused once the spans freed in it add up to its size. Its
//! blocks then go back to the file system (a hole punched in the file, which keeps its size,
//! so every other span still lies where it did). A region freed while some of its bytes still
//! wait to be written is given back by the first `free` after they are.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use super::{GATHER, Lane, Span, Spill};

const REGION: u64 = GATHER as u64;

/// A lane's freed bytes: how many in each region partly freed, and the regions wholly freed
/// whose bytes are not all in the file yet.
#[derive(Default)]
pub(super) struct Freed {
    partly: HashMap<u64, u64>,
    waiting: Vec<u64>,
}

impl Spill {
    /// Says that nothing will read `span` again; its disk is given back once its region's is
    /// all unused. Each span must be freed at most once.
    pub fn free(&self, span: Span) {
        let lane = &self.lanes[span.lane as usize];
        let mut freed = lane.freed.lock().expect("no panics");
        let Freed { partly, waiting } = &mut *freed;
        let (mut at, end) = (span.at, span.at + u64::from(span.len));
        while at < end {
            let region = at / REGION;
            let upto = ((region + 1) * REGION).min(end);
            let count = partly.entry(region).or_default();
            *count += upto - at;
            if *count == REGION {
                partly.remove(&region);
                waiting.push(region);
            }
            at = upto;
        }
        let written = lane.written.load(Ordering::Acquire);
        waiting.retain(|&region| {
            let in_file = (region + 1) * REGION <= written;
            if in_file {
                give_back(lane, region * REGION);
            }
            !in_file
        });
    }

    /// How many bytes of the spill's files hold data (the rest are holes), for the tests.
    #[cfg(all(test, unix))]
    pub fn allocated(&self) -> u64 {
        use std::os::unix::fs::MetadataExt;
        (self.lanes.iter())
            .map(|l| l.file.metadata().map_or(0, |m| m.blocks() * 512))
            .sum()
    }
}

/// Punches a hole over the region from `at`. Where the file system cannot, the bytes stay:
/// only disk space is lost, never data.
#[cfg(target_os = "linux")]
fn give_back(lane: &Lane, at: u64) {
    use rustix::fs::{FallocateFlags, fallocate};
    let _ = fallocate(
        &lane.file,
        FallocateFlags::PUNCH_HOLE | FallocateFlags::KEEP_SIZE,
        at,
        REGION,
    );
}

#[cfg(not(target_os = "linux"))]
fn give_back(_: &Lane, _: u64) {}
