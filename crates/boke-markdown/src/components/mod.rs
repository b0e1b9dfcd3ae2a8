//! Components (shortcodes): `{{< name key="value" >}}body{{< /name >}}` tags found in the text
//! outside code, matched into a tree, and each replaced by a placeholder before the Markdown
//! is rendered. A body is Markdown rendered on its own. The caller (boke's render stage, which
//! has the templates) swaps each placeholder for the component's HTML with
//! [`fill_placeholders`]. Escapes (`{{</* x */>}}`) are written back as text here.

mod splice;
mod tags;

use std::ops::Range;

use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};
use serde::{Deserialize, Serialize};

use crate::position::Source;
use crate::{Options, Rendered, Warning};
use splice::{Item, Spliced};
pub use tags::Arg;
use tags::Tag;

pub use tags::OPEN;

/// A component placeholder is `\u{FDD0}` index `\u{FDD1}`; an escape's is `\u{FDD2}` index
/// `\u{FDD3}`. Noncharacters, reserved by Unicode for a program's internal use, so no text
/// holds them.
const COMPONENT: (char, char) = ('\u{FDD0}', '\u{FDD1}');
const ESCAPE: (char, char) = ('\u{FDD2}', '\u{FDD3}');

/// One use of a component in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    /// Named arguments, in the order written.
    pub args: Vec<(String, Arg)>,
    /// The body rendered to HTML, holding the placeholders of [`Component::children`]; `None`
    /// when the tag has no closing tag or closes itself.
    pub body: Option<String>,
    /// The components directly inside the body, as indices into [`Rendered::components`].
    pub children: Vec<usize>,
    /// 1-based line and character column of the opening tag in the Markdown given to `render`.
    pub line: usize,
    pub column: usize,
}

