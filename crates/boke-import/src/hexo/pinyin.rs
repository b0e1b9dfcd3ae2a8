//! Post paths as hexo-permalink-pinyin rewrote them: its `post_permalink` filter passes the
//! whole path through the `transliteration` package's `slugify` (keeping `/` and `.`), so
//! `2021/03/人工智能入门/` was published as `2021/03/ren-gong-zhi-neng-ru-men/`.

use std::path::Path;

use pinyin::ToPinyin;
use serde_json::{Map, Value};

/// The plugin's settings, when the site uses it: `permalink_pinyin` in `_config.yml`, with
/// `transliteration`'s defaults (`separator: "-"`, `lowercase: true`).
#[derive(Debug, Clone)]
pub(super) struct PinyinPaths {
    separator: String,
    lowercase: bool,
}

/// The plugin is at work when `package.json` depends on it and `permalink_pinyin.enable` is
/// set, as the plugin itself checks.
pub(super) fn plugin(root: &Path, config: &Map<String, Value>) -> Option<PinyinPaths> {
    let package = std::fs::read_to_string(root.join("package.json")).ok()?;
    let package: Value = serde_json::from_str(&package).ok()?;
    let listed = ["dependencies", "devDependencies"].iter().any(|key| {
        package
            .get(key)
            .and_then(|d| d.get("hexo-permalink-pinyin"))
            .is_some()
    });
    let settings = config.get("permalink_pinyin")?;
    let enabled = settings.get("enable").and_then(Value::as_bool) == Some(true);
    (listed && enabled).then(|| PinyinPaths {
        separator: settings
            .get("separator")
            .and_then(Value::as_str)
            .unwrap_or("-")
            .to_owned(),
        lowercase: settings.get("lowercase").and_then(Value::as_bool) != Some(false),
    })
}

impl PinyinPaths {
    /// Each Han character becomes a word of toneless pinyin in its most common reading, each
    /// run of letters and digits a word, anything else (spaces, punctuation) a break; words
    /// are joined by the separator, `/` and `.` kept where they were.
    pub(super) fn rewrite(&self, path: &str) -> String {
        let mut out = String::with_capacity(path.len() * 2);
        // Whether a separator is owed before the next word.
        let mut pending = false;
        let word = |out: &mut String, text: &str, pending: bool| {
            if pending && !out.is_empty() && !out.ends_with(['/', '.']) {
                out.push_str(&self.separator);
            }
            out.push_str(text);
        };
        for c in path.chars() {
            if c == '/' || c == '.' {
                out.push(c);
                pending = false;
            } else if let Some(reading) = c.to_pinyin() {
                word(&mut out, reading.plain(), true);
                pending = true;
            } else {
                let folded = boke_markdown::hexo_slugize(&c.to_string());
                let folded: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
                if folded.is_empty() {
                    pending = true;
                } else {
                    word(&mut out, &folded, pending);
                    pending = false;
                }
            }
        }
        if self.lowercase {
            out.to_lowercase()
        } else {
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> PinyinPaths {
        PinyinPaths {
            separator: "-".into(),
            lowercase: true,
        }
    }

    #[test]
    fn han_words_and_latin_runs_are_joined_by_the_separator() {
        let paths = default();
        assert_eq!(
            paths.rewrite("2021/03/人工智能入门/"),
            "2021/03/ren-gong-zhi-neng-ru-men/"
        );
        assert_eq!(
            paths.rewrite("posts/Rust 入门，第一课.html"),
            "posts/rust-ru-men-di-yi-ke.html"
        );
        assert_eq!(paths.rewrite("AI的未来/"), "ai-de-wei-lai/");
        let kept = PinyinPaths {
            separator: "_".into(),
            lowercase: false,
        };
        assert_eq!(kept.rewrite("Go语言/"), "Go_yu_yan/");
    }
}
