//! A folder as a target: a mounted VPS disk or the folder a web server serves. Each file is
//! written beside its place and renamed into it, so a reader never sees half a file.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Store;
use crate::Error;
use crate::manifest::MANIFEST_FILE;
use crate::plan::Upload;

pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Where the site path `site_path` is in the folder.
    pub fn local_path(&self, site_path: &str) -> PathBuf {
        site_path
            .split('/')
            .fold(self.dir.clone(), |path, part| path.join(part))
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

    fn list(&mut self) -> Result<Vec<String>, Error> {
        if !self.dir.exists() {
            return Ok(Vec::new());
        }
        crate::manifest::paths(&self.dir)
    }

    fn put_all(
        &mut self,
        site: &Path,
        uploads: &[Upload],
        done: &(dyn Fn(&Upload) + Sync),
    ) -> Result<(), Error> {
        uploads.par_iter().try_for_each(|upload| {
            let from = Folder::new(site.to_path_buf()).local_path(&upload.path);
            let bytes = std::fs::read(&from).map_err(|e| Error::io(&from, e))?;
            replace(&self.local_path(&upload.path), &bytes)?;
            done(upload);
            Ok(())
        })
    }

    fn delete_all(&mut self, paths: &[String]) -> Result<(), Error> {
        for site_path in paths {
            let path = self.local_path(site_path);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
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
