//! The hook through which a caller keeps highlighted code blocks between runs: a block is
//! looked up by a key of the highlighter's version, its language and its code before it is
//! highlighted, and stored after.

use std::fmt;
use std::sync::Arc;

use crate::highlight;

/// Where highlighted blocks are kept, by a 128-bit key. What is stored is the highlighter's
/// HTML for the block, spans only.
pub trait CodeStore: Send + Sync {
    fn get(&self, key: u128) -> Option<String>;
    fn put(&self, key: u128, html: &str);
}

/// A [`CodeStore`] to use, or none (every block is highlighted).
#[derive(Clone, Default)]
pub struct CodeCache(Option<Arc<dyn CodeStore>>);

impl CodeCache {
    pub fn new(store: Arc<dyn CodeStore>) -> Self {
        Self(Some(store))
    }

    /// The block's highlighted HTML, from the store when it has it; `None` for a language the
    /// highlighter does not know (nothing is stored for those).
    pub(crate) fn highlight(&self, code: &str, language: &str) -> Option<String> {
        let Some(store) = &self.0 else {
            return highlight::highlight(code, language);
        };
        let key = key(code, language);
        if let Some(html) = store.get(key) {
            return Some(html);
        }
        let html = highlight::highlight(code, language)?;
        store.put(key, &html);
        Some(html)
    }
}

/// The key of a block: its language and code, and the highlighter it was highlighted with.
pub(crate) fn key(code: &str, language: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&highlight::version().to_le_bytes());
    hasher.update(language.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.digest128()
}

impl fmt::Debug for CodeCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "CodeCache(store)"
        } else {
            "CodeCache(none)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Counting {
        blocks: Mutex<HashMap<u128, String>>,
        puts: Mutex<usize>,
    }

    impl CodeStore for Counting {
        fn get(&self, key: u128) -> Option<String> {
            self.blocks.lock().ok()?.get(&key).cloned()
        }
        fn put(&self, key: u128, html: &str) {
            if let (Ok(mut blocks), Ok(mut puts)) = (self.blocks.lock(), self.puts.lock()) {
                blocks.insert(key, html.to_string());
                *puts += 1;
            }
        }
    }

    #[test]
    fn a_block_is_highlighted_once_and_then_read_back() {
        let store = Arc::new(Counting::default());
        let cache = CodeCache::new(store.clone());
        let first = cache.highlight("fn main() {}\n", "rust");
        let again = cache.highlight("fn main() {}\n", "rust");
        assert!(
            first
                .as_deref()
                .is_some_and(|html| html.contains("hl-keyword"))
        );
        assert_eq!(first, again);
        assert_eq!(store.puts.lock().map(|p| *p).ok(), Some(1));
        // Same code in another language, or another language's code: other keys.
        assert_ne!(key("fn main() {}\n", "rust"), key("fn main() {}\n", "go"));
        assert_eq!(cache.highlight("x", "no-such-language"), None);
        assert_eq!(store.puts.lock().map(|p| *p).ok(), Some(1));
    }

    #[test]
    fn what_the_store_holds_is_what_comes_out() {
        let store = Arc::new(Counting::default());
        let key = key("let x = 1;\n", "rust");
        store.put(key, "<span class=\"hl-keyword\">stored</span>");
        let cache = CodeCache::new(store);
        assert_eq!(
            cache.highlight("let x = 1;\n", "rust").as_deref(),
            Some("<span class=\"hl-keyword\">stored</span>")
        );
    }
}
