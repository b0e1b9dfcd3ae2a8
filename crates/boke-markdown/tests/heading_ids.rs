//! Issue 15: `## 标题 {#my-id}` sets the heading's id; other headings keep automatic ids.

mod common;

use common::{md, with};

#[test]
fn written_id_replaces_the_automatic_one() {
    let r = md("## 标题 {#my-id}\n");
    assert_eq!(
        r.html,
        "<h2 id=\"my-id\">标题<a class=\"heading-anchor\" href=\"#my-id\" aria-label=\"链接到本节: 标题\">#</a></h2>\n"
    );
    assert_eq!(r.toc[0].id, "my-id");
    assert_eq!(r.toc[0].text, "标题");
    assert!(!r.text.contains("{#"), "{}", r.text);
}

#[test]
fn ids_may_hold_cjk_and_underscores_and_markup_before_them() {
    let r = md("## **粗体**标题 {#概览_1}\n\n# 二 {#sec.2}\n");
    assert!(
        r.html
            .contains("<h2 id=\"概览_1\"><strong>粗体</strong>标题<a"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h1 id=\"sec.2\">二<a"), "{}", r.html);
}

#[test]
fn automatic_ids_step_around_written_ones() {
    let r = md("## 结论\n\n## 总结 {#结论}\n\n## 结论\n");
    let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["结论-1", "结论", "结论-2"]);
}

#[test]
fn braces_that_are_not_an_id_stay_text() {
    let r = md("## 集合 {1, 2}\n\n## 粘连{#x}\n\n## `代码 {#c}`\n");
    let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["集合-1-2", "粘连x", "代码-c"]);
    assert!(r.html.contains(">集合 {1, 2}<a"), "{}", r.html);
    assert!(r.html.contains("<code>代码 {#c}</code>"), "{}", r.html);
}

#[test]
fn extracted_title_loses_its_written_id() {
    let r = with(|o| o.extract_title = true, "# 标题 {#t}\n\n正文\n");
    assert_eq!(r.title.as_deref(), Some("标题"));
}
