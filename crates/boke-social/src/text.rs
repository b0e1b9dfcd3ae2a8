//! A message for readers in Chinese and English; the HTTP layer answers in the language the
//! request prefers (`Accept-Language`), English by default.

use std::fmt;

/// One message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in the language `accept_language` prefers.
    pub fn for_reader(&self, accept_language: Option<&str>) -> &str {
        if prefers_chinese(accept_language) {
            &self.zh
        } else {
            &self.en
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Whether the language ranked highest in an `Accept-Language` header is Chinese.
pub fn prefers_chinese(accept_language: Option<&str>) -> bool {
    let Some(header) = accept_language else {
        return false;
    };
    let mut best: Option<(f32, bool)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if tag.is_empty() {
            continue;
        }
        let quality = parts
            .filter_map(|part| part.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, tag == "zh" || tag.starts_with("zh-")));
        }
    }
    best.is_some_and(|(quality, chinese)| chinese && quality > 0.0)
}

#[cfg(test)]
mod tests {
    use super::prefers_chinese;

    #[test]
    fn the_highest_ranked_language_decides() {
        assert!(prefers_chinese(Some("zh-CN,zh;q=0.9,en;q=0.8")));
        assert!(prefers_chinese(Some("zh-TW")));
        assert!(prefers_chinese(Some("en;q=0.5, zh-Hans;q=0.9")));
        assert!(!prefers_chinese(Some("en-US,en;q=0.9,zh;q=0.8")));
        assert!(!prefers_chinese(Some("zhx")));
        assert!(!prefers_chinese(Some("zh;q=0")));
        assert!(!prefers_chinese(None));
    }
}
