//! `boke deploy --verify`: what a target holds against what a deploy of the built site leaves
//! there, changing nothing. Each file is compared by size, and by a digest of its bytes where
//! the target gives one (an S3 ETag, which is the MD5 of a single-part upload; a git blob's
//! id) or where it can be read (a folder). Pre-compressed files are compared as stored, so
//! their copies are made again here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use md5::Digest as _;
use rayon::prelude::*;

use crate::Error;
use crate::manifest::{MANIFEST_FILE, Manifest};
use crate::precompress;
use crate::sign::hex;
use crate::store::folder::Folder;
use crate::store::{Held, Store};

/// What `--verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Where the site went: `s3://blog/`, a folder, a repository and branch.
    pub target: String,
    /// Files a deploy puts there that the target lacks.
    pub missing: Vec<String>,
    /// Files the target holds that a deploy does not put there (its manifest aside).
    pub extra: Vec<String>,
    /// Files the target holds with other bytes.
    pub changed: Vec<Changed>,
    /// Files the target holds as a deploy puts them.
    pub equal: usize,
    /// Of those, the ones only their size could be compared for (an ETag that is no MD5).
    pub by_size: usize,
    /// Whether the target's manifest describes the built site.
    pub manifest: ManifestState,
}

/// A file the target holds otherwise than a deploy would put it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub path: String,
    /// Its size on the target.
    pub held: u64,
    /// The size a deploy gives it.
    pub expected: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestState {
    /// The target has none: the next deploy lists it and uploads every file again.
    Missing,
    /// It describes the built site: the next deploy uploads nothing.
    Current,
    /// It describes another build: the next deploy uploads the difference.
    Stale,
}

impl Verification {
    /// Whether the target holds exactly what a deploy puts there.
    pub fn is_equal(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.changed.is_empty()
    }

    /// One line: the counts.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} missing, {} extra, {} changed, {} equal",
            self.missing.len(),
            self.extra.len(),
            self.changed.len(),
            self.equal
        );
        if self.by_size > 0 {
            let _ = write!(text, " ({} of them by size alone)", self.by_size);
        }
        text
    }
}

/// How a target's digests are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Md5,
    /// Git's object id of a blob: SHA-1 of `blob SIZE\0` and the bytes.
    GitBlob,
}

impl Digest {
    pub fn of(self, bytes: &[u8]) -> String {
        match self {
            Self::Md5 => md5_hex(bytes),
            Self::GitBlob => {
                let mut context =
                    ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
                context.update(format!("blob {}\0", bytes.len()).as_bytes());
                context.update(bytes);
                hex(context.finish().as_ref())
            }
        }
    }
}

pub fn md5_hex(bytes: &[u8]) -> String {
    hex(md5::Md5::digest(bytes).as_slice())
}

/// Where `manifest`, the target's stored one, leaves the next deploy of `local`.
pub fn manifest_state(stored: Option<&[u8]>, local: &Manifest) -> ManifestState {
    match stored.map(|bytes| Manifest::parse(bytes, MANIFEST_FILE)) {
        None => ManifestState::Missing,
        Some(Ok(stored)) if stored.files == local.files => ManifestState::Current,
        Some(_) => ManifestState::Stale,
    }
}

/// A target that holds files by key (S3, a folder) against `local`, the built site's
/// manifest marked for the target, whose files are in `public`.
pub fn verify_store(
    store: &mut dyn Store,
    local: &Manifest,
    public: &Path,
    copies_beside: bool,
) -> Result<Verification, Error> {
    let stored = store.read(MANIFEST_FILE)?;
    let manifest = manifest_state(stored.as_deref(), local);
    let held = store.inventory()?;
    let expected = expected(local, public, copies_beside, Digest::Md5)?;
    Ok(compare(store.describe(), &expected, held, manifest))
}

