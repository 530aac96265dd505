//! Files written into the staging folder: a file in pieces staged only when its bytes
//! changed, and a failed write reported once.

use super::*;

/// Writes `pieces` as `big.txt` over an output that holds `old`, and returns what the
/// output holds after, and whether the file was staged (written) at all.
fn over(old: &str, pieces: &[&str]) -> (String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("public");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("big.txt"), old).unwrap();
    let staging = Staging::new(&target, None).unwrap();
    let mut rest = pieces.iter().map(|p| p.as_bytes().to_vec());
    staging
        .write_pieces("big.txt", &mut || rest.next())
        .unwrap();
    let staged = !staging.staged.lock().unwrap().is_empty();
    staging.commit().unwrap();
    (fs::read_to_string(target.join("big.txt")).unwrap(), staged)
}

#[test]
fn a_file_in_pieces_is_written_only_where_it_differs_from_the_old_one() {
    assert_eq!(
        over("abcdef", &["ab", "cd", "ef"]),
        ("abcdef".into(), false)
    );
    assert_eq!(over("abcdef", &["ab", "cX", "ef"]), ("abcXef".into(), true));
    assert_eq!(over("abcdef", &["ab", "cd"]), ("abcd".into(), true));
    assert_eq!(over("abcd", &["ab", "cd", "ef"]), ("abcdef".into(), true));
    assert_eq!(over("", &[]), ("".into(), false));
}

/// A disk that fills up mid-build: here the staging folder's `b` is a file, so no folder can
/// be made under it.
#[test]
fn once_a_write_fails_every_later_write_gives_the_same_error_without_trying() {
    let dir = tempfile::tempdir().unwrap();
    let staging = Staging::new(&dir.path().join("public"), None).unwrap();
    staging.write("a/index.html", b"a").unwrap();
    fs::write(staging.dir.path().join("b"), "").unwrap();
    let errors: Vec<Diagnostic> = (0..50)
        .map(|i| {
            staging
                .write(&format!("b/{i}/index.html"), b"x")
                .unwrap_err()
        })
        .collect();
    assert!(
        errors[0].message.contains("cannot create the folder"),
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| *e == errors[0]), "{errors:?}");
    // Writes that would succeed alone give the same error, and are not tried.
    assert_eq!(staging.write("c/index.html", b"c").unwrap_err(), errors[0]);
    let mut pieces = [b"piece".to_vec()].into_iter();
    let pieced = staging.write_pieces("d.txt", &mut || pieces.next());
    assert_eq!(pieced.unwrap_err(), errors[0]);
    assert!(!staging.dir.path().join("c").exists() && !staging.dir.path().join("d.txt").exists());
}
