//! Answers queries from a built index directory, reading only the files the query needs:
//! exact phrase matching on positional postings, AND across terms, BM25 on the body plus boosts
//! for matches in the title, headings and bold text, and a bonus where the query is a whole
//! jieba word. `assets/search.js` implements the same steps in
//! the same order, so both rank identically.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use serde::{Deserialize, Serialize};

use crate::format::{
    ENTRY_EXTERNAL, ENTRY_INLINE, FIELD_BOOSTS, FIELDS, Meta, PRESENCE_BITMAP, PRESENCE_LIST,
    Reader, TermKind, VERSION, bucket_path, doc_path, field_of, norm_lengths, postings_path,
    term_hash, term_kind,
};
use crate::query::{Term, cheapest_cover, parse};
use crate::rice;
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
    /// The date as the site shows it in the page's language.
    pub date_label: Option<String>,
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

/// Decoded postings of one term: positions per document, the documents holding a character,
/// or a weighted frequency.
enum Postings {
    Positions(Vec<(u32, Vec<u32>)>),
    Presence(Vec<u32>),
    Weighted(Vec<(u32, u32)>),
}

/// A dictionary entry, before its postings are fetched.
struct Found {
    df: u32,
    location: Location,
}

enum Location {
    Inline(Vec<u8>),
    /// File number and size in bytes.
    External(u32, u64),
}

impl Found {
    fn cost(&self) -> u64 {
        match &self.location {
            Location::Inline(data) => data.len() as u64,
            Location::External(_, size) => *size,
        }
    }
}

/// An opened index directory that counts what it reads, as a browser would download it.
pub struct Searcher {
    dir: PathBuf,
    meta: Meta,
    lengths: Vec<f64>,
    average_length: f64,
    /// Where each document starts in the corpus-wide position space, and one past the last.
    bases: Vec<u64>,
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
                fold_shift: 0,
            },
            lengths: Vec::new(),
            average_length: 1.0,
            bases: vec![0],
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
        let norms_and_spans = searcher.read_gz("norms.bin")?;
        let (norms, spans) = norms_and_spans
            .split_at_checked(meta.docs as usize)
            .ok_or_else(|| searcher.corrupt("norms.bin"))?;
        let mut reader = Reader::new(spans);
        let mut base = 0u64;
        for _ in 0..meta.docs {
            base += u64::from(
                reader
                    .varint()
                    .ok_or_else(|| searcher.corrupt("norms.bin"))?,
            );
            searcher.bases.push(base);
        }
        if !reader.at_end() {
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
            keys.extend(term.runs.iter().flatten().map(|(k, _)| k.as_str()));
            keys.extend(term.present.iter().map(String::as_str));
            keys.extend(term.word.as_deref());
        }
        let entries = self.lookup(&keys)?;
        let Some(components) = terms
            .iter()
            .map(|term| components(term, &entries))
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(empty);
        };
        let mut wanted: BTreeSet<&str> = BTreeSet::new();
        for (term, parts) in terms.iter().zip(&components) {
            wanted.extend(parts.iter().map(|(k, _)| k.as_str()));
            wanted.extend(term.present.iter().map(String::as_str));
            wanted.extend(term.word.as_deref().filter(|w| entries.contains_key(*w)));
        }
        let postings = self.fetch(&wanted, &entries)?;
        let mut per_term: Vec<HashMap<u32, Counts>> = Vec::with_capacity(terms.len());
        for (term, parts) in terms.iter().zip(&components) {
            let tf = term_frequencies(term, parts, &postings);
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
                    date_label: record.l,
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
        per_term: &[HashMap<u32, Counts>],
        postings: &HashMap<String, Postings>,
    ) -> f64 {
        let n = f64::from(self.meta.docs);
        let length = self
            .lengths
            .get(doc as usize)
            .copied()
            .unwrap_or(self.average_length);
        // Length only ever lowers a body's weight: a page of two lines that names a word once
        // is no more about it than a post that names it once.
        let norm = K1 * (1.0 - B + B * length / self.average_length).max(1.0);
        let saturate = |tf: u32| {
            let tf = f64::from(tf);
            tf * (K1 + 1.0) / (tf + norm)
        };
        // The title, headings and bold text are short whatever the page's length.
        let saturate_field = |tf: u32| {
            let tf = f64::from(tf);
            tf * (K1 + 1.0) / (tf + K1)
        };
        let idf = |df: usize| {
            let df = df as f64;
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        };
        let mut score = 0.0;
        for (term, tf) in terms.iter().zip(per_term) {
            let counts = tf.get(&doc).copied().unwrap_or_default();
            let mut weight = saturate(counts[FIELDS - 1]);
            for (boost, &count) in FIELD_BOOSTS.iter().zip(&counts) {
                weight += boost * saturate_field(count);
            }
            score += idf(tf.len()) * weight;
            if let Some(Postings::Weighted(list)) = term.word.as_ref().and_then(|w| postings.get(w))
                && let Ok(i) = list.binary_search_by_key(&doc, |&(d, _)| d)
            {
                score += WORD_BONUS * idf(list.len()) * saturate(list[i].1);
            }
        }
        score
    }

    /// Fetches the dictionary buckets of the keys; returns the entries of those in the index.
    fn lookup(&self, keys: &BTreeSet<&str>) -> Result<HashMap<String, Found>, SearchError> {
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
            let bytes = self.read_gz(&path)?;
            let mut reader = Reader::new(&bytes);
            while !reader.at_end() {
                let entry = read_entry(&mut reader).ok_or_else(|| self.corrupt(&path))?;
                let key = std::str::from_utf8(entry.0).map_err(|_| self.corrupt(&path))?;
                if wanted.contains(&key) {
                    found.insert(key.to_owned(), entry.1);
                }
            }
        }
        Ok(found)
    }

    /// Fetches and decodes the postings of the wanted keys.
    fn fetch(
        &self,
        wanted: &BTreeSet<&str>,
        entries: &HashMap<String, Found>,
    ) -> Result<HashMap<String, Postings>, SearchError> {
        let mut postings = HashMap::new();
        for &key in wanted {
            let Some(entry) = entries.get(key) else {
                continue;
            };
            let (data, source) = match &entry.location {
                Location::Inline(data) => (
                    data.clone(),
                    bucket_path(term_hash(key) & (self.meta.buckets - 1)),
                ),
                Location::External(n, _) => {
                    let p = postings_path(*n);
                    let bytes = if term_kind(key) == TermKind::Positional {
                        self.read(&p)?
                    } else {
                        self.read_gz(&p)?
                    };
                    (bytes, p)
                }
            };
            let decoded = decode_postings(&data, entry.df, term_kind(key), &self.bases)
                .ok_or_else(|| self.corrupt(&source))?;
            postings.insert(key.to_owned(), decoded);
        }
        Ok(postings)
    }

    fn doc(&self, doc: u32) -> Result<DocRecord, SearchError> {
        let path = doc_path(doc);
        let bytes = self.read_gz(&path)?;
        let json = crate::record::json_text(&bytes).ok_or_else(|| self.corrupt(&path))?;
        serde_json::from_str(&json).map_err(|_| self.corrupt(&path))
    }

    fn read_gz(&self, relative: &str) -> Result<Vec<u8>, SearchError> {
        let gz = self.read(relative)?;
        let mut out = Vec::new();
        GzDecoder::new(gz.as_slice())
            .read_to_end(&mut out)
            .map_err(|_| self.corrupt(relative))?;
        Ok(out)
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
    #[serde(default)]
    l: Option<String>,
    x: String,
}

