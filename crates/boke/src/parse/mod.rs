//! The parse stage: one source file → one page (front matter, Markdown rendered, slug, date,
//! URL, counts, summary). Pure and per page, so it runs in parallel.

pub(crate) mod dates;
pub(crate) mod frontmatter;
pub(crate) mod images;
pub(crate) mod keywords;
pub(crate) mod links;
pub(crate) mod slug;
pub(crate) mod variants;

use std::path::{Component, Path};
use std::sync::{Arc, Mutex};

use boke_markdown::TocEntry;
use jiff::ZonedDateTime;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::load::config::Config;
use crate::load::{CACHE_DIR, Source};
use frontmatter::FrontMatter;
use slug::{encode_path, slugify};

/// Posts live under this folder of `content/`; everything else is a standalone page.
pub(crate) const POSTS_DIR: &str = "posts";

/// The site path of the page a server shows for a missing URL: `content/404.md` or the theme's
/// default. Not a page readers look for, so it is left out of the sitemap, search and llms.txt.
pub(crate) const NOT_FOUND_PATH: &str = "/404.html";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PageKind {
    Post,
    Page,
}

/// Where a page stands in the site: everything [`assemble`](crate::assemble) orders, files,
/// checks and ranks related posts by, and what picks its template and language. An edit that
/// leaves it `==` leaves the site around the page as it was, so `serve` swaps the page in
/// place; a new field that moves a page, or changes which lists show it, belongs here, where it
/// is compared without anyone having to list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Placement {
    pub(crate) kind: PageKind,
    /// The folder of a post kept as a bundle (`posts/a/index.md`), relative to `content/`.
    pub(crate) bundle_dir: Option<std::path::PathBuf>,
    /// Site path, not encoded: `/posts/人工智能/`. Output goes to `<path>index.html`.
    pub(crate) path: String,
    /// `path` percent-encoded, for links.
    pub(crate) url: String,
    pub(crate) date: Option<ZonedDateTime>,
    pub(crate) draft: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) series: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) template: Option<String>,
    pub(crate) lang: String,
    /// What a post is about, for related posts: lowercased keywords and their weights. Found
    /// while parsing, so that they are made in parallel and kept in the build cache.
    pub(crate) keywords: Vec<(String, f64)>,
}

/// One post or standalone page, ready to be placed in the site: its [`Placement`] and what it
/// shows. Serializable for the build cache, which stores it without its Markdown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Page {
    pub(crate) placement: Placement,
    /// Source file relative to the site root.
    pub(crate) source: std::path::PathBuf,
    pub(crate) title: String,
    pub(crate) slug: String,
    pub(crate) updated: Option<ZonedDateTime>,
    pub(crate) description: Option<String>,
    /// HTML summary for lists.
    pub(crate) summary_html: String,
    /// Plain-text summary for meta descriptions and feeds.
    pub(crate) summary_text: String,
    pub(crate) content: String,
    #[serde(with = "toc_serde")]
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) show_toc: bool,
    /// Front matter `pinned` (or `sticky`): above 0, the home page lists the post first.
    #[serde(default)]
    pub(crate) pinned: i64,
    /// URL of the cover image, when the front matter names one.
    #[serde(default)]
    pub(crate) cover: Option<String>,
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: u32,
    /// Whether the body holds a formula: the theme links the math CSS only then.
    #[serde(default)]
    pub(crate) has_math: bool,
    /// Whether the summary holds a formula, and a component: a list showing it links the
    /// math and component CSS.
    #[serde(default)]
    pub(crate) summary_has_math: bool,
    #[serde(default)]
    pub(crate) summary_has_components: bool,
    /// The components the body uses, nested ones included; `content` and `summary_html` hold
    /// their placeholders until the render stage expands them
    /// (`render::components`), which sets `depends_on`. Lines count from the file's start.
    #[serde(default)]
    pub(crate) components: Vec<boke_markdown::Component>,
    /// The image files the body shows whose sizes and copies it holds.
    #[serde(default)]
    pub(crate) images: Vec<images::ImageUse>,
    /// Files under `content/` that the expanded components read (pages a `link` shows, files
    /// an `include` shows), relative to it: an edit to one changes this page.
    #[serde(skip)]
    pub(crate) depends_on: Vec<std::path::PathBuf>,
    #[serde(with = "json_text")]
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// Body text without markup, for search and keywords.
    pub(crate) text: String,
    pub(crate) code_text: String,
    /// The text of each bold span, which search ranks above the body.
    #[serde(default)]
    pub(crate) strong: Vec<String>,
    /// The original Markdown file, for the `index.md` mirror.
    #[serde(skip)]
    pub(crate) markdown: std::sync::Arc<str>,
    /// A hash of everything the page was parsed from (file, text, the modification time when
    /// it dates the post, and for a folder post the HTML, which holds the sizes of the images
    /// beside it), so that `serve` can tell an edited page from an unchanged one without
    /// comparing whole texts.
    pub(crate) source_hash: u64,
    /// The post has no date of its own and is dated by its file's modification time: the one
    /// case where the time, not only the text, makes the page.
    pub(crate) dated_by_file_time: bool,
}

