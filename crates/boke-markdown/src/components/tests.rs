use super::*;

fn md(markdown: &str) -> Rendered {
    crate::render(markdown, &Options::default())
}

/// The HTML with each placeholder shown as `[name:body]`, bodies filled the same way.
fn shown(rendered: &Rendered) -> String {
    fn fill(html: &str, components: &[Component]) -> String {
        fill_placeholders(html, |i| -> Result<String, ()> {
            let component = &components[i];
            let body = component.body.as_deref().map(|b| fill(b, components));
            Ok(format!("[{}:{}]", component.name, body.unwrap_or_default()))
        })
        .unwrap_or_default()
    }
    fill(&rendered.html, &rendered.components)
}

#[test]
fn block_component_with_a_markdown_body() {
    let rendered = md(
        "前文。\n\n{{< note type=\"tip\" >}}\n**重要**的事。\n\n- 一\n- 二\n{{< /note >}}\n\n后文。\n",
    );
    assert_eq!(rendered.components.len(), 1);
    let note = &rendered.components[0];
    assert_eq!(note.name, "note");
    assert_eq!(note.args, vec![("type".into(), Arg::Text("tip".into()))]);
    assert_eq!((note.line, note.column), (3, 1));
    assert_eq!(
        note.body.as_deref(),
        Some("<p><strong>重要</strong>的事。</p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n")
    );
    assert_eq!(
        shown(&rendered),
        format!(
            "<p>前文。</p>\n[note:{}]\n<p>后文。</p>\n",
            note.body.as_deref().unwrap_or_default()
        )
    );
    assert!(rendered.text.contains("重要的事。"), "{}", rendered.text);
    assert!(rendered.errors.is_empty());
}

#[test]
fn block_component_next_to_paragraph_lines_is_taken_out_of_the_paragraph() {
    let rendered = md("上一行\n{{< figure src=\"a.png\" >}}\n下一行\n");
    assert_eq!(
        shown(&rendered),
        "<p>上一行</p>\n[figure:]\n<p>下一行</p>\n"
    );
    // A component alone in a paragraph is not the first paragraph of the summary.
    let rendered = md("{{< figure src=\"a.png\" />}}\n\n真正的第一段。\n");
    assert_eq!(rendered.first_paragraph, "真正的第一段。");
}

#[test]
fn inline_component_stays_in_its_paragraph() {
    let rendered = md("按 {{< kbd >}}Ctrl *C*{{< /kbd >}} 复制。\n");
    assert_eq!(shown(&rendered), "<p>按 [kbd:Ctrl <em>C</em>] 复制。</p>\n");
    assert_eq!(rendered.text.trim(), "按 Ctrl C 复制。");
}

#[test]
fn nested_components() {
    let rendered = md(
        "{{< tabs >}}\n{{< tab title=\"Rust\" >}}\n代码一\n{{< /tab >}}\n{{< tab title=\"Go\" >}}\n代码二\n{{< /tab >}}\n{{< /tabs >}}\n",
    );
    let names: Vec<&str> = rendered
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["tabs", "tab", "tab"]);
    assert_eq!(rendered.components[0].children, vec![1, 2]);
    assert_eq!(
        shown(&rendered),
        "[tabs:[tab:<p>代码一</p>\n]\n[tab:<p>代码二</p>\n]\n]\n"
    );
    assert_eq!(rendered.components[2].line, 5);
}

#[test]
fn never_expanded_in_code() {
    let markdown = "行内 `{{< note >}}` 代码。\n\n```\n{{< note >}}\n正文\n{{< /note >}}\n```\n\n    {{< figure src=\"x\" >}}\n";
    let rendered = md(markdown);
    assert!(rendered.components.is_empty());
    assert!(rendered.errors.is_empty());
    assert!(
        rendered.html.contains("<code>{{&lt; note &gt;}}</code>"),
        "{}",
        rendered.html
    );
    assert!(
        rendered.html.contains("{{&lt; /note &gt;}}\n"),
        "{}",
        rendered.html
    );
    assert!(
        rendered
            .html
            .contains("{{&lt; figure src=&quot;x&quot; &gt;}}"),
        "{}",
        rendered.html
    );
    // Inside a component's body too.
    let rendered = md("{{< note >}}\n```\n{{< /note >}}\n```\n{{< /note >}}\n");
    assert_eq!(rendered.components.len(), 1);
    assert!(
        shown(&rendered).contains("<code>{{&lt; /note &gt;}}\n</code>"),
        "{}",
        shown(&rendered)
    );
}

