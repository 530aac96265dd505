//! The theme as a session holds it: templates parsed, static files read, asset names
//! hashed. Loaded again only when a template, theme or static file changes.

use std::path::Path;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::publish;
use crate::publish::assets::AssetNames;
use crate::render::theme;
use crate::render::{Output, Templates};

pub struct ThemeState {
    pub templates: Templates,
    pub assets: AssetNames,
    /// Static files and their hashed copies, read into memory.
    pub statics: Vec<Output>,
    /// True when some template calls `get_page` or `get_section`: then a content change can
    /// reach any page, and every page renders again.
    pub reads_any_page: bool,
    /// The shortcode templates (`templates/shortcodes/`), which markdown calls.
    pub shortcodes: std::sync::Arc<crate::render::shortcodes::Shortcodes>,
    /// Strings the language's tables lack: reported by every build.
    pub warnings: Vec<Diagnostic>,
}

impl ThemeState {
    pub fn load(root: &Path, config: &Config) -> Result<ThemeState, Vec<Diagnostic>> {
        let theme = theme::resolve(root, &config.theme, config.imported).map_err(|d| vec![d])?;
        let mut templates = Templates::load(&theme)?;
        let default = config
            .languages
            .first()
            .map_or(config.language.as_str(), |l| l.code.as_str());
        let (strings, warnings) =
            crate::languages::i18n::Strings::load(root, &config.language, default);
        if warnings.iter().any(Diagnostic::is_error) {
            return Err(warnings);
        }
        templates.strings = std::sync::Arc::new(strings);
        let (assets, hashed) = publish::assets::fingerprint(&theme).map_err(|d| vec![d])?;
        let mut statics = Vec::with_capacity(theme.statics.len() + hashed.len());
        for (name, file) in &theme.statics {
            let bytes = file.origin.read().map_err(|e| {
                vec![
                    Diagnostic::error(format!("cannot read the static file: {e}"))
                        .in_file(&file.shown),
                ]
            })?;
            statics.push(Output {
                path: name.clone(),
                bytes,
                from: file.shown.clone(),
            });
        }
        statics.extend(hashed);
        let reads_any_page = templates.reads_any_page();
        let shortcodes = crate::render::shortcodes::Shortcodes::load(&theme, &config.base_path())?;
        Ok(ThemeState {
            templates,
            assets,
            statics,
            reads_any_page,
            shortcodes: std::sync::Arc::new(shortcodes),
            warnings,
        })
    }

    /// True when the site ships a static file of this name, which then stands in for a
    /// generated one (a site's own `robots.txt`).
    pub fn ships(&self, name: &str) -> bool {
        self.statics.iter().any(|s| s.path == name)
    }
}
