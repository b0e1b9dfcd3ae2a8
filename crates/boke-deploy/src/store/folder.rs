//! A folder as a target: a mounted VPS disk or the folder a web server serves. Each file is
//! written beside its place and renamed into it, so a reader never sees half a file. With
//! `precompress`, each text file's compressed copies (`FILE.gz`, `FILE.br`) are written before
//! it and removed with it, for nginx's `gzip_static`/`brotli_static` and Caddy's
//! `precompressed`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Held, Store};
use crate::Error;
use crate::config::Encoding;
use crate::manifest::{MANIFEST_FILE, Manifest};
use crate::plan::Upload;
use crate::precompress;

pub struct Folder {
    dir: PathBuf,
    /// The site's own paths: a copy's name that is one of them is the site's file, never
    /// written over or removed as a copy.
    site_files: BTreeSet<String>,
}

impl Folder {
    /// A folder to read files from.
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            site_files: BTreeSet::new(),
        }
    }

    /// The folder a deploy of the site `site` goes to.
    pub fn target(dir: PathBuf, site: &Manifest) -> Self {
        Self {
            dir,
            site_files: site.files.keys().cloned().collect(),
        }
    }

    /// Where the site path `site_path` is in the folder.
    pub fn local_path(&self, site_path: &str) -> PathBuf {
        site_path
            .split('/')
            .fold(self.dir.clone(), |path, part| path.join(part))
    }

    /// The compressed copies' site paths a file may have beside it, with their encodings,
    /// but those that are files of the site.
    fn copies<'a>(&'a self, site_path: &'a str) -> impl Iterator<Item = (String, Encoding)> + 'a {
        Encoding::ALL
            .into_iter()
            .map(move |e| (format!("{site_path}{}", e.suffix()), e))
            .filter(|(copy, _)| !self.site_files.contains(copy))
    }
}

/// Writes `bytes` at `path` through a temporary file beside it.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    let temporary = path.with_file_name(format!(".{name}.boke-tmp"));
    std::fs::write(&temporary, bytes).map_err(|e| Error::io(&temporary, e))?;
    std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))
}

/// Removes the file at `path`; one already gone is not an error.
fn remove(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

impl Store for Folder {
    fn describe(&self) -> String {
        self.dir.display().to_string()
    }

    fn read(&mut self, site_path: &str) -> Result<Option<Vec<u8>>, Error> {
        let path = self.local_path(site_path);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// The paths held, without the compressed copies beside the files: those come and go
    /// with their file.
    fn list(&mut self) -> Result<Vec<String>, Error> {
        if !self.dir.exists() {
            return Ok(Vec::new());
        }
        let paths = crate::manifest::paths(&self.dir)?;
        let held: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        let copy = |path: &str| {
            Encoding::ALL.iter().any(|e| {
                path.strip_suffix(e.suffix())
                    .is_some_and(|file| held.contains(file))
            })
        };
        Ok(paths.iter().filter(|p| !copy(p)).cloned().collect())
    }

    fn inventory(&mut self) -> Result<Vec<Held>, Error> {
        if !self.dir.exists() {
            return Ok(Vec::new());
        }
        crate::manifest::paths(&self.dir)?
            .into_par_iter()
            .map(|path| {
                let file = self.local_path(&path);
                let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
                Ok(Held {
                    path,
                    size: bytes.len() as u64,
                    digest: Some(crate::verify::md5_hex(&bytes)),
                })
            })
            .collect()
    }

    fn put_all(
        &mut self,
        site: &Path,
        uploads: &[Upload],
        done: &(dyn Fn(&Upload) + Sync),
    ) -> Result<(), Error> {
        let source = Folder::new(site.to_path_buf());
        uploads.par_iter().try_for_each(|upload| {
            let from = source.local_path(&upload.path);
            let bytes = std::fs::read(&from).map_err(|e| Error::io(&from, e))?;
            // The copies first, so the file never stands beside a copy of its old self.
            for (copy, encoding) in self.copies(&upload.path) {
                let wanted = upload.entry.encodings.contains(&encoding);
                match wanted
                    .then(|| precompress::worth(&bytes, encoding))
                    .flatten()
                {
                    Some(compressed) => replace(&self.local_path(&copy), &compressed)?,
                    None => remove(&self.local_path(&copy))?,
                }
            }
            replace(&self.local_path(&upload.path), &bytes)?;
            done(upload);
            Ok(())
        })
    }

    fn delete_all(&mut self, paths: &[String]) -> Result<(), Error> {
        for site_path in paths {
            for (copy, _) in self.copies(site_path) {
                remove(&self.local_path(&copy))?;
            }
            let path = self.local_path(site_path);
            remove(&path)?;
            // Folders the deleted file leaves empty go too, up to the target's own.
            let mut folder = path.parent();
            while let Some(dir) = folder.filter(|dir| *dir != self.dir) {
                if std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        Ok(())
    }

    fn write_manifest(&mut self, bytes: Vec<u8>) -> Result<(), Error> {
        replace(&self.local_path(MANIFEST_FILE), &bytes)
    }
}
