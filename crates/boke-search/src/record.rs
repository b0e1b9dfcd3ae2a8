//! The document records, `d/<doc>.bin`: the JSON object a result shows (title, url, date and
//! the date as the site shows it, the prose snippets are cut from with links shown by their
//! host, its Traditional → Simplified pairs), written as UTF-16LE behind a
//! byte order mark when the text has fewer characters than half its bytes, as Chinese text does:
//! two bytes a character instead of three. Those records are the bulk of a Chinese site's index
//! and of its build's gzip time, and in UTF-16 deflate's fastest level keeps them small enough
//! ([`crate::gzip`]). A record in mostly Latin text stays UTF-8 (it starts with `{`).

use std::borrow::Cow;

use serde::Serialize;

use crate::Document;

/// The first two bytes of a record in UTF-16LE.
pub(crate) const UTF16_MARK: [u8; 2] = [0xFF, 0xFE];

#[derive(Serialize)]
struct DocRecord<'a> {
    t: &'a str,
    u: &'a str,
    d: Option<&'a str>,
    /// The date as the site shows it.
    l: Option<&'a str>,
    /// The prose, one line per block: code blocks are indexed but never shown.
    x: &'a str,
    /// Traditional → Simplified pairs for the characters of `x` that fold, so the browser can
    /// highlight folded matches without the whole table.
    f: &'a str,
}

/// How a record's JSON is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    /// UTF-16LE after [`UTF16_MARK`].
    Utf16,
}

/// The record of `doc`, before gzip: its JSON in the shorter of UTF-8 and UTF-16LE. `folds` are
/// its fold pairs, gathered by the tokenizer ([`crate::doc_terms::fold_pair`]).
pub(crate) fn encode(doc: &Document, folds: &str) -> (Vec<u8>, Encoding) {
    let text = without_urls(&doc.body);
    let record = DocRecord {
        t: &doc.title,
        u: &doc.url,
        d: doc.date.as_deref(),
        l: doc.date_label.as_deref(),
        x: &text,
        f: folds,
    };
    // The text is nearly all of a record: it decides. A character outside the Basic
    // Multilingual Plane takes four bytes either way, so counting characters is enough.
    if 2 * text.chars().count() < text.len() {
        (record.utf16(), Encoding::Utf16)
    } else {
        (
            serde_json::to_vec(&record).unwrap_or_default(),
            Encoding::Utf8,
        )
    }
}

impl DocRecord<'_> {
    /// The record's JSON in UTF-16LE after [`UTF16_MARK`], escaping and transcoding in one pass
    /// over each string's characters: 0.15 s for the 10,000 records of the benchmark on one
    /// thread, where writing JSON and then transcoding it took twice that, and so did decoding
    /// the UTF-8 by hand byte by byte (fewer instructions, but worse-predicted branches).
    fn utf16(&self) -> Vec<u8> {
        // Chosen for text of fewer characters than half its bytes: that many units is enough.
        let others = [
            self.t,
            self.u,
            self.d.unwrap_or_default(),
            self.l.unwrap_or_default(),
            self.f,
        ];
        let units = self.x.len() / 2 + others.iter().map(|s| s.len()).sum::<usize>();
        let mut json = Utf16(Vec::with_capacity(units + 64));
        json.ascii("{\"t\":");
        json.string(self.t);
        json.ascii(",\"u\":");
        json.string(self.u);
        json.ascii(",\"d\":");
        match self.d {
            Some(date) => json.string(date),
            None => json.ascii("null"),
        }
        json.ascii(",\"l\":");
        match self.l {
            Some(label) => json.string(label),
            None => json.ascii("null"),
        }
        json.ascii(",\"x\":");
        json.string(self.x);
        json.ascii(",\"f\":");
        json.string(self.f);
        json.ascii("}");
        let mut out = vec![0; UTF16_MARK.len() + 2 * json.0.len()];
        let (mark, rest) = out.split_at_mut(UTF16_MARK.len());
        mark.copy_from_slice(&UTF16_MARK);
        for (bytes, unit) in rest.chunks_exact_mut(2).zip(&json.0) {
            bytes.copy_from_slice(&unit.to_le_bytes());
        }
        out
    }
}

/// `text` with each bare URL replaced by its host (`https://example.com/a/指南` → `example.com`):
/// a snippet is for reading, and a path cut in the middle reads as noise.
fn without_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = url_start(rest) {
        out.push_str(&rest[..at]);
        let url = &rest[at..];
        let end = url
            .find(|c: char| c.is_whitespace() || ends_url(c))
            .unwrap_or(url.len());
        let after_scheme = url.find("://").map_or(0, |i| i + 3).min(end);
        let host = url[after_scheme..end]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .trim_end_matches(['.', ',', ';', ':', '!', '?']);
        out.push_str(host.strip_prefix("www.").unwrap_or(host));
        rest = &url[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where the next `http://` or `https://` URL starts in `text`.
fn url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let at = from + found;
        let before = &text[..at];
        for scheme in ["https", "http"] {
            if before.ends_with(scheme) {
                let start = at - scheme.len();
                let boundary = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric());
                if boundary {
                    return Some(start);
                }
            }
        }
        from = at + 3;
    }
    None
}

