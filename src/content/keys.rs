//! Which front matter keys a content file may have: every file's, a listing's, and the keys
//! Zola, Hugo, Obsidian and Quartz write that a moved site keeps without a warning.

/// What kind of file the front matter belongs to: it decides which keys are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySet {
    /// An ordinary page: may name taxonomy terms.
    Page,
    /// `_index.md` of a section or taxonomy: may set listing order and size.
    Listing,
    /// A taxonomy term's own page (`content/topics/motives.md`).
    Term,
}

const COMMON_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "slug",
    "draft",
    "weight",
    "template",
    "aliases",
    "extra",
    "entity_links",
    // Obsidian's and Quartz's keys: `alias` is the older spelling of `aliases`, `publish: false`
    // keeps a note unpublished, `cssclasses` (once `cssclass`) style the note, `created` and
    // `modified` date it.
    "alias",
    "permalink",
    "publish",
    "cssclasses",
    "cssclass",
    "created",
    "modified",
    // Pairs translations whose paths differ (Hugo writes `translationKey`).
    "translation_key",
    "translationKey",
    // The page's own link preview image (`publish::social`).
    "og_image",
];
pub(super) const LISTING_KEYS: &[&str] = &["sort_by", "paginate_by"];
/// Keys Zola and Hugo write that weave reads as its own (`lastmod` as `updated`, ...), and
/// their standard keys for what weave's theme decides itself (menus, feeds, anchor links),
/// which a moved site keeps without a warning on every page.
const PEER_KEYS: &[&str] = &[
    "lastmod",
    "publishDate",
    "layout",
    "params",
    "path",
    "url",
    "taxonomies",
    // Hugo
    "keywords",
    "linkTitle",
    "linktitle",
    "summary",
    "expiryDate",
    "type",
    "menu",
    "menus",
    "toc",
    "cascade",
    "outputs",
    "build",
    "resources",
    "markup",
    "sitemap",
    "headless",
    "isCJKLanguage",
    "images",
    "authors",
    // Zola
    "render",
    "in_search_index",
    "insert_anchor_links",
    "transparent",
    "page_template",
    "generate_feeds",
    "redirect_to",
    "paginate_path",
    "paginate_reversed",
];

/// The keys every file may have: weave's own and those of the tools sites come from.
pub(super) fn base_keys() -> Vec<&'static str> {
    let mut known = COMMON_KEYS.to_vec();
    known.extend(PEER_KEYS);
    known
}
