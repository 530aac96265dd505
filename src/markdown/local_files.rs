//! Links and images that name a file beside the page (`![chart](chart.png)`): resolved against
//! the page's folder in `content/`, rewritten to the file's URL (base path included), reported
//! when the file is missing, and, for images whose size is known, given `width` and `height`
//! so the page does not shift while they load.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::render::templates::escape_html;

/// Path inside `content/` of every asset, to its image size when known.
pub type AssetSizes = HashMap<String, Option<(u32, u32)>>;

/// What a URL path may not hold as it is.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The URL of asset `source` under `base_path`.
pub fn url(base_path: &str, source: &str) -> String {
    format!("{base_path}{}", utf8_percent_encode(source, PATH))
}

/// How a lookup of `source` is remembered in `Rendered::lookups`: the rendered HTML depends on
/// whether the file exists and on its size.
pub fn lookup(assets: &AssetSizes, source: &str) -> (String, Option<String>) {
    let seen = assets.get(source).map(|size| match size {
        Some((w, h)) => format!("{w}x{h}"),
        None => String::new(),
    });
    (format!("asset:{source}"), seen)
}

/// Replaces each image whose URL is in `sizes` with an `<img>` carrying its width and height.
pub fn size_images(events: &mut Vec<Event<'_>>, sizes: &HashMap<String, (u32, u32)>) {
    if sizes.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut rest = std::mem::take(events).into_iter();
    while let Some(event) = rest.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        else {
            out.push(event);
            continue;
        };
        let Some((w, h)) = sizes.get(dest_url.as_ref()) else {
            out.push(event);
            continue;
        };
        let mut alt = String::new();
        let mut depth = 0;
        for e in rest.by_ref() {
            match e {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
        }
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(title))
        };
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<img src=\"{}\" alt=\"{}\"{title} width=\"{w}\" height=\"{h}\">",
            escape_html(dest_url),
            escape_html(&alt)
        ))));
    }
    *events = out;
}
