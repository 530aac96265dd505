//! Diagnostics: every problem weave reports is a value with a location.
//!
//! Stages never print; they return `Diagnostic`s. `main` renders them once, the same way for the
//! terminal and (later) the browser overlay, so a message reads identically wherever it shows.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    #[default]
    Warning,
    /// Worth knowing, nothing to fix (a title taken from a heading): `weave check` lists
    /// notes, a build only counts them.
    Note,
}

/// One problem found in the input: what is wrong, where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path as the user knows it: relative to the site root where possible.
    pub file: Option<PathBuf>,
    /// 1-based line and column.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    /// The same problem, reported as `severity` (a site may make a warning an error).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same problem, told in other words (with the context it was found in).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line.max(1));
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as editors and terminals link it.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        })
    }

    /// Renders the diagnostic with the offending source line when the file can be read from
    /// `root`. Plain text, no colour, so the same text can go to a terminal, a log or a page.
    pub fn render(&self, root: &Path) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = self.file.as_ref().map(|f| f.display().to_string());
        let source_line = match (&self.file, self.line) {
            (Some(file), Some(line)) => read_line(&root.join(file), line),
            _ => None,
        };
        let title = level.primary_title(self.message.as_str());
        match (&path, self.line, source_line.as_deref()) {
            (Some(path), Some(line), Some(text)) => {
                let start = self.column.map(|c| byte_of_char(text, c - 1)).unwrap_or(0);
                let end = if self.column.is_some() {
                    text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8())
                } else {
                    text.len()
                };
                let span = if start == end {
                    0..text.len()
                } else {
                    start..end
                };
                let snippet = Snippet::source(text)
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span));
                render_groups(title.element(snippet), self.help.as_deref())
            }
            (Some(path), _, _) => {
                let mut origin = annotate_snippets::Origin::path(path.as_str());
                if let Some(line) = self.line {
                    origin = origin.line(line);
                    if let Some(col) = self.column {
                        origin = origin.char_column(col);
                    }
                }
                render_groups(title.element(origin), self.help.as_deref())
            }
            _ => render_groups(Group::with_title(title), self.help.as_deref()),
        }
    }
}

fn render_groups(group: Group<'_>, help: Option<&str>) -> String {
    let mut groups = vec![group];
    if let Some(help) = help {
        groups.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    Renderer::plain().render(&groups)
}

fn read_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .nth(line - 1)
        .map(|l| l.trim_end_matches('\r').to_string())
}

fn byte_of_char(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(loc) = self.location() {
            write!(f, " ({loc})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics gathered by a stage. Errors stop the build after the stage finishes, so one run
/// reports every problem rather than only the first.
#[derive(Default, Debug)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file, then line, so output is stable whatever order threads finished in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}
