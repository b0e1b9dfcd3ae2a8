//! What stops an import: input that cannot be read, or output that cannot be written.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path} does not look like a {engine} site: {hint}")]
    NotASite {
        path: PathBuf,
        engine: &'static str,
        hint: &'static str,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the output folder {path} is inside the source, which is never modified")]
    OutInsideSource { path: PathBuf },
}

pub(crate) fn read(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    }
}
