//! Character classes for CJK text, the one definition every boke crate uses: which characters
//! are Han or kana (each one a word: counted, searched and spaced as such), which are East Asian
//! wide (no space at a line break between two of them), and which are CJK punctuation.

/// Han ideographs (all CJK Unified Ideograph blocks, compatibility ideographs, radicals and the
/// ideographic iteration/number marks 々〇〻).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{323AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}' | '\u{3007}' | '\u{303B}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303A}')
}

/// Hiragana and katakana, including the phonetic extensions and half-width katakana.
pub fn is_kana(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9D}')
}

/// A character that counts as one word on its own.
pub fn is_cjk_word(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// Punctuation written full-width in Chinese and Japanese: the CJK Symbols and Punctuation block,
/// full-width forms, vertical and compatibility forms, and the curly quotes, dashes and ellipsis
/// that Chinese text uses. Curly quotes are ambiguous-width, but in CJK text they are wide.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{30FB}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{2018}'..='\u{201D}'
        | '\u{2014}' | '\u{2026}' | '\u{00B7}')
        && !is_han(c)
}

/// East Asian wide for the purpose of line-break collapsing (CSS Text 3 segment breaks): Han,
/// kana (not half-width), bopomofo, full-width forms and CJK punctuation. Hangul is excluded
/// because Korean separates words with spaces.
pub fn is_wide(c: char) -> bool {
    (is_han(c) || is_kana(c) || is_cjk_punctuation(c)) && !matches!(c, '\u{FF61}'..='\u{FF9F}')
        || matches!(c, '\u{3100}'..='\u{312F}' | '\u{31A0}'..='\u{31BF}' | '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Letters and digits written with spaces between words (Latin, Greek, Cyrillic, Hangul, ...).
pub fn is_spaced_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk_word(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['中', '文', '々', '〇', '𠀀'] {
            assert!(is_han(c) && is_wide(c) && is_cjk_word(c), "{c}");
        }
        for c in ['か', 'カ', 'ー'] {
            assert!(is_kana(c) && is_wide(c) && is_cjk_word(c), "{c}");
        }
        for c in "、。，：；！？「」『』（）《》“”…—".chars() {
            assert!(
                is_cjk_punctuation(c) && is_wide(c) && !is_cjk_word(c),
                "{c}"
            );
        }
        for c in ['한', 'a', '1', ',', ' ', 'é'] {
            assert!(!is_wide(c), "{c}");
        }
        assert!(is_spaced_word_char('한') && is_spaced_word_char('é'));
        assert!(!is_spaced_word_char('中') && !is_spaced_word_char('。'));
        assert!(is_wide('Ａ') && !is_wide('ｶ'));
    }
}