fn read_entry<'a>(reader: &mut Reader<'a>) -> Option<(&'a [u8], Found)> {
    let key_len = reader.varint()? as usize;
    let key = reader.take(key_len)?;
    let df = reader.varint()?;
    let location = match reader.varint()? {
        ENTRY_INLINE => {
            let len = reader.varint()? as usize;
            Location::Inline(reader.take(len)?.to_vec())
        }
        ENTRY_EXTERNAL => {
            let n = reader.varint()?;
            Location::External(n, u64::from(reader.varint()?))
        }
        _ => return None,
    };
    Some((key, Found { df, location }))
}

/// The components a term's documents are matched on: its Latin words and, for each CJK run,
/// the cheapest covering bigrams, in slot order. `None` when one is not in the index at all.
fn components(term: &Term, entries: &HashMap<String, Found>) -> Option<Vec<(String, u32)>> {
    let mut parts = Vec::new();
    for (key, offset) in &term.positional {
        entries.get(key)?;
        parts.push((key.clone(), *offset));
    }
    for run in &term.runs {
        let costs = run
            .iter()
            .map(|(key, _)| entries.get(key).map(Found::cost))
            .collect::<Option<Vec<u64>>>()?;
        parts.extend(cheapest_cover(&costs).into_iter().map(|i| run[i].clone()));
    }
    if term.present.iter().any(|key| !entries.contains_key(key)) {
        return None;
    }
    parts.sort_by_key(|(_, offset)| *offset);
    Some(parts)
}

