//! Fenced code blocks as a theme wants them: the info-string forms people bring from Hugo
//! (```` ```rust {hl_lines=[2] linenos=true} ````), Zola (```` ```rust,linenos,hl_lines=2 ````)
//! and VitePress or Docusaurus (```` ```rust {2,4-6} title="main.rs" ````) read into one
//! [`Info`], and the block written as a `<figure class="code">` with a caption holding the file
//! name and the language label, and per-line spans for line numbers and marked lines.

use std::fmt;

use comrak::html::escape;

use crate::highlight;

/// What a fenced code block's info string asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Info<'i> {
    /// The first word, without any options glued to it (`rust` of `rust,linenos`).
    pub language: &'i str,
    /// `title="main.rs"` (also `name=`, `filename=`, `file=`).
    pub title: Option<String>,
    pub line_numbers: bool,
    /// The number of the first line, when line numbers are shown. Default: 1.
    pub first_line: usize,
    /// Marked lines, as inclusive ranges counted from the block's first line as 1 (whatever
    /// `first_line` is).
    pub marked: Vec<(usize, usize)>,
}

impl Info<'_> {
    fn is_marked(&self, line: usize) -> bool {
        self.marked
            .iter()
            .any(|&(from, to)| (from..=to).contains(&line))
    }

    /// Whether lines need spans of their own.
    fn per_line(&self) -> bool {
        self.line_numbers || !self.marked.is_empty()
    }
}

/// Larger ranges are typos (`1-100000`), and marking them would only cost time.
const MAX_LINE: usize = 100_000;

/// Reads an info string. Unknown options are ignored, so that any theme's extras still render.
pub fn parse(info: &str) -> Info<'_> {
    let info = info.trim();
    let language_end = info
        .find(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .unwrap_or(info.len());
    let mut parsed = Info {
        language: &info[..language_end],
        first_line: 1,
        ..Info::default()
    };
    // A bare range after `hl_lines=1` belongs to it (Zola writes `hl_lines=1 3-5`); after any
    // other option it is one too (`{2,4-6}`), so bare ranges are always marked lines.
    for token in tokens(&info[language_end..]) {
        match token.split_once('=') {
            None => read_flag(&mut parsed, token),
            Some((key, value)) => read_option(&mut parsed, key.trim(), unquote(value.trim())),
        }
    }
    parsed
}

fn read_flag(info: &mut Info<'_>, token: &str) {
    match token {
        "linenos" | "showLineNumbers" | "lineNumbers" | "line-numbers" | "number-lines" => {
            info.line_numbers = true;
        }
        _ => push_ranges(&mut info.marked, token),
    }
}

fn read_option(info: &mut Info<'_>, key: &str, value: &str) {
    match key {
        "hl_lines" | "highlight" | "mark" | "lines" => push_ranges(&mut info.marked, value),
        "linenos" | "showLineNumbers" | "lineNumbers" | "line-numbers" => {
            info.line_numbers = !matches!(value, "false" | "no" | "0");
            if let Ok(start) = value.parse::<usize>() {
                info.first_line = start.clamp(1, MAX_LINE);
            }
        }
        "linenostart" | "startLine" | "start" => {
            if let Ok(start) = value.parse::<usize>() {
                info.first_line = start.clamp(1, MAX_LINE);
            }
        }
        "title" | "name" | "filename" | "file" if !value.is_empty() => {
            info.title = Some(value.to_string());
        }
        _ => {}
    }
}

/// `2`, `4-6`, `[2, "4-6"]`, `"1 3-5"`: every range it names; anything else names none.
fn push_ranges(ranges: &mut Vec<(usize, usize)>, text: &str) {
    let text = text.trim_matches(|c| c == '[' || c == ']');
    for part in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|part| unquote(part.trim()))
        .filter(|part| !part.is_empty())
    {
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(from), Ok(to)) = (from.trim().parse::<usize>(), to.trim().parse::<usize>())
            && from >= 1
            && from <= to
            && to <= MAX_LINE
        {
            ranges.push((from, to));
        }
    }
}