/// Replaces each component placeholder in `html` with `fill(index)`.
pub fn fill_placeholders<E>(
    html: &str,
    mut fill: impl FnMut(usize) -> Result<String, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(html.len() + html.len() / 2);
    let mut rest = html;
    while let Some((start, index, end)) = next_placeholder(rest, COMPONENT) {
        out.push_str(&rest[..start]);
        out.push_str(&fill(index)?);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

fn placeholder(kind: (char, char), index: usize) -> String {
    format!("{}{index}{}", kind.0, kind.1)
}

/// The first placeholder of `kind` in `text`: its start, index and end.
fn next_placeholder(text: &str, kind: (char, char)) -> Option<(usize, usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find(kind.0) {
        let start = from + found;
        let digits_start = start + kind.0.len_utf8();
        let digits = text[digits_start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - digits_start);
        let digits_end = digits_start + digits;
        if digits > 0
            && text[digits_end..].starts_with(kind.1)
            && let Ok(index) = text[digits_start..digits_end].parse()
        {
            return Some((start, index, digits_end + kind.1.len_utf8()));
        }
        from = digits_start;
    }
    None
}

/// Whether `html` holds a component's placeholder.
pub fn holds_component(html: &str) -> bool {
    html.contains(COMPONENT.0)
}

/// Whether a paragraph's text is one component placeholder and nothing else (a block
/// component): it is not the first paragraph a summary is made from.
pub fn is_lone_placeholder(text: &str) -> bool {
    let text = text.trim();
    next_placeholder(text, COMPONENT).is_some_and(|(start, _, end)| start == 0 && end == text.len())
}

/// A component while the tags are matched: where it stands and what it holds.
struct Node {
    name: String,
    args: Vec<(String, Arg)>,
    /// The opening tag's byte range.
    open: Range<usize>,
    /// The closing tag's byte range, when it has one.
    close: Option<Range<usize>>,
    /// Components and escapes inside the body, in order.
    items: Vec<Item>,
    /// Text before the tag on its line, when only indentation and `>` stand there and nothing
    /// follows the component on its last line: a component on lines of its own.
    block_prefix: Option<String>,
}

impl Node {
    fn end(&self) -> usize {
        self.close.as_ref().map_or(self.open.end, |close| close.end)
    }
}

/// Renders a document that holds `{{<`: components become placeholders, bodies are rendered,
/// escapes written back, and the plain text and counts include the bodies' text.
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let code = code_regions(markdown, options);
    let source = Source::new(markdown);
    let (nodes, top, escapes, errors) = match_tags(markdown, &code);
    let error_warnings: Vec<Warning> = errors
        .iter()
        .map(|(at, message)| warning_at(&source, *at, message.clone()))
        .collect();
    let document = Spliced::new(markdown, 0..markdown.len(), &top, &nodes, "");
    let mut ids = crate::anchors::UniqueIds::default();
    let mut rendered = crate::render_document(&document.text, options, &mut ids);
    remap_warnings(&mut rendered.warnings, &document, &source);

    let mut tree = Tree {
        markdown,
        source: &source,
        nodes: &nodes,
        escapes: &escapes,
        options,
        components: Vec::new(),
        texts: Vec::new(),
        warnings: Vec::new(),
        ids,
    };
    // Placeholder numbers are node indices: the list is filled in the same order.
    for index in 0..nodes.len() {
        tree.render_node(index);
    }
    let bodies: Vec<Option<String>> = tree
        .components
        .iter()
        .map(|c| c.body.as_deref().map(|body| tree.finish_html(body)))
        .collect();
    for (component, body) in tree.components.iter_mut().zip(bodies) {
        component.body = body;
    }
    rendered.html = tree.finish_html(&rendered.html);
    rendered.more_html = rendered
        .more_html
        .as_deref()
        .map(|html| tree.finish_html(html));
    rendered.text = tree.fill_text(&rendered.text);
    rendered.first_paragraph = tree.fill_text(&rendered.first_paragraph);
    rendered.title = rendered.title.as_deref().map(|title| tree.fill_text(title));
    for entry in &mut rendered.toc {
        entry.text = tree.fill_text(&entry.text);
    }
    for text in &tree.texts {
        rendered.code_text.push_str(&text.code);
    }
    rendered.warnings.extend(tree.warnings);
    rendered.warnings.sort_by_key(|w| (w.line, w.column));
    rendered.errors = error_warnings;
    rendered.components = tree.components;
    crate::count_words(&mut rendered, options);
    rendered
}

/// A rendered body's plain text, for the text of the page around it.
#[derive(Default, Clone)]
struct BodyText {
    prose: String,
    code: String,
}

struct Tree<'a> {
    markdown: &'a str,
    source: &'a Source<'a>,
    nodes: &'a [Node],
    escapes: &'a [String],
    options: &'a Options,
    components: Vec<Component>,
    texts: Vec<BodyText>,
    warnings: Vec<Warning>,
    /// The heading ids of the page and of the bodies rendered so far.
    ids: crate::anchors::UniqueIds,
}

impl Tree<'_> {
    /// Renders node `index`'s body (its children's placeholders inside) into `components`.
    fn render_node(&mut self, index: usize) {
        let node = &self.nodes[index];
        let (line, column) = self.source.char_column(node.open.start).unwrap_or((1, 1));
        let children = node
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Component(child) => Some(*child),
                Item::Escape(..) => None,
            })
            .collect();
        let mut text = BodyText::default();
        let body = node.close.as_ref().map(|close| {
            let prefix = node.block_prefix.as_deref().unwrap_or("");
            let range = node.open.end..close.start;
            let spliced = Spliced::new(self.markdown, range, &node.items, self.nodes, prefix);
            let mut options = self.options.clone();
            options.extract_title = false;
            let mut body = crate::render_document(&spliced.text, &options, &mut self.ids);
            remap_warnings(&mut body.warnings, &spliced, self.source);
            self.warnings.append(&mut body.warnings);
            text = BodyText {
                prose: body.text,
                code: body.code_text,
            };
            if node.block_prefix.is_none() {
                unwrap_paragraph(&body.html).to_owned()
            } else {
                body.html
            }
        });
        self.components.push(Component {
            name: node.name.clone(),
            args: node.args.clone(),
            body,
            children,
            line,
            column,
        });
        self.texts.push(text);
    }

    /// Lifts block placeholders out of paragraphs and writes escapes back, in `html` and in
    /// every body.
    fn finish_html(&self, html: &str) -> String {
        let lifted = lift_blocks(html, |index| {
            self.nodes
                .get(index)
                .is_some_and(|node| node.block_prefix.is_some())
        });
        replace_all(&lifted, ESCAPE, |index| {
            let mut escaped = String::new();
            let literal = self.escapes.get(index).map_or("", String::as_str);
            // Writing into a String cannot fail.
            let _ = comrak::html::escape(&mut escaped, literal);
            escaped
        })
    }

    /// Plain text with each component's body text and each escape's text in place.
    fn fill_text(&self, text: &str) -> String {
        let escapes = replace_all(text, ESCAPE, |index| {
            self.escapes.get(index).cloned().unwrap_or_default()
        });
        replace_all(&escapes, COMPONENT, |index| {
            let body = self
                .texts
                .get(index)
                .map_or("", |text| text.prose.trim_end());
            self.fill_text(body)
        })
    }
}