/// What a deploy of `local` puts on a target: each path with its size and digest. With
/// `copies_beside` (a folder) each file and its worthwhile compressed copies; else (an
/// object store) each file's object, compressed where it is marked and that is worth it.
pub fn expected(
    local: &Manifest,
    public: &Path,
    copies_beside: bool,
    digest: Digest,
) -> Result<BTreeMap<String, (u64, String)>, Error> {
    let source = Folder::new(public.to_path_buf());
    let forms = local
        .files
        .par_iter()
        .map(|(path, entry)| {
            let file = source.local_path(path);
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let mut forms = Vec::new();
            if copies_beside {
                for &encoding in &entry.encodings {
                    if let Some(copy) = precompress::worth(&bytes, encoding) {
                        let form = (copy.len() as u64, digest.of(&copy));
                        forms.push((format!("{path}{}", encoding.suffix()), form));
                    }
                }
                forms.push((path.clone(), (bytes.len() as u64, digest.of(&bytes))));
            } else {
                let (body, _) = precompress::object(bytes, &entry.encodings);
                forms.push((path.clone(), (body.len() as u64, digest.of(&body))));
            }
            Ok(forms)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(forms.into_iter().flatten().collect())
}

/// `held` against `expected`.
pub fn compare(
    target: String,
    expected: &BTreeMap<String, (u64, String)>,
    held: Vec<Held>,
    manifest: ManifestState,
) -> Verification {
    let mut found = Verification {
        target,
        missing: Vec::new(),
        extra: Vec::new(),
        changed: Vec::new(),
        equal: 0,
        by_size: 0,
        manifest,
    };
    let held: BTreeMap<String, Held> = held.into_iter().map(|h| (h.path.clone(), h)).collect();
    for (path, (size, digest)) in expected {
        let Some(there) = held.get(path) else {
            found.missing.push(path.clone());
            continue;
        };
        let same = there.size == *size && there.digest.as_ref().is_none_or(|d| d == digest);
        if !same {
            found.changed.push(Changed {
                path: path.clone(),
                held: there.size,
                expected: *size,
            });
        } else {
            found.equal += 1;
            found.by_size += usize::from(there.digest.is_none());
        }
    }
    found.extra = held
        .into_keys()
        .filter(|path| !expected.contains_key(path))
        .collect();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(path: &str, bytes: &[u8], digest: bool) -> Held {
        Held {
            path: path.into(),
            size: bytes.len() as u64,
            digest: digest.then(|| md5_hex(bytes)),
        }
    }

    #[test]
    fn digests_are_the_ones_the_stores_give() {
        // RFC 1321's test suite, and `git hash-object` of an empty file and of "hello\n".
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            Digest::GitBlob.of(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
        assert_eq!(
            Digest::GitBlob.of(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
    }

    #[test]
    fn missing_extra_and_changed_files_are_told_apart() {
        let expected: BTreeMap<String, (u64, String)> = [
            ("index.html", &b"home"[..]),
            ("a.css", b"a{}"),
            ("gone.html", b"x"),
            ("b.css", b"b{}"),
            ("big.bin", b"12345"),
        ]
        .iter()
        .map(|(path, bytes)| (path.to_string(), (bytes.len() as u64, md5_hex(bytes))))
        .collect();
        let found = compare(
            "t".into(),
            &expected,
            vec![
                held("index.html", b"home", true),
                held("a.css", b"a{ }", true),
                held("b.css", b"c{}", true),
                held("big.bin", b"54321", false),
                held("stale.html", b"old", true),
            ],
            ManifestState::Current,
        );
        assert_eq!(found.missing, ["gone.html"]);
        assert_eq!(found.extra, ["stale.html"]);
        let changed: Vec<(&str, u64, u64)> = found
            .changed
            .iter()
            .map(|c| (c.path.as_str(), c.held, c.expected))
            .collect();
        assert_eq!(changed, [("a.css", 4, 3), ("b.css", 3, 3)]);
        assert_eq!((found.equal, found.by_size), (2, 1));
        assert!(!found.is_equal());
        assert_eq!(
            found.summary(),
            "1 missing, 1 extra, 2 changed, 2 equal (1 of them by size alone)"
        );
    }
}