fn decode_postings(bytes: &[u8], df: u32, kind: TermKind, bases: &[u64]) -> Option<Postings> {
    let docs = u32::try_from(bases.len().saturating_sub(1)).ok()?;
    if kind == TermKind::Positional {
        return positions(bytes, df, bases).map(Postings::Positions);
    }
    let mut reader = Reader::new(bytes);
    let mut doc = 0u32;
    let capacity = (df as usize).min(bytes.len() * 8);
    let mut next_doc = |reader: &mut Reader, i: u32| -> Option<u32> {
        let delta = reader.varint()?;
        doc = if i == 0 {
            delta
        } else {
            doc.checked_add(delta)?
        };
        Some(doc)
    };
    match kind {
        TermKind::Positional => None,
        TermKind::Weighted => {
            let mut list = Vec::with_capacity(capacity);
            for i in 0..df {
                let doc = next_doc(&mut reader, i)?;
                list.push((doc, reader.varint()?));
            }
            reader.at_end().then_some(Postings::Weighted(list))
        }
        TermKind::Presence => {
            let (&form, rest) = bytes.split_first()?;
            let mut list = Vec::with_capacity(capacity);
            if form == PRESENCE_LIST {
                let mut reader = Reader::new(rest);
                for i in 0..df {
                    list.push(next_doc(&mut reader, i)?);
                }
                reader.at_end().then_some(())?;
            } else if form == PRESENCE_BITMAP && rest.len() == docs.div_ceil(8) as usize {
                list.extend((0..docs).filter(|d| rest[(d / 8) as usize] >> (d % 8) & 1 == 1));
            } else {
                return None;
            }
            (list.len() == df as usize).then_some(Postings::Presence(list))
        }
    }
}

/// Rice-coded corpus-wide positions, split back into documents and their slots; `None` unless
/// every position falls in a document and exactly `df` documents hold one.
fn positions(bytes: &[u8], df: u32, bases: &[u64]) -> Option<Vec<(u32, Vec<u32>)>> {
    let gaps = rice::decode(bytes)?;
    let mut list: Vec<(u32, Vec<u32>)> = Vec::with_capacity((df as usize).min(gaps.len()));
    let mut doc = 0usize;
    let mut position = 0u64;
    for (i, gap) in gaps.into_iter().enumerate() {
        position = if i == 0 {
            gap
        } else {
            position.checked_add(gap)?.checked_add(1)?
        };
        while bases.get(doc + 1).is_some_and(|&next| next <= position) {
            doc += 1;
        }
        if doc + 1 >= bases.len() {
            return None;
        }
        let slot = u32::try_from(position - bases[doc]).ok()?;
        let doc = u32::try_from(doc).ok()?;
        match list.last_mut() {
            Some((last, slots)) if *last == doc => slots.push(slot),
            _ => list.push((doc, vec![slot])),
        }
    }
    (list.len() == df as usize).then_some(list)
}

/// How often a term occurs in a document, by field ([`field_of`]).
type Counts = [u32; FIELDS];

/// Frequency of a term per document and field where it occurs whole: every positional
/// component at its offset from one start slot, and every lone character somewhere in the
/// document (a term of lone characters only counts once per document, as in the body).
fn term_frequencies(
    term: &Term,
    components: &[(String, u32)],
    postings: &HashMap<String, Postings>,
) -> HashMap<u32, Counts> {
    let mut result = HashMap::new();
    let mut present: Vec<&[u32]> = Vec::new();
    for key in &term.present {
        match postings.get(key) {
            Some(Postings::Presence(list)) => present.push(list),
            _ => return result,
        }
    }
    let holds_all = |doc: u32| present.iter().all(|p| p.binary_search(&doc).is_ok());
    let mut lists = Vec::new();
    for (key, offset) in components {
        match postings.get(key) {
            Some(Postings::Positions(list)) => lists.push((list, *offset)),
            _ => return result,
        }
    }
    let Some(((first, first_offset), others)) = lists.split_first() else {
        if let Some((head, _)) = present.split_first() {
            let mut once = Counts::default();
            once[FIELDS - 1] = 1;
            result.extend(head.iter().filter(|&&d| holds_all(d)).map(|&d| (d, once)));
        }
        return result;
    };
    let others: Vec<(HashMap<u32, &Vec<u32>>, u32)> = others
        .iter()
        .map(|(list, offset)| (list.iter().map(|(d, p)| (*d, p)).collect(), *offset))
        .collect();
    for (doc, positions) in first.iter() {
        if !holds_all(*doc) {
            continue;
        }
        let Some(other_positions) = others
            .iter()
            .map(|(m, o)| m.get(doc).map(|p| (*p, *o)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let mut tf = Counts::default();
        for &p in positions {
            let Some(start) = p.checked_sub(*first_offset) else {
                continue;
            };
            if other_positions
                .iter()
                .all(|(ps, o)| ps.binary_search(&(start + o)).is_ok())
            {
                tf[field_of(start)] += 1;
            }
        }
        if tf.iter().any(|&n| n > 0) {
            result.insert(*doc, tf);
        }
    }
    result
}