/// Replaces every placeholder of `kind` in `text` with `with(index)`.
fn replace_all(text: &str, kind: (char, char), mut with: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, index, end)) = next_placeholder(rest, kind) {
        out.push_str(&rest[..start]);
        out.push_str(&with(index));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A body used inside a paragraph: its single paragraph's content.
fn unwrap_paragraph(html: &str) -> &str {
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => trimmed,
    }
}

/// Takes each placeholder of a block component out of the paragraph around it, so that the
/// component's HTML is not put inside a `<p>`: `<p>PH</p>` becomes `PH`, and text beside it on
/// the neighbouring lines stays in paragraphs of its own.
fn lift_blocks(html: &str, is_block: impl Fn(usize) -> bool) -> String {
    let mut html = html.to_owned();
    let mut from = 0;
    while let Some((start, index, end)) = next_placeholder(&html[from..], COMPONENT) {
        let (start, end) = (from + start, from + end);
        from = end;
        if !is_block(index) {
            continue;
        }
        let Some(open) = html[..start].rfind("<p>") else {
            continue;
        };
        if html[open..start].contains("</p>") {
            continue;
        }
        let Some(close) = html[end..].find("</p>").map(|at| end + at) else {
            continue;
        };
        let before = html[open + 3..start].trim_end();
        let after = html[end..close].trim_start();
        let mut replacement = String::new();
        if !before.is_empty() {
            replacement.push_str("<p>");
            replacement.push_str(before);
            replacement.push_str("</p>\n");
        }
        let placeholder_at = replacement.len();
        replacement.push_str(&html[start..end]);
        if !after.is_empty() {
            replacement.push_str("\n<p>");
            replacement.push_str(after);
            replacement.push_str("</p>");
        }
        from = open + placeholder_at + (end - start);
        html.replace_range(open..close + 4, &replacement);
    }
    html
}

/// Byte ranges of code spans and code blocks (fenced and indented): tags there are text.
fn code_regions(markdown: &str, options: &Options) -> Vec<Range<usize>> {
    let arena = Arena::new();
    let comrak_options = crate::comrak_options(options);
    let root = parse_document(&arena, markdown, &comrak_options);
    let source = Source::new(markdown);
    let mut regions = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let span = data.sourcepos;
        let range = match &data.value {
            NodeValue::CodeBlock(_) => {
                let start = source.offset(comrak::nodes::LineColumn {
                    line: span.start.line,
                    column: 1,
                });
                let end = source
                    .offset(comrak::nodes::LineColumn {
                        line: span.end.line + 1,
                        column: 1,
                    })
                    .unwrap_or(markdown.len());
                start.map(|start| start..end)
            }
            NodeValue::Code(_) => source
                .offset(span.start)
                .zip(source.offset(span.end))
                .map(|(start, end)| start..end + 1),
            _ => None,
        };
        regions.extend(range);
    }
    regions.sort_by_key(|range| range.start);
    regions
}

type Matched = (Vec<Node>, Vec<Item>, Vec<String>, Vec<(usize, String)>);

