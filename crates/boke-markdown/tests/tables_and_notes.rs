//! Table alignment as classes (HTML5 has no `align` attribute) and footnote back-links named in
//! the page's language.

mod common;

use common::{md, with};

const TABLE: &str = "| 模型 | 价格 | 备注 |\n|:---|---:|:---:|\n| A | 1.5 | 开源 |\n";

#[test]
fn aligned_columns_get_a_class_and_no_align_attribute() {
    let html = md(TABLE).html;
    assert!(!html.contains("align="), "{html}");
    assert!(
        html.contains("<th class=\"align-left\">模型</th>"),
        "{html}"
    );
    assert!(
        html.contains("<th class=\"align-right\">价格</th>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"align-center\">开源</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"align-right\">1.5</td>"),
        "{html}"
    );
}

#[test]
fn a_column_without_alignment_gets_no_class() {
    let html = md("| a | b |\n|---|---|\n| 1 | 2 |\n").html;
    assert!(
        html.contains("<th>a</th>") && html.contains("<td>2</td>"),
        "{html}"
    );
}

#[test]
fn footnote_back_links_follow_the_page_language() {
    let source = "正文[^1]。\n\n[^1]: 注释。\n";
    let chinese = md(source).html;
    assert!(chinese.contains("aria-label=\"返回引用处 1\""), "{chinese}");
    assert!(!chinese.contains("Back to reference"), "{chinese}");
    let english = with(|o| o.language = "en".into(), "Text[^1].\n\n[^1]: A note.\n").html;
    assert!(
        english.contains("aria-label=\"Back to reference 1\""),
        "{english}"
    );
}
