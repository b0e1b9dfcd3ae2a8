//! A small writer of ip2region `xdb` files (format version 3), for the region tests: header,
//! vector index, region strings, segment index, laid out as the format describes.

use std::net::IpAddr;

/// One range of addresses and its region string, e.g. `中国|广东省|深圳市|电信|CN`.
pub struct Segment<'a> {
    pub first: IpAddr,
    pub last: IpAddr,
    pub region: &'a str,
}

pub fn segment<'a>(first: &str, last: &str, region: &'a str) -> Segment<'a> {
    Segment {
        first: first.parse().unwrap(),
        last: last.parse().unwrap(),
        region,
    }
}

fn number(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The bytes of an xdb file for `segments` (sorted, not overlapping, all of one IP version).
pub fn write(segments: &[Segment]) -> Vec<u8> {
    let v4 = segments.iter().all(|s| s.first.is_ipv4());
    let width: u32 = if v4 { 4 } else { 16 };
    let entry = 2 * width as usize + 6;
    let mut out = vec![0u8; 256 + 256 * 256 * 8];
    out[0..2].copy_from_slice(&3u16.to_le_bytes());
    out[4..8].copy_from_slice(&1_700_000_000u32.to_le_bytes());
    out[16..18].copy_from_slice(&(if v4 { 4u16 } else { 6 }).to_le_bytes());
    out[18..20].copy_from_slice(&4u16.to_le_bytes());
    let mut regions = std::collections::HashMap::new();
    for segment in segments {
        regions.entry(segment.region).or_insert_with(|| {
            let at = out.len() as u32;
            out.extend_from_slice(segment.region.as_bytes());
            at
        });
    }
    // Segments split where the first two bytes change: each vector cell holds whole entries.
    let shift = 8 * (width - 2);
    let mut entries = Vec::new();
    for segment in segments {
        let (mut from, last) = (number(segment.first), number(segment.last));
        loop {
            let cell_end = from | ((1u128 << shift) - 1);
            let to = cell_end.min(last);
            entries.push((from, to, segment.region));
            if to == last {
                break;
            }
            from = to + 1;
        }
    }
    let first_entry = out.len() as u32;
    for (from, to, region) in &entries {
        let at = out.len() as u32;
        for address in [from, to] {
            if v4 {
                out.extend_from_slice(&(*address as u32).to_le_bytes());
            } else {
                out.extend_from_slice(&address.to_be_bytes());
            }
        }
        out.extend_from_slice(&(region.len() as u16).to_le_bytes());
        out.extend_from_slice(&regions[region].to_le_bytes());
        let cell = 256 + ((from >> shift) as usize & 0xffff) * 8;
        if out[cell..cell + 4] == [0; 4] {
            out[cell..cell + 4].copy_from_slice(&at.to_le_bytes());
        }
        out[cell + 4..cell + 8].copy_from_slice(&(at + entry as u32).to_le_bytes());
    }
    let last_entry = out.len() as u32 - entry as u32;
    out[8..12].copy_from_slice(&first_entry.to_le_bytes());
    out[12..16].copy_from_slice(&last_entry.to_le_bytes());
    out
}
