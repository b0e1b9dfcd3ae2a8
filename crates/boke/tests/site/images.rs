//! Responsive images: the WebP copies a page offers in `srcset` are in the output, are WebP at
//! the widths named, are made once (a later build takes them from the cache), follow an edit
//! of the image, and an image that cannot be decoded is shown as it is, with a warning.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use scraper::{Html, Selector};

use crate::common::{boke, files_under, real_image, write};

fn site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    write(
        root,
        "boke.toml",
        "title = \"图\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        root,
        "content/posts/2026-01-03-pictures/index.md",
        "---\ntitle: 图片\n---\n\n![宽图](wide.png)\n\n正文。\n\n![小图](img/small.png)\n\n![静态](/images/photo.jpg)\n",
    );
    write(
        root,
        "content/posts/2026-01-04-again.md",
        "---\ntitle: 再看\n---\n\n![静态](/images/photo.jpg)\n",
    );
    let folder = root.join("content/posts/2026-01-03-pictures");
    real_image(&folder.join("wide.png"), 1600, 900);
    real_image(&folder.join("img/small.png"), 300, 200);
    real_image(&root.join("static/images/photo.jpg"), 1200, 800);
    temp
}

fn build(root: &Path) -> String {
    let output = boke(root, &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The `srcset` and `sizes` of the image whose `src` is `src` on the page at `page`.
fn srcset(root: &Path, page: &str, src: &str) -> (Vec<(String, u32)>, Option<String>) {
    let html = std::fs::read_to_string(root.join("public").join(page)).expect("page");
    let html = Html::parse_document(&html);
    let selector = Selector::parse(&format!(".post-content img[src='{src}']")).expect("selector");
    let img = html
        .select(&selector)
        .next()
        .expect("the image is on the page");
    let candidates = img
        .value()
        .attr("srcset")
        .map(|set| {
            set.split(", ")
                .map(|candidate| {
                    let (url, width) = candidate.rsplit_once(' ').expect("url and width");
                    let width = width.trim_end_matches('w').parse().expect("a width");
                    (url.to_owned(), width)
                })
                .collect()
        })
        .unwrap_or_default();
    (candidates, img.value().attr("sizes").map(str::to_owned))
}

/// The pixel size of a WebP file, after checking it is one.
fn webp_size(path: &Path) -> (usize, usize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..4], b"RIFF", "{}", path.display());
    assert_eq!(&bytes[8..12], b"WEBP", "{}", path.display());
    let size = imagesize::blob_size(&bytes).expect("a WebP size");
    (size.width, size.height)
}

fn cached_copies(root: &Path) -> Vec<(PathBuf, SystemTime)> {
    let dir = root.join(".boke-cache/images");
    files_under(&dir)
        .into_iter()
        .map(|file| {
            let modified = std::fs::metadata(dir.join(&file))
                .and_then(|m| m.modified())
                .expect("modified");
            (file, modified)
        })
        .collect()
}

#[test]
fn wide_images_offer_webp_copies_that_are_in_the_output() {
    let site = site();
    let root = site.path();
    build(root);

    let (candidates, sizes) = srcset(root, "posts/pictures/index.html", "wide.png");
    let widths: Vec<u32> = candidates.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1440, 1600], "{candidates:?}");
    assert_eq!(candidates[3].0, "wide.png");
    assert!(sizes.is_some_and(|s| s.contains("100vw")));
    for (url, width) in &candidates[..3] {
        assert!(url.starts_with("wide.") && url.ends_with(".webp"), "{url}");
        let file = root.join("public/posts/pictures").join(url);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("copy").permissions().mode();
            assert_eq!(
                mode & 0o044,
                0o044,
                "{url}: a web server must read it ({mode:o})"
            );
        }
        let (w, h) = webp_size(&file);
        assert_eq!(w, *width as usize, "{url}");
        // The copy keeps the image's 16:9.
        assert_eq!(h, (*width as usize * 9).div_ceil(16), "{url}");
    }

    // Narrower than the narrowest copy: shown as it is.
    let (small, sizes) = srcset(root, "posts/pictures/index.html", "img/small.png");
    assert!(small.is_empty() && sizes.is_none(), "{small:?}");

    // An image in static/, linked from its root, gets its size and copies beside it.
    let (photo, _) = srcset(root, "posts/pictures/index.html", "/images/photo.jpg");
    let widths: Vec<u32> = photo.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1200], "{photo:?}");
    for (url, width) in &photo[..2] {
        assert!(url.starts_with("/images/photo."), "{url}");
        let (w, h) = webp_size(&root.join("public").join(&url[1..]));
        assert_eq!((w, h), (*width as usize, *width as usize * 2 / 3), "{url}");
    }
    let html =
        std::fs::read_to_string(root.join("public/posts/pictures/index.html")).expect("page");
    assert!(html.contains("src=\"/images/photo.jpg\""));
    assert!(
        html.contains("width=\"1200\" height=\"800\""),
        "the static image has its size"
    );
    // The other post showing the same photo links the same copies, made once.
    let (again, _) = srcset(root, "posts/again/index.html", "/images/photo.jpg");
    assert_eq!(again, photo);
    assert_eq!(cached_copies(root).len(), 3 + 2);
}

#[test]
fn copies_are_made_once_and_follow_an_edit_of_the_image() {
    let site = site();
    let root = site.path();
    build(root);
    let first = cached_copies(root);
    assert_eq!(first.len(), 5, "{first:?}");

    // Every page parsed again, and the output gone: the copies come from the cache.
    std::fs::remove_file(root.join(".boke-cache/pages.pack")).expect("forget pages");
    std::fs::remove_dir_all(root.join("public")).expect("forget output");
    build(root);
    assert_eq!(cached_copies(root), first, "no copy was made again");
    let (candidates, _) = srcset(root, "posts/pictures/index.html", "wide.png");
    for (url, _) in &candidates[..3] {
        assert!(
            root.join("public/posts/pictures").join(url).is_file(),
            "{url}"
        );
    }

    // A new picture under the same name: new copies under new names, the old ones gone.
    let folder = root.join("content/posts/2026-01-03-pictures");
    real_image(&folder.join("wide.png"), 1000, 1000);
    build(root);
    let (edited, _) = srcset(root, "posts/pictures/index.html", "wide.png");
    let widths: Vec<u32> = edited.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1000], "{edited:?}");
    assert_ne!(edited[0].0, candidates[0].0, "the name follows the bytes");
    assert_eq!(
        webp_size(&root.join("public/posts/pictures").join(&edited[0].0)),
        (480, 480)
    );
    for (url, _) in &candidates[..3] {
        assert!(
            !root.join("public/posts/pictures").join(url).exists(),
            "{url}"
        );
    }
}

#[test]
fn an_image_that_cannot_be_decoded_is_shown_as_it_is_with_a_warning() {
    let site = site();
    let root = site.path();
    // A PNG header that says 1600 × 900 and no pixels.
    std::fs::write(
        root.join("content/posts/2026-01-03-pictures/wide.png"),
        crate::common::png_header(1600, 900),
    )
    .expect("png");
    let stderr = build(root);
    assert!(
        stderr.contains("cannot make smaller copies") && stderr.contains("wide.png"),
        "{stderr}"
    );
    let (candidates, _) = srcset(root, "posts/pictures/index.html", "wide.png");
    assert!(candidates.is_empty(), "{candidates:?}");
    let html =
        std::fs::read_to_string(root.join("public/posts/pictures/index.html")).expect("page");
    assert!(html.contains("width=\"1600\" height=\"900\""));
}
