//! Post bodies: the old engine's tag plugins or shortcodes become boke components
//! (`{{< name key="value" >}}`) or plain Markdown and HTML; what is not known stays visible as
//! literal code and is listed with its file and line. Code is never touched.

pub(crate) mod hexo;
pub(crate) mod hugo;
pub(crate) mod scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::report::Unconverted;
use scan::{Syntax, Tag, Token};

/// The components boke has, with the arguments each takes.
pub const COMPONENTS: &[(&str, &[&str])] = &[
    ("note", &["type", "title"]),
    ("details", &["summary", "open"]),
    ("tabs", &[]),
    ("tab", &["title"]),
    ("figure", &["src", "alt", "caption", "link", "width"]),
    ("bilibili", &["id", "p", "t"]),
    ("youtube", &["id", "t"]),
    ("link", &["to", "text"]),
    ("include", &["file", "lang", "lines"]),
];

/// A post another post can link to.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Relative to `content/`: `posts/a.md` or `posts/a/index.md`.
    pub(crate) content_path: String,
    /// The new site path, encoded for links.
    pub(crate) url: String,
    pub(crate) title: String,
}

/// What a body's conversion needs to know and what it found.
pub(crate) struct Context<'a> {
    /// The source file, relative to the old site, for the report.
    pub(crate) file: &'a Path,
    /// The file line of the body's first line.
    pub(crate) first_line: usize,
    /// Posts by every name a link may use (file name, slug, source path).
    pub(crate) targets: &'a HashMap<String, Target>,
    /// Where `include_code` finds its files.
    pub(crate) code_dir: Option<&'a Path>,
    pub(crate) unconverted: Vec<Unconverted>,
    /// Remote images the body shows: (file line, URL).
    pub(crate) remote_images: Vec<(usize, String)>,
    /// Files to put beside the post: (file, name).
    pub(crate) includes: Vec<(PathBuf, String)>,
}

impl Context<'_> {
    pub(crate) fn unknown(&mut self, tag: &Tag) {
        self.unconverted.push(Unconverted {
            file: self.file.to_path_buf(),
            line: self.first_line + tag.line,
            name: tag.name.clone(),
        });
    }

    pub(crate) fn target(&self, name: &str) -> Option<&Target> {
        let name = name.trim().trim_matches('/');
        let stripped = name.trim_end_matches(".md").trim_end_matches(".markdown");
        self.targets
            .get(name)
            .or_else(|| self.targets.get(stripped))
            .or_else(|| {
                stripped
                    .rsplit('/')
                    .next()
                    .and_then(|last| self.targets.get(last))
            })
    }
}

#[derive(Debug)]
enum Node {
    Text(String),
    Code(String),
    Verbatim(String),
    Tag {
        tag: Tag,
        body: Option<Vec<Node>>,
    },
    /// A closing tag with no opening one.
    Stray(Tag),
}

/// Converts one body.
pub(crate) fn convert(body: &str, syntax: Syntax, context: &mut Context<'_>) -> String {
    let tokens = scan::scan(body, syntax);
    let nodes = tree(tokens);
    // `<!--more-->` in any spacing is boke's summary marker already.
    let out = render(&nodes, syntax, context);
    let first_line = context.first_line;
    context.remote_images.extend(
        remote_images(&out)
            .into_iter()
            .map(|(line, url)| (line + first_line, url)),
    );
    out
}

