//! The published site on disk (`serve --site-dir public/`), as readers' agents may see it: its
//! posts and pages from the Markdown copies `boke build` writes beside each page (front matter
//! of JSON values: title, date, url, tags, categories, description, lang), and its search
//! index. Only what the build published is there, so drafts and future posts never are. Which
//! pages are posts, `llms.txt` says (its `## Posts` list); the site is read again whenever a
//! build has replaced that file, which every build writes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::Serialize;

/// One published post or page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub title: String,
    /// The page's absolute URL, as the site publishes it.
    pub url: String,
    /// The page's path on the site (`/posts/slug/`), percent-encoded.
    pub path: String,
    /// RFC 3339, when the page has a date.
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub description: String,
    pub lang: String,
    /// `post` (listed under `## Posts` in `llms.txt`) or `page`.
    pub kind: &'static str,
    /// Where its Markdown copy is, under the site folder.
    #[serde(skip)]
    pub mirror: PathBuf,
}

/// Why the published site could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PublishedError {
    #[error("{path}: {source} (is --site-dir the folder `boke build` writes?)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The published site, read once per build.
#[derive(Debug, Clone)]
pub struct Published {
    dir: PathBuf,
    cache: Arc<Mutex<Option<Catalogue>>>,
}

/// The entries of one build, and the time of its `llms.txt`.
type Catalogue = (SystemTime, Arc<Vec<Entry>>);

/// The file whose change says the site was built again.
const BUILD_MARK: &str = "llms.txt";

impl Published {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            cache: Arc::new(Mutex::new(None)),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every published post and page, posts newest first, then pages by path.
    pub fn entries(&self) -> Result<Arc<Vec<Entry>>, PublishedError> {
        let mark = self.dir.join(BUILD_MARK);
        let built = std::fs::metadata(&mark)
            .and_then(|meta| meta.modified())
            .map_err(|source| PublishedError::Io {
                path: mark.clone(),
                source,
            })?;
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((at, entries)) = cache.as_ref()
            && *at == built
        {
            return Ok(Arc::clone(entries));
        }
        let listing = std::fs::read_to_string(&mark).map_err(|source| PublishedError::Io {
            path: mark.clone(),
            source,
        })?;
        let entries = Arc::new(read_entries(&self.dir, &post_urls(&listing))?);
        *cache = Some((built, Arc::clone(&entries)));
        Ok(entries)
    }

    /// The Markdown copy of `entry`, front matter included.
    pub fn markdown(&self, entry: &Entry) -> Result<String, PublishedError> {
        std::fs::read_to_string(&entry.mirror).map_err(|source| PublishedError::Io {
            path: entry.mirror.clone(),
            source,
        })
    }
}

/// The page URLs `llms.txt` lists under `## Posts`, each as its page key: a link to a copy
/// (`…/a/index.md`, `…/a.md`) names the page (`…/a/`, `…/a.html`).
fn post_urls(listing: &str) -> std::collections::HashSet<String> {
    let mut urls = std::collections::HashSet::new();
    let mut in_posts = false;
    for line in listing.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_posts = heading.trim() == "Posts";
            continue;
        }
        let Some(link) = line
            .strip_prefix("- [")
            .filter(|_| in_posts)
            .and_then(|rest| rest.rsplit_once("]("))
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(url, _)| url)
        else {
            continue;
        };
        let page = match link.strip_suffix("index.md") {
            Some(folder) => folder.to_owned(),
            None => format!("{}.html", link.trim_end_matches(".md")),
        };
        urls.insert(crate::page::page_key(&page));
    }
    urls
}

