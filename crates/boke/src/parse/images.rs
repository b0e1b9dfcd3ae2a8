//! The pixel sizes of images kept beside a folder post (`posts/a/index.md` and `posts/a/b.png`),
//! read from the files' headers, so that pages give them `width` and `height`.

use std::path::{Component, Path, PathBuf};

use boke_markdown::ImageSizes;

/// Reads the sizes of images that `src` names inside `folder`; anything else (another host, a
/// path out of the folder, a file that is not there or not an image) has none.
pub(crate) fn sizes_beside(folder: &Path) -> ImageSizes {
    let folder = folder.to_path_buf();
    ImageSizes::new(move |src| {
        let path = inside(&folder, src)?;
        let size = imagesize::size(path).ok()?;
        Some((
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        ))
    })
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