fn tree(tokens: Vec<Token>) -> Vec<Node> {
    // For each opening tag, whether a closing tag of its name follows at its level.
    let mut closes = vec![false; tokens.len()];
    let mut open: Vec<(usize, String)> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if let Token::Tag(tag) = token {
            if tag.closing {
                if let Some(at) = open.iter().rposition(|(_, name)| *name == tag.name) {
                    closes[open[at].0] = true;
                    open.truncate(at);
                }
            } else if !tag.self_closing {
                open.push((index, tag.name.clone()));
            }
        }
    }
    let mut stack: Vec<(Tag, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    for (index, token) in tokens.into_iter().enumerate() {
        let node = match token {
            Token::Text(text) => Node::Text(text),
            Token::Code(code) => Node::Code(code),
            Token::Verbatim(text) => Node::Verbatim(text),
            Token::Tag(tag) if tag.closing => {
                match stack.iter().rposition(|(open, _)| open.name == tag.name) {
                    Some(at) => {
                        // Unclosed tags inside it become leaves.
                        while stack.len() > at + 1 {
                            if let Some((inner, children)) = stack.pop() {
                                let parent = stack.last_mut().map_or(&mut top, |(_, c)| c);
                                parent.push(Node::Tag {
                                    tag: inner,
                                    body: None,
                                });
                                parent.extend(children);
                            }
                        }
                        match stack.pop() {
                            Some((open, children)) => Node::Tag {
                                tag: open,
                                body: Some(children),
                            },
                            None => Node::Stray(tag),
                        }
                    }
                    None => Node::Stray(tag),
                }
            }
            Token::Tag(tag) if closes[index] => {
                stack.push((tag, Vec::new()));
                continue;
            }
            Token::Tag(tag) => Node::Tag { tag, body: None },
        };
        stack.last_mut().map_or(&mut top, |(_, c)| c).push(node);
    }
    while let Some((tag, children)) = stack.pop() {
        let parent = stack.last_mut().map_or(&mut top, |(_, c)| c);
        parent.push(Node::Tag { tag, body: None });
        parent.extend(children);
    }
    top
}

