//! Front matter: splitting YAML (`---`) or TOML (`+++`) from the Markdown, and reading its fields.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::diagnostic::{Diagnostic, line_column};
use crate::load::config::{find_key_line, known_keys, unknown_key};

/// The fields a post or page may set. Anything else goes under `extra`; a key written at the
/// top that no field takes (a theme's `sticky`, `top_img`, …) is kept in `extra` too, with a
/// warning naming the closest field, so posts brought from another engine build.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    #[serde(deserialize_with = "date_text")]
    pub(crate) date: Option<String>,
    #[serde(deserialize_with = "date_text")]
    pub(crate) updated: Option<String>,
    pub(crate) slug: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub(crate) tags: Vec<String>,
    /// Each a path from the top level down, levels joined by `/` (`Java/Groovy`).
    #[serde(deserialize_with = "category_paths")]
    pub(crate) categories: Vec<String>,
    pub(crate) description: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) draft: bool,
    pub(crate) lang: Option<String>,
    pub(crate) series: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub(crate) aliases: Vec<String>,
    /// Show the table of contents (default: when the post has three headings or more).
    pub(crate) toc: Option<bool>,
    /// A template of the theme to render this page with instead of the default.
    pub(crate) template: Option<String>,
    /// Shown first on the home page: `true`, or a number (higher first), as Hexo's `sticky`.
    #[serde(alias = "sticky", deserialize_with = "pin_weight")]
    pub(crate) pinned: i64,
    /// An image shown in lists and above the post; the names other themes give it too.
    #[serde(
        alias = "thumbnail",
        alias = "banner_img",
        alias = "top_img",
        alias = "image"
    )]
    pub(crate) cover: Option<String>,
    /// Free-form values for custom templates, available as `page.extra`.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// One warning for each unknown key, which is kept in `extra`.
    #[serde(skip)]
    pub(crate) warnings: Vec<Diagnostic>,
}

/// `pinned`: `true` is 1, `false` 0, a number itself.
fn pin_weight<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct Weight;
    impl<'de> Visitor<'de> for Weight {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true, false or a number")
        }

        fn visit_bool<E: de::Error>(self, value: bool) -> Result<i64, E> {
            Ok(i64::from(value))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::custom("pinned: the number is too large"))
        }

        fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
            Ok(0)
        }
    }
    deserializer.deserialize_any(Weight)
}

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    None,
    Yaml,
    Toml,
}

/// A source file cut into its front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Split<'a> {
    pub(crate) format: Format,
    /// The front matter text, without its fences.
    pub(crate) front: &'a str,
    pub(crate) body: &'a str,
    /// Lines before the body starts, to turn body lines back into file lines.
    pub(crate) body_line_offset: usize,
}

/// Cuts the front matter off `text`. An opening fence without a closing one is an error.
pub(crate) fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (format, fence) = if first_line_is(text, "---") {
        (Format::Yaml, "---")
    } else if first_line_is(text, "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: Format::None,
            front: "",
            body: text,
            body_line_offset: 0,
        });
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    for (line_number, line) in (2..).zip(text[after_open..].split_inclusive('\n')) {
        if line.trim_end() == fence {
            let front = &text[after_open..offset];
            let body = &text[offset + line.len()..];
            return Ok(Split {
                format,
                front,
                body,
                body_line_offset: line_number,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        format!("front matter opened with `{fence}` is never closed"),
    )
    .at(text, 1, 1)
    .with_hint(format!(
        "add a line with only `{fence}` after the last front matter field"
    )))
}

fn first_line_is(text: &str, fence: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|line| line.trim_end() == fence)
}

/// Parses the front matter of a split file. Line numbers in errors are file lines.
pub(crate) fn parse(
    split: &Split<'_>,
    file_text: &str,
    path: &Path,
) -> Result<FrontMatter, Diagnostic> {
    match split.format {
        Format::None => Ok(FrontMatter::default()),
        Format::Yaml => parse_yaml(split.front, file_text, path),
        Format::Toml => parse_toml(split.front, file_text, path),
    }
}

