//! The one spelling of a page key. Browsers send a post's path percent-encoded
//! (`/posts/%E5%A4%A7/`), old comment systems often stored it decoded (`/posts/大/`), and a
//! URL map may be written either way: every path is stored and looked up in one form, so
//! all of them name the same page.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The WHATWG URL standard's path percent-encode set, and `%` itself, so that a decoded path
/// encodes back to one form. Non-ASCII characters are always encoded.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `path` decoded once and encoded again: `/posts/大/`, `/posts/%E5%A4%A7/` and
/// `/posts/%e5%a4%a7/` all become `/posts/%E5%A4%A7/`. A path whose escapes do not decode to
/// UTF-8 is kept as it is.
pub fn page_key(path: &str) -> String {
    match percent_decode_str(path).decode_utf8() {
        Ok(decoded) => utf8_percent_encode(&decoded, PATH).to_string(),
        Err(_) => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::page_key;

    #[test]
    fn every_spelling_of_a_path_is_one_key() {
        let key = page_key("/posts/大模型推理成本/");
        assert_eq!(
            key,
            "/posts/%E5%A4%A7%E6%A8%A1%E5%9E%8B%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC/"
        );
        assert_eq!(page_key(&key), key);
        assert_eq!(page_key(&key.to_lowercase()), key, "lower-case escapes");
        assert_eq!(page_key("/posts/a b/"), "/posts/a%20b/");
        assert_eq!(page_key("/posts/100%25/"), "/posts/100%25/");
        assert_eq!(page_key("/posts/plain-slug/"), "/posts/plain-slug/");
        assert_eq!(page_key("/bad/%FF/"), "/bad/%FF/", "not UTF-8: kept");
    }
}
