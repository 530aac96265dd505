//! Which template and static files a site uses: the theme's, with the site's own `templates/`
//! and `static/` files of the same name taking their place. The default theme is also built into
//! the binary, so a folder that holds only `content/` still builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::content::walk::is_ignored_name;
use crate::error::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
pub const DEFAULT_THEME_NAME: &str = "default";

/// Where a file's bytes come from.
#[derive(Clone, Debug)]
pub enum Origin {
    Disk(PathBuf),
    BuiltIn(&'static [u8]),
}

impl Origin {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Origin::Disk(p) => std::fs::read(p),
            Origin::BuiltIn(b) => Ok(b.to_vec()),
        }
    }
}

/// A template or static file: its name inside `templates/` or `static/`, the path shown in
/// errors, and where to read it.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    pub shown: PathBuf,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`page.html`, `partials/nav.html`) to file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Path inside the output (`style.css`) to file.
    pub statics: BTreeMap<String, ThemeFile>,
}

/// Resolves the theme named `name` for the site at `root`. A site built from another tool's
/// configuration (`foreign`) keeps only its `templates/shortcodes/` from its own templates:
/// the rest were written for that tool, and weave's theme draws its pages.
pub fn resolve(root: &Path, name: &str, foreign: bool) -> Result<Theme, Diagnostic> {
    let mut theme = Theme::default();
    let theme_dir = Path::new("themes").join(name);
    if root.join(&theme_dir).is_dir() {
        add_folder(root, &theme_dir.join("templates"), &mut theme.templates)?;
        add_folder(root, &theme_dir.join("static"), &mut theme.statics)?;
    } else if name == DEFAULT_THEME_NAME {
        add_built_in("templates", &mut theme.templates);
        add_built_in("static", &mut theme.statics);
    } else {
        return Err(Diagnostic::error(format!(
            "theme `{name}` not found: there is no folder {}",
            theme_dir.display()
        ))
        .in_file(crate::config::CONFIG_FILE)
        .help(format!(
            "create {}/templates, or set `theme: default` in weave.yaml",
            theme_dir.display()
        )));
    }
    let mut own = BTreeMap::new();
    add_folder(root, Path::new("templates"), &mut own)?;
    own.retain(|name: &String, _| !foreign || name.starts_with("shortcodes/"));
    theme.templates.extend(own);
    add_folder(root, Path::new("static"), &mut theme.statics)?;
    // Notes beside the templates (a README) are not templates.
    theme.templates.retain(|name, _| is_template_name(name));
    Ok(theme)
}

/// Templates make HTML, XML or text; other files in a templates folder are ignored.
fn is_template_name(name: &str) -> bool {
    [".html", ".xml", ".txt", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn add_folder(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
) -> Result<(), Diagnostic> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Ok(());
    }
    let walker = WalkDir::new(&full)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            Diagnostic::error(format!("cannot read {}: {e}", dir.display()))
                .in_file(dir)
                .help("check the folder's permissions and remove symbolic link loops")
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&full).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        into.insert(
            name,
            ThemeFile {
                shown: dir.join(rel),
                origin: Origin::Disk(entry.path().to_path_buf()),
            },
        );
    }
    Ok(())
}

fn add_built_in(sub: &str, into: &mut BTreeMap<String, ThemeFile>) {
    let Some(dir) = DEFAULT_THEME.get_dir(sub) else {
        return;
    };
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        stack.extend(d.dirs());
        for f in d.files() {
            let rel = f.path().strip_prefix(sub).unwrap_or(f.path());
            into.insert(
                rel.to_string_lossy().replace('\\', "/"),
                ThemeFile {
                    shown: Path::new("themes").join(DEFAULT_THEME_NAME).join(f.path()),
                    origin: Origin::BuiltIn(f.contents()),
                },
            );
        }
    }
}
