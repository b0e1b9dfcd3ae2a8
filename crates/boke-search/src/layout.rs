//! Lays merged postings, documents and fold tables out as the files of [`crate::format`]:
//! dictionary buckets sized to the corpus, large postings in files of their own, every binary
//! file gzipped (the browser inflates with `DecompressionStream`).

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::Document;
use crate::build::IndexSink;
use crate::format::{
    BUCKET_TARGET_BYTES, ENTRY_EXTERNAL, ENTRY_INLINE, FOLD_FILE_MIN_BYTES, FOLD_SHIFT_RANGE,
    INLINE_MAX, Meta, ONE_BUCKET_MAX_BYTES, PRESENCE_BITMAP, PRESENCE_LIST, Reader, TermKind,
    VERSION, bucket_path, doc_path, fold_path, postings_path, term_hash, term_kind, write_varint,
};
use crate::gzip::Gzip;
use crate::normalize::FOLD_TABLE;
use crate::postings::Postings;
use crate::{record, rice};

/// One dictionary term and its postings, in dictionary order.
pub(crate) struct Term {
    pub key: String,
    pub postings: Postings,
}

/// Where a term's postings live.
enum Placement {
    Inline(Vec<u8>),
    /// File number and gzipped bytes.
    External(u32, Vec<u8>),
}

/// Documents whose records are made and handed on at a time: the records of a large site
/// weigh as much as all its postings, and none of them needs to wait for the others.
const RECORD_BATCH: usize = 1024;

