//! The tera environment: every template parsed once, errors reported with the template's file
//! and line.

use std::path::PathBuf;

use tera::Tera;

use crate::error::Diagnostic;
use crate::render::theme::Theme;

#[derive(Clone)]
pub struct Templates {
    pub tera: Tera,
    /// Some template calls `get_page` or `get_section`, so it may show any page's data.
    reads_any_page: bool,
    /// Template name to the file it came from, for error messages.
    shown: std::collections::HashMap<String, PathBuf>,
    /// The theme's words in the site's language, which `t(key=...)` looks up.
    pub strings: std::sync::Arc<crate::languages::i18n::Strings>,
}

impl Templates {
    /// Parses every template of `theme`; reports every one that fails, not only the first.
    pub fn load(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut sources = Vec::new();
        let mut reads_any_page = false;
        let mut shown = std::collections::HashMap::new();
        for (name, file) in &theme.templates {
            let text = match file.origin.read().map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(_)) => {
                    errors.push(
                        Diagnostic::error("the template is not valid UTF-8")
                            .in_file(&file.shown)
                            .help("save it as UTF-8"),
                    );
                    continue;
                }
                Err(e) => {
                    errors.push(
                        Diagnostic::error(format!("cannot read the template: {e}"))
                            .in_file(&file.shown),
                    );
                    continue;
                }
            };
            if let Err(e) = tera::Template::new(name, None, &text) {
                errors.push(locate(&e, &file.shown));
                continue;
            }
            shown.insert(name.clone(), file.shown.clone());
            reads_any_page |= text.contains("get_page") || text.contains("get_section");
            sources.push((name.clone(), text));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = Tera::default();
        // Output is HTML, XML or text made by us; escaping is decided per template by name.
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        if let Err(e) = tera.add_raw_templates(sources) {
            let shown_file = template_named(&e).and_then(|n| shown.get(&n).cloned());
            let d = Diagnostic::error(chain(&e)).help(
                "check `extends`, `include` and `import` names against the files in templates/",
            );
            return Err(vec![match shown_file {
                Some(f) => d.in_file(f),
                None => d,
            }]);
        }
        Ok(Templates {
            tera,
            shown,
            reads_any_page,
            strings: Default::default(),
        })
    }

    pub fn reads_any_page(&self) -> bool {
        self.reads_any_page
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `name`; an error names the template file and the page being rendered.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        for_file: &std::path::Path,
    ) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let template = self.shown.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
            Diagnostic::error(format!(
                "template {} failed while rendering {}: {}",
                template.display(),
                for_file.display(),
                chain(&e)
            ))
            .in_file(template)
            .help("fix the template, or the page's front matter if the template expects a value it lacks")
        })
    }
}

/// Escapes text for HTML and XML. Unlike tera's default it leaves `/` alone, so URLs in
/// attributes stay readable (`/articles/a/`, not `&#x2F;articles&#x2F;a&#x2F;`).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Copies the runs between special characters whole: most text has none.
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// A parse error, placed at the line and column tera reports.
fn locate(e: &tera::Error, file: &std::path::Path) -> Diagnostic {
    let text = chain(e);
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let loc = rest.split_whitespace().next()?;
        let (l, c) = loc.split_once(':')?;
        Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?))
    });
    let expected = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("the template syntax is invalid");
    let d = Diagnostic::error(format!("template syntax error: {expected}"))
        .in_file(file)
        .help("check the `{{ }}` and `{% %}` tags near this line");
    match position {
        Some((l, c)) => d.at(l, c),
        None => d,
    }
}

/// The error and its causes, joined.
pub fn chain(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn template_named(e: &tera::Error) -> Option<String> {
    match &e.kind {
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        tera::ErrorKind::CircularExtend { tpl, .. } => Some(tpl.clone()),
        _ => None,
    }
}
