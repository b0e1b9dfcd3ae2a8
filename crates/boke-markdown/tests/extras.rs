//! Syntax a site turns on in `[markdown]`: `==mark==` and definition lists. Off, the same text
//! stays as written.

mod common;

use common::{md, with};

#[test]
fn marks_when_asked_next_to_chinese_punctuation_too() {
    assert_eq!(md("这是==重点==。").html, "<p>这是==重点==。</p>\n");
    let on = |text: &str| with(|o| o.mark = true, text).html;
    assert_eq!(on("这是==重点==。"), "<p>这是<mark>重点</mark>。</p>\n");
    assert_eq!(
        on("「==一定要备份==」，然后再升级"),
        "<p>「<mark>一定要备份</mark>」，然后再升级</p>\n"
    );
    assert_eq!(
        on("比较 `a == b` 与 ==b=="),
        "<p>比较 <code>a == b</code> 与 <mark>b</mark></p>\n"
    );
}

#[test]
fn definition_lists_when_asked() {
    let text = "大模型\n: 参数规模很大的语言模型。\n\nAgent\n: 能调用工具、完成任务的模型。\n";
    let off = md(text).html;
    assert!(!off.contains("<dl>"), "{off}");
    let on = with(|o| o.definition_lists = true, text).html;
    let dl = scraper::Html::parse_fragment(&on);
    let terms: Vec<String> = dl
        .select(&scraper::Selector::parse("dl > dt").unwrap_or_else(|e| panic!("{e}")))
        .map(|dt| dt.text().collect())
        .collect();
    let definitions: Vec<String> = dl
        .select(&scraper::Selector::parse("dl > dd").unwrap_or_else(|e| panic!("{e}")))
        .map(|dd| dd.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(terms, ["大模型", "Agent"], "{on}");
    assert_eq!(
        definitions,
        ["参数规模很大的语言模型。", "能调用工具、完成任务的模型。"],
        "{on}"
    );
}
