//! The plan: what a deploy uploads, deletes and purges, from the site's manifest and the
//! target's, ordered so that a half-done deploy never serves a page whose assets are missing.

use std::fmt::Write as _;

use crate::manifest::{Entry, Manifest};

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The path relative to the site's top, `/` between folders.
    pub path: String,
    pub entry: Entry,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    pub path: String,
    /// Its size on the target, when the target's manifest knew it.
    pub size: u64,
}

/// What a deploy does, in order: `stages` one after the other (the files pages load, then the
/// indexes and feeds that name pages, then the pages), then `deletes`, then the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub stages: Vec<Vec<Upload>>,
    pub deletes: Vec<Delete>,
    pub unchanged: usize,
}

/// The stage a file is uploaded in: pages last, since they are what a visitor enters by and
/// they name everything else; feeds and indexes before them, assets first.
fn stage(path: &str) -> usize {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" | "htm" => 2,
        "xml" | "json" | "txt" | "md" => 1,
        _ => 0,
    }
}

impl Plan {
    /// The plan that makes a target holding `remote` hold `local`.
    pub fn new(local: &Manifest, remote: &Manifest) -> Self {
        let mut stages = vec![Vec::new(), Vec::new(), Vec::new()];
        let mut unchanged = 0;
        for (path, entry) in &local.files {
            let change = match remote.files.get(path) {
                Some(there) if there == entry => {
                    unchanged += 1;
                    continue;
                }
                Some(_) => Change::Changed,
                None => Change::New,
            };
            stages[stage(path)].push(Upload {
                path: path.clone(),
                entry: entry.clone(),
                change,
            });
        }
        stages.retain(|stage| !stage.is_empty());
        let deletes = remote
            .files
            .iter()
            .filter(|(path, _)| !local.files.contains_key(*path))
            .map(|(path, entry)| Delete {
                path: path.clone(),
                size: entry.size,
            })
            .collect();
        Self {
            stages,
            deletes,
            unchanged,
        }
    }

    pub fn uploads(&self) -> impl Iterator<Item = &Upload> {
        self.stages.iter().flatten()
    }

    pub fn upload_bytes(&self) -> u64 {
        self.uploads().map(|upload| upload.entry.size).sum()
    }

    pub fn delete_bytes(&self) -> u64 {
        self.deletes.iter().map(|delete| delete.size).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.stages.is_empty() && self.deletes.is_empty()
    }

    /// The site paths a CDN may hold stale copies of: every changed or deleted file, and for
    /// an `index.html` its folder's URL too (`/posts/a/` as well as `/posts/a/index.html`).
    /// New files are left out: no cache holds them yet.
    pub fn purge_paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        let stale = self
            .uploads()
            .filter(|upload| upload.change == Change::Changed)
            .map(|upload| upload.path.as_str())
            .chain(self.deletes.iter().map(|delete| delete.path.as_str()));
        for path in stale {
            if path == "index.html" {
                paths.push("/".to_string());
            } else if let Some(folder) = path.strip_suffix("/index.html") {
                paths.push(format!("/{folder}/"));
            }
            paths.push(format!("/{path}"));
        }
        paths
    }

    /// One line: counts and bytes of what the plan uploads and deletes.
    pub fn summary(&self) -> String {
        let new = self
            .uploads()
            .filter(|upload| upload.change == Change::New)
            .count();
        let uploads = self.uploads().count();
        format!(
            "{uploads} uploads ({}: {new} new, {} changed), {} deletes ({}), {} unchanged",
            bytes(self.upload_bytes()),
            uploads - new,
            self.deletes.len(),
            bytes(self.delete_bytes()),
            self.unchanged
        )
    }

    /// Every file the plan touches, one a line (`+` new, `~` changed, `-` deleted), in the
    /// order the deploy touches them.
    pub fn listing(&self) -> String {
        let mut text = String::new();
        for upload in self.uploads() {
            let mark = match upload.change {
                Change::New => '+',
                Change::Changed => '~',
            };
            let _ = writeln!(
                text,
                "{mark} {} ({})",
                upload.path,
                bytes(upload.entry.size)
            );
        }
        for delete in &self.deletes {
            let _ = writeln!(text, "- {}", delete.path);
        }
        text
    }
}

/// A site path as it appears in a URL: every byte outside the unreserved characters and `/`
/// percent-encoded (`/tags/搜索/` → `/tags/%E6%90%9C%E7%B4%A2/`), as browsers request it and
/// CDNs key their caches.
pub fn url_path(path: &str) -> String {
    let mut url = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// A byte count for people: `812 B`, `3.4 kB`, `12.0 MB`.
pub fn bytes(count: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if count < 1000 {
        return format!("{count} B");
    }
    let mut value = count as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        let entry = |(path, text): &(&str, &str)| (path.to_string(), Entry::of(text.as_bytes()));
        files.iter().map(entry).collect()
    }

    #[test]
    fn uploads_assets_then_feeds_then_pages_and_deletes_what_is_gone() {
        let remote = manifest(&[("index.html", "old"), ("gone.html", "x"), ("a.css", "same")]);
        let local = manifest(&[
            ("index.html", "new"),
            ("a.css", "same"),
            ("posts/b/index.html", "b"),
            ("atom.xml", "feed"),
            ("img.png", "png"),
        ]);
        let plan = Plan::new(&local, &remote);
        let order: Vec<Vec<&str>> = plan
            .stages
            .iter()
            .map(|stage| stage.iter().map(|u| u.path.as_str()).collect())
            .collect();
        assert_eq!(
            order,
            [
                vec!["img.png"],
                vec!["atom.xml"],
                vec!["index.html", "posts/b/index.html"]
            ]
        );
        assert_eq!(plan.deletes.len(), 1);
        assert_eq!(plan.deletes[0].path, "gone.html");
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.upload_bytes(), 3 + 4 + 3 + 1);
        assert_eq!(
            plan.summary(),
            "4 uploads (11 B: 3 new, 1 changed), 1 deletes (1 B), 1 unchanged"
        );
        assert_eq!(plan.purge_paths(), ["/", "/index.html", "/gone.html"]);
    }

    #[test]
    fn the_same_site_plans_nothing() {
        let site = manifest(&[("index.html", "a"), ("a.css", "b")]);
        let plan = Plan::new(&site, &site);
        assert!(plan.is_empty());
        assert_eq!(plan.unchanged, 2);
    }

    #[test]
    fn an_index_page_is_purged_under_its_folder_url_too() {
        let remote = manifest(&[("posts/a/index.html", "1")]);
        let local = manifest(&[("posts/a/index.html", "2")]);
        assert_eq!(
            Plan::new(&local, &remote).purge_paths(),
            ["/posts/a/", "/posts/a/index.html"]
        );
    }

    #[test]
    fn url_paths_are_percent_encoded_but_for_slashes() {
        assert_eq!(url_path("/tags/搜索/"), "/tags/%E6%90%9C%E7%B4%A2/");
        assert_eq!(url_path("/a b+c.html"), "/a%20b%2Bc.html");
    }

    #[test]
    fn byte_counts_read_as_people_read_them() {
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(3_400), "3.4 kB");
        assert_eq!(bytes(12_000_000), "12.0 MB");
    }
}
