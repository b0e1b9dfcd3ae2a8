//! The search results of the example blog, from the index its build writes: what the results
//! show (snippets cut from prose, dates as the site writes them) and the order they come in.

use std::path::{Path, PathBuf};

use boke::{BuildOptions, Visibility, build};
use boke_search::{Hit, SearchResults, search};

/// Builds the example blog once; returns the temporary directory and the index folder.
fn example_index() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let output = temp.path().join("public");
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog"),
        output: Some(output.clone()),
        visibility: Visibility::default(),
        ..Default::default()
    };
    if let Err(errors) = build(&options) {
        panic!("the example blog builds: {errors}");
    }
    (temp, output.join("search"))
}

fn query(index: &Path, text: &str) -> SearchResults {
    search(index, text, 20).expect("search")
}

fn hit<'a>(results: &'a SearchResults, url: &str) -> &'a Hit {
    let urls: Vec<&str> = results.hits.iter().map(|h| h.url.as_str()).collect();
    results
        .hits
        .iter()
        .find(|h| h.url == url)
        .unwrap_or_else(|| panic!("{url} not in {urls:?}"))
}

/// The snippet's text: markup gone, entities back to characters, `…` at either end removed.
fn snippet_text(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .trim_matches('…')
        .to_owned()
}

const SEED: &str = "/posts/2026-ai-trends/";
const AGENT: &str = "/posts/agent-workflows/";

#[test]
fn results_show_prose_dates_and_rank_by_field() {
    let (_temp, index) = example_index();
    let agent_source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/blog/content/posts/2026-04-08-agent-workflows.md"),
    )
    .expect("agent post");

    // The agent post holds 多模态 only in a JSON code block: it is found, but its snippet shows
    // prose, not the code.
    let results = query(&index, "多模态");
    let agent = hit(&results, AGENT);
    let text = snippet_text(&agent.snippet);
    for code in ["{", "}", "\"tool\"", "arguments"] {
        assert!(
            !text.contains(code),
            "code in the snippet: {}",
            agent.snippet
        );
    }
    // The seed post has it in a bold label; the About page only in passing in a short text.
    assert_eq!(results.hits[0].url, SEED, "{:?}", urls(&results));
    assert!(
        position(&results, SEED) < position(&results, "/about/"),
        "{:?}",
        urls(&results)
    );

    // A match next to a bare URL: the URL is shown by its host.
    let results = query(&index, "参见");
    let agent = hit(&results, AGENT);
    let text = snippet_text(&agent.snippet);
    assert!(!text.contains("http"), "{}", agent.snippet);
    assert!(!text.contains("/agents/"), "{}", agent.snippet);
    assert!(text.contains("参见 example.com。"), "{}", agent.snippet);
    // Right after it: the snippet opens where the sentence does, not in the URL.
    let results = query(&index, "再决定");
    let agent = hit(&results, AGENT);
    let text = snippet_text(&agent.snippet);
    assert!(
        !text.contains("http") && !text.contains("指南"),
        "{}",
        agent.snippet
    );
    assert!(
        agent.snippet.contains("<mark>再决定</mark>"),
        "{}",
        agent.snippet
    );
    let first = text.chars().next().expect("a snippet");
    assert!(
        agent_source.contains(&format!("\n{first}"))
            || ["。", "，", "；", "！", "？", "、"]
                .iter()
                .any(|b| agent_source.contains(&format!("{b}{first}"))),
        "does not start at a boundary: {}",
        agent.snippet
    );
    // A heading is not run into the paragraph after it.
    assert!(
        agent.snippet.contains("什么时候不该用 Agent · ")
            || !agent.snippet.contains("什么时候不该用 Agent"),
        "{}",
        agent.snippet
    );

    // Dates read as on the pages themselves, in each page's language.
    assert_eq!(agent.date_label.as_deref(), Some("2026年4月8日"));
    let english = query(&index, "leaderboards");
    let post = hit(&english, "/posts/evaluating-chinese-llms/");
    assert_eq!(post.date_label.as_deref(), Some("May 20, 2026"));

    // A query naming a post's title finds that post first: 分词器 is the Rust post's title, and
    // the search index post says it more often in a longer body.
    for (title_words, url) in [
        ("分词器", "/posts/rust-tokenizer/"),
        ("Agent 工作流", AGENT),
    ] {
        let results = query(&index, title_words);
        assert_eq!(
            results.hits[0].url,
            url,
            "{title_words}: {:?}",
            urls(&results)
        );
    }
}

fn urls(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.url.as_str()).collect()
}

fn position(results: &SearchResults, url: &str) -> usize {
    results
        .hits
        .iter()
        .position(|h| h.url == url)
        .unwrap_or(usize::MAX)
}
