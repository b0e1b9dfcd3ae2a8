//! The on-disk index format, shared with `assets/search.js`: file names, the metadata file,
//! varints, the term hash that picks a bucket, and the length norms used by BM25.
//!
//! Layout of the index directory:
//! - `meta.json`: counts and parameters (small, fetched first).
//! - `norms.bin`: gzip of one byte per document, its quantized length ([`quantize_length`]),
//!   then per document a varint, its span: the slots it takes in the corpus-wide position space.
//! - `t/<bucket>.bin`: gzip of the term dictionary's share picked by [`term_hash`]; each entry
//!   carries small postings inline or points at a `p/<n>.bin` file holding a large postings list
//!   alone (gzip, except positional postings, which are Rice codes that gzip cannot shrink), and
//!   gives that file's size so a query can pick the cheapest bigrams.
//! - `d/<doc>.bin`: gzip of the document's JSON record (title, url, date and its label, prose for
//!   snippets, fold pairs), in UTF-8, or in UTF-16LE after the bytes `FF FE` when that is
//!   shorter, as it is for Chinese text ([`crate::record`]; version 4).
//!
//! A document's slots (version 5): the title from 0, its headings from [`TITLE_SLOTS`], its bold
//! text from `TITLE_SLOTS + HEADING_SLOTS`, each cut to its share, then from [`BODY_SLOT`] the
//! body, code blocks, tags and categories. Where a match starts tells its field ([`field_of`]).
//! - `f/<group>.txt`: Traditional → Simplified pairs for the characters of one group of code
//!   points (see [`Meta::fold_shift`]), only those whose Simplified form is in the index: a
//!   query character that folds to anything else matches nothing either way.
//!
//! Postings by kind of term ([`term_kind`]): positional terms (bigrams, Latin words) hold every
//! occurrence as a position in one corpus-wide space, where document `d` starts at the sum of the
//! spans of the documents before it: gaps between successive positions (minus one after the
//! first), Rice-coded ([`crate::rice`]); the document and its slot follow from the position, so
//! no document ids or counts are stored. Weighted terms (jieba
//! words) the doc delta and a weighted frequency; single CJK characters only which documents
//! hold them, as doc deltas ([`PRESENCE_LIST`]) or as a bitmap ([`PRESENCE_BITMAP`]) when that
//! is smaller, which it is for the common characters found in most documents.

use serde::{Deserialize, Serialize};

/// Format version, bumped on any incompatible change.
pub const VERSION: u32 = 5;
/// Slots reserved for the title, from slot 0.
pub const TITLE_SLOTS: u32 = 256;
/// Slots reserved for the headings, after the title's.
pub const HEADING_SLOTS: u32 = 256;
/// Slots reserved for bold text, after the headings'.
pub const STRONG_SLOTS: u32 = 256;
/// Where the body starts; the code, tags and categories follow it.
pub const BODY_SLOT: u32 = TITLE_SLOTS + HEADING_SLOTS + STRONG_SLOTS;
/// The weight of a title's jieba words in the word bonus.
pub const TITLE_WEIGHT: u32 = 3;
/// The weight of a heading's or bold text's jieba words in the word bonus.
pub const EMPHASIS_WEIGHT: u32 = 2;

/// Fields a match is counted in, by where it starts: title, headings, bold text, the rest.
pub const FIELDS: usize = 4;
/// The field of a match starting at `slot`: 0 title, 1 heading, 2 bold, 3 body and the rest.
pub fn field_of(slot: u32) -> usize {
    if slot < TITLE_SLOTS {
        0
    } else if slot < TITLE_SLOTS + HEADING_SLOTS {
        1
    } else if slot < BODY_SLOT {
        2
    } else {
        3
    }
}
/// What a saturated match in the title, a heading and bold text adds to the body's: a post
/// about a word says it there, so these outrank a body that only repeats it. Headings and bold
/// text are in the body too and count there as well.
pub const FIELD_BOOSTS: [f64; 3] = [3.0, 1.0, 0.75];
/// Postings longer than this many bytes get a file of their own.
pub const INLINE_MAX: usize = 512;
/// Aimed-at size of one dictionary bucket.
pub const BUCKET_TARGET_BYTES: usize = 6 * 1024;

/// First byte of a single character's postings: doc deltas follow.
pub const PRESENCE_LIST: u8 = 0;
/// First byte of a single character's postings: one bit per document follows, low bit first.
pub const PRESENCE_BITMAP: u8 = 1;

