//! Pagefind's client: the JavaScript API, its worker, the WebAssembly that decodes the index
//! and ranks results (with the stemmer of the site's language), and Pagefind's UI files for
//! templates that use them. weave writes the index itself, but takes these files from the
//! pagefind crate, through its public API: it indexes one tiny record once per process and
//! keeps every file of the result that is not part of that record's index.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The client files for one language, with what the entry file must say about them.
pub struct Client {
    /// Pagefind's version, which the index's metadata repeats.
    pub version: String,
    /// The language whose WebAssembly has a stemmer, when there is one (`wasm.<it>.pagefind`).
    pub wasm: Option<String>,
    /// Paths inside the bundle folder, and bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The client for `language`, made once per process.
pub fn for_language(language: &str) -> anyhow::Result<Arc<Client>> {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<Client>>>> = OnceLock::new();
    let made = MADE.get_or_init(Mutex::default);
    let mut made = made.lock().expect("no panics while the lock is held");
    if let Some(client) = made.get(language) {
        return Ok(Arc::clone(client));
    }
    let client = Arc::new(make(language)?);
    made.insert(language.to_string(), Arc::clone(&client));
    Ok(client)
}

fn make(language: &str) -> anyhow::Result<Client> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options))?;
        index
            .add_custom_record(
                "/".into(),
                "weave".into(),
                language.into(),
                None,
                None,
                None,
            )
            .await?;
        index.get_files().await
    })?;
    let mut client = Client {
        version: String::new(),
        wasm: None,
        files: Vec::new(),
    };
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let name = name
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_string();
        if name == "pagefind-entry.json" {
            let entry: serde_json::Value = serde_json::from_slice(&file.contents)?;
            client.version = entry["version"].as_str().unwrap_or_default().to_string();
            client.wasm = entry["languages"][language]["wasm"]
                .as_str()
                .map(str::to_string);
        } else if !is_index_file(&name) {
            client.files.push((name, file.contents));
        }
    }
    client.files.sort_by(|a, b| a.0.cmp(&b.0));
    anyhow::ensure!(
        !client.version.is_empty(),
        "Pagefind wrote no pagefind-entry.json"
    );
    Ok(client)
}

/// The files of one index rather than of the client.
fn is_index_file(name: &str) -> bool {
    [".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter"]
        .iter()
        .any(|ext| name.ends_with(ext))
}
