//! hexo-util's `slugize`, the one rule Hexo made its tag and category slugs, its `:post_title`
//! permalinks and (through hexo-renderer-marked) its heading ids with: Latin letters folded to
//! ASCII, control characters dropped, every run of whitespace and ASCII punctuation (`_` and
//! `-` included) one `-`, none at either end, case kept. Han characters and full-width
//! punctuation stay as they are.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `slugize(text)` as hexo-util computes it, case kept (Hexo lowers or raises it afterwards
/// when `filename_case` says so).
pub fn hexo_slugize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let push = |c: char, out: &mut String, dash: &mut bool| {
        if *dash && !out.is_empty() {
            out.push('-');
        }
        *dash = false;
        out.push(c);
    };
    for c in text.chars() {
        // hexo-util drops U+0000–U+001F before it looks for separators: a tab or a newline
        // joins the words on either side.
        if c <= '\u{1f}' {
            continue;
        }
        if is_js_space(c) || c.is_ascii_punctuation() {
            dash = true;
            continue;
        }
        if c.is_ascii() {
            push(c, &mut out, &mut dash);
            continue;
        }
        match fold(c) {
            Some(ascii) => ascii.chars().for_each(|a| push(a, &mut out, &mut dash)),
            None => push(c, &mut out, &mut dash),
        }
    }
    out
}

/// What JavaScript's `\s` matches: Unicode's spaces, with U+FEFF and without U+0085.
fn is_js_space(c: char) -> bool {
    c == '\u{feff}' || (c.is_whitespace() && c != '\u{85}')
}

/// The ASCII letters hexo-util writes for a Latin letter with marks, a full-width or circled
/// Latin letter, or one of the Latin letters that Unicode does not decompose (`ø`, `ł`, `ß`,
/// the ligatures). Anything else (Han, kana, Greek, Cyrillic, digits of other widths) is kept.
fn fold(c: char) -> Option<&'static str> {
    const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let letter = |index: u32| {
        let at = usize::try_from(index).ok()?;
        LETTERS.get(at..at + 1)
    };
    let code = u32::from(c);
    match code {
        // Ａ–Ｚ, ａ–ｚ
        0xFF21..=0xFF3A => return letter(code - 0xFF21),
        0xFF41..=0xFF5A => return letter(code - 0xFF41 + 26),
        // Ⓐ–Ⓩ, ⓐ–ⓩ
        0x24B6..=0x24CF => return letter(code - 0x24B6),
        0x24D0..=0x24E9 => return letter(code - 0x24D0 + 26),
        _ => {}
    }
    if let Some(ascii) = undecomposed(c) {
        return Some(ascii);
    }
    // A letter with marks: its canonical decomposition is one ASCII letter and combining marks.
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next()?;
    if !base.is_ascii_alphabetic() || !parts.all(is_combining_mark) {
        return None;
    }
    let index = LETTERS.find(base)?;
    LETTERS.get(index..index + 1)
}

/// Latin letters with a stroke, hook or bar, and ligatures, which have no decomposition.
fn undecomposed(c: char) -> Option<&'static str> {
    Some(match c {
        'Æ' | 'Ǣ' | 'Ǽ' => "AE",
        'æ' | 'ǣ' | 'ǽ' => "ae",
        'Œ' | '\u{8c}' => "OE",
        'œ' | '\u{9c}' => "oe",
        'Ø' | 'Ǿ' | 'Ɵ' | 'Ɔ' => "O",
        'ø' | 'ǿ' | 'ɔ' | 'ɵ' => "o",
        'Đ' | 'Ɖ' | 'Ɗ' | 'Ƌ' => "D",
        'đ' | 'ɖ' | 'ɗ' | 'ƌ' => "d",
        'Ł' | 'Ƚ' | 'Ŀ' => "L",
        'ł' | 'ƚ' | 'ŀ' | 'ɫ' => "l",
        'Ħ' => "H",
        'ħ' => "h",
        'Ŧ' | 'Ƭ' | 'Ʈ' => "T",
        'ŧ' | 'ƭ' | 'ʈ' => "t",
        'Ƀ' | 'Ɓ' | 'Ƃ' => "B",
        'ƀ' | 'ɓ' | 'ƃ' => "b",
        'Ƈ' | 'Ȼ' => "C",
        'ƈ' | 'ȼ' => "c",
        'Ɛ' | 'Ǝ' => "E",
        'ɛ' | 'ǝ' | 'ɇ' => "e",
        'Ƒ' => "F",
        'ƒ' => "f",
        'Ɠ' | 'Ǥ' => "G",
        'ɠ' | 'ǥ' => "g",
        'Ɨ' => "I",
        'ɨ' | 'ı' => "i",
        'Ɉ' => "J",
        'ɉ' => "j",
        'Ƙ' => "K",
        'ƙ' => "k",
        'Ɲ' | 'Ƞ' => "N",
        'ɲ' | 'ƞ' | 'ŉ' => "n",
        'Ƥ' => "P",
        'ƥ' => "p",
        'Ɍ' => "R",
        'ɍ' | 'ɽ' => "r",
        'ẞ' => "S",
        'ß' | 'ȿ' => "s",
        // hexo-util's table files the long s under `l`.
        'ſ' => "l",
        'Ʉ' | 'Ư' => "U",
        'ʉ' | 'ư' => "u",
        'Ʋ' | 'Ʌ' => "V",
        'ʋ' | 'ʌ' => "v",
        'Ƴ' | 'Ɏ' => "Y",
        'ƴ' | 'ɏ' => "y",
        'Ƶ' | 'Ȥ' => "Z",
        'ƶ' | 'ȥ' | 'ɀ' => "z",
        'Ǆ' | 'Ǳ' => "DZ",
        'ǅ' | 'ǲ' => "Dz",
        'ǆ' | 'ǳ' => "dz",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::hexo_slugize;

    #[test]
    fn separators_become_one_dash() {
        assert_eq!(hexo_slugize("Hello World"), "Hello-World");
        assert_eq!(hexo_slugize("snake_case_name"), "snake-case-name");
        assert_eq!(hexo_slugize("__init__"), "init");
        assert_eq!(hexo_slugize("C++ / Rust_FFI"), "C-Rust-FFI");
        assert_eq!(hexo_slugize("what's new?"), "what-s-new");
        assert_eq!(hexo_slugize("a\u{3000}b"), "a-b");
        assert_eq!(hexo_slugize("a\u{a0}b"), "a-b");
    }

    #[test]
    fn control_characters_vanish_without_a_dash() {
        assert_eq!(hexo_slugize("a\tb"), "ab");
        assert_eq!(hexo_slugize("a\u{1}b"), "ab");
        assert_eq!(hexo_slugize("a \u{1} b"), "a-b");
    }

    #[test]
    fn latin_letters_fold_and_han_stays() {
        assert_eq!(hexo_slugize("Café Crème"), "Cafe-Creme");
        assert_eq!(hexo_slugize("Ｖｕｅ入门"), "Vue入门");
        assert_eq!(hexo_slugize("Ⓐⓑ"), "Ab");
        assert_eq!(hexo_slugize("Øresund straße"), "Oresund-strase");
        assert_eq!(hexo_slugize("lǜ"), "lu");
        assert_eq!(hexo_slugize("人工 智能：入门！"), "人工-智能：入门！");
        // Full-width digits, Greek and Cyrillic are not in hexo-util's table.
        assert_eq!(hexo_slugize("１２ αβ й"), "１２-αβ-й");
    }
}
