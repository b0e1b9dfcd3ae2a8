//! Builds the index files from documents: tokenizes documents in parallel, merges their terms
//! into postings (doc deltas, or gaps between corpus-wide positions), and hands them to [`crate::layout`] to be laid out as the small
//! files described in [`crate::format`]. Output depends only on the input, byte for byte.

use rayon::prelude::*;
// Term keys are our own tokens, not attacker-chosen: a fast non-keyed hash is safe and halves build time.
use rustc_hash::FxHashMap as HashMap;

use crate::Document;
use crate::doc_terms::{DocTerms, Occurrence, TermKey, doc_terms};
use crate::format::{TermKind, norm_lengths, quantize_length, write_varint};
use crate::layout::{Term, lay_out};
use crate::rice::write_varint64;

/// Documents tokenized together before their terms are merged; bounds memory on large sites.
const CHUNK_DOCS: usize = 256;
/// Independent merge partitions (by term key), merged in parallel.
const PARTITIONS: usize = 64;

/// A term's postings as they grow, one document at a time in doc order.
#[derive(Default)]
pub(crate) struct Postings {
    pub df: u32,
    last_doc: Option<u32>,
    /// Positional terms: the last corpus-wide position written.
    last_position: Option<u64>,
    /// Doc deltas and values, or for positional terms varints of position gaps, which
    /// [`crate::layout`] turns into Rice codes once the whole list is known.
    pub bytes: Vec<u8>,
}

fn partition(key: TermKey) -> usize {
    (key.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % PARTITIONS
}

/// An occurrence packed as one integer that sorts by partition, then term, then value: the
/// partition above [`PARTITION_SHIFT`], the 50-bit term key, the 32-bit value. Plain integers
/// sort without recomputing the partition in every comparison.
const PARTITION_SHIFT: u32 = 96;
const KEY_MASK: u64 = (1 << 50) - 1;

/// A document's occurrences with site-wide text ids, packed and sorted.
fn sorted_occurrences(occurrences: Vec<Occurrence>, ids: &[u32]) -> Vec<u128> {
    let mut packed: Vec<u128> = occurrences
        .into_iter()
        .map(|(key, value)| {
            let key = match key.text_id() {
                Some(local) => key.with_text_id(ids[local as usize]),
                None => key,
            };
            (partition(key) as u128) << PARTITION_SHIFT
                | u128::from(key.0 & KEY_MASK) << 32
                | u128::from(value)
        })
        .collect();
    packed.sort_unstable();
    packed
}

/// The files of a built index, as paths relative to the index directory and their bytes,
/// sorted by path.
pub fn build_index(documents: &[Document]) -> Vec<(String, Vec<u8>)> {
    let mut partitions: Vec<HashMap<TermKey, Postings>> =
        (0..PARTITIONS).map(|_| HashMap::default()).collect();
    let mut texts: Vec<String> = Vec::new();
    let mut text_ids: HashMap<String, u32> = HashMap::default();
    let lengths_table = norm_lengths();
    let mut norms = Vec::with_capacity(documents.len());
    let mut spans = Vec::with_capacity(documents.len());
    let mut next_base = 0u64;
    for (chunk_index, chunk) in documents.chunks(CHUNK_DOCS).enumerate() {
        let first = chunk_index * CHUNK_DOCS;
        let tokenized: Vec<DocTerms> = chunk.par_iter().map(doc_terms).collect();
        norms.extend(
            tokenized
                .iter()
                .map(|t| quantize_length(t.length, &lengths_table)),
        );
        spans.extend(tokenized.iter().map(|t| t.span));
        let bases: Vec<u64> = tokenized
            .iter()
            .map(|t| {
                let base = next_base;
                next_base += u64::from(t.span);
                base
            })
            .collect();
        // Renumber each document's words into site-wide ids (sequential: ids follow doc order).
        let renumbered: Vec<Vec<u32>> = tokenized
            .iter()
            .map(|terms| {
                terms
                    .texts
                    .iter()
                    .map(|text| match text_ids.get(text) {
                        Some(&id) => id,
                        None => {
                            let id = texts.len() as u32;
                            texts.push(text.clone());
                            text_ids.insert(text.clone(), id);
                            id
                        }
                    })
                    .collect()
            })
            .collect();
        let sorted: Vec<Vec<u128>> = tokenized
            .into_par_iter()
            .zip(renumbered)
            .map(|(terms, ids)| sorted_occurrences(terms.occurrences, &ids))
            .collect();
        partitions
            .par_iter_mut()
            .enumerate()
            .for_each(|(p, merged)| {
                for (offset, occurrences) in sorted.iter().enumerate() {
                    let doc = u32::try_from(first + offset).unwrap_or(u32::MAX);
                    let base = bases[offset];
                    let from = occurrences.partition_point(|&o| (o >> PARTITION_SHIFT) < p as u128);
                    let to = occurrences.partition_point(|&o| (o >> PARTITION_SHIFT) <= p as u128);
                    for group in occurrences[from..to].chunk_by(|a, b| a >> 32 == b >> 32) {
                        let key = TermKey((group[0] >> 32) as u64 & KEY_MASK);
                        append_posting(merged.entry(key).or_default(), doc, base, key, group);
                    }
                }
            });
    }
    let mut terms: Vec<Term> = partitions
        .into_iter()
        .flatten()
        .map(|(key, postings)| Term {
            key: key.spell(&texts),
            postings,
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.key.cmp(&b.key));
    lay_out(documents, terms, &norms, &spans)
}

/// Appends one document (whose positions start at `base`) to a postings list: for a positional
/// term the gaps to each of its positions, otherwise the doc id as a delta from the previous
/// one, then for a weighted term its weight.
fn append_posting(postings: &mut Postings, doc: u32, base: u64, key: TermKey, group: &[u128]) {
    postings.df += 1;
    if key.kind() == TermKind::Positional {
        for &occurrence in group {
            let position = base + u64::from(occurrence as u32);
            let gap = postings
                .last_position
                .map_or(position, |last| position - last - 1);
            write_varint64(&mut postings.bytes, gap);
            postings.last_position = Some(position);
        }
        return;
    }
    let delta = postings.last_doc.map_or(doc, |last| doc - last);
    write_varint(&mut postings.bytes, delta);
    postings.last_doc = Some(doc);
    if key.kind() == TermKind::Weighted {
        write_varint(&mut postings.bytes, group[0] as u32);
    }
}
