//! URL slugs for posts, tags and categories in the three styles, and percent-encoding of paths.

use boke_markdown::SlugTarget;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use pinyin::ToPinyin;

use crate::load::config::SlugStyle;

/// Characters a path segment keeps as they are; everything else, Chinese included, is encoded.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Percent-encodes a site path such as `/tags/人工智能/`, keeping its slashes.
pub(crate) fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_SEGMENT).to_string()
}

/// Where the Markdown mirror of the page at a site path or URL is published: `/posts/a/` →
/// `/posts/a/index.md`, and for a `.html` permalink `/a.html` → `/a.md`. The one rule for the
/// mirror file, the link to it in the page and its line in llms.txt.
pub(crate) fn mirror_path(page_path: &str) -> String {
    match page_path.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => format!("{page_path}index.md"),
    }
}

/// The slug of a name in the given style. Never empty.
pub(crate) fn slugify(name: &str, style: SlugStyle) -> String {
    let slug = match style {
        SlugStyle::Unicode => unicode_slug(name),
        SlugStyle::Pinyin => unicode_slug(&to_pinyin(name)),
        SlugStyle::Hash if name.is_ascii() => unicode_slug(name),
        SlugStyle::Hash => short_hash(name),
    };
    if slug.is_empty() {
        short_hash(name)
    } else {
        slug
    }
}

/// Lowercase letters and digits of any script, words joined by single `-`, `.` and `_` kept
/// inside words: the path rule of [`boke_markdown::slug`].
fn unicode_slug(name: &str) -> String {
    boke_markdown::slug(name, SlugTarget::Path)
}

/// Han characters become toneless pinyin syllables, each a word of its own.
fn to_pinyin(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(pinyin) => {
                out.push(' ');
                out.push_str(pinyin.plain());
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// Eight hex digits of FNV-1a over the name: short, stable across builds and machines.
pub fn short_hash(name: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_keeps_chinese() {
        assert_eq!(slugify("人工智能", SlugStyle::Unicode), "人工智能");
        assert_eq!(slugify("Hello, World!", SlugStyle::Unicode), "hello-world");
        assert_eq!(
            slugify("大模型 与 Agent", SlugStyle::Unicode),
            "大模型-与-agent"
        );
        assert_eq!(
            slugify("2026-ai-trends", SlugStyle::Unicode),
            "2026-ai-trends"
        );
    }

    #[test]
    fn pinyin_transliterates() {
        assert_eq!(slugify("人工智能", SlugStyle::Pinyin), "ren-gong-zhi-neng");
        assert_eq!(slugify("AI 模型", SlugStyle::Pinyin), "ai-mo-xing");
    }

    #[test]
    fn hash_is_short_and_stable() {
        let slug = slugify("人工智能", SlugStyle::Hash);
        assert_eq!(slug.len(), 8);
        assert_eq!(slug, slugify("人工智能", SlugStyle::Hash));
        assert_ne!(slug, slugify("机器学习", SlugStyle::Hash));
        assert_eq!(slugify("rust", SlugStyle::Hash), "rust");
    }

    #[test]
    fn punctuation_only_names_still_get_a_slug() {
        assert_eq!(slugify("？！", SlugStyle::Unicode).len(), 8);
    }

    #[test]
    fn a_space_before_a_dot_stays_before_it() {
        assert_eq!(slugify("之 .NET", SlugStyle::Unicode), "之-.net");
        assert_eq!(
            slugify("Rust _internals", SlugStyle::Unicode),
            "rust-_internals"
        );
        assert_eq!(slugify("Node.js 入门", SlugStyle::Unicode), "node.js-入门");
        assert_eq!(slugify(".NET 之道", SlugStyle::Unicode), "net-之道");
    }

    #[test]
    fn mirrors_sit_beside_their_page() {
        assert_eq!(mirror_path("/posts/人工智能/"), "/posts/人工智能/index.md");
        assert_eq!(mirror_path("/posts/a.html"), "/posts/a.md");
    }

    #[test]
    fn encodes_chinese_paths() {
        assert_eq!(
            encode_path("/tags/人工智能/"),
            "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/"
        );
        assert_eq!(encode_path("/posts/a b/"), "/posts/a%20b/");
    }
}
