//! Extracts one document's terms as integer keys, the hot path of the build: a CJK character and
//! a bigram are packed into a `u64` (no string per character), and Latin and jieba words are
//! interned per document and later renumbered across the site ([`TermKey::with_text_id`]).

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use crate::Document;
use crate::format::{
    BODY_SLOT, EMPHASIS_WEIGHT, HEADING_SLOTS, TITLE_SLOTS, TITLE_WEIGHT, TermKind,
};
use crate::normalize::{fold_into, is_cjk};
use crate::tokenize::{ranking_words, scan, word_key};

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
    /// Occurrences of every term, grouped by [`partition`], each term's in the order the
    /// document yields them (rising positions); text keys index `texts`.
    pub occurrences: Vec<Occurrence>,
    /// Partition `p` holds `occurrences[starts[p]..starts[p + 1]]`.
    pub starts: [usize; PARTITIONS + 1],
    /// The document's distinct Latin and jieba words.
    pub texts: Vec<String>,
    /// Traditional → Simplified pairs of the body and code, sorted, for the document record
    /// (see [`fold_pair`]).
    pub folds: String,
}

impl DocTerms {
    /// The occurrences of the terms of partition `p`.
    pub(crate) fn partition(&self, p: usize) -> &[Occurrence] {
        &self.occurrences[self.starts[p]..self.starts[p + 1]]
    }
}

/// Independent groups of terms, merged in parallel; each is small enough that the postings
/// being appended to stay in the processor's cache.
pub(crate) const PARTITIONS: usize = 64;

