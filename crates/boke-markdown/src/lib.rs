//! Markdown → HTML fragment for boke, plus what a page needs from its text: table of contents,
//! plain text, word count, reading time, summary and lint warnings, with every CJK rule applied.

mod alerts;
mod anchors;
mod autolink;
mod breaks;
mod code_cache;
mod codeblock;
mod components;
mod counts;
#[cfg(feature = "diagrams")]
mod diagram;
mod hexo_slug;
mod highlight;
mod html;
mod images;
mod leftovers;
mod lint;
mod math;
mod old_anchors;
mod pangu;
mod plain;
mod position;
mod slug;
mod summary;
mod tables;
mod tilde;
mod typography;

use comrak::{Arena, parse_document};
use serde::Serialize;

pub use anchors::slugify;
pub use code_cache::{CodeCache, CodeStore};
pub use components::{Arg, Component, fill_placeholders, holds_component};
pub use hexo_slug::hexo_slugize;
pub use images::{ImageFacts, ImageSizes};
pub use old_anchors::AnchorAliases;
pub use slug::{SlugTarget, slug};

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
    /// Accessible name of each heading's self-link, followed by `: ` and the heading text.
    /// Default: `链接到本节`.
    pub heading_anchor_label: String,
    /// Render `H~2~O` as subscript. When false, a single `~` is always text (`3~5 天`) and only
    /// `~~x~~` strikes through. Default: false.
    pub subscript: bool,
    /// The page's language (BCP 47). Alerts without a written title are titled in Chinese
    /// (注意, 提示, 重要, 警告, 小心) when it is `zh…`, in English otherwise. Default: `zh-CN`.
    pub language: String,
    /// Turn straight quotes into “” and ‘’ where they quote CJK text or stand next to it
    /// (`"能说会道"` → “能说会道”); never in code, and Latin-only quotes stay straight.
    /// Default: true.
    pub cjk_quotes: bool,
    /// Turn GitHub short codes such as `:smile:` into emoji (unknown names stay text).
    /// Default: false.
    pub emoji: bool,
    /// Render every line break inside a paragraph as `<br>` (what Hexo's `breaks: true` does);
    /// soft breaks between Chinese characters are then kept as breaks. Default: false.
    pub hard_breaks: bool,
    /// Render `==text==` as `<mark>`, highlighted text (Obsidian, Typora). Default: false.
    pub mark: bool,
    /// Render a line `: definition` under a term as a definition list (`<dl>`), as PHP
    /// Markdown Extra and Hugo do. Default: false.
    pub definition_lists: bool,
    /// Reads the pixel size of an image by its `src`, for `width` and `height`, and the smaller
    /// copies of it for `srcset`. Default: none.
    pub image_sizes: ImageSizes,
    /// Give each heading also the id another engine gave it (an empty `<span id>` inside the
    /// heading), where that differs from boke's, so old `#fragment` links still land.
    /// Default: none.
    pub anchor_aliases: Option<AnchorAliases>,
    /// Where highlighted code blocks are kept between runs. Default: none.
    pub code_cache: CodeCache,
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
            heading_anchor_label: "链接到本节".to_string(),
            subscript: false,
            language: "zh-CN".to_string(),
            cjk_quotes: true,
            emoji: false,
            mark: false,
            definition_lists: false,
            image_sizes: ImageSizes::default(),
            hard_breaks: false,
            anchor_aliases: None,
            code_cache: CodeCache::default(),
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
    /// The text without markup, one line per block, code blocks excluded.
    pub text: String,
    /// The contents of the code blocks (fenced and indented), for search.
    pub code_text: String,
    /// The text of each bold span, for search ranking.
    pub strong: Vec<String>,
    /// Han/kana characters plus Latin words, code blocks excluded (inline code counts).
    pub word_count: usize,
    /// At least 1.
    pub reading_minutes: u32,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub more_html: Option<String>,
    /// The first paragraph as plain text, cut on a character boundary with `…`.
    pub first_paragraph: String,
    pub warnings: Vec<Warning>,
    /// Whether the page holds a formula, so that a theme adds [`math_css`] only where needed.
    pub has_math: bool,
    /// The components used, nested ones included. Each stands in [`Rendered::html`] (or in
    /// its parent's body) as a placeholder that [`fill_placeholders`] replaces.
    pub components: Vec<Component>,
    /// Problems that must stop the build: malformed component tags, closing tags without an
    /// opening one.
    pub errors: Vec<Warning>,
}

/// comrak's settings for these options. Built per call: it is a handful of flags.
fn comrak_options(ours: &Options) -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    // Claims every `~x~` pair, so that only `~~x~~` strikes through; see `tilde`.
    options.extension.subscript = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.cjk_friendly_emphasis = true;
    // Formulas reach us as their source, untouched by emphasis or escapes; see `math`.
    options.extension.math_dollars = true;
    options.extension.math_latex = true;
    options.extension.math_code = true;
    // Obsidian's callout syntax is GitHub's alert syntax plus the fold markers Hugo also
    // reads (`[!NOTE]-`); see `alerts`.
    options.extension.ofm_callouts = true;
    options.extension.shortcodes = ours.emoji;
    options.extension.highlight = ours.mark;
    options.extension.description_lists = ours.definition_lists;
    options.render.hardbreaks = ours.hard_breaks;
    options.render.r#unsafe = ours.raw_html;
    options
}