/// Walks `dir` for Markdown copies (without following links out of it); `posts` are the page
/// URLs that are posts.
fn read_entries(
    dir: &Path,
    posts: &std::collections::HashSet<String>,
) -> Result<Vec<Entry>, PublishedError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishedError::Io { path, source }
    };
    let mut entries = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let item = item.map_err(io(&folder))?;
            let kind = item.file_type().map_err(io(&item.path()))?;
            let path = item.path();
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "md") {
                let text = std::fs::read_to_string(&path).map_err(io(&path))?;
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                if let Some(mut entry) = entry_of(&text, relative, &path) {
                    if posts.contains(&crate::page::page_key(&entry.url)) {
                        entry.kind = "post";
                    }
                    entries.push(entry);
                }
            }
        }
    }
    entries.sort_by(|a, b| {
        (b.kind == "post")
            .cmp(&(a.kind == "post"))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(entries)
}

/// The entry of one Markdown copy; none for a Markdown file that is not one (no front matter
/// with a title and a URL).
fn entry_of(text: &str, relative: &Path, mirror: &Path) -> Option<Entry> {
    let front = text.strip_prefix("---\n")?.split("\n---\n").next()?;
    let mut entry = Entry {
        title: String::new(),
        url: String::new(),
        path: site_path(relative),
        date: None,
        tags: Vec::new(),
        categories: Vec::new(),
        description: String::new(),
        lang: String::new(),
        kind: "page",
        mirror: mirror.to_path_buf(),
    };
    for line in front.lines() {
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let json: Option<serde_json::Value> = serde_json::from_str(value).ok();
        let text = || match &json {
            Some(serde_json::Value::String(text)) => text.clone(),
            _ => value.trim().to_owned(),
        };
        let list = || match &json {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        match key {
            "title" => entry.title = text(),
            "url" => entry.url = text(),
            "date" => entry.date = Some(text()),
            "tags" => entry.tags = list(),
            "categories" => entry.categories = list(),
            "description" => entry.description = text(),
            "lang" => entry.lang = text(),
            _ => {}
        }
    }
    (!entry.title.is_empty() && !entry.url.is_empty()).then_some(entry)
}

/// `posts/a/index.md` → `/posts/a/`, `a.md` → `/a.html`, percent-encoded like the site's links.
fn site_path(relative: &Path) -> String {
    let relative = relative.to_string_lossy().replace('\\', "/");
    let page = match relative.strip_suffix("index.md") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{}.html", relative.trim_end_matches(".md")),
    };
    crate::page::page_key(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_become_entries_and_other_markdown_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "posts/分词/index.md",
            "---\ntitle: \"分词: \\\"引号\\\"\"\ndate: 2026-02-10T09:30:00+08:00\nurl: \"https://b.example/posts/%E5%88%86%E8%AF%8D/\"\ntags: [\"Rust\", \"搜索\"]\ndescription: \"从零实现\"\nlang: \"zh-CN\"\n---\n正文\n",
        );
        write(
            "about/index.md",
            "---\ntitle: \"关于\"\nurl: \"https://b.example/about/\"\ndescription: \"\"\nlang: \"zh-CN\"\n---\n关于我\n",
        );
        write(
            "old.md",
            "---\ntitle: \"Old\"\ndate: 2020-01-01T00:00:00Z\nurl: \"https://b.example/old.html\"\nlang: \"en\"\n---\nx\n",
        );
        write("assets/notes.md", "# not a copy\n");
        let published = Published::new(dir.path().to_path_buf());
        std::fs::write(
            dir.path().join("llms.txt"),
            "# b\n\n## Posts\n\n- [分词: [x](y)](https://b.example/posts/%E5%88%86%E8%AF%8D/index.md): 从零\n- [Old](https://b.example/old.md)\n\n## Pages\n\n- [关于](https://b.example/about/): x\n",
        )
        .unwrap();
        let entries = published.entries().unwrap();
        let paths: Vec<&str> = entries.iter().map(|entry| entry.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/posts/%E5%88%86%E8%AF%8D/", "/old.html", "/about/"]
        );
        assert_eq!(entries[0].title, "分词: \"引号\"");
        assert_eq!(entries[0].tags, ["Rust", "搜索"]);
        assert_eq!(entries[0].kind, "post");
        assert_eq!(entries[2].kind, "page");
        assert_eq!(
            published.markdown(&entries[0]).unwrap().lines().last(),
            Some("正文")
        );
    }

    #[test]
    fn a_missing_site_says_which_folder() {
        let error = Published::new(PathBuf::from("/nonexistent/public"))
            .entries()
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("/nonexistent/public/llms.txt") && error.contains("--site-dir"),
            "{error}"
        );
    }
}
