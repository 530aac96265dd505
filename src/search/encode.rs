//! The bytes of Pagefind's index format: CBOR for word chunks, filters and the metadata file,
//! JSON for fragments, each gzipped after a `pagefind_dcd` signature, and named by a hash of
//! its contents, so that a name always means the same bytes (hosts may cache them forever, and
//! a build keeps the files the output already has). Pagefind hashes with SHA-1; weave uses
//! XXH3, ten times faster, since only the names' uniqueness matters to the client.

/// What every compressed file starts with once decompressed: the client checks for it.
pub const SIGNATURE: &[u8] = b"pagefind_dcd";

/// A CBOR writer into a byte buffer.
pub type Cbor<'a> = minicbor::Encoder<&'a mut Vec<u8>>;

pub fn cbor(buffer: &mut Vec<u8>) -> Cbor<'_> {
    minicbor::Encoder::new(buffer)
}

/// Writing into a `Vec` cannot fail.
pub fn infallible<T>(r: Result<T, minicbor::encode::Error<std::convert::Infallible>>) -> T {
    match r {
        Ok(t) => t,
        Err(e) => match *e.as_write().expect("only writing can fail") {},
    }
}

/// A buffer holding the signature, for a payload to be written after it.
pub fn signed_buffer(capacity: usize) -> Vec<u8> {
    let mut b = Vec::with_capacity(SIGNATURE.len() + capacity);
    b.extend_from_slice(SIGNATURE);
    b
}

/// Bumped whenever the bytes weave writes for the same input change, so that names change
/// with them and no output keeps an old file under a name that now means other bytes.
pub const FORMAT: &[u8] = b"weave-pagefind-1";

/// `<language>_<hash of bytes>`.
pub fn named_hash(language: &str, bytes: &[u8]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(FORMAT);
    h.update(bytes);
    name(language, h.digest128())
}

/// `<language>_<hash>`, the hash as 32 hex digits.
pub fn name(language: &str, hash: u128) -> String {
    format!("{language}_{hash:032x}")
}

/// How a name grows when its first characters collide with an earlier file's.
#[derive(Clone, Copy)]
pub enum Growth {
    /// Fragments: one character at a time.
    One,
    /// Word chunks and filters: two at a time, up to the whole hash.
    Two,
}

/// Shortens `<language>_<hash>` names to the language and seven characters, lengthening any
/// that would collide with one before it, in order.
pub fn shorten<S: AsRef<str>>(language: &str, hashes: &[S], growth: Growth) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut names = Vec::new();
    for hash in hashes {
        let hash = hash.as_ref();
        let mut len = (language.len() + 8).min(hash.len());
        while taken.contains(&hash[..len]) && len < hash.len() {
            len = match growth {
                Growth::One => len + 1,
                Growth::Two => (len + 2).min(hash.len()),
            };
        }
        taken.insert(&hash[..len]);
        names.push(hash[..len].to_string());
    }
    names
}

/// A page's positions of one word, with weights: sorted by weight (ascending) then position,
/// each position as the gap from the one before, and a change of weight written as
/// `-(weight + 1)` followed by the position itself.
/// `hits` is sorted in place; `out` is cleared first.
pub fn weighted_positions(hits: &mut [(u8, u32)], out: &mut Vec<i32>) {
    // Pagefind sorts a weight of 25 first; no weight is 25 (they are multiples of 24, or a
    // compound's share), but the order must match its.
    if hits.iter().any(|&(w, _)| w != hits[0].0) {
        hits.sort_by_key(|&(w, p)| (if w == 25 { 0 } else { w }, p));
    }
    out.clear();
    let (mut weight, mut last) = (25u8, 0u32);
    for &(w, position) in hits.iter() {
        if w != weight {
            out.push(-i32::from(w) - 1);
            out.push(position as i32);
            weight = w;
        } else {
            out.push((position - last) as i32);
        }
        last = position;
    }
}

/// Positions in metadata fields, sorted by field then position: `-(field + 1)` starts a
/// field, then each position as the gap from the one before.
pub fn meta_positions(hits: impl Iterator<Item = (u16, u32)>, out: &mut Vec<i32>) {
    let mut hits: Vec<(u16, u32)> = hits.collect();
    hits.sort_unstable();
    let mut field = None;
    let mut last = 0;
    for (f, position) in hits {
        if field != Some(f) {
            out.push(-i32::from(f) - 1);
            field = Some(f);
            last = 0;
        }
        out.push((position - last) as i32);
        last = position;
    }
}

/// A CBOR array of integers. Millions of them make an index, so they are written here rather
/// than through the encoder's general path (a call per integer): each is a head of major type
/// 0 (unsigned) or 1 (negative, holding -1 - n), in its shortest form.
pub fn int_array(buffer: &mut Vec<u8>, ints: &[i32]) {
    array(buffer, ints.len() as u64);
    self::ints(buffer, ints);
}

