//! One small case per rule of DESIGN.md section 4, through the public `render`.

use boke_markdown::{Options, Rendered, Warning, render};

fn md(markdown: &str) -> Rendered {
    render(markdown, &Options::default())
}

fn with(options: impl FnOnce(&mut Options), markdown: &str) -> Rendered {
    let mut opts = Options::default();
    options(&mut opts);
    render(markdown, &opts)
}

#[test]
fn cjk_friendly_emphasis() {
    assert_eq!(
        md("**中文。**后文").html,
        "<p><strong>中文。</strong>后文</p>\n"
    );
    assert_eq!(
        md("**「引号」**后文").html,
        "<p><strong>「引号」</strong>后文</p>\n"
    );
}

#[test]
fn gfm_extensions() {
    let html = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 完成\n- [ ] 未完成\n\n~~删除~~ 注[^1]\n\n[^1]: 脚注。\n").html;
    assert!(
        html.contains("<table>") && html.contains("<td>1</td>"),
        "{html}"
    );
    assert!(
        html.contains("type=\"checkbox\"") && html.contains("checked"),
        "{html}"
    );
    assert!(html.contains("<del>删除</del>"), "{html}");
    assert!(
        html.contains("footnote") && html.contains("脚注。"),
        "{html}"
    );
    let html = md("见 https://example.com/a 与 www.example.org").html;
    assert!(
        html.contains("<a href=\"https://example.com/a\">https://example.com/a</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"http://www.example.org\">"),
        "{html}"
    );
}

#[test]
fn raw_html_only_when_allowed() {
    let markdown = "<div class=\"x\">块</div>\n\n行内<span>标签</span>\n";
    let html = md(markdown).html;
    assert!(html.contains("<div class=\"x\">块</div>") && html.contains("<span>标签</span>"));
    let html = with(|o| o.raw_html = false, markdown).html;
    assert!(!html.contains("<div") && !html.contains("<span>"), "{html}");
}

#[test]
fn soft_break_between_cjk_disappears() {
    assert_eq!(md("第一行\n第二行").html, "<p>第一行第二行</p>\n");
    assert_eq!(md("句号。\n「引号」").html, "<p>句号。「引号」</p>\n");
    assert_eq!(md("かな\nカナ").html, "<p>かなカナ</p>\n");
    // Emphasis and links around the break are looked through.
    assert_eq!(
        md("**粗体**\n*斜体*").html,
        "<p><strong>粗体</strong><em>斜体</em></p>\n"
    );
    assert_eq!(
        md("[链接](/a)\n后文").html,
        "<p><a href=\"/a\">链接</a>后文</p>\n"
    );
}

#[test]
fn soft_break_next_to_latin_or_hangul_stays() {
    assert_eq!(md("中文\nEnglish").html, "<p>中文\nEnglish</p>\n");
    assert_eq!(md("English\n中文").html, "<p>English\n中文</p>\n");
    assert_eq!(md("한국어\n한국어").html, "<p>한국어\n한국어</p>\n");
    assert_eq!(md("中文\n한국어").html, "<p>中文\n한국어</p>\n");
    // A hard break is the author's choice and stays.
    assert_eq!(md("中文  \n中文").html, "<p>中文<br />\n中文</p>\n");
}

#[test]
fn heading_ids_keep_cjk_and_are_unique() {
    let r = md("## 1. 大模型的范式转变：从Chat到做事\n\n## 结论\n\n### 结论\n\n## Hello, World!\n");
    let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1-大模型的范式转变从chat到做事",
            "结论",
            "结论-1",
            "hello-world"
        ]
    );
    assert_eq!(r.toc[2].level, 3);
    assert_eq!(r.toc[0].text, "1. 大模型的范式转变：从Chat到做事");
    assert!(r.html.starts_with(
        "<h2 id=\"1-大模型的范式转变从chat到做事\">1. 大模型的范式转变：从Chat到做事<a class=\"heading-anchor\" href=\"#1-大模型的范式转变从chat到做事\" aria-label=\"链接到本节: 1. 大模型的范式转变：从Chat到做事\">#</a></h2>\n"
    ), "{}", r.html);
    assert!(r.html.contains("<h3 id=\"结论-1\">"));
    // Deterministic: the same input gives the same ids.
    assert_eq!(
        r.toc,
        md("## 1. 大模型的范式转变：从Chat到做事\n\n## 结论\n\n### 结论\n\n## Hello, World!\n").toc
    );
}