/// A character that cannot be part of a bare URL in prose: CJK punctuation, brackets and quotes.
fn ends_url(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}'
    ) || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FF65}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// JSON text being written as UTF-16 code units.
struct Utf16(Vec<u16>);

impl Utf16 {
    fn ascii(&mut self, text: &str) {
        self.0.extend(text.bytes().map(u16::from));
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    fn string(&mut self, text: &str) {
        self.0.push(u16::from(b'"'));
        for c in text.chars() {
            match u16::try_from(u32::from(c)) {
                Ok(unit @ (0x22 | 0x5C | 0..0x20)) => self.escape(unit as u8),
                Ok(unit) => self.0.push(unit),
                Err(_) => {
                    let mut pair = [0; 2];
                    self.0.extend_from_slice(c.encode_utf16(&mut pair));
                }
            }
        }
        self.0.push(u16::from(b'"'));
    }

    fn escape(&mut self, byte: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match byte {
            b'\n' => self.ascii("\\n"),
            b'"' | b'\\' => self.0.extend([u16::from(b'\\'), u16::from(byte)]),
            _ => {
                self.ascii("\\u00");
                let digits = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
                self.0.extend(digits.map(u16::from));
            }
        }
    }
}

/// The JSON text of a record as [`encode`] wrote it; `None` if it is not well-formed.
pub(crate) fn json_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    match bytes.strip_prefix(&UTF16_MARK) {
        Some(utf16) => {
            let units = utf16
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
            if utf16.len() % 2 != 0 {
                return None;
            }
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
                .map(Cow::Owned)
        }
        None => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn record_of(doc: &Document, folds: &str) -> (Vec<u8>, Value) {
        let (bytes, encoding) = encode(doc, folds);
        assert_eq!(encoding == Encoding::Utf16, bytes.starts_with(&UTF16_MARK));
        let text = json_text(&bytes).expect("well-formed record");
        (bytes.clone(), serde_json::from_str(&text).expect("JSON"))
    }

    #[test]
    fn chinese_records_are_utf16_and_read_back() {
        let body = format!(
            "{}\n第二行\t制表\r\u{1f} café — 😀 \u{2028}",
            "多模态向量数据库。".repeat(30)
        );
        let doc = Document {
            url: "/posts/多模态/".into(),
            title: "多模态 \"引号\" \\ 𠀀".into(),
            date: Some("2026-01-05T10:30:00+08:00".into()),
            date_label: Some("2026年1月5日".into()),
            body: body.as_str().into(),
            code: "let x = 1;".into(),
            ..Document::default()
        };
        let (bytes, value) = record_of(&doc, "開开");
        assert_eq!(bytes[..2], UTF16_MARK);
        // Mostly Chinese: two bytes a character instead of three outweigh the ASCII of the JSON.
        assert!(bytes.len() < serde_json::to_vec(&value).unwrap().len());
        assert_eq!(
            value,
            json!({
                "t": "多模态 \"引号\" \\ 𠀀",
                "u": "/posts/多模态/",
                "d": "2026-01-05T10:30:00+08:00",
                "l": "2026年1月5日",
                "x": body,
                "f": "開开",
            })
        );
    }

    #[test]
    fn latin_records_stay_utf8() {
        let doc = Document {
            url: "/posts/hello/".into(),
            title: "Hello".into(),
            body: "Scaling laws, in plain English, with one 词.".into(),
            ..Document::default()
        };
        let (bytes, value) = record_of(&doc, "");
        assert_eq!(bytes[0], b'{');
        assert_eq!(value["x"], "Scaling laws, in plain English, with one 词.");
        assert_eq!(value["d"], Value::Null);
    }

    #[test]
    fn urls_are_shown_by_their_host() {
        let cases = [
            (
                "参见 https://example.com/agents/指南。然后",
                "参见 example.com。然后",
            ),
            ("见（http://www.w3.org/TR/x?a=1#b）", "见（w3.org）"),
            ("两个 https://a.cn/x https://b.cn.", "两个 a.cn b.cn"),
            ("不是链接 xhttps://a.cn/", "不是链接 xhttps://a.cn/"),
            ("没有链接", "没有链接"),
        ];
        for (text, want) in cases {
            assert_eq!(without_urls(text), want, "{text}");
        }
    }

    #[test]
    fn malformed_records_are_refused() {
        assert!(json_text(&[0xFF, 0xFE, 0x41]).is_none(), "odd length");
        assert!(
            json_text(&[0xFF, 0xFE, 0x00, 0xD8]).is_none(),
            "lone surrogate"
        );
        assert!(json_text(&[0xC3]).is_none(), "bad UTF-8");
        assert_eq!(
            json_text(&[0xFF, 0xFE, b'{', 0, b'}', 0]).as_deref(),
            Some("{}")
        );
    }
}
