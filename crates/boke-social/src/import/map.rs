//! Where each old page path goes on the new site: `--map old=new` pairs and map files (one
//! `old new` pair a line, `#` starts a comment), as a blog importer writes them for its
//! redirects. A pair whose old side ends in `/` moves everything under it; any other pair
//! moves that one page.

use super::page_path;

/// Old page paths and their new ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    exact: std::collections::HashMap<String, String>,
    /// Longest first, so the most specific folder wins.
    prefixes: Vec<(String, String)>,
}

/// A pair or a map file line that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PageMapError {
    #[error("`{0}` is not old=new (for example /archives/=/posts/)")]
    Pair(String),
    #[error("line {line}: `{text}` is not two paths (old new)")]
    Line { line: usize, text: String },
}

impl PageMap {
    /// Adds one `old=new` pair, as given to `--map`.
    pub fn add_pair(&mut self, pair: &str) -> Result<(), PageMapError> {
        let (old, new) = pair
            .split_once('=')
            .filter(|(old, new)| !old.trim().is_empty() && !new.trim().is_empty())
            .ok_or_else(|| PageMapError::Pair(pair.to_owned()))?;
        self.add(old.trim(), new.trim());
        Ok(())
    }

    /// Adds every pair of a map file.
    pub fn add_file(&mut self, text: &str) -> Result<(), PageMapError> {
        for (number, line) in text.lines().enumerate() {
            let content = line.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let mut parts = content.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(old), Some(new), None) => self.add(old, new),
                _ => {
                    return Err(PageMapError::Line {
                        line: number + 1,
                        text: line.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    fn add(&mut self, old: &str, new: &str) {
        let (old, new) = (page_path(old), page_path(new));
        if old.ends_with('/') && old != "/" {
            self.prefixes.push((old, new));
            self.prefixes
                .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        } else {
            self.exact.insert(old, new);
        }
    }

    /// The new path of `path`, or `None` when no pair moves it.
    pub fn apply(&self, path: &str) -> Option<String> {
        if let Some(new) = self.exact.get(path) {
            return Some(new.clone());
        }
        // `/2019/05/a` and `/2019/05/a/` are one page to readers and to most servers.
        let other_form = match path.strip_suffix('/') {
            Some(bare) if !bare.is_empty() => bare.to_owned(),
            _ => format!("{path}/"),
        };
        if let Some(new) = self.exact.get(&other_form) {
            return Some(new.clone());
        }
        self.prefixes.iter().find_map(|(old, new)| {
            let rest = if path.len() + 1 == old.len() && old.starts_with(path) {
                ""
            } else {
                path.strip_prefix(old.as_str())?
            };
            let new = new.strip_suffix('/').unwrap_or(new);
            Some(format!("{new}/{rest}"))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_folders_move() {
        let mut map = PageMap::default();
        map.add_pair("/archives/=/posts/").unwrap();
        map.add_pair("/archives/special/=/special/").unwrap();
        map.add_pair("https://old.example/2019/05/hello.html=/posts/hello/")
            .unwrap();
        map.add_file("# from boke import\n/about  /about-me/\n\n/p/1/ /posts/one/ # first\n")
            .unwrap();
        assert_eq!(map.apply("/archives/123/").as_deref(), Some("/posts/123/"));
        assert_eq!(
            map.apply("/archives/special/x/").as_deref(),
            Some("/special/x/")
        );
        assert_eq!(
            map.apply("/2019/05/hello.html").as_deref(),
            Some("/posts/hello/")
        );
        assert_eq!(map.apply("/about/").as_deref(), Some("/about-me/"));
        assert_eq!(map.apply("/p/1").as_deref(), Some("/posts/one/"));
        assert_eq!(
            map.apply("/archive/1/"),
            None,
            "a prefix matches whole segments"
        );
        assert_eq!(map.apply("/elsewhere/"), None);
    }

    #[test]
    fn bad_pairs_and_lines_say_where() {
        let mut map = PageMap::default();
        assert!(map.add_pair("/a/").is_err());
        assert!(map.add_pair("=/b/").is_err());
        let error = map.add_file("/a/ /b/\n/c/ /d/ /e/\n").unwrap_err();
        assert!(error.to_string().starts_with("line 2:"), "{error}");
    }
}
