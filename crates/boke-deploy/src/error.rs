//! What can go wrong in a deploy, worded for the person running it, with a hint.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{source_name}: not a manifest boke can read: {message}")]
    Manifest {
        source_name: String,
        message: String,
    },
    #[error("{target}: {message}")]
    Target { target: String, message: String },
    #[error("the deploy would delete {count} files from {target}, more than the {max} allowed")]
    TooManyDeletes {
        target: String,
        count: usize,
        max: usize,
    },
    #[error("{0}")]
    Unsupported(String),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn target(target: &str, message: impl std::fmt::Display) -> Self {
        Self::Target {
            target: target.to_string(),
            message: message.to_string(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::TooManyDeletes { .. } => Some(
                "see them with --dry-run; if the site really lost those files, run again with \
                 --force or a larger --max-deletes N"
                    .into(),
            ),
            Self::Manifest { .. } => Some(
                "remove that file from the target to make the next deploy upload everything".into(),
            ),
            _ => None,
        }
    }
}
