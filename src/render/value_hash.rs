//! The fingerprint of a value a template reads: what tells `weave serve` that a page's
//! context is unchanged, so the page need not render again.

use serde_json::Value;

use crate::render::reads::Scope;

/// A hash of a JSON value: its structure and the raw bytes of its text, written to one buffer
/// per thread and hashed by XXH3 in one call. Every page's values pass through here on `weave
/// serve`'s first build; writing them as JSON first (escaping every page's HTML) took a third
/// of that build, and feeding a streaming hasher piece by piece most of the rest.
/// `scope` says which of its object entries the template can read (None: all of them).
pub fn value_hash(value: &Value, scope: Option<Scope<'_>>) -> u64 {
    fn length(tag: u8, n: usize, out: &mut Vec<u8>) {
        out.push(tag);
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    fn encode(value: &Value, scope: Option<Scope<'_>>, out: &mut Vec<u8>) {
        match value {
            Value::Null => out.push(0),
            Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
            Value::Number(n) => {
                let (kind, bits) = match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => (2, u),
                    (None, Some(i)) => (3, i as u64),
                    (None, None) => (4, n.as_f64().unwrap_or(0.0).to_bits()),
                };
                out.push(kind);
                out.extend_from_slice(&bits.to_le_bytes());
            }
            Value::String(s) => {
                length(5, s.len(), out);
                out.extend_from_slice(s.as_bytes());
            }
            Value::Array(items) => {
                length(6, items.len(), out);
                items.iter().for_each(|v| encode(v, scope, out));
            }
            Value::Object(map) => {
                out.push(7);
                for (key, v) in map {
                    let Some(inner) = Scope::within(scope, key) else {
                        continue;
                    };
                    length(8, key.len(), out);
                    out.extend_from_slice(key.as_bytes());
                    encode(v, inner, out);
                }
                out.push(9);
            }
        }
    }
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        encode(value, scope, buffer);
        xxhash_rust::xxh3::xxh3_64(buffer)
    })
}
