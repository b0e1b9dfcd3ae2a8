//! Character normalization shared by indexing, querying and the browser client: full-width to
//! half-width, Traditional to Simplified, lowercase, the CJK and word-character classes, and the
//! light English stemmer. Every rule here is mirrored one for one in `assets/search.js`.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Traditional → Simplified pairs, one per line (`繁简`), generated from OpenCC's character table
/// (through the `hanconv` crate) by the `fold_table_matches_opencc` test. Character-for-character
/// only, so a normalized text has exactly as many characters as its source and offsets carry over.
pub(crate) const FOLD_TABLE: &str = include_str!("fold_t2s.txt");

static FOLD: LazyLock<FxHashMap<char, char>> = LazyLock::new(|| {
    FOLD_TABLE
        .lines()
        .filter_map(|line| {
            let mut chars = line.chars();
            Some((chars.next()?, chars.next()?))
        })
        .collect()
});

/// [`fold_char`] of every code point of the Basic Multilingual Plane, where nearly all text lies,
/// computed once: the tokenizer then folds a character with one load instead of several range
/// tests, a table lookup and, for letters, a case mapping.
static FOLD_BMP: LazyLock<Vec<char>> = LazyLock::new(|| {
    (0..0x1_0000)
        .map(|cp| char::from_u32(cp).map_or('\u{fffd}', fold_char_uncached))
        .collect()
});

/// Normalizes one character: full-width ASCII and the ideographic space become ASCII, Traditional
/// becomes Simplified, letters become lowercase where that yields a single character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match FOLD_BMP.get(c as usize) {
        Some(&folded) => folded,
        None => fold_char_uncached(c),
    }
}

/// Appends the normalized characters of `text` to `out` (as [`fold_char`] does one by one), and
/// calls `folded(c, f)` for every non-ASCII character `c` that normalizes to another, `f`. One
/// pass with the table fetched once: the index builder's hot loop.
pub(crate) fn fold_into(text: &str, out: &mut Vec<char>, mut folded: impl FnMut(char, char)) {
    let table: &[char] = &FOLD_BMP;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let f = match table.get(c as usize) {
            Some(&f) => f,
            None => fold_char_uncached(c),
        };
        if f != c {
            folded(c, f);
        }
        out.push(f);
    }
}

fn fold_char_uncached(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let c = fold_script(fold_width(c));
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) || matches!(c as u32, 0x2000..=0x303F) {
        // Ideographs, kana and punctuation have no case.
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Full-width ASCII and the ideographic space to their ASCII forms.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The common ideograph blocks (Extension A and the URO), where nearly every character of a
/// Chinese text lies, as a table indexed by code point: one load per character instead of a hash
/// lookup. Other code points fall back to [`FOLD`].
const DENSE_FOLD: std::ops::Range<u32> = 0x3400..0xA000;

static FOLD_DENSE: LazyLock<Vec<char>> = LazyLock::new(|| {
    DENSE_FOLD
        .map(|cp| {
            let c = char::from_u32(cp).unwrap_or('\u{fffd}');
            FOLD.get(&c).copied().unwrap_or(c)
        })
        .collect()
});

/// Traditional to Simplified, one character.
pub fn fold_script(c: char) -> char {
    // Every Traditional character in the table is an ideograph at or above U+3400.
    if (c as u32) < DENSE_FOLD.start {
        return c;
    }
    if DENSE_FOLD.contains(&(c as u32)) {
        return FOLD_DENSE[(c as u32 - DENSE_FOLD.start) as usize];
    }
    FOLD.get(&c).copied().unwrap_or(c)
}

/// Characters indexed one by one (with bigrams): what [`boke_cjk::is_cjk_word`] counts as a
/// word of its own, Han ideographs (with 々, 〇 and the radicals) and kana. `search.js`
/// holds the same ranges for queries, checked against this by a test.
pub fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    // Nearly all text is below the radicals or in the main ideograph block: one test each.
    if cp < 0x2E80 {
        return false;
    }
    (0x4E00..=0x9FFF).contains(&cp) || boke_cjk::is_cjk_word(c)
}

