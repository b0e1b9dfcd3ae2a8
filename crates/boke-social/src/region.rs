//! IP属地: the commenter's province (or country, abroad) read from an offline ip2region `xdb`
//! file when a comment arrives. Only the region's name is kept; the address is not.
//!
//! The reader is ours: the crates on crates.io read only the IPv4-only 2.0 layout or are
//! single releases without documentation. An `xdb` file is a 256-byte header (format version
//! 2 or 3, the first and last segment index pointers, and from version 3 the IP version, 4 or
//! 6), a vector index of 256 × 256 pairs of pointers (first and past-the-last segment entry for
//! each value of the address's first two bytes), the region strings, and the segment index:
//! sorted entries of start address, end address, region length (u16) and region pointer (u32).
//! Every number is little-endian; IPv4 addresses in entries are little-endian u32s, IPv6 ones
//! the 16 bytes in network order. The whole file is read into memory and checked at start.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

const HEADER_BYTES: usize = 256;
const VECTOR_CELLS: usize = 256 * 256;
const VECTOR_BYTES: usize = VECTOR_CELLS * 8;

/// Why an `xdb` file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegionDbError {
    #[error("cannot read the IP region database {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not an ip2region xdb file: {why}; download ip2region_v4.xdb or \
         ip2region_v6.xdb again from the ip2region project"
    )]
    Format { path: PathBuf, why: String },
    #[error("two IP region databases for IPv{0}: give one file per IP version")]
    Twice(u8),
}

/// One `xdb` file, read into memory.
#[derive(Debug, Clone)]
struct Xdb {
    data: Vec<u8>,
    /// 4 or 16.
    address_bytes: usize,
}

impl Xdb {
    fn parse(path: &Path, data: Vec<u8>) -> Result<Xdb, RegionDbError> {
        let bad = |why: String| RegionDbError::Format {
            path: path.to_path_buf(),
            why,
        };
        if data.len() < HEADER_BYTES + VECTOR_BYTES {
            return Err(bad(format!(
                "it has {} bytes, fewer than a header and vector index need",
                data.len()
            )));
        }
        let version = u16_at(&data, 0);
        let address_bytes = match (version, u16_at(&data, 16)) {
            (2, _) | (3, 4) => 4,
            (3, 6) => 16,
            (3, other) => return Err(bad(format!("unknown IP version {other} in its header"))),
            (other, _) => return Err(bad(format!("unknown format version {other}"))),
        };
        if version == 3 && u16_at(&data, 18) != 4 {
            return Err(bad(format!(
                "it uses {}-byte pointers; this reader knows 4-byte ones",
                u16_at(&data, 18)
            )));
        }
        let entry = entry_bytes(address_bytes);
        let first = u32_at(&data, 8) as usize;
        let last = u32_at(&data, 12) as usize;
        if first < HEADER_BYTES + VECTOR_BYTES
            || last < first
            || last + entry > data.len()
            || !(last - first).is_multiple_of(entry)
        {
            return Err(bad(format!(
                "its segment index ({first}..{last}) lies outside the file's {} bytes",
                data.len()
            )));
        }
        let xdb = Xdb {
            data,
            address_bytes,
        };
        // Every pointer a lookup may follow is checked once here, so lookups cannot fail.
        for cell in 0..VECTOR_CELLS {
            let (start, end) = xdb.cell(cell);
            if start == 0 && end == 0 {
                continue;
            }
            if start < first || end > last + entry || start > end || (end - start) % entry != 0 {
                return Err(bad(format!(
                    "vector index cell {cell} points outside the index"
                )));
            }
        }
        for at in (first..=last).step_by(entry) {
            let length = u16_at(&xdb.data, at + 2 * address_bytes) as usize;
            let pointer = u32_at(&xdb.data, at + 2 * address_bytes + 2) as usize;
            if pointer + length > xdb.data.len() {
                return Err(bad(format!(
                    "the segment at byte {at} names region bytes past the end of the file"
                )));
            }
        }
        Ok(xdb)
    }

    fn cell(&self, cell: usize) -> (usize, usize) {
        let at = HEADER_BYTES + cell * 8;
        (
            u32_at(&self.data, at) as usize,
            u32_at(&self.data, at + 4) as usize,
        )
    }

    /// The raw region string of `address` (its bytes in network order), if a segment has it.
    fn find(&self, address: &[u8]) -> Option<&str> {
        let (start, end) = self.cell(usize::from(address[0]) * 256 + usize::from(address[1]));
        let entry = entry_bytes(self.address_bytes);
        let (mut low, mut high) = (0, (end.saturating_sub(start)) / entry);
        while low < high {
            let middle = (low + high) / 2;
            let at = start + middle * entry;
            let segment_start = self.address(at);
            let segment_end = self.address(at + self.address_bytes);
            if address < segment_start.as_slice() {
                high = middle;
            } else if address > segment_end.as_slice() {
                low = middle + 1;
            } else {
                let length = u16_at(&self.data, at + 2 * self.address_bytes) as usize;
                let pointer = u32_at(&self.data, at + 2 * self.address_bytes + 2) as usize;
                return std::str::from_utf8(self.data.get(pointer..pointer + length)?).ok();
            }
        }
        None
    }

