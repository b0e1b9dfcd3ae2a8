//! The one rule that turns text into a slug, for heading ids and for URL path segments:
//! letters and digits of every script are kept (Latin lowercased), runs of separators become
//! one `-`. The two targets differ only in what a mark does, and say so here.

/// Where a slug goes, which decides what happens to characters other than letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugTarget {
    /// A heading id: whitespace, `-` and `_` separate words and every other mark is dropped,
    /// so `问答（FAQ）、附录` stays one word, `问答faq附录`.
    Anchor,
    /// A URL path segment: `.` and `_` are kept inside a word (`node.js`, `rust_1`) and every
    /// other mark separates words (`a/b` → `a-b`).
    Path,
}

impl SlugTarget {
    fn keeps(self, c: char) -> bool {
        self == SlugTarget::Path && matches!(c, '_' | '.')
    }

    fn separates(self, c: char) -> bool {
        match self {
            SlugTarget::Anchor => c.is_whitespace() || c == '-' || c == '_',
            SlugTarget::Path => true,
        }
    }
}

/// The slug of `text` for `target`; empty when `text` has no letter or digit.
pub fn slug(text: &str, target: SlugTarget) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if target.keeps(c) && !slug.is_empty() {
            // The separator before the mark goes first, where it was: `之 .NET` → `之-.net`.
            if pending_dash {
                slug.push('-');
                pending_dash = false;
            }
            slug.push(c);
        } else if target.separates(c) {
            pending_dash = true;
        }
    }
    let trimmed = slug.trim_end_matches(|c| target.keeps(c)).len();
    slug.truncate(trimmed);
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_drop_marks_and_paths_separate_at_them() {
        assert_eq!(
            slug("问答（FAQ）、附录。", SlugTarget::Anchor),
            "问答faq附录"
        );
        assert_eq!(
            slug("问答（FAQ）、附录。", SlugTarget::Path),
            "问答-faq-附录"
        );
        assert_eq!(slug("a - b__c", SlugTarget::Anchor), "a-b-c");
        assert_eq!(slug("a - b__c", SlugTarget::Path), "a-b__c");
        assert_eq!(slug("Node.js 入门", SlugTarget::Anchor), "nodejs-入门");
        assert_eq!(slug("Node.js 入门", SlugTarget::Path), "node.js-入门");
    }

    #[test]
    fn kept_marks_never_start_or_end_a_path_slug() {
        assert_eq!(slug(".NET 之道", SlugTarget::Path), "net-之道");
        assert_eq!(slug("之 .NET", SlugTarget::Path), "之-.net");
        assert_eq!(slug("v1.", SlugTarget::Path), "v1");
        assert_eq!(slug("？！", SlugTarget::Path), "");
        assert_eq!(slug("？！", SlugTarget::Anchor), "");
    }
}
