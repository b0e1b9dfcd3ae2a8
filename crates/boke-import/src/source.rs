//! Reading one Markdown source of the old site: BOMs off, front matter (YAML, TOML, or
//! Hexo's YAML without an opening fence) cut from the body and parsed into JSON values.

use std::path::Path;

use serde_json::{Map, Value};

/// A source file cut into its front matter and body.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceText {
    pub(crate) front: Map<String, Value>,
    pub(crate) body: String,
    /// 1-based file line on which the body starts.
    pub(crate) body_line: usize,
    /// Why the front matter could not be read, when it could not.
    pub(crate) front_error: Option<String>,
    /// How many byte order marks were taken off the start.
    pub(crate) boms: usize,
}

/// Whether a file name is an editor's leftover rather than a post: `#x.md#`, `.#x.md`,
/// `x.md~`, `x.swp`, `.DS_Store`.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == ".DS_Store"
        || name == "Thumbs.db"
}

/// Notes `relative` among the skipped files when it is an editor's leftover (`shown` is how the
/// report names it); says whether it was.
pub(crate) fn skip_editor_temp(
    relative: &Path,
    shown: &Path,
    skipped: &mut Vec<crate::report::Note>,
) -> bool {
    let name = relative
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let temp = is_editor_temp(name);
    if temp {
        crate::report::Report::note(skipped, shown, "an editor's temporary file");
    }
    temp
}

/// Whether `pattern`, with the post's own variable already written as `:slug`, uses only the
/// variables boke's `permalink` has (`:year`, `:month`, `:day`, `:slug`).
pub(crate) fn boke_can_express(pattern: &str) -> bool {
    !pattern
        .replace(":year", "")
        .replace(":month", "")
        .replace(":day", "")
        .replace(":slug", "")
        .contains(':')
}

/// A config value as text, unless it is missing or blank.
pub(crate) fn non_blank_text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(text_of)
        .filter(|text| !text.trim().is_empty())
}

/// Whether a path names a Markdown file either engine renders.
pub(crate) fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

pub(crate) fn split(raw: &str) -> SourceText {
    let mut text = raw;
    let mut boms = 0;
    while let Some(rest) = text.strip_prefix('\u{feff}') {
        text = rest;
        boms += 1;
    }
    let text = text.strip_prefix("\r\n").map_or(text, |_| text);
    let first = text.lines().next().unwrap_or("").trim_end();
    let fence = match first {
        "---" => Some("---"),
        "+++" => Some("+++"),
        _ => None,
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (front_text, body_start, format) = match fence {
        Some(fence) => match lines
            .iter()
            .skip(1)
            .position(|line| line.trim_end() == fence)
        {
            Some(close) => (lines[1..=close].concat(), close + 2, fence),
            None => (String::new(), 0, "none"),
        },
        // Hexo reads `key: value` lines ended by `---` without an opening fence.
        None => match lines.iter().position(|line| line.trim_end() == "---") {
            Some(close)
                if close > 0
                    && lines[..close].iter().all(|line| {
                        let line = line.trim_end();
                        line.is_empty()
                            || line.starts_with([' ', '\t', '-', '#'])
                            || line.contains(':')
                    })
                    && lines[0].contains(':') =>
            {
                (lines[..close].concat(), close + 1, "---")
            }
            _ => (String::new(), 0, "none"),
        },
    };
    let body = lines[body_start..].concat();
    let mut parsed = SourceText {
        body,
        body_line: body_start + 1,
        boms,
        ..SourceText::default()
    };
    let result = match format {
        "---" => parse_yaml(&front_text),
        "+++" => parse_toml(&front_text),
        _ => Ok(Map::new()),
    };
    match result {
        Ok(front) => parsed.front = front,
        Err(message) => parsed.front_error = Some(message),
    }
    parsed
}

fn parse_yaml(text: &str) -> Result<Map<String, Value>, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    // Tabs for indentation are common in hand-written Hexo front matter and fatal to YAML.
    let text = text.replace('\t', "  ");
    match serde_saphyr::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(format!("front matter is not a mapping: {other}")),
        Err(error) => Err(error.to_string().lines().next().unwrap_or("").to_owned()),
    }
}

fn parse_toml(text: &str) -> Result<Map<String, Value>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    Ok(toml_to_json(toml::Value::Table(table))
        .as_object()
        .cloned()
        .unwrap_or_default())
}

/// TOML values as JSON, dates as their text.
pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A front matter value as plain text: strings as they are, numbers and booleans written out.
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_boms_and_yaml() {
        let parsed = split("\u{feff}\u{feff}---\ntitle: 你好\ntags: [1, a]\n---\nbody\n");
        assert_eq!(parsed.boms, 2);
        assert_eq!(parsed.front["title"], "你好");
        assert_eq!(parsed.body, "body\n");
        assert_eq!(parsed.body_line, 5);
    }

    #[test]
    fn hexo_front_matter_without_opening_fence() {
        let parsed = split("title: a\ndate: 2020-01-01\n---\n正文\n");
        assert_eq!(parsed.front["title"], "a");
        assert_eq!(parsed.body, "正文\n");
    }

    #[test]
    fn toml_front_matter() {
        let parsed = split("+++\ntitle = \"x\"\ndate = 2021-02-03T04:05:06Z\n+++\nhi");
        assert_eq!(parsed.front["date"], "2021-02-03T04:05:06Z");
    }

    #[test]
    fn no_front_matter_and_a_rule_later() {
        let parsed = split("# 标题\n\n---\n\ntext");
        assert!(parsed.front.is_empty());
        assert!(parsed.body.starts_with("# 标题"));
    }

    #[test]
    fn temp_files() {
        assert!(is_editor_temp("#a.md#"));
        assert!(is_editor_temp(".#a.md"));
        assert!(is_editor_temp("a.md~"));
        assert!(!is_editor_temp("a.md"));
    }
}
