//! Answers queries from a built index directory, reading only the files the query needs:
//! exact phrase matching on positional postings, AND across terms, BM25 with a title boost, and
//! a bonus where the query is a whole jieba word. `assets/search.js` implements the same steps in
//! the same order, so both rank identically.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use serde::{Deserialize, Serialize};

use crate::format::{
    ENTRY_EXTERNAL, ENTRY_INLINE, Meta, Reader, TITLE_SLOTS, TITLE_WEIGHT, VERSION, bucket_path,
    doc_path, is_positional, norm_lengths, postings_path, term_hash,
};
use crate::query::{Term, parse};
use crate::snippet::snippet;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Weight of the jieba-word bonus relative to a query term.
const WORD_BONUS: f64 = 0.5;

/// Search results: how many documents match, and the best of them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One matching document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub score: f64,
    /// HTML: text escaped, matched terms wrapped in `<mark>`.
    pub snippet: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot read search index file {path}: {source} (was the site built?)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("search index file {path} is damaged; rebuild the site")]
    Corrupt { path: PathBuf },
    #[error("search index format {found} is not the supported {VERSION}; rebuild the site")]
    Version { found: u32 },
}

/// Decoded postings of one term: positions per document, or a weighted frequency.
enum Postings {
    Positions(Vec<(u32, Vec<u32>)>),
    Weighted(Vec<(u32, u32)>),
}

/// An opened index directory that counts what it reads, as a browser would download it.
pub struct Searcher {
    dir: PathBuf,
    meta: Meta,
    lengths: Vec<f64>,
    average_length: f64,
    files_read: Cell<u64>,
    bytes_read: Cell<u64>,
}

/// Runs one query on the index in `index_dir`.
pub fn search(index_dir: &Path, query: &str, limit: usize) -> Result<SearchResults, SearchError> {
    Searcher::open(index_dir)?.search(query, limit)
}

impl Searcher {
    /// Reads the metadata and length norms.
    pub fn open(index_dir: &Path) -> Result<Self, SearchError> {
        let mut searcher = Self {
            dir: index_dir.to_path_buf(),
            meta: Meta {
                version: VERSION,
                docs: 0,
                buckets: 1,
                fold: Vec::new(),
            },
            lengths: Vec::new(),
            average_length: 1.0,
            files_read: Cell::new(0),
            bytes_read: Cell::new(0),
        };
        let meta_bytes = searcher.read("meta.json")?;
        let meta: Meta =
            serde_json::from_slice(&meta_bytes).map_err(|_| searcher.corrupt("meta.json"))?;
        if meta.version != VERSION {
            return Err(SearchError::Version {
                found: meta.version,
            });
        }
        if meta.buckets == 0 || !meta.buckets.is_power_of_two() {
            return Err(searcher.corrupt("meta.json"));
        }
        let norms = searcher.read("norms.bin")?;
        if norms.len() != meta.docs as usize {
            return Err(searcher.corrupt("norms.bin"));
        }
        let table = norm_lengths();
        let total: u64 = norms.iter().map(|&q| table[q as usize]).sum();
        searcher.lengths = norms.iter().map(|&q| table[q as usize] as f64).collect();
        searcher.average_length = if norms.is_empty() {
            1.0
        } else {
            (total as f64 / norms.len() as f64).max(1.0)
        };
        searcher.meta = meta;
        Ok(searcher)
    }

