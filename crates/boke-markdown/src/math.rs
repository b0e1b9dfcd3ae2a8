//! Math at build time: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, `` $`…`$ `` and ```` ```math ````
//! blocks become MathML (math-core), so pages load no script. A formula that does not parse is
//! a warning and shows as its source in `<code>`; the page still builds.
//!
//! When a `$` is math is comrak's `math_dollars` rule, the one Pandoc uses: the opening `$` is
//! followed by a non-space character, the closing `$` follows a non-space character and is not
//! followed by a digit. So prices (`$5 到 $10`, `$5，省了$10`) stay text; `\$` is always a dollar.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::Warning;
use crate::position::Source;

/// The info string that makes a fenced code block a display formula.
pub const FENCE_LANGUAGE: &str = "math";

static CONVERTER: LazyLock<Option<LatexToMathML>> = LazyLock::new(|| {
    let config = MathCoreConfig {
        // The TeX source travels along in an annotation: assistive tools and copy-paste can use
        // it, and the page still holds the author's formula exactly as written.
        annotation: true,
        ..MathCoreConfig::default()
    };
    // Only custom macros can fail here, and none are configured.
    LatexToMathML::new(config).ok()
});

/// A formula in the document: its TeX source and how it is displayed.
pub struct Formula<'t> {
    pub source: &'t str,
    pub display: bool,
}

/// The formula a node holds, when it is math.
pub fn formula<'t>(value: &'t NodeValue) -> Option<Formula<'t>> {
    match value {
        NodeValue::Math(math) => Some(Formula {
            source: &math.literal,
            display: math.display_math,
        }),
        NodeValue::CodeBlock(block) if is_math_fence(&block.info) => Some(Formula {
            source: &block.literal,
            display: true,
        }),
        _ => None,
    }
}

fn is_math_fence(info: &str) -> bool {
    info.split_whitespace().next() == Some(FENCE_LANGUAGE)
}

/// Formulas as MathML, keyed by their node's place in the source: the formatter does not meet
/// every node (an image's alt text is written as plain text), so an index would drift.
#[derive(Default)]
pub struct Rendered {
    /// `None` where the formula failed to parse.
    mathml: BTreeMap<Sourcepos, Option<String>>,
}

impl Rendered {
    pub fn is_empty(&self) -> bool {
        self.mathml.is_empty()
    }

    /// Takes out the MathML of the formula at `at` (each is written once); `None` when it
    /// failed or is unknown.
    pub fn take(&mut self, at: Sourcepos) -> Option<String> {
        self.mathml.get_mut(&at).and_then(Option::take)
    }
}

/// Whether the Markdown could hold a formula at all: most posts hold none, and this spares them
/// the walk over their AST.
pub fn may_hold_math(markdown: &str) -> bool {
    markdown.contains('$')
        || markdown.contains("\\(")
        || markdown.contains("\\[")
        || markdown.contains(FENCE_LANGUAGE)
}

/// Every formula of the document as MathML, and a warning for each that failed.
pub fn render_all<'a>(root: &'a AstNode<'a>, source: &Source<'_>) -> (Rendered, Vec<Warning>) {
    let mut rendered = Rendered::default();
    let mut warnings = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let Some(formula) = formula(&data.value) else {
            continue;
        };
        match to_mathml(&formula) {
            Ok(mathml) => {
                rendered.mathml.insert(data.sourcepos, Some(mathml));
            }
            Err(message) => {
                let (line, column) = source
                    .offset(data.sourcepos.start)
                    .and_then(|offset| source.char_column(offset))
                    .unwrap_or((data.sourcepos.start.line, 1));
                warnings.push(Warning {
                    line,
                    column,
                    message: format!(
                        "formula `{}` does not parse ({message}); it is shown as its source",
                        formula.source.trim()
                    ),
                });
                rendered.mathml.insert(data.sourcepos, None);
            }
        }
    }
    (rendered, warnings)
}

fn to_mathml(formula: &Formula<'_>) -> Result<String, String> {
    let display = if formula.display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    let converter = CONVERTER
        .as_ref()
        .ok_or_else(|| "the math converter is unavailable".to_string())?;
    converter
        .convert_with_local_state(formula.source, display)
        .map(|result| result.mathml)
        .map_err(|error| error.error_message().trim_end_matches('.').to_string())
}

/// CSS for pages that hold math: a math font stack (system fonts first, nothing downloaded)
/// and display formulas that scroll sideways on narrow screens instead of overflowing.
pub const CSS: &str = "/* Math (MathML): only on pages with formulas. */
math { font-family: \"STIX Two Math\", \"Cambria Math\", \"Latin Modern Math\", \"Noto Sans Math\", math; }
math[display=\"block\"] { display: block math; overflow-x: auto; overflow-y: hidden; padding: 0.25em 0; }
";
