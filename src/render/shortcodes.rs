//! The site's shortcode templates, `templates/shortcodes/NAME.html` (tera), which markdown calls
//! in Zola's syntax or Hugo's (`markdown/shortcodes`). They are parsed once with the theme, in
//! an environment of their own: a shortcode sees its arguments, its `body`, the `page` that
//! calls it and the site's `config`, the `markdown` filter, and the functions `get_url` and
//! Zola's `resize_image` (which resizes nothing: it gives the image's own URL and the size
//! asked for).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use tera::{Context, Tera, Value};

use crate::error::Diagnostic;
use crate::render::templates::escape_html;
use crate::render::theme::Theme;

const FOLDER: &str = "shortcodes/";

#[derive(Default)]
pub struct Shortcodes {
    tera: Tera,
    names: BTreeSet<String>,
    /// Template name to the file it came from, for messages.
    shown: HashMap<String, PathBuf>,
    /// A hash of every shortcode template's text: rendered markdown depends on it.
    pub fingerprint: u64,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shortcodes({:?})", self.names)
    }
}

impl Shortcodes {
    /// The shortcode templates of `theme` (the site's `templates/shortcodes/` and the theme's),
    /// with `base_path` for the URLs their functions make.
    pub fn load(theme: &Theme, base_path: &str) -> Result<Shortcodes, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut shown = HashMap::new();
        let mut names = BTreeSet::new();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, file) in theme.templates.range(FOLDER.to_string()..) {
            let Some(short) = name.strip_prefix(FOLDER) else {
                break;
            };
            let Ok(Ok(text)) = file.origin.read().map(String::from_utf8) else {
                // Unreadable templates are reported by the theme's own loading.
                continue;
            };
            hasher.update(name.as_bytes());
            hasher.update(text.as_bytes());
            names.insert(short.trim_end_matches(".html").to_string());
            shown.insert(name.clone(), file.shown.clone());
            sources.push((name.clone(), text));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(sources).map_err(|e| {
            vec![
                Diagnostic::error(format!("a shortcode template cannot be read: {e}"))
                    .help("fix the template under templates/shortcodes/"),
            ]
        })?;
        // Zola's shortcodes write `{{ body | markdown | safe }}`.
        tera.register_filter("markdown", |value: &Value, _: &HashMap<String, Value>| {
            let text = value.as_str().unwrap_or_default();
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(text, crate::markdown::parser_options()),
            );
            Ok(Value::String(html))
        });
        let base = base_path.to_string();
        tera.register_function("get_url", move |args: &HashMap<String, Value>| {
            let path = args.get("path").and_then(Value::as_str).unwrap_or("");
            Ok(Value::String(format!(
                "{base}{}",
                path.trim_start_matches('/')
            )))
        });
        let base = base_path.to_string();
        tera.register_function("resize_image", move |args: &HashMap<String, Value>| {
            let path = args.get("path").and_then(Value::as_str).unwrap_or("");
            Ok(serde_json::json!({
                "url": format!("{base}{}", path.trim_start_matches('/')),
                "static_path": path,
                "width": args.get("width").cloned().unwrap_or(Value::Null),
                "height": args.get("height").cloned().unwrap_or(Value::Null),
            }))
        });
        Ok(Shortcodes {
            tera,
            names,
            shown,
            fingerprint: hasher.digest(),
        })
    }

    /// True when the site has a template for shortcode `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// The file that defines shortcode `name`, for messages.
    pub fn file_of(&self, name: &str) -> Option<&PathBuf> {
        self.shown.get(&format!("{FOLDER}{name}.html"))
    }

    /// Renders shortcode `name` with `context`; the error's text names what went wrong.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera
            .render(&format!("{FOLDER}{name}.html"), context)
            .map_err(|e| crate::render::templates::chain(&e))
    }
}