/// Lays the index out as files and hands them to `sink`: the dictionary, postings and
/// metadata first, then the documents' records batch by batch, so that a large site's index
/// is never in memory whole.
pub(crate) fn lay_out<E>(
    documents: &[Document],
    terms: Vec<Term>,
    norms: &[u8],
    spans: &[u32],
    doc_folds: &[String],
    sink: &mut IndexSink<'_, E>,
) -> Result<(), E> {
    let docs = u32::try_from(documents.len()).unwrap_or(u32::MAX);
    let data: Vec<(String, u32, Vec<u8>)> = terms
        .into_par_iter()
        .map(|t| {
            let bytes = match term_kind(&t.key) {
                TermKind::Presence => presence(&t.postings, docs),
                TermKind::Positional => rice_coded(&t.postings.bytes),
                TermKind::Weighted => t.postings.bytes,
            };
            (t.key, t.postings.df, bytes)
        })
        .collect();
    let indexed_chars: BTreeSet<char> = data
        .iter()
        .filter(|(key, _, _)| term_kind(key) == TermKind::Presence)
        .filter_map(|(key, _, _)| key.chars().next())
        .collect();
    let mut external = 0u32;
    let numbered: Vec<(String, u32, Option<u32>, Vec<u8>)> = data
        .into_iter()
        .map(|(key, df, bytes)| {
            let file = (bytes.len() > INLINE_MAX).then(|| {
                external += 1;
                external - 1
            });
            (key, df, file, bytes)
        })
        .collect();
    let placed: Vec<(String, u32, Placement)> = numbered
        .into_par_iter()
        .map_init(Gzip::new, |gzip, (key, df, file, bytes)| {
            let placement = match file {
                // Rice codes are close to random bits: gzip would only add its header.
                Some(n) if term_kind(&key) == TermKind::Positional => Placement::External(n, bytes),
                Some(n) => Placement::External(n, gzip.gzip(&bytes)),
                None => Placement::Inline(bytes),
            };
            (key, df, placement)
        })
        .collect();

    let buckets = bucket_count(&placed);
    let mut bucket_bytes: Vec<Vec<u8>> = vec![Vec::new(); buckets as usize];
    let mut files = Vec::new();
    for (key, df, placement) in placed {
        let out = &mut bucket_bytes[(term_hash(&key) & (buckets - 1)) as usize];
        write_varint(out, key.len() as u32);
        out.extend_from_slice(key.as_bytes());
        write_varint(out, df);
        match placement {
            Placement::Inline(bytes) => {
                write_varint(out, ENTRY_INLINE);
                write_varint(out, bytes.len() as u32);
                out.extend_from_slice(&bytes);
            }
            Placement::External(n, gz) => {
                write_varint(out, ENTRY_EXTERNAL);
                write_varint(out, n);
                write_varint(out, gz.len() as u32);
                files.push((postings_path(n), gz));
            }
        }
    }
    files.par_extend(
        bucket_bytes
            .into_par_iter()
            .enumerate()
            .map_init(Gzip::new, |gzip, (i, b)| {
                (bucket_path(i as u32), gzip.gzip(&b))
            }),
    );
    let mut norms_and_spans = norms.to_vec();
    for &span in spans {
        write_varint(&mut norms_and_spans, span);
    }
    files.push(("norms.bin".to_owned(), Gzip::new().gzip(&norms_and_spans)));
    let (fold_shift, folds) = fold_files(&indexed_chars);
    let meta = Meta {
        version: VERSION,
        docs,
        buckets,
        fold: folds.keys().copied().collect(),
        fold_shift,
    };
    files.extend(
        folds
            .into_iter()
            .map(|(group, text)| (fold_path(group), text.into_bytes())),
    );
    files.push((
        "meta.json".to_owned(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    sink(files)?;
    for (batch, chunk) in documents.chunks(RECORD_BATCH).enumerate() {
        let first = batch * RECORD_BATCH;
        let records = chunk
            .par_iter()
            .enumerate()
            .map_init(
                || (Gzip::new(), Gzip::fast()),
                |(gzip, fast), (offset, d)| {
                    let i = first + offset;
                    let path = doc_path(u32::try_from(i).unwrap_or(u32::MAX));
                    let folds = doc_folds.get(i).map_or("", String::as_str);
                    let (bytes, encoding) = record::encode(d, folds);
                    let gzip = match encoding {
                        // The bulk of a Chinese site's index and of its gzip time.
                        record::Encoding::Utf16 => fast,
                        // Latin text: level 1's fixed codes would cost it a quarter more bytes.
                        record::Encoding::Utf8 => gzip,
                    };
                    (path, gzip.gzip(&bytes))
                },
            )
            .collect();
        sink(records)?;
    }
    Ok(())
}

/// Positional postings, gathered as varint gaps, as Rice codes.
fn rice_coded(varint_gaps: &[u8]) -> Vec<u8> {
    // The build's own varints, well formed: one pass with no bounds to check per byte.
    let mut gaps = Vec::with_capacity(varint_gaps.len());
    let (mut gap, mut shift) = (0u64, 0u32);
    for &byte in varint_gaps {
        gap |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        if byte < 0x80 {
            gaps.push(gap);
            (gap, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
    rice::encode(&gaps)
}

/// A single character's postings: the doc-delta list, or a bitmap of all documents when that
/// is smaller.
fn presence(postings: &Postings, docs: u32) -> Vec<u8> {
    let bitmap_len = docs.div_ceil(8) as usize;
    if postings.bytes.len() <= bitmap_len {
        let mut out = Vec::with_capacity(postings.bytes.len() + 1);
        out.push(PRESENCE_LIST);
        out.extend_from_slice(&postings.bytes);
        return out;
    }
    let mut out = vec![0u8; bitmap_len + 1];
    out[0] = PRESENCE_BITMAP;
    let mut reader = Reader::new(&postings.bytes);
    let mut doc = 0u32;
    for i in 0..postings.df {
        let Some(delta) = reader.varint() else { break };
        doc = if i == 0 { delta } else { doc + delta };
        out[1 + (doc / 8) as usize] |= 1 << (doc % 8);
    }
    out
}

/// The Traditional → Simplified pairs whose Simplified form is an indexed character, split into
/// groups of code points as large as it takes for each file to reach [`FOLD_FILE_MIN_BYTES`]
/// (one file on a small site); returns the shift and the files' text by group.
fn fold_files(indexed: &BTreeSet<char>) -> (u32, BTreeMap<u32, String>) {
    let pairs: Vec<&str> = FOLD_TABLE
        .lines()
        .filter(|line| line.chars().nth(1).is_some_and(|s| indexed.contains(&s)))
        .collect();
    let bytes: usize = pairs.iter().map(|line| line.len() + 1).sum();
    let group = |shift: u32| {
        let mut groups: BTreeMap<u32, String> = BTreeMap::new();
        for line in &pairs {
            if let Some(c) = line.chars().next() {
                let text = groups.entry(c as u32 >> shift).or_default();
                text.push_str(line);
                text.push('\n');
            }
        }
        groups
    };
    let last = *FOLD_SHIFT_RANGE.end();
    for shift in FOLD_SHIFT_RANGE {
        let groups = group(shift);
        if shift == last || bytes / groups.len().max(1) >= FOLD_FILE_MIN_BYTES {
            return (shift, groups);
        }
    }
    (last, group(last))
}

fn bucket_count(placed: &[(String, u32, Placement)]) -> u32 {
    let inline: usize = placed
        .iter()
        .map(|(key, _, placement)| {
            key.len()
                + 4
                + match placement {
                    Placement::Inline(bytes) => bytes.len(),
                    Placement::External(..) => 6,
                }
        })
        .sum();
    if inline <= ONE_BUCKET_MAX_BYTES {
        return 1;
    }
    u32::try_from(
        inline
            .div_ceil(BUCKET_TARGET_BYTES)
            .max(1)
            .next_power_of_two(),
    )
    .unwrap_or(1 << 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_files_hold_only_pairs_into_indexed_characters() {
        // 開 → 开 and 發 → 发 are in OpenCC's table; only 开 is indexed here.
        let (shift, files) = fold_files(&BTreeSet::from(['开', '源']));
        assert_eq!(shift, *FOLD_SHIFT_RANGE.end(), "a tiny table is one file");
        assert_eq!(files.keys().copied().collect::<Vec<_>>(), [0]);
        assert!(
            files[&0].lines().any(|line| line == "開开"),
            "{}",
            files[&0]
        );
        assert!(
            files[&0]
                .lines()
                .all(|line| line.ends_with('开') || line.ends_with('源'))
        );
        // Every Simplified character indexed: the whole table, split into files of at least
        // FOLD_FILE_MIN_BYTES on average.
        let all: BTreeSet<char> = FOLD_TABLE
            .lines()
            .filter_map(|l| l.chars().nth(1))
            .collect();
        let (_, files) = fold_files(&all);
        let total: usize = files.values().map(String::len).sum();
        assert_eq!(total, FOLD_TABLE.len());
        assert!(files.len() > 1 && total / files.len() >= FOLD_FILE_MIN_BYTES);
    }
}
