//! The slugs the three engines make of a name: Hexo's `slugize` (case kept by default),
//! Hugo's `urlize`, and boke's own for tags and categories.

/// Hexo's `filename_case`: what `slugize` does to case after it made the slug.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Case {
    /// `0`, the default.
    #[default]
    Kept,
    /// `1`.
    Lower,
    /// `2`.
    Upper,
}

impl Case {
    pub(crate) fn from_filename_case(value: Option<i64>) -> Case {
        match value {
            Some(1) => Case::Lower,
            Some(2) => Case::Upper,
            _ => Case::Kept,
        }
    }
}

/// hexo-util's `slugize` (the rule lives in boke-markdown, which makes Hexo's heading ids with
/// it too): Latin letters folded to ASCII, each run of spaces and ASCII punctuation, `_`
/// included, one `-`; then `case`.
pub(crate) fn hexo(name: &str, case: Case) -> String {
    let slug = boke_markdown::hexo_slugize(name);
    match case {
        Case::Kept => slug,
        Case::Lower => slug.to_lowercase(),
        Case::Upper => slug.to_uppercase(),
    }
}

/// Hugo's `urlize` as taxonomies use it: lowercase, spaces to `-`, most punctuation dropped.
pub(crate) fn hugo(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#' | '+' | '~' | '@')
        {
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
        use super::Case;
        assert_eq!(super::hexo("Hello World!", Case::Kept), "Hello-World");
        assert_eq!(super::hexo("人工 智能", Case::Kept), "人工-智能");
        // hexo-util makes `_` a separator like any ASCII punctuation.
        assert_eq!(super::hexo("deep_learning", Case::Kept), "deep-learning");
        assert_eq!(super::hexo("Spring_Boot", Case::Lower), "spring-boot");
        assert_eq!(super::hexo("Spring_Boot", Case::Upper), "SPRING-BOOT");
        assert_eq!(super::hexo("Café", Case::Kept), "Cafe");
        assert_eq!(super::hugo("Machine Learning"), "machine-learning");
        assert_eq!(super::hugo("C++"), "c++");
        // Hugo keeps `@` (a real blog's `/tags/@layer/`).
        assert_eq!(super::hugo("@layer"), "@layer");
        assert_eq!(super::boke("C++"), "c");
        assert_eq!(super::boke("Vue.js"), "vue.js");
        assert_eq!(super::file_name("a/b"), "a-b");
    }
}