/// Characters that make up Latin-style words (letters and digits of any script but CJK).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Chinese text is full of non-ASCII punctuation (。、“”《》), each a search of Unicode's
    // tables for `is_alphanumeric`: the Basic Multilingual Plane is looked up in a bitmap.
    match WORD_BMP.get(c as usize / 64) {
        Some(bits) => bits >> (c as usize % 64) & 1 != 0,
        None => is_word_char_uncached(c),
    }
}

fn is_word_char_uncached(c: char) -> bool {
    !is_cjk(c) && c.is_alphanumeric()
}

/// [`is_word_char`] of every code point of the Basic Multilingual Plane, one bit each (8 KiB).
static WORD_BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x1_0000 / 64];
    for c in (0..0x1_0000).filter_map(char::from_u32) {
        if is_word_char_uncached(c) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
    }
    bits
});

/// Longest word kept; longer runs (hashes, base64) are cut so the index stays small.
pub const MAX_WORD_CHARS: usize = 40;

/// Light English stemming: plural endings only, so `agents` finds `agent` and `models` finds
/// `model`, while a misspelling stays a different word.
pub fn stem(word: &str) -> String {
    stemmed(word).into_owned()
}

/// [`stem`] without allocating when the word stays as it is or only loses letters.
pub(crate) fn stemmed(word: &str) -> Cow<'_, str> {
    let n = word.len();
    if !word.bytes().all(|b| b.is_ascii_lowercase()) || n <= 3 {
        return Cow::Borrowed(word);
    }
    if n > 4 && word.ends_with("ies") {
        return Cow::Owned(format!("{}y", &word[..n - 3]));
    }
    if word.ends_with("sses") {
        return Cow::Borrowed(&word[..n - 2]);
    }
    if word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
    {
        return Cow::Borrowed(&word[..n - 1]);
    }
    Cow::Borrowed(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_script_and_case() {
        let folded: String = "ＡＢｃ１２　漢語數據Ｍodel"
            .chars()
            .map(fold_char)
            .collect();
        assert_eq!(folded, "abc12 汉语数据model");
    }

    #[test]
    fn dense_and_sparse_folding_agree_with_the_table() {
        for line in FOLD_TABLE.lines() {
            let mut chars = line.chars();
            let (t, s) = (chars.next().unwrap(), chars.next().unwrap());
            assert_eq!(fold_script(t), s, "{line}");
        }
        assert_eq!(fold_script('模'), '模');
        assert_eq!(fold_script('a'), 'a');
    }

    #[test]
    fn the_folding_table_agrees_with_the_rules() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_char_uncached(c), "U+{:04X}", c as u32);
        }
        // Outside the table, the rules still apply.
        assert_eq!(fold_char('\u{2F800}'), fold_script('\u{2F800}'));
        assert_eq!(fold_char('𠀀'), '𠀀');
    }

    #[test]
    fn folding_into_a_buffer_agrees_with_fold_char() {
        let text = "ＡＢｃ１２　漢語數據Ｍodel 𠀀\u{2F800}。";
        let mut out = vec!['x'];
        let mut changed = Vec::new();
        fold_into(text, &mut out, |c, f| changed.push((c, f)));
        let want: Vec<char> = std::iter::once('x')
            .chain(text.chars().map(fold_char))
            .collect();
        assert_eq!(out, want);
        // Every non-ASCII character that folds, and only those: `M` and `o` stay out.
        let want_changed: Vec<(char, char)> = text
            .chars()
            .filter(|c| !c.is_ascii() && fold_char(*c) != *c)
            .map(|c| (c, fold_char(c)))
            .collect();
        assert_eq!(changed, want_changed);
        assert!(changed.contains(&('漢', '汉')) && changed.contains(&('Ｍ', 'm')));
        assert!(changed.contains(&('\u{3000}', ' ')), "{changed:?}");
    }

    #[test]
    fn the_word_character_table_agrees_with_the_rule() {
        for c in (0..0x40000).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                is_word_char_uncached(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn stems_plurals_only() {
        assert_eq!(stem("agents"), "agent");
        assert_eq!(stem("libraries"), "library");
        assert_eq!(stem("classes"), "class");
        assert_eq!(stem("process"), "process");
        assert_eq!(stem("focus"), "focus");
        assert_eq!(stem("gas"), "gas");
        assert_eq!(stem("gpt4s"), "gpt4s");
        assert_eq!(stem("agnet"), "agnet");
    }

    /// The ideograph blocks the Traditional-to-Simplified table covers: Extension A, the URO,
    /// compatibility ideographs, Extensions B to H.
    const IDEOGRAPH_BLOCKS: [std::ops::RangeInclusive<u32>; 4] = [
        0x3400..=0x4DBF,
        0x4E00..=0x9FFF,
        0xF900..=0xFAFF,
        0x20000..=0x323AF,
    ];

    /// `search.js` splits queries by a table of its own: it must list exactly the characters
    /// the index was built with, or a query for `二〇二六年` finds nothing.
    #[test]
    fn the_query_side_splits_cjk_where_the_index_did() {
        let script = include_str!("../assets/search.js");
        let table = script
            .split_once("const CJK_RANGES = [")
            .and_then(|(_, rest)| rest.split_once("];"))
            .map(|(table, _)| table)
            .unwrap_or_else(|| panic!("search.js has no CJK_RANGES table"));
        let bounds: Vec<u32> = table
            .split([',', '\n', ' '])
            .map(str::trim)
            .filter(|word| word.starts_with("0x"))
            .map(|hex| u32::from_str_radix(&hex[2..], 16).unwrap_or_else(|e| panic!("{hex}: {e}")))
            .collect();
        assert!(
            bounds.len() > 10 && bounds.len().is_multiple_of(2),
            "{bounds:?}"
        );
        let ranges: Vec<_> = bounds.chunks(2).map(|pair| pair[0]..=pair[1]).collect();
        for c in (0..0x40000).filter_map(char::from_u32) {
            let in_script = ranges.iter().any(|range| range.contains(&(c as u32)));
            assert_eq!(is_cjk(c), in_script, "U+{:04X}", c as u32);
        }
        for c in ['〇', '々', '⺮', 'ｶ', '模', 'か'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['・', 'a', '。', '한'] {
            assert!(!is_cjk(c), "{c}");
        }
    }

    #[test]
    fn classes() {
        assert!(is_cjk('模') && is_cjk('カ') && !is_cjk('a'));
        assert!(
            is_word_char('é') && is_word_char('4') && !is_word_char('模') && !is_word_char('-')
        );
    }

    /// Regenerate with `BOKE_REGEN_FOLD=1 cargo test -p boke-search fold_table`.
    #[test]
    fn fold_table_matches_opencc() {
        let ideographs = IDEOGRAPH_BLOCKS.iter().cloned();
        let single = |c: char| {
            let out = hanconv::t2s(c.to_string());
            let mut it = out.chars();
            match (it.next(), it.next()) {
                (Some(s), None) if s != c => Some(s),
                _ => None,
            }
        };
        let mut table = String::new();
        for c in ideographs.flatten().filter_map(char::from_u32) {
            if let Some(mut s) = single(c) {
                // Follow chains so folding twice equals folding once.
                while let Some(next) = single(s) {
                    s = next;
                }
                table.push(c);
                table.push(s);
                table.push('\n');
            }
        }
        if std::env::var_os("BOKE_REGEN_FOLD").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/fold_t2s.txt");
            std::fs::write(path, &table).expect("write fold table");
        }
        assert_eq!(
            FOLD_TABLE, table,
            "fold table out of date: rerun with BOKE_REGEN_FOLD=1"
        );
    }
}