fn render(nodes: &[Node], syntax: Syntax, context: &mut Context<'_>) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(text) | Node::Code(text) | Node::Verbatim(text) => out.push_str(text),
            Node::Stray(tag) => {
                context.unknown(tag);
                out.push_str(&literal(&tag.raw));
            }
            Node::Tag { tag, body } => {
                let verbatim = body
                    .as_ref()
                    .and_then(|children| match children.as_slice() {
                        [Node::Verbatim(text)] => Some(text.clone()),
                        _ => None,
                    });
                let rendered = match (&verbatim, body) {
                    (Some(text), _) => Some(text.clone()),
                    (None, Some(children)) => Some(render(children, syntax, context)),
                    (None, None) => None,
                };
                let converted = match syntax {
                    Syntax::Hexo => hexo::tag(tag, rendered.as_deref(), context),
                    Syntax::Hugo => hugo::shortcode(tag, rendered.as_deref(), context),
                };
                match converted {
                    Some(text) => out.push_str(&text),
                    None => {
                        context.unknown(tag);
                        out.push_str(&literal(&tag.raw));
                        if let Some(body) = rendered {
                            out.push_str(&body);
                            let close = match syntax {
                                Syntax::Hexo => format!("{{% end{} %}}", tag.name),
                                Syntax::Hugo => format!("{{{{< /{} >}}}}", tag.name),
                            };
                            out.push_str(&literal(&close));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Links to old URLs that moved (`](/old/path/)`, `](https://site/old/path/#x)`,
/// `href="/old/path/"`) pointed at the new ones, outside code. Returns the count changed.
pub(crate) fn rewrite_links(body: &str, moved: &[(String, String)]) -> (String, usize) {
    if moved.is_empty() {
        return (body.to_owned(), 0);
    }
    let mut count = 0;
    let mut out = String::with_capacity(body.len());
    for token in scan::scan(body, Syntax::Hugo) {
        match token {
            Token::Text(mut text) => {
                for (old, new) in moved {
                    for (open, ends) in [("](", [")", "#", " "]), ("href=\"", ["\"", "#", "\""])] {
                        let needle = format!("{open}{old}");
                        let mut at = 0;
                        while let Some(found) = text[at..].find(&needle) {
                            let start = at + found;
                            let after = start + needle.len();
                            if ends.iter().any(|end| text[after..].starts_with(end)) {
                                text.replace_range(start..after, &format!("{open}{new}"));
                                count += 1;
                                at = start + open.len() + new.len();
                            } else {
                                at = after;
                            }
                        }
                    }
                }
                out.push_str(&text);
            }
            Token::Code(text) | Token::Verbatim(text) => out.push_str(&text),
            Token::Tag(tag) => out.push_str(&tag.raw),
        }
    }
    (out, count)
}

/// A construct kept visible as it was written: a code span, which nothing renders further.
pub(crate) fn literal(raw: &str) -> String {
    let raw = raw.replace('\n', " ");
    let longest = raw.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {raw} {fence}")
    } else {
        format!("`{raw}`")
    }
}

/// A value inside `key="…"`.
fn quote(value: &str) -> String {
    value.replace('"', "&quot;").replace('\n', " ")
}

/// `{{< name a="1" b="2" >}}`, arguments with empty values left out.
pub(crate) fn open_component(name: &str, args: &[(&str, String)]) -> String {
    let mut out = format!("{{{{< {name}");
    for (key, value) in args {
        if value.is_empty() {
            continue;
        }
        if value == "true"
            || value == "false"
            || (value.chars().all(|c| c.is_ascii_digit()) && key != &"id")
        {
            out.push_str(&format!(" {key}={value}"));
        } else {
            out.push_str(&format!(" {key}=\"{}\"", quote(value)));
        }
    }
    out.push_str(" >}}");
    out
}

/// A block component on lines of its own, its body between blank lines.
pub(crate) fn block_component(name: &str, args: &[(&str, String)], body: &str) -> String {
    format!(
        "\n{}\n\n{}\n\n{{{{< /{name} >}}}}\n",
        open_component(name, args),
        body.trim_matches('\n')
    )
}

/// Arguments as a shell splits them: spaces between, quotes kept together.
pub(crate) fn words(args: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in args.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                started = true;
            }
            None if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            None => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

/// Remote images (`![](https://…)`, `<img src="https://…">`): (line index, URL).
pub(crate) fn remote_images(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (line_number, line) in text.lines().enumerate() {
        for marker in ["](http", "src=\"http", "src=http"] {
            let mut at = 0;
            while let Some(hit) = line[at..].find(marker) {
                let start = at + hit + marker.len() - 4;
                let end = line[start..]
                    .find(|c: char| c == ')' || c == '"' || c.is_whitespace())
                    .map_or(line.len(), |n| start + n);
                let is_image = marker != "](http"
                    || line[..at + hit]
                        .rfind("![")
                        .is_some_and(|open| !line[open..at + hit].contains(']'));
                if is_image {
                    found.push((line_number, line[start..end].to_owned()));
                }
                at = end.max(at + hit + 1);
            }
        }
    }
    found
}

/// The body with each way it shows `url` as an image (`](url`, `src="url`, `src=url`)
/// pointing at `file` beside the post instead.
pub(crate) fn relink_image(body: &str, url: &str, file: &str) -> String {
    let mut out = body.to_owned();
    for open in ["](", "src=\"", "src="] {
        out = out.replace(&format!("{open}{url}"), &format!("{open}{file}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_components() {
        assert_eq!(literal("{% x %}"), "`{% x %}`");
        assert_eq!(literal("{% x `a` %}"), "`` {% x `a` %} ``");
        assert_eq!(
            open_component(
                "bilibili",
                &[
                    ("id", "BV1x".into()),
                    ("p", "2".into()),
                    ("t", String::new())
                ]
            ),
            "{{< bilibili id=\"BV1x\" p=2 >}}"
        );
        assert_eq!(words("a 'b c' \"d\" ''"), ["a", "b c", "d", ""]);
        let moved = [("/old/a/".to_owned(), "/new/a/".to_owned())];
        let (text, count) = rewrite_links(
            "[x](/old/a/) [y](/old/a/#h) `[z](/old/a/)` [w](/old/a/b/)",
            &moved,
        );
        assert_eq!(
            text,
            "[x](/new/a/) [y](/new/a/#h) `[z](/old/a/)` [w](/old/a/b/)"
        );
        assert_eq!(count, 2);
    }
}
