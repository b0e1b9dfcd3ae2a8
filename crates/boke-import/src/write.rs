//! Writing the new site safely: each file's hash is kept in `.boke-import.json`, so a run
//! again rewrites only what the import wrote and nobody changed since; a file edited by hand
//! is kept unless `--force`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::ImportError;
use crate::report::Report;

pub(crate) const RECORD: &str = ".boke-import.json";

pub(crate) struct Writer {
    out: PathBuf,
    force: bool,
    previous: BTreeMap<String, String>,
    written: BTreeMap<String, String>,
}

fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

impl Writer {
    pub(crate) fn new(out: &Path, force: bool) -> Writer {
        let previous = std::fs::read_to_string(out.join(RECORD))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Writer {
            out: out.to_path_buf(),
            force,
            previous,
            written: BTreeMap::new(),
        }
    }

    /// Writes `bytes` at `relative` (slashes) unless a hand edit is in the way.
    pub(crate) fn write(
        &mut self,
        relative: &str,
        bytes: &[u8],
        report: &mut Report,
    ) -> Result<(), ImportError> {
        let path = self.out.join(relative);
        let new_hash = hash(bytes);
        if let Ok(existing) = std::fs::read(&path) {
            let current = hash(&existing);
            if current == new_hash {
                self.written.insert(relative.to_owned(), new_hash);
                report.unchanged += 1;
                return Ok(());
            }
            let ours = self.previous.get(relative) == Some(&current);
            if !ours && !self.force {
                if let Some(old) = self.previous.get(relative) {
                    self.written.insert(relative.to_owned(), old.clone());
                }
                report.kept_edits.push(PathBuf::from(relative));
                return Ok(());
            }
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ImportError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| ImportError::Write {
            path: path.clone(),
            source,
        })?;
        self.written.insert(relative.to_owned(), new_hash);
        report.written += 1;
        Ok(())
    }

    /// Counts a file already in place as written by this run (an image downloaded before).
    pub(crate) fn keep(&mut self, relative: &str, report: &mut Report) -> Result<(), ImportError> {
        let path = self.out.join(relative);
        let bytes = std::fs::read(&path).map_err(crate::error::read(&path))?;
        self.written.insert(relative.to_owned(), hash(&bytes));
        report.unchanged += 1;
        Ok(())
    }

    pub(crate) fn copy(
        &mut self,
        from: &Path,
        relative: &str,
        report: &mut Report,
    ) -> Result<(), ImportError> {
        let bytes = std::fs::read(from).map_err(crate::error::read(from))?;
        self.write(relative, &bytes, report)
    }

    pub(crate) fn finish(self) -> Result<(), ImportError> {
        let text = serde_json::to_string_pretty(&self.written).unwrap_or_default();
        let path = self.out.join(RECORD);
        std::fs::write(&path, text).map_err(|source| ImportError::Write { path, source })
    }
}
