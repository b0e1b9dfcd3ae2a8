//! Issue 15: a single `~` is text (ranges such as `3~5 天`); only `~~x~~` strikes through.

mod common;

use common::{md, with};

#[test]
fn ranges_with_single_tildes_stay_text() {
    let rendered = md("快递需要 3~5 天送达，退款大约 7~10 个工作日。");
    assert_eq!(
        rendered.html,
        "<p>快递需要 3~5 天送达，退款大约 7~10 个工作日。</p>\n"
    );
    assert_eq!(
        rendered.text,
        "快递需要 3~5 天送达，退款大约 7~10 个工作日。\n"
    );
}

#[test]
fn single_tildes_around_markup_keep_the_markup() {
    assert_eq!(
        md("约 3~**5** 天，或 7~10 天").html,
        "<p>约 3~<strong>5</strong> 天，或 7~10 天</p>\n"
    );
    assert_eq!(md("H~2~O").html, "<p>H~2~O</p>\n");
    assert_eq!(
        md("`a~b~c` 与 a~b~c").html,
        "<p><code>a~b~c</code> 与 a~b~c</p>\n"
    );
}

#[test]
fn double_tildes_strike_through() {
    assert_eq!(
        md("~~删除~~ 与 3~5").html,
        "<p><del>删除</del> 与 3~5</p>\n"
    );
    assert_eq!(
        md("价格 ~~10~~ 元，3~5 天").html,
        "<p>价格 <del>10</del> 元，3~5 天</p>\n"
    );
}

#[test]
fn subscript_only_when_asked() {
    assert_eq!(
        with(|o| o.subscript = true, "H~2~O 与 ~~删~~").html,
        "<p>H<sub>2</sub>O 与 <del>删</del></p>\n"
    );
}

#[test]
fn restored_tildes_join_the_text_for_pangu_spacing() {
    assert_eq!(
        with(|o| o.pangu_spacing = true, "等待3~5天").html,
        "<p>等待 3~5 天</p>\n"
    );
}

#[test]
fn broken_emphasis_is_still_linted_after_a_tilde_range() {
    let rendered = md("3~5 天，** healthcare**：7~9");
    assert_eq!(rendered.warnings.len(), 1, "{:?}", rendered.warnings);
    assert_eq!(
        (rendered.warnings[0].line, rendered.warnings[0].column),
        (1, 7)
    );
}
