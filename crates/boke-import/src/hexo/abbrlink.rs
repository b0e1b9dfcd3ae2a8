//! `:abbrlink` for posts whose front matter lacks one. The hexo-abbrlink plugin writes the
//! value it made into each post's source, so a blog's repository nearly always holds it; when it
//! does not (the sources were committed before a build wrote them back), the value is made
//! again the way its released version (2.2.1) makes it: a CRC of the title's UTF-8 (`alg`:
//! CRC-16/ARC by default, or CRC-32), as decimal or hex (`rep`). In decimal a value another post
//! already has is taken one higher, posts in source order after every stored value; in hex the
//! plugin's check compares a number with the hex text it stored and never matches, so two
//! posts of one title shared one URL there.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::model::{Doc, DocKind};
use crate::source::text_of;

/// The plugin's settings, from `abbrlink:` in `_config.yml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Settings {
    crc32: bool,
    hex: bool,
}

impl Settings {
    pub(super) fn from_config(config: &Map<String, Value>) -> Self {
        let section = config.get("abbrlink");
        let setting = |key: &str| section.and_then(|s| s.get(key)).and_then(Value::as_str);
        Self {
            crc32: setting("alg") == Some("crc32"),
            hex: setting("rep") == Some("hex"),
        }
    }

    fn number_of(self, written: &str) -> Option<u64> {
        if self.hex {
            u64::from_str_radix(written, 16).ok()
        } else {
            written.parse().ok()
        }
    }

    fn written(self, number: u64) -> String {
        if self.hex {
            format!("{number:x}")
        } else {
            number.to_string()
        }
    }

    fn checksum(self, title: &str) -> u64 {
        if self.crc32 {
            u64::from(crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(title.as_bytes()))
        } else {
            u64::from(crc::Crc::<u16>::new(&crc::CRC_16_ARC).checksum(title.as_bytes()))
        }
    }
}

/// What [`fill_missing`] did.
#[derive(Debug, Default)]
pub(super) struct Filled {
    /// Posts given a value.
    pub(super) made: usize,
    /// Posts the plugin gave another post's value (`rep: hex`), with that post: the old site
    /// showed one of the two at that path, so this one gets the next free value here.
    pub(super) shared: Vec<(PathBuf, PathBuf)>,
}

/// Gives each post without an `abbrlink` the one the plugin would have made, in its front
/// matter (so the imported post keeps it).
pub(super) fn fill_missing(docs: &mut [Doc], settings: Settings) -> Filled {
    let stored = |doc: &Doc| {
        doc.text
            .front
            .get("abbrlink")
            .and_then(text_of)
            .filter(|value| !value.is_empty() && value != "0")
    };
    let mut taken: HashMap<u64, usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, doc)| doc.kind == DocKind::Post)
        .filter_map(|(at, doc)| Some((settings.number_of(&stored(doc)?)?, at)))
        .collect();
    let mut order: Vec<usize> = (0..docs.len())
        .filter(|&at| docs[at].kind == DocKind::Post && stored(&docs[at]).is_none())
        .collect();
    order.sort_by(|&a, &b| docs[a].source.cmp(&docs[b].source));
    let mut filled = Filled {
        made: order.len(),
        shared: Vec::new(),
    };
    for &at in &order {
        let title = docs[at]
            .text
            .front
            .get("title")
            .and_then(text_of)
            .unwrap_or_default();
        let mut number = settings.checksum(&title);
        if settings.hex
            && let Some(&other) = taken.get(&number)
        {
            filled
                .shared
                .push((docs[at].source.clone(), docs[other].source.clone()));
        }
        while taken.contains_key(&number) {
            number += 1;
        }
        taken.insert(number, at);
        docs[at]
            .text
            .front
            .insert("abbrlink".into(), Value::String(settings.written(number)));
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> Settings {
        let config: Map<String, Value> = serde_saphyr::from_str(yaml).unwrap();
        Settings::from_config(&config)
    }

    #[test]
    fn the_plugins_checksums_of_the_title() {
        // Check values of CRC-16/ARC and CRC-32 over "123456789", the catalogue's test input.
        assert_eq!(settings("title: x\n").checksum("123456789"), 0xBB3D);
        assert_eq!(
            settings("abbrlink:\n  alg: crc32\n").checksum("123456789"),
            0xCBF4_3926
        );
        let hex = settings("abbrlink:\n  alg: crc32\n  rep: hex\n");
        assert_eq!(hex.written(hex.checksum("123456789")), "cbf43926");
        assert_eq!(hex.number_of("cbf43926"), Some(0xCBF4_3926));
        let dec = settings("abbrlink:\n  rep: dec\n");
        assert_eq!(dec.written(dec.checksum("123456789")), "47933");
    }
}
