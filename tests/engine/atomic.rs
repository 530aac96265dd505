//! Output is atomic: a failed build leaves the previous output exactly as it was.

use crate::harness::{TestSite, snapshot};

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let before = snapshot(&site.path().join("public"));
    assert!(!before.is_empty());
    site.write(
        "content/articles/first.md",
        "---\ntitle: Changed\n---\n[broken](gone.md)\n",
    );
    site.build().fails().says(&["nothing was written"]);
    assert_eq!(snapshot(&site.path().join("public")), before);
    // Nothing is left beside it either (the cache is the successful build's).
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".weave") && n != ".weave-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    assert!(site.exists("public/about/index.html"));
    site.remove("content/about.md");
    site.build().ok();
    assert!(!site.exists("public/about/index.html"));
}

#[test]
fn an_output_that_cannot_be_written_keeps_the_old_one() {
    let site = TestSite::fixture("basic");
    let out = site.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "old").unwrap();
    // The output's parent is a file: nothing can be created there.
    let blocked = site.path().join("blocked");
    std::fs::write(&blocked, "a file").unwrap();
    let target = blocked.join("public");
    site.run(&["build", "--output", target.to_str().unwrap()])
        .fails()
        .says(&["cannot create"]);
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "old"
    );
}

#[test]
fn the_output_may_not_replace_the_sources() {
    let site = TestSite::fixture("basic");
    let content = site.path().join("content");
    site.run(&["build", "--output", content.to_str().unwrap()])
        .fails()
        .says(&["would replace the site's own files"]);
    assert!(site.exists("content/articles/first.md"));
    site.run(&["build", "--output", site.path().to_str().unwrap()])
        .fails()
        .says(&["would replace the site's own files"]);
}

/// A disk that fills during the build: a clear error, the previous output intact, and the
/// half-written new one cleaned away. Needs a small file system of its own (tmpfs, as root).
#[cfg(unix)]
#[test]
fn a_full_disk_is_reported_and_the_previous_output_kept() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "title: Basic\nsearch: false\n");
    let disk = site.path().join("tiny");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var("CI").is_err(),
            "CI runs as root and must be able to mount a small tmpfs"
        );
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    struct Unmount<'a>(&'a std::path::Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&disk);
    let out = disk.join("public");
    site.run(&["build", "--output", out.to_str().unwrap()]).ok();
    let before = snapshot(&out);
    // A page far larger than what is left on the disk.
    site.write(
        "content/big.md",
        format!("---\ntitle: Big\n---\n{}\n", "lorem ipsum ".repeat(60_000)),
    );
    site.run(&["build", "--output", out.to_str().unwrap()])
        .fails()
        .says(&[
            "No space left on device",
            "free some disk space; the previous output is untouched",
        ]);
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("public")],
        "the partial build was removed"
    );
}

/// Files whose bytes did not change are left alone (same inode, same modification time), so
/// a rebuild costs little and tools that copy by date see only real changes.
#[cfg(unix)]
#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    site.build().ok();
    let public = site.path().join("public");
    let stamp = |rel: &str| {
        let m = std::fs::metadata(public.join(rel)).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let about = stamp("about/index.html");
    let first = stamp("articles/first/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let text = std::fs::read_to_string(site.path().join("content/articles/first.md")).unwrap();
    site.write(
        "content/articles/first.md",
        format!("{text}\nA new sentence.\n"),
    );
    site.build().ok();
    assert_eq!(
        stamp("about/index.html"),
        about,
        "an unchanged page was rewritten"
    );
    assert_ne!(stamp("articles/first/index.html"), first);
    assert!(
        site.public("articles/first/index.html")
            .contains("A new sentence.")
    );
}

/// Whatever stands in the way of the new output goes: stray files, a file where a folder
/// is needed, folders of pages that are gone.
#[test]
fn a_rebuild_clears_whatever_stands_in_the_way() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let public = site.path().join("public");
    std::fs::remove_dir_all(public.join("about")).unwrap();
    std::fs::write(public.join("about"), "a file where a folder belongs").unwrap();
    std::fs::write(public.join("stray.txt"), "not made by the build").unwrap();
    std::fs::create_dir_all(public.join("empty/deeper")).unwrap();
    site.build().ok();
    assert!(site.public("about/index.html").contains("<html"));
    assert!(!site.exists("public/stray.txt"));
    assert!(!site.exists("public/empty"));
    site.remove("content/about.md");
    site.build().ok();
    assert!(
        !site.exists("public/about"),
        "the folder of a removed page stays"
    );
}

#[test]
fn a_build_leaves_nothing_beside_its_output() {
    // A one-off build keeps page texts in a temporary file beside the output while it runs
    // (`spill`); the file has no name, so no build, even a killed one, can leave it behind.
    let site = TestSite::fixture("basic");
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(site.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".weave-cache" && n != "public")
            .collect();
        names.sort();
        names
    };
    let before = names();
    site.build().ok();
    assert_eq!(names(), before);
    // The pages, their twins and the feed still carry their text, read back from that file.
    assert!(site.public("articles/first/index.html").contains("<p>"));
    assert!(site.public("articles/first/index.html.md").lines().count() > 5);
}

/// A build keeps a record of what it wrote, so the next one tells unchanged files without
/// reading them; a file changed by hand since, even to the same size, is made again.
#[test]
fn an_output_file_changed_by_hand_is_made_again_even_at_the_same_size() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    assert!(site.exists(".weave-cache/output.bin"));
    let page = site.path().join("public/about/index.html");
    let made = std::fs::read_to_string(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let by_hand = made.replacen("<html", "<HTML", 1);
    assert_eq!(by_hand.len(), made.len());
    std::fs::write(&page, &by_hand).unwrap();
    site.build().ok();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), made);
}

/// The record is only a shortcut: a damaged one costs time, and unchanged pages still keep
/// their files.
#[cfg(unix)]
#[test]
fn a_damaged_record_of_the_last_output_changes_nothing_built() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    site.build().ok();
    let public = site.path().join("public");
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).unwrap().ino();
    let about = inode("about/index.html");
    site.write(
        ".weave-cache/output.bin",
        "weave output record 1\nnot a record",
    );
    let text = std::fs::read_to_string(site.path().join("content/articles/first.md")).unwrap();
    site.write(
        "content/articles/first.md",
        format!("{text}\nA new sentence.\n"),
    );
    site.build().ok();
    assert_eq!(inode("about/index.html"), about);
    assert!(
        site.public("articles/first/index.html")
            .contains("A new sentence.")
    );
    // The next build writes a good record again.
    let record = std::fs::read(site.path().join(".weave-cache/output.bin")).unwrap();
    assert!(record.len() > 100 && !record.ends_with(b"not a record"));
}
