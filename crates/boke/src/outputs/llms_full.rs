//! `/llms-full.txt`: every published post's Markdown in one file, newest first, each under its
//! title and URLs, cut at whole posts to stay under `[agents] llms_full_max_bytes`. An agent
//! that wants the whole blog fetches one file instead of every mirror.

use std::fmt::Write as _;

use crate::assemble::{Site, Visibility};
use crate::outputs::llms::{LLMS_FULL_PATH, LLMS_PATH, one_line};
use crate::parse::Page;
use crate::parse::slug::mirror_path;
use crate::render::OutputFile;

/// The `llms-full.txt` file of the site. Drafts and posts dated later are never in it, even in
/// a build that shows them (`--drafts`, `--future`): the file is for the published blog.
pub(crate) fn llms_full_txt(site: &Site) -> OutputFile {
    let config = &site.config;
    let limit = config.agents.llms_full_max_bytes;
    let now = jiff::Timestamp::now();
    let published: Vec<&Page> = site
        .posts
        .iter()
        .map(AsRef::as_ref)
        .filter(|post| Visibility::default().hides(post, now).is_none())
        .collect();
    let mut text = format!("# {}\n\n", one_line(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(text, "> {}\n", one_line(&config.description));
    }
    let _ = writeln!(
        text,
        "Every published post's Markdown, newest first, each under a level-one heading with its \
         URL. The list with one line per post is {}.\n",
        config.absolute_url(LLMS_PATH)
    );
    let mut included = 0;
    for post in &published {
        let section = post_section(site, post);
        // Room is kept for the closing line, so the file never passes the limit.
        if text.len() + section.len() + CLOSING_ROOM > limit {
            break;
        }
        text.push_str(&section);
        included += 1;
    }
    let left_out = published.len() - included;
    if left_out > 0 {
        let _ = writeln!(
            text,
            "---\n\n{left_out} older post{} left out to keep this file under {limit} bytes; \
             {} lists every post with a link to its Markdown.",
            if left_out == 1 { " is" } else { "s are" },
            config.absolute_url(LLMS_PATH)
        );
    }
    OutputFile::new(LLMS_FULL_PATH.trim_start_matches('/'), text)
}

/// Bytes kept free for the line that says how many posts were left out.
const CLOSING_ROOM: usize = 400;

/// One post: a rule, its title, its page and Markdown URLs and date, then its Markdown body.
fn post_section(site: &Site, post: &Page) -> String {
    let config = &site.config;
    let mut section = format!("---\n\n# {}\n\n", one_line(&post.title));
    let _ = writeln!(section, "URL: {}", config.absolute_url(&post.placement.url));
    let _ = writeln!(
        section,
        "Markdown: {}",
        config.absolute_url(&mirror_path(&post.placement.url))
    );
    if let Some(date) = &post.placement.date {
        let _ = writeln!(section, "Date: {}", crate::parse::dates::rfc3339(date));
    }
    section.push('\n');
    let body = crate::outputs::mirror::body(post).trim();
    section.push_str(body);
    section.push_str("\n\n");
    section
}
