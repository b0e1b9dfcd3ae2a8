//! Which files on disk are copied into the output as they are: static files, the files kept
//! beside a post in its folder (`posts/a/cover.png`) placed beside its page, and the smaller
//! copies of the images pages show, from the cache, beside their images.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::assemble::Site;

/// Copies of files on disk to place in the output (static files, post assets).
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub from: PathBuf,
    /// Relative output path.
    pub to: String,
}

/// Static files, and files kept beside a post in its folder (`posts/a/cover.png`). Files in the
/// folder of a page that is not published (a draft, a future post) stay out.
pub(crate) fn copies(
    site: &Site,
    assets: &[PathBuf],
    bundles: &[PathBuf],
    content_dir: &Path,
    static_dir: &Path,
) -> Vec<CopiedFile> {
    let mut copies = Vec::new();
    for asset in assets {
        let owner = site.posts.iter().chain(&site.pages).find(|page| {
            page.placement
                .bundle_dir
                .as_ref()
                .is_some_and(|dir| asset.starts_with(dir))
        });
        let to = match owner {
            Some(page) => {
                let inside = page
                    .placement
                    .bundle_dir
                    .as_ref()
                    .and_then(|dir| asset.strip_prefix(dir).ok())
                    .unwrap_or(asset);
                // Where the page's relative links point: its folder, which for a `.html`
                // permalink (`/post/a.html`) is the folder holding the file, as browsers
                // resolve `cover.png` from it.
                let path = page.placement.path.trim_start_matches('/');
                let folder = &path[..path.rfind('/').map_or(0, |slash| slash + 1)];
                format!("{folder}{}", slash_path(inside))
            }
            None if bundles.iter().any(|dir| asset.starts_with(dir)) => continue,
            None => slash_path(asset),
        };
        copies.push(CopiedFile {
            from: content_dir.join(asset),
            to,
        });
    }
    if static_dir.is_dir() {
        for entry in ignore::WalkBuilder::new(static_dir)
            .standard_filters(false)
            .hidden(true)
            .build()
            .flatten()
        {
            if entry.file_type().is_some_and(|t| t.is_file())
                && let Ok(relative) = entry.path().strip_prefix(static_dir)
            {
                copies.push(CopiedFile {
                    from: entry.path().to_path_buf(),
                    to: slash_path(relative),
                });
            }
        }
    }
    copies.extend(variant_copies(site, &copies));
    copies
}

/// The smaller copies of the images pages show, each beside its image's own copy.
fn variant_copies(site: &Site, copies: &[CopiedFile]) -> Vec<CopiedFile> {
    let placed: HashMap<&Path, &str> = copies
        .iter()
        .map(|copy| (copy.from.as_path(), copy.to.as_str()))
        .collect();
    let mut seen = HashSet::new();
    let mut variants = Vec::new();
    for image in site
        .posts
        .iter()
        .chain(&site.pages)
        .flat_map(|page| &page.images)
    {
        let Some(to) = placed.get(image.path.as_path()) else {
            continue;
        };
        let folder = &to[..to.rfind('/').map_or(0, |slash| slash + 1)];
        for variant in &image.variants {
            let to = format!("{folder}{}", variant.file_name);
            if seen.insert(to.clone()) {
                variants.push(CopiedFile {
                    from: variant.cached.clone(),
                    to,
                });
            }
        }
    }
    variants
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
