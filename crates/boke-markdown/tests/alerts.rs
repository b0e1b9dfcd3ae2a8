//! Issue 15: GitHub alerts with Chinese or English default titles, custom titles, and foldable
//! alerts as `<details>`.

mod common;

use common::{md, with};

#[test]
fn each_kind_has_its_chinese_title() {
    for (marker, class, title) in [
        ("NOTE", "note", "注意"),
        ("TIP", "tip", "提示"),
        ("IMPORTANT", "important", "重要"),
        ("WARNING", "warning", "警告"),
        ("CAUTION", "caution", "小心"),
    ] {
        let html = md(&format!("> [!{marker}]\n> 正文第一行\n> 第二行\n")).html;
        assert_eq!(
            html,
            format!(
                "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n<p>正文第一行第二行</p>\n</div>\n"
            ),
            "{marker}"
        );
    }
}

#[test]
fn english_pages_get_english_titles() {
    let html = with(|o| o.language = "en".into(), "> [!WARNING]\n> Careful.\n").html;
    assert!(
        html.contains("<p class=\"alert-title\">Warning</p>"),
        "{html}"
    );
    let html = with(|o| o.language = "zh-Hant-TW".into(), "> [!tip]\n> 小心。\n").html;
    assert!(html.contains("<p class=\"alert-title\">提示</p>"), "{html}");
}

#[test]
fn written_title_replaces_the_default() {
    let html = md("> [!TIP] 小技巧：**先读** `README`\n> 正文。\n").html;
    assert_eq!(
        html,
        "<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">小技巧：<strong>先读</strong> <code>README</code></p>\n<p>正文。</p>\n</div>\n"
    );
}

#[test]
fn foldable_alerts_are_details() {
    let html = md("> [!NOTE]-\n> 折叠的内容。\n").html;
    assert_eq!(
        html,
        "<details class=\"alert alert-note\">\n<summary class=\"alert-title\">注意</summary>\n<p>折叠的内容。</p>\n</details>\n"
    );
    let html = md("> [!WARNING]+ 展开的标题\n> 内容。\n").html;
    assert_eq!(
        html,
        "<details class=\"alert alert-warning\" open>\n<summary class=\"alert-title\">展开的标题</summary>\n<p>内容。</p>\n</details>\n"
    );
}

#[test]
fn alert_body_holds_blocks_and_nests_in_lists() {
    let html = md("- 项目\n\n  > [!IMPORTANT]\n  > - 一\n  > - 二\n  >\n  > ```rust\n  > fn main() {}\n  > ```\n").html;
    assert!(
        html.contains("<li>\n<p>项目</p>\n<div class=\"alert alert-important\" role=\"note\">"),
        "{html}"
    );
    assert!(html.contains("<li>一</li>"), "{html}");
    assert!(html.contains("<code class=\"language-rust\">"), "{html}");
}

#[test]
fn unknown_kinds_and_plain_quotes_stay_quotes() {
    let html = md("> [!INFO] 标题\n> 内容。\n").html;
    assert_eq!(
        html,
        "<blockquote>\n<p>[!INFO] 标题</p>\n<p>内容。</p>\n</blockquote>\n"
    );
    let html = md("> 普通引用 [!NOTE]\n").html;
    assert_eq!(
        html,
        "<blockquote>\n<p>普通引用 [!NOTE]</p>\n</blockquote>\n"
    );
}

#[test]
fn alert_text_is_in_plain_text() {
    let r = md("> [!TIP] 小技巧\n> 正文。\n");
    assert!(
        r.text.contains("小技巧") && r.text.contains("正文。"),
        "{:?}",
        r.text
    );
}
