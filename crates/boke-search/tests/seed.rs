//! Search rules checked on the seed post and small documents built around it: recall of the
//! phrases readers will type, exact Chinese precision, folding, AND and phrases.

mod common;

use boke_search::{SearchResults, search};
use common::{corpus, write_index};

fn run(dir: &std::path::Path, query: &str) -> SearchResults {
    search(dir, query, 20).unwrap()
}

fn urls(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.url.as_str()).collect()
}

fn index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_index(dir.path(), &corpus());
    dir
}

const SEED_URL: &str = "/posts/2026-ai-trends/";

#[test]
fn seed_post_is_found_by_what_readers_type() {
    let dir = index();
    for query in [
        "多模态",
        "视频生成",
        "缩放定律",
        "Nano Banana",
        "稀疏激活",
        "开源模型",
        "模型",
        "agent",
        "AGENT",
        "Agent",
        "\"Nano Banana\"",
    ] {
        let results = run(dir.path(), query);
        assert!(
            urls(&results).contains(&SEED_URL),
            "{query}: {:?}",
            urls(&results)
        );
        assert_eq!(results.total, results.hits.len(), "{query}");
    }
}

#[test]
fn seed_hit_has_metadata_and_marked_snippet() {
    let dir = index();
    let results = run(dir.path(), "缩放定律");
    assert_eq!(urls(&results), [SEED_URL]);
    let hit = &results.hits[0];
    assert_eq!(hit.title, "2026年AI发展趋势");
    assert_eq!(hit.date.as_deref(), Some("2026-01-05"));
    assert!(
        hit.snippet.contains("Scaling Law（<mark>缩放定律</mark>）"),
        "{}",
        hit.snippet
    );
    assert!(hit.score > 0.0);
}

#[test]
fn absent_and_misspelled_words_find_nothing() {
    let dir = index();
    for query in [
        "量子纠缠",
        "agnet",
        "bananna",
        "模型 agnet",
        "zzz",
        "",
        "  ，。 ",
    ] {
        let results = run(dir.path(), query);
        assert_eq!(results.total, 0, "{query}: {:?}", urls(&results));
        assert!(results.hits.is_empty());
    }
}

#[test]
fn chinese_terms_match_only_where_their_characters_stand_together() {
    let dir = index();
    let found = urls(&run(dir.path(), "多模态"))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert!(
        !found.contains(&"/posts/only-parts/".to_owned()),
        "{found:?}"
    );
    assert!(!found.contains(&"/posts/apart/".to_owned()), "{found:?}");
    // The folded Traditional form 多模態 counts.
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(sorted, ["/posts/2026-ai-trends/", "/posts/traditional/"]);
    // Across punctuation is not together either.
    assert!(urls(&run(dir.path(), "多模模态")).is_empty());
    let apart = run(dir.path(), "多模");
    assert!(urls(&apart).contains(&"/posts/apart/"));
}

#[test]
fn traditional_and_full_width_fold_both_ways() {
    let dir = index();
    assert!(urls(&run(dir.path(), "开源模型")).contains(&"/posts/traditional/"));
    assert!(urls(&run(dir.path(), "開源模型")).contains(&SEED_URL));
    assert_eq!(
        urls(&run(dir.path(), "视频生成 繁体")),
        ["/posts/traditional/"]
    );
    assert!(urls(&run(dir.path(), "agent")).contains(&"/posts/fullwidth/"));
    let gpt_results = run(dir.path(), "GPT-4o");
    let mut gpt = urls(&gpt_results);
    gpt.sort();
    assert_eq!(gpt, [SEED_URL, "/posts/fullwidth/"]);
    assert_eq!(
        urls(&run(dir.path(), "ＰＲＩＮＴＬＮ")),
        ["/posts/fullwidth/"]
    );
}

#[test]
fn several_words_all_match_and_quotes_keep_order() {
    let dir = index();
    assert_eq!(urls(&run(dir.path(), "banana 水果")), ["/posts/mixed/"]);
    assert!(run(dir.path(), "\"Banana Nano\"").hits.is_empty());
    // The seed post says "Scaling Law": the plural folds onto it.
    assert_eq!(run(dir.path(), "\"scaling laws\"").total, 2);
    assert!(run(dir.path(), "\"laws scaling\"").hits.is_empty());
    assert_eq!(
        run(dir.path(), "models").total,
        1,
        "plural folds to the English post only"
    );
}

#[test]
fn single_characters_find_documents_holding_them() {
    let dir = index();
    let results = run(dir.path(), "態");
    let mut found = urls(&results);
    found.sort();
    assert_eq!(
        found,
        [
            "/posts/2026-ai-trends/",
            "/posts/apart/",
            "/posts/traditional/"
        ]
    );
}

#[test]
fn title_matches_rank_first() {
    let dir = index();
    let results = run(dir.path(), "图像");
    assert_eq!(urls(&results)[0], "/posts/mixed/", "{:?}", urls(&results));
}

#[test]
fn build_is_deterministic() {
    assert_eq!(
        boke_search::build_index(&corpus()),
        boke_search::build_index(&corpus())
    );
}

#[test]
fn title_headings_and_bold_outrank_the_body_and_repetition() {
    use boke_search::Document;
    use common::doc;
    let filler = "今天天气不错，我们聊一些别的事情。".repeat(8);
    let long_filler = "这一段话和主题无关，只是为了让文章变长。".repeat(120);
    let docs: Vec<Document> = vec![
        doc(
            "/body/",
            "一篇笔记",
            &format!("{filler}缩放定律在这里提到一次。{filler}"),
        ),
        Document {
            strong: vec!["缩放定律".to_owned()],
            ..doc(
                "/bold/",
                "一篇笔记",
                &format!("{filler}缩放定律：加粗的标签。{filler}"),
            )
        },
        Document {
            headings: vec!["缩放定律".to_owned()],
            ..doc(
                "/heading/",
                "一篇笔记",
                &format!("{filler}缩放定律\n正文。{filler}"),
            )
        },
        doc("/title/", "缩放定律", &format!("{filler}{filler}")),
        doc(
            "/repeated/",
            "一篇长文",
            &format!("{long_filler}{}", "缩放定律反复出现。".repeat(30)),
        ),
        doc("/short/", "关于", "这里偶尔谈到缩放定律。"),
    ];
    let dir = tempfile::tempdir().unwrap();
    write_index(dir.path(), &docs);
    let results = run(dir.path(), "缩放定律");
    let order = urls(&results);
    assert_eq!(order[..2], ["/title/", "/heading/"], "{order:?}");
    let at = |url| order.iter().position(|u| *u == url).unwrap();
    assert!(at("/bold/") < at("/body/"), "{order:?}");
    // A two-line page naming it once is not worth more than a post with it in bold.
    assert!(at("/bold/") < at("/short/"), "{order:?}");
}
