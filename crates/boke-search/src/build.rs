//! Builds the index files from documents: tokenizes documents in parallel, merges their terms
//! into postings (doc deltas, or gaps between corpus-wide positions), and hands them to
//! [`crate::layout`] to be laid out as the small files described in [`crate::format`]. Output
//! depends only on the input, byte for byte.

use rayon::prelude::*;
// Term keys are our own tokens, not attacker-chosen: a fast non-keyed hash is safe and halves build time.
use rustc_hash::FxHashMap as HashMap;

use crate::Document;
use crate::doc_terms::{Collector, DocTerms, PARTITIONS, TermKey};
use crate::format::{norm_lengths, quantize_length};
use crate::layout::{Term, lay_out};
use crate::postings::Postings;

/// Documents tokenized together; the merge of one chunk runs while the next is tokenized, and
/// the chunk size bounds how many documents' terms are held at once.
const CHUNK_DOCS: usize = 256;

/// Merges tokenized documents, in doc order, into postings.
///
/// The merge of one chunk runs while the next chunk is tokenized. Each partition of terms is
/// merged on its own, and every occurrence is appended straight to its term's list: documents
/// arrive in order and a document yields each term's positions in rising order, so the lists
/// come out sorted without sorting anything.
struct Merger {
    partitions: Vec<HashMap<TermKey, Postings>>,
    /// Latin and jieba words by site-wide id, and the ids by word.
    texts: Vec<String>,
    text_ids: HashMap<String, u32>,
    lengths_table: [u64; 256],
    norms: Vec<u8>,
    spans: Vec<u32>,
    /// Each document's fold pairs, for its record.
    folds: Vec<String>,
    /// Where the next document starts in the corpus-wide position space.
    next_base: u64,
}

impl Merger {
    fn add(&mut self, mut documents: Vec<DocTerms>) {
        let first = self.norms.len();
        let mut bases = Vec::with_capacity(documents.len());
        // Site-wide ids of each document's words (sequential: ids follow doc order).
        let mut ids: Vec<Vec<u32>> = Vec::with_capacity(documents.len());
        for terms in &mut documents {
            bases.push(self.next_base);
            self.next_base += u64::from(terms.span);
            self.norms
                .push(quantize_length(terms.length, &self.lengths_table));
            self.spans.push(terms.span);
            self.folds.push(std::mem::take(&mut terms.folds));
            let texts = std::mem::take(&mut terms.texts);
            ids.push(texts.into_iter().map(|text| self.text_id(text)).collect());
        }
        self.partitions
            .par_iter_mut()
            .enumerate()
            .for_each(|(p, postings)| {
                for (offset, terms) in documents.iter().enumerate() {
                    let doc = u32::try_from(first + offset).unwrap_or(u32::MAX);
                    for &(key, value) in terms.partition(p) {
                        let key = match key.text_id() {
                            Some(local) => key.with_text_id(ids[offset][local as usize]),
                            None => key,
                        };
                        let list = postings.entry(key).or_default();
                        list.append(doc, bases[offset], key, value);
                    }
                }
            });
    }

    /// The site-wide id of a word, numbered in order of first appearance.
    fn text_id(&mut self, text: String) -> u32 {
        if let Some(&id) = self.text_ids.get(&text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.clone());
        self.text_ids.insert(text, id);
        id
    }
}

/// The files of a built index, as paths relative to the index directory and their bytes,
/// sorted by path.
pub fn build_index(documents: &[Document]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let collected: Result<(), std::convert::Infallible> =
        build_index_into(documents, &mut |batch| {
            files.extend(batch);
            Ok(())
        });
    let Ok(()) = collected;
    files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Where [`build_index_into`] hands a batch of index files: paths relative to the index
/// directory, and their bytes.
pub type IndexSink<'a, E> = dyn FnMut(Vec<(String, Vec<u8>)>) -> Result<(), E> + 'a;

/// [`build_index`], the files handed to `sink` in batches as they are made (in no particular
/// order), so that a caller writing them holds only a batch at a time. Stops at the first
/// error of `sink`.
pub fn build_index_into<E>(documents: &[Document], sink: &mut IndexSink<'_, E>) -> Result<(), E> {
    let mut merger = Merger {
        partitions: (0..PARTITIONS).map(|_| HashMap::default()).collect(),
        texts: Vec::new(),
        text_ids: HashMap::default(),
        lengths_table: norm_lengths(),
        norms: Vec::with_capacity(documents.len()),
        spans: Vec::with_capacity(documents.len()),
        folds: Vec::with_capacity(documents.len()),
        next_base: 0,
    };
    let mut tokenized: Vec<DocTerms> = Vec::new();
    for chunk in documents.chunks(CHUNK_DOCS) {
        let previous = std::mem::take(&mut tokenized);
        let merge = || merger.add(previous);
        let tokenize = || {
            chunk
                .par_iter()
                .map_init(Collector::default, |collector, doc| {
                    collector.doc_terms(doc)
                })
                .collect()
        };
        (_, tokenized) = rayon::join(merge, tokenize);
    }
    merger.add(tokenized);
    let Merger {
        partitions,
        texts,
        norms,
        spans,
        folds,
        ..
    } = merger;
    let mut terms: Vec<Term> = partitions
        .into_iter()
        .flatten()
        .map(|(key, postings)| Term {
            key: key.spell(&texts),
            postings,
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.key.cmp(&b.key));
    lay_out(documents, terms, &norms, &spans, &folds, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(n: usize) -> Vec<Document<'static>> {
        (0..n)
            .map(|i| Document {
                url: format!("/posts/{i}/").into(),
                title: format!("第{i}篇：中文搜索").into(),
                body: format!("正文第{i}段，讲分词与索引。").into(),
                ..Document::default()
            })
            .collect()
    }

    #[test]
    fn the_streamed_index_is_the_whole_index_in_batches_of_records() {
        let docs = documents(2_500);
        let whole = build_index(&docs);
        let mut batches: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
        let streamed: Result<(), ()> = build_index_into(&docs, &mut |batch| {
            batches.push(batch);
            Ok(())
        });
        assert!(streamed.is_ok());
        // The dictionary and postings, then the records of 1024, 1024 and 452 documents.
        let sizes: Vec<usize> = batches[1..].iter().map(Vec::len).collect();
        assert_eq!(sizes, [1024, 1024, 452]);
        assert!(batches[0].iter().any(|(path, _)| path == "meta.json"));
        let mut files: Vec<(String, Vec<u8>)> = batches.into_iter().flatten().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(files == whole, "the same files, byte for byte");
    }

    #[test]
    fn a_failing_sink_stops_the_index() {
        let docs = documents(2_500);
        let mut calls = 0;
        let streamed = build_index_into(&docs, &mut |_| {
            calls += 1;
            if calls == 2 { Err("disk full") } else { Ok(()) }
        });
        assert_eq!(streamed, Err("disk full"));
        assert_eq!(calls, 2);
    }
}
