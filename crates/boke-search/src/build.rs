//! Builds the index files from documents: tokenizes documents in parallel, merges their terms
//! into delta-encoded postings, and lays postings, documents and fold tables out as the small
//! files described in [`crate::format`]. Output depends only on the input, byte for byte.

use std::collections::BTreeMap;
use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use rayon::prelude::*;
// Term keys are our own tokens, not attacker-chosen: a fast non-keyed hash is safe and halves build time.
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::Document;
use crate::format::{
    BUCKET_TARGET_BYTES, ENTRY_EXTERNAL, ENTRY_INLINE, INLINE_MAX, Meta, TITLE_SLOTS, TITLE_WEIGHT,
    VERSION, bucket_path, doc_path, fold_path, norm_lengths, postings_path, quantize_length,
    term_hash, write_varint,
};
use crate::normalize::{FOLD_TABLE, fold_script, fold_width};
use crate::tokenize::{normalize, ranking_words, units_of};

/// Documents tokenized together before their terms are merged; bounds memory on large sites.
const CHUNK_DOCS: usize = 512;
/// Independent merge partitions (by term hash), merged in parallel.
const PARTITIONS: usize = 64;

/// What one document holds for one term.
enum Occurrences {
    Positions(Vec<u32>),
    Weighted(u32),
}

/// A document's terms of one merge partition, sorted by term.
type TermGroup = Vec<(String, Occurrences)>;

struct DocTerms {
    length: u64,
    /// Terms grouped by merge partition, each group sorted by term.
    partitions: Vec<Vec<(String, Occurrences)>>,
}

#[derive(Default)]
struct Postings {
    df: u32,
    last_doc: Option<u32>,
    bytes: Vec<u8>,
}

