//! Drawing a link preview: 1200 × 630, the site's name above the page's title in large bold
//! type, its topics below, an accent bar at the edge, in the default theme's colours. Glyphs
//! come from DejaVu Sans (`fonts/`, its licence beside it), compiled into weave so nothing is
//! fetched; fontdue rasterises them, each glyph once per thread. The picture has few colours,
//! so it is kept as a palette image (each text colour in 16 steps of coverage over the
//! background), which the `png` crate writes with its fast deflate: about a millisecond each.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use fontdue::{Font, FontSettings, Metrics};

pub const WIDTH: usize = 1200;
pub const HEIGHT: usize = 630;

/// What a picture shows.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Card {
    pub site: String,
    pub title: String,
    pub topics: Vec<String>,
}

const BACKGROUND: [u8; 3] = [0xfc, 0xfc, 0xfa];
const TEXT: [u8; 3] = [0x1d, 0x21, 0x25];
const MUTED: [u8; 3] = [0x50, 0x5a, 0x64];
const ACCENT: [u8; 3] = [0xb3, 0x26, 0x1e];
/// Steps of coverage per text colour.
const STEPS: usize = 16;
const LEFT: f32 = 96.0;
const RIGHT: f32 = 80.0;

static REGULAR: LazyLock<Font> = LazyLock::new(|| load(include_bytes!("fonts/DejaVuSans.ttf")));
static BOLD: LazyLock<Font> = LazyLock::new(|| load(include_bytes!("fonts/DejaVuSans-Bold.ttf")));

fn load(bytes: &[u8]) -> Font {
    Font::from_bytes(bytes, FontSettings::default()).expect("the bundled font parses")
}

/// Palette indices: 0 the background, 1 the accent bar, then each text colour's steps.
#[derive(Clone, Copy)]
enum Ink {
    Text = 0,
    Muted = 1,
    Accent = 2,
}

fn first_index(ink: Ink) -> u8 {
    2 + (ink as usize * STEPS) as u8
}

fn palette() -> Vec<u8> {
    let mut p = Vec::with_capacity(3 * (2 + 3 * STEPS));
    p.extend(BACKGROUND);
    p.extend(ACCENT);
    for ink in [TEXT, MUTED, ACCENT] {
        for step in 1..=STEPS {
            let a = step as f32 / STEPS as f32;
            p.extend(
                (0..3)
                    .map(|c| (BACKGROUND[c] as f32 * (1.0 - a) + ink[c] as f32 * a).round() as u8),
            );
        }
    }
    p
}

type Glyph = Rc<(Metrics, Vec<u8>)>;

thread_local! {
    /// Rasterised glyphs by font, character and size: a build draws the same few hundred.
    static GLYPHS: RefCell<HashMap<(bool, char, u32), Glyph>> = RefCell::default();
}

fn glyph(bold: bool, c: char, px: f32) -> Glyph {
    GLYPHS.with_borrow_mut(|cache| {
        Rc::clone(
            cache
                .entry((bold, c, px.to_bits()))
                .or_insert_with(|| Rc::new(font(bold).rasterize(c, px))),
        )
    })
}

fn font(bold: bool) -> &'static Font {
    if bold { &BOLD } else { &REGULAR }
}

/// A run of text in one font and size.
struct Style {
    bold: bool,
    px: f32,
    ink: Ink,
}

fn width(style: &Style, text: &str) -> f32 {
    let f = font(style.bold);
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        if let Some(p) = prev {
            w += f.horizontal_kern(p, c, style.px).unwrap_or(0.0);
        }
        w += f.metrics(c, style.px).advance_width;
        prev = Some(c);
    }
    w
}

