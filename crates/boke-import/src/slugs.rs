//! The slugs the three engines make of a name: Hexo's `slugize` (case kept by default),
//! Hugo's `urlize`, and boke's own for tags and categories.

/// Hexo's `slugize`: every run of spaces and ASCII punctuation becomes one `-`, case kept.
pub(crate) fn hexo(name: &str, lowercase: bool) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_whitespace() || (c.is_ascii_punctuation() && c != '_') || c == '-' || c.is_control()
        {
            dash = true;
            continue;
        }
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        if lowercase {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Hugo's `urlize` as taxonomies use it: lowercase, spaces to `-`, most punctuation dropped.
pub(crate) fn hugo(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#' | '+' | '~') {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// boke's slug for a tag or category (the `unicode` style of boke's `parse/slug.rs`): the
/// same path rule, called rather than copied, so the two cannot drift apart.
pub(crate) fn boke(name: &str) -> String {
    boke_markdown::slug(name, boke_markdown::SlugTarget::Path)
}

/// A name safe as one file or folder name of content/.
pub(crate) fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches(['.', ' ', '-']).to_owned();
    if cleaned.is_empty() {
        "post".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(super::hexo("Hello World!", false), "Hello-World");
        assert_eq!(super::hexo("人工 智能", false), "人工-智能");
        assert_eq!(super::hugo("Machine Learning"), "machine-learning");
        assert_eq!(super::hugo("C++"), "c++");
        assert_eq!(super::boke("C++"), "c");
        assert_eq!(super::boke("Vue.js"), "vue.js");
        assert_eq!(super::file_name("a/b"), "a-b");
    }
}