    /// Files and bytes read so far, metadata included.
    pub fn fetched(&self) -> (u64, u64) {
        (self.files_read.get(), self.bytes_read.get())
    }

    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, SearchError> {
        let terms = parse(query);
        let empty = SearchResults {
            total: 0,
            hits: Vec::new(),
        };
        if terms.is_empty() {
            return Ok(empty);
        }
        let mut keys: BTreeSet<&str> = BTreeSet::new();
        for term in &terms {
            keys.extend(term.positional.iter().map(|(k, _)| k.as_str()));
            keys.extend(term.present.iter().map(String::as_str));
            keys.extend(term.word.as_deref());
        }
        let postings = self.lookup(&keys)?;
        let mut per_term: Vec<HashMap<u32, u32>> = Vec::with_capacity(terms.len());
        for term in &terms {
            let tf = term_frequencies(term, &postings);
            if tf.is_empty() {
                return Ok(empty);
            }
            per_term.push(tf);
        }
        let (smallest, _) = per_term
            .iter()
            .enumerate()
            .min_by_key(|(_, m)| m.len())
            .unwrap_or((0, &per_term[0]));
        let mut matching: Vec<u32> = per_term[smallest]
            .keys()
            .copied()
            .filter(|d| per_term.iter().all(|m| m.contains_key(d)))
            .collect();
        matching.sort_unstable();
        let mut scored: Vec<(u32, f64)> = matching
            .iter()
            .map(|&d| (d, self.score(d, &terms, &per_term, &postings)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let total = scored.len();
        scored.truncate(limit);
        let hits = scored
            .into_iter()
            .map(|(doc, score)| {
                let record = self.doc(doc)?;
                let snippet = snippet(&record.x, &terms);
                Ok(Hit {
                    title: record.t,
                    url: record.u,
                    date: record.d,
                    score,
                    snippet,
                })
            })
            .collect::<Result<Vec<_>, SearchError>>()?;
        Ok(SearchResults { total, hits })
    }

    fn score(
        &self,
        doc: u32,
        terms: &[Term],
        per_term: &[HashMap<u32, u32>],
        postings: &HashMap<String, Postings>,
    ) -> f64 {
        let n = f64::from(self.meta.docs);
        let length = self
            .lengths
            .get(doc as usize)
            .copied()
            .unwrap_or(self.average_length);
        let saturate = |tf: u32| {
            let tf = f64::from(tf);
            let norm = K1 * (1.0 - B + B * length / self.average_length);
            tf * (K1 + 1.0) / (tf + norm)
        };
        let idf = |df: usize| {
            let df = df as f64;
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        };
        let mut score = 0.0;
        for (term, tf) in terms.iter().zip(per_term) {
            score += idf(tf.len()) * saturate(tf.get(&doc).copied().unwrap_or(0));
            if let Some(Postings::Weighted(list)) = term.word.as_ref().and_then(|w| postings.get(w))
                && let Ok(i) = list.binary_search_by_key(&doc, |&(d, _)| d)
            {
                score += WORD_BONUS * idf(list.len()) * saturate(list[i].1);
            }
        }
        score
    }

    /// Fetches the dictionary buckets of the keys and the postings of those present.
    fn lookup(&self, keys: &BTreeSet<&str>) -> Result<HashMap<String, Postings>, SearchError> {
        let mut by_bucket: HashMap<u32, Vec<&str>> = HashMap::new();
        for key in keys {
            by_bucket
                .entry(term_hash(key) & (self.meta.buckets - 1))
                .or_default()
                .push(key);
        }
        let mut buckets: Vec<_> = by_bucket.into_iter().collect();
        buckets.sort_unstable();
        let mut found = HashMap::new();
        for (bucket, wanted) in buckets {
            let path = bucket_path(bucket);
            let bytes = self.read(&path)?;
            let mut reader = Reader::new(&bytes);
            while !reader.at_end() {
                let entry = read_entry(&mut reader).ok_or_else(|| self.corrupt(&path))?;
                let key = std::str::from_utf8(entry.key).map_err(|_| self.corrupt(&path))?;
                if !wanted.contains(&key) {
                    continue;
                }
                let (data, source) = match entry.location {
                    Location::Inline(data) => (data.to_vec(), path.clone()),
                    Location::External(n) => {
                        let p = postings_path(n);
                        (self.read(&p)?, p)
                    }
                };
                let decoded = decode_postings(&data, entry.df, is_positional(key))
                    .ok_or_else(|| self.corrupt(&source))?;
                found.insert(key.to_owned(), decoded);
            }
        }
        Ok(found)
    }

    fn doc(&self, doc: u32) -> Result<DocRecord, SearchError> {
        let path = doc_path(doc);
        let gz = self.read(&path)?;
        let mut json = Vec::new();
        GzDecoder::new(gz.as_slice())
            .read_to_end(&mut json)
            .map_err(|_| self.corrupt(&path))?;
        serde_json::from_slice(&json).map_err(|_| self.corrupt(&path))
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SearchError> {
        let path = self.dir.join(relative);
        let bytes = std::fs::read(&path).map_err(|source| SearchError::Io { path, source })?;
        self.files_read.set(self.files_read.get() + 1);
        self.bytes_read
            .set(self.bytes_read.get() + bytes.len() as u64);
        Ok(bytes)
    }

    fn corrupt(&self, relative: &str) -> SearchError {
        SearchError::Corrupt {
            path: self.dir.join(relative),
        }
    }
}

#[derive(Deserialize)]
struct DocRecord {
    t: String,
    u: String,
    d: Option<String>,
    x: String,
}

enum Location<'a> {
    Inline(&'a [u8]),
    External(u32),
}

struct Entry<'a> {
    key: &'a [u8],
    df: u32,
    location: Location<'a>,
}

fn read_entry<'a>(reader: &mut Reader<'a>) -> Option<Entry<'a>> {
    let key_len = reader.varint()? as usize;
    let key = reader.take(key_len)?;
    let df = reader.varint()?;
    let location = match reader.varint()? {
        ENTRY_INLINE => {
            let len = reader.varint()? as usize;
            Location::Inline(reader.take(len)?)
        }
        ENTRY_EXTERNAL => Location::External(reader.varint()?),
        _ => return None,
    };
    Some(Entry { key, df, location })
}