#[test]
fn escapes_write_the_syntax_as_text() {
    let rendered = md("写 {{</* note type=\"tip\" */>}} 就有提示框。\n");
    assert!(rendered.components.is_empty());
    assert_eq!(
        rendered.html,
        "<p>写 {{&lt; note type=&quot;tip&quot; &gt;}} 就有提示框。</p>\n"
    );
    assert_eq!(
        rendered.text.trim(),
        "写 {{< note type=\"tip\" >}} 就有提示框。"
    );
}

#[test]
fn without_a_closing_tag_there_is_no_body() {
    let rendered = md("{{< a >}}\n{{< b >}}\n中间\n{{< /a >}}\n");
    let a = &rendered.components[0];
    let b = &rendered.components[1];
    assert_eq!(b.body, None);
    assert_eq!(a.children, vec![1]);
    assert_eq!(shown(&rendered), "[a:[b:]\n<p>中间</p>\n]\n");
}

#[test]
fn malformed_tags_and_stray_closing_tags_are_errors_with_positions() {
    let rendered = md("第一行\n\n正文 {{< note type= >}} 和\n\n{{< /details >}}\n");
    let errors: Vec<(usize, usize)> = rendered.errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(errors, vec![(3, 18), (5, 1)], "{:?}", rendered.errors);
    assert!(rendered.errors[1].message.contains("no opening"));
}

#[test]
fn bodies_inside_lists_and_quotes_lose_the_container_prefix() {
    let rendered = md(
        "- 一项\n\n  {{< note >}}\n  - 里面的列表\n  {{< /note >}}\n\n> {{< note >}}\n> 引用里\n>\n> 第二段\n> {{< /note >}}\n",
    );
    assert_eq!(
        rendered.components[0].body.as_deref(),
        Some("<ul>\n<li>里面的列表</li>\n</ul>\n")
    );
    assert_eq!(
        rendered.components[1].body.as_deref(),
        Some("<p>引用里</p>\n<p>第二段</p>\n")
    );
}

#[test]
fn warnings_in_bodies_point_into_the_original() {
    let rendered = md("一\n\n{{< note >}}\n\n$\\frac{1$\n{{< /note >}}\n\n$\\sqrt{$\n");
    let lines: Vec<usize> = rendered.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![5, 8], "{:?}", rendered.warnings);
}

#[test]
fn code_block_html_is_a_fenced_block() {
    let html = crate::code_block_html("fn main() {}\n", "rust", &Options::default());
    let fenced = md("```rust\nfn main() {}\n```\n").html;
    assert_eq!(html, fenced);
}

#[test]
fn headings_in_bodies_never_repeat_an_id_of_the_page_or_of_each_other() {
    let rendered = md(
        "## 安装\n\n{{< tabs >}}\n{{< tab name=\"Linux\" >}}\n## 安装\n\n甲。\n{{< /tab >}}\n{{< tab name=\"macOS\" >}}\n## 安装\n\n乙。\n{{< /tab >}}\n{{< /tabs >}}\n\n## 用法\n",
    );
    let html = shown(&rendered);
    let ids: Vec<&str> = html
        .split("id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?} in {html}");
    assert!(ids.contains(&"安装") && ids.contains(&"用法"), "{ids:?}");
    assert_eq!(ids.iter().filter(|id| id.starts_with("安装")).count(), 3);
    // The page's own headings keep the ids the page would have without components.
    let toc: Vec<&str> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["安装", "用法"]);
}
