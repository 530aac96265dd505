//! Times the search index alone on a site: `cargo bench --bench search_index -- SITE [RUNS]`.
//! The site is built once without writing; then the index is made `RUNS` times, as over a
//! previous output that holds every file (nothing compressed) and as into an empty one.

use std::sync::Arc;
use std::time::Instant;

use weave::error::Diagnostic;
use weave::output::Sink;
use weave::pipeline::{Changes, Options, Session};

// As in the weave binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Previous(bool);

impl Sink for Previous {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn keep(&self, _: &str) -> bool {
        self.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let root = args.get(1).expect("a site folder");
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut session = Session::new(Options {
        root: root.into(),
        output: None,
        base_url: None,
        drafts: false,
        write: false,
    });
    session.inline_search = false;
    let outcome = session.build(Changes::everything());
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let site = session.site().expect("a site");
    for (label, kept) in [("over previous output", true), ("into empty output", false)] {
        for _ in 0..runs {
            let start = Instant::now();
            let mut index = weave::search::Index::default();
            let sink: Arc<dyn Sink> = Arc::new(Previous(kept));
            index
                .build(&site, None, Some(&*sink), &weave::progress::Stage::none())
                .expect("an index");
            println!("{label}: {:?}", start.elapsed());
        }
    }
}
