//! The local journal of a deploy in progress: each file as it lands on the target, so that a
//! deploy interrupted before the target's manifest was replaced resumes where it stopped
//! instead of uploading everything again.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::Error;
use crate::config::Encoding;
use crate::manifest::Entry;
use crate::plan::Upload;

const HEADER: &str = "boke deploy journal 2";

pub struct Journal {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

/// The files a journal at `path` records as uploaded on top of the target manifest whose
/// bytes hash to `base`; none when it was written on top of another (a deploy from elsewhere
/// came between).
pub fn landed(path: &Path, base: &str) -> Vec<(String, Entry)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(&format!("{HEADER} {base}")) {
        return Vec::new();
    }
    // A line cut short by the interruption fails to parse and is skipped.
    lines.filter_map(parse).collect()
}

/// `HASH SIZE ENCODINGS REDIRECT PATH`, the two middle fields `-` when empty; the path last,
/// since it may hold spaces.
fn parse(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(5, ' ');
    let hash = fields.next().filter(|hash| hash.len() == 32)?;
    let size = fields.next()?.parse().ok()?;
    let encodings = match fields.next()? {
        "-" => Vec::new(),
        list => list
            .split(',')
            .map(Encoding::from_token)
            .collect::<Option<Vec<_>>>()?,
    };
    let redirect = match fields.next()? {
        "-" => None,
        location => Some(location.to_string()),
    };
    let path = fields.next()?;
    Some((
        path.to_string(),
        Entry {
            hash: hash.to_string(),
            size,
            encodings,
            redirect,
        },
    ))
}

impl Journal {
    /// A journal at `path` on top of the manifest `base`, holding `kept` (what an earlier,
    /// interrupted deploy already landed).
    pub fn start(path: &Path, base: &str, kept: &[(String, Entry)]) -> Result<Self, Error> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        let mut text = format!("{HEADER} {base}\n");
        for (site_path, entry) in kept {
            text.push_str(&line(site_path, entry));
        }
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    /// Notes that `upload` landed. A journal that cannot be written only costs a resumed
    /// deploy some uploads, so it is not worth failing the deploy for.
    pub fn record(&self, upload: &Upload) {
        if let Ok(mut file) = self.file.lock() {
            let _ = file.write_all(line(&upload.path, &upload.entry).as_bytes());
        }
    }

    /// The deploy finished: the target's manifest says it all now.
    pub fn finish(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn line(path: &str, entry: &Entry) -> String {
    let encodings = if entry.encodings.is_empty() {
        "-".to_string()
    } else {
        let tokens: Vec<&str> = entry.encodings.iter().map(|e| e.token()).collect();
        tokens.join(",")
    };
    let redirect = entry.redirect.as_deref().unwrap_or("-");
    format!(
        "{} {} {encodings} {redirect} {path}\n",
        entry.hash, entry.size
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Change;

    #[test]
    fn a_journal_is_read_back_only_on_top_of_its_own_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deploy/s3.journal");
        let kept = vec![("a.css".to_string(), Entry::of(b"a"))];
        let journal = Journal::start(&path, "base1", &kept).unwrap();
        journal.record(&Upload {
            path: "posts/有 空格/index.html".into(),
            entry: Entry::of(b"b"),
            change: Change::New,
        });
        let alias = Entry {
            encodings: vec![Encoding::Brotli, Encoding::Gzip],
            redirect: Some("/posts/%E6%96%B0/".into()),
            ..Entry::of(b"c")
        };
        journal.record(&Upload {
            path: "old/index.html".into(),
            entry: alias.clone(),
            change: Change::Changed,
        });
        drop(journal);
        // An interrupted write leaves half a line.
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("0123");
        std::fs::write(&path, text).unwrap();
        let landed_files = landed(&path, "base1");
        assert_eq!(landed_files.len(), 3);
        assert_eq!(landed_files[1].0, "posts/有 空格/index.html");
        assert_eq!(landed_files[1].1, Entry::of(b"b"));
        assert_eq!(landed_files[2], ("old/index.html".to_string(), alias));
        assert!(landed(&path, "base2").is_empty());
    }
}
