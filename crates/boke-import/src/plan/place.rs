//! Where each document goes on the new site: the post permalink pattern boke can keep, each
//! post's slug and file, and the aliases for old paths the pattern cannot give.

use std::collections::BTreeSet;

use super::Placed;
use crate::convert;
use crate::model::{DocKind, OldSite};
use crate::slugs;

/// The pattern for posts, and where each document goes: a post with files beside it (assets,
/// included code, images to download) in a folder of its own.
pub(super) fn place(site: &OldSite, fetch_images: bool) -> (String, Vec<Placed>) {
    let posts: Vec<usize> = (0..site.docs.len())
        .filter(|&i| site.docs[i].kind == DocKind::Post)
        .collect();
    let slug_under = |pattern: &str, index: usize| -> Option<String> {
        let doc = &site.docs[index];
        let old = doc.old_path.as_deref()?;
        let date = doc.date.as_ref();
        let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
        let filled = pattern
            .replace(":year", &format("%Y"))
            .replace(":month", &format("%m"))
            .replace(":day", &format("%d"));
        let (prefix, suffix) = filled.split_once(":slug")?;
        let slug = old.strip_prefix(prefix)?.strip_suffix(suffix)?;
        // boke adds the folder's slash itself when the pattern ends without one.
        let slug = if suffix.is_empty() {
            slug.strip_suffix('/').unwrap_or(slug)
        } else {
            slug
        };
        let ok = !slug.is_empty() && !slug.starts_with('/') && !slug.ends_with('/');
        ok.then(|| slug.to_owned())
    };
    let candidate = site.settings.permalink.clone().filter(|pattern| {
        let fits = posts
            .iter()
            .filter(|&&i| slug_under(pattern, i).is_some())
            .count();
        fits * 2 >= posts.len()
    });
    let pattern = candidate.unwrap_or_else(|| "/:slug".into());

    let mut used_files: BTreeSet<String> = BTreeSet::new();
    let mut placed = Vec::new();
    for doc in &site.docs {
        let index = placed.len();
        let bundle = !doc.assets.is_empty()
            || doc.text.body.contains("include_code")
            || (fetch_images && !convert::remote_images(&doc.text.body).is_empty());
        let base = slugs::file_name(&doc.name.replace('/', "-"));
        let place = match doc.kind {
            DocKind::Post => {
                let mut name = base.clone();
                let mut n = 2;
                while !used_files.insert(format!("posts/{name}")) {
                    name = format!("{base}-{n}");
                    n += 1;
                }
                let content_path = if bundle {
                    format!("posts/{name}/index.md")
                } else {
                    format!("posts/{name}.md")
                };
                match slug_under(&pattern, index) {
                    Some(slug) => {
                        let new_path = fill(&pattern, doc, &slug);
                        Placed {
                            content_path,
                            slug,
                            new_path,
                            aliases: Vec::new(),
                        }
                    }
                    None => {
                        let slug = slugs::boke(&name);
                        let slug = if slug.is_empty() { name.clone() } else { slug };
                        let new_path = fill(&pattern, doc, &slug);
                        let aliases = doc
                            .old_path
                            .iter()
                            .filter(|old| **old != new_path)
                            .cloned()
                            .collect();
                        Placed {
                            content_path,
                            slug,
                            new_path,
                            aliases,
                        }
                    }
                }
            }
            DocKind::Page => {
                let old = doc.old_path.clone().unwrap_or_else(|| format!("/{base}/"));
                let dir = old.trim_matches('/').trim_end_matches(".html").to_owned();
                let dir = if dir.is_empty() { base.clone() } else { dir };
                let mut folder = dir.clone();
                let mut n = 2;
                while !used_files.insert(folder.clone()) {
                    folder = format!("{dir}-{n}");
                    n += 1;
                }
                let slug = folder.rsplit('/').next().unwrap_or(&folder).to_owned();
                // boke serves `content/404/index.md` as the site's not-found page.
                let new_path = if folder == "404" {
                    "/404.html".to_owned()
                } else {
                    format!("/{folder}/")
                };
                let aliases = if old != new_path && old != "/" {
                    vec![old]
                } else {
                    Vec::new()
                };
                Placed {
                    content_path: format!("{folder}/index.md"),
                    slug,
                    new_path,
                    aliases,
                }
            }
        };
        let mut place = place;
        for alias in own_aliases(doc) {
            if alias != place.new_path && !place.aliases.contains(&alias) {
                place.aliases.push(alias);
            }
        }
        placed.push(place);
    }
    (pattern, placed)
}

/// The path boke gives a post under `pattern` (as boke's `parse` fills it).
fn fill(pattern: &str, doc: &crate::model::Doc, slug: &str) -> String {
    let date = doc.date.as_ref();
    let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
    let mut path = pattern
        .replace(":year", &format("%Y"))
        .replace(":month", &format("%m"))
        .replace(":day", &format("%d"))
        .replace(":slug", slug.trim_matches('/'));
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    if !path.ends_with('/') && !path.ends_with(".html") {
        path.push('/');
    }
    path
}

/// The old paths a document's front matter kept (Hugo's `aliases`), as site paths: Hugo
/// wrote an alias without a file name as a folder.
pub(super) fn own_aliases(doc: &crate::model::Doc) -> Vec<String> {
    crate::front::names(doc.text.front.get("aliases"))
        .into_iter()
        .filter(|alias| !alias.contains("://"))
        .map(|alias| {
            let path = format!("/{}", alias.trim().trim_start_matches('/'));
            let file = path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'));
            if path.ends_with('/') || file {
                path
            } else {
                format!("{path}/")
            }
        })
        .collect()
}
