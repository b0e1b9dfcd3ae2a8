//! Syntax highlighting of fenced code with class-based spans (`hl-` prefixed scope names) and the
//! matching light and dark CSS. The grammar set loads once and is shared by every thread.

use std::fmt::Write as _;
use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The class on `<pre>` that carries the theme's foreground and background.
pub const PRE_CLASS: &str = "hl-code";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Highlighted HTML (spans only, no `<pre>`), or `None` for an unknown language.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

static CSS: LazyLock<String> = LazyLock::new(build_css);

pub fn css() -> &'static str {
    &CSS
}

fn build_css() -> String {
    let themes = two_face::theme::extra();
    let light = theme_css(themes.get(EmbeddedThemeName::Github));
    let dark = theme_css(themes.get(EmbeddedThemeName::OneHalfDark));
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

/// syntect's CSS for one theme, without its comment header.
fn theme_css(theme: &syntect::highlighting::Theme) -> String {
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
    match css.find("*/") {
        Some(end) => css[end + 2..].trim_start().to_string(),
        None => css,
    }
}

/// Prefixes every selector of every rule with `scope` (syntect writes one rule head per line,
/// ending in ` {`).
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
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("&lt;a&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn css_has_light_and_both_dark_selectors() {
        let css = css();
        assert!(css.starts_with("/*"));
        assert!(css.contains(".hl-code {"));
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
