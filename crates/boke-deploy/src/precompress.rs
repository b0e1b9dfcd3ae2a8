//! Pre-compressed copies of a site's text files (a target's `precompress`): which files get
//! them, their bytes, and whether a copy is worth keeping. The bytes are the same every time
//! for the same file (no name or time in the gzip header), so `--verify` can make them again
//! and compare.

use std::io::Write as _;

use crate::config::{Encoding, Precompress};
use crate::headers::extension;
use crate::manifest::Manifest;

/// Files smaller than this are left as they are: they fit in one packet either way.
pub const MIN_SIZE: u64 = 1024;

/// Whether a file is of a kind worth compressing: text, and the binary formats that are not
/// compressed inside (WebAssembly, TrueType and OpenType fonts). Images, WOFF fonts, media,
/// archives and the search index's shards are compressed already.
pub fn compressible(path: &str) -> bool {
    matches!(
        extension(path).as_str(),
        "html"
            | "htm"
            | "css"
            | "js"
            | "mjs"
            | "json"
            | "map"
            | "xml"
            | "txt"
            | "md"
            | "svg"
            | "webmanifest"
            | "wasm"
            | "ttf"
            | "otf"
    )
}

/// The encodings of `setting` a file at `path` of `size` bytes is kept in.
pub fn wanted(path: &str, size: u64, setting: &Precompress) -> Vec<Encoding> {
    if size < MIN_SIZE || !compressible(path) {
        return Vec::new();
    }
    setting.encodings().to_vec()
}

/// Notes on each file of `manifest` the encodings the target keeps it in. With `siblings`
/// (a folder, where a copy is the file `FILE.gz` beside it), an encoding whose copy's name
/// is a file of the site itself is left out: the site's own file wins.
pub fn mark(manifest: &mut Manifest, setting: &Precompress, siblings: bool) {
    let files = &manifest.files;
    let marks: Vec<(String, Vec<Encoding>)> = files
        .iter()
        .map(|(path, entry)| {
            let mut encodings = wanted(path, entry.size, setting);
            encodings
                .retain(|e| !(siblings && files.contains_key(&format!("{path}{}", e.suffix()))));
            (path.clone(), encodings)
        })
        .collect();
    for (path, encodings) in marks {
        if let Some(entry) = manifest.files.get_mut(&path) {
            entry.encodings = encodings;
        }
    }
}

/// `bytes` compressed with `encoding`. gzip at its best level; brotli at quality 9, not 11:
/// 11's last few percent cost many times the time, and a large site's first deploy (and each
/// `--verify`) compresses every page.
pub fn compress(bytes: &[u8], encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Gzip => {
            let mut encoder = flate2::GzBuilder::new().write(
                Vec::with_capacity(bytes.len() / 3),
                flate2::Compression::best(),
            );
            encoder.write_all(bytes).ok()?;
            encoder.finish().ok()
        }
        #[cfg(feature = "brotli")]
        Encoding::Brotli => {
            let mut encoder =
                brotli::CompressorWriter::new(Vec::with_capacity(bytes.len() / 3), 4096, 9, 22);
            encoder.write_all(bytes).ok()?;
            // Finishes the stream.
            Some(encoder.into_inner())
        }
        #[cfg(not(feature = "brotli"))]
        Encoding::Brotli => None,
    }
}

/// The copy of `bytes` in `encoding` when it is worth serving instead: at least a tenth
/// smaller. Anything less is not worth a client's decompressing.
pub fn worth(bytes: &[u8], encoding: Encoding) -> Option<Vec<u8>> {
    compress(bytes, encoding).filter(|copy| copy.len() * 10 <= bytes.len() * 9)
}

/// An object's body from a file's `bytes` and the encodings marked on it: compressed in the
/// first when that is worth it (an S3 target marks one at most), with that encoding.
pub fn object(bytes: Vec<u8>, encodings: &[Encoding]) -> (Vec<u8>, Option<Encoding>) {
    match encodings.first() {
        Some(&encoding) => match worth(&bytes, encoding) {
            Some(copy) => (copy, Some(encoding)),
            None => (bytes, None),
        },
        None => (bytes, None),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;
    use crate::manifest::Entry;

    /// A page of Chinese prose, repetitive as pages are.
    fn page() -> Vec<u8> {
        "<p>大模型的推理成本在一年里降了一个数量级。</p>\n"
            .repeat(60)
            .into_bytes()
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn gzip_is_the_same_every_time_and_has_no_name_or_time() {
        let page = page();
        let once = compress(&page, Encoding::Gzip).unwrap();
        assert_eq!(compress(&page, Encoding::Gzip).unwrap(), once);
        // RFC 1952: no FNAME/FCOMMENT/FEXTRA flags, MTIME zero, "unknown" operating system.
        assert_eq!(&once[..4], &[0x1f, 0x8b, 8, 0]);
        assert_eq!(&once[4..8], &[0, 0, 0, 0]);
        assert_eq!(once[9], 255);
        assert_eq!(gunzip(&once), page);
    }

    #[cfg(feature = "brotli")]
    #[test]
    fn brotli_is_the_same_every_time_and_decompresses_to_the_page() {
        let page = page();
        let once = compress(&page, Encoding::Brotli).unwrap();
        assert_eq!(compress(&page, Encoding::Brotli).unwrap(), once);
        let mut out = Vec::new();
        brotli::Decompressor::new(once.as_slice(), 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, page);
        assert!(once.len() < page.len() / 4, "{}", once.len());
    }

    #[test]
    fn a_copy_that_saves_little_is_not_kept() {
        assert!(worth(&page(), Encoding::Gzip).is_some());
        // Bytes with no pattern to find: gzip makes them larger.
        let mut noise = Vec::new();
        let mut state: u32 = 12345;
        for _ in 0..4096 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((state >> 16) as u8);
        }
        assert!(worth(&noise, Encoding::Gzip).is_none());
    }

    #[test]
    fn text_files_large_enough_are_marked_and_the_sites_own_copies_win() {
        let big = "x".repeat(2000);
        let mut manifest: Manifest = [
            ("index.html", big.as_str()),
            ("app.js", big.as_str()),
            ("app.js.gz", big.as_str()),
            ("small.css", "a{}"),
            ("photo.webp", big.as_str()),
        ]
        .iter()
        .map(|(path, text)| (path.to_string(), Entry::of(text.as_bytes())))
        .collect();
        let both = Precompress::new([Encoding::Gzip, Encoding::Brotli]);
        mark(&mut manifest, &both, true);
        let marked = |path: &str| manifest.files[path].encodings.clone();
        assert_eq!(marked("index.html"), [Encoding::Brotli, Encoding::Gzip]);
        assert_eq!(
            marked("app.js"),
            [Encoding::Brotli],
            "app.js.gz is the site's"
        );
        assert!(marked("small.css").is_empty());
        assert!(marked("photo.webp").is_empty());
        assert!(marked("app.js.gz").is_empty());
        mark(&mut manifest, &both, false);
        assert_eq!(
            manifest.files["app.js"].encodings,
            [Encoding::Brotli, Encoding::Gzip],
            "an object's encoding is no file's name"
        );
    }
}