/// The partition of a term that is not a word (see [`word_partition`]).
fn key_partition(key: TermKey) -> usize {
    (key.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % PARTITIONS
}

/// The partition of a Latin or jieba word, from its text: its key holds an id that differs
/// from document to document until the merge renumbers it.
fn word_partition(text: &str) -> u8 {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    (hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as u8 % PARTITIONS as u8
}

/// Collects one document's terms at a time, keeping its buffers from one document to the next
/// (one per thread).
pub(crate) struct Collector {
    /// The document's occurrences by partition (see [`partition`]), each in the order the
    /// document yields them: grouping them as they come costs less than a pass at the end.
    by_partition: Vec<Vec<Occurrence>>,
    /// The document's distinct CJK characters: only whether a document holds one is indexed.
    chars: Vec<char>,
    /// One bit per code point below [`SEEN_LIMIT`], set for the characters in `chars`.
    seen: Vec<u64>,
    /// The document's distinct Latin and jieba words, numbered in order of first appearance.
    text_ids: FxHashMap<String, u32>,
    /// The partition of each of those words, by id.
    text_partitions: Vec<u8>,
    /// Jieba word weights, by text id.
    weights: FxHashMap<u32, u32>,
    /// The field being collected, normalized.
    normalized: Vec<char>,
    word: String,
    /// Fold pairs met in the body and code.
    folds: Vec<(char, char)>,
}

/// Every CJK character (see [`is_cjk`]) lies below this code point.
const SEEN_LIMIT: usize = 0x40000;

impl Default for Collector {
    fn default() -> Self {
        Self {
            by_partition: vec![Vec::new(); PARTITIONS],
            chars: Vec::new(),
            seen: vec![0; SEEN_LIMIT / 64],
            text_ids: FxHashMap::default(),
            text_partitions: Vec::new(),
            weights: FxHashMap::default(),
            normalized: Vec::new(),
            word: String::new(),
            folds: Vec::new(),
        }
    }
}

impl Collector {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.text_ids.get(text) {
            return id;
        }
        let id = self.text_ids.len() as u32;
        self.text_ids.insert(text.to_owned(), id);
        self.text_partitions.push(word_partition(text));
        id
    }

    /// Adds an occurrence to its partition; `partition` is that of `key`.
    fn push(&mut self, partition: usize, key: TermKey, value: u32) {
        self.by_partition[partition].push((key, value));
    }

    /// Records that the document holds CJK character `c`.
    fn saw(&mut self, c: char) {
        let (word, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
        match self.seen.get_mut(word) {
            Some(bits) if *bits & bit != 0 => {}
            Some(bits) => {
                *bits |= bit;
                self.chars.push(c);
            }
            // Not a CJK character after all: keep it once, as before.
            None if self.chars.contains(&c) => {}
            None => self.chars.push(c),
        }
    }

    /// Adds one field whose slots start at `base`, keeping units before `max_units`, and the
    /// jieba words of its first `ranked_chars` characters; returns the slots the field used.
    fn field(
        &mut self,
        text: &str,
        field: Field,
        base: u32,
        max_units: u32,
        ranked_chars: usize,
    ) -> u32 {
        let mut chars = std::mem::take(&mut self.normalized);
        chars.clear();
        // Never more characters than bytes: one allocation, kept from field to field.
        chars.reserve(text.len());
        if field.keep_folds {
            let folds = &mut self.folds;
            fold_into(text, &mut chars, |c, folded| {
                folds.extend(fold_pair(c, folded));
            });
        } else {
            fold_into(text, &mut chars, |_, _| {});
        }
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
                    self.saw(c);
                    if let Some(p) = previous.filter(|_| span.glued) {
                        // The bigram stands at the slot of its first character.
                        let key = TermKey::bigram(p, c);
                        self.push(key_partition(key), key, slot - 1);
                    }
                    previous = Some(c);
                }
                None => {
                    word_key(&chars, span.start, span.end, &mut word);
                    let id = self.intern(&word);
                    let partition = usize::from(self.text_partitions[id as usize]);
                    self.push(partition, TermKey::latin(id), slot);
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
                *self.weights.entry(id).or_default() += field.weight;
            }
        }
        self.normalized = chars;
        used
    }

    /// The terms of one document.
    pub(crate) fn doc_terms(&mut self, doc: &Document) -> DocTerms {
        let title = Field {
            weight: TITLE_WEIGHT,
            keep_folds: false,
        };
        self.field(&doc.title, title, 0, TITLE_SLOTS - 1, usize::MAX);
        let emphasis = Field {
            weight: EMPHASIS_WEIGHT,
            keep_folds: false,
        };
        // Headings and bold text each fill their own slots, whatever does not fit is dropped:
        // where a match starts tells its field ([`crate::format::field_of`]).
        let regions = [
            (&doc.headings, TITLE_SLOTS, TITLE_SLOTS + HEADING_SLOTS),
            (&doc.strong, TITLE_SLOTS + HEADING_SLOTS, BODY_SLOT),
        ];
        for (texts, start, end) in regions {
            let mut slot = start;
            for text in texts {
                // One slot short of the end, so the gap after the field stays inside.
                let Some(room) = (end - 1).checked_sub(slot).filter(|&r| r > 0) else {
                    break;
                };
                slot += self.field(text, emphasis, slot, room, usize::MAX) + 1;
            }
        }
        let mut slot = BODY_SLOT;
        let text = Field {
            weight: 1,
            keep_folds: true,
        };
        slot =
            slot.saturating_add(self.field(&doc.body, text, slot, u32::MAX, RANKED_BODY_CHARS) + 1);
        if !doc.code.is_empty() {
            // Code is words, not prose: no jieba.
            slot = slot.saturating_add(self.field(&doc.code, text, slot, u32::MAX, 0) + 1);
        }
        let rest = doc.tags.iter().chain(&doc.categories);
        let short = Field {
            weight: 1,
            keep_folds: false,
        };
        for text in rest {
            slot = slot.saturating_add(self.field(text, short, slot, u32::MAX, usize::MAX) + 1);
        }
        // The body's length: the title and emphasis fields are short by nature and their
        // matches are not normalized by length.
        let length = u64::from(slot - BODY_SLOT);
        // Taken out and put back, so their allocations serve the next document.
        let mut chars = std::mem::take(&mut self.chars);
        for c in chars.drain(..) {
            if let Some(bits) = self.seen.get_mut(c as usize / 64) {
                *bits = 0;
            }
            let key = TermKey::char(c);
            self.push(key_partition(key), key, 0);
        }
        self.chars = chars;
        let mut weights = std::mem::take(&mut self.weights);
        for (id, weight) in weights.drain() {
            let partition = usize::from(self.text_partitions[id as usize]);
            self.push(partition, TermKey::word(id), weight);
        }
        self.weights = weights;
        let (occurrences, starts) = self.grouped_by_partition();
        self.folds.sort_unstable();
        self.folds.dedup();
        let folds = self.folds.drain(..).flat_map(|(t, s)| [t, s]).collect();
        self.text_partitions.clear();
        let mut texts = vec![String::new(); self.text_ids.len()];
        for (text, id) in self.text_ids.drain() {
            texts[id as usize] = text;
        }
        DocTerms {
            length,
            span: slot,
            occurrences,
            starts,
            texts,
            folds,
        }
    }
}