fn parse_yaml(front: &str, file_text: &str, path: &Path) -> Result<FrontMatter, Diagnostic> {
    if front.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let values = serde_saphyr::from_str::<BTreeMap<String, serde_json::Value>>(front).ok();
    let mut parsed = serde_saphyr::from_str::<FrontMatter>(front).map_err(|error| {
        let message = first_line(&error.to_string());
        let location = error
            .location()
            .map(|l| (l.line() as usize, l.column() as usize));
        // A `---` further down the body closed it: the error is in the prose, not the fields.
        if let Some(prose) = prose_line(front)
            && location.is_none_or(|(line, _)| line >= prose)
        {
            return Diagnostic::error(
                path,
                "front matter opened with `---` on line 1 is not closed before the text starts",
            )
            .at(file_text, prose + 1, 1)
            .with_hint("add a line with only `---` after the last front matter field");
        }
        front_matter_error(path, file_text, front, &message, location)
    })?;
    if let Some(values) = values {
        keep_unknown(&mut parsed, values, file_text, front, path);
    }
    Ok(parsed)
}

fn parse_toml(front: &str, file_text: &str, path: &Path) -> Result<FrontMatter, Diagnostic> {
    let mut table: toml::Table = toml::from_str(front).map_err(|error| {
        let location = error.span().map(|span| line_column(front, span.start));
        front_matter_error(path, file_text, front, error.message(), location)
    })?;
    // TOML has a date type; front matter dates are read as text like YAML's.
    for key in ["date", "updated"] {
        if let Some(toml::Value::Datetime(datetime)) = table.get(key) {
            let text = datetime.to_string();
            table.insert(key.into(), toml::Value::String(text));
        }
    }
    let values: BTreeMap<String, serde_json::Value> = table
        .iter()
        .map(|(key, value)| (key.clone(), toml_to_json(value)))
        .collect();
    let mut parsed = table
        .try_into::<FrontMatter>()
        .map_err(|error| front_matter_error(path, file_text, front, error.message(), None))?;
    keep_unknown(&mut parsed, values, file_text, front, path);
    Ok(parsed)
}

/// TOML values as JSON for `extra`, dates as their text.
fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => Value::from(*number),
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(key, value)| (key.clone(), toml_to_json(value)))
                .collect(),
        ),
    }
}

/// Keys no field takes go into `extra` (where `extra` does not already hold them), each
/// with a warning on its line naming the closest field.
fn keep_unknown(
    parsed: &mut FrontMatter,
    values: BTreeMap<String, serde_json::Value>,
    file_text: &str,
    front: &str,
    path: &Path,
) {
    let known = known_keys::<FrontMatter>();
    for (key, value) in values {
        if known.contains(&key.as_str()) {
            continue;
        }
        // The front matter starts on the file's second line, after the fence.
        let error = unknown_key(path, file_text, front, 1, &key, known);
        parsed.warnings.push(Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            message: format!("front matter: unknown field `{key}`, kept in `extra`"),
            ..error
        });
        parsed.extra.entry(key).or_insert(value);
    }
}

/// The first line of `front` (1-based) that reads as prose after a blank line rather than as a
/// field, a list item, a continuation or a comment: where a front matter left open meets the
/// post's text.
fn prose_line(front: &str) -> Option<usize> {
    let mut after_blank = false;
    for (number, line) in (1..).zip(front.lines()) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            after_blank = true;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let field = trimmed.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '"' | '\'' | ' '))
        });
        let structural = trimmed.starts_with(['#', '-', '[', '{', ']', '}']);
        if after_blank && !indented && !field && !structural {
            return Some(number);
        }
        after_blank = false;
    }
    None
}

/// Builds an error pointing into the file, finding the key's line when the parser gave none.
fn front_matter_error(
    path: &Path,
    file_text: &str,
    front: &str,
    message: &str,
    location_in_front: Option<(usize, usize)>,
) -> Diagnostic {
    // Without a location from the parser, the line of the first key the message names.
    let location = location_in_front.or_else(|| {
        let key = message.split('`').nth(1)?;
        find_key_line(front, key).map(|line| (line, 1))
    });
    let mut diagnostic = Diagnostic::error(path, format!("front matter: {message}"));
    if let Some((line, column)) = location {
        // The front matter starts on the file's second line, after the fence.
        diagnostic = diagnostic.at(file_text, line + 1, column);
    }
    diagnostic.with_hint("check the front matter syntax; custom fields go under `extra`")
}

/// The parser's message without its own "error: line 2 column 1:" prefix (we say where).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = line.strip_prefix("error:").unwrap_or(line).trim_start();
    match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((_, text)) => text.to_owned(),
        None => line.to_owned(),
    }
}