/// `text` cut to fit `max` with an ellipsis, when it does not fit already.
fn fit(style: &Style, text: &str, max: f32) -> String {
    if width(style, text) <= max {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && width(style, &format!("{cut}…")) > max {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// Greedy word wrap into lines no wider than `max`; None when it takes more than `lines`.
fn wrap(style: &Style, text: &str, max: f32, lines: usize) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = match line.is_empty() {
            true => word.to_string(),
            false => format!("{line} {word}"),
        };
        if width(style, &tried) <= max || line.is_empty() {
            line = tried;
        } else {
            out.push(std::mem::replace(&mut line, word.to_string()));
        }
        if out.len() > lines {
            return None;
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    (out.len() <= lines).then_some(out)
}

struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn text(&mut self, style: &Style, text: &str, x: f32, baseline: f32) {
        let f = font(style.bold);
        let base = first_index(style.ink);
        let mut pen = x;
        let mut prev = None;
        for c in text.chars() {
            if let Some(p) = prev {
                pen += f.horizontal_kern(p, c, style.px).unwrap_or(0.0);
            }
            let g = glyph(style.bold, c, style.px);
            let (m, coverage) = (&g.0, &g.1);
            let left = (pen + m.xmin as f32).round() as isize;
            let top = (baseline - m.ymin as f32 - m.height as f32).round() as isize;
            for row in 0..m.height {
                let y = top + row as isize;
                if !(0..HEIGHT as isize).contains(&y) {
                    continue;
                }
                for col in 0..m.width {
                    let x = left + col as isize;
                    let a = coverage[row * m.width + col] as usize;
                    if a == 0 || !(0..WIDTH as isize).contains(&x) {
                        continue;
                    }
                    let step = (a * STEPS).div_ceil(256).clamp(1, STEPS) as u8;
                    let at = y as usize * WIDTH + x as usize;
                    let (here, new) = (self.pixels[at], base + step - 1);
                    // Where glyphs of one ink overlap, the denser step wins.
                    if !(base..base + STEPS as u8).contains(&here) || here < new {
                        self.pixels[at] = new;
                    }
                }
            }
            pen += m.advance_width;
            prev = Some(c);
        }
    }
}

/// The picture of `card`, as PNG bytes.
pub fn png(card: &Card) -> Vec<u8> {
    let mut canvas = Canvas {
        pixels: vec![0; WIDTH * HEIGHT],
    };
    for row in canvas.pixels.chunks_exact_mut(WIDTH) {
        row[..24].fill(1);
    }
    let max = WIDTH as f32 - LEFT - RIGHT;
    let site = Style {
        bold: true,
        px: 34.0,
        ink: Ink::Muted,
    };
    canvas.text(&site, &fit(&site, &card.site, max), LEFT, 100.0);
    // The largest size at which the title takes at most four lines, else five lines cut short.
    let (style, lines) = [72.0, 60.0, 50.0]
        .into_iter()
        .find_map(|px| {
            let style = Style {
                bold: true,
                px,
                ink: Ink::Text,
            };
            let lines = wrap(&style, &card.title, max, 4)?;
            Some((style, lines))
        })
        .unwrap_or_else(|| {
            let style = Style {
                bold: true,
                px: 44.0,
                ink: Ink::Text,
            };
            let mut lines = wrap(&style, &card.title, max, usize::MAX).unwrap_or_default();
            lines.truncate(5);
            if let Some(last) = lines.last_mut() {
                *last = fit(&style, &format!("{last} …"), max);
            }
            (style, lines)
        });
    // Four lines at the largest size end above the topics, with room for descenders.
    let line_height = style.px * 1.2;
    for (n, line) in lines.iter().enumerate() {
        let baseline = 160.0 + style.px * 0.95 + n as f32 * line_height;
        canvas.text(&style, line, LEFT, baseline);
    }
    if !card.topics.is_empty() {
        let topics = Style {
            bold: false,
            px: 32.0,
            ink: Ink::Accent,
        };
        let text = fit(&topics, &card.topics.join("  ·  "), max);
        canvas.text(&topics, &text, LEFT, 570.0);
    }
    encode(&canvas.pixels)
}

fn encode(pixels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH as u32, HEIGHT as u32);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette());
    encoder.set_compression(png::Compression::Fast);
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(pixels));
    written.expect("a PNG of the right size encodes into memory");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_within_the_width_and_end_in_an_ellipsis() {
        let style = Style {
            bold: true,
            px: 72.0,
            ink: Ink::Text,
        };
        let lines = wrap(&style, "Open models, explained for everyone", 1024.0, 4).unwrap();
        assert!(lines.len() > 1 && lines.iter().all(|l| width(&style, l) <= 1024.0));
        let cut = fit(&style, &"word ".repeat(50), 500.0);
        assert!(cut.ends_with('…') && width(&style, &cut) <= 500.0);
    }
}
