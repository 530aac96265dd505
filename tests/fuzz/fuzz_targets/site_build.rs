//! A whole build of a small site made from the input never panics and never writes outside
//! its output folder. The input is cut at 0xFF bytes into the site's files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weave::pipeline::{Options, run};

const FILES: &[&str] = &[
    "content/articles/a.md",
    "content/articles/b.md",
    "content/topics/motives.md",
    "content/_index.md",
    "weave.yaml",
];

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for (name, bytes) in FILES.iter().zip(data.split(|b| *b == 0xFF)) {
        let path = site.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::create_dir_all(site.join("content")).unwrap();
    let report = run(
        &Options {
            root: site.clone(),
            output: None,
            base_url: None,
            drafts: true,
            write: true,
        },
        weave::progress::Progress::off(),
    );
    let _ = report.failed();
    // Nothing but the site and its output may exist in the temporary folder.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        assert_eq!(entry.unwrap().file_name(), "site", "a build wrote outside the site");
    }
});
