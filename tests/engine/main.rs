//! Engine tests: each builds a small site with the real `weave` binary and checks the files it
//! wrote and the messages it printed.

mod harness;
mod serve_harness;
mod servers;

mod atomic;
mod bad_input;
mod bad_sites;
mod bundles;
mod claims;
mod claims_data;
mod content;
mod corpus;
mod dates;
mod entity_links;
mod explainer;
mod formulas;
mod formulas_browser;
mod fuzz_regressions;
mod languages;
mod languages_browser;
mod languages_peers;
mod links;
mod live_edit_browser;
mod llms;
mod markdown;
mod peers;
mod plain_markdown;
mod previews;
mod progress;
mod publishing;
mod report;
mod scaffold;
mod search;
mod serve;
mod serve_browser;
#[cfg(target_os = "linux")]
mod serve_priority;
mod serve_reach;
mod serve_start;
mod site;
mod social;
mod structured_data;
mod taxonomies;
mod theme;
mod themes;
mod vault;
mod vault_browser;