fn unquote(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

/// Splits options at whitespace, commas and braces, keeping quoted strings and `[…]` lists
/// whole: `{hl_lines=[2, 4] title="a b.rs"}` is two tokens.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        let inside = quote.is_some() || depth > 0;
        match c {
            '"' | '\'' if quote == Some(c) => quote = None,
            '"' | '\'' if quote.is_none() => quote = Some(c),
            '[' if quote.is_none() => depth += 1,
            ']' if quote.is_none() => depth = depth.saturating_sub(1),
            _ => {}
        }
        let separator = !inside && (c.is_whitespace() || matches!(c, ',' | '{' | '}'));
        match (separator, start) {
            (true, Some(from)) => {
                tokens.push(&text[from..index]);
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(from) = start {
        tokens.push(&text[from..]);
    }
    tokens
}

/// Writes the block. `code` is the body as HTML: highlighted spans, or escaped text.
pub fn write(
    out: &mut dyn fmt::Write,
    info: &Info<'_>,
    code: &str,
    highlighted: bool,
) -> fmt::Result {
    let has_language = !info.language.is_empty();
    out.write_str("<figure class=\"code\"")?;
    if has_language {
        out.write_str(" data-lang=\"")?;
        escape(out, info.language)?;
        out.write_str("\"")?;
    }
    out.write_str(">\n")?;
    if info.title.is_some() || has_language {
        out.write_str("<figcaption>")?;
        if let Some(title) = &info.title {
            out.write_str("<span class=\"code-title\">")?;
            escape(out, title)?;
            out.write_str("</span>")?;
        }
        if has_language {
            out.write_str("<span class=\"code-lang\">")?;
            escape(out, info.language)?;
            out.write_str("</span>")?;
        }
        out.write_str("</figcaption>\n")?;
    }
    if highlighted {
        write!(out, "<pre class=\"{}\">", highlight::PRE_CLASS)?;
    } else {
        out.write_str("<pre>")?;
    }
    if has_language {
        out.write_str("<code class=\"language-")?;
        escape(out, info.language)?;
        out.write_str("\">")?;
    } else {
        out.write_str("<code>")?;
    }
    if info.per_line() {
        write_lines(out, info, code)?;
    } else {
        out.write_str(code)?;
    }
    out.write_str("</code></pre>\n</figure>\n")
}

/// One `<span class="line">` per line, numbered in `data-ln` (shown by CSS, so copying the
/// code copies no numbers). Highlighter spans that run across a line end are closed before it
/// and opened again after it, so every line is well-formed on its own.
fn write_lines(out: &mut dyn fmt::Write, info: &Info<'_>, code: &str) -> fmt::Result {
    let body = without_last_line_end(code);
    let mut open_spans: Vec<&str> = Vec::new();
    for (index, line) in body.split('\n').enumerate() {
        let number = index + 1;
        out.write_str("<span class=\"line")?;
        if info.is_marked(number) {
            out.write_str(" marked")?;
        }
        out.write_str("\"")?;
        if info.line_numbers {
            write!(out, " data-ln=\"{}\"", info.first_line + index)?;
        }
        out.write_str(">")?;
        for tag in &open_spans {
            out.write_str(tag)?;
        }
        track_spans(line, &mut open_spans);
        out.write_str(line)?;
        for _ in &open_spans {
            out.write_str("</span>")?;
        }
        out.write_str("</span>\n")?;
    }
    Ok(())
}

/// The code without its final line end. The highlighter closes its outermost spans after that
/// line end; they move before it, so they do not make a line of their own.
fn without_last_line_end(code: &str) -> std::borrow::Cow<'_, str> {
    let Some(at) = code.rfind('\n') else {
        return code.into();
    };
    let tail = &code[at + 1..];
    if tail.is_empty() {
        return code[..at].into();
    }
    let only_closing = tail.split_inclusive('>').all(|tag| tag == "</span>");
    if only_closing {
        format!("{}{tail}", &code[..at]).into()
    } else {
        code.into()
    }
}

/// Updates the stack of `<span …>` tags still open after `html`.
fn track_spans<'h>(html: &'h str, open: &mut Vec<&'h str>) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        let tag = &rest[..end];
        if tag.starts_with("</span") {
            open.pop();
        } else if tag.starts_with("<span") {
            open.push(tag);
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(info: &str) -> Vec<(usize, usize)> {
        parse(info).marked
    }

    #[test]
    fn hugo_zola_and_vitepress_forms() {
        let hugo = parse("rust {hl_lines=[2, \"4-6\"] linenos=true linenostart=10}");
        assert_eq!(hugo.language, "rust");
        assert_eq!(hugo.marked, [(2, 2), (4, 6)]);
        assert!(hugo.line_numbers);
        assert_eq!(hugo.first_line, 10);

        let zola = parse("rust,linenos,hl_lines=2 4-5,name=main.rs");
        assert_eq!(zola.language, "rust");
        assert_eq!(zola.marked, [(2, 2), (4, 5)]);
        assert!(zola.line_numbers);
        assert_eq!(zola.title.as_deref(), Some("main.rs"));

        let vitepress = parse("rust {2,4-6} title=\"src/main 1.rs\"");
        assert_eq!(vitepress.marked, [(2, 2), (4, 6)]);
        assert!(!vitepress.line_numbers);
        assert_eq!(vitepress.title.as_deref(), Some("src/main 1.rs"));
    }

    #[test]
    fn odd_input_is_ignored_not_fatal() {
        assert_eq!(parse("").language, "");
        assert_eq!(parse("{2}").language, "");
        assert_eq!(parse("{2}").marked, [(2, 2)]);
        assert_eq!(marked("rust {0,5-3,x,2-999999999,7}"), [(7, 7)]);
        assert_eq!(marked("rust {hl_lines=[2"), [(2, 2)]);
        assert!(!parse("rust linenos=false").line_numbers);
        assert_eq!(parse("rust title=\"\"").title, None);
        assert_eq!(parse("rust \"unclosed").marked, []);
    }

    #[test]
    fn lines_keep_highlighter_spans_balanced() {
        let info = Info {
            language: "rust",
            line_numbers: true,
            first_line: 3,
            marked: vec![(2, 2)],
            ..Info::default()
        };
        let mut out = String::new();
        write_lines(
            &mut out,
            &info,
            "<span class=\"a\">x /* one\ntwo */ y\n</span>",
        )
        .expect("writes");
        assert_eq!(
            out,
            "<span class=\"line\" data-ln=\"3\"><span class=\"a\">x /* one</span></span>\n\
             <span class=\"line marked\" data-ln=\"4\"><span class=\"a\">two */ y</span></span>\n"
        );
    }
}
