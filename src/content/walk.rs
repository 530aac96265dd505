//! Finding the markdown files under `content/`, in a stable order, skipping editor debris.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// True for names that editors and tools leave beside real files: hidden files, vim swap and
/// backup files, emacs lock and autosave files, JetBrains safe-write copies, and temporaries.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
}

/// The files under `content`, as paths relative to it, sorted: markdown files, and the others
/// (assets); plus problems met on the way (unreadable folders, symlink loops). Symlinks are
/// followed; a loop is reported, not entered.
pub fn content_files(content: &Path) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut others = Vec::new();
    let mut errors = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(content).unwrap_or(e.path());
                if e.path().extension().is_some_and(|x| x == "md") {
                    files.push(rel.to_path_buf());
                } else {
                    others.push(rel.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(walk_error(content, &e)),
        }
    }
    (files, others, errors)
}

fn walk_error(content: &Path, e: &walkdir::Error) -> Diagnostic {
    let shown = |p: &Path| {
        Path::new(crate::content::CONTENT_DIR).join(p.strip_prefix(content).unwrap_or(p))
    };
    let path = e.path().map(shown);
    let d = match e.loop_ancestor() {
        Some(ancestor) => Diagnostic::error(format!(
            "symbolic link loop: this folder leads back to {}",
            shown(ancestor).display()
        ))
        .help("remove the link or point it somewhere outside its own parent folders"),
        None => Diagnostic::error(format!(
            "cannot read this folder: {}",
            e.io_error()
                .map_or_else(|| e.to_string(), |io| io.to_string())
        ))
        .help("check the permissions of the folder"),
    };
    match path {
        Some(p) => d.in_file(p),
        None => d,
    }
}
