//! The files made from the site as a whole rather than page by page through templates: theme
//! assets (with the comment form's emoji packs), Markdown mirrors, feeds, sitemap, robots.txt,
//! llms.txt, llms-full.txt and the search index.

pub(crate) mod feeds;
pub(crate) mod hosts;
pub(crate) mod llms;
pub(crate) mod llms_full;
pub(crate) mod mirror;
pub(crate) mod search_index;
pub(crate) mod sitemap;
pub(crate) mod xml;

use crate::assemble::Site;
use crate::diagnostic::Diagnostics;
use crate::render::OutputFile;
use crate::render::templates::{THEME_ASSETS, THEME_FAVICON_FILE};
use crate::timings::Timings;

/// Where a build hands the files it makes, batch by batch. `Send`, so that the search index
/// can hand over its files while the feeds are made on another thread.
pub(crate) type Sink<'a> = dyn FnMut(Vec<OutputFile>) -> Result<(), Diagnostics> + Send + 'a;

/// The files made from the site as a whole rather than page by page through templates:
/// theme assets, Markdown mirrors, and the site-wide outputs (feeds, sitemap, robots.txt,
/// llms.txt, search index).
/// `serve` makes these apart from the pages, so that a reload never waits for them.
pub(crate) fn site_files(site: &Site, timings: &mut Timings) -> Vec<OutputFile> {
    let mut files = Vec::new();
    // Collecting into memory cannot fail.
    let _ = site_files_into(site, timings, &mut |batch| {
        files.extend(batch);
        Ok(())
    });
    files
}

/// [`site_files`], handed to `sink` group by group.
pub(crate) fn site_files_into(
    site: &Site,
    timings: &mut Timings,
    sink: &mut Sink<'_>,
) -> Result<(), Diagnostics> {
    markdown_files_into(site, timings, sink)?;
    site_wide_files_into(site, timings, sink)
}

/// The files made from the pages' Markdown sources: the mirrors and llms-full.txt. Nothing
/// made after them reads a source, so a build can let the sources go once these are out.
pub(crate) fn markdown_files_into(
    site: &Site,
    timings: &mut Timings,
    sink: &mut Sink<'_>,
) -> Result<(), Diagnostics> {
    // In batches, like the pages: together the mirrors weigh as much as all the sources.
    let posts = site.posts.len();
    for start in (0..posts).step_by(MIRROR_BATCH) {
        let end = (start + MIRROR_BATCH).min(posts);
        sink(crate::outputs::mirror::markdown_mirrors(site, start..end))?;
    }
    let mut pages = crate::outputs::mirror::page_mirrors(site);
    pages.push(crate::outputs::llms_full::llms_full_txt(site));
    sink(pages)?;
    timings.lap("mirrors");
    Ok(())
}

/// The theme's assets and the outputs made from the whole site: the search index, feeds,
/// sitemap, robots.txt, llms.txt and the hosts' files. They read no page's Markdown source.
pub(crate) fn site_wide_files_into(
    site: &Site,
    timings: &mut Timings,
    sink: &mut Sink<'_>,
) -> Result<(), Diagnostics> {
    sink(theme_assets(site).collect())?;
    // Feeds and the sitemap are made while the search index is, on whichever core it leaves
    // idle between its parallel steps.
    let (search, files) = rayon::join(
        || crate::outputs::search_index::search_files_into(site, &mut *sink),
        || {
            // Written into memory, where writing cannot fail.
            let mut files = crate::outputs::feeds::feeds(site).expect("writing feeds to memory");
            files.extend(
                crate::outputs::sitemap::sitemap(site).expect("writing the sitemap to memory"),
            );
            files.push(crate::outputs::sitemap::robots_txt(site));
            files.push(crate::outputs::llms::llms_txt(site));
            files.extend(crate::outputs::hosts::published_files(&site.config));
            files
        },
    );
    search?;
    sink(files)?;
    timings.lap("search, feeds");
    Ok(())
}

/// Mirrors made and written at a time.
const MIRROR_BATCH: usize = 1000;

/// Where the generated robots.txt goes, unless `static/` holds one.
pub(crate) const ROBOTS_FILE: &str = "robots.txt";

fn theme_assets(site: &Site) -> impl Iterator<Item = OutputFile> {
    let own_icon = site.config.theme.favicon.is_some();
    THEME_ASSETS
        .iter()
        .filter(move |(path, _)| !(own_icon && *path == THEME_FAVICON_FILE))
        .map(|(path, text)| OutputFile::new(*path, without_comments(path, text)))
        .chain([
            OutputFile::new("assets/highlight.css", boke_markdown::highlight_css()),
            // Linked only from pages that hold a formula.
            OutputFile::new("assets/math.css", boke_markdown::math_css()),
        ])
        .chain(emoji_packs(site))
}

/// Where the comment form finds the site's emoji packs (`[social] emoji`).
pub(crate) const EMOJI_FILE: &str = "assets/emoji.json";

/// The packs of `[social] emoji` for the theme's comment form; nothing when there are none.
fn emoji_packs(site: &Site) -> Option<OutputFile> {
    let packs = &site.config.emoji;
    // A list of plain strings and structs always serializes.
    (!packs.is_empty()).then(|| {
        OutputFile::new(
            EMOJI_FILE,
            serde_json::to_vec(packs).expect("emoji packs as JSON"),
        )
    })
}

/// A theme file as readers download it: the comments of its CSS, the comment lines of its
/// scripts and the indentation of both are for whoever edits the theme, and would be a tenth
/// of a post's page weight. Only the theme's own files come here, so no string in them holds a
/// comment opener or spans lines.
fn without_comments(path: &str, text: &str) -> String {
    let kept = if path.ends_with(".css") {
        let mut kept = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("/*") {
            kept.push_str(&rest[..start]);
            rest = rest[start + 2..]
                .find("*/")
                .map_or("", |end| &rest[start + 2 + end + 2..]);
        }
        kept.push_str(rest);
        kept
    } else if path.ends_with(".js") {
        text.lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        return text.to_owned();
    };
    let mut lines: Vec<&str> = kept
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.push("");
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::without_comments;

    #[test]
    fn theme_css_and_scripts_lose_their_comments_and_keep_their_code() {
        let css = "/* The theme. */\na { color: red; } /* why */\n\n/* two\n   lines */\n@media print {\n  b { content: \"·\" / \"\"; }\n}\n";
        assert_eq!(
            without_comments("assets/style.css", css),
            "a { color: red; }\n@media print {\nb { content: \"·\" / \"\"; }\n}\n"
        );
        let js = "// Why it runs.\n(function () {\n  // a step\n  var url = \"https://example.com/\"; // kept: not a whole line\n})();\n";
        assert_eq!(
            without_comments("assets/theme.js", js),
            "(function () {\nvar url = \"https://example.com/\"; // kept: not a whole line\n})();\n"
        );
        let svg = "<svg><!-- a --></svg>";
        assert_eq!(without_comments("favicon.svg", svg), svg);
    }
}
