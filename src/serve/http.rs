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
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::pipeline::Files;
use crate::publish::llms::Composition;

pub const CLIENT_PATH: &str = "/__weave/client.js";
pub const EVENTS_PATH: &str = "/__weave/events";
/// Every path of the current site, one a line: for tools and tests that compare the served
/// site with a build.
pub const FILES_PATH: &str = "/__weave/files";
const CLIENT_JS: &str = include_str!("client.js");

/// What the browser is told after a build.
#[derive(Clone, Debug)]
pub enum Notice {
    /// Pages changed: their URL paths; `all` when every page changed.
    Reload { pages: Vec<String>, all: bool },
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
            Notice::Reload { pages, all } => Event::default()
                .event("reload")
                .data(serde_json::json!({ "pages": pages, "all": all }).to_string()),
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

/// What the server shares with the build thread.
pub struct Shared {
    pub files: RwLock<Files>,
    /// Files put together from others when asked for (`llms-full.txt`), by path.
    pub composed: RwLock<HashMap<String, Arc<Composition>>>,
    /// The message of the last failed build, while it is not fixed.
    pub failure: RwLock<Option<String>>,
    pub notices: broadcast::Sender<Notice>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(CLIENT_PATH, get(client))
        .route(FILES_PATH, get(file_list))
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
    let files = shared.files.read().unwrap().clone();
    let composed = shared.composed.read().unwrap().clone();
    let mut paths: Vec<&String> = files.keys().chain(composed.keys()).collect();
    paths.sort();
    paths.into_iter().map(|p| format!("{p}\n")).collect()
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
    let files = shared.files.read().unwrap().clone();
    let Some(path) = safe_path(uri.path()) else {
        return not_found(&files, "");
    };
    let wants_dir = path.is_empty() || uri.path().ends_with('/');
    let key = if wants_dir {
        format!("{path}{}index.html", if path.is_empty() { "" } else { "/" })
    } else {
        path.clone()
    };
    if let Some(bytes) = files.get(&key) {
        return file_response(&key, bytes, StatusCode::OK);
    }
    let composed = shared.composed.read().unwrap().get(&key).cloned();
    if let Some(composition) = composed {
        let bytes = composition.bytes(|part| files.get(part).map(|b| &b[..]));
        return file_response(&key, &bytes.into(), StatusCode::OK);
    }
    if !wants_dir && files.contains_key(&format!("{path}/index.html")) {
        let to = format!("/{path}/");
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
    }
    not_found(&files, &path)
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

/// The nearest `404.html` to `path`: a language's own under its folder (`fr/404.html`), as
/// hosts that look up the tree serve it, else the site's.
fn not_found(files: &Files, path: &str) -> Response {
    let own = path
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"))
        .filter(|p| files.contains_key(p));
    let page = own.unwrap_or_else(|| "404.html".to_string());
    match files.get(&page) {
        Some(bytes) => file_response(&page, bytes, StatusCode::NOT_FOUND),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

fn file_response(path: &str, bytes: &bytes::Bytes, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == "text" && mime.subtype() == "html" {
        let html = String::from_utf8_lossy(bytes);
        return (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            with_client(&html),
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
pub fn with_client(html: &str) -> String {
    let tag = format!("<script src=\"{CLIENT_PATH}\" defer></script>");
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
