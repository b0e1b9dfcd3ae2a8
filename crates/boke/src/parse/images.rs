//! What a page's images are on disk: the pixel sizes of images kept beside a folder post
//! (`posts/a/index.md` and `posts/a/b.png`) or in `static/` (`/images/b.png`), read from the
//! files' headers so that pages give them `width` and `height`, and their smaller copies for
//! `srcset` (see `variants`). Each image a page shows this way is recorded with the stamp of
//! its file, so a cached page whose image changed is parsed again.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use boke_markdown::{ImageFacts, ImageSizes};
use serde::{Deserialize, Serialize};

use crate::parse::variants::{self, Variant};

/// An image file a page shows, as it was when the page was parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImageUse {
    /// The file as this process reaches it.
    pub(crate) path: PathBuf,
    pub(crate) stamp: u128,
    pub(crate) variants: Vec<Variant>,
}

impl ImageUse {
    /// Whether the file and its copies are still as the page saw them.
    pub(crate) fn is_current(&self) -> bool {
        stamp(&self.path) == self.stamp && self.variants.iter().all(|v| v.cached.is_file())
    }
}

/// A file's size and modification time, enough to notice an edit without reading it.
pub(crate) fn stamp(path: &Path) -> u128 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|time| time.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    (u128::from(meta.len()) << 64) ^ modified
}

/// Where a page's image files are found.
pub(crate) struct ImageDirs {
    /// The folder of a folder post: relative `src`s are read from it.
    pub(crate) bundle: Option<PathBuf>,
    /// `static/` and `content/`: root-relative `src`s are read from them, in this order.
    pub(crate) roots: Vec<PathBuf>,
    pub(crate) cache: PathBuf,
}

/// What a page learnt of its images while it was rendered: the files, and the problems met.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) uses: Vec<ImageUse>,
    pub(crate) problems: Vec<(PathBuf, String)>,
}

/// Reads the sizes of the images that `src`s name in `dirs`, making their copies; anything
/// else (another host, a path out of its folder, a file that is not there or not an image)
/// has none. What was read goes into `seen`.
pub(crate) fn lookup(dirs: ImageDirs, seen: Arc<Mutex<Seen>>) -> ImageSizes {
    ImageSizes::new(variants::SIZES, move |src| {
        let path = locate(&dirs, src)?;
        let (width, height) = variants::drawn_size(&path)?;
        let made = variants::ensure(&path, width, &dirs.cache);
        let mut seen = seen.lock().ok()?;
        let variants = match made {
            Ok(variants) => variants,
            Err(problem) => {
                seen.problems.push((path.clone(), problem));
                Vec::new()
            }
        };
        let facts = ImageFacts {
            width,
            height,
            variants: variants
                .iter()
                .map(|v| (sibling_src(src, &path, &v.file_name), v.width))
                .collect(),
        };
        seen.uses.push(ImageUse {
            stamp: stamp(&path),
            path,
            variants,
        });
        Some(facts)
    })
}

/// The file a `src` names: beside the folder post when relative, in a root when it starts
/// with `/`.
fn locate(dirs: &ImageDirs, src: &str) -> Option<PathBuf> {
    if let Some(rooted) = src.strip_prefix('/') {
        if rooted.starts_with('/') {
            return None;
        }
        return dirs
            .roots
            .iter()
            .filter_map(|root| inside(root, rooted))
            .find(|path| path.is_file());
    }
    inside(dirs.bundle.as_ref()?, src)
}

/// `src` with its file name swapped for `file_name`, a name of the same folder made from the
/// file's own: `img/%E5%9B%BE.png` and `图.480.1a2b3c4d.webp` give
/// `img/%E5%9B%BE.480.1a2b3c4d.webp`, so the name is written as the page wrote the original.
fn sibling_src(src: &str, path: &Path, file_name: &str) -> String {
    let written = src.split(['?', '#']).next().unwrap_or(src);
    let (folder, name) = written
        .rsplit_once('/')
        .map_or(("", written), |(f, n)| (f, n));
    let written_stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem_len = path.file_stem().map_or(0, |s| s.to_string_lossy().len());
    let suffix = file_name.get(stem_len..).unwrap_or(file_name);
    if folder.is_empty() && !written.starts_with('/') {
        format!("{written_stem}{suffix}")
    } else {
        format!("{folder}/{written_stem}{suffix}")
    }
}

/// `folder/src` when `src` is a plain relative path that stays in the folder.
fn inside(folder: &Path, src: &str) -> Option<PathBuf> {
    let src = src.split(['?', '#']).next()?;
    let decoded = percent_encoding::percent_decode_str(src)
        .decode_utf8()
        .ok()?;
    if decoded.contains(':') || decoded.starts_with('/') {
        return None;
    }
    let relative = Path::new(decoded.as_ref());
    relative
        .components()
        .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
        .then(|| folder.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_linked_as_the_page_wrote_the_original() {
        let path = Path::new("/site/content/posts/a/img/图.png");
        assert_eq!(
            sibling_src("img/%E5%9B%BE.png?v=2", path, "图.480.1a2b3c4d.webp"),
            "img/%E5%9B%BE.480.1a2b3c4d.webp"
        );
        assert_eq!(
            sibling_src(
                "/images/a.b.jpg",
                Path::new("/s/static/images/a.b.jpg"),
                "a.b.960.ff.webp"
            ),
            "/images/a.b.960.ff.webp"
        );
        assert_eq!(
            sibling_src("cover.png", Path::new("/s/cover.png"), "cover.480.00.webp"),
            "cover.480.00.webp"
        );
    }

    #[test]
    fn only_plain_paths_inside_the_folder() {
        let folder = Path::new("/site/content/posts/a");
        assert_eq!(
            inside(folder, "%E5%9B%BE.png?v=2"),
            Some(folder.join("图.png"))
        );
        assert_eq!(
            inside(folder, "./img/b.png"),
            Some(folder.join("./img/b.png"))
        );
        for outside in [
            "../b.png",
            "/images/b.png",
            "https://x.example/b.png",
            "data:image/png",
        ] {
            assert_eq!(inside(folder, outside), None, "{outside}");
        }
    }
}
