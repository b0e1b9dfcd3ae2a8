//! Builds the index files from documents: tokenizes documents in parallel, merges their terms
//! into delta-encoded postings, and hands them to [`crate::layout`] to be laid out as the small
//! files described in [`crate::format`]. Output depends only on the input, byte for byte.

use rayon::prelude::*;
// Term keys are our own tokens, not attacker-chosen: a fast non-keyed hash is safe and halves build time.
use rustc_hash::FxHashMap as HashMap;

use crate::Document;
use crate::doc_terms::{DocTerms, Occurrence, TermKey, doc_terms};
use crate::format::{TermKind, norm_lengths, quantize_length, write_varint};
use crate::layout::{Term, lay_out};

/// Documents tokenized together before their terms are merged; bounds memory on large sites.
const CHUNK_DOCS: usize = 1024;
/// Independent merge partitions (by term key), merged in parallel.
const PARTITIONS: usize = 64;

/// A term's postings as they grow, one document at a time in doc order.
#[derive(Default)]
pub(crate) struct Postings {
    pub df: u32,
    last_doc: Option<u32>,
    pub bytes: Vec<u8>,
}

fn partition(key: TermKey) -> usize {
    (key.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % PARTITIONS
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
    for (chunk_index, chunk) in documents.chunks(CHUNK_DOCS).enumerate() {
        let first = chunk_index * CHUNK_DOCS;
        let mut tokenized: Vec<DocTerms> = chunk.par_iter().map(doc_terms).collect();
        norms.extend(
            tokenized
                .iter()
                .map(|t| quantize_length(t.length, &lengths_table)),
        );
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
        tokenized
            .par_iter_mut()
            .zip(renumbered)
            .for_each(|(terms, ids)| {
                for (key, _) in &mut terms.occurrences {
                    if let Some(local) = key.text_id() {
                        *key = key.with_text_id(ids[local as usize]);
                    }
                }
                terms
                    .occurrences
                    .sort_unstable_by_key(|&(key, value)| (partition(key), key, value));
            });
        partitions
            .par_iter_mut()
            .enumerate()
            .for_each(|(p, merged)| {
                for (offset, terms) in tokenized.iter().enumerate() {
                    let doc = u32::try_from(first + offset).unwrap_or(u32::MAX);
                    let occurrences = &terms.occurrences;
                    let from = occurrences.partition_point(|&(k, _)| partition(k) < p);
                    let to = occurrences.partition_point(|&(k, _)| partition(k) <= p);
                    for group in occurrences[from..to].chunk_by(|a, b| a.0 == b.0) {
                        append_posting(merged.entry(group[0].0).or_default(), doc, group);
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
    lay_out(documents, terms, &norms)
}

/// Appends one document to a postings list: the doc id as a delta from the previous one, then
/// for a positional term the position count and delta-encoded positions, for a weighted term
/// its weight, and for a single character nothing more.
fn append_posting(postings: &mut Postings, doc: u32, group: &[Occurrence]) {
    let delta = postings.last_doc.map_or(doc, |last| doc - last);
    write_varint(&mut postings.bytes, delta);
    postings.last_doc = Some(doc);
    postings.df += 1;
    match group[0].0.kind() {
        TermKind::Presence => {}
        TermKind::Weighted => write_varint(&mut postings.bytes, group[0].1),
        TermKind::Positional => {
            write_varint(&mut postings.bytes, group.len() as u32);
            let mut last = 0;
            for &(_, p) in group {
                write_varint(&mut postings.bytes, p - last);
                last = p;
            }
        }
    }
}
