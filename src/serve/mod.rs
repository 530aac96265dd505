//! `weave serve`: build, serve from memory, watch, rebuild what changed, tell the browser.
//!
//! Three threads of work: the watcher sends batches of changes; one build thread owns the
//! `Session`, folds every batch that arrived while it was busy into the next build (so a burst
//! of saves gives one build and superseded ones never run), swaps the new file set in, and only
//! then notifies browsers; a search thread rebuilds the search index off the critical path. The
//! HTTP server only reads the current file set, so a content error can never stop it.

mod http;
mod indexing;
mod publishing;
mod settling;
mod terminal;
mod watch;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::pipeline::{Changes, Options, Session};
use crate::progress::Progress;
use crate::search;
use http::{FirstBuild, Notice, Served, Shared};
use publishing::{publish_outcome, show_failure};
use terminal::Terminal;
use watch::{Batch, Watcher};

/// After a single file's change, wait this long for more before building. Together with the
/// watcher's debounce this is most of the edit-to-page time of a text edit (which builds in a
/// few milliseconds even at 10,000 pages), so both are as short as they can be.
const SETTLE: Duration = Duration::from_millis(5);

/// Once the changes show a burst (more than one file, or a folder: a checkout, a generator, a
/// script), wait for this long a quiet spell instead: a writer that stalls for a few tens of
/// milliseconds on a loaded machine would otherwise split the burst into several rebuilds.
const BURST_SETTLE: Duration = Duration::from_millis(100);

/// `weave serve`'s options, as the command line gives them.
#[derive(clap::Args, Debug)]
pub struct ServeOptions {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on; only this machine can connect unless you change it.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using the system's file events (network drives, or when the
    /// system limits how many folders can be watched).
    #[arg(long)]
    pub poll: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Do not take the browser to the page of a saved content file: an open tab then changes
    /// only when its own page does.
    #[arg(long)]
    pub no_follow: bool,
    /// Print errors only (and the address served).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Messages to the build thread.
enum Message {
    Changed(Batch),
    /// A build's search index: each language's folder (empty for the default) and its files.
    SearchIndex(u64, Vec<(String, search::Files)>),
    /// The files a build left for later (`pipeline::later`), with the number of its leaving.
    Settled(u64, Vec<(String, crate::spill::stored::Stored)>),
}

pub fn run(mut opts: ServeOptions) -> ExitCode {
    // The watcher reports absolute paths; folders watched later must be named the same way.
    if let Ok(root) = std::path::absolute(&opts.root) {
        opts.root = root;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let listener = match runtime.block_on(tokio::net::TcpListener::bind((
        opts.bind.as_str(),
        opts.port,
    ))) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", opts.bind, opts.port);
            eprintln!("  = help: pass another --port, or --port 0 for any free one");
            return ExitCode::FAILURE;
        }
    };
    let addr: SocketAddr = listener.local_addr().expect("a bound address");
    let url = format!("http://{addr}/");

