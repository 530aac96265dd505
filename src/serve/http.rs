//! The development server (axum): the built site from memory, plus the live-reload channel.
//!
//! Only files of the built site are served: a request path is percent-decoded once, and any
//! `.` or `..` segment, backslash or NUL is refused before the file set is consulted, so no
//! encoding of `..` reaches anything else; there are no directory listings. HTML responses get
//! the live-reload script, added here so the built files stay exactly what `weave build` writes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use percent_encoding::percent_decode_str;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::pipeline::Files;
use crate::publish::llms::{self, Composition};
use crate::render::on_request::OnRequest;
use crate::spill::stored::Stored;

pub const CLIENT_PATH: &str = "/__weave/client.js";
pub const EVENTS_PATH: &str = "/__weave/events";
/// Every path of the current site, one a line: for tools and tests that compare the served
/// site with a build.
pub const FILES_PATH: &str = "/__weave/files";
/// The page as it was before the last build that changed files, under this path + its path:
/// how a tab that follows the writer finds the passage that changed.
pub const PREVIOUS_PATH: &str = "/__weave/previous";
/// The patching step and the client that uses it, in a scope of their own so that nothing
/// of theirs is seen by the page's scripts.
const CLIENT_JS: &str = concat!(
    "(() => {\n",
    include_str!("patch.js"),
    include_str!("client.js"),
    "})();\n"
);

/// What the browser is told after a build.
#[derive(Clone, Debug)]
pub enum Notice {
    /// Pages changed: their URL paths; `all` when every page changed; `follow`, the URL path
    /// of the page of the content file saved, for the tab the writer focused last to go to.
    Reload {
        pages: Vec<String>,
        all: bool,
        follow: Option<String>,
    },
    /// Only stylesheets changed: their new URLs.
    Css { stylesheets: Vec<String> },
    /// The build failed: the message, as the terminal shows it.
    Failed { message: String },
    /// A build succeeded after a failure.
    Fixed,
    /// The search index was brought up to date with the pages served.
    Search,
}

impl Notice {
    fn event(&self) -> Event {
        match self {
            Notice::Reload { pages, all, follow } => Event::default().event("reload").data(
                serde_json::json!({ "pages": pages, "all": all, "follow": follow }).to_string(),
            ),
            Notice::Css { stylesheets } => Event::default()
                .event("css")
                .data(serde_json::json!({ "stylesheets": stylesheets }).to_string()),
            Notice::Failed { message } => Event::default()
                .event("failed")
                .data(serde_json::json!({ "message": message }).to_string()),
            Notice::Fixed => Event::default().event("fixed").data("{}"),
            Notice::Search => Event::default().event("search").data("{}"),
        }
    }
}

/// The site served, as one build left it. Kept together under one lock, so a page and the
/// number of the build it is from always agree.
#[derive(Clone, Default)]
pub struct Served {
    pub files: Files,
    /// The files before the last build.
    pub previous: Files,
    /// The number of the build whose files these are: pages carry it, so a page can tell
    /// whether what it fetches later was made by the same build.
    pub build: u64,
}

impl Served {
    /// Serves a new build's `files`.
    pub fn next_build(&mut self, files: Files) {
        self.previous = std::mem::replace(&mut self.files, files);
        self.build += 1;
    }
}

/// What the server shares with the build thread.
pub struct Shared {
    pub served: RwLock<Served>,
    /// Files put together from others when asked for (`llms-full.txt`), by path.
    pub composed: RwLock<HashMap<String, Arc<Composition>>>,
    /// The message of the last failed build, while it is not fixed.
    pub failure: RwLock<Option<String>>,
    pub notices: broadcast::Sender<Notice>,
    /// Whether browsers are told to go to the page of a saved content file (`--no-follow`).
    pub follow: bool,
    /// How far the first build is: requests for anything its early pages cannot make wait
    /// for it.
    pub first: watch::Sender<FirstBuild>,
    /// False while files a build left for later are made (`pipeline::later`): requests for
    /// them, and for the list of files, wait for it.
    pub settled: watch::Sender<bool>,
}

/// How far `weave serve`'s first build is.
#[derive(Clone)]
pub enum FirstBuild {
    /// Loading the site and making its graph: nothing can be served yet.
    Preparing,
    /// Rendering: any page can be rendered when asked for (`render::on_request`).
    Rendering(Arc<OnRequest>),
    /// Done: its files, or its failure, are in place.
    Done,
}

impl Shared {
    /// Waits, if the first build is still under way, until it is done.
    async fn first_build(&self) {
        let mut first = self.first.subscribe();
        let _ = first.wait_for(|f| matches!(f, FirstBuild::Done)).await;
    }

    /// Waits until no file is left to make after the last build.
    async fn settled(&self) {
        let _ = self.settled.subscribe().wait_for(|settled| *settled).await;
    }

    /// The file at `key` as the first build will make it, while that build is under way and
    /// can make it now (once its graph is made).
    async fn early(&self, key: &str) -> Option<bytes::Bytes> {
        let mut first = self.first.subscribe();
        let early = match &*first
            .wait_for(|f| !matches!(f, FirstBuild::Preparing))
            .await
            .ok()?
        {
            FirstBuild::Rendering(early) => Arc::clone(early),
            _ => return None,
        };
        if let Some(bytes) = early.file(key) {
            return Some(bytes::Bytes::from_owner(bytes));
        }
        let key = key.to_string();
        // A listing's page can take a few milliseconds: off the threads that answer requests.
        let made = tokio::task::spawn_blocking(move || early.render(&key)).await;
        // A page whose template fails waits for the build, which reports the failure.
        match made {
            Ok(Some(Ok(bytes))) => Some(bytes.into()),
            _ => None,
        }
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(CLIENT_PATH, get(client))
        .route(FILES_PATH, get(file_list))
        .route(&format!("{PREVIOUS_PATH}/{{*path}}"), get(previous_page))
        .fallback(site_file)
        .with_state(shared)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn client() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        CLIENT_JS,
    )
        .into_response()
}

