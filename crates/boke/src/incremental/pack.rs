//! The page store of the build cache: one append-only file of records, each a key, a length,
//! a checksum and the bytes, instead of a file per page (10,000 files cost a disk far more
//! than one). Reading walks the record heads once and reads each hit's bytes where they lie;
//! a record that is cut short or fails its checksum is a miss, never wrong data. New records
//! are appended; the file is rewritten with only the live records once most of it is dead.
//! Payloads are stored LZ4-compressed: pages are HTML and text, a quarter of their size so,
//! and a cold build writes the store whole.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_64;

use crate::emit::Hash;

/// Key (16 bytes), payload length (4), payload checksum (8).
const HEAD: usize = 16 + 4 + 8;
/// The file starts with this, so a file of another format (or an older one) reads as empty.
const MAGIC: &[u8; 8] = b"bokepk02";

/// Where one record's payload lies.
#[derive(Debug, Clone, Copy)]
struct Record {
    offset: u64,
    len: u32,
    checksum: u64,
}

/// The records of the pack file as last read.
pub(crate) struct Pack {
    path: PathBuf,
    /// Shared by the threads that read hits; each read is a seek and a copy from the page
    /// cache, the decoding happens outside the lock.
    file: Option<Mutex<File>>,
    index: HashMap<Hash, Record>,
    /// Where the last whole record ends: appends go there, over any torn tail.
    end: u64,
}

impl Pack {
    /// Reads the record heads of the pack at `path`; a missing or unreadable file is empty.
    pub(crate) fn open(path: &Path) -> Self {
        let mut pack = Self {
            path: path.to_path_buf(),
            file: None,
            index: HashMap::new(),
            end: 0,
        };
        if let Ok(file) = File::open(path)
            && let Ok((index, end)) = read_heads(&file)
        {
            pack.index = index;
            pack.end = end;
            pack.file = Some(Mutex::new(file));
        }
        pack
    }

    /// The bytes stored under `key`, when they are whole.
    pub(crate) fn get(&self, key: Hash) -> Option<Vec<u8>> {
        let record = self.index.get(&key)?;
        let stored = {
            let mut file = self.file.as_ref()?.lock().ok()?;
            read_payload(&mut file, record)?
        };
        lz4_flex::block::decompress_size_prepended(&stored).ok()
    }

    /// A writer that appends records after the last whole one. `None` when the file cannot
    /// be opened for writing: the build goes on without storing.
    pub(crate) fn appender(&self) -> Option<Appender> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&self.path)
            .ok()?;
        let end = if self.end == 0 {
            file.set_len(0).ok()?;
            file.write_all(MAGIC).ok()?;
            MAGIC.len() as u64
        } else {
            file.set_len(self.end).ok()?;
            self.end
        };
        file.seek(SeekFrom::Start(end)).ok()?;
        Some(Appender {
            file: Mutex::new(file),
        })
    }

    /// Rewrites the file with only the records of `live` keys when they are less than half
    /// of it (or a record was appended after a torn tail). A failure leaves the file as it was.
    pub(crate) fn compact(path: &Path, live: &HashSet<Hash>) -> io::Result<()> {
        let pack = Self::open(path);
        let Some(file) = pack.file else {
            return Ok(());
        };
        let mut file = file
            .into_inner()
            .map_err(|_| io::Error::other("pack lock poisoned"))?;
        let live_bytes: u64 = pack
            .index
            .iter()
            .filter(|(key, _)| live.contains(key))
            .map(|(_, record)| HEAD as u64 + u64::from(record.len))
            .sum();
        let size = file.metadata()?.len();
        if live_bytes * 2 >= size.saturating_sub(MAGIC.len() as u64) {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut fresh = tempfile::NamedTempFile::new_in(dir)?;
        {
            let mut out = io::BufWriter::new(fresh.as_file_mut());
            out.write_all(MAGIC)?;
            for (key, record) in pack.index.iter().filter(|(key, _)| live.contains(key)) {
                if let Some(bytes) = read_payload(&mut file, record) {
                    out.write_all(&head(*key, &bytes))?;
                    out.write_all(&bytes)?;
                }
            }
            out.flush()?;
        }
        fresh.persist(path).map_err(|error| error.error)?;
        Ok(())
    }
}

/// Appends records from many threads, each written whole with one call.
pub(crate) struct Appender {
    file: Mutex<File>,
}

impl Appender {
    /// Stores `bytes` under `key`. A record that cannot be written costs a later build a
    /// parse, nothing else: the checksum makes a half-written one a miss.
    pub(crate) fn put(&self, key: Hash, bytes: &[u8]) {
        let bytes = lz4_flex::block::compress_prepend_size(bytes);
        let Ok(len) = u32::try_from(bytes.len()) else {
            return;
        };
        let mut record = Vec::with_capacity(HEAD + len as usize);
        record.extend_from_slice(&head(key, &bytes));
        record.extend_from_slice(&bytes);
        if let Ok(mut file) = self.file.lock() {
            let _ = file.write_all(&record);
        }
    }
}