/// Accepts `tags: AI` as well as `tags: [AI, 模型]`. A visitor of our own rather than an
/// untagged enum, so that a wrong value is reported by what the field accepts, not as "data
/// did not match any variant of untagged enum".
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Names;
    impl<'de> Visitor<'de> for Names {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a name or a list of names, such as `AI` or `[AI, 模型]`")
        }

        fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
            Ok(vec![name.to_owned()])
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(name) = seq.next_element::<String>()? {
                names.push(name);
            }
            Ok(names)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(Names)
        }
    }
    deserializer.deserialize_option(Names)
}

/// Categories: `Java/Groovy` (the form boke writes) or a nested list `[[Java, Groovy]]` (the
/// form Hexo writes) is one category under another; `categories: [Java, Groovy]` is two
/// categories side by side, as `tags` are. Each comes out as its levels joined by `/`, trimmed,
/// without empty levels, so both spellings name the same category.
fn category_paths<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    /// One item of the list: a path as text, or its levels as a list.
    struct OnePath;
    impl<'de> Visitor<'de> for OnePath {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a category such as `Java/Groovy`, or its levels as a list `[Java, Groovy]`",
            )
        }

        fn visit_str<E: de::Error>(self, path: &str) -> Result<Self::Value, E> {
            Ok(category_path(path.split('/')))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut levels = Vec::new();
            while let Some(level) = seq.next_element::<String>()? {
                levels.push(level);
            }
            Ok(category_path(
                levels.iter().flat_map(|level| level.split('/')),
            ))
        }
    }
    struct PathItem(String);
    impl<'de> Deserialize<'de> for PathItem {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(OnePath).map(PathItem)
        }
    }

    struct Paths;
    impl<'de> Visitor<'de> for Paths {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a category or a list of them, such as `技术`, `[技术, 生活]` or `[Java/Groovy]`",
            )
        }

        fn visit_str<E: de::Error>(self, path: &str) -> Result<Self::Value, E> {
            Ok(vec![OnePath.visit_str(path)?])
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut paths = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(PathItem(path)) = seq.next_element()? {
                paths.push(path);
            }
            paths.retain(|path| !path.is_empty());
            Ok(paths)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(Paths)
        }
    }
    deserializer.deserialize_option(Paths)
}

/// Levels joined by `/`, each trimmed, empty ones left out.
fn category_path<'a>(levels: impl Iterator<Item = &'a str>) -> String {
    let levels: Vec<&str> = levels
        .map(str::trim)
        .filter(|level| !level.is_empty())
        .collect();
    levels.join("/")
}

