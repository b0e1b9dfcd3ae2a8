//! HTML output: comrak's renderer with our own headings (unique CJK-keeping ids and an
//! accessible self-link), fenced code blocks laid out by `codeblock`, formulas as MathML,
//! alerts, and the `<!-- more -->` marker.

use std::fmt::{self, Write as _};

use comrak::html::{ChildRendering, Context, format_document_with_formatter, format_node_default};
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::options::Plugins;

use crate::TocEntry;
use crate::alerts;
use crate::code_cache::CodeCache;
use crate::codeblock;
#[cfg(feature = "diagrams")]
use crate::diagram;
use crate::images::{self, ImageSizes};
use crate::math;
use crate::summary::is_more_marker;
use crate::tables;

/// Written where `<!-- more -->` stood. comrak turns NUL in the input into U+FFFD, so this
/// cannot occur in real output.
const MORE_SENTINEL: &str = "\0boke-more\0";

/// What the formatter needs besides the AST; travels through comrak as its user data.
pub struct RenderState {
    /// Headings in document order, as computed before rendering.
    pub toc: Vec<TocEntry>,
    next_heading: usize,
    highlight: bool,
    anchor_label: String,
    /// The document's formulas, converted before rendering.
    pub math: math::Rendered,
    /// The document's diagrams, converted before rendering.
    #[cfg(feature = "diagrams")]
    pub diagrams: diagram::Rendered,
    /// Alerts without a written title get Chinese titles (注意, 提示, …) rather than English.
    pub chinese_titles: bool,
    /// Where image sizes come from.
    pub image_sizes: ImageSizes,
    /// Where highlighted blocks are kept between runs.
    pub code_cache: CodeCache,
    /// Images written so far: all but the first load lazily.
    pub images_seen: usize,
    /// Whether a footnote was written: only then are their back-links named in Chinese.
    pub has_footnotes: bool,
    /// For each heading of `toc`, the id an old engine gave it, where boke's differs.
    pub old_ids: Vec<Option<String>>,
}

impl RenderState {
    pub fn new(toc: Vec<TocEntry>, highlight: bool, anchor_label: String) -> Self {
        Self {
            toc,
            next_heading: 0,
            highlight,
            anchor_label,
            math: math::Rendered::default(),
            #[cfg(feature = "diagrams")]
            diagrams: diagram::Rendered::default(),
            chinese_titles: true,
            image_sizes: ImageSizes::default(),
            code_cache: CodeCache::default(),
            images_seen: 0,
            has_footnotes: false,
            old_ids: Vec::new(),
        }
    }
}

/// The rendered fragment, the part before `<!-- more -->` when present, and the state back.
pub fn render<'a>(
    root: &'a AstNode<'a>,
    options: &comrak::Options<'_>,
    state: RenderState,
    capacity: usize,
) -> (String, Option<String>, RenderState) {
    let mut html = String::with_capacity(capacity);
    let plugins = Plugins::default();
    let state = format_document_with_formatter(root, options, &mut html, &plugins, format, state)
        // Writing into a String cannot fail.
        .unwrap_or_else(|_| unreachable_state());
    if state.chinese_titles && state.has_footnotes {
        name_backlinks_in_chinese(&mut html);
    }
    let more_html = match html.find(MORE_SENTINEL) {
        Some(at) => {
            let before = html[..at].to_string();
            html.replace_range(at..at + MORE_SENTINEL.len(), "");
            Some(before)
        }
        None => None,
    };
    (html, more_html, state)
}

/// comrak names each footnote's way back in English; a Chinese page says it in Chinese.
fn name_backlinks_in_chinese(html: &mut String) {
    const ENGLISH: &str = "aria-label=\"Back to reference ";
    if html.contains(ENGLISH) {
        *html = html.replace(ENGLISH, "aria-label=\"返回引用处 ");
    }
}

#[cold]
fn unreachable_state() -> RenderState {
    RenderState::new(Vec::new(), false, String::new())
}

