//! The emit stage: writing the built site so that a failed build leaves the old output
//! untouched. A first build goes to a fresh folder that then takes the output's place; later
//! builds write only the files whose bytes changed and delete the ones that are gone.

pub(crate) mod copies;

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::emit::copies::CopiedFile;
use crate::render::OutputFile;

/// A 128-bit content hash, written as 32 hex digits. The manifest's format, which the build
/// cache stores and reuses for its own keys.
pub(crate) type Hash = u128;

pub(crate) fn hex(hash: Hash) -> String {
    format!("{hash:032x}")
}

/// What the output folder holds after a build, file by file, to tell on the next build which
/// files need writing at all.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) files: HashMap<String, Written>,
}

/// One output file as written: the hash of its content (of its source's path, size and time
/// for a copy), and its size and modification time on disk right after writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Written {
    pub(crate) hash: String,
    pub(crate) len: u64,
    pub(crate) modified_ns: u64,
}

impl Manifest {
    /// Whether every file is still on disk as it was written.
    pub(crate) fn intact(&self, output: &Path) -> bool {
        self.files
            .par_iter()
            .all(|(path, written)| safe_join(output, path).is_ok_and(|p| on_disk(&p, written)))
    }
}

/// One file to put in the output, with the hash that decides whether it changed.
struct Planned<'a> {
    path: &'a str,
    hash: String,
    what: What<'a>,
}

enum What<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

fn plan_files(files: &[OutputFile]) -> Vec<Planned<'_>> {
    files
        .par_iter()
        .map(|file| Planned {
            path: &file.path,
            hash: hex(xxh3_128(&file.bytes)),
            what: What::Bytes(&file.bytes),
        })
        .collect()
}

fn plan_copies(copies: &[CopiedFile]) -> Vec<Planned<'_>> {
    copies
        .iter()
        .map(|copy| {
            let mut stamp = copy.from.to_string_lossy().into_owned();
            if let Ok(meta) = std::fs::metadata(&copy.from) {
                stamp.push_str(&format!("\0{}\0{}", meta.len(), modified_ns(&meta)));
            }
            Planned {
                path: &copy.to,
                hash: hex(xxh3_128(stamp.as_bytes())),
                what: What::Copy(&copy.from),
            }
        })
        .collect()
}

/// Writes a site batch by batch as it is built, so that no build holds all of its output in
/// memory, while `output` itself changes only in [`Emitter::finish`].
///
/// Without a `previous` manifest (or output) the whole site goes to a fresh folder beside the
/// output, which then takes its place. With one, only files whose bytes changed are written,
/// first to a staging folder and then renamed into place one by one, and files the site no
/// longer has are deleted. Either way nothing in `output` changes before every file has been
/// written successfully: an emitter dropped without `finish` removes its staging folder. In
/// place, a failure while renaming (rare: the files are already on the same disk) can leave
/// part of the new files in, which the next build, having no manifest, repairs by writing
/// everything afresh.
pub(crate) struct Emitter {
    output: PathBuf,
    previous: Option<Manifest>,
    staging: tempfile::TempDir,
    /// Folders already made inside the staging folder.
    folders: HashSet<PathBuf>,
    /// Every file of the new site, as written now or kept from the previous build.
    manifest: Manifest,
    /// Files written to the staging folder that replace or add to the previous output.
    changed: Vec<String>,
    /// How many files, and bytes, this build wrote; the rest were already in the output.
    pub(crate) written: Tally,
}

/// Files and bytes written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub files: usize,
    pub bytes: u64,
}

impl Emitter {
    pub(crate) fn begin(output: &Path, previous: Option<&Manifest>) -> io::Result<Self> {
        let previous = previous.filter(|_| output.is_dir()).cloned();
        let suffix = if previous.is_some() { "changed" } else { "new" };
        let staging = staging_dir(output, suffix)?;
        Ok(Self {
            output: output.to_path_buf(),
            previous,
            staging,
            folders: HashSet::new(),
            manifest: Manifest::default(),
            changed: Vec::new(),
            written: Tally::default(),
        })
    }

    pub(crate) fn write_files(&mut self, files: &[OutputFile]) -> io::Result<()> {
        self.write(plan_files(files))
    }

    pub(crate) fn copy_files(&mut self, copies: &[CopiedFile]) -> io::Result<()> {
        self.write(plan_copies(copies))
    }

