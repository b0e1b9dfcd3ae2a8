//! Splits normalized text into units — one per CJK character, one per Latin word — the shared
//! vocabulary of the index, the query parser and the snippet highlighter. A unit takes one slot;
//! anything between two units (a space, punctuation) leaves one empty slot, so units stand in
//! consecutive slots exactly when nothing separates them in the text. `glued` tells whether a CJK
//! character touches the CJK character before it (bigrams exist only across glued pairs).

use std::borrow::Cow;
use std::sync::LazyLock;

use jieba_rs::Jieba;

use crate::normalize::{MAX_WORD_CHARS, fold_char, is_cjk, is_word_char, stemmed};

/// One indexable unit of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The CJK character, or the lowercased and stemmed word.
    pub key: String,
    pub cjk: bool,
    /// A CJK character directly after another CJK character.
    pub glued: bool,
    /// Position counted in units, plus one for every gap between units.
    pub slot: u32,
    /// Character range in the source text.
    pub start: usize,
    pub end: usize,
}

/// Normalizes text character by character (offsets are preserved).
pub fn normalize(text: &str) -> Vec<char> {
    text.chars().map(fold_char).collect()
}

/// One unit found by [`scan`], before its key is built.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    /// `Some(c)` for a CJK character, `None` for a Latin word.
    pub cjk: Option<char>,
    pub glued: bool,
    pub slot: u32,
    pub start: usize,
    pub end: usize,
}

/// Walks normalized characters and reports every unit with its slot, without allocating; the
/// one place the slot rule lives, shared by [`units_of`] and the index builder.
pub(crate) fn scan(chars: &[char], mut emit: impl FnMut(Span)) {
    let mut i = 0;
    // Whether `chars[i - 1]` is CJK, known from the step before.
    let mut after_cjk = false;
    let mut last: Option<(u32, usize)> = None;
    let mut next_slot = |start: usize, end: usize| {
        let slot = match last {
            None => 0,
            Some((slot, prev_end)) if prev_end == start => slot + 1,
            Some((slot, _)) => slot + 2,
        };
        last = Some((slot, end));
        slot
    };
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let slot = next_slot(i, i + 1);
            emit(Span {
                cjk: Some(c),
                glued: after_cjk,
                slot,
                start: i,
                end: i + 1,
            });
            i += 1;
            after_cjk = true;
            continue;
        }
        after_cjk = false;
        if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let slot = next_slot(start, i);
            emit(Span {
                cjk: None,
                glued: false,
                slot,
                start,
                end: i,
            });
        } else {
            i += 1;
        }
    }
}

/// Writes the key of a Latin word spanning `chars[start..end]` into `out`: cut to
/// [`MAX_WORD_CHARS`], then stemmed.
pub(crate) fn word_key(chars: &[char], start: usize, end: usize, out: &mut String) {
    out.clear();
    out.extend(&chars[start..end.min(start + MAX_WORD_CHARS)]);
    if let Cow::Owned(stemmed) = stemmed(out) {
        *out = stemmed;
    } else {
        let len = stemmed(out).len();
        out.truncate(len);
    }
}

/// The units of already normalized characters.
pub fn units_of(chars: &[char]) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut word = String::new();
    scan(chars, |span| {
        let key = match span.cjk {
            Some(c) => c.to_string(),
            None => {
                word_key(chars, span.start, span.end, &mut word);
                word.clone()
            }
        };
        units.push(Unit {
            key,
            cjk: span.cjk.is_some(),
            glued: span.glued,
            slot: span.slot,
            start: span.start,
            end: span.end,
        });
    });
    units
}

/// The units of raw text.
pub fn units(text: &str) -> Vec<Unit> {
    units_of(&normalize(text))
}

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The one jieba instance of the program, with its default dictionary: loading a dictionary
/// costs tens of megabytes and a noticeable start-up, so other users (related-post keywords)
/// borrow this one.
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Words of three or more CJK characters from jieba's search-mode segmentation of normalized
/// text; they rank documents where the query is a real word above those where it is a chance
/// substring. Shorter words are already covered by bigrams and single characters.
pub fn ranking_words(normalized: &str) -> Vec<&str> {
    JIEBA
        .cut_for_search(normalized, false)
        .into_iter()
        .map(|token| token.word)
        .filter(|word| word.chars().count() >= 3 && word.chars().all(is_cjk))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        units(text).into_iter().map(|u| u.key).collect()
    }

    #[test]
    fn splits_cjk_and_words() {
        assert_eq!(
            keys("用GPT-4o模型 Agents！"),
            ["用", "gpt", "4o", "模", "型", "agent"]
        );
        let u = units("多模。态");
        assert_eq!(
            u.iter().map(|u| u.glued).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!((u[2].start, u[2].end), (3, 4));
        assert_eq!(u.iter().map(|u| u.slot).collect::<Vec<_>>(), [0, 1, 3]);
        let u = units("GPT-4o模型 ok");
        assert_eq!(
            u.iter().map(|u| u.slot).collect::<Vec<_>>(),
            [0, 2, 3, 4, 6]
        );
    }

    #[test]
    fn folds_before_splitting() {
        assert_eq!(keys("ＡＧＥＮＴ 開源"), ["agent", "开", "源"]);
    }

    #[test]
    fn ranking_words_are_long_cjk_words() {
        let words = ranking_words("人工智能的发展和中华人民共和国");
        assert!(words.contains(&"人工智能"), "{words:?}");
        assert!(words.contains(&"共和国"), "{words:?}");
        assert!(!words.contains(&"发展"), "{words:?}");
        assert!(words.iter().all(|w| w.chars().count() >= 3));
    }
}
