//! The operator's block list of words and patterns (`--block-words FILE`): one entry a line,
//! `#` starts a comment line, `re:` starts a regular expression (Rust `regex` syntax, as
//! written); any other line is a word or phrase matched anywhere, ignoring case. A comment
//! whose text, name, email or website matches is stored as spam.

use std::path::Path;

/// A parsed block list.
#[derive(Debug, Clone, Default)]
pub struct BlockWords {
    /// Lower-cased words and phrases.
    words: Vec<String>,
    patterns: Vec<regex::Regex>,
}

/// A line of the block list that is not a valid entry.
#[derive(Debug, thiserror::Error)]
pub enum BlockWordsError {
    #[error("cannot read the block list {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}:{line}:{column}: `{pattern}` is not a valid regular expression: {why}\n  \
         fix the pattern, or drop the `re:` prefix to block the text as written"
    )]
    Pattern {
        path: String,
        line: usize,
        column: usize,
        pattern: String,
        why: String,
    },
}

impl BlockWords {
    /// Reads the list in `path`.
    pub fn read(path: &Path) -> Result<BlockWords, BlockWordsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BlockWordsError::Read {
            path: shown.clone(),
            source,
        })?;
        BlockWords::parse(&shown, &text)
    }

    /// Parses the text of a list; `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<BlockWords, BlockWordsError> {
        let mut list = BlockWords::default();
        for (index, line) in text.lines().enumerate() {
            let entry = line.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            match entry.strip_prefix("re:") {
                Some(pattern) => {
                    let pattern = pattern.trim();
                    let compiled = regex::RegexBuilder::new(pattern)
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|error| BlockWordsError::Pattern {
                            path: path.to_owned(),
                            line: index + 1,
                            column: line.find(pattern).unwrap_or(0) + 1,
                            pattern: pattern.to_owned(),
                            why: error.to_string().lines().last().unwrap_or("").to_owned(),
                        })?;
                    list.patterns.push(compiled);
                }
                None => list.words.push(entry.to_lowercase()),
            }
        }
        Ok(list)
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.words.len() + self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any of `texts` holds a listed word or matches a listed pattern.
    pub fn matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        texts.into_iter().any(|text| {
            let lower = text.to_lowercase();
            self.words.iter().any(|word| lower.contains(word.as_str()))
                || self.patterns.iter().any(|pattern| pattern.is_match(text))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_patterns_are_as_written() {
        let list =
            BlockWords::parse("words.txt", "# spam\n代开发票\nCasino\n\nre:^\\d{11}$\n").unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.matches(["正规代开发票，联系我"]));
        assert!(list.matches(["best CASINO online"]));
        assert!(list.matches(["13800138000"]));
        assert!(
            !list.matches(["电话 13800138000 请联系"]),
            "the pattern is anchored"
        );
        assert!(!list.matches(["一篇好文章", "读者"]));
    }

    #[test]
    fn a_bad_pattern_names_its_line_and_column() {
        let error = BlockWords::parse("words.txt", "好\n  re: (unclosed\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("words.txt:2:7: `(unclosed`"), "{error}");
    }
}
