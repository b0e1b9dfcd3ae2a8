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

/// The ids of the headings' empty anchors, in order, and the headings' own ids.
fn old_and_own(html: &str) -> (Vec<String>, Vec<String>) {
    let ids_after = |marker: &str| -> Vec<String> {
        html.match_indices(marker)
            .map(|(at, _)| {
                let rest = &html[at + marker.len()..];
                rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
            })
            .collect()
    };
    let own = ["<h1 id=\"", "<h2 id=\"", "<h3 id=\""]
        .iter()
        .flat_map(|m| ids_after(m))
        .collect();
    (ids_after("<span id=\""), own)
}

/// Ids derived by hand from hexo-util's slugize (whitespace and ASCII punctuation runs to one
/// `-`, ends trimmed, case kept, repeats `-1`, `-2`) and Hugo's GitHub style (lowercase,
/// letters, digits and `_` kept, each space or `-` a `-`, the rest dropped).
const DOC: &str =
    "## Getting Started\n\n## C++ / Rust_FFI\n\n## 安装：Linux 版\n\n## FAQ\n\n## FAQ\n\n## 结论\n";

#[test]
fn hexo_ids_are_kept_beside_boke_ids() {
    let r = with(
        |o| o.anchor_aliases = Some(boke_markdown::AnchorAliases::Hexo),
        DOC,
    );
    let (old, own) = old_and_own(&r.html);
    assert_eq!(
        own,
        [
            "getting-started",
            "c-rust-ffi",
            "安装linux-版",
            "faq",
            "faq-1",
            "结论"
        ]
    );
    // 结论 is the same in both: no second id.
    assert_eq!(
        old,
        [
            "Getting-Started",
            "C-Rust-FFI",
            "安装：Linux-版",
            "FAQ",
            "FAQ-1"
        ]
    );
    assert!(
        r.html.contains(
            "<h2 id=\"getting-started\"><span id=\"Getting-Started\"></span>Getting Started<a"
        ),
        "{}",
        r.html
    );
    assert_eq!(r.toc[0].text, "Getting Started");
}

#[test]
fn hugo_ids_are_kept_beside_boke_ids() {
    let r = with(
        |o| o.anchor_aliases = Some(boke_markdown::AnchorAliases::Hugo),
        DOC,
    );
    let (old, _) = old_and_own(&r.html);
    // Only the heading with marks inside differs: Hugo keeps `_` and a `-` for each space.
    assert_eq!(old, ["c--rust_ffi"]);
}

#[test]
fn no_old_ids_unless_asked() {
    let (old, _) = old_and_own(&md(DOC).html);
    assert!(old.is_empty());
}
