//! Helpers shared by the integration tests: documents from Markdown and an index in a temp dir.

#![allow(dead_code)]

use std::path::Path;

use boke_search::{Document, build_index};

/// The seed post, as the fixture every search rule is checked on.
pub const SEED: &str =
    include_str!("../../../../examples/blog/content/posts/2026-01-05-2026-ai-trends.md");

/// A document from Markdown: the first `# ` line is the title, `## ` lines are headings, `**`
/// spans are bold text, the rest (markup and all) is the body, which is close enough to the
/// plain text for searching.
pub fn doc_from_markdown(url: &str, markdown: &str) -> Document<'static> {
    let mut title = String::new();
    let mut headings = Vec::new();
    let mut body = String::new();
    let strong = markdown
        .split("**")
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    for line in markdown.lines() {
        if let Some(t) = line.strip_prefix("# ") {
            title = t.to_owned();
        } else {
            if let Some(h) = line
                .trim_start_matches('#')
                .strip_prefix(' ')
                .filter(|_| line.starts_with("##"))
            {
                headings.push(h.to_owned());
            }
            body.push_str(line);
            body.push('\n');
        }
    }
    Document {
        url: url.to_owned().into(),
        title: title.into(),
        date: Some("2026-01-05".to_owned()),
        date_label: Some("2026年1月5日".to_owned()),
        headings,
        strong,
        body: body.into(),
        ..Document::default()
    }
}

pub fn doc(url: &str, title: &str, body: &str) -> Document<'static> {
    Document {
        url: url.to_owned().into(),
        title: title.to_owned().into(),
        body: body.to_owned().into(),
        ..Document::default()
    }
}

/// Writes the index of `docs` under `dir`.
pub fn write_index(dir: &Path, docs: &[Document]) {
    for (path, bytes) in build_index(docs) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Documents covering the folding and precision rules, beside the seed post.
pub fn corpus() -> Vec<Document<'static>> {
    vec![
        doc_from_markdown("/posts/2026-ai-trends/", SEED),
        doc(
            "/posts/only-parts/",
            "零件",
            "这里只有多个模型，没有那个三字词。",
        ),
        doc("/posts/apart/", "分开", "多模和模态分开出现：多模。模态"),
        doc(
            "/posts/traditional/",
            "開源模型與多模態",
            "這是一篇繁體中文文章，討論開源模型與視頻生成。",
        ),
        doc(
            "/posts/fullwidth/",
            "ＡＧＥＮＴ　入门",
            "用ＧＰＴ－４ｏ写 Rust 代码：fn main() { println!(\"hi\"); }",
        ),
        doc(
            "/posts/english/",
            "Agents and models",
            "Building agents with small language models. Scaling laws matter.",
        ),
        doc(
            "/posts/mixed/",
            "Nano Banana 图像编辑",
            "Nano Banana 是 Gemini 的图像模型，banana 不是水果。",
        ),
    ]
}