/// A record's payload, when it reads whole and matches its checksum.
fn read_payload(file: &mut File, record: &Record) -> Option<Vec<u8>> {
    let mut bytes = vec![0; record.len as usize];
    file.seek(SeekFrom::Start(record.offset)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    (xxh3_64(&bytes) == record.checksum).then_some(bytes)
}

fn head(key: Hash, bytes: &[u8]) -> [u8; HEAD] {
    let mut head = [0; HEAD];
    head[..16].copy_from_slice(&key.to_le_bytes());
    head[16..20].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
    head[20..].copy_from_slice(&xxh3_64(bytes).to_le_bytes());
    head
}

/// Every whole record's place, the later of two with one key winning, and where the last
/// whole record ends.
fn read_heads(file: &File) -> io::Result<(HashMap<Hash, Record>, u64)> {
    let size = file.metadata()?.len();
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut magic = [0; MAGIC.len()];
    if reader.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Ok((HashMap::new(), 0));
    }
    let mut index = HashMap::new();
    let mut at = MAGIC.len() as u64;
    let mut head = [0; HEAD];
    while at + HEAD as u64 <= size {
        reader.read_exact(&mut head)?;
        let key = Hash::from_le_bytes(head[..16].try_into().unwrap_or_default());
        let len = u32::from_le_bytes(head[16..20].try_into().unwrap_or_default());
        let checksum = u64::from_le_bytes(head[20..].try_into().unwrap_or_default());
        let offset = at + HEAD as u64;
        if offset + u64::from(len) > size {
            break;
        }
        index.insert(
            key,
            Record {
                offset,
                len,
                checksum,
            },
        );
        reader.seek_relative(i64::from(len))?;
        at = offset + u64::from(len);
    }
    Ok((index, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(path: &Path, records: &[(Hash, &[u8])]) {
        let pack = Pack::open(path);
        let appender = pack.appender().expect("appender");
        for (key, bytes) in records {
            appender.put(*key, bytes);
        }
    }

    #[test]
    fn stores_and_finds_records_across_opens() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("pages.pack");
        store(&path, &[(1, b"one"), (2, b"two")]);
        store(&path, &[(3, b"three"), (1, b"one again")]);
        let pack = Pack::open(&path);
        assert_eq!(pack.get(1).as_deref(), Some(&b"one again"[..]));
        assert_eq!(pack.get(2).as_deref(), Some(&b"two"[..]));
        assert_eq!(pack.get(3).as_deref(), Some(&b"three"[..]));
        assert_eq!(pack.get(4), None);
    }

    #[test]
    fn a_torn_tail_or_a_flipped_byte_is_a_miss_and_appends_go_over_the_tail() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("pages.pack");
        store(&path, &[(1, b"whole"), (2, b"cut short")]);
        let size = std::fs::metadata(&path).expect("meta").len();
        // A process killed while writing record 2.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_len(size - 3).expect("truncate");
        drop(file);
        let pack = Pack::open(&path);
        assert_eq!(pack.get(1).as_deref(), Some(&b"whole"[..]));
        assert_eq!(pack.get(2), None);
        store(&path, &[(3, b"after the tail")]);
        let pack = Pack::open(&path);
        assert_eq!(pack.get(3).as_deref(), Some(&b"after the tail"[..]));

        // A byte of record 1's payload changed on disk.
        let mut bytes = std::fs::read(&path).expect("read");
        let at = MAGIC.len() + HEAD;
        bytes[at] ^= 0xff;
        std::fs::write(&path, bytes).expect("write");
        assert_eq!(Pack::open(&path).get(1), None);
    }

    #[test]
    fn records_are_stored_compressed_and_read_back_exactly() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("pages.pack");
        let page = "<p>中文段落，<code>let x = 1;</code></p>\n".repeat(2_000);
        store(&path, &[(1, page.as_bytes())]);
        let size = std::fs::metadata(&path).expect("meta").len();
        assert!(size * 10 < page.len() as u64, "{size} bytes on disk");
        assert_eq!(Pack::open(&path).get(1).as_deref(), Some(page.as_bytes()));
    }

    #[test]
    fn another_format_reads_as_empty_and_is_replaced() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("pages.pack");
        std::fs::write(&path, b"not a pack at all, some older cache").expect("write");
        assert_eq!(Pack::open(&path).get(1), None);
        store(&path, &[(1, b"new")]);
        assert_eq!(Pack::open(&path).get(1).as_deref(), Some(&b"new"[..]));
    }

    #[test]
    fn compaction_keeps_live_records_once_most_are_dead() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("pages.pack");
        // Bytes LZ4 cannot shrink, so that each record keeps its size on disk.
        let big: Vec<u8> = (0u32..1000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        store(&path, &[(1, &big), (2, &big), (3, &big), (4, b"small")]);
        let before = std::fs::metadata(&path).expect("meta").len();
        // Three of four live: nothing to gain.
        Pack::compact(&path, &HashSet::from([1, 2, 3])).expect("compact");
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), before);
        Pack::compact(&path, &HashSet::from([4])).expect("compact");
        assert!(std::fs::metadata(&path).expect("meta").len() < 100);
        let pack = Pack::open(&path);
        assert_eq!(pack.get(4).as_deref(), Some(&b"small"[..]));
        assert_eq!(pack.get(1), None);
    }
}