impl Page {
    pub(crate) fn is_post(&self) -> bool {
        self.placement.kind == PageKind::Post
    }

    /// Whether the build writes a Markdown copy of the page: every post and page but the 404
    /// page, which no reader asks for by its URL.
    pub(crate) fn has_mirror(&self) -> bool {
        self.placement.path != NOT_FOUND_PATH
    }
}

/// Han characters among the letters of a text at most this share (1 in 20) make it Latin.
const HAN_SHARE_OF_LATIN_TEXT: usize = 20;
/// Fewer letters than this say too little to tell.
const LETTERS_TO_TELL: usize = 20;

/// `en` for a text (title and body, without code) on a Chinese site whose letters are almost
/// all Latin: fewer than 5% Han characters among them, the rest of Chinese posts quoting an
/// English term or two staying far above it.
fn latin_language(title: &str, text: &str, site_language: &str) -> Option<&'static str> {
    if !site_language.to_ascii_lowercase().starts_with("zh") {
        return None;
    }
    let (mut han, mut latin) = (0usize, 0usize);
    for c in title.chars().chain(text.chars()) {
        if boke_cjk::is_han(c) {
            han += 1;
        } else if c.is_alphabetic() && (c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)) {
            latin += 1;
        }
    }
    let letters = han + latin;
    (letters >= LETTERS_TO_TELL && han * HAN_SHARE_OF_LATIN_TEXT < letters).then_some("en")
}

/// A cover as pages link it: a site path or URL as written, a bare name beside the page.
fn cover_url(cover: &str, page_url: &str) -> String {
    let cover = cover.trim();
    if cover.starts_with('/') || cover.starts_with("http://") || cover.starts_with("https://") {
        cover.to_owned()
    } else {
        format!("{page_url}{}", cover.trim_start_matches("./"))
    }
}