    // Watching starts before the first build, so a save made while it runs is not lost (it
    // queues for the first rebuild), and on a thread of its own, so setting it up costs the
    // start-up nothing.
    let (watch_tx, watch_rx) = mpsc::channel::<Batch>();
    let watching = {
        let (root, poll) = (opts.root.clone(), opts.poll);
        std::thread::spawn(move || Watcher::start(&root, poll, watch_tx))
    };
    let mut session = Session::new(Options {
        root: opts.root.clone(),
        output: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        write: false,
    });
    session.inline_search = false;
    session.survey_translations = false;
    session.remember_between_builds();
    session.keep_files_on_disk();
    session.defer_listings();
    session.highlights = crate::pipeline::highlights::load(&opts.root);
    let terminal = Terminal {
        root: opts.root.clone(),
        quiet: opts.quiet,
    };
    if !opts.quiet {
        session.progress = Progress::on_terminal();
    }
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        served: RwLock::new(Served::default()),
        composed: RwLock::default(),
        failure: RwLock::new(None),
        notices,
        follow: !opts.no_follow,
        first: tokio::sync::watch::Sender::new(FirstBuild::Preparing),
        settled: tokio::sync::watch::Sender::new(true),
    });
    // The server answers from the start: until the first build is done, with its pages
    // rendered as they are asked for, once its graph is made (`render::on_request`).
    let serving =
        runtime.spawn(axum::serve(listener, http::router(Arc::clone(&shared))).into_future());
    println!("Serving {} at {url}", opts.root.display());
    if opts.open {
        let _ = open::that_detached(&url);
    }
    {
        let shared = Arc::clone(&shared);
        session.on_pages = Some(Box::new(move |pages| {
            shared
                .first
                .send_replace(FirstBuild::Rendering(Arc::new(pages)));
        }));
    }
    let first = session.build(Changes::everything());
    session.on_pages = None;
    let timings = std::mem::take(&mut session.progress).finish();
    terminal.report(&first, "built the site", timings);
    shared.served.write().unwrap().files = session.files().clone();
    *shared.composed.write().unwrap() = session.compositions().into_iter().collect();
    show_failure(&shared, &opts.root, &first);
    shared.first.send_replace(FirstBuild::Done);

    let (tx, rx) = mpsc::channel();
    let watcher = match watching.join().expect("the watcher thread does not panic") {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", opts.root.display());
            return ExitCode::FAILURE;
        }
    };
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for batch in watch_rx {
                if tx.send(Message::Changed(batch)).is_err() {
                    break;
                }
            }
        });
    }
    let polling = watcher.is_polling();
    let search = indexing::start(tx.clone(), session.store());
    let later = settling::start(tx.clone());
    let sites = session.sites();
    if !sites.is_empty() {
        search.send((0, sites));
    }
    // Each build's site goes to the search thread as soon as its graph is built, tagged with
    // the build's number; its index is served only if that build succeeds and is the newest.
    let numbering = Arc::new(Numbering::default());
    {
        let (search, numbering) = (search.clone(), Arc::clone(&numbering));
        session.on_site = Some(Box::new(move |sites| {
            numbering.told.store(true, Ordering::SeqCst);
            search.send((numbering.next.load(Ordering::SeqCst), sites));
        }));
    }
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            build_loop(
                session,
                watcher,
                rx,
                (search, later),
                &numbering,
                &shared,
                &terminal,
            )
        });
    }

    if !opts.quiet {
        eprintln!(
            "watching content/, templates/, themes/, static/ and weave.yaml{}; press Ctrl+C to stop",
            if polling { " by polling" } else { "" }
        );
    }
    let stopped = match runtime.block_on(serving) {
        Ok(served) => served.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The build thread: waits for changes, builds, publishes, notifies.
fn build_loop(
    mut session: Session,
    mut watcher: Watcher,
    rx: Receiver<Message>,
    (search, later): (
        indexing::Newest<indexing::Job>,
        indexing::Newest<crate::pipeline::LaterJob>,
    ),
    numbering: &Numbering,
    shared: &Shared,
    terminal: &Terminal,
) {
    let root = terminal.root.as_path();
    // The number of the build whose files are served.
    let mut served = 0u64;
    // The number of the last job sent to the thread that makes what builds leave for later.
    let mut sent_later = 0u64;
    while let Ok(first) = rx.recv() {
        let mut batch = Batch {
            changes: Changes::default(),
            paths: Vec::new(),
        };
        let mut index = None;
        let mut settled = None;
        let mut take = |m: Message, batch: &mut Batch| match m {
            Message::Changed(b) => {
                batch.changes.merge(b.changes);
                for p in b.paths {
                    if !batch.paths.contains(&p) {
                        batch.paths.push(p);
                    }
                }
            }
            Message::SearchIndex(g, files) => index = Some((g, files)),
            Message::Settled(n, made) => settled = Some((n, made)),
        };
        take(first, &mut batch);
        // Fold in the rest of a burst: everything that arrives until things settle.
        loop {
            let is_burst = batch.paths.len() > 1 || batch.changes.rescan;
            match rx.recv_timeout(if is_burst { BURST_SETTLE } else { SETTLE }) {
                Ok(m) => take(m, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Some((g, languages)) = index
            && g == served
        {
            for (prefix, files) in languages {
                session.replace_files_under(&format!("{prefix}{}/", search::BUNDLE_DIR), files);
            }
            shared.served.write().unwrap().files = session.files().clone();
            // Open pages drop the index they loaded, so a query finds the new text at once.
            let _ = shared.notices.send(Notice::Search);
        }
        if let Some((number, made)) = settled {
            if session.settle(number, made).is_some() {
                shared.served.write().unwrap().files = session.files().clone();
            }
            shared.settled.send_replace(!session.is_unsettled());
        }
        if batch.changes.is_empty() {
            continue;
        }
        for dir in watch::WATCHED_DIRS {
            if batch.paths.iter().any(|p| p == dir) {
                let _ = watcher.watch_dir(&root.join(dir));
            }
        }
        let number = served + 1;
        numbering.next.store(number, Ordering::SeqCst);
        numbering.told.store(false, Ordering::SeqCst);
        let outcome = session.build(batch.changes.clone());
        shared.settled.send_replace(!session.is_unsettled());
        if let Some(job) = session.later_job(sent_later) {
            sent_later = job.number;
            later.send(job);
        }
        publish_outcome(&session, &outcome, &batch, shared, root, true);
        // The pages that list an edited page follow it (`pipeline::deferred`).
        let outcome = match session.finish_deferred() {
            Some(rest) => {
                publish_outcome(&session, &rest, &batch, shared, root, false);
                shared.settled.send_replace(!session.is_unsettled());
                outcome.with_rest(rest)
            }
            None => outcome,
        };
        terminal.report(
            &outcome,
            &format!("rebuilt after {}", describe(&batch.paths)),
            None,
        );
        if !outcome.failed() {
            served = number;
            // The quick path of a text edit makes its graph after its pages: send it now.
            let sites = session.sites();
            if !numbering.told.load(Ordering::SeqCst) && !sites.is_empty() {
                search.send((number, sites));
            }
        }
    }
}

/// The numbers of builds, shared with the session's `on_site`.
#[derive(Default)]
struct Numbering {
    /// The number of the build under way.
    next: AtomicU64,
    /// Whether its graph went to the search thread already.
    told: AtomicBool,
}

fn describe(paths: &[String]) -> String {
    match paths {
        [] => "a change".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}