#[test]
fn heading_text_is_escaped_in_attributes() {
    let r = md("## a \"q\" <b>\n");
    assert!(
        r.html
            .contains("aria-label=\"链接到本节: a &quot;q&quot; \"")
            || r.html.contains("&quot;q&quot;"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("\"q\"\""));
}

#[test]
fn title_extraction() {
    let r = with(|o| o.extract_title = true, "# 标题\n\n正文\n\n## 小节\n");
    assert_eq!(r.title.as_deref(), Some("标题"));
    assert!(!r.html.contains("<h1"), "{}", r.html);
    assert_eq!(r.toc.len(), 1);
    // Not first block: nothing is taken.
    let r = with(|o| o.extract_title = true, "正文\n\n# 标题\n");
    assert_eq!(r.title, None);
    assert!(r.html.contains("<h1"));
    // Off by default.
    let r = md("# 标题\n");
    assert_eq!(r.title, None);
    assert!(r.html.contains("<h1 id=\"标题\">"));
}

#[test]
fn autolink_stops_at_cjk_punctuation() {
    let html = md("链接https://x.com/路径。然后中文").html;
    assert_eq!(
        html,
        "<p>链接<a href=\"https://x.com/%E8%B7%AF%E5%BE%84\">https://x.com/路径</a>。然后中文</p>\n"
    );
    let html = md("访问 www.example.com，然后").html;
    assert_eq!(
        html,
        "<p>访问 <a href=\"http://www.example.com\">www.example.com</a>，然后</p>\n"
    );
    // Han in the path without punctuation is part of the address.
    let html = md("https://zh.wikipedia.org/wiki/博客 好").html;
    assert!(
        html.contains("https://zh.wikipedia.org/wiki/博客</a> 好"),
        "{html}"
    );
}

#[test]
fn counts_and_reading_time() {
    let r = md(
        "中文English混排，two words。\n\n```rust\nlet not_counted = 1;\n```\n\n    indented code\n\n用`inline code`\n",
    );
    // 中文混排用 = 5 Han; English, two, words, inline, code = 5.
    assert_eq!(r.word_count, 10);
    assert_eq!(r.reading_minutes, 1);
    assert!(!r.text.contains("not_counted") && !r.text.contains("indented"));
    assert!(
        r.code_text.contains("let not_counted = 1;\n") && r.code_text.contains("indented code\n")
    );
    assert!(r.text.contains("inline code"));

    let long = "字".repeat(1000);
    let r = with(|o| o.cjk_chars_per_minute = 300, &long);
    assert_eq!(r.word_count, 1000);
    assert_eq!(r.reading_minutes, 4);
}

#[test]
fn plain_text_has_no_markup() {
    let r = md("# 标题\n\n**粗**和[链接](/x)\n第二行\n\n- 列表\n");
    assert_eq!(r.text, "标题\n粗和链接第二行\n列表\n");
}

#[test]
fn more_marker_and_first_paragraph() {
    let r = md("第一段，很长的一段话。\n\n<!-- more -->\n\n后面的内容。\n");
    assert_eq!(
        r.more_html.as_deref(),
        Some("<p>第一段，很长的一段话。</p>\n")
    );
    assert!(!r.html.contains("more"), "{}", r.html);
    assert!(r.html.contains("后面的内容"));
    assert_eq!(r.first_paragraph, "第一段，很长的一段话。");
    // The marker works when raw HTML is off too.
    let r = with(|o| o.raw_html = false, "前\n\n<!-- more -->\n\n后\n");
    assert_eq!(r.more_html.as_deref(), Some("<p>前</p>\n"));

    let r = with(|o| o.summary_chars = 5, "## 标题\n\n探讨2026年人工智能。\n");
    assert_eq!(r.more_html, None);
    assert_eq!(r.first_paragraph, "探讨202…");
}

#[test]
fn lint_broken_bold() {
    let r = md("正常文字\n\n- ** healthcare**：AI辅助诊断\n- **金融**：风险评估\n");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let Warning {
        line,
        column,
        message,
    } = &r.warnings[0];
    assert_eq!((*line, *column), (3, 3));
    assert!(
        message.contains("`**` is followed by a space") && message.contains("`**healthcare**`"),
        "{message}"
    );
    // The text stays as written.
    assert!(
        r.html.contains("<li>** healthcare**：AI辅助诊断</li>"),
        "{}",
        r.html
    );
}

#[test]
fn lint_columns_count_characters() {
    let r = md("中文 *重点 * 后面\n");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!((r.warnings[0].line, r.warnings[0].column), (1, 4));
}

#[test]
fn lint_has_no_false_positives() {
    for markdown in [
        "2 * 3 = 6, 2 * 3 * 4 = 24",
        "`a ** b` and `** x**`",
        "```\n** healthcare**\n```",
        "\\** healthcare**",
        "snake_case_name __init__",
        "**金融**：风险评估",
    ] {
        assert!(
            md(markdown).warnings.is_empty(),
            "{markdown}: {:?}",
            md(markdown).warnings
        );
    }
}

#[test]
fn pangu_spacing_only_in_text() {
    let markdown = "用GPT写`代码x`，见https://x.com/a路径\n";
    let r = with(|o| o.pangu_spacing = true, markdown);
    assert!(
        r.html.starts_with("<p>用 GPT 写<code>代码x</code>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("href=\"https://x.com/a%E8%B7%AF%E5%BE%84\">https://x.com/a路径</a>"),
        "{}",
        r.html
    );
    assert!(!md(markdown).html.contains("用 GPT"));
}

#[test]
fn code_highlighting() {
    let r = md("```rust\nfn main() {}\n```\n\n```nosuchlang\n<x>\n```\n\n```\nplain\n```\n");
    assert!(
        r.html
            .contains("<pre class=\"hl-code\"><code class=\"language-rust\"><span class=\"hl-"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(
            "<pre><code class=\"language-nosuchlang\">&lt;x&gt;\n</code></pre>\n</figure>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("<pre><code>plain\n</code></pre>"));
    assert!(!r.html.contains("style="));
    let r = with(|o| o.highlight = false, "```rust\nfn main() {}\n```\n");
    assert!(
        r.html.contains(
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n</figure>\n"
        ),
        "{}",
        r.html
    );
    let css = boke_markdown::highlight_css();
    assert!(
        css.contains("@media (prefers-color-scheme: dark)")
            && css.contains("[data-theme=\"dark\"]")
    );
}

#[test]
fn render_is_usable_from_many_threads() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let options = Options::default();
    assert_send_sync(&options);
    let outputs: Vec<Rendered> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                scope.spawn(move || {
                    render(
                        &format!("## 第{i}节\n\n```rust\nlet x = {i};\n```\n"),
                        &Options::default(),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for (i, out) in outputs.iter().enumerate() {
        assert_eq!(out.toc[0].id, format!("第{i}节"));
        assert!(out.html.contains("hl-"));
    }
}
