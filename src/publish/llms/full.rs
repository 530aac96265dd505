//! `llms-full.txt`: the site's heading, then every twin after a new line, up to a size limit
//! (`llms_full_mb`, 20 MB unless set). Without one, the file grew with the site: 93 MB at
//! 10,000 articles, a gigabyte at 100,000, over what static hosts take in one file (25 MB
//! on one popular host) and far over what any agent reads at once. At the limit the file
//! stops after the last twin that fits, with a line saying how many pages it holds and that
//! `llms.txt` lists them all. `weave build` writes it in pieces and `weave serve` puts it
//! together from the twins; both decide the cut here, so they give the same bytes.

use super::FULL;

/// A file made of other files of the site when it is asked for (`llms-full.txt` in `weave
/// serve`): its first bytes, then each part after a new line, as far as `limit` lets.
#[derive(Clone, Debug, PartialEq)]
pub struct Composition {
    pub head: Vec<u8>,
    /// Where the language's site is written in the output (`fr/`, empty for the default).
    pub prefix: String,
    /// Paths of files of the language's site.
    pub parts: Vec<String>,
    /// The most megabytes the file holds; 0 for no limit.
    pub limit_mb: usize,
}

impl Composition {
    /// Its path in the output.
    pub fn path(&self) -> String {
        format!("{}{FULL}", self.prefix)
    }

    /// Its bytes, from the output's files: the same bytes `weave build` writes.
    pub fn bytes(&self, file: impl Fn(&str) -> Option<bytes::Bytes>) -> Vec<u8> {
        let parts: Vec<bytes::Bytes> = (self.parts.iter())
            .filter_map(|p| file(&format!("{}{p}", self.prefix)))
            .collect();
        let mut budget = Budget::new(self.limit_mb, self.head.len(), parts.len());
        let mut text = self.head.clone();
        for part in &parts {
            match budget.admit(part.len()) {
                Admit::Yes => {
                    text.push(b'\n');
                    text.extend_from_slice(part);
                }
                Admit::Stop(closing) => {
                    text.extend_from_slice(&closing);
                    break;
                }
                Admit::No => break,
            }
        }
        text
    }
}

/// What `llms-full.txt` still has room for, twin by twin.
pub struct Budget {
    limit_mb: usize,
    /// Bytes left before the closing line would no longer fit; None without a limit.
    room: Option<usize>,
    kept: usize,
    total: usize,
    stopped: bool,
}

/// Whether a twin goes into the file.
pub enum Admit {
    Yes,
    /// No, and none after it: the file ends with these bytes (the closing line).
    Stop(Vec<u8>),
    /// No: the file has already ended.
    No,
}

impl Budget {
    /// The budget of a file whose heading is `head` bytes long, of `total` twins.
    pub fn new(limit_mb: usize, head: usize, total: usize) -> Budget {
        // The closing line is kept room for at its longest (every count as long as `total`),
        // so where the file stops does not depend on the line's own length.
        let room = (limit_mb > 0).then(|| {
            let limit = limit_mb.saturating_mul(1 << 20);
            limit.saturating_sub(head + closing(limit_mb, total, total).len())
        });
        Budget {
            limit_mb,
            room,
            kept: 0,
            total,
            stopped: false,
        }
    }

    /// Whether the next twin, `len` bytes, goes in (with the new line before it).
    pub fn admit(&mut self, len: usize) -> Admit {
        if self.stopped {
            return Admit::No;
        }
        let Some(room) = &mut self.room else {
            self.kept += 1;
            return Admit::Yes;
        };
        match room.checked_sub(len + 1) {
            Some(left) => {
                *room = left;
                self.kept += 1;
                Admit::Yes
            }
            None => {
                self.stopped = true;
                Admit::Stop(closing(self.limit_mb, self.kept, self.total))
            }
        }
    }
}

/// The line the file ends with when it stops at its limit.
fn closing(limit_mb: usize, kept: usize, total: usize) -> Vec<u8> {
    format!(
        "\n---\n\nThis file stops here, at its limit of {limit_mb} MB (`llms_full_mb` in weave.yaml): it holds the first {kept} of the site's {total} pages. `{}` lists every page, each with its markdown twin.\n",
        super::INDEX
    )
    .into_bytes()
}

/// A twin as a piece of `llms-full.txt`: after a new line.
pub fn piece(twin: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(twin.len() + 1);
    text.push(b'\n');
    text.extend_from_slice(twin);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(limit_mb: usize, twins: &[usize]) -> Vec<u8> {
        let parts: Vec<String> = (0..twins.len()).map(|i| format!("{i}")).collect();
        let composition = Composition {
            head: b"# Site\n".to_vec(),
            prefix: String::new(),
            parts,
            limit_mb,
        };
        composition.bytes(|p| {
            let i: usize = p.parse().unwrap();
            Some(vec![b'a' + i as u8; twins[i]].into())
        })
    }

    #[test]
    fn the_file_stops_after_the_last_twin_that_fits_and_says_so() {
        let mb = 1 << 20;
        let text = full(1, &[mb / 2, mb / 4, mb / 2, 10]);
        assert!(text.len() <= mb, "{} bytes", text.len());
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(&"a".repeat(mb / 2)) && text.contains(&"b".repeat(mb / 4)));
        assert!(
            !text.contains("ccc") && !text.contains("ddd"),
            "nothing after the cut"
        );
        assert!(
            text.ends_with("it holds the first 2 of the site's 4 pages. `llms.txt` lists every page, each with its markdown twin.\n"),
            "{}",
            &text[text.len() - 200..]
        );
    }

    #[test]
    fn without_a_limit_or_under_it_every_twin_is_there_and_no_closing_line() {
        for limit in [0, 1] {
            let text = String::from_utf8(full(limit, &[10, 20, 30])).unwrap();
            assert_eq!(text.len(), "# Site\n".len() + 63);
            assert!(!text.contains("stops here"));
        }
    }
}