/// Dates stay text here and are parsed with the site's time zone later. A visitor of our own
/// for the same reason as [`one_or_many`].
fn date_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct DateText;
    impl<'de> Visitor<'de> for DateText {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date such as `2026-01-05` or `2026-01-05T20:00:00+08:00`")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(text.to_owned()))
        }

        fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
            Ok(Some(number.to_string()))
        }

        fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
            Ok(Some(number.to_string()))
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(DateText)
        }
    }
    deserializer.deserialize_option(DateText)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> Result<FrontMatter, Diagnostic> {
        let path = Path::new("post.md");
        let split = split(text, path)?;
        parse(&split, text, path)
    }

    #[test]
    fn yaml_front_matter() {
        let text =
            "---\ntitle: 你好\ndate: 2026-01-02\ntags: [AI, 模型]\ncategories: 技术\n---\n正文\n";
        let split = split(text, Path::new("a.md")).ok();
        assert_eq!(split.as_ref().map(|s| s.body), Some("正文\n"));
        assert_eq!(split.map(|s| s.body_line_offset), Some(6));
        let fm = front(text).unwrap_or_default();
        assert_eq!(fm.title.as_deref(), Some("你好"));
        assert_eq!(fm.date.as_deref(), Some("2026-01-02"));
        assert_eq!(fm.tags, ["AI", "模型"]);
        assert_eq!(fm.categories, ["技术"]);
    }

    #[test]
    fn a_category_under_another_is_written_with_a_slash_or_as_a_list() {
        let slash = front("---\ncategories: [Java/Groovy, 生活]\n---\n").expect("valid");
        assert_eq!(slash.categories, ["Java/Groovy", "生活"]);
        let nested = front("---\ncategories: [[Java, Groovy], 生活]\n---\n").expect("valid");
        assert_eq!(nested.categories, slash.categories);
        let loose = front("---\ncategories: ' Java / Groovy/ '\n---\n").expect("valid");
        assert_eq!(loose.categories, ["Java/Groovy"]);
        let toml = front("+++\ncategories = [[\"Java\", \"Groovy\"]]\n+++\n").expect("valid");
        assert_eq!(toml.categories, ["Java/Groovy"]);
        let empty = front("---\ncategories: ['/', []]\n---\n").expect("valid");
        assert!(empty.categories.is_empty());
    }

    #[test]
    fn toml_front_matter_with_native_date() {
        let text =
            "+++\ntitle = \"Hello\"\ndate = 2026-01-02T10:00:00+08:00\ndraft = true\n+++\nbody";
        let fm = front(text).unwrap_or_default();
        assert_eq!(fm.title.as_deref(), Some("Hello"));
        assert_eq!(fm.date.as_deref(), Some("2026-01-02T10:00:00+08:00"));
        assert!(fm.draft);
    }

    #[test]
    fn no_front_matter() {
        let text = "# 标题\n\n正文";
        let split = split(text, Path::new("a.md")).ok();
        assert_eq!(
            split.map(|s| (s.format, s.body_line_offset)),
            Some((Format::None, 0))
        );
    }

    #[test]
    fn broken_yaml_points_at_the_file_line() {
        let text = "---\ntitle: ok\ntags: [unclosed\n---\nbody";
        let error = front(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("post.md:"), "{error}");
        assert!(error.contains("front matter"), "{error}");
        let line: usize = error
            .split("post.md:")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!((3..=5).contains(&line), "line {line} in {error}");
    }

    #[test]
    fn pinned_takes_true_or_a_number_and_sticky_and_cover_names_are_read() {
        let fm = front("---\nsticky: 3\nthumbnail: /a.png\n---\n").expect("parses");
        assert_eq!((fm.pinned, fm.cover.as_deref()), (3, Some("/a.png")));
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
        let fm = front("+++\npinned = true\ncover = \"c.jpg\"\n+++\n").expect("parses");
        assert_eq!((fm.pinned, fm.cover.as_deref()), (1, Some("c.jpg")));
        assert_eq!(
            front("---\npinned: false\n---\n").map(|f| f.pinned).ok(),
            Some(0)
        );
        let error = front("---\ntitle: a\npinned: yes please\n---\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("post.md:3"), "{error}");
    }

    #[test]
    fn unknown_field_is_a_warning_kept_in_extra() {
        for text in [
            "---\ntitle: a\ntgas: [x]\ncomments: 1\nextra: {comments: 2}\n---\n",
            "+++\ntitle = \"a\"\ntgas = [\"x\"]\ncomments = 1\n[extra]\ncomments = 2\n+++\n",
        ] {
            let fm = front(text).expect("unknown keys do not fail the page");
            let warnings: Vec<String> = fm.warnings.iter().map(ToString::to_string).collect();
            assert_eq!(warnings.len(), 2, "{warnings:?}");
            assert!(warnings[1].contains("post.md:3:"), "{warnings:?}");
            assert!(warnings[1].contains("did you mean `tags`?"), "{warnings:?}");
            assert!(fm.warnings.iter().all(|w| !w.is_error()));
            assert_eq!(fm.extra.get("tgas"), Some(&serde_json::json!(["x"])));
            // A key the page's own `extra` sets wins over the same key at the top.
            assert_eq!(fm.extra.get("comments"), Some(&serde_json::json!(2)));
        }
    }

    #[test]
    fn a_wrong_value_says_what_the_field_accepts() {
        for text in [
            "---\ntitle: a\ntags: {a: 1}\n---\n",
            "+++\ntitle = \"a\"\ntags = { a = 1 }\n+++\n",
        ] {
            let error = front(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("a name or a list of names"), "{error}");
            assert!(!error.contains("untagged"), "{error}");
        }
        let error = front("---\ndate: [2026]\n---\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("a date such as"), "{error}");
        let fm = front("---\ntags: AI\ndate: 2026\ncategories:\n---\n").expect("valid");
        assert_eq!(fm.tags, ["AI"]);
        assert_eq!(fm.date.as_deref(), Some("2026"));
        assert!(fm.categories.is_empty());
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        let error = front("---\ntitle: a\nbody").err().map(|e| e.message);
        assert_eq!(
            error.as_deref(),
            Some("front matter opened with `---` is never closed")
        );
    }
}
