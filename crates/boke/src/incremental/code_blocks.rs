//! Highlighted code blocks kept between builds in `.boke-cache/code.bin`, so that a page parsed
//! again (its text edited, or every page after a change of configuration or of boke) does not
//! highlight the blocks it had before.
//!
//! The page cache already skips pages whose source did not change; this one pays where that one
//! misses. The file is one log of records (key, length, HTML), read whole on the first lookup of
//! a build, never when every page comes from the page cache, and dropped once parsing is done.
//! A build that parses only some pages appends the blocks it highlighted; a build that parses
//! every page writes the file anew with the blocks it used, so blocks no page has any more go.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use boke_markdown::CodeStore;

use crate::incremental::cache::write_replacing;

const FILE: &str = "code.bin";
const MAGIC: &[u8] = b"boke-code 1\n";

/// The blocks of the last builds and those highlighted by this one.
pub(crate) struct CodeBlocks {
    path: PathBuf,
    stored: OnceLock<Stored>,
    added: Mutex<Vec<(u128, String)>>,
    used: Mutex<HashSet<u128>>,
}

/// The file as read: its bytes and where each block's HTML is in them.
#[derive(Default)]
struct Stored {
    bytes: Vec<u8>,
    blocks: HashMap<u128, Range<usize>>,
}

impl CodeBlocks {
    pub(crate) fn new(cache_dir: &Path) -> Self {
        Self {
            path: cache_dir.join(FILE),
            stored: OnceLock::new(),
            added: Mutex::new(Vec::new()),
            used: Mutex::new(HashSet::new()),
        }
    }

    fn stored(&self) -> &Stored {
        self.stored.get_or_init(|| read(&self.path))
    }

    /// Writes what this build added. `every_page` says that every page was parsed, so that the
    /// blocks it used are all the blocks the site has. A file that cannot be written costs the
    /// next build time, not correctness.
    pub(crate) fn save(&self, every_page: bool) {
        let added = self
            .added
            .lock()
            .map(|mut added| std::mem::take(&mut *added))
            .unwrap_or_default();
        if every_page {
            let used = self
                .used
                .lock()
                .map(|mut used| std::mem::take(&mut *used))
                .unwrap_or_default();
            let stored = self.stored();
            let mut bytes = MAGIC.to_vec();
            let mut written = HashSet::new();
            for (key, range) in &stored.blocks {
                if used.contains(key) && written.insert(*key) {
                    push_record(&mut bytes, *key, &stored.bytes[range.clone()]);
                }
            }
            for (key, html) in &added {
                if written.insert(*key) {
                    push_record(&mut bytes, *key, html.as_bytes());
                }
            }
            let _ = write_replacing(&self.path, &bytes);
        } else if !added.is_empty() {
            let mut bytes = Vec::new();
            if !self.path.exists() {
                bytes.extend_from_slice(MAGIC);
            }
            for (key, html) in &added {
                push_record(&mut bytes, *key, html.as_bytes());
            }
            // One write of whole records: a build stopped half-way leaves a short last record,
            // which the next read ignores.
            let _ = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .and_then(|mut file| file.write_all(&bytes));
        }
    }
}

impl CodeStore for CodeBlocks {
    fn get(&self, key: u128) -> Option<String> {
        let stored = self.stored();
        let range = stored.blocks.get(&key)?;
        let html = std::str::from_utf8(&stored.bytes[range.clone()]).ok()?;
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        Some(html.to_string())
    }

    fn put(&self, key: u128, html: &str) {
        if let Ok(mut added) = self.added.lock() {
            added.push((key, html.to_string()));
        }
    }
}

fn push_record(bytes: &mut Vec<u8>, key: u128, html: &[u8]) {
    let Ok(length) = u32::try_from(html.len()) else {
        return;
    };
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&length.to_le_bytes());
    bytes.extend_from_slice(html);
}

/// The blocks of the file; none when it is missing or not ours. Reading stops at the first
/// record that does not fit.
fn read(path: &Path) -> Stored {
    let Ok(bytes) = std::fs::read(path) else {
        return Stored::default();
    };
    if !bytes.starts_with(MAGIC) {
        return Stored::default();
    }
    let mut blocks = HashMap::new();
    let mut at = MAGIC.len();
    while let Some(head) = bytes.get(at..at + 20) {
        let (key, length) = head.split_at(16);
        let key = u128::from_le_bytes(key.try_into().unwrap_or_default());
        let length = u32::from_le_bytes(length.try_into().unwrap_or_default()) as usize;
        let body = at + 20..at + 20 + length;
        if body.end > bytes.len() {
            break;
        }
        blocks.insert(key, body.clone());
        at = body.end;
    }
    Stored { bytes, blocks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|error| panic!("temporary folder: {error}"))
    }

    #[test]
    fn blocks_survive_a_build_and_a_partial_build_appends() {
        let dir = temp();
        let first = CodeBlocks::new(dir.path());
        assert_eq!(first.get(1), None);
        first.put(1, "<span>一</span>");
        first.put(2, "two");
        first.save(false);

        let second = CodeBlocks::new(dir.path());
        assert_eq!(second.get(1).as_deref(), Some("<span>一</span>"));
        second.put(3, "three");
        second.save(false);

        let third = CodeBlocks::new(dir.path());
        assert_eq!(third.get(2).as_deref(), Some("two"));
        assert_eq!(third.get(3).as_deref(), Some("three"));
    }

    #[test]
    fn a_full_build_keeps_only_the_blocks_it_used() {
        let dir = temp();
        let first = CodeBlocks::new(dir.path());
        first.put(1, "one");
        first.put(2, "two");
        first.save(false);

        let full = CodeBlocks::new(dir.path());
        assert!(full.get(1).is_some());
        full.put(4, "four");
        full.save(true);

        let after = CodeBlocks::new(dir.path());
        assert_eq!(after.get(1).as_deref(), Some("one"));
        assert_eq!(after.get(2), None);
        assert_eq!(after.get(4).as_deref(), Some("four"));
    }

    #[test]
    fn a_torn_or_foreign_file_reads_as_what_is_whole() {
        let dir = temp();
        let blocks = CodeBlocks::new(dir.path());
        blocks.put(1, "one");
        blocks.put(2, "two");
        blocks.save(false);
        let path = dir.path().join(FILE);
        let bytes = std::fs::read(&path).unwrap_or_default();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap_or_default();
        let torn = CodeBlocks::new(dir.path());
        assert_eq!(torn.get(1).as_deref(), Some("one"));
        assert_eq!(torn.get(2), None);

        std::fs::write(&path, b"something else").unwrap_or_default();
        assert_eq!(CodeBlocks::new(dir.path()).get(1), None);
    }
}
