//! Cuts a Markdown body into text, code (fenced blocks and code spans, never touched) and the
//! old engine's tags (`{% … %}` or `{{< … >}}` / `{{% … %}}`), with their line numbers.

/// Which engine's tag syntax to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Hexo,
    Hugo,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag {
    /// The tag as written.
    pub(crate) raw: String,
    pub(crate) name: String,
    pub(crate) args: String,
    /// `{% endnote %}` or `{{< /note >}}`.
    pub(crate) closing: bool,
    /// `{{< x />}}`.
    pub(crate) self_closing: bool,
    /// 0-based line in the body.
    pub(crate) line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Text(String),
    Code(String),
    Tag(Tag),
    /// The body of a tag read as it is (`raw`, `codeblock`, `highlight`, `mermaid`), up to its
    /// closing tag, which follows as a `Tag`.
    Verbatim(String),
}

/// Tags whose body is not Markdown and may itself hold `{%` or fences.
fn is_verbatim(syntax: Syntax, name: &str) -> bool {
    match syntax {
        Syntax::Hexo => matches!(
            name,
            "raw" | "codeblock" | "code" | "mermaid" | "katex" | "latex" | "math"
        ),
        Syntax::Hugo => matches!(name, "highlight" | "mermaid" | "raw" | "katex" | "math"),
    }
}

pub(crate) fn scan(body: &str, syntax: Syntax) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    let flush = |text: &mut String, tokens: &mut Vec<Token>| {
        if !text.is_empty() {
            tokens.push(Token::Text(std::mem::take(text)));
        }
    };
    while i < body.len() {
        let at_line_start = i == 0 || bytes[i - 1] == b'\n';
        if at_line_start && let Some(end) = fence_end(body, i) {
            flush(&mut text, &mut tokens);
            tokens.push(Token::Code(body[i..end].to_owned()));
            i = end;
            continue;
        }
        let rest = &body[i..];
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            if let Some(close) = code_span_close(&rest[run..], run) {
                flush(&mut text, &mut tokens);
                let end = i + run + close + run;
                tokens.push(Token::Code(body[i..end].to_owned()));
                i = end;
            } else {
                text.push_str(&rest[..run]);
                i += run;
            }
            continue;
        }
        // Lines are counted only where a tag may start: counting at every character made long
        // posts quadratic.
        let may_open = rest.starts_with('{');
        if let Some((tag, length)) = may_open
            .then(|| tag_at(rest, syntax, line_of(body, i)))
            .flatten()
        {
            flush(&mut text, &mut tokens);
            let verbatim = !tag.closing && !tag.self_closing && is_verbatim(syntax, &tag.name);
            let name = tag.name.clone();
            tokens.push(Token::Tag(tag));
            i += length;
            if verbatim
                && let Some((inner, close, close_length)) =
                    verbatim_body(&body[i..], syntax, &name, line_of(body, i))
            {
                tokens.push(Token::Verbatim(inner));
                i += close_length;
                tokens.push(Token::Tag(close));
            }
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(c);
        i += c.len_utf8();
    }
    flush(&mut text, &mut tokens);
    tokens
}

fn line_of(body: &str, offset: usize) -> usize {
    body[..offset].bytes().filter(|&b| b == b'\n').count()
}

/// The end (after its closing line) of a fenced code block opening at `start`.
fn fence_end(body: &str, start: usize) -> Option<usize> {
    let line_end = body[start..]
        .find('\n')
        .map_or(body.len(), |n| start + n + 1);
    let line = &body[start..line_end];
    let trimmed = line.trim_start();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    if length < 3 || (marker == '`' && trimmed[length..].contains('`')) {
        return None;
    }
    let mut at = line_end;
    while at < body.len() {
        let next = body[at..].find('\n').map_or(body.len(), |n| at + n + 1);
        let candidate = body[at..next].trim();
        if candidate.len() >= length && candidate.chars().all(|c| c == marker) {
            return Some(next);
        }
        at = next;
    }
    // An unclosed fence runs to the end, as CommonMark reads it.
    Some(body.len())
}

