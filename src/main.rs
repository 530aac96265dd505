//! The `weave` command line: parses arguments, runs the pipeline, prints the report, exits.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use weave::pipeline::{self, Options};
use weave::progress::Progress;

// Rendering allocates and frees many small values on every thread; mimalloc's thread-local
// heaps do that at a fraction of glibc malloc's cost (measured in benches/compare.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long memory freed stays with the process before it goes back to the system, in `weave
/// serve`: mimalloc's 10 ms by default. A save renders its pages into memory the save before
/// freed; given back and asked for again, that memory is new to the system each time, and on a
/// VM that hands free memory back to its host the first touch cost about 10 ms a megabyte:
/// half of rendering a title edit's listings at 100,000 articles was waiting for it. Held for
/// ten seconds, the memory of one save is there for the next while someone is typing; serve's
/// peak rose from 1.31 to 1.38 GB there.
const SERVE_PURGE_DELAY_MS: std::ffi::c_long = 10_000;

/// `mi_option_purge_delay` of mimalloc.h, which the crate's bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn keep_freed_memory_longer() {
    // Safety: sets a plain option; mimalloc reads it when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, SERVE_PURGE_DELAY_MS) };
}

#[derive(Parser)]
#[command(
    name = "weave",
    version,
    about = "Build cross-linked static sites from markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into `public/` (or --output).
    Build {
        /// The site's folder: it holds content/ and, optionally, weave.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides `base_url` in weave.yaml, e.g. https://example.org/sub/path/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print errors only: no warnings, no progress, no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Serve the site on a local address, rebuilding and reloading the browser on every change.
    Serve(weave::serve::ServeOptions),
    /// Check everything a build checks (front matter, links, anchors, templates); write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// Print errors only.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Start a new explainer in DIR (which must be missing or empty): a small site that builds.
    /// With --from SITE instead, write the weave.yaml that SITE's Zola or Hugo configuration
    /// amounts to.
    Init {
        #[arg(required_unless_present = "from")]
        dir: Option<PathBuf>,
        /// A Zola or Hugo site whose config.toml or hugo.toml to turn into its weave.yaml.
        #[arg(long, conflicts_with = "dir")]
        from: Option<PathBuf>,
        /// The site's languages, the default first, like `en,fr`.
        #[arg(long, value_delimiter = ',', conflicts_with = "from")]
        languages: Vec<String>,
    },
    /// Write a new page, `content/PATH`, with its front matter filled in.
    New {
        /// Inside content/, like `articles/some-title.md`.
        path: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// How the sources cover the claims and topics: per source, per claim, per topic.
    Report {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// `text` for people, `json` for CI (the README documents its fields).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit status of a command that does one thing: its error, if any, printed as every error is.
fn done(result: Result<(), weave::error::Diagnostic>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            eprintln!("{}", d.render(std::path::Path::new(".")));
            ExitCode::FAILURE
        }
    }
}

/// `weave report`: the site is checked first; a site that fails its check has no report.
fn report(root: PathBuf, drafts: bool, format: Format) -> ExitCode {
    let opts = Options {
        root,
        output: None,
        base_url: None,
        drafts,
        write: false,
    };
    let (graphs, checked) = pipeline::site_graph(&opts);
    let Some(graphs) = graphs else {
        pipeline::print_report(&opts.root, &checked, "report", false);
        return ExitCode::FAILURE;
    };
    match format {
        Format::Text => print!("{}", weave::report::languages_to_text(&graphs)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&weave::report::languages_to_json(&graphs))
                .expect("plain data serialises")
        ),
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (opts, verb, quiet) = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            quiet,
        } => (
            Options {
                root,
                output,
                base_url,
                drafts,
                write: true,
            },
            "build",
            quiet,
        ),
        Command::Serve(opts) => {
            keep_freed_memory_longer();
            return weave::serve::run(opts);
        }
        Command::Report {
            root,
            drafts,
            format,
        } => return report(root, drafts, format),
        Command::Init {
            from: Some(site), ..
        } => {
            return done(weave::scaffold::init_from(&site).map(|file| {
                println!("wrote {}", file.display());
            }));
        }
        Command::Init { dir, languages, .. } => {
            let dir = dir.expect("clap requires DIR without --from");
            return done(weave::scaffold::init(&dir, &languages).map(|files| {
                for f in files {
                    println!("wrote {}", dir.join(f).display());
                }
                println!(
                    "next: `weave serve --root {}` and open the address it prints",
                    dir.display()
                );
            }));
        }
        Command::New { path, root } => {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            return done(weave::scaffold::new_page(&root, &path, &today).map(|file| {
                println!(
                    "wrote {} (a draft: `weave serve --drafts` shows it)",
                    root.join(file).display()
                )
            }));
        }
        Command::Check {
            root,
            drafts,
            quiet,
        } => (
            Options {
                root,
                output: None,
                base_url: None,
                drafts,
                write: false,
            },
            "check",
            quiet,
        ),
    };
    // A long build shows its stages on a terminal; quiet, it shows nothing but errors.
    let progress = match quiet {
        true => Progress::off(),
        false => Progress::on_terminal(),
    };
    let report = pipeline::run(&opts, progress);
    pipeline::print_report(&opts.root, &report, verb, quiet);
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
