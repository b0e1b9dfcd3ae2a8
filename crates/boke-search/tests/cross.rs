//! The Rust engine and the browser client (`assets/search.js`, run under Node) answer the same
//! queries on the same index with the same documents, order, scores and snippets.

mod common;

use std::process::Command;

use boke_search::{Document, search};
use common::{corpus, doc, write_index};
use serde_json::Value;

const QUERIES: &[&str] = &[
    "多模态",
    "视频生成",
    "缩放定律",
    "Nano Banana",
    "\"Nano Banana\"",
    "稀疏激活",
    "开源模型",
    "開源模型",
    "模型",
    "模",
    "態",
    "agent",
    "AGENT",
    "Agents",
    "ＡＧＥＮＴ",
    "GPT-4o",
    "scaling laws",
    "\"scaling laws\"",
    "banana 水果",
    "多模 模态",
    "agnet",
    "量子纠缠",
    "",
    "，。",
    "图像",
    "2026年",
    "println",
    "视频生成 繁体",
    "大模型 Agent",
    "甲乙",
    "甲乙 多模态",
    "二〇二六年",
    "〇二",
];

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn extra_docs() -> Vec<Document<'static>> {
    // A bigram in thousands of places: its postings are too large to stay in the dictionary and
    // get a file of their own (Rice codes, not gzipped), which both clients must read.
    let repeated = doc("/posts/repeated/", "重复 多模态", &"甲乙。".repeat(3000));
    // Enough documents with shared words that ranking has something to order.
    // Every field a match is counted in, and a date as the site shows it.
    let fields = Document {
        headings: vec!["多模态的标题".to_owned(), "Agent 循环".to_owned()],
        strong: vec!["多模态融合".to_owned()],
        date: Some("2026-05-20T08:30:00+08:00".to_owned()),
        date_label: Some("May 20, 2026".to_owned()),
        ..doc(
            "/posts/fields/",
            "多模态字段",
            "多模态的标题\n**多模态融合**：文本与图像。\nAgent 循环\n参见 https://example.com/多模态/。然后谈多模态。",
        )
    };
    [repeated, fields]
        .into_iter()
        .chain((0..40).map(|i| {
            let body = format!(
                "第{i}篇：{}模型与{}。Agent {} 在视频生成里。{}",
                "大".repeat(i % 3 + 1),
                if i % 2 == 0 {
                    "多模态"
                } else {
                    "多个模态"
                },
                "agents ".repeat(i % 4),
                "填充文字".repeat(i % 7 * 10)
            );
            doc(
                &format!("/posts/extra-{i}/"),
                &format!("第{i}篇 模型笔记"),
                &body,
            )
        }))
        .collect()
}

/// The first two bytes of every document record, after gunzip.
fn record_starts(index: &std::path::Path) -> Vec<[u8; 2]> {
    use std::io::Read;
    let records = index.join("d").read_dir().unwrap();
    records
        .map(|entry| {
            let gz = std::fs::read(entry.unwrap().path()).unwrap();
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut bytes)
                .unwrap();
            [bytes[0], bytes[1]]
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(boke_test_browser),
    ignore = "needs Node: set BOKE_CHROMIUM (or BOKE_REQUIRE_BROWSER=1) when building the tests"
)]
fn rust_and_javascript_return_the_same_results() {
    assert!(node_available(), "node was not found on PATH");
    let dir = tempfile::tempdir().unwrap();
    let mut docs = corpus();
    docs.extend(extra_docs());
    write_index(dir.path(), &docs);
    assert!(
        dir.path()
            .join("p")
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some()),
        "no postings file of its own: the test would not cover them"
    );
    let starts = record_starts(dir.path());
    assert!(
        starts.contains(&[0xFF, 0xFE]) && starts.contains(b"{\""),
        "records in both UTF-16 and UTF-8 are needed to cover both: {starts:?}"
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/query.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(dir.path())
        .arg("10")
        .args(QUERIES)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), QUERIES.len());
    let mut non_empty = 0;
    for (query, js) in QUERIES.iter().zip(&lines) {
        let rust = search(dir.path(), query, 10).unwrap();
        assert_eq!(
            js["total"].as_u64().unwrap() as usize,
            rust.total,
            "total for {query}"
        );
        let js_hits = js["hits"].as_array().unwrap();
        assert_eq!(js_hits.len(), rust.hits.len(), "hits for {query}");
        for (j, r) in js_hits.iter().zip(&rust.hits) {
            assert_eq!(j["url"], r.url.as_str(), "order for {query}");
            assert_eq!(j["title"], r.title.as_str(), "{query}");
            assert_eq!(j["date"].as_str(), r.date.as_deref(), "{query}");
            assert_eq!(j["date_label"].as_str(), r.date_label.as_deref(), "{query}");
            let js_score = j["score"].as_f64().unwrap();
            assert!(
                (js_score - r.score).abs() <= 1e-9 * r.score.abs().max(1.0),
                "score for {query}: {js_score} vs {}",
                r.score
            );
            assert_eq!(j["snippet"], r.snippet.as_str(), "snippet for {query}");
        }
        non_empty += usize::from(rust.total > 0);
    }
    assert!(
        non_empty >= 20,
        "too few queries found anything: {non_empty}"
    );
}
