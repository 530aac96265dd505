//! `weave init` and `weave new`: a small explainer that builds at once and shows the way, and
//! a new page with its front matter filled in.

use std::path::{Path, PathBuf};

use crate::content::CONTENT_DIR;
use crate::error::Diagnostic;

/// Writes `site/weave.yaml` from the site's Zola or Hugo configuration; refuses to replace a
/// `weave.yaml` and says so when there is nothing to read.
pub fn init_from(site: &Path) -> Result<PathBuf, Diagnostic> {
    let target = site.join(crate::config::CONFIG_FILE);
    if target.exists() {
        return Err(Diagnostic::error(format!("{} exists already", target.display()))
            .help("weave reads it as it is; remove it first to write it again from the other tool's configuration"));
    }
    let Some(imported) = crate::config_import::import(site)? else {
        return Err(Diagnostic::error(format!(
            "{} has no config.toml or hugo.toml to read",
            site.display()
        ))
        .help("give the folder of a Zola or Hugo site"));
    };
    std::fs::write(&target, &imported.yaml)
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", target.display())))?;
    Ok(target)
}

/// The starter site: every feature an explainer uses, once. Its text explains itself.
const STARTER: &[(&str, &str)] = &[
    (
        "weave.yaml",
        "title: My explainer\n\
         description: What the sources say, topic by topic.\n\
         # Where the site will live, e.g. https://example.org/explainer/ (every URL follows it).\n\
         base_url: \"\"\n",
    ),
    (
        ".gitignore",
        "# The built site, and the code highlighted by earlier builds (kept to build faster).\n\
         /public\n\
         /.weave-cache\n",
    ),
    (
        "content/_index.md",
        "---\n\
         title: My explainer\n\
         description: What the sources say, topic by topic.\n\
         ---\n\
         This home page is `content/_index.md`. Below it the theme lists the topics, the claims\n\
         and which source makes each. Start with [the first article](articles/first-source.md).\n",
    ),
    (
        "content/articles/first-source.md",
        "---\n\
         title: First source\n\
         description: One of the texts this explainer draws on.\n\
         topics: [motives]\n\
         entities: [Example Org]\n\
         claims:\n  \
           - id: motives/shared-work\n    \
             quote: \"many hands make the work lighter\"\n\
         ---\n\
         Put a source's text here, as it was published. Example Org says that many hands make the\n\
         work lighter, which is why it shares what it builds.\n\
         \n\
         > [!NOTE]\n\
         > The quote in the front matter must occur in this text, word for word.\n",
    ),
    (
        "content/articles/second-source.md",
        "---\n\
         title: Second source\n\
         description: Another text, making the same claim in its own words.\n\
         topics: [motives]\n\
         entities: [Example Org]\n\
         claims:\n  \
           - id: motives/shared-work\n    \
             quote: \"work shared is work halved\"\n\
         ---\n\
         A second source. It argues, as the first does, that work shared is work halved.\n",
    ),
    (
        "content/topics/motives.md",
        "---\n\
         title: Motives\n\
         description: Why organisations share what they build.\n\
         claims:\n  \
           - id: shared-work\n    \
             title: Shared work goes further\n    \
             summary: Sharing brings in more people to do the work.\n\
         ---\n\
         A topic page defines claims; the articles cite them with a quote from their own text, and\n\
         this page gathers every quote under its claim.\n",
    ),
    (
        "content/entities/example-org.md",
        "---\n\
         title: Example Org\n\
         description: An organisation the sources talk about.\n\
         ---\n\
         An entity page. The first mention of Example Org in an article links here.\n",
    ),
];

/// Writes the starter site into `dir`, which must be missing or empty. With more than one
/// of `languages` (the first the default), the site is set up for them and its home page has
/// a version in each, to translate.
pub fn init(dir: &Path, languages: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    if let Some(bad) = languages.iter().find(|c| !crate::languages::is_code(c)) {
        return Err(Diagnostic::error(format!("`{bad}` is not a language code"))
            .help("name languages by their codes, like `--languages en,fr`"));
    }
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Diagnostic::error(format!(
            "{} is not empty: weave init writes a new site only into an empty folder",
            dir.display()
        ))
        .help("pick a new folder name, like `weave init my-explainer`"));
    }
    let mut files: Vec<(String, String)> = STARTER
        .iter()
        .map(|(rel, text)| (rel.to_string(), text.to_string()))
        .collect();
    if let [default, others @ ..] = languages
        && !others.is_empty()
    {
        let config = &mut files[0].1;
        config.push_str(&format!(
            "# The default language is published at the root, the others under /<code>/.\n\
             language: {default}\n\
             languages:\n"
        ));
        for code in languages {
            config.push_str(&format!("  {code}: {{}}\n"));
        }
        for code in others {
            files.push((
                format!("content/_index.{code}.md"),
                format!(
                    "---\ntitle: My explainer ({code})\n---\n\
                     This is the home page in `{code}`: translate it here. A page becomes a \
                     translation by its name (`first-source.{code}.md` beside `first-source.md`) \
                     or its folder (`content/{code}/...`); `weave check` lists the pages not \
                     translated yet.\n"
                ),
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Writes `content/<path>` under `root` with its front matter filled in: a title from the file
/// name, today's date, and `draft: true` until it is ready (as `hugo new` does).
pub fn new_page(root: &Path, path: &str, today: &str) -> Result<PathBuf, Diagnostic> {
    let rel = path
        .trim_start_matches("./")
        .trim_start_matches(&format!("{CONTENT_DIR}/"));
    if !rel.ends_with(".md") || rel.split('/').any(|s| s == ".." || s.is_empty()) {
        return Err(
            Diagnostic::error(format!("`{path}` is not a markdown file inside content/"))
                .help("give a path like `articles/some-title.md`"),
        );
    }
    let file = Path::new(CONTENT_DIR).join(rel);
    let title = crate::content::plain::title_from_name(rel);
    let text = format!(
        "---\ntitle: \"{}\"\ndate: {today}\ndraft: true\ntopics: []\n---\n",
        title.replace('"', "\\\"")
    );
    write_new(&root.join(&file), &text)?;
    Ok(file)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::error(format!("{} exists already", path.display()))
                .help("weave never overwrites a file; pick another name"),
        );
    }
    let fail = |e: std::io::Error| {
        Diagnostic::error(format!("cannot write {}: {e}", path.display()))
            .help("check that the folder is writable")
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, text).map_err(fail)
}