fn decode_postings(bytes: &[u8], df: u32, positional: bool) -> Option<Postings> {
    let mut reader = Reader::new(bytes);
    let mut doc = 0u32;
    let capacity = (df as usize).min(bytes.len());
    if positional {
        let mut list = Vec::with_capacity(capacity);
        for i in 0..df {
            let delta = reader.varint()?;
            doc = if i == 0 {
                delta
            } else {
                doc.checked_add(delta)?
            };
            let count = reader.varint()? as usize;
            let mut positions = Vec::with_capacity(count.min(bytes.len()));
            let mut p = 0u32;
            for _ in 0..count {
                p = p.checked_add(reader.varint()?)?;
                positions.push(p);
            }
            list.push((doc, positions));
        }
        reader.at_end().then_some(Postings::Positions(list))
    } else {
        let mut list = Vec::with_capacity(capacity);
        for i in 0..df {
            let delta = reader.varint()?;
            doc = if i == 0 {
                delta
            } else {
                doc.checked_add(delta)?
            };
            list.push((doc, reader.varint()?));
        }
        reader.at_end().then_some(Postings::Weighted(list))
    }
}

/// Weighted frequency of a term per document where it occurs whole: every positional component
/// at its offset from one start slot, and every lone character somewhere in the document.
fn term_frequencies(term: &Term, postings: &HashMap<String, Postings>) -> HashMap<u32, u32> {
    let mut result = HashMap::new();
    let mut present: Vec<HashMap<u32, u32>> = Vec::new();
    for key in &term.present {
        match postings.get(key) {
            Some(Postings::Weighted(list)) => present.push(list.iter().copied().collect()),
            _ => return result,
        }
    }
    let mut components = Vec::new();
    for (key, offset) in &term.positional {
        match postings.get(key) {
            Some(Postings::Positions(list)) => components.push((list, *offset)),
            _ => return result,
        }
    }
    let Some(((first, first_offset), others)) = components.split_first() else {
        // Only lone characters: the rarest one's frequency bounds the term's.
        if let Some((head, rest)) = present.split_first() {
            for (&doc, &tf) in head {
                if let Some(tf) = rest
                    .iter()
                    .try_fold(tf, |m, p| p.get(&doc).map(|&t| m.min(t)))
                {
                    result.insert(doc, tf);
                }
            }
        }
        return result;
    };
    let others: Vec<(HashMap<u32, &Vec<u32>>, u32)> = others
        .iter()
        .map(|(list, offset)| (list.iter().map(|(d, p)| (*d, p)).collect(), *offset))
        .collect();
    for (doc, positions) in first.iter() {
        if !present.iter().all(|p| p.contains_key(doc)) {
            continue;
        }
        let Some(other_positions) = others
            .iter()
            .map(|(m, o)| m.get(doc).map(|p| (*p, *o)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let mut tf = 0;
        for &p in positions {
            let Some(start) = p.checked_sub(*first_offset) else {
                continue;
            };
            if other_positions
                .iter()
                .all(|(ps, o)| ps.binary_search(&(start + o)).is_ok())
            {
                tf += if start < TITLE_SLOTS { TITLE_WEIGHT } else { 1 };
            }
        }
        if tf > 0 {
            result.insert(*doc, tf);
        }
    }
    result
}
