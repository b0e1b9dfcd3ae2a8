//! Syntax highlighting of fenced code with tree-sitter grammars (arborium's bundle) as
//! class-based spans (`hl-keyword`, `hl-string`, … one class per span), and the matching light
//! and dark CSS. Each grammar compiles once, on first use, and is shared by every thread; each
//! thread keeps its own parser.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::LazyLock;

use arborium::GrammarStore;
use arborium::advanced::{Injection, ParseContext};
use arborium_theme::highlights::{ThemeSlot, capture_to_slot, slot_to_highlight_index};
use arborium_theme::{Theme, builtin};

/// The class on `<pre>` that carries the theme's foreground and background.
pub const PRE_CLASS: &str = "hl-code";

/// What the highlighted HTML of a block depends on besides its language and code: the bundle's
/// version (pinned in Cargo.toml) and this module's own source, so that a change of either
/// makes cached blocks stale.
pub fn version() -> u128 {
    static VERSION: LazyLock<u128> = LazyLock::new(|| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(b"arborium 2.18.2\0");
        hasher.update(include_str!("highlight.rs").as_bytes());
        hasher.digest128()
    });
    *VERSION
}

/// Injected code (script in HTML, a fence in Markdown) nests at most this deep.
const MAX_INJECTION_DEPTH: u32 = 2;

static GRAMMARS: LazyLock<GrammarStore> = LazyLock::new(GrammarStore::new);

thread_local! {
    static CONTEXT: RefCell<Option<ParseContext>> = const { RefCell::new(None) };
}

/// Highlighted HTML (spans only, no `<pre>`), or `None` for an unknown language.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let language = canonical(language);
    let grammar = GRAMMARS.get(&language)?;
    CONTEXT.with(|context| {
        let mut context = context.try_borrow_mut().ok()?;
        if context.is_none() {
            *context = Some(ParseContext::for_grammar(&grammar).ok()?);
        }
        let context = context.as_mut()?;
        let mut spans = Vec::new();
        collect(context, &language, code, 0, MAX_INJECTION_DEPTH, &mut spans)?;
        Some(render(code, spans))
    })
}

/// The bundle's name for a fence's language, for the names it does not know itself.
fn canonical(language: &str) -> String {
    let lower = language.to_ascii_lowercase();
    match lower.as_str() {
        "makefile" | "mk" | "mak" => "make".to_string(),
        "c#" => "c-sharp".to_string(),
        "console" | "shellsession" => "bash".to_string(),
        "dockerfile" | "containerfile" => "dockerfile".to_string(),
        _ => lower,
    }
}

/// A highlighted range of the code and its slot.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    slot: ThemeSlot,
}

/// The spans of `code` (at `offset` in the block) in `language`, then those of the code injected
/// into it in another language. A language injected into itself (Rust's macro bodies parsed as
/// Rust again) is skipped: it doubles the work and the tokens inside are highlighted already.
fn collect(
    context: &mut ParseContext,
    language: &str,
    code: &str,
    offset: usize,
    depth: u32,
    spans: &mut Vec<Span>,
) -> Option<()> {
    let grammar = GRAMMARS.get(language)?;
    context.set_language(grammar.language()).ok()?;
    let parsed = grammar.parse(context, code);
    spans.extend(parsed.spans.iter().filter_map(|span| {
        let slot = capture_to_slot(&span.capture);
        (slot != ThemeSlot::None && span.start < span.end).then_some(Span {
            start: offset + span.start as usize,
            end: offset + span.end as usize,
            slot,
        })
    }));
    if depth == 0 {
        return Some(());
    }
    for Injection {
        start,
        end,
        language: injected,
        ..
    } in parsed.injections
    {
        let (start, end) = (start as usize, end as usize);
        let same = canonical(&injected) == language;
        let Some(inner) = code.get(start..end).filter(|_| !same) else {
            continue;
        };
        // An injected language the bundle lacks leaves that part as its host highlighted it.
        let _ = collect(
            context,
            &canonical(&injected),
            inner,
            offset + start,
            depth - 1,
            spans,
        );
    }
    Some(())
}

/// Writes `code` with its spans: where spans nest the innermost one wins, so the output is one
/// level of `<span>`s. Of two spans over the same range the later one wins; touching spans of
/// the same slot are merged.
fn render(code: &str, mut spans: Vec<Span>) -> String {
    spans.retain(|span| {
        span.end <= code.len()
            && code.is_char_boundary(span.start)
            && code.is_char_boundary(span.end)
    });
    spans.sort_by_key(|span| (span.start, span.end));
    let mut unique: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match unique.last_mut() {
            Some(last) if (last.start, last.end) == (span.start, span.end) => *last = span,
            _ => unique.push(span),
        }
    }
    let mut merged: Vec<Span> = Vec::with_capacity(unique.len());
    for span in unique {
        match merged.last_mut() {
            Some(last) if last.slot == span.slot && span.start <= last.end => {
                last.end = last.end.max(span.end);
            }
            _ => merged.push(span),
        }
    }
    merged.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));

    let mut html = String::with_capacity(code.len() * 3);
    let mut at = 0;
    let mut open: Vec<Span> = Vec::new();
    for span in merged {
        close_until(code, span.start, &mut at, &mut open, &mut html);
        write_text(code, at, span.start, open.last(), &mut html);
        at = at.max(span.start);
        open.push(span);
    }
    close_until(code, code.len(), &mut at, &mut open, &mut html);
    write_text(code, at, code.len(), None, &mut html);
    html
}

/// Writes the text up to each open span's end that comes before `until`, in that span's class.
fn close_until(code: &str, until: usize, at: &mut usize, open: &mut Vec<Span>, html: &mut String) {
    while let Some(&top) = open.last() {
        if top.end > until {
            break;
        }
        write_text(code, *at, top.end, Some(&top), html);
        *at = (*at).max(top.end);
        open.pop();
    }
}

