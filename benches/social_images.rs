//! Drawing link preview images (`publish::social::draw`) on one core: each of 500 cards with
//! titles of every length, as a build draws them, after a warm-up that fills the glyph cache
//! (a build fills it with its first few images). Prints the median and the 95th percentile
//! per image; the README's target is at most 2 ms.
//!
//! cargo bench --bench social_images

use std::time::Instant;

use weave::publish::social::{Card, draw};

const WORDS: &[&str] = &[
    "open",
    "models",
    "Meta",
    "Llama",
    "DeepSeek",
    "innovation",
    "safety",
    "developers",
    "community",
    "strategy",
    "transparency",
    "ecosystem",
    "competition",
    "research",
    "talent",
    "access",
    "closed",
    "source",
    "industry",
    "standard",
    "security",
    "government",
    "trust",
];

fn card(n: usize) -> Card {
    let len = 2 + n % 14;
    let title: Vec<&str> = (0..len)
        .map(|i| WORDS[(n * 7 + i * 3) % WORDS.len()])
        .collect();
    Card {
        site: "Open-source AI, explained".into(),
        title: title.join(" "),
        topics: (0..n % 4)
            .map(|i| WORDS[(n + i) % WORDS.len()].to_string())
            .collect(),
    }
}

fn main() {
    for n in 0..50 {
        draw::png(&card(n));
    }
    let mut times: Vec<f64> = (0..500)
        .map(|n| {
            let card = card(n + 50);
            let start = Instant::now();
            let bytes = draw::png(&card);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            assert!(bytes.len() > 1000);
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let size = draw::png(&card(7)).len();
    println!(
        "social images, one core: median {:.2} ms, p95 {:.2} ms per 1200x630 image ({} bytes)",
        at(0.5),
        at(0.95),
        size
    );
}
