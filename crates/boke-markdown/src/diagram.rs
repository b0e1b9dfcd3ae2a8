//! Diagrams at build time: ```` ```mermaid ```` blocks become inline SVG (mermaid-svg, pure
//! Rust), so pages load no script and no CDN. Colours are the theme's CSS variables, so one
//! SVG follows light and dark. A diagram that does not parse is a warning, and the block stays
//! a code block; the page still builds.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use mermaid_svg::{ParseError, Theme};

use crate::Warning;
use crate::position::Source;

/// The info string that makes a fenced code block a diagram.
pub const FENCE_LANGUAGE: &str = "mermaid";

/// Prefix of the ids inside a page's diagrams; the diagram's number follows it.
const ID_PREFIX: &str = "diagram-";

/// How many labels name a diagram that has no title.
const NAME_LABELS: usize = 3;

static THEME: LazyLock<Theme> = LazyLock::new(|| {
    // Fallbacks keep the diagram readable under a theme that lacks these variables.
    let fg = "var(--fg, #222)";
    let muted = "var(--muted, #5f5b53)";
    let surface = "var(--surface, #f3f0e8)";
    let bg = "var(--bg, #fdfcf9)";
    let border = "var(--muted, #5f5b53)";
    Theme {
        fg: fg.into(),
        fg_muted: muted.into(),
        bg: bg.into(),
        actor_fill: surface.into(),
        actor_stroke: border.into(),
        actor_text_color: Some(fg.into()),
        lifeline: muted.into(),
        arrow_stroke: fg.into(),
        signal_text_color: Some(fg.into()),
        note_fill: "var(--mark, #fbe39a)".into(),
        note_stroke: border.into(),
        activation_fill: surface.into(),
        activation_stroke: border.into(),
        frame_label_fill: surface.into(),
        title_color: Some(fg.into()),
        flow_node_fill: surface.into(),
        flow_node_stroke: border.into(),
        flow_edge_stroke: fg.into(),
        flow_label_bg: bg.into(),
        flow_cluster_fill: bg.into(),
        flow_cluster_stroke: border.into(),
        ..Theme::neutral()
    }
    .with_font("var(--font-sans, sans-serif)")
});

/// Whether the node is a ```` ```mermaid ```` block.
pub fn is_diagram_fence(value: &NodeValue) -> bool {
    matches!(value, NodeValue::CodeBlock(block)
        if block.fenced && block.info.split_whitespace().next() == Some(FENCE_LANGUAGE))
}

/// Whether the Markdown could hold a diagram: most posts hold none, and this spares them the
/// walk over their AST.
pub fn may_hold_diagram(markdown: &str) -> bool {
    markdown.contains(FENCE_LANGUAGE)
}

/// Diagrams as `<figure>` HTML, keyed by their block's place in the source.
#[derive(Default)]
pub struct Rendered {
    figures: BTreeMap<Sourcepos, String>,
}

impl Rendered {
    /// Takes out the figure of the block at `at`; `None` when it failed or is unknown, and
    /// the block is then written as code.
    pub fn take(&mut self, at: Sourcepos) -> Option<String> {
        self.figures.remove(&at)
    }
}

/// Every diagram of the document, and a warning for each that failed.
pub fn render_all<'a>(root: &'a AstNode<'a>, source: &Source<'_>) -> (Rendered, Vec<Warning>) {
    let mut rendered = Rendered::default();
    let mut warnings = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let NodeValue::CodeBlock(block) = &data.value else {
            continue;
        };
        if !is_diagram_fence(&data.value) {
            continue;
        }
        let number = rendered.figures.len() + 1;
        match figure(&block.literal, number) {
            Ok(html) => {
                rendered.figures.insert(data.sourcepos, html);
            }
            Err(error) => {
                let line = data.sourcepos.start.line + error.line.unwrap_or(1);
                let detail = error.detail;
                let column = source
                    .offset(data.sourcepos.start)
                    .and_then(|offset| source.char_column(offset))
                    .map_or(1, |(_, column)| column);
                warnings.push(Warning {
                    line,
                    column,
                    message: format!(
                        "diagram does not parse ({detail}); it is shown as its source"
                    ),
                });
            }
        }
    }
    (rendered, warnings)
}

/// Why a diagram failed, and on which of its lines (counted from 1) when known.
struct Failure {
    line: Option<usize>,
    detail: String,
}

impl From<ParseError> for Failure {
    fn from(error: ParseError) -> Self {
        match error {
            ParseError::Syntax { message, line, .. } => Self {
                line: Some(line),
                detail: message,
            },
            other => Self {
                line: None,
                detail: other.to_string(),
            },
        }
    }
}

/// The diagram as `<figure class="diagram">`: an image to assistive tools, named by the
/// diagram's title or its first labels.
fn figure(source: &str, number: usize) -> Result<String, Failure> {
    let (diagram, meta) = mermaid_svg::parse_with_meta(source).map_err(Failure::from)?;
    let svg = mermaid_svg::render_diagram_with(&diagram, &THEME).map_err(|error| Failure {
        line: None,
        detail: error.to_string(),
    })?;
    let name = meta
        .acc_title
        .or(meta.title)
        .unwrap_or_else(|| first_labels(&svg).join("、"));
    let svg = unique_ids(&svg, &format!("{ID_PREFIX}{number}-"));
    let mut html = String::with_capacity(svg.len() + 80);
    html.push_str("<figure class=\"diagram\" role=\"img\" aria-label=\"");
    // Writing into a String cannot fail.
    let _ = comrak::html::escape(&mut html, &name);
    html.push_str("\">\n");
    html.push_str(&svg);
    html.push_str("\n</figure>\n");
    Ok(html)
}

/// The first distinct texts of the SVG's `<text>` elements, unescaped.
fn first_labels(svg: &str) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut rest = svg;
    while labels.len() < NAME_LABELS
        && let Some(at) = rest.find("<text")
    {
        rest = &rest[at..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let body = &rest[open_end + 1..];
        let text_end = body.find('<').unwrap_or(body.len());
        let label = unescape(body[..text_end].trim());
        if !label.is_empty() && !labels.contains(&label) {
            labels.push(label);
        }
        rest = &body[text_end..];
    }
    labels
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The SVG with every id and every reference to one prefixed, so that two diagrams on a page
/// (which use the same marker ids) do not take each other's arrowheads.
fn unique_ids(svg: &str, prefix: &str) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        if !ids.contains(&&rest[..end]) {
            ids.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    let mut out = svg.to_string();
    for id in ids {
        for (from, to) in [
            (format!(" id=\"{id}\""), format!(" id=\"{prefix}{id}\"")),
            (format!("url(#{id})"), format!("url(#{prefix}{id})")),
            (format!("href=\"#{id}\""), format!("href=\"#{prefix}{id}\"")),
            (
                format!("labelledby=\"{id}\""),
                format!("labelledby=\"{prefix}{id}\""),
            ),
            (
                format!("describedby=\"{id}\""),
                format!("describedby=\"{prefix}{id}\""),
            ),
        ] {
            out = out.replace(&from, &to);
        }
    }
    out
}
