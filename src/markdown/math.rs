//! Math, `$inline$` and `$$display$$` as Obsidian and Quartz write it, drawn at build time as
//! MathML, which every current browser renders and screen readers read: no script, nothing
//! fetched. pulldown-cmark hands the formula over untouched (no smart quotes, no escapes);
//! math-core turns it into MathML Core. A formula it cannot read (an unknown command, an
//! unclosed group) is a warning at its line and column, and the page shows the formula's
//! source, never half of it.

use std::sync::OnceLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::error::Diagnostic;
use crate::markdown::targets::At;
use crate::render::templates::escape_html;

fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        let config = MathCoreConfig {
            // The TeX source rides along (`<annotation>`), so copying a formula copies it.
            annotation: true,
            ..MathCoreConfig::default()
        };
        LatexToMathML::new(config).expect("no custom macros to fail")
    })
}

/// The HTML of one formula written at `at`: MathML, or its source with a warning.
pub fn render(tex: &str, display: bool, at: At<'_>, errors: &mut Vec<Diagnostic>) -> String {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    match converter().convert_with_local_state(tex, mode) {
        // A display formula wider than the page scrolls inside itself.
        Ok(result) if display => format!(
            "<span class=\"math-display\" tabindex=\"0\">{}</span>",
            result.mathml
        ),
        Ok(result) => result.mathml,
        Err(e) => {
            let shown = if display {
                format!("$${tex}$$")
            } else {
                format!("${tex}$")
            };
            errors.push(at.locate(
                Diagnostic::warning(format!(
                    "this formula cannot be drawn ({}): `{shown}`",
                    e.to_string().trim_end_matches('.')
                ))
                    .help("weave draws LaTeX math with math-core; fix the command, or write it in another way; the page shows the formula's source meanwhile"),
            ));
            format!("<code class=\"math-source\">{}</code>", escape_html(&shown))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> At<'static> {
        At {
            source: "a.md",
            file: std::path::Path::new("content/a.md"),
            line: 3,
            column: 5,
        }
    }

    #[test]
    fn formulas_become_mathml_and_bad_ones_their_source() {
        let mut errors = Vec::new();
        let html = render(r"\frac{QK^\top}{\sqrt{d_k}}", false, at(), &mut errors);
        assert!(html.starts_with("<math>"), "{html}");
        assert!(
            html.contains("<mfrac>") && html.contains("<msqrt>"),
            "{html}"
        );
        assert!(
            html.contains("<annotation encoding=\"application/x-tex\">"),
            "{html}"
        );
        let html = render(r"\sum_{i=1}^n i", true, at(), &mut errors);
        assert!(
            html.starts_with(
                "<span class=\"math-display\" tabindex=\"0\"><math display=\"block\">"
            ),
            "{html}"
        );
        assert!(errors.is_empty());
        let html = render(r"\frobnicate{x}", false, at(), &mut errors);
        assert_eq!(html, "<code class=\"math-source\">$\\frobnicate{x}$</code>");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("frobnicate"),
            "{}",
            errors[0].message
        );
        assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(5)));
    }
}