/// What parsing one file produced: the page and the warnings about it.
pub(crate) struct Parsed {
    pub(crate) page: Page,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Parses one source file. All problems found in it are returned together.
pub(crate) fn parse(source: &Source, config: &Config) -> Result<Parsed, Vec<Diagnostic>> {
    parse_with(source, config, &boke_markdown::CodeCache::default())
}

/// [`parse`], taking highlighted code blocks from `code` where it has them.
pub(crate) fn parse_with(
    source: &Source,
    config: &Config,
    code: &boke_markdown::CodeCache,
) -> Result<Parsed, Vec<Diagnostic>> {
    let path = &source.path;
    let split = frontmatter::split(&source.text, path).map_err(|d| vec![d])?;
    let mut front: FrontMatter =
        frontmatter::parse(&split, &source.text, path).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut warnings = std::mem::take(&mut front.warnings);
    let time_zone = config.time_zone();

    let kind = if source.content_path.starts_with(POSTS_DIR) {
        PageKind::Post
    } else {
        PageKind::Page
    };
    let (stem, bundle_dir) = file_stem(&source.content_path);
    let date_prefix = dates::split_date_prefix(&stem);
    let name = date_prefix
        .map_or(stem.as_str(), |(_, rest)| rest)
        .to_owned();

    let date_error = |key: &str, message: String| {
        let line = crate::load::config::find_key_line(split.front, key).map_or(1, |l| l + 1);
        Diagnostic::error(path, format!("front matter: {message}"))
            .at(&source.text, line, 1)
            .with_hint("write dates as 2026-01-05, 2026-01-05 10:30 or 2026-01-05T10:30:00+08:00")
    };
    let dated_by_file_time =
        front.date.is_none() && date_prefix.is_none() && kind == PageKind::Post;
    let date = match (&front.date, date_prefix) {
        (Some(text), _) => match dates::parse(text, &time_zone) {
            Ok(date) => Some(date),
            Err(message) => {
                errors.push(date_error("date", message));
                None
            }
        },
        (None, Some((date, _))) => date.to_zoned_datetime(time_zone.clone()).ok(),
        (None, None) if kind == PageKind::Post => {
            warnings.push(
                Diagnostic::warning(path, "no date: using the file's modification time")
                    .with_hint("add `date: YYYY-MM-DD` to the front matter or a YYYY-MM-DD- prefix to the file name"),
            );
            jiff::Timestamp::try_from(source.modified)
                .ok()
                .map(|t| t.to_zoned_datetime(time_zone.clone()))
        }
        (None, None) => None,
    };
    let updated = match &front.updated {
        Some(text) => match dates::parse(text, &time_zone) {
            Ok(updated) => Some(updated),
            Err(message) => {
                errors.push(date_error("updated", message));
                None
            }
        },
        None => None,
    };

    let mut options = config.markdown_options();
    options.code_cache = code.clone();
    options.extract_title = front.title.is_none();
    if let Some(lang) = &front.lang {
        options.language = lang.clone();
    }
    let seen_images = Arc::new(Mutex::new(images::Seen::default()));
    options.image_sizes = images::lookup(
        images::ImageDirs {
            bundle: bundle_dir.as_ref().map(|_| source.folder.clone()),
            roots: vec![
                source.root.join(&config.static_dir),
                source.root.join(&config.content_dir),
            ],
            cache: source.root.join(CACHE_DIR).join(variants::CACHE_SUBDIR),
        },
        Arc::clone(&seen_images),
    );
    let mut rendered = boke_markdown::render(split.body, &options);
    // A post that does not say its language and is written almost all in Latin letters on a
    // Chinese site is English: rendered again, its alerts get English titles.
    let detected = front
        .lang
        .is_none()
        .then(|| {
            latin_language(
                front.title.as_deref().unwrap_or_default(),
                &rendered.text,
                &config.language,
            )
        })
        .flatten();
    if let Some(lang) = detected {
        options.language = lang.to_owned();
        *seen_images.lock().unwrap_or_else(|e| e.into_inner()) = images::Seen::default();
        rendered = boke_markdown::render(split.body, &options);
    }
    let seen_images = std::mem::take(&mut *seen_images.lock().unwrap_or_else(|e| e.into_inner()));
    for (image, problem) in &seen_images.problems {
        warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "cannot make smaller copies of {}: {problem}",
                    image.strip_prefix(&source.root).unwrap_or(image).display()
                ),
            )
            .with_hint("the page shows the image as it is; check that the file is a whole PNG, JPEG or WebP image"),
        );
    }
    for error in &rendered.errors {
        errors.push(
            Diagnostic::error(path, error.message.clone())
                .at(&source.text, error.line + split.body_line_offset, error.column)
                .with_hint("write components as {{< name key=\"value\" >}}…{{< /name >}}; to show the syntax as text, write {{</* name */>}}"),
        );
    }
    for component in &mut rendered.components {
        component.line += split.body_line_offset;
    }
    for warning in &rendered.warnings {
        let line = warning.line + split.body_line_offset;
        warnings.push(Diagnostic::warning(path, warning.message.clone()).at(
            &source.text,
            line,
            warning.column,
        ));
    }

    let title = front
        .title
        .clone()
        .or_else(|| rendered.title.clone())
        .unwrap_or_else(|| name.clone());
    let slug = match &front.slug {
        Some(slug) => slug.trim_matches('/').to_owned(),
        None => slugify(&name, config.slug_style),
    };
    let site_path = match kind {
        PageKind::Post => permalink(
            &config.permalink,
            &slug,
            date.as_ref(),
            &front.categories,
            config,
        ),
        PageKind::Page => page_path(&source.content_path, &slug),
    };

    let summary_text = front
        .description
        .clone()
        .or_else(|| front.summary.clone())
        .unwrap_or_else(|| rendered.first_paragraph.clone());
    let summary_html = match (&rendered.more_html, &front.summary, &front.description) {
        (Some(more), _, _) => links::for_lists(more, &encode_path(&site_path)),
        (None, Some(summary), _) | (None, None, Some(summary)) => {
            format!("<p>{}</p>", minijinja::HtmlEscape(summary))
        }
        (None, None, None) => format!(
            "<p>{}</p>",
            minijinja::HtmlEscape(&rendered.first_paragraph)
        ),
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    let keywords = match kind {
        PageKind::Post => crate::parse::keywords::keywords(&title, &summary_text, &rendered.text),
        PageKind::Page => Vec::new(),
    };
    // The HTML holds the sizes and copies of the page's images, which change without the text.
    let holds_images = bundle_dir.is_some() || !seen_images.uses.is_empty();
    let source_hash = source_hash(
        source,
        dated_by_file_time,
        holds_images.then_some(rendered.html.as_str()),
    );
    let placement = Placement {
        kind,
        bundle_dir,
        url: encode_path(&site_path),
        path: site_path,
        date,
        draft: front.draft,
        tags: dedup(front.tags),
        categories: dedup(front.categories),
        series: front.series,
        aliases: front.aliases,
        template: front.template,
        lang: front
            .lang
            .or_else(|| detected.map(str::to_owned))
            .unwrap_or_else(|| config.language.clone()),
        keywords,
    };
    // `boke import` keeps other themes' cover and sticky keys under `extra`.
    let imported = |key: &str| front.extra.get(key);
    let pinned = if front.pinned != 0 {
        front.pinned
    } else {
        match imported("sticky") {
            Some(serde_json::Value::Bool(true)) => 1,
            Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
            _ => 0,
        }
    };
    let cover = front
        .cover
        .clone()
        .or_else(|| {
            imported("cover")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .filter(|cover| !cover.trim().is_empty())
        .map(|cover| cover_url(&cover, &placement.url));
    // Ten thousand pages live until the build ends: the slack of strings grown by doubling
    // would be a third of the build's memory.
    for text in [
        &mut rendered.html,
        &mut rendered.text,
        &mut rendered.code_text,
    ] {
        text.shrink_to_fit();
    }
    let page = Page {
        placement,
        pinned,
        cover,
        source: path.clone(),
        title,
        slug,
        updated,
        description: front.description.or(front.summary),
        summary_has_math: rendered.has_math && summary_html.contains("<math"),
        summary_has_components: boke_markdown::holds_component(&summary_html),
        summary_html,
        summary_text,
        show_toc: front.toc.unwrap_or(rendered.toc.len() >= 3),
        toc: rendered.toc,
        content: rendered.html,
        word_count: rendered.word_count,
        reading_minutes: rendered.reading_minutes,
        has_math: rendered.has_math,
        components: rendered.components,
        images: seen_images.uses,
        depends_on: Vec::new(),
        extra: front.extra,
        text: rendered.text,
        code_text: rendered.code_text,
        strong: rendered.strong,
        markdown: std::sync::Arc::clone(&source.text),
        source_hash,
        dated_by_file_time,
    };
    Ok(Parsed { page, warnings })
}

fn source_hash(source: &Source, dated_by_file_time: bool, read_beside: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    source.content_path.hash(&mut hasher);
    source.text.hash(&mut hasher);
    if dated_by_file_time {
        source.modified.hash(&mut hasher);
    }
    read_beside.hash(&mut hasher);
    hasher.finish()
}

/// The folder of a folder post (`posts/a/index.md` → `posts/a`), relative to `content/`.
pub(crate) fn bundle_dir(content_path: &Path) -> Option<std::path::PathBuf> {
    file_stem(content_path).1
}

/// The name a file gives its page: `posts/a.md` → `a`; a bundle `posts/a/index.md` → `a`.
fn file_stem(content_path: &Path) -> (String, Option<std::path::PathBuf>) {
    let stem = content_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem == "index"
        && let Some(parent) = content_path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        let name = parent
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        return (name.to_owned(), Some(parent.to_path_buf()));
    }
    (stem.to_owned(), None)
}

/// Fills a permalink pattern such as `/:year/:month/:slug/`.
fn permalink(
    pattern: &str,
    slug: &str,
    date: Option<&ZonedDateTime>,
    categories: &[String],
    config: &Config,
) -> String {
    let (year, month, day) = date.map_or((String::new(), String::new(), String::new()), |d| {
        (
            d.strftime("%Y").to_string(),
            d.strftime("%m").to_string(),
            d.strftime("%d").to_string(),
        )
    });
    // A category under another is a folder under its parent's, as Hexo's `:category` is.
    let category = categories
        .first()
        .map(|path| {
            let levels: Vec<String> = path
                .split('/')
                .map(|level| slugify(level, config.slug_style))
                .collect();
            levels.join("/")
        })
        .unwrap_or_else(|| "uncategorized".into());
    let mut path = pattern
        .replace(":year", &year)
        .replace(":month", &month)
        .replace(":day", &day)
        .replace(":category", &category)
        .replace(":slug", slug);
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    if !path.ends_with('/') && !path.ends_with(".html") {
        path.push('/');
    }
    path
}

/// Standalone pages keep their folder: `about.md` → `/about/`, `docs/x.md` → `/docs/x/`,
/// `docs/index.md` → `/docs/`; a front matter slug renames the last part.
fn page_path(content_path: &Path, slug: &str) -> String {
    let mut parts: Vec<String> = content_path
        .with_extension("")
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.last().is_some_and(|last| last == "index") {
        parts.pop();
    }
    if parts.as_slice() == ["404"] {
        return NOT_FOUND_PATH.into();
    }
    if let Some(last) = parts.last_mut() {
        *last = slug.to_owned();
    }
    let mut path = String::from("/");
    for part in parts {
        path.push_str(&part);
        path.push('/');
    }
    path
}

fn dedup(mut values: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    values.retain(|value| !value.trim().is_empty() && seen.insert(value.clone()));
    values
}

/// Front matter's free-form `extra` as JSON text, for the build cache: its binary format
/// must know each value's shape before reading it, and free-form values have none.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _, ser::Error as _};

    type Extra = serde_json::Map<String, serde_json::Value>;

    pub(crate) fn serialize<S: Serializer>(
        extra: &Extra,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(extra).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Extra, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(D::Error::custom)
    }
}