/// The Traditional → Simplified pair of character `c` that normalizes to `folded`, if it is
/// one: the browser highlights a folded match in a snippet with these pairs.
pub(crate) fn fold_pair(c: char, folded: char) -> Option<(char, char)> {
    // Below U+3400 folding only changes width or case; a full-width letter folds to ASCII.
    (u32::from(c) >= 0x3400 && folded != c && is_cjk(folded)).then_some((c, folded))
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

/// How a field counts: the weight of its jieba words, and whether its Traditional → Simplified
/// pairs go to the document record (those of the text snippets are cut from).
#[derive(Clone, Copy)]
struct Field {
    weight: u32,
    keep_folds: bool,
}

impl Collector {
    /// The document's occurrences, partition after partition, and where each partition starts;
    /// the per-partition buffers are emptied and kept for the next document.
    fn grouped_by_partition(&mut self) -> (Vec<Occurrence>, [usize; PARTITIONS + 1]) {
        let total = self.by_partition.iter().map(Vec::len).sum();
        let mut grouped = Vec::with_capacity(total);
        let mut starts = [0usize; PARTITIONS + 1];
        for (p, occurrences) in self.by_partition.iter_mut().enumerate() {
            grouped.extend_from_slice(occurrences);
            occurrences.clear();
            starts[p + 1] = grouped.len();
        }
        (grouped, starts)
    }
}

#[cfg(test)]
pub(crate) fn doc_terms(doc: &Document) -> DocTerms {
    Collector::default().doc_terms(doc)
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
    fn partitions_hold_each_term_once_with_rising_positions() {
        let doc = Document {
            title: "模型 model 模型".into(),
            body: "模型推理，模型训练。Models and models: 大模型的模型".into(),
            headings: vec!["模型 model".to_owned()],
            ..Document::default()
        };
        let terms = doc_terms(&doc);
        let mut partition_of: FxHashMap<TermKey, usize> = FxHashMap::default();
        let mut last: FxHashMap<TermKey, u32> = FxHashMap::default();
        let mut count = 0;
        for p in 0..PARTITIONS {
            for &(key, value) in terms.partition(p) {
                count += 1;
                assert_eq!(
                    *partition_of.entry(key).or_insert(p),
                    p,
                    "{key:?} in two partitions"
                );
                if key.kind() == TermKind::Positional {
                    let before = last.insert(key, value);
                    assert!(
                        before.is_none_or(|b| b < value),
                        "{key:?}: {before:?} then {value}"
                    );
                }
            }
        }
        assert_eq!(count, terms.occurrences.len());
        // Title: 模 0 型 1, model 3, 模 5 型 6. The heading from 256: 模型 256, model 259.
        // Body from 768: 模型推理 768–771, 模型训练 773–776, models 778, and 780, models 782,
        // 大模型的模型 784–789.
        let values_of = |text: &str| -> Vec<u32> {
            terms
                .occurrences
                .iter()
                .filter(|&&(key, _)| key.spell(&terms.texts) == text)
                .map(|&(_, value)| value)
                .collect()
        };
        assert_eq!(values_of("模型"), [0, 5, 256, 768, 773, 785, 788]);
        assert_eq!(values_of("model"), [3, 259, 778, 782]);
    }

    #[test]
    fn fold_pairs_are_the_script_folds_of_width_folded_characters() {
        use crate::normalize::{fold_char, fold_script, fold_width};
        for c in (0..0x40000).filter_map(char::from_u32) {
            let width = fold_width(c);
            let script = fold_script(width);
            let want = (script != width).then_some((width, script));
            assert_eq!(fold_pair(c, fold_char(c)), want, "U+{:04X}", u32::from(c));
        }
        let terms = doc_terms(&Document {
            title: "標題".into(),
            body: "開發 ＡＰＩ 模型 開".into(),
            code: "數據".into(),
            ..Document::default()
        });
        assert_eq!(terms.folds, "據据數数發发開开");
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
        // Body: 正 768, 文 769; code after a one-slot gap: let 771, 人 773 … main 778.
        assert!(spelled.contains(&("let".to_owned(), 771)), "{spelled:?}");
        assert!(spelled.contains(&("main".to_owned(), 778)), "{spelled:?}");
        assert!(spelled.contains(&("人工".to_owned(), 773)), "{spelled:?}");
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
        // Body slots: 用 0, agent 2, 做 4, 多 5, 模 6, 模 8 (after the full stop), from 768.
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
            ("agent", 770),
            ("做", 0),
            ("做多", 772),
            ("多", 0),
            ("多模", 773),
            // Once, though it occurs twice: characters are presence only.
            ("模", 0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        want.sort();
        assert_eq!(spelled, want);
        // The body's 9 slots, plus the gap after the field; not the title.
        assert_eq!(terms.length, 9 + 1);
    }
}
