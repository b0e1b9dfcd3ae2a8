//! The site's search index: every published post and page handed to `boke-search`, written
//! under `/search/` beside the browser client that reads it.

use crate::assemble::Site;
use crate::diagnostic::Diagnostics;
use crate::outputs::Sink;
use crate::parse::NOT_FOUND_PATH;
use crate::render::OutputFile;

/// Where the index and its client live in the output.
pub const SEARCH_DIR: &str = "search";

/// The index files and the client script, as output files handed to `sink` in batches.
pub(crate) fn search_files_into(site: &Site, sink: &mut Sink<'_>) -> Result<(), Diagnostics> {
    let documents: Vec<boke_search::Document> = site
        .posts
        .iter()
        .chain(
            site.pages
                .iter()
                .filter(|page| page.placement.path != NOT_FOUND_PATH),
        )
        .map(|page| boke_search::Document {
            url: page.placement.url.as_str().into(),
            title: page.title.as_str().into(),
            date: page
                .placement
                .date
                .as_ref()
                .map(crate::parse::dates::rfc3339),
            // The same words as the page itself shows, in its language.
            date_label: page
                .placement
                .date
                .as_ref()
                .map(|date| crate::render::i18n::format_date(date, &page.placement.lang)),
            headings: page.toc.iter().map(|entry| entry.text.clone()).collect(),
            strong: page.strong.clone(),
            body: page.text.as_str().into(),
            code: page.code_text.as_str().into(),
            tags: page.placement.tags.clone(),
            categories: page.placement.categories.clone(),
        })
        .collect();
    boke_search::build_index_into(&documents, &mut |batch| {
        sink(
            batch
                .into_iter()
                .map(|(path, bytes)| OutputFile::new(format!("{SEARCH_DIR}/{path}"), bytes))
                .collect(),
        )
    })?;
    sink(vec![
        OutputFile::new(format!("{SEARCH_DIR}/search.js"), boke_search::SEARCH_JS),
        OutputFile::new(
            format!("{SEARCH_DIR}/search-ui.js"),
            boke_search::SEARCH_UI_JS,
        ),
    ])
}
