//! Formulas, diagrams and code, drawn at build time: math as MathML, mermaid as inline SVG,
//! code with titles, marked and numbered lines and a copy button, highlighted by default.
//! What cannot be drawn is a warning at its line and shows as its source.

use crate::harness::TestSite;

/// Formulas from the papers an explainer of AI quotes.
const FORMULAS: &str = r#"---
title: Formulas
---
Attention, inline: $\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V$.

$$\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}$$

A sum with limits: $$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$

$$W = \begin{pmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{pmatrix}$$

$$\begin{aligned} L(N) &= \left(\frac{N_c}{N}\right)^{\alpha_N} \\ L(D) &= \left(\frac{D_c}{D}\right)^{\alpha_D} \end{aligned}$$

Quotes "stay" curly outside math, and $f''(x) \, dx$ keeps its primes.

A command no converter knows: $\frobnicate{x}$ here.
"#;

#[test]
fn math_becomes_mathml_untouched_by_smart_punctuation() {
    let site = TestSite::empty();
    site.write("content/formulas.md", FORMULAS);
    let run = site.build();
    run.ok().says(&[
        "warning: this formula cannot be drawn",
        "`$\\frobnicate{x}$`",
        "content/formulas.md:16:31",
    ]);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    let html = site.public("formulas/index.html");
    // Inline math in the text; display math scrolls in its own box.
    assert!(
        html.contains("<math><semantics><mrow><mrow><mspace/><mi>Attention</mi></mrow>"),
        "{html}"
    );
    assert!(
        html.contains("<msqrt><msub><mi>d</mi><mi>k</mi></msub></msqrt>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<span class=\"math-display\" tabindex=\"0\"><math display=\"block\">")
            .count(),
        4
    );
    assert!(
        html.contains("<munderover><mo lspace=\"0\">∑</mo>"),
        "{html}"
    );
    assert!(
        html.contains("<mtable"),
        "the matrix and the aligned equations: {html}"
    );
    assert!(html.matches("<mtr>").count() >= 4, "{html}");
    // Primes and thin spaces are math's own; the text around is smart-quoted as ever.
    assert!(
        html.contains("<mo>″</mo>") && html.contains("<mspace width="),
        "{html}"
    );
    assert!(
        !html.contains("f’‘") && !html.contains("f&#39;&#39;"),
        "{html}"
    );
    // The source kept beside the MathML is the formula as written, escapes and all.
    assert!(
        html.contains("encoding=\"application/x-tex\">f''(x) \\, dx</annotation>"),
        "{html}"
    );
    assert!(html.contains("Quotes “stay” curly"), "{html}");
    // The TeX rides along for copying and assistive tools.
    assert!(html.contains("<annotation encoding=\"application/x-tex\">"));
    // A formula that cannot be drawn shows as its source, never half drawn.
    assert!(
        html.contains("<code class=\"math-source\">$\\frobnicate{x}$</code>"),
        "{html}"
    );
    assert!(!html.contains("<merror"), "{html}");
}

const DIAGRAMS: &[(&str, &str)] = &[
    (
        "flowchart",
        "flowchart LR\n    A[Weights released] --> B{Licence?}\n    B -->|Open| C[Fine-tuned]\n    B -->|Closed| D[API only]",
    ),
    (
        "sequenceDiagram",
        "sequenceDiagram\n    participant U as User\n    participant M as Model\n    U->>M: Prompt\n    M-->>U: Completion",
    ),
    (
        "timeline",
        "timeline\n    title Open models\n    2023 : Llama 2\n    2024 : Llama 3.1",
    ),
    (
        "pie",
        "pie title Licences\n    \"Open\" : 60\n    \"Closed\" : 40",
    ),
    (
        "classDiagram",
        "classDiagram\n    class Model {\n      +weights\n      +generate()\n    }\n    Model <|-- Llama",
    ),
    (
        "stateDiagram-v2",
        "stateDiagram-v2\n    [*] --> Training\n    Training --> Released\n    Released --> [*]",
    ),
];

fn diagrams_page() -> String {
    let mut page = String::from("---\ntitle: Diagrams\n---\n");
    for (_, source) in DIAGRAMS {
        page.push_str(&format!("```mermaid\n{source}\n```\n\n"));
    }
    page.push_str("```mermaid\nnotADiagram\n  of any kind\n```\n");
    page
}

#[test]
fn mermaid_fences_become_inline_svg_with_their_source_as_text() {
    let site = TestSite::empty();
    site.write("content/diagrams.md", diagrams_page());
    let run = site.build();
    run.ok().says(&[
        "warning: this mermaid diagram cannot be drawn",
        "content/diagrams.md:48:1",
    ]);
    let html = site.public("diagrams/index.html");
    for (n, (kind, source)) in DIAGRAMS.iter().enumerate() {
        let figure = html
            .split(&format!(
                "<figure class=\"diagram\" data-diagram=\"{kind}\">"
            ))
            .nth(1)
            .unwrap_or_else(|| panic!("{kind}: {html}"));
        let figure = &figure[..figure.find("</figure>").unwrap()];
        let id = format!("mermaid-{}-title", n + 1);
        assert!(
            figure.starts_with(&format!("<svg role=\"img\" aria-labelledby=\"{id}\"")),
            "{kind}"
        );
        let first = source.lines().next().unwrap();
        assert!(
            figure.contains(&format!("<title id=\"{id}\">{first}")),
            "{kind}: {figure}"
        );
        assert!(
            figure.contains("var(--text)"),
            "{kind}: the theme's colours"
        );
    }
    // One page, one set of ids: every id is unique.
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids");
    // Not drawn: shown as its source.
    assert!(
        html.contains("<code class=\"language-mermaid\">notADiagram\n  of any kind\n</code>"),
        "{html}"
    );
    assert!(!html.contains("<script src") || !html.contains("mermaid.js"));
}

#[test]
fn code_blocks_carry_titles_marked_and_numbered_lines_and_a_copy_button() {
    let site = TestSite::empty();
    site.write(
        "content/code.md",
        "---\ntitle: Code\n---\n```rust title=\"src/main.rs\" {1,3-4} showLineNumbers\nfn main() {\n    let a = 1;\n    let b = 2;\n    println!(\"{a}{b}\");\n}\n```\n\n```python showLineNumbers{10}\nx = 1\n```\n\n```rust,linenos,hl_lines=2\nlet a = 1;\nlet b = 2;\n```\n",
    );
    site.build().ok().never_says("warning:");
    let html = site.public("code/index.html");
    assert!(html.contains("<div class=\"code-block\"><div class=\"code-title\">src/main.rs</div><pre class=\"highlight numbered\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"line marked\">"), "{html}");
    let block = html.split("<div class=\"code-block\">").nth(1).unwrap();
    let lines: Vec<&str> = block.split("<span class=\"line").skip(1).collect();
    assert_eq!(lines.len(), 5, "{block}");
    let marked: Vec<bool> = lines.iter().map(|l| l.starts_with(" marked\"")).collect();
    assert_eq!(marked, [true, false, true, true, false]);
    assert!(block.contains("<button type=\"button\" class=\"copy-code\" hidden>Copy</button>"));
    // Numbering from 10; Zola's spelling.
    assert!(html.contains("<pre class=\"highlight numbered\" data-lang=\"python\" style=\"counter-reset: line 9\">"), "{html}");
    let zola = html.split("<div class=\"code-block\">").nth(3).unwrap();
    assert!(
        zola.starts_with("<pre class=\"highlight numbered\" data-lang=\"rust\">"),
        "{zola}"
    );
    assert_eq!(
        zola.matches("<span class=\"line marked\">").count(),
        1,
        "{zola}"
    );
    // The numbers are drawn by the stylesheet, not written into the code.
    let css = site.public("style.css");
    assert!(css.contains("pre.numbered .line::before") && css.contains("user-select: none"));
    assert!(
        site.exists("public/copy.js") || html.contains("copy."),
        "the copy script ships"
    );
}

#[test]
fn highlighted_blocks_are_kept_between_builds() {
    let site = TestSite::empty();
    site.write(
        "content/code.md",
        "---\ntitle: Code\n---\n```bash\necho hello\n```\n",
    );
    site.build().ok();
    let cache = site.path().join(".weave-cache/highlight.bin");
    let first = std::fs::read(&cache).expect("the cache is written");
    let page = site.public("code/index.html");
    // A second build finds the block and writes the same page; the cache is unchanged.
    site.build().ok();
    assert_eq!(site.public("code/index.html"), page);
    assert_eq!(std::fs::read(&cache).unwrap(), first);
    // A damaged cache is only a slower build.
    std::fs::write(&cache, b"weave-highlight-1\nbroken").unwrap();
    site.build().ok();
    assert_eq!(site.public("code/index.html"), page);
    // `weave check` writes nothing, not even the cache.
    std::fs::remove_file(&cache).unwrap();
    site.run(&["check"]).ok();
    assert!(!cache.exists());
}
