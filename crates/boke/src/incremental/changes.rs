//! What changed on disk between two rebuilds of `serve`, sorted by the part of the site each
//! path belongs to; editor leftovers are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::load::config::Config;
use crate::load::links::LINKS_FILE;
use crate::render::templates::component_name;

/// What changed on disk since the last rebuild, sorted by how much it invalidates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `boke.toml`, `data/links.toml` or an emoji pack: everything is loaded and rendered again.
    pub config: bool,
    /// A template other than a component's: every page is rendered again.
    pub templates: bool,
    /// Component templates (`templates/shortcodes/NAME.html`), by component name: the pages
    /// using them are rendered again.
    pub components: BTreeSet<String>,
    /// Files under the content directory, relative to it.
    pub content: BTreeSet<PathBuf>,
    /// A file under the static directory: copies are listed again.
    pub static_files: bool,
    /// The files under the static directory that changed, as named to `classify`: pages that
    /// show one of them as an image are parsed again.
    pub static_paths: BTreeSet<PathBuf>,
}

impl Changes {
    /// Sorts changed paths (absolute, or relative to the working directory like `root`) by
    /// the part of the site they belong to. Editor leftovers and hidden files are ignored.
    pub fn classify(root: &Path, config: &Config, paths: &[PathBuf]) -> Self {
        let mut changes = Self::default();
        let content_dir = root.join(&config.content_dir);
        let templates_dir = root.join(&config.templates_dir);
        let static_dir = root.join(&config.static_dir);
        for path in paths {
            if is_scratch_file(path) {
                continue;
            }
            let emoji_pack = || {
                path.strip_prefix(&static_dir).is_ok_and(|inside| {
                    let inside = inside.to_string_lossy().replace('\\', "/");
                    config
                        .social
                        .emoji
                        .iter()
                        .any(|file| file.trim_start_matches('/') == inside)
                })
            };
            if path == &config.file_path(root) || path == &root.join(LINKS_FILE) || emoji_pack() {
                changes.config = true;
            } else if let Ok(inside) = path.strip_prefix(&content_dir) {
                if !inside.as_os_str().is_empty() {
                    changes.content.insert(inside.to_path_buf());
                }
            } else if let Ok(inside) = path.strip_prefix(&templates_dir) {
                let name = inside.to_string_lossy().replace('\\', "/");
                match component_name(&name) {
                    Some(component) => {
                        changes.components.insert(component.to_owned());
                    }
                    None => changes.templates = true,
                }
            } else if path.starts_with(&static_dir) {
                changes.static_files = true;
                changes.static_paths.insert(path.clone());
            }
        }
        changes
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Swap files, backups and hidden files that editors write beside the real one.
fn is_scratch_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_none_or(crate::load::is_editor_leftover)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_friend_links_file_counts_as_the_config() {
        let root = Path::new("site");
        let config = Config::default();
        let changes = Changes::classify(root, &config, &[root.join("data/links.toml")]);
        assert!(changes.config, "{changes:?}");
        let changes = Changes::classify(root, &config, &[root.join("data/notes.toml")]);
        assert!(changes.is_empty(), "{changes:?}");
    }
}