/// Reads every tag outside `code` and matches opening and closing tags. An opening tag
/// without a matching closing tag has no body; what it enclosed moves up to its parent.
fn match_tags(markdown: &str, code: &[Range<usize>]) -> Matched {
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<Item> = Vec::new();
    let mut escapes = Vec::new();
    let mut errors = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(found) = markdown[from..].find(OPEN) {
        let start = from + found;
        if let Some(region) = code.iter().find(|r| r.contains(&start)) {
            from = region.end.max(start + OPEN.len());
            continue;
        }
        let (tag, end) = match tags::read(markdown, start) {
            Ok(read) => read,
            Err(error) => {
                errors.push((error.at, error.message));
                from = start + OPEN.len();
                continue;
            }
        };
        from = end;
        match tag {
            Tag::Escape { literal } => {
                escapes.push(literal);
                let item = Item::Escape(escapes.len() - 1, start..end);
                push_item(&mut nodes, &mut top, &open, item);
            }
            Tag::Open {
                name,
                args,
                self_closing,
            } => {
                nodes.push(Node {
                    name,
                    args,
                    open: start..end,
                    close: None,
                    items: Vec::new(),
                    block_prefix: None,
                });
                let index = nodes.len() - 1;
                push_item(&mut nodes, &mut top, &open, Item::Component(index));
                if !self_closing {
                    open.push(index);
                }
            }
            Tag::Close { name } => match open.iter().rposition(|&n| nodes[n].name == name) {
                Some(depth) => {
                    while open.len() > depth + 1 {
                        close_without_body(&mut nodes, &mut top, &mut open);
                    }
                    if let Some(index) = open.pop() {
                        nodes[index].close = Some(start..end);
                    }
                }
                None => errors.push((
                    start,
                    format!("closing tag `{{{{< /{name} >}}}}` has no opening `{{{{< {name} >}}}}` before it"),
                )),
            },
        }
    }
    while !open.is_empty() {
        close_without_body(&mut nodes, &mut top, &mut open);
    }
    for node in &mut nodes {
        node.block_prefix = block_prefix(markdown, node.open.start, node.end());
    }
    (nodes, top, escapes, errors)
}

fn push_item(nodes: &mut [Node], top: &mut Vec<Item>, open: &[usize], item: Item) {
    match open.last() {
        Some(&parent) => nodes[parent].items.push(item),
        None => top.push(item),
    }
}

/// The innermost open component has no closing tag: it has no body, and what followed it
/// belongs to its parent.
fn close_without_body(nodes: &mut [Node], top: &mut Vec<Item>, open: &mut Vec<usize>) {
    let Some(index) = open.pop() else { return };
    let items = std::mem::take(&mut nodes[index].items);
    for item in items {
        push_item(nodes, top, open, item);
    }
}

/// The text before `start` on its line, when it is only indentation and `>` and only
/// whitespace follows `end` on its line.
fn block_prefix(markdown: &str, start: usize, end: usize) -> Option<String> {
    let line_start = markdown[..start].rfind('\n').map_or(0, |at| at + 1);
    let prefix = &markdown[line_start..start];
    let line_end = markdown[end..]
        .find('\n')
        .map_or(markdown.len(), |at| end + at);
    let alone = prefix.chars().all(|c| matches!(c, ' ' | '\t' | '>'))
        && markdown[end..line_end].trim().is_empty();
    alone.then(|| prefix.to_owned())
}

fn warning_at(source: &Source<'_>, offset: usize, message: String) -> Warning {
    let (line, column) = source.char_column(offset).unwrap_or((1, 1));
    Warning {
        line,
        column,
        message,
    }
}

/// Warnings from rendering `spliced` point into its text; moves them to the original.
fn remap_warnings(warnings: &mut [Warning], spliced: &Spliced, original: &Source<'_>) {
    if warnings.is_empty() {
        return;
    }
    let rendered = Source::new(&spliced.text);
    for warning in warnings {
        let Some(offset) = rendered.char_offset(warning.line, warning.column) else {
            continue;
        };
        if let Some((line, column)) = original.char_column(spliced.original_offset(offset)) {
            warning.line = line;
            warning.column = column;
        }
    }
}

#[cfg(test)]
mod tests;
