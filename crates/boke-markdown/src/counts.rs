//! Word counts and reading time: each Han or kana character is a word, a run of letters or
//! digits of a spaced script is a word, punctuation is not a word.

use boke_cjk::{is_cjk_word, is_spaced_word_char};

/// Words of a text, split by kind because they are read at different speeds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WordCount {
    /// Han and kana characters.
    pub cjk: usize,
    /// Runs of letters and digits of spaced scripts (Latin, Cyrillic, Hangul, ...).
    pub spaced: usize,
}

impl WordCount {
    pub fn of(text: &str) -> Self {
        let mut count = Self::default();
        let mut in_word = false;
        for c in text.chars() {
            // ASCII first: it needs none of the Unicode tables `is_alphanumeric` searches.
            let spaced = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else if is_cjk_word(c) {
                count.cjk += 1;
                false
            } else {
                is_spaced_word_char(c)
            };
            if spaced && !in_word {
                count.spaced += 1;
            }
            in_word = spaced;
        }
        count
    }

    pub fn total(self) -> usize {
        self.cjk + self.spaced
    }

    /// Whole minutes, rounded up, at least 1. A rate of 0 is read as 1 to stay finite.
    pub fn reading_minutes(self, cjk_per_minute: u32, spaced_per_minute: u32) -> u32 {
        let minutes = self.cjk as f64 / f64::from(cjk_per_minute.max(1))
            + self.spaced as f64 / f64::from(spaced_per_minute.max(1));
        // Float to int saturates; a document long enough to matter cannot overflow u32 minutes.
        (minutes.ceil() as u32).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_han_kana_and_latin_runs() {
        let count = WordCount::of("2026年AI发展趋势，ひらがな and GPT-4o！");
        // 年发展趋势 = 5 Han, ひらがな = 4 kana; 2026, AI, and, GPT, 4o = 5 runs.
        assert_eq!(count, WordCount { cjk: 9, spaced: 5 });
        assert_eq!(count.total(), 14);
        assert_eq!(WordCount::of("。，、「」（）"), WordCount::default());
    }

    #[test]
    fn reading_minutes_round_up_and_stay_positive() {
        assert_eq!(WordCount::default().reading_minutes(400, 200), 1);
        let count = WordCount {
            cjk: 400,
            spaced: 1,
        };
        assert_eq!(count.reading_minutes(400, 200), 2);
        let count = WordCount {
            cjk: 800,
            spaced: 200,
        };
        assert_eq!(count.reading_minutes(400, 200), 3);
        assert_eq!(count.reading_minutes(0, 0), 1000);
    }

    #[test]
    fn counting_by_the_fast_path_agrees_with_the_definition() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}");
            let expected = if is_cjk_word(c) {
                WordCount { cjk: 1, spaced: 0 }
            } else if is_spaced_word_char(c) {
                WordCount { cjk: 0, spaced: 1 }
            } else {
                WordCount::default()
            };
            assert_eq!(WordCount::of(&text), expected, "{c:?} U+{:04X}", c as u32);
        }
    }
}
