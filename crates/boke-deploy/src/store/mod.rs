//! The places a site's files go that hold files by key (object storage, a folder): the few
//! operations a deploy needs from each.

pub mod folder;
#[cfg(feature = "s3")]
pub mod s3;

use std::path::Path;

use crate::Error;
use crate::plan::Upload;

pub trait Store {
    /// Where the files go, for messages: `s3://blog/site/`, `/srv/www/`.
    fn describe(&self) -> String;
    /// The bytes at the site path `path`, or `None` when there is no such file.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Error>;
    /// Every site path the target holds.
    fn list(&mut self) -> Result<Vec<String>, Error>;
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
