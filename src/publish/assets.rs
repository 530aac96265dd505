//! Content-hashed names for the theme's stylesheets and scripts (`style.3f2a9c81d0.css`), so a
//! host can cache them forever: a changed file gets a new name. Templates ask for them with
//! `asset_url(path="style.css")`; the plain name is still written, for anything that links it.
//! Also the site's icon, which the theme links so no browser asks for a missing
//! `/favicon.ico`.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::error::Diagnostic;
use crate::render::Output;
use crate::render::theme::Theme;

/// Hex digits of the hash kept in a name: 40 bits, ample to tell versions of one file apart.
const HASH_LEN: usize = 10;

/// What templates ask of the static files by name.
#[derive(Clone, Debug, Default)]
pub struct AssetNames {
    /// Plain name to hashed name, for every `.css` and `.js` static file.
    pub hashed: HashMap<String, String>,
    /// The icon to link: a site's own `static/favicon.{svg,png,ico}` before the theme's.
    pub favicon: Option<Favicon>,
}

#[derive(Clone, Debug, Hash, serde::Serialize)]
pub struct Favicon {
    /// Name in the output's root, like `favicon.svg`.
    pub name: String,
    /// Its media type, for the `<link>`'s `type`.
    pub media_type: &'static str,
}

const FAVICONS: [(&str, &str); 3] = [
    ("favicon.svg", "image/svg+xml"),
    ("favicon.png", "image/png"),
    ("favicon.ico", "image/x-icon"),
];

fn favicon(theme: &Theme) -> Option<Favicon> {
    let found = |own: bool| {
        FAVICONS.iter().find(|(name, _)| {
            theme
                .statics
                .get(*name)
                .is_some_and(|f| f.shown.starts_with("static") == own)
        })
    };
    found(true)
        .or_else(|| found(false))
        .map(|(name, media_type)| Favicon {
            name: name.to_string(),
            media_type,
        })
}

/// The hashed copies of the theme's stylesheets and scripts, and the names templates use.
pub fn fingerprint(theme: &Theme) -> Result<(AssetNames, Vec<Output>), Diagnostic> {
    let mut names = AssetNames {
        favicon: favicon(theme),
        ..AssetNames::default()
    };
    let mut outputs = Vec::new();
    for (name, file) in &theme.statics {
        let Some((stem, ext)) = name
            .rsplit_once('.')
            .filter(|(_, e)| matches!(*e, "css" | "js"))
        else {
            continue;
        };
        let bytes = file.origin.read().map_err(|e| {
            Diagnostic::error(format!("cannot read the static file: {e}")).in_file(&file.shown)
        })?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let hashed = format!("{stem}.{}.{ext}", &hex[..HASH_LEN]);
        names.hashed.insert(name.clone(), hashed.clone());
        outputs.push(Output {
            path: hashed,
            bytes,
            from: file.shown.clone(),
        });
    }
    Ok((names, outputs))
}