fn write_text(code: &str, from: usize, to: usize, span: Option<&Span>, html: &mut String) {
    let Some(text) = code.get(from..to).filter(|text| !text.is_empty()) else {
        return;
    };
    match span.and_then(|span| span.slot.name()) {
        Some(name) => {
            let _ = write!(html, "<span class=\"hl-{name}\">");
            let _ = comrak::html::escape(html, text);
            html.push_str("</span>");
        }
        None => {
            let _ = comrak::html::escape(html, text);
        }
    }
}

static CSS: LazyLock<String> = LazyLock::new(build_css);

pub fn css() -> &'static str {
    &CSS
}

/// Every slot with a class.
const SLOTS: [ThemeSlot; 27] = [
    ThemeSlot::Keyword,
    ThemeSlot::Function,
    ThemeSlot::String,
    ThemeSlot::Comment,
    ThemeSlot::Type,
    ThemeSlot::Variable,
    ThemeSlot::Constant,
    ThemeSlot::Number,
    ThemeSlot::Operator,
    ThemeSlot::Punctuation,
    ThemeSlot::Property,
    ThemeSlot::Attribute,
    ThemeSlot::Tag,
    ThemeSlot::Macro,
    ThemeSlot::Label,
    ThemeSlot::Namespace,
    ThemeSlot::Constructor,
    ThemeSlot::Title,
    ThemeSlot::Strong,
    ThemeSlot::Emphasis,
    ThemeSlot::Link,
    ThemeSlot::Literal,
    ThemeSlot::Strikethrough,
    ThemeSlot::DiffAdd,
    ThemeSlot::DiffDelete,
    ThemeSlot::Embedded,
    ThemeSlot::Error,
];

fn build_css() -> String {
    let light = theme_css(&builtin::github_light());
    let dark = theme_css(&builtin::one_dark());
    let mut css = String::with_capacity(light.len() + 3 * dark.len());
    css.push_str(
        "/* Code highlighting: light by default, dark by preference or by data-theme. */\n",
    );
    css.push_str(&light);
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scoped(&dark, ":root:not([data-theme=\"light\"])"));
    css.push_str("}\n");
    css.push_str(&scoped(&dark, "[data-theme=\"dark\"]"));
    css
}

/// One theme's rules: the block's colours on `.hl-code`, then one rule per slot it styles.
fn theme_css(theme: &Theme) -> String {
    let mut css = String::new();
    css.push_str(".hl-code {\n");
    if let Some(foreground) = &theme.foreground {
        let _ = writeln!(css, "  color: {};", foreground.to_hex());
    }
    if let Some(background) = &theme.background {
        let _ = writeln!(css, "  background-color: {};", background.to_hex());
    }
    css.push_str("}\n");
    for slot in SLOTS {
        let (Some(name), Some(style)) = (
            slot.name(),
            slot_to_highlight_index(slot).and_then(|index| theme.style(index)),
        ) else {
            continue;
        };
        if style.is_empty() {
            continue;
        }
        let _ = writeln!(css, ".hl-{name} {{");
        if let Some(color) = &style.fg {
            let _ = writeln!(css, "  color: {};", color.to_hex());
        }
        if let Some(color) = &style.bg {
            let _ = writeln!(css, "  background-color: {};", color.to_hex());
        }
        let mut lines = Vec::new();
        if style.modifiers.underline {
            lines.push("underline");
        }
        if style.modifiers.strikethrough {
            lines.push("line-through");
        }
        if !lines.is_empty() {
            let _ = writeln!(css, "  text-decoration: {};", lines.join(" "));
        }
        if style.modifiers.bold {
            css.push_str("  font-weight: bold;\n");
        }
        if style.modifiers.italic {
            css.push_str("  font-style: italic;\n");
        }
        css.push_str("}\n");
    }
    css
}

/// Prefixes every selector of every rule with `scope` (rule heads are one line each, ending in
/// ` {`).
fn scoped(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        match line.strip_suffix(" {") {
            Some(selectors) => {
                let mut first = true;
                for selector in selectors.split(", ") {
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    let _ = write!(out, "{scope} {selector}");
                }
                out.push_str(" {\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = highlight("fn main() { let x = \"<a>\"; }\n", "rust").expect("rust is known");
        assert!(
            html.contains("<span class=\"hl-keyword\">fn</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;a&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn nested_spans_come_out_flat_and_the_text_whole() {
        let code = "let s = \"a\\n{x}\"; // 注释 <b>\n";
        let html = highlight(code, "rust").expect("rust is known");
        assert!(!html.contains("<span class=\"hl-string\"><span"), "{html}");
        let text = html
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
            .collect::<String>()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        assert_eq!(text, code);
    }

    #[test]
    fn css_has_light_and_both_dark_selectors() {
        let css = css();
        assert!(css.starts_with("/*"));
        assert!(css.contains(".hl-code {"));
        assert!(css.contains(".hl-keyword {"));
        assert!(css.contains(
            "@media (prefers-color-scheme: dark) {\n:root:not([data-theme=\"light\"]) .hl-code {"
        ));
        assert!(css.contains("\n[data-theme=\"dark\"] .hl-code {"));
        // Every dark rule is scoped; no rule head is left without its scope inside the media block.
        let media = &css[css.find("@media").unwrap_or(0)..];
        for line in media
            .lines()
            .filter(|l| l.ends_with(" {") && !l.starts_with('@'))
        {
            assert!(
                line.starts_with(":root:not") || line.starts_with("[data-theme"),
                "{line}"
            );
        }
    }
}
