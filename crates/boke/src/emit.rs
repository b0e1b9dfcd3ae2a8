//! The emit stage: writing the built site all-or-nothing. Files go to a fresh directory beside
//! the output, which then takes the output's place; a failure leaves the old output untouched.

use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// Copies of files on disk to place in the output (static files, post assets).
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub from: PathBuf,
    /// Relative output path.
    pub to: String,
}

/// Writes `files` and `copies` as the new content of `output`, replacing it at once.
pub fn write_site(output: &Path, files: &[OutputFile], copies: &[CopiedFile]) -> io::Result<()> {
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    write_tree(staging.path(), files, copies)?;

    let staged = staging.keep();
    if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)?
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
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile], copies: &[CopiedFile]) -> io::Result<()> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(copies.iter().map(|c| c.to.as_str()))
        .filter_map(|path| safe_join(dir, path).ok()?.parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    copies
        .par_iter()
        .try_for_each(|copy| std::fs::copy(&copy.from, safe_join(dir, &copy.to)?).map(drop))?;
    files
        .par_iter()
        .try_for_each(|file| std::fs::write(safe_join(dir, &file.path)?, &file.bytes))
}

/// Joins a relative output path, refusing anything that would land outside `dir`.
pub fn safe_join(dir: &Path, relative: &str) -> io::Result<PathBuf> {
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

    #[test]
    fn replaces_output_and_leaves_no_staging() {
        let temp = tempfile::tempdir().ok();
        let Some(temp) = temp else { return };
        let output = temp.path().join("public");
        let first = [
            OutputFile::new("a/index.html", "one"),
            OutputFile::new("old.txt", "x"),
        ];
        assert!(write_site(&output, &first, &[]).is_ok());
        let second = [OutputFile::new("a/index.html", "two")];
        assert!(write_site(&output, &second, &[]).is_ok());
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
