//! Markdown mirrors: each post's and page's source beside it (`/posts/<slug>/index.md`, or
//! `/<slug>.md` beside `/<slug>.html`), for readers and agents that want the text without the
//! theme.

use rayon::prelude::*;

use crate::assemble::Site;
use crate::load::config::Config;
use crate::parse::Page;
use crate::parse::slug::mirror_path;
use crate::render::OutputFile;

/// One `index.md` for each post in `range` (indices into [`Site::posts`]).
pub(crate) fn markdown_mirrors(site: &Site, range: std::ops::Range<usize>) -> Vec<OutputFile> {
    site.posts[range]
        .par_iter()
        .map(|post| mirror(site, post))
        .collect()
}

/// The mirrors of the standalone pages (`/about/index.md`), the 404 page's aside.
pub(crate) fn page_mirrors(site: &Site) -> Vec<OutputFile> {
    site.pages
        .iter()
        .filter(|page| page.has_mirror())
        .map(|page| mirror(site, page))
        .collect()
}

/// The mirror file of one page.
fn mirror(site: &Site, page: &Page) -> OutputFile {
    let path = mirror_path(&page.placement.path);
    OutputFile::new(
        path.trim_start_matches('/'),
        mirror_text(&site.config, page),
    )
}

/// The text of a page's mirror: its Markdown under front matter made from what the build knows
/// of it, which always carries title, date and URL.
pub(crate) fn mirror_text(config: &Config, post: &Page) -> String {
    let body = body(post);
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
        yaml_string(&config.absolute_url(&post.placement.url))
    ));
    if !post.placement.tags.is_empty() {
        let tags: Vec<String> = post.placement.tags.iter().map(|t| yaml_string(t)).collect();
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
    format!("{front}{}", body.trim_start_matches('\n'))
}

/// A page's Markdown without its front matter.
pub(crate) fn body(page: &Page) -> &str {
    crate::parse::frontmatter::split(&page.markdown, &page.source)
        .ok()
        .map_or(&*page.markdown, |split| split.body)
}

/// A double-quoted YAML scalar; JSON string syntax is valid YAML.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