/// The files of a built index, as paths relative to the index directory and their bytes,
/// sorted by path.
pub fn build_index(documents: &[Document]) -> Vec<(String, Vec<u8>)> {
    let mut partitions: Vec<HashMap<String, Postings>> =
        (0..PARTITIONS).map(|_| HashMap::default()).collect();
    let lengths_table = norm_lengths();
    let mut norms = Vec::with_capacity(documents.len());
    for (chunk_index, chunk) in documents.chunks(CHUNK_DOCS).enumerate() {
        let first = chunk_index * CHUNK_DOCS;
        let tokenized: Vec<DocTerms> = chunk.par_iter().map(doc_terms).collect();
        norms.extend(
            tokenized
                .iter()
                .map(|t| quantize_length(t.length, &lengths_table)),
        );
        let mut by_partition: Vec<Vec<(u32, TermGroup)>> =
            (0..PARTITIONS).map(|_| Vec::new()).collect();
        for (offset, terms) in tokenized.into_iter().enumerate() {
            let doc = u32::try_from(first + offset).unwrap_or(u32::MAX);
            for (p, group) in terms.partitions.into_iter().enumerate() {
                by_partition[p].push((doc, group));
            }
        }
        partitions
            .par_iter_mut()
            .zip(by_partition)
            .for_each(|(merged, docs)| {
                for (doc, group) in docs {
                    for (key, occurrences) in group {
                        append_posting(merged.entry(key).or_default(), doc, &occurrences);
                    }
                }
            });
    }
    let mut terms: Vec<(String, Postings)> = partitions.into_iter().flatten().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut files = lay_out_terms(&terms);
    files.push(("norms.bin".to_owned(), norms));
    let mut folds: BTreeMap<u32, String> = BTreeMap::new();
    for line in FOLD_TABLE.lines() {
        if let Some(c) = line.chars().next() {
            let entry = folds.entry(c as u32 >> 8).or_default();
            entry.push_str(line);
            entry.push('\n');
        }
    }
    let meta = Meta {
        version: VERSION,
        docs: u32::try_from(documents.len()).unwrap_or(u32::MAX),
        buckets: bucket_count(&terms),
        fold: folds.keys().copied().collect(),
    };
    files.extend(
        folds
            .into_iter()
            .map(|(block, text)| (fold_path(block), text.into_bytes())),
    );
    files.push((
        "meta.json".to_owned(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    let docs: Vec<(String, Vec<u8>)> = documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            (
                doc_path(u32::try_from(i).unwrap_or(u32::MAX)),
                doc_record(d),
            )
        })
        .collect();
    files.extend(docs);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn doc_terms(doc: &Document) -> DocTerms {
    let mut terms: HashMap<String, Occurrences> = HashMap::default();
    let add_units = |text: &str,
                     base: u32,
                     weight: u32,
                     max_units: usize,
                     terms: &mut HashMap<String, Occurrences>| {
        let chars = normalize(text);
        let units = units_of(&chars);
        let kept = units.partition_point(|u| (u.slot as usize) < max_units);
        let units = &units[..kept];
        for (i, unit) in units.iter().enumerate() {
            let slot = base + unit.slot;
            if unit.cjk {
                add_weighted(terms, unit.key.clone(), weight);
                if let Some(next) = units.get(i + 1).filter(|n| n.glued) {
                    add_position(terms, format!("{}{}", unit.key, next.key), slot);
                }
            } else {
                add_position(terms, unit.key.clone(), slot);
            }
        }
        let normalized: String = chars.iter().collect();
        for word in ranking_words(&normalized) {
            add_weighted(terms, word.to_owned(), weight);
        }
        units.last().map_or(0, |u| u.slot + 1)
    };
    let title_units = add_units(
        &doc.title,
        0,
        TITLE_WEIGHT,
        TITLE_SLOTS as usize - 1,
        &mut terms,
    );
    let mut slot = TITLE_SLOTS;
    let rest = std::iter::once(&doc.body)
        .chain(&doc.headings)
        .chain(&doc.tags)
        .chain(&doc.categories);
    for field in rest {
        slot = slot.saturating_add(add_units(field, slot, 1, usize::MAX, &mut terms) + 1);
    }
    let length = u64::from(title_units) * u64::from(TITLE_WEIGHT) + u64::from(slot - TITLE_SLOTS);
    let mut partitions: Vec<Vec<(String, Occurrences)>> =
        (0..PARTITIONS).map(|_| Vec::new()).collect();
    for (key, occurrences) in terms {
        partitions[term_hash(&key) as usize % PARTITIONS].push((key, occurrences));
    }
    for group in &mut partitions {
        group.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    DocTerms { length, partitions }
}

fn add_weighted(terms: &mut HashMap<String, Occurrences>, key: String, weight: u32) {
    if let Occurrences::Weighted(n) = terms.entry(key).or_insert(Occurrences::Weighted(0)) {
        *n += weight;
    }
}

fn add_position(terms: &mut HashMap<String, Occurrences>, key: String, slot: u32) {
    if let Occurrences::Positions(p) = terms
        .entry(key)
        .or_insert_with(|| Occurrences::Positions(Vec::new()))
    {
        p.push(slot);
    }
}

/// Appends one document to a postings list: the doc id as a delta from the previous one, then
/// either the weighted frequency, or the position count and delta-encoded positions.
fn append_posting(postings: &mut Postings, doc: u32, occurrences: &Occurrences) {
    let delta = postings.last_doc.map_or(doc, |last| doc - last);
    write_varint(&mut postings.bytes, delta);
    postings.last_doc = Some(doc);
    postings.df += 1;
    match occurrences {
        Occurrences::Weighted(n) => write_varint(&mut postings.bytes, *n),
        Occurrences::Positions(positions) => {
            write_varint(&mut postings.bytes, positions.len() as u32);
            let mut last = 0;
            for &p in positions {
                write_varint(&mut postings.bytes, p - last);
                last = p;
            }
        }
    }
}

fn bucket_count(terms: &[(String, Postings)]) -> u32 {
    let inline: usize = terms
        .iter()
        .map(|(key, p)| {
            key.len()
                + 4
                + if p.bytes.len() <= INLINE_MAX {
                    p.bytes.len()
                } else {
                    3
                }
        })
        .sum();
    u32::try_from(
        inline
            .div_ceil(BUCKET_TARGET_BYTES)
            .max(1)
            .next_power_of_two(),
    )
    .unwrap_or(1 << 31)
}

/// Dictionary buckets (entries in term order) and the files of large postings lists.
fn lay_out_terms(terms: &[(String, Postings)]) -> Vec<(String, Vec<u8>)> {
    let buckets = bucket_count(terms);
    let mut bucket_bytes: Vec<Vec<u8>> = vec![Vec::new(); buckets as usize];
    let mut files = Vec::new();
    let mut external = 0u32;
    for (key, postings) in terms {
        let out = &mut bucket_bytes[(term_hash(key) & (buckets - 1)) as usize];
        write_varint(out, key.len() as u32);
        out.extend_from_slice(key.as_bytes());
        write_varint(out, postings.df);
        if postings.bytes.len() <= INLINE_MAX {
            write_varint(out, ENTRY_INLINE);
            write_varint(out, postings.bytes.len() as u32);
            out.extend_from_slice(&postings.bytes);
        } else {
            write_varint(out, ENTRY_EXTERNAL);
            write_varint(out, external);
            files.push((postings_path(external), postings.bytes.clone()));
            external += 1;
        }
    }
    files.extend(
        bucket_bytes
            .into_iter()
            .enumerate()
            .map(|(i, b)| (bucket_path(i as u32), b)),
    );
    files
}

#[derive(Serialize)]
struct DocRecord<'a> {
    t: &'a str,
    u: &'a str,
    d: Option<&'a str>,
    x: &'a str,
    /// Traditional → Simplified pairs for the characters of `x` that fold, so the browser can
    /// highlight folded matches without the whole table.
    f: String,
}

/// The gzipped JSON record the results list shows: title, url, date and the text snippets are cut from.
fn doc_record(doc: &Document) -> Vec<u8> {
    let folds: std::collections::BTreeSet<(char, char)> = doc
        .body
        .chars()
        .filter_map(|c| {
            let width_folded = fold_width(c);
            let folded = fold_script(width_folded);
            (folded != width_folded).then_some((width_folded, folded))
        })
        .collect();
    let f = folds.into_iter().flat_map(|(t, s)| [t, s]).collect();
    let record = DocRecord {
        t: &doc.title,
        u: &doc.url,
        d: doc.date.as_deref(),
        x: &doc.body,
        f,
    };
    let json = serde_json::to_vec(&record).unwrap_or_default();
    let mut encoder = GzEncoder::new(Vec::with_capacity(json.len() / 2), Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(&json);
    encoder.finish().unwrap_or_default()
}
