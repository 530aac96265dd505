//! A file written in pieces over the output: staged only when its bytes changed.

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
