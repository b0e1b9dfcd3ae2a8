//! A term's postings list while the index is built: occurrences appended in doc order as doc
//! deltas and values, or gaps between corpus-wide positions, which [`crate::layout`] turns into
//! Rice codes once the list is complete. Its own module, so building and laying out both use it
//! without importing each other.

use crate::doc_terms::TermKey;
use crate::format::{TermKind, write_varint};
use crate::rice::write_varint64;

/// A term's postings as they grow, one occurrence at a time in doc order.
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

impl Postings {
    /// Appends one occurrence in document `doc` (whose positions start at `base`) to a postings
    /// list: for a positional term the gap to its position, otherwise, once per document, the doc
    /// id as a delta from the previous one, then for a weighted term its weight.
    pub(crate) fn append(&mut self, doc: u32, base: u64, key: TermKey, value: u32) {
        let first_in_doc = self.last_doc != Some(doc);
        if first_in_doc {
            self.df += 1;
        }
        if key.kind() == TermKind::Positional {
            let position = base + u64::from(value);
            let gap = self
                .last_position
                .map_or(position, |last| position - last - 1);
            write_varint64(&mut self.bytes, gap);
            self.last_position = Some(position);
        } else if first_in_doc {
            let delta = self.last_doc.map_or(doc, |last| doc - last);
            write_varint(&mut self.bytes, delta);
            if key.kind() == TermKind::Weighted {
                write_varint(&mut self.bytes, value);
            }
        }
        self.last_doc = Some(doc);
    }
}
