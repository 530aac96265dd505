//! weave: a static site generator for cross-linked explainers.
//!
//! The pipeline runs one way: `content` (files to documents) → `site` (the graph: sections,
//! taxonomies, links, backlinks) → `render` (tera) → `output` (atomic write). `pipeline` runs
//! the stages; `main` is only the command line.

pub mod config;
pub mod config_import;
pub mod content;
pub mod error;
pub mod languages;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod spill;
pub mod yaml;