/// Integers one after the other, without an array's head.
pub fn ints(buffer: &mut Vec<u8>, ints: &[i32]) {
    for &i in ints {
        match i {
            0.. => head(buffer, 0, i as u64),
            _ => head(buffer, 1, (-1 - i64::from(i)) as u64),
        }
    }
}

/// A CBOR unsigned integer.
pub fn uint(buffer: &mut Vec<u8>, n: u64) {
    head(buffer, 0, n);
}

/// The head of a CBOR array of `n` items.
pub fn array(buffer: &mut Vec<u8>, n: u64) {
    head(buffer, 4, n);
}

/// Reads a CBOR head at the start of `bytes`: its argument, and how many bytes it took.
#[inline]
pub fn read_head(bytes: &[u8]) -> (u64, usize) {
    let be = |n: usize| {
        bytes[1..=n]
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
    };
    match bytes[0] & 0x1f {
        n @ 0..24 => (u64::from(n), 1),
        24 => (be(1), 2),
        25 => (be(2), 3),
        26 => (be(4), 5),
        _ => (be(8), 9),
    }
}

/// Reads a CBOR unsigned integer written by `uint`.
pub fn read_uint(bytes: &[u8]) -> (u64, usize) {
    read_head(bytes)
}

/// A CBOR head: major type and argument, shortest form.
fn head(buffer: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..24 => buffer.push(major | n as u8),
        24..0x100 => buffer.extend_from_slice(&[major | 24, n as u8]),
        0x100..0x1_0000 => {
            buffer.push(major | 25);
            buffer.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..0x1_0000_0000 => {
            buffer.push(major | 26);
            buffer.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            buffer.push(major | 27);
            buffer.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// libdeflate's compressor with an output buffer it keeps: each file compressed into a buffer
/// of its own, zeroed to the compression bound first, cost 1 to 2 % of a cold build's samples
/// (the allocator's zeroing and the kernel's fresh pages).
pub struct Gzip {
    compressor: libdeflater::Compressor,
    out: Vec<u8>,
}

impl Gzip {
    /// Gzips `signed` (a buffer that starts with the signature); the bytes last until the next call.
    pub fn compress(&mut self, signed: &[u8]) -> &[u8] {
        let bound = self.compressor.gzip_compress_bound(signed.len());
        if self.out.len() < bound {
            self.out.resize(bound, 0);
        }
        let n = self
            .compressor
            .gzip_compress(signed, &mut self.out)
            .expect("the bound is large enough");
        &self.out[..n]
    }
}

/// The compression level: libdeflate's fastest. Its output is within a tenth of the best
/// level's on this index (measured at 10,000 pages: 57 MB against 54 MB), at a sixth of the
/// time, and a `weave serve` edit recompresses every chunk holding a word of the page.
pub fn compressor() -> Gzip {
    Gzip {
        compressor: libdeflater::Compressor::new(
            libdeflater::CompressionLvl::new(1).expect("a valid level"),
        ),
        out: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_gaps_with_weight_changes_marked() {
        let mut hits = [(24, 9), (24, 2), (168, 0), (24, 5)];
        let mut out = Vec::new();
        weighted_positions(&mut hits, &mut out);
        assert_eq!(out, [-25, 2, 3, 4, -169, 0]);
        let mut meta = Vec::new();
        meta_positions([(1, 3), (0, 2), (1, 0)].into_iter(), &mut meta);
        assert_eq!(meta, [-1, 2, -2, 0, 3]);
    }

    #[test]
    fn integer_arrays_match_the_encoder() {
        let ints = [
            0,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            -1,
            -24,
            -25,
            -256,
            -257,
            i32::MIN,
        ];
        let mut fast = Vec::new();
        int_array(&mut fast, &ints);
        let mut general = Vec::new();
        let mut e = cbor(&mut general);
        infallible(e.array(ints.len() as u64));
        for i in ints {
            infallible(e.i32(i));
        }
        assert_eq!(fast, general);
        for n in [0, 23, 24, 255, 256, 70_000, 5_000_000_000] {
            let mut b = Vec::new();
            uint(&mut b, n);
            assert_eq!(read_uint(&b), (n, b.len()));
        }
    }

    #[test]
    fn colliding_names_grow() {
        let a = "en_1234567aaaa";
        let b = "en_1234567bbbb";
        assert_eq!(
            shorten("en", &[a, b], Growth::One),
            ["en_1234567", "en_1234567b"]
        );
        assert_eq!(
            shorten("en", &[a, b], Growth::Two),
            ["en_1234567", "en_1234567bb"]
        );
    }
}
