//! Extracts one document's terms as integer keys, the hot path of the build: a CJK character and
//! a bigram are packed into a `u64` (no string per character), and Latin and jieba words are
//! interned per document and later renumbered across the site ([`TermKey::with_text_id`]).

use rustc_hash::FxHashMap;

use crate::Document;
use crate::format::{TITLE_SLOTS, TITLE_WEIGHT, TermKind};
use crate::normalize::is_cjk;
use crate::tokenize::{normalize, ranking_words, scan, word_key};

/// A term packed into an integer: its kind in the high bits, then the character(s) or an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TermKey(pub u64);

const KIND_SHIFT: u32 = 48;
const KIND_CHAR: u64 = 0;
const KIND_BIGRAM: u64 = 1;
/// A Latin word, by id into a string table.
const KIND_LATIN: u64 = 2;
/// A jieba word, by id into the same string table.
const KIND_WORD: u64 = 3;
const CHAR_BITS: u32 = 21;

impl TermKey {
    fn char(c: char) -> Self {
        Self(KIND_CHAR << KIND_SHIFT | u64::from(c))
    }
    fn bigram(a: char, b: char) -> Self {
        Self(KIND_BIGRAM << KIND_SHIFT | u64::from(a) << CHAR_BITS | u64::from(b))
    }
    fn latin(id: u32) -> Self {
        Self(KIND_LATIN << KIND_SHIFT | u64::from(id))
    }
    fn word(id: u32) -> Self {
        Self(KIND_WORD << KIND_SHIFT | u64::from(id))
    }
    /// The string-table id of a Latin or jieba word.
    pub(crate) fn text_id(self) -> Option<u32> {
        matches!(self.0 >> KIND_SHIFT, KIND_LATIN | KIND_WORD).then_some(self.0 as u32)
    }
    /// The same kind of key with another string-table id.
    pub(crate) fn with_text_id(self, id: u32) -> Self {
        Self(self.0 >> KIND_SHIFT << KIND_SHIFT | u64::from(id))
    }
    pub(crate) fn kind(self) -> TermKind {
        match self.0 >> KIND_SHIFT {
            KIND_CHAR => TermKind::Presence,
            KIND_WORD => TermKind::Weighted,
            _ => TermKind::Positional,
        }
    }
    /// The term as the dictionary spells it; text keys are looked up in `texts`.
    pub(crate) fn spell(self, texts: &[String]) -> String {
        let char_at = |shift: u32| {
            char::from_u32((self.0 >> shift) as u32 & ((1 << CHAR_BITS) - 1)).unwrap_or('\u{fffd}')
        };
        match self.0 >> KIND_SHIFT {
            KIND_CHAR => char_at(0).to_string(),
            KIND_BIGRAM => [char_at(CHAR_BITS), char_at(0)].into_iter().collect(),
            _ => texts
                .get(self.0 as u32 as usize)
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// One occurrence: a position for positional terms, the weight for weighted ones, 0 for
/// single characters (whose postings only say which documents hold them).
pub(crate) type Occurrence = (TermKey, u32);

/// A document's terms, before merging.
pub(crate) struct DocTerms {
    /// Length for BM25 (title occurrences weighted).
    pub length: u64,
    /// Slots the document takes, title slots included: positions run from 0 to `span - 1`.
    pub span: u32,
    /// Occurrences of every term; text keys index `texts`.
    pub occurrences: Vec<Occurrence>,
    /// The document's distinct Latin and jieba words.
    pub texts: Vec<String>,
}

#[derive(Default)]
struct Collector {
    occurrences: Vec<Occurrence>,
    /// Every CJK character seen; only whether a document holds one is indexed, so they are
    /// deduplicated (a cheap sort of `char`s) before joining the occurrences.
    chars: Vec<char>,
    texts: Vec<String>,
    text_ids: FxHashMap<String, u32>,
    /// Jieba word weights, by text id.
    weights: FxHashMap<u32, u32>,
    word: String,
}

impl Collector {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.text_ids.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.to_owned());
        self.text_ids.insert(text.to_owned(), id);
        id
    }

    /// Adds one field whose slots start at `base`, keeping units before `max_units`, and the
    /// jieba words of its first `ranked_chars` characters; returns the slots the field used.
    fn field(
        &mut self,
        text: &str,
        base: u32,
        weight: u32,
        max_units: u32,
        ranked_chars: usize,
    ) -> u32 {
        let chars = normalize(text);
        // At most one bigram or word and one character per character: no regrowing.
        self.occurrences.reserve(chars.len());
        self.chars.reserve(chars.len());
        let mut used = 0;
        let mut previous: Option<char> = None;
        let mut word = std::mem::take(&mut self.word);
        scan(&chars, |span| {
            if span.slot >= max_units {
                return;
            }
            used = span.slot + 1;
            let slot = base + span.slot;
            match span.cjk {
                Some(c) => {
                    self.chars.push(c);
                    if let Some(p) = previous.filter(|_| span.glued) {
                        // The bigram stands at the slot of its first character.
                        self.occurrences.push((TermKey::bigram(p, c), slot - 1));
                    }
                    previous = Some(c);
                }
                None => {
                    word_key(&chars, span.start, span.end, &mut word);
                    let key = TermKey::latin(self.intern(&word));
                    self.occurrences.push((key, slot));
                    previous = None;
                }
            }
        });
        self.word = word;
        let ranked = ranked_prefix(&chars, ranked_chars);
        if ranked.iter().any(|&c| is_cjk(c)) {
            let normalized: String = ranked.iter().collect();
            for ranked in ranking_words(&normalized) {
                let id = self.intern(ranked);
                *self.weights.entry(id).or_default() += weight;
            }
        }
        used
    }
}

/// Characters of the body segmented by jieba. Segmentation costs more than everything else the
/// build does per character, and the word bonus it feeds only has to tell a post about a word
/// from one that holds it by chance: the title, headings, tags, categories and the lead of the
/// body say what a post is about. Bigrams still cover the whole body, so matching and term
/// frequencies are unaffected.
pub(crate) const RANKED_BODY_CHARS: usize = 512;

/// The first `limit` characters, ending before a CJK character so no word is cut in two.
fn ranked_prefix(chars: &[char], limit: usize) -> &[char] {
    if chars.len() <= limit {
        return chars;
    }
    let end = chars[..=limit]
        .iter()
        .rposition(|&c| !is_cjk(c))
        .unwrap_or(limit);
    &chars[..end]
}

pub(crate) fn doc_terms(doc: &Document) -> DocTerms {
    let mut collector = Collector::default();
    let title_units = collector.field(&doc.title, 0, TITLE_WEIGHT, TITLE_SLOTS - 1, usize::MAX);
    let mut slot = TITLE_SLOTS;
    slot =
        slot.saturating_add(collector.field(&doc.body, slot, 1, u32::MAX, RANKED_BODY_CHARS) + 1);
    if !doc.code.is_empty() {
        // Code is words, not prose: no jieba.
        slot = slot.saturating_add(collector.field(&doc.code, slot, 1, u32::MAX, 0) + 1);
    }
    let rest = doc.headings.iter().chain(&doc.tags).chain(&doc.categories);
    for field in rest {
        slot = slot.saturating_add(collector.field(field, slot, 1, u32::MAX, usize::MAX) + 1);
    }
    let length = u64::from(title_units) * u64::from(TITLE_WEIGHT) + u64::from(slot - TITLE_SLOTS);
    let Collector {
        mut occurrences,
        mut chars,
        texts,
        weights,
        ..
    } = collector;
    chars.sort_unstable();
    chars.dedup();
    occurrences.extend(chars.into_iter().map(|c| (TermKey::char(c), 0)));
    occurrences.extend(
        weights
            .into_iter()
            .map(|(id, weight)| (TermKey::word(id), weight)),
    );
    DocTerms {
        length,
        span: slot,
        occurrences,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_spell_their_terms() {
        let texts = vec!["agent".to_owned()];
        assert_eq!(TermKey::char('模').spell(&texts), "模");
        assert_eq!(TermKey::bigram('模', '型').spell(&texts), "模型");
        assert_eq!(TermKey::bigram('𠀀', '型').spell(&texts), "𠀀型");
        assert_eq!(TermKey::latin(0).spell(&texts), "agent");
        assert_eq!(TermKey::latin(0).kind(), TermKind::Positional);
        assert_eq!(TermKey::word(0).kind(), TermKind::Weighted);
        assert_eq!(TermKey::char('a').kind(), TermKind::Presence);
        assert_eq!(TermKey::word(5).with_text_id(7), TermKey::word(7));
        assert_eq!(TermKey::latin(3).text_id(), Some(3));
        assert_eq!(TermKey::char('a').text_id(), None);
    }

    #[test]
    fn ranked_prefix_stops_before_a_cjk_run() {
        let chars: Vec<char> = "ab 人工智能 cd".chars().collect();
        assert_eq!(ranked_prefix(&chars, 100), &chars[..]);
        // The limit falls inside 人工智能: stop at the space before it.
        assert_eq!(ranked_prefix(&chars, 4), &chars[..2]);
        assert_eq!(ranked_prefix(&chars, 7), &chars[..7]);
        let words = doc_terms(&Document {
            body: format!("{}人工智能", "。".repeat(RANKED_BODY_CHARS)).into(),
            ..Document::default()
        });
        assert!(words.texts.is_empty(), "{:?}", words.texts);
    }

    #[test]
    fn code_is_indexed_as_words_after_the_body() {
        let terms = doc_terms(&Document {
            body: "正文".into(),
            code: "let 人工智能 = main();".into(),
            ..Document::default()
        });
        let spelled: Vec<(String, u32)> = terms
            .occurrences
            .iter()
            .map(|&(k, v)| (k.spell(&terms.texts), v))
            .collect();
        // Body: 正 256, 文 257; code after a one-slot gap: let 259, 人 261 … main 266.
        assert!(spelled.contains(&("let".to_owned(), 259)), "{spelled:?}");
        assert!(spelled.contains(&("main".to_owned(), 266)), "{spelled:?}");
        assert!(spelled.contains(&("人工".to_owned(), 261)), "{spelled:?}");
        // No jieba words from code.
        assert!(
            !terms.texts.iter().any(|t| t == "人工智能"),
            "{:?}",
            terms.texts
        );
    }

    #[test]
    fn collects_characters_bigrams_words_and_positions() {
        let doc = Document {
            title: "人工智能".into(),
            body: "用 Agents 做多模。模".into(),
            ..Document::default()
        };
        let terms = doc_terms(&doc);
        let mut spelled: Vec<(String, u32)> = terms
            .occurrences
            .iter()
            .map(|&(k, v)| (k.spell(&terms.texts), v))
            .collect();
        spelled.sort();
        // Body slots: 用 0, agent 2, 做 4, 多 5, 模 6, 模 8 (after the full stop), from 256.
        let mut want: Vec<(String, u32)> = [
            ("人", 0),
            ("人工", 0),
            ("人工智能", 3),
            ("工", 0),
            ("工智", 1),
            ("智", 0),
            ("智能", 2),
            ("能", 0),
            ("用", 0),
            ("agent", 258),
            ("做", 0),
            ("做多", 260),
            ("多", 0),
            ("多模", 261),
            // Once, though it occurs twice: characters are presence only.
            ("模", 0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        want.sort();
        assert_eq!(spelled, want);
        // Title: 4 units × weight 3; body: 9 slots, plus the gap after the field.
        assert_eq!(terms.length, 12 + 9 + 1);
    }
}