/// Table of contents entries through serde, for the build cache.
mod toc_serde {
    use boke_markdown::TocEntry;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(remote = "TocEntry")]
    struct Entry {
        level: u8,
        id: String,
        text: String,
    }

    pub(crate) fn serialize<S: Serializer>(
        toc: &[TocEntry],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Borrowed<'a>(#[serde(with = "Entry")] &'a TocEntry);
        serializer.collect_seq(toc.iter().map(Borrowed))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<TocEntry>, D::Error> {
        #[derive(Deserialize)]
        struct Owned(#[serde(with = "Entry")] TocEntry);
        let entries = Vec::<Owned>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|Owned(entry)| entry).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(content_path: &str, text: &str) -> Source {
        Source {
            path: Path::new("content").join(content_path),
            content_path: content_path.into(),
            text: text.into(),
            modified: std::time::SystemTime::UNIX_EPOCH,
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
        }
    }

    fn parse_ok(content_path: &str, text: &str) -> Option<Page> {
        parse(&source(content_path, text), &Config::default())
            .ok()
            .map(|p| p.page)
    }

    #[test]
    fn title_from_heading_and_date_from_file_name() {
        let page = parse_ok(
            "posts/2026-01-05-2026-ai-trends.md",
            "# 2026年AI发展趋势\n\n正文。\n",
        );
        let page = page.as_ref();
        assert_eq!(page.map(|p| p.title.as_str()), Some("2026年AI发展趋势"));
        assert_eq!(page.map(|p| p.slug.as_str()), Some("2026-ai-trends"));
        assert_eq!(
            page.map(|p| p.placement.path.as_str()),
            Some("/posts/2026-ai-trends/")
        );
        let date = page
            .and_then(|p| p.placement.date.as_ref())
            .map(dates::rfc3339);
        assert_eq!(date.as_deref(), Some("2026-01-05T00:00:00+08:00"));
    }

    #[test]
    fn chinese_file_name_url_is_encoded() {
        let page = parse_ok("posts/人工智能.md", "---\ndate: 2026-02-01\n---\n正文");
        assert_eq!(
            page.as_ref().map(|p| p.placement.path.as_str()),
            Some("/posts/人工智能/")
        );
        assert_eq!(
            page.as_ref().map(|p| p.placement.url.as_str()),
            Some("/posts/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/")
        );
        assert_eq!(page.map(|p| p.title), Some("人工智能".to_owned()));
    }

    #[test]
    fn permalink_pattern_with_date() {
        let config = Config {
            permalink: "/:year/:month/:slug/".into(),
            ..Config::default()
        };
        let page = parse(
            &source("posts/a.md", "---\ndate: 2026-03-09\n---\nx"),
            &config,
        )
        .ok();
        assert_eq!(
            page.map(|p| p.page.placement.path),
            Some("/2026/03/a/".to_owned())
        );
    }

    #[test]
    fn standalone_pages() {
        assert_eq!(
            parse_ok("about.md", "# 关于\n").map(|p| p.placement.path),
            Some("/about/".into())
        );
        assert_eq!(
            parse_ok("404.md", "# 找不到\n").map(|p| p.placement.path),
            Some("/404.html".into())
        );
        assert_eq!(
            parse_ok("docs/index.md", "x").map(|p| p.placement.path),
            Some("/docs/".into())
        );
    }

    #[test]
    fn bad_date_error_points_at_line() {
        let result = parse(
            &source("posts/a.md", "---\ntitle: a\ndate: 2026-13-01\n---\nx"),
            &Config::default(),
        );
        let message = result
            .err()
            .map(|e| e.iter().map(ToString::to_string).collect::<String>())
            .unwrap_or_default();
        assert!(message.contains("content/posts/a.md:3:1"), "{message}");
        assert!(message.contains("2026-13-01"), "{message}");
    }

    #[test]
    fn missing_date_warns() {
        let parsed = parse(&source("posts/a.md", "x"), &Config::default()).ok();
        let warnings: Vec<String> = parsed
            .map(|p| p.warnings.iter().map(|w| w.message.clone()).collect())
            .unwrap_or_default();
        assert!(
            warnings.iter().any(|w| w.contains("modification time")),
            "{warnings:?}"
        );
    }
}