/// Where a run of exactly `run` backticks closes a code span, not past a blank line.
fn code_span_close(rest: &str, run: usize) -> Option<usize> {
    let limit = rest.find("\n\n").unwrap_or(rest.len());
    let mut at = 0;
    while at < limit {
        let next = rest[at..limit].find('`')? + at;
        let length = rest[next..].bytes().take_while(|&b| b == b'`').count();
        if length == run {
            return Some(next);
        }
        at = next + length;
    }
    None
}

fn tag_at(rest: &str, syntax: Syntax, line: usize) -> Option<(Tag, usize)> {
    let (open, close) = match syntax {
        Syntax::Hexo if rest.starts_with("{%") => ("{%", "%}"),
        Syntax::Hugo if rest.starts_with("{{<") => ("{{<", ">}}"),
        Syntax::Hugo if rest.starts_with("{{%") => ("{{%", "%}}"),
        _ => return None,
    };
    let end = rest[open.len()..].find(close)? + open.len();
    let inner = rest[open.len()..end].trim();
    // Hugo's escaped form `{{</* x */>}}` shows the shortcode itself: text, not a tag.
    if inner.starts_with("/*") {
        return None;
    }
    let (self_closing, inner) = match inner.strip_suffix('/') {
        Some(inner) if syntax == Syntax::Hugo => (true, inner.trim_end()),
        _ => (false, inner),
    };
    let (closing, inner) = match syntax {
        Syntax::Hugo => match inner.strip_prefix('/') {
            Some(inner) => (true, inner.trim_start()),
            None => (false, inner),
        },
        Syntax::Hexo => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let mut name = inner[..name_end].to_owned();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/')
    {
        return None;
    }
    let mut closing = closing;
    if syntax == Syntax::Hexo
        && let Some(base) = name.strip_prefix("end").filter(|b| !b.is_empty())
    {
        closing = true;
        name = base.to_owned();
    }
    let length = end + close.len();
    Some((
        Tag {
            raw: rest[..length].to_owned(),
            name,
            args: inner[name_end..].trim().to_owned(),
            closing,
            self_closing,
            line,
        },
        length,
    ))
}

/// The text up to the closing tag of `name`, the closing tag and the length of both.
fn verbatim_body(
    rest: &str,
    syntax: Syntax,
    name: &str,
    first_line: usize,
) -> Option<(String, Tag, usize)> {
    let mut at = 0;
    while at < rest.len() {
        let found = match syntax {
            Syntax::Hexo => rest[at..].find("{%"),
            Syntax::Hugo => rest[at..].find("{{"),
        }? + at;
        let line = first_line + line_of(rest, found);
        if let Some((tag, length)) = tag_at(&rest[found..], syntax, line)
            && tag.closing
            && tag.name == name
        {
            return Some((rest[..found].to_owned(), tag, found + length));
        }
        at = found + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(tokens: &[Token]) -> Vec<(String, bool, usize)> {
        tokens
            .iter()
            .filter_map(|t| match t {
                Token::Tag(tag) => Some((tag.name.clone(), tag.closing, tag.line)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn tags_outside_code_only() {
        let body = "a {% note info %}\n```\n{% note %}\n```\n`{% x %}` b\n{% endnote %}\n";
        let tokens = scan(body, Syntax::Hexo);
        assert_eq!(
            tags(&tokens),
            [("note".into(), false, 0), ("note".into(), true, 5)]
        );
        assert!(tokens.contains(&Token::Code("```\n{% note %}\n```\n".into())));
    }

    #[test]
    fn raw_bodies_are_verbatim() {
        let tokens = scan("{% raw %}<b>{% x %}</b>{% endraw %}", Syntax::Hexo);
        assert_eq!(tokens[1], Token::Verbatim("<b>{% x %}</b>".into()));
        assert_eq!(tags(&tokens).len(), 2);
    }

    #[test]
    fn hugo_shortcodes() {
        let body = "{{< figure src=\"a.png\" >}}\n{{% note %}}x{{% /note %}}\n{{</* figure */>}}\n{{< x />}}";
        let tokens = scan(body, Syntax::Hugo);
        assert_eq!(
            tags(&tokens),
            [
                ("figure".into(), false, 0),
                ("note".into(), false, 1),
                ("note".into(), true, 1),
                ("x".into(), false, 3)
            ]
        );
    }
}