fn format<'a>(
    context: &mut Context<RenderState>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    let data = node.data();
    if let Some(formula) = math::formula(&data.value) {
        if entering {
            write_formula(context, &formula, data.sourcepos)?;
        }
        return Ok(ChildRendering::Skip);
    }
    match &data.value {
        NodeValue::Heading(heading) => format_heading(context, heading.level, entering),
        NodeValue::Paragraph if images::captioned_alone(node).is_some() => {
            images::format_figure(context, entering)
        }
        NodeValue::Image(link) => images::format_image(context, node, link, entering),
        NodeValue::TableCell => tables::format_cell(context, node, entering),
        NodeValue::FootnoteDefinition(_) => {
            context.user.has_footnotes = true;
            format_node_default(context, node, entering)
        }
        NodeValue::Callout(callout) => alerts::format_callout(context, node, callout, entering),
        NodeValue::CalloutTitle => alerts::format_title(context, node, entering),
        NodeValue::CodeBlock(block) if block.fenced && !block.info.trim().is_empty() => {
            if entering && !write_diagram(context, &data.value, data.sourcepos)? {
                write_code_block(context, &block.info, &block.literal)?;
            }
            Ok(ChildRendering::Skip)
        }
        NodeValue::HtmlBlock(block)
            if is_more_marker(&block.literal)
                && node
                    .parent()
                    .is_some_and(|parent| matches!(parent.data().value, NodeValue::Document)) =>
        {
            if entering {
                context.write_str(MORE_SENTINEL)?;
            }
            Ok(ChildRendering::Skip)
        }
        _ => format_node_default(context, node, entering),
    }
}

/// A fenced block with an info string, as `codeblock` lays it out.
fn write_code_block(context: &mut Context<RenderState>, info: &str, literal: &str) -> fmt::Result {
    let info = codeblock::parse(info);
    let spans = if context.user.highlight && !info.language.is_empty() {
        context.user.code_cache.highlight(literal, info.language)
    } else {
        None
    };
    let highlighted = spans.is_some();
    let code = match spans {
        Some(spans) => spans,
        None => {
            let mut escaped = String::with_capacity(literal.len() + literal.len() / 8);
            comrak::html::escape(&mut escaped, literal)?;
            escaped
        }
    };
    context.cr()?;
    codeblock::write(context, &info, &code, highlighted)
}

/// The diagram's figure, when the block is one that rendered; `false` otherwise.
#[cfg(feature = "diagrams")]
fn write_diagram(
    context: &mut Context<RenderState>,
    value: &NodeValue,
    at: Sourcepos,
) -> Result<bool, fmt::Error> {
    if !diagram::is_diagram_fence(value) {
        return Ok(false);
    }
    let Some(figure) = context.user.diagrams.take(at) else {
        return Ok(false);
    };
    context.cr()?;
    context.write_str(&figure)?;
    Ok(true)
}

#[cfg(not(feature = "diagrams"))]
fn write_diagram(
    _context: &mut Context<RenderState>,
    _value: &NodeValue,
    _at: Sourcepos,
) -> Result<bool, fmt::Error> {
    Ok(false)
}

/// MathML, or the source as code where it failed (already warned about).
fn write_formula(
    context: &mut Context<RenderState>,
    formula: &math::Formula<'_>,
    at: Sourcepos,
) -> fmt::Result {
    if let Some(mathml) = context.user.math.take(at) {
        return context.write_str(&mathml);
    }
    let (open, close) = if formula.display {
        ("<pre class=\"math-error\"><code>", "</code></pre>\n")
    } else {
        ("<code class=\"math-error\">", "</code>")
    };
    if formula.display {
        context.cr()?;
    }
    context.write_str(open)?;
    context.escape(formula.source)?;
    context.write_str(close)
}

fn format_heading(
    context: &mut Context<RenderState>,
    level: u8,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    let index = context.user.next_heading;
    if entering {
        context.cr()?;
        write!(context, "<h{level}")?;
        if let Some(entry) = context.user.toc.get(index) {
            let id = entry.id.clone();
            context.write_str(" id=\"")?;
            context.escape(&id)?;
            context.write_str("\"")?;
        }
        context.write_str(">")?;
        // Empty and first in the heading: a link to the old id scrolls to the heading, and
        // nothing is added to what the heading says or to the tab order.
        if let Some(Some(old)) = context.user.old_ids.get(index) {
            let old = old.clone();
            context.write_str("<span id=\"")?;
            context.escape(&old)?;
            context.write_str("\"></span>")?;
        }
        return Ok(ChildRendering::HTML);
    }
    context.user.next_heading += 1;
    if let Some(entry) = context.user.toc.get(index) {
        let (id, text) = (entry.id.clone(), entry.text.clone());
        let label = context.user.anchor_label.clone();
        context.write_str("<a class=\"heading-anchor\" href=\"#")?;
        context.escape(&id)?;
        context.write_str("\" aria-label=\"")?;
        context.escape(&label)?;
        context.write_str(": ")?;
        context.escape(&text)?;
        context.write_str("\">#</a>")?;
    }
    writeln!(context, "</h{level}>")?;
    Ok(ChildRendering::HTML)
}
