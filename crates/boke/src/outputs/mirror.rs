//! Markdown mirrors: each post's source beside its page (`/posts/<slug>/index.md`, or `/<slug>.md` beside `/<slug>.html`), for readers
//! and agents that want the text without the theme.

use rayon::prelude::*;

use crate::assemble::Site;
use crate::parse::slug::mirror_path;
use crate::render::OutputFile;

/// One `index.md` for each post in `range` (indices into [`Site::posts`]), with front matter
/// that always carries title, date and URL.
pub(crate) fn markdown_mirrors(site: &Site, range: std::ops::Range<usize>) -> Vec<OutputFile> {
    site.posts[range]
        .par_iter()
        .map(|post| {
            let split = crate::parse::frontmatter::split(&post.markdown, &post.source).ok();
            let body = split.map_or(&*post.markdown, |s| s.body);
            let mut front = String::from("---\n");
            front.push_str(&format!("title: {}\n", yaml_string(&post.title)));
            if let Some(date) = &post.placement.date {
                front.push_str(&format!("date: {}\n", crate::parse::dates::rfc3339(date)));
            }
            if let Some(updated) = &post.updated {
                front.push_str(&format!(
                    "updated: {}\n",
                    crate::parse::dates::rfc3339(updated)
                ));
            }
            front.push_str(&format!(
                "url: {}\n",
                yaml_string(&site.config.absolute_url(&post.placement.url))
            ));
            if !post.placement.tags.is_empty() {
                let tags: Vec<String> =
                    post.placement.tags.iter().map(|t| yaml_string(t)).collect();
                front.push_str(&format!("tags: [{}]\n", tags.join(", ")));
            }
            if !post.placement.categories.is_empty() {
                let categories: Vec<String> = post
                    .placement
                    .categories
                    .iter()
                    .map(|t| yaml_string(t))
                    .collect();
                front.push_str(&format!("categories: [{}]\n", categories.join(", ")));
            }
            front.push_str(&format!(
                "description: {}\n",
                yaml_string(&post.summary_text)
            ));
            front.push_str(&format!(
                "lang: {}\n---\n",
                yaml_string(&post.placement.lang)
            ));
            let path = mirror_path(&post.placement.path);
            OutputFile::new(
                path.trim_start_matches('/'),
                format!("{front}{}", body.trim_start_matches('\n')),
            )
        })
        .collect()
}

/// A double-quoted YAML scalar; JSON string syntax is valid YAML.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
