//! The manifest: every file of a built site with its content hash and size, as scanned from
//! `public/` and as stored on a target beside the files it describes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::config::Encoding;

/// The name the manifest is stored under at the top of a target (after its prefix).
pub const MANIFEST_FILE: &str = ".boke-manifest.json";

const FORMAT: u32 = 1;

/// One file: its content hash and its size in bytes, and how the target keeps it beyond its
/// bytes. Two entries differing in any of these make a deploy upload the file again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// XXH3-128 of the bytes, in hex: a change detector, not a signature.
    pub hash: String,
    pub size: u64,
    /// The compressions the target's `precompress` keeps it in: on S3 the object's
    /// `Content-Encoding`, in a folder the copies beside it. What the setting asked for, not
    /// what came of it: whether a copy is worth keeping follows from the bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encodings: Vec<Encoding>,
    /// For an alias page sent with `redirects = "metadata"`: where the object redirects to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
}

/// Files by their path relative to the site's top, with `/` between folders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    pub fn new() -> Self {
        Self {
            format: FORMAT,
            files: BTreeMap::new(),
        }
    }

    /// Every file under `dir`, hashed in parallel. Hidden files at the top that a target
    /// keeps for itself (the manifest) are left out.
    pub fn scan(dir: &Path) -> Result<Self, Error> {
        let mut paths = Vec::new();
        walk(dir, dir, &mut paths)?;
        let files = paths
            .into_par_iter()
            .map(|(key, path)| {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                Ok((key, Entry::of(&bytes)))
            })
            .collect::<Result<BTreeMap<_, _>, Error>>()?;
        Ok(Self {
            format: FORMAT,
            files,
        })
    }

    /// The manifest a target stored, or an error naming `source` when it is not one.
    pub fn parse(bytes: &[u8], source: &str) -> Result<Self, Error> {
        let manifest: Self = serde_json::from_slice(bytes).map_err(|e| Error::Manifest {
            source_name: source.to_string(),
            message: e.to_string(),
        })?;
        if manifest.format != FORMAT {
            return Err(Error::Manifest {
                source_name: source.to_string(),
                message: format!(
                    "format {} is not {FORMAT}, the one this boke writes",
                    manifest.format
                ),
            });
        }
        Ok(manifest)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // A map of strings and numbers always serializes.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// A manifest for files whose hashes are unknown (a target without a manifest): each
    /// listed path with an empty hash, which no local file has, so each is uploaded again.
    pub fn unknown(paths: impl IntoIterator<Item = String>) -> Self {
        let unknown = || Entry {
            hash: String::new(),
            ..Entry::of(b"")
        };
        paths.into_iter().map(|path| (path, unknown())).collect()
    }
}

impl FromIterator<(String, Entry)> for Manifest {
    fn from_iter<I: IntoIterator<Item = (String, Entry)>>(files: I) -> Self {
        Self {
            format: FORMAT,
            files: files.into_iter().collect(),
        }
    }
}

impl Entry {
    pub fn of(bytes: &[u8]) -> Self {
        Self {
            hash: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)),
            size: bytes.len() as u64,
            encodings: Vec::new(),
            redirect: None,
        }
    }
}

/// The site paths of every file under `dir` (the manifest left out), without reading them.
pub fn paths(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    Ok(found.into_iter().map(|(key, _)| key).collect())
}

/// Collects the files under `dir` with their slash-separated keys. Folders wait on a list,
/// not the call stack, so a target nested however deep cannot overflow it.
fn walk(top: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), Error> {
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() || path.is_file() {
                let relative = path.strip_prefix(top).unwrap_or(&path);
                let key = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if key != MANIFEST_FILE {
                    out.push((key, path));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_nested_files_with_slash_keys_and_hashes_by_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts/你好")).unwrap();
        std::fs::write(dir.path().join("posts/你好/index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.path().join("a.css"), "<p>hi</p>").unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "{}").unwrap();
        let manifest = Manifest::scan(dir.path()).unwrap();
        let keys: Vec<_> = manifest.files.keys().cloned().collect();
        assert_eq!(keys, ["a.css", "posts/你好/index.html"]);
        assert_eq!(
            manifest.files["a.css"],
            manifest.files["posts/你好/index.html"]
        );
        assert_eq!(manifest.files["a.css"].size, 9);
        let again = Manifest::parse(&manifest.to_bytes(), "test").unwrap();
        assert_eq!(again, manifest);
    }

    #[test]
    fn a_manifest_of_another_format_is_refused() {
        let error = Manifest::parse(br#"{"format":9,"files":{}}"#, "s3://b/.boke-manifest.json")
            .unwrap_err()
            .to_string();
        assert!(error.contains("s3://b/.boke-manifest.json"), "{error}");
        assert!(error.contains("format 9"), "{error}");
    }
}