    fn write(&mut self, planned: Vec<Planned<'_>>) -> io::Result<()> {
        let to_write: Vec<&Planned<'_>> = match &self.previous {
            None => planned.iter().collect(),
            Some(previous) => {
                let output = &self.output;
                let unchanged = |item: &Planned<'_>| {
                    previous.files.get(item.path).is_some_and(|written| {
                        written.hash == item.hash
                            && safe_join(output, item.path)
                                .is_ok_and(|path| on_disk(&path, written))
                    })
                };
                let (changed, kept): (Vec<&Planned<'_>>, Vec<&Planned<'_>>) =
                    planned.par_iter().partition(|item| !unchanged(item));
                for item in kept {
                    if let Some(written) = previous.files.get(item.path) {
                        self.manifest
                            .files
                            .insert(item.path.to_owned(), written.clone());
                    }
                }
                self.changed
                    .extend(changed.iter().map(|item| item.path.to_owned()));
                changed
            }
        };
        self.make_folders(&to_write)?;
        let written = write_items(self.staging.path(), &to_write)?;
        self.written.files += written.len();
        self.written.bytes += written.iter().map(|(_, w)| w.len).sum::<u64>();
        self.manifest.files.extend(written);
        Ok(())
    }

    fn make_folders(&mut self, items: &[&Planned<'_>]) -> io::Result<()> {
        let mut folders: Vec<PathBuf> = items
            .iter()
            .filter_map(|item| {
                safe_join(self.staging.path(), item.path)
                    .ok()?
                    .parent()
                    .map(Path::to_path_buf)
            })
            .filter(|folder| !self.folders.contains(folder))
            .collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            std::fs::create_dir_all(&folder)?;
            self.folders.insert(folder);
        }
        Ok(())
    }

    /// Puts the new site in place of the old one and returns what the output now holds.
    pub(crate) fn finish(self) -> io::Result<(Manifest, Tally)> {
        let written = self.written;
        Ok((self.put_in_place()?, written))
    }

    fn put_in_place(self) -> io::Result<Manifest> {
        match &self.previous {
            None => self.replace_whole(),
            Some(_) => self.update_in_place(),
        }
    }

    fn replace_whole(self) -> io::Result<Manifest> {
        let output = &self.output;
        let staged = self.staging.keep();
        if output.exists() {
            let parent = staged.parent().unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(&format!(".{}.old-", output_name(output)))
                .tempdir_in(parent)?
                .keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(output, &old)?;
            if let Err(error) = std::fs::rename(&staged, output) {
                // Put the previous site back rather than leave nothing.
                let _ = std::fs::rename(&old, output);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(error);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&staged, output)?;
        }
        Ok(self.manifest)
    }

    fn update_in_place(self) -> io::Result<Manifest> {
        let output = &self.output;
        for path in &self.changed {
            let to = safe_join(output, path)?;
            if let Some(folder) = to.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::rename(safe_join(self.staging.path(), path)?, &to)?;
        }
        if let Some(previous) = &self.previous {
            for stale in previous
                .files
                .keys()
                .filter(|path| !self.manifest.files.contains_key(path.as_str()))
            {
                let path = safe_join(output, stale)?;
                match std::fs::remove_file(&path) {
                    Ok(()) => remove_empty_folders(output, &path),
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(self.manifest)
    }
}

fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

fn staging_dir(output: &Path, suffix: &str) -> io::Result<tempfile::TempDir> {
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    tempfile::Builder::new()
        .prefix(&format!(".{}.{suffix}-", output_name(output)))
        .tempdir_in(&parent)
}

/// Removes the folders a deleted file leaves empty, up to (not including) the output.
fn remove_empty_folders(output: &Path, removed: &Path) {
    let mut folder = removed.parent();
    while let Some(dir) = folder.filter(|dir| *dir != output && dir.starts_with(output)) {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
}

/// Writes the items into `dir`, whose folders exist, in parallel.
fn write_items(dir: &Path, items: &[&Planned<'_>]) -> io::Result<Vec<(String, Written)>> {
    items
        .par_iter()
        .map(|item| {
            let to = safe_join(dir, item.path)?;
            let meta = match item.what {
                What::Bytes(bytes) => {
                    let mut file = std::fs::File::create(&to)?;
                    file.write_all(bytes)?;
                    file.metadata()?
                }
                What::Copy(from) => {
                    std::fs::copy(from, &to)?;
                    std::fs::metadata(&to)?
                }
            };
            let written = Written {
                hash: item.hash.clone(),
                len: meta.len(),
                modified_ns: modified_ns(&meta),
            };
            Ok((item.path.to_owned(), written))
        })
        .collect()
}

fn on_disk(path: &Path, written: &Written) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.len() == written.len && modified_ns(&meta) == written.modified_ns)
}

fn modified_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Joins a relative output path, refusing anything that would land outside `dir`.
pub(crate) fn safe_join(dir: &Path, relative: &str) -> io::Result<PathBuf> {
    let relative = Path::new(relative);
    let escapes = relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || relative.as_os_str().is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "output path `{}` leaves the output directory",
                relative.display()
            ),
        ));
    }
    Ok(dir.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
        let mut emitter = Emitter::begin(output, None)?;
        emitter.write_files(files)?;
        emitter.finish().map(drop)
    }

    #[test]
    fn replaces_output_and_leaves_no_staging() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let output = temp.path().join("public");
        let first = [
            OutputFile::new("a/index.html", "one"),
            OutputFile::new("old.txt", "x"),
        ];
        assert!(write_site(&output, &first).is_ok());
        let second = [OutputFile::new("a/index.html", "two")];
        assert!(write_site(&output, &second).is_ok());
        assert_eq!(
            std::fs::read_to_string(output.join("a/index.html"))
                .ok()
                .as_deref(),
            Some("two")
        );
        assert!(!output.join("old.txt").exists());
        let leftovers = std::fs::read_dir(temp.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(leftovers, 1, "only public/ remains");
    }

    #[test]
    fn refuses_paths_outside() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "/etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b.html").is_ok());
    }
}
