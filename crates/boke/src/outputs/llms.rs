//! `/llms.txt` per the llms.txt convention: the site's title and summary, then every post as a
//! link to its Markdown mirror with a one-line description, so an agent can read the blog
//! without parsing the theme.

use std::fmt::Write as _;

use crate::assemble::Site;
use crate::parse::slug::mirror_path;
use crate::parse::{NOT_FOUND_PATH, Page};
use crate::render::OutputFile;

pub(crate) const LLMS_PATH: &str = "/llms.txt";
/// The whole text beside it, made by `llms_full`.
pub(crate) const LLMS_FULL_PATH: &str = "/llms-full.txt";

/// The `llms.txt` file of the site.
pub(crate) fn llms_txt(site: &Site) -> OutputFile {
    let config = &site.config;
    let mut text = format!("# {}\n\n", one_line(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(text, "> {}\n", one_line(&config.description));
    }
    let by = if config.author.is_empty() {
        String::new()
    } else {
        format!(" by {}", one_line(&config.author))
    };
    // How to get from a mirror back to its page, as `slug::mirror_path` went the other way.
    let page_url = if config.permalink.ends_with(".html") {
        "with `.html` in place of `.md`"
    } else {
        "without `index.md`"
    };
    let _ = writeln!(
        text,
        "A blog{by} in `{language}`. Each post below links to its Markdown source with front \
         matter; the HTML page is the same URL {page_url}.\n",
        language = config.language,
    );

    if !site.posts.is_empty() {
        text.push_str("## Posts\n\n");
        for post in &site.posts {
            let url = config.absolute_url(&mirror_path(&post.placement.url));
            push_link(&mut text, post, &url);
        }
        text.push('\n');
    }
    let pages: Vec<&Page> = site
        .pages
        .iter()
        .map(AsRef::as_ref)
        .filter(|page| page.placement.path != NOT_FOUND_PATH)
        .collect();
    if !pages.is_empty() {
        text.push_str("## Pages\n\n");
        for page in pages {
            push_link(&mut text, page, &config.absolute_url(&page.placement.url));
        }
        text.push('\n');
    }
    text.push_str("## Optional\n\n");
    for (name, path, note) in [
        (
            "Full text",
            LLMS_FULL_PATH,
            "every published post's Markdown in one file, newest first",
        ),
        (
            "Atom feed",
            crate::outputs::feeds::ATOM_PATH,
            "the newest posts",
        ),
        (
            "JSON Feed",
            crate::outputs::feeds::JSON_FEED_PATH,
            "the newest posts",
        ),
        (
            "Sitemap",
            crate::outputs::sitemap::SITEMAP_PATH,
            "every public page",
        ),
    ] {
        let _ = writeln!(text, "- [{name}]({}): {note}", config.absolute_url(path));
    }
    OutputFile::new(LLMS_PATH.trim_start_matches('/'), text)
}

/// `- [title](url): description`, on one line whatever the title and summary hold.
fn push_link(text: &mut String, page: &Page, url: &str) {
    let title = one_line(&page.title)
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]");
    // Paths are already percent-encoded; parentheses would end the Markdown link early.
    let url = url.replace('(', "%28").replace(')', "%29");
    let description = one_line(&page.summary_text);
    if description.is_empty() {
        let _ = writeln!(text, "- [{title}]({url})");
    } else {
        let _ = writeln!(text, "- [{title}]({url}): {description}");
    }
}

/// Whitespace runs, line breaks included, folded into single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_lines() {
        assert_eq!(one_line(" 第一行\n第二行\t 三 "), "第一行 第二行 三");
    }
}
