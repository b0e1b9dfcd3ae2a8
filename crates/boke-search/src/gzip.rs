//! Gzip for the index files, with one deflate state reused from file to file: setting up a
//! fresh state allocates and clears some 300 KB, a tenth or more of the cost of compressing one
//! of the index's many small files. The bytes are those of `flate2`'s `GzEncoder`.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// Deflate effort: level 6 costs twice the time of level 1 for files a tenth smaller, and the
/// index is built on every site build, so a middle level.
const LEVEL: u32 = 4;

/// Deflate effort for the document records in UTF-16 ([`crate::record`]), the bulk of the
/// bytes gzipped at a Chinese site (74 MB of them at 10,000 posts) and of the time. Level 1
/// (one hash probe per position, fixed Huffman codes) takes 40% of the CPU of level 4 for
/// records 19% larger; in UTF-16 that is 36.5 MB, where level 4 made 32.3 MB of the same
/// records in UTF-8. Level 2 would cost twice level 1 for 31.8 MB.
const FAST_LEVEL: u32 = 1;

/// The member header `GzEncoder` writes: no name or time, "unknown" operating system.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A deflate state to gzip one file after another (one per thread).
pub(crate) struct Gzip {
    deflate: Compress,
}

impl Gzip {
    pub fn new() -> Self {
        Self::with_level(LEVEL)
    }

    /// One that trades size for speed, at [`FAST_LEVEL`].
    pub fn fast() -> Self {
        Self::with_level(FAST_LEVEL)
    }

    fn with_level(level: u32) -> Self {
        Self {
            deflate: Compress::new(Compression::new(level), false),
        }
    }

    /// One gzip member holding `bytes`.
    pub fn gzip(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        out.extend_from_slice(&HEADER);
        loop {
            let consumed = usize::try_from(self.deflate.total_in()).unwrap_or(bytes.len());
            let rest = bytes.get(consumed..).unwrap_or_default();
            match self
                .deflate
                .compress_vec(rest, &mut out, FlushCompress::Finish)
            {
                Ok(Status::StreamEnd) => break,
                // Out of room: deflate writes only into spare capacity.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
                // Deflating into memory has no failure mode but bad parameters.
                Err(_) => return Vec::new(),
            }
        }
        let mut crc = Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use flate2::read::GzDecoder;
    use flate2::write::GzEncoder;

    use super::*;

    #[test]
    fn writes_what_gz_encoder_writes_and_reads_back() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes())
            .collect();
        let prose = "多模态向量数据库".repeat(500);
        let texts: [&[u8]; 4] = [b"", b"{\"t\":\"hello\"}", prose.as_bytes(), &big];
        let mut gzip = Gzip::new();
        for text in texts {
            let ours = gzip.gzip(text);
            let mut encoder = GzEncoder::new(Vec::new(), Compression::new(LEVEL));
            encoder.write_all(text).unwrap();
            assert_eq!(ours, encoder.finish().unwrap(), "{} bytes", text.len());
            let mut back = Vec::new();
            GzDecoder::new(&ours[..]).read_to_end(&mut back).unwrap();
            assert_eq!(back, text);
        }
    }
}
