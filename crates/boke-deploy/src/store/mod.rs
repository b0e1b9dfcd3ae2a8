//! The places a site's files go that hold files by key (object storage, a folder): the few
//! operations a deploy needs from each.

pub mod folder;
#[cfg(feature = "s3")]
pub mod s3;

use std::path::Path;

use crate::Error;
use crate::plan::Upload;

/// A file as a target holds it, for `--verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The site path (under the target's prefix), `/` between folders.
    pub path: String,
    pub size: u64,
    /// A digest of its bytes in lower-case hex, where the target tells it or it was read:
    /// the MD5 an S3 ETag is, a folder's file's MD5, a git blob's id; `None` where the
    /// target's tag is no digest of the bytes (a multipart upload's ETag).
    pub digest: Option<String>,
}

pub trait Store {
    /// Where the files go, for messages: `s3://blog/site/`, `/srv/www/`.
    fn describe(&self) -> String;
    /// The bytes at the site path `path`, or `None` when there is no such file.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Error>;
    /// Every site path the target holds.
    fn list(&mut self) -> Result<Vec<String>, Error>;
    /// Every file the target holds but the manifest, with its size and MD5.
    fn inventory(&mut self) -> Result<Vec<Held>, Error>;
    /// Uploads `uploads` from the built site in `site`, calling `done` as each one lands, so
    /// an interrupted deploy knows where to resume.
    fn put_all(
        &mut self,
        site: &Path,
        uploads: &[Upload],
        done: &(dyn Fn(&Upload) + Sync),
    ) -> Result<(), Error>;
    /// Deletes the files at `paths`; one already gone is not an error.
    fn delete_all(&mut self, paths: &[String]) -> Result<(), Error>;
    /// Writes the manifest last, once everything it lists is in place.
    fn write_manifest(&mut self, bytes: Vec<u8>) -> Result<(), Error>;
}
