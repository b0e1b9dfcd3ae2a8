//! Golomb–Rice coding of the positional postings (see [`crate::format`]): each gap between two
//! occurrences is split into a quotient, written in unary, and `k` low bits. Gaps between
//! positions of a term are close to geometrically distributed, for which this code is within a
//! few percent of the entropy, where byte varints waste a third and gzip wins little of it back.
//! Bits are packed low bit first; `assets/search.js` reads them the same way.

use crate::format::Reader;

/// Largest Rice parameter; keeps every remainder a small non-negative 32-bit integer in the
/// browser's bit operations.
pub const MAX_K: u32 = 30;

/// Appends `value` as a varint of up to 64 bits.
pub fn write_varint64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads one varint of up to 64 bits.
pub fn read_varint64(reader: &mut Reader) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..70).step_by(7) {
        let byte = reader.take(1)?[0];
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// The Rice parameter that codes `gaps` in the fewest bits, tried around log2 of their mean.
fn best_k(gaps: &[u64]) -> u32 {
    let count = gaps.len().max(1) as u64;
    let mean = gaps.iter().sum::<u64>() / count;
    let guess = (u64::BITS - mean.leading_zeros()).min(MAX_K);
    let bits = |k: u32| -> u64 { gaps.iter().map(|&g| (g >> k) + 1 + u64::from(k)).sum() };
    let mut best = (bits(guess), guess);
    for k in [guess.saturating_sub(1), (guess + 1).min(MAX_K)] {
        let cost = bits(k);
        if cost < best.0 {
            best = (cost, k);
        }
    }
    best.1
}

/// Encodes gaps as: varint count, one byte `k`, then the Rice codes, padded to a whole byte.
pub fn encode(gaps: &[u64]) -> Vec<u8> {
    let k = best_k(gaps);
    let mut out = Vec::with_capacity(gaps.len() * 2 + 8);
    write_varint64(&mut out, gaps.len() as u64);
    out.push(k as u8);
    let mut bits = BitWriter {
        out,
        acc: 0,
        used: 0,
    };
    for &gap in gaps {
        let mut quotient = gap >> k;
        while quotient >= 32 {
            bits.push(u32::MAX as u64, 32);
            quotient -= 32;
        }
        // `quotient` ones, then the terminating zero.
        bits.push((1u64 << quotient) - 1, quotient as u32 + 1);
        bits.push(gap & ((1u64 << k) - 1), k);
    }
    bits.finish()
}

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    used: u32,
}

impl BitWriter {
    /// Appends the low `n` bits of `value`, `n` at most 32; whole 32-bit words go out at once
    /// (fewer than 32 bits stay behind, so the 64-bit accumulator never overflows).
    fn push(&mut self, value: u64, n: u32) {
        self.acc |= value << self.used;
        self.used += n;
        if self.used >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.used -= 32;
        }
    }
    fn finish(mut self) -> Vec<u8> {
        let bytes = self.used.div_ceil(8) as usize;
        self.out.extend_from_slice(&self.acc.to_le_bytes()[..bytes]);
        self.out
    }
}

/// Decodes what [`encode`] wrote; `None` if the bytes are truncated, too long or malformed.
pub fn decode(bytes: &[u8]) -> Option<Vec<u64>> {
    let mut reader = Reader::new(bytes);
    let count = read_varint64(&mut reader)?;
    let k = u32::from(reader.take(1)?[0]);
    if k > MAX_K {
        return None;
    }
    let data = &bytes[reader.pos..];
    let total_bits = data.len() as u64 * 8;
    // Every code takes at least one bit.
    if count > total_bits {
        return None;
    }
    let mut gaps = Vec::with_capacity(count as usize);
    let mut at = 0u64;
    let bit = |at: u64| (data[(at >> 3) as usize] >> (at & 7)) & 1;
    for _ in 0..count {
        let mut quotient = 0u64;
        loop {
            if at >= total_bits {
                return None;
            }
            let b = bit(at);
            at += 1;
            if b == 0 {
                break;
            }
            quotient += 1;
        }
        if at + u64::from(k) > total_bits {
            return None;
        }
        let mut remainder = 0u64;
        for i in 0..k {
            remainder |= u64::from(bit(at)) << i;
            at += 1;
        }
        gaps.push(quotient.checked_shl(k)? | remainder);
    }
    // Only the padding of the last byte may follow.
    (total_bits - at < 8).then_some(gaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_small_large_and_empty() {
        for gaps in [
            vec![],
            vec![0],
            vec![0, 0, 0, 1],
            vec![5, 900, 3, 70_000, 12, 0, 1 << 40],
            (0..1000).map(|i| (i * 37) % 501).collect(),
        ] {
            let encoded = encode(&gaps);
            assert_eq!(decode(&encoded), Some(gaps.clone()), "{gaps:?}");
        }
    }

    #[test]
    fn known_bits() {
        // The parameter choice and the bit order on a case small enough to write out: two gaps
        // of 3 give mean 3, k = 2 (k = 1 costs as much; ties keep the first guess).
        let encoded = encode(&[3, 3]);
        assert_eq!(encoded[..2], [2, 2]);
        // Each code: unary 0 → bit 0, then remainder 3 → bits 1, 1. Low bit first:
        // 0,1,1, 0,1,1 → 0b0011_0110.
        assert_eq!(encoded[2..], [0b0011_0110]);
    }

    #[test]
    fn rejects_damaged_input() {
        let encoded = encode(&[100, 200, 300]);
        assert_eq!(decode(&encoded[..encoded.len() - 1]), None);
        let mut longer = encoded.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        assert_eq!(decode(&[5, 31]), None);
    }

    #[test]
    fn a_tight_code_for_spread_gaps() {
        // Gaps spread over 0..2000 (11 bits of information) cost about 12 bits each, where
        // varints take 16.
        let gaps: Vec<u64> = (0..10_000u64).map(|i| (i * 7919) % 2000).collect();
        let bits = (encode(&gaps).len() * 8) as f64 / gaps.len() as f64;
        assert!(bits < 12.5, "{bits} bits per gap");
    }
}
