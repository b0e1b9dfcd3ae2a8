//! Smaller copies of the raster images pages show, for `srcset`: WebP at a few widths below
//! the image's own, named by a hash of the image's bytes so that a CDN may keep them forever.
//! They are made while the page that shows the image is parsed, once: the encoded files wait in
//! `.boke-cache/images/`, and a later build, or another page showing the same image, finds them
//! there. A page offers only copies that exist, so an image that cannot be decoded is shown as
//! it is, with a warning.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// The widths, in pixels, of the copies made of an image wider than them: a phone's column at
/// 1×, the desktop column at about 1.4×, and a phone or the desktop column at 2× and more.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1440];

/// How wide the default theme draws an image in a post: the whole column (42.5rem) from a
/// desktop's width, the whole screen below it.
pub(crate) const SIZES: &str = "(min-width: 46rem) 42.5rem, 100vw";

/// Where the copies are kept, in the site's cache folder.
pub(crate) const CACHE_SUBDIR: &str = "images";

/// One copy of an image: the file in the cache, and the name it takes beside the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Variant {
    pub(crate) width: u32,
    pub(crate) cached: PathBuf,
    /// `chart.480.1a2b3c4d.webp` for `chart.png`.
    pub(crate) file_name: String,
}

/// The cache file and output name of the copy of the image with these bytes at `width`.
fn variant(cache_dir: &Path, stem: &str, hash: u128, width: u32) -> Variant {
    Variant {
        width,
        cached: cache_dir.join(format!("{hash:032x}-{width}.webp")),
        file_name: format!("{stem}.{width}.{:08x}.webp", hash >> 96),
    }
}

/// The widths of the copies an image `width` pixels wide gets.
pub(crate) fn widths_below(width: u32) -> impl Iterator<Item = u32> {
    WIDTHS.into_iter().filter(move |&w| w < width)
}

/// Whether the file at `path` is a raster image whose copies are worth making, by its name.
pub(crate) fn is_resizable(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["png", "jpg", "jpeg", "webp"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// The copies of the image at `path`, `width` pixels wide as drawn, made into `cache_dir`
/// where they are missing. No copies (and no error) for an image that is not wider than the
/// narrowest width.
pub(crate) fn ensure(path: &Path, width: u32, cache_dir: &Path) -> Result<Vec<Variant>, String> {
    // Without the encoder there is nothing to offer: pages show the image itself.
    if !cfg!(feature = "images") || !is_resizable(path) || widths_below(width).next().is_none() {
        return Ok(Vec::new());
    }
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let hash = xxh3_128(&bytes);
    let variants: Vec<Variant> = widths_below(width)
        .map(|w| variant(cache_dir, &stem, hash, w))
        .collect();
    if !variants.iter().all(|v| v.cached.is_file()) {
        make::all(&bytes, &variants, cache_dir)?;
    }
    // A flat drawing can be smaller as a PNG than as a lossy WebP of fewer pixels: a copy that
    // saves nothing is not offered.
    Ok(variants
        .into_iter()
        .filter(|v| std::fs::metadata(&v.cached).is_ok_and(|m| m.len() < bytes.len() as u64))
        .collect())
}

/// The pixel size of an image as a browser draws it: EXIF rotation applied, so a photo taken
/// upright on a phone is taller than wide.
pub(crate) fn drawn_size(path: &Path) -> Option<(u32, u32)> {
    let size = imagesize::size(path).ok()?;
    let (width, height) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    Some(if make::turned_sideways(path) {
        (height, width)
    } else {
        (width, height)
    })
}

#[cfg(feature = "images")]
mod make {
    use std::io::Cursor;
    use std::path::Path;
    use std::sync::atomic::{AtomicU64, Ordering};

    use fast_image_resize::images::Image;
    use fast_image_resize::{PixelType, ResizeOptions, Resizer};
    use image::{DynamicImage, ImageDecoder, ImageReader, metadata::Orientation};

    use super::Variant;

    /// Lossy WebP quality: indistinguishable from the source at the sizes shown, about a third
    /// of a JPEG's bytes at quality 90.
    const QUALITY: f32 = 80.0;

    /// Tells apart the temporary files of copies made at once by several threads.
    static NEXT_TEMPORARY: AtomicU64 = AtomicU64::new(0);

    pub(super) fn turned_sideways(path: &Path) -> bool {
        let orientation = ImageReader::open(path)
            .ok()
            .and_then(|reader| reader.with_guessed_format().ok())
            .and_then(|reader| reader.into_decoder().ok())
            .and_then(|mut decoder| decoder.orientation().ok());
        matches!(
            orientation,
            Some(
                Orientation::Rotate90
                    | Orientation::Rotate270
                    | Orientation::Rotate90FlipH
                    | Orientation::Rotate270FlipH
            )
        )
    }

    /// Decodes the image once and writes each copy into the cache.
    pub(super) fn all(bytes: &[u8], variants: &[Variant], cache_dir: &Path) -> Result<(), String> {
        let mut decoder = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|error| error.to_string())?
            .into_decoder()
            .map_err(|error| error.to_string())?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let mut image = DynamicImage::from_decoder(decoder).map_err(|error| error.to_string())?;
        image.apply_orientation(orientation);
        let with_alpha = image.color().has_alpha();
        let (width, height) = (image.width(), image.height());
        let (buffer, pixel_type) = if with_alpha {
            (image.into_rgba8().into_raw(), PixelType::U8x4)
        } else {
            (image.into_rgb8().into_raw(), PixelType::U8x3)
        };
        let source = Image::from_vec_u8(width, height, buffer, pixel_type)
            .map_err(|error| error.to_string())?;
        std::fs::create_dir_all(cache_dir).map_err(|error| error.to_string())?;
        let mut resizer = Resizer::new();
        for variant in variants {
            if variant.cached.is_file() {
                continue;
            }
            let scaled_height = (u64::from(height) * u64::from(variant.width))
                .div_ceil(u64::from(width).max(1))
                .max(1);
            let scaled_height = u32::try_from(scaled_height).unwrap_or(u32::MAX);
            let mut scaled = Image::new(variant.width, scaled_height, pixel_type);
            resizer
                .resize(&source, &mut scaled, &ResizeOptions::new())
                .map_err(|error| error.to_string())?;
            let encoder = if with_alpha {
                webp::Encoder::from_rgba(scaled.buffer(), variant.width, scaled_height)
            } else {
                webp::Encoder::from_rgb(scaled.buffer(), variant.width, scaled_height)
            };
            let encoded = encoder
                .encode_simple(false, QUALITY)
                .map_err(|error| format!("WebP encoding failed: {error:?}"))?;
            // Written whole and then renamed: a build killed half-way leaves no torn copy that
            // a later build would take for a finished one. A plain write, not a temporary
            // file's private mode, since the output's copy keeps the mode and a web server
            // must read it.
            let unique = NEXT_TEMPORARY.fetch_add(1, Ordering::Relaxed);
            let temporary = variant
                .cached
                .with_extension(format!("{}-{unique}.tmp", std::process::id()));
            std::fs::write(&temporary, &*encoded).map_err(|error| error.to_string())?;
            if let Err(error) = std::fs::rename(&temporary, &variant.cached) {
                let _ = std::fs::remove_file(&temporary);
                return Err(error.to_string());
            }
        }
        Ok(())
    }
}

#[cfg(not(feature = "images"))]
mod make {
    use std::path::Path;

    use super::Variant;

    pub(super) fn turned_sideways(_: &Path) -> bool {
        false
    }

    pub(super) fn all(_: &[u8], _: &[Variant], _: &Path) -> Result<(), String> {
        Ok(())
    }
}