/// Entry kinds in a bucket.
pub const ENTRY_INLINE: u32 = 0;
pub const ENTRY_EXTERNAL: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    pub version: u32,
    pub docs: u32,
    /// Number of dictionary buckets, a power of two.
    pub buckets: u32,
    /// Groups (code point >> `fold_shift`) that have a Traditional → Simplified file.
    pub fold: Vec<u32>,
    /// Code points per fold file, as a power of two: larger on small sites, so that they get
    /// one or a few files rather than one per 4,096 code points.
    pub fold_shift: u32,
}

pub fn bucket_path(bucket: u32) -> String {
    format!("t/{bucket:x}.bin")
}
pub fn postings_path(n: u32) -> String {
    format!("p/{n:x}.bin")
}
pub fn doc_path(doc: u32) -> String {
    format!("d/{doc:x}.bin")
}
pub fn fold_path(group: u32) -> String {
    format!("f/{group:x}.txt")
}

/// Smallest and largest `Meta::fold_shift`; the largest puts every CJK code point in group 0.
pub const FOLD_SHIFT_RANGE: std::ops::RangeInclusive<u32> = 12..=21;
/// Fold files are made this large before the table is split further.
pub const FOLD_FILE_MIN_BYTES: usize = 4 * 1024;
/// A dictionary this small (bytes before gzip) is one bucket: a first query fetches it whole.
pub const ONE_BUCKET_MAX_BYTES: usize = 64 * 1024;

/// How a term's postings are stored, told by the term itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Bigrams and Latin words: positions.
    Positional,
    /// Single CJK characters: which documents hold them.
    Presence,
    /// Jieba words of three or more CJK characters: a weighted frequency.
    Weighted,
}

pub fn term_kind(key: &str) -> TermKind {
    let mut cjk = 0;
    for c in key.chars() {
        if !crate::normalize::is_cjk(c) {
            return TermKind::Positional;
        }
        cjk += 1;
    }
    match cjk {
        1 => TermKind::Presence,
        2 => TermKind::Positional,
        _ => TermKind::Weighted,
    }
}

/// FNV-1a over the UTF-8 bytes of a term.
pub fn term_hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The length each norm byte stands for: exact up to 16, then growing by 1/16 a step.
/// Integer arithmetic, so the browser computes the same table bit for bit.
pub fn norm_lengths() -> [u64; 256] {
    let mut table = [0u64; 256];
    for q in 1..256 {
        let prev = table[q - 1];
        table[q] = (prev + 1).max(prev + prev / 16);
    }
    table
}

/// The largest norm byte whose length does not exceed `length`.
pub fn quantize_length(length: u64, table: &[u64; 256]) -> u8 {
    let q = table.partition_point(|&l| l <= length).saturating_sub(1);
    u8::try_from(q).unwrap_or(u8::MAX)
}

pub fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads varints from a byte slice; `None` on truncated or overlong input.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }
    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
    pub fn varint(&mut self) -> Option<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = *self.bytes.get(self.pos)?;
            self.pos += 1;
            value |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            write_varint(&mut out, v);
        }
        assert_eq!(&out[..4], [0, 1, 127, 0x80]);
        let mut r = Reader::new(&out);
        let back: Vec<u32> = std::iter::from_fn(|| r.varint()).collect();
        assert_eq!(back, [0, 1, 127, 128, 300, 16_384, u32::MAX]);
    }

    #[test]
    fn hash_is_fnv1a() {
        // Published FNV-1a 32-bit test vectors.
        assert_eq!(term_hash(""), 0x811c_9dc5);
        assert_eq!(term_hash("a"), 0xe40c_292c);
        assert_eq!(term_hash("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn norms_are_exact_when_short_and_monotonic() {
        let t = norm_lengths();
        assert_eq!(&t[..18], &(0..18).collect::<Vec<u64>>()[..]);
        assert!(t.windows(2).all(|w| w[1] > w[0]));
        assert!(t[255] > 10_000_000);
        assert_eq!(quantize_length(5, &t), 5);
        let q = quantize_length(3_000, &t);
        assert!(t[q as usize] <= 3_000 && t[q as usize + 1] > 3_000);
    }

    #[test]
    fn term_kinds() {
        assert_eq!(term_kind("模型"), TermKind::Positional);
        assert_eq!(term_kind("agent"), TermKind::Positional);
        assert_eq!(term_kind("模"), TermKind::Presence);
        assert_eq!(term_kind("多模态"), TermKind::Weighted);
    }
}