/// Renders a Markdown document (front matter already removed). Safe to call from many threads
/// at once: the AST lives and dies inside the call.
///
/// Components (`{{< name key="value" >}}…{{< /name >}}`) outside code become placeholders
/// listed in [`Rendered::components`]; a document without `{{<` pays nothing for them.
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let mut rendered = if markdown.contains(components::OPEN) {
        components::render(markdown, options)
    } else {
        render_document(markdown, options, &mut anchors::UniqueIds::default())
    };
    rendered.first_paragraph = summary::cut(&rendered.first_paragraph, options.summary_chars);
    rendered
}

/// The same HTML as a fenced code block with info string `info` holding `code`.
pub fn code_block_html(code: &str, info: &str, options: &Options) -> String {
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let mut markdown = format!("{fence}{info}\n{code}");
    if !code.ends_with('\n') {
        markdown.push('\n');
    }
    markdown.push_str(&fence);
    markdown.push('\n');
    render_document(&markdown, options, &mut anchors::UniqueIds::default()).html
}

/// Sets the word count and reading time from the plain text.
fn count_words(rendered: &mut Rendered, options: &Options) {
    let words = counts::WordCount::of(&rendered.text);
    rendered.word_count = words.total();
    rendered.reading_minutes =
        words.reading_minutes(options.cjk_chars_per_minute, options.latin_words_per_minute);
}

/// Renders Markdown in which components are already placeholders; the first paragraph is
/// left whole. Heading ids are claimed from `ids`, so that the bodies of a page's components,
/// rendered one by one, never repeat an id of the page or of each other.
fn render_document(markdown: &str, options: &Options, ids: &mut anchors::UniqueIds) -> Rendered {
    let comrak_options = &comrak_options(options);
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, comrak_options);
    let source = position::Source::new(markdown);

    // The passes for rarer syntax look at the text first: posts without it pay no AST walk.
    if !options.subscript && markdown.contains('~') {
        tilde::restore_single_tildes(&arena, root);
    }
    // Lint next: it reads text nodes exactly as written.
    let mut warnings = lint::broken_emphasis(root, &source);
    if markdown.contains("{%") {
        warnings.extend(leftovers::other_engines_tags(root, &source));
    }
    let explicit_ids = if markdown.contains("{#") {
        anchors::take_explicit_ids(root)
    } else {
        anchors::ExplicitIds::default()
    };
    if markdown.contains("[!") {
        alerts::demote_unknown(&arena, root, &source);
    }
    autolink::end_bare_urls_at_cjk_punctuation(&arena, root, &source);
    if options.cjk_quotes && markdown.contains(['"', '\'']) {
        typography::curl_cjk_quotes(root);
    }
    if !options.hard_breaks {
        breaks::remove_cjk_soft_breaks(root);
    }
    if options.pangu_spacing {
        pangu::add_spacing(root);
    }
    let title = if options.extract_title {
        anchors::extract_title(root)
    } else {
        None
    };
    let toc = anchors::collect_toc(root, &explicit_ids, ids);
    let plain = plain::collect(root);

    let mut state =
        html::RenderState::new(toc, options.highlight, options.heading_anchor_label.clone());
    if let Some(style) = options.anchor_aliases {
        state.old_ids = old_anchors::aliases(&state.toc, style);
    }
    state.chinese_titles = alerts::is_chinese(&options.language);
    state.image_sizes = options.image_sizes.clone();
    state.code_cache = options.code_cache.clone();
    if math::may_hold_math(markdown) {
        let (formulas, math_warnings) = math::render_all(root, &source);
        warnings.extend(math_warnings);
        state.math = formulas;
    }
    #[cfg(feature = "diagrams")]
    if diagram::may_hold_diagram(markdown) {
        let (diagrams, diagram_warnings) = diagram::render_all(root, &source);
        warnings.extend(diagram_warnings);
        state.diagrams = diagrams;
    }
    let has_math = !state.math.is_empty();
    let (html, more_html, state) = html::render(
        root,
        comrak_options,
        state,
        markdown.len() + markdown.len() / 2,
    );

    let mut rendered = Rendered {
        html,
        title,
        toc: state.toc,
        text: plain.text,
        code_text: plain.code_text,
        strong: plain.strong,
        word_count: 0,
        reading_minutes: 1,
        more_html,
        first_paragraph: plain.first_paragraph,
        warnings,
        has_math,
        components: Vec::new(),
        errors: Vec::new(),
    };
    count_words(&mut rendered, options);
    rendered
}

/// CSS for highlighted code, light by default and dark under `prefers-color-scheme: dark`
/// (unless `data-theme="light"` is set on the root) and under `[data-theme="dark"]`.
pub fn highlight_css() -> String {
    highlight::css().to_string()
}

/// CSS for formulas (a math font stack, display formulas that scroll on narrow screens), for
/// pages whose [`Rendered::has_math`] is set.
pub fn math_css() -> &'static str {
    math::CSS
}