    /// An address stored at `at`, in network order (IPv4 ones are stored little-endian).
    fn address(&self, at: usize) -> Vec<u8> {
        let mut bytes = self.data[at..at + self.address_bytes].to_vec();
        if self.address_bytes == 4 {
            bytes.reverse();
        }
        bytes
    }
}

fn entry_bytes(address_bytes: usize) -> usize {
    2 * address_bytes + 2 + 4
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// The region databases given to the service: at most one per IP version.
#[derive(Debug, Clone, Default)]
pub struct RegionDb {
    v4: Option<Xdb>,
    v6: Option<Xdb>,
}

impl RegionDb {
    /// Reads and checks each file (an IPv4 one, an IPv6 one, or both).
    pub fn open(paths: &[PathBuf]) -> Result<RegionDb, RegionDbError> {
        let mut db = RegionDb::default();
        for path in paths {
            let data = std::fs::read(path).map_err(|source| RegionDbError::Read {
                path: path.clone(),
                source,
            })?;
            let xdb = Xdb::parse(path, data)?;
            let slot = if xdb.address_bytes == 4 {
                &mut db.v4
            } else {
                &mut db.v6
            };
            if slot.is_some() {
                return Err(RegionDbError::Twice(if xdb.address_bytes == 4 {
                    4
                } else {
                    6
                }));
            }
            *slot = Some(xdb);
        }
        Ok(db)
    }

    /// The region to show for the client address `ip` (text as the HTTP layer has it), or
    /// `None` for an address no database covers, a private one, or an unknown one.
    pub fn region(&self, ip: &str) -> Option<String> {
        let ip: IpAddr = ip.trim().parse().ok()?;
        // An IPv4 client reaching a dual-stack socket arrives as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let raw = match ip {
            IpAddr::V4(v4) => self.v4.as_ref()?.find(&v4.octets())?,
            IpAddr::V6(v6) => self.v6.as_ref()?.find(&v6.octets())?,
        };
        display_region(raw)
    }
}

/// The short name shown beside a comment from an ip2region region string: the province
/// without its 省/市/自治区 ending inside China, the country elsewhere, nothing for reserved
/// or unknown addresses.
///
/// Both layouts of the project's own data are read: `国家|区域|省份|城市|ISP` (2.0 data,
/// 区域 always `0`) and `国家|省份|城市|ISP|代码` (since 2025). Where they could be confused
/// (the second field is `0`), both readings give the same answer.
pub fn display_region(raw: &str) -> Option<String> {
    let fields: Vec<&str> = raw.split('|').map(str::trim).collect();
    let known = |at: usize| {
        fields
            .get(at)
            .copied()
            .filter(|value| !value.is_empty() && *value != "0" && *value != "Reserved")
    };
    let country = known(0);
    let province = known(1).or_else(|| known(2));
    let in_china = matches!(country, Some("中国" | "China"));
    if in_china && let Some(province) = province {
        return Some(short_province(province).to_owned());
    }
    if country.is_some_and(|name| name.contains("内网") || name.contains("保留")) {
        return None;
    }
    country.map(str::to_owned)
}

/// `广东省` → `广东`, `北京市` → `北京`, `广西壮族自治区` → `广西`, `香港特别行政区` → `香港`.
fn short_province(name: &str) -> &str {
    for (full, short) in [
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("西藏自治区", "西藏"),
        ("宁夏回族自治区", "宁夏"),
        ("新疆维吾尔自治区", "新疆"),
    ] {
        if name == full {
            return short;
        }
    }
    for ending in ["特别行政区", "省", "市"] {
        if let Some(short) = name.strip_suffix(ending)
            && short.chars().count() >= 2
        {
            return short;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::display_region;

    #[test]
    fn provinces_inside_china_countries_outside() {
        for (raw, shown) in [
            ("中国|0|广东省|深圳市|阿里云", Some("广东")),
            ("中国|广东省|深圳市|电信|CN", Some("广东")),
            ("中国|北京市|北京市|联通|CN", Some("北京")),
            ("中国|广西壮族自治区|南宁市|移动|CN", Some("广西")),
            ("中国|0|香港|0|0", Some("香港")),
            ("中国|0|0|0|CN", Some("中国")),
            ("美国|0|华盛顿|0|谷歌", Some("美国")),
            (
                "United States|California|0|Google|US",
                Some("United States"),
            ),
            ("0|0|0|内网IP|内网IP", None),
            ("Reserved|Reserved|Reserved|0|0", None),
            ("", None),
        ] {
            assert_eq!(display_region(raw).as_deref(), shown, "{raw}");
        }
    }
}