async fn file_list(State(shared): State<Arc<Shared>>) -> String {
    shared.first_build().await;
    shared.settled().await;
    let files = shared.served.read().unwrap().files.clone();
    let composed = shared.composed.read().unwrap().clone();
    let mut paths: Vec<&String> = files.keys().chain(composed.keys()).collect();
    paths.sort();
    paths.into_iter().map(|p| format!("{p}\n")).collect()
}

/// A page as the build before the last made it (404 when it had none).
async fn previous_page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    shared.first_build().await;
    let served = shared.served.read().unwrap().clone();
    let (files, build) = (served.previous, served.build.saturating_sub(1));
    let rest = uri.path().strip_prefix(PREVIOUS_PATH).unwrap_or("");
    let key = safe_path(rest).map(|p| index_of(&p));
    match key.and_then(|k| files.get(&k).cloned().map(|b| (k, b))) {
        Some((key, stored)) => stored_response(&key, &stored, StatusCode::OK, build),
        None => (StatusCode::NOT_FOUND, "no such page before\n").into_response(),
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // A page that opens after a failed build shows the failure at once.
    let first = match shared.failure.read().unwrap().clone() {
        Some(message) => Notice::Failed { message },
        None => Notice::Fixed,
    };
    let rest =
        BroadcastStream::new(shared.notices.subscribe()).filter_map(|n| async move { n.ok() });
    let stream = stream::once(async move { first })
        .chain(rest)
        .map(|n| Ok(n.event()));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(path) = safe_path(uri.path()) else {
        shared.first_build().await;
        let Served { files, build, .. } = shared.served.read().unwrap().clone();
        return not_found(&files, "", build);
    };
    let wants_dir = path.is_empty() || uri.path().ends_with('/');
    let key = if wants_dir {
        index_of(&path)
    } else {
        path.clone()
    };
    // The early pages are the first build's (number 0).
    if let Some(bytes) = shared.early(&key).await {
        return file_response(&key, &bytes, StatusCode::OK, 0);
    }
    shared.first_build().await;
    if llms::made_later(&key) {
        shared.settled().await;
    }
    let Served { files, build, .. } = shared.served.read().unwrap().clone();
    if let Some(stored) = files.get(&key) {
        return stored_response(&key, stored, StatusCode::OK, build);
    }
    let composed = shared.composed.read().unwrap().get(&key).cloned();
    if let Some(composition) = composed {
        let bytes = composition.bytes(|part| files.get(part).and_then(|s| s.bytes().ok()));
        return file_response(&key, &bytes.into(), StatusCode::OK, build);
    }
    if !wants_dir && files.contains_key(&format!("{path}/index.html")) {
        let to = format!("/{path}/");
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
    }
    not_found(&files, &path, build)
}

/// The request path as a key of the file set, or None when it must not be served.
fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    Some(segments.join("/"))
}

/// The key of the page at a folder's `path` (a key of the file set, empty for the root).
fn index_of(path: &str) -> String {
    match path {
        "" => "index.html".to_string(),
        folder => format!("{folder}/index.html"),
    }
}

/// The nearest `404.html` to `path`: a language's own under its folder (`fr/404.html`), as
/// hosts that look up the tree serve it, else the site's.
fn not_found(files: &Files, path: &str, build: u64) -> Response {
    let own = path
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"))
        .filter(|p| files.contains_key(p));
    let page = own.unwrap_or_else(|| "404.html".to_string());
    match files.get(&page) {
        Some(stored) => stored_response(&page, stored, StatusCode::NOT_FOUND, build),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// A file of the set as served, read from where it is kept.
fn stored_response(path: &str, stored: &Stored, status: StatusCode, build: u64) -> Response {
    match stored.bytes() {
        Ok(bytes) => file_response(path, &bytes, status, build),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not read {path} back from the server's file beside the site ({e}); check the disk, then save a file to build again\n"),
        )
            .into_response(),
    }
}

/// The file as served; an HTML page with the client script, tagged with the `build` it is from.
fn file_response(path: &str, bytes: &bytes::Bytes, status: StatusCode, build: u64) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == "text" && mime.subtype() == "html" {
        let html = String::from_utf8_lossy(bytes);
        return (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            with_client(&html, build),
        )
            .into_response();
    }
    let content_type = match mime.type_().as_str() {
        "text" => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        Body::from(bytes.clone()),
    )
        .into_response()
}

/// The page with the live-reload script before `</body>` (or at the end).
pub fn with_client(html: &str, build: u64) -> String {
    let tag = format!("<script src=\"{CLIENT_PATH}\" data-build=\"{build}\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_however_encoded() {
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E%2fb",
            "/a%2f..%2fb",
            "/a/..\\b",
            "/%00",
            "/.%2e/x",
        ] {
            assert_eq!(safe_path(raw), None, "{raw}");
        }
        assert_eq!(
            safe_path("/articles/a%20b/").as_deref(),
            Some("articles/a b")
        );
        assert_eq!(safe_path("/").as_deref(), Some(""));
    }
}
