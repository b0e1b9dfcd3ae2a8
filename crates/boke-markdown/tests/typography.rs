//! Issue 15: typography options — curly quotes in CJK context (default on), `:emoji:` short
//! codes (opt-in), hard line breaks (opt-in).

mod common;

use common::{md, with};

#[test]
fn quotes_around_chinese_open_and_close() {
    assert_eq!(
        md("AI正在从\"能说会道\"向\"能做事\"的方向发展。").html,
        "<p>AI正在从“能说会道”向“能做事”的方向发展。</p>\n"
    );
    assert_eq!(md("\"能说会道\"").html, "<p>“能说会道”</p>\n");
    assert_eq!(
        md("他说'好'，又说\"可以\"。").html,
        "<p>他说‘好’，又说“可以”。</p>\n"
    );
}

#[test]
fn latin_quotes_next_to_chinese_curl_too() {
    assert_eq!(
        md("他写道\"hello world\"，然后走了。").html,
        "<p>他写道“hello world”，然后走了。</p>\n"
    );
    assert_eq!(
        md("He said \"你好\" twice.").html,
        "<p>He said “你好” twice.</p>\n"
    );
}

#[test]
fn latin_only_quotes_and_apostrophes_stay_straight() {
    assert_eq!(
        md("He said \"hi\" and it's fine.").html,
        "<p>He said &quot;hi&quot; and it's fine.</p>\n"
    );
    assert_eq!(
        md("中文里的 it's 与 don't").html,
        "<p>中文里的 it's 与 don't</p>\n"
    );
}

#[test]
fn quotes_across_markup_pair_up() {
    assert_eq!(
        md("称为\"**大模型**\"的东西").html,
        "<p>称为“<strong>大模型</strong>”的东西</p>\n"
    );
    assert_eq!(md("第一行\"引\n号\"结束").html, "<p>第一行“引号”结束</p>\n");
}

#[test]
fn code_math_and_attributes_keep_straight_quotes() {
    let html = md(
        "代码`\"字符串\"`与\n\n```\nprint(\"中文\")\n```\n\n[链接](/a \"标题\")和$\\text{\"中\"}$",
    )
    .html;
    assert!(html.contains("<code>&quot;字符串&quot;</code>"), "{html}");
    assert!(
        html.contains("<pre><code>print(&quot;中文&quot;)"),
        "{html}"
    );
    assert!(html.contains("title=\"标题\""), "{html}");
    assert!(html.contains("\\text{\"中\"}</annotation>"), "{html}");
    assert!(!html.contains('“'), "{html}");
}

#[test]
fn blocks_pair_their_own_quotes() {
    assert_eq!(
        md("开头\"没有结束\n\n另一段\"新的\"").html,
        "<p>开头“没有结束</p>\n<p>另一段“新的”</p>\n"
    );
    assert_eq!(md("结束了\"").html, "<p>结束了”</p>\n");
}

#[test]
fn quotes_can_be_turned_off() {
    assert_eq!(
        with(|o| o.cjk_quotes = false, "\"能说会道\"").html,
        "<p>&quot;能说会道&quot;</p>\n"
    );
}

#[test]
fn emoji_short_codes_when_asked() {
    assert_eq!(md("好 :smile:").html, "<p>好 :smile:</p>\n");
    let r = with(
        |o| o.emoji = true,
        "好 :smile: 与 :no_such_emoji: 和 `:smile:`",
    );
    assert_eq!(
        r.html,
        "<p>好 😄 与 :no_such_emoji: 和 <code>:smile:</code></p>\n"
    );
    assert!(r.text.contains("好 😄 与"), "{:?}", r.text);
}

#[test]
fn hard_breaks_when_asked() {
    assert_eq!(md("第一行\n第二行").html, "<p>第一行第二行</p>\n");
    assert_eq!(
        with(|o| o.hard_breaks = true, "第一行\n第二行\nthird").html,
        "<p>第一行<br />\n第二行<br />\nthird</p>\n"
    );
}
