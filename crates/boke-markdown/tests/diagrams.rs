//! Issue 15: ```mermaid blocks become inline SVG at build time (feature `diagrams`); label
//! boxes fit Chinese text; a broken diagram is a warning and stays code; other posts are
//! untouched.

mod common;

use common::md;

#[cfg(feature = "diagrams")]
mod with_diagrams {
    use super::md;
    use scraper::{ElementRef, Html, Selector};

    /// The SVG's base font size: the renderer writes `font-size="14"` on the root.
    const FONT_SIZE: f64 = 14.0;

    fn select<'h>(html: &'h Html, css: &str) -> Vec<ElementRef<'h>> {
        let selector = Selector::parse(css).expect("valid selector");
        html.select(&selector).collect()
    }

    /// The width a label needs: a Han character is one em wide, a Latin one about 0.6 em.
    fn needed_width(text: &str) -> f64 {
        text.chars()
            .map(|c| if c.len_utf8() >= 3 { 1.0 } else { 0.6 })
            .sum::<f64>()
            * FONT_SIZE
    }

    fn number(element: &ElementRef<'_>, attribute: &str) -> f64 {
        element
            .value()
            .attr(attribute)
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| panic!("{attribute} on {:?}", element.value()))
    }

    /// Each node label of a flowchart with the box drawn just before it.
    fn boxed_labels(html: &Html) -> Vec<(String, f64)> {
        select(html, "figure.diagram svg text")
            .into_iter()
            .filter_map(|text| {
                let rect = text
                    .prev_siblings()
                    .filter_map(ElementRef::wrap)
                    .next()
                    .filter(|element| element.value().name() == "rect")?;
                Some((text.text().collect::<String>(), number(&rect, "width")))
            })
            .collect()
    }

    const FLOWCHART: &str = "前言。\n\n```mermaid\nflowchart TD\n  A[开始处理] --> B{检查输入是否合法}\n  B -->|是| C[abcd]\n  B -->|否| D[返回错误]\n```\n";

    #[test]
    fn flowchart_with_chinese_labels_fits_its_text() {
        let r = md(FLOWCHART);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let html = Html::parse_fragment(&r.html);
        let figures = select(&html, "figure.diagram[role=img]");
        assert_eq!(figures.len(), 1, "{}", r.html);
        // Without a title, the first labels name the diagram.
        let name = figures[0].value().attr("aria-label").unwrap_or_default();
        assert_eq!(name.split('、').count(), 3, "{name}");
        assert!(name.contains("开始处理"), "{name}");
        assert!(select(&html, "pre").is_empty(), "{}", r.html);
        let labels = boxed_labels(&html);
        let texts: Vec<&str> = labels.iter().map(|(text, _)| text.as_str()).collect();
        assert!(
            texts.contains(&"开始处理") && texts.contains(&"abcd"),
            "{texts:?}"
        );
        for (text, width) in &labels {
            assert!(
                *width >= needed_width(text),
                "box of {text} is {width} wide, needs {}",
                needed_width(text)
            );
        }
        let width_of = |wanted: &str| {
            labels
                .iter()
                .find(|(text, _)| text == wanted)
                .map(|(_, width)| *width)
                .unwrap_or_default()
        };
        // Four Han characters take about twice the room of four Latin letters.
        assert!(width_of("开始处理") - width_of("abcd") >= 2.0 * 0.4 * FONT_SIZE);
        // The source is kept for search, not the SVG.
        assert!(r.code_text.contains("A[开始处理]"), "{}", r.code_text);
        assert!(!r.text.contains("svg"), "{}", r.text);
    }

    #[test]
    fn colours_follow_the_theme_variables() {
        let r = md(FLOWCHART);
        let svg = &r.html[r.html.find("<svg").expect("an svg")..];
        assert!(svg.contains("var(--fg"), "{svg}");
        assert!(svg.contains("var(--surface"), "{svg}");
        assert!(!svg.contains("#ECECFF") && !svg.contains("#333\""), "{svg}");
    }

    #[test]
    fn sequence_diagram_and_unique_ids() {
        let source = "```mermaid\nsequenceDiagram\n  title 登录流程\n  用户->>服务器: 提交密码\n  服务器-->>用户: 返回令牌\n```\n\n```mermaid\nsequenceDiagram\n  甲->>乙: 你好\n```\n";
        let r = md(source);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let html = Html::parse_fragment(&r.html);
        let figures = select(&html, "figure.diagram");
        assert_eq!(figures.len(), 2, "{}", r.html);
        let name = figures[0].value().attr("aria-label").unwrap_or_default();
        assert!(name.starts_with("登录流程"), "{name}");
        let texts: String = select(&html, "figure.diagram svg text")
            .iter()
            .flat_map(|text| text.text())
            .collect();
        for label in ["用户", "服务器", "提交密码", "返回令牌", "你好"] {
            assert!(texts.contains(label), "{label} in {texts}");
        }
        let ids: Vec<&str> = select(&html, "[id]")
            .iter()
            .filter_map(|element| element.value().attr("id"))
            .collect();
        assert!(!ids.is_empty());
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        for reference in r.html.split("url(#").skip(1) {
            let id = reference.split(')').next().unwrap_or_default();
            assert!(ids.contains(&id), "url(#{id}) points nowhere");
        }
    }

    #[test]
    fn a_front_matter_title_names_the_diagram() {
        let r =
            md("```mermaid\n---\ntitle: 审批流程\n---\nflowchart LR\n  A[提交] --> B[审批]\n```\n");
        let html = Html::parse_fragment(&r.html);
        let figures = select(&html, "figure.diagram");
        assert_eq!(figures.len(), 1, "{}", r.html);
        assert_eq!(figures[0].value().attr("aria-label"), Some("审批流程"));
    }

    #[test]
    fn broken_diagram_is_a_warning_with_its_line_and_stays_code() {
        let r = md("一段。\n\n```mermaid\nflowchart TD\n  A[开始] --> \n  B[[[\n```\n");
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        let warning = &r.warnings[0];
        assert!((4..=6).contains(&warning.line), "{warning:?}");
        assert!(warning.message.contains("diagram"), "{warning:?}");
        let html = Html::parse_fragment(&r.html);
        assert!(select(&html, "figure.diagram").is_empty());
        let code = select(&html, "figure.code pre code.language-mermaid");
        assert_eq!(code.len(), 1, "{}", r.html);
        assert!(code[0].text().collect::<String>().contains("A[开始]"));
    }

    #[test]
    fn unknown_diagram_type_is_warned_on_its_first_line() {
        let r = md("```mermaid\n不是图表\n```\n");
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.warnings[0].line, 2, "{:?}", r.warnings);
        assert!(r.html.contains("language-mermaid"), "{}", r.html);
    }
}

/// Posts without ```mermaid get exactly the code blocks they had: the same HTML as the
/// same block rendered alone, before any diagram is on the page.
#[test]
fn other_code_blocks_are_untouched() {
    let rust = "```rust\nfn main() {}\n```\n";
    let alone = md(rust).html;
    let r = md(&format!(
        "文字。\n\n{rust}\n```text\nmermaid 只是一个词\n```\n"
    ));
    assert!(r.html.contains(&alone), "{}", r.html);
    assert!(!r.html.contains("<svg"), "{}", r.html);
    assert!(!r.html.contains("diagram"), "{}", r.html);
}

#[cfg(not(feature = "diagrams"))]
#[test]
fn without_the_feature_mermaid_stays_a_code_block() {
    let r = md("```mermaid\nflowchart TD\n  A --> B\n```\n");
    assert!(
        r.html.contains("<code class=\"language-mermaid\">"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<svg"), "{}", r.html);
    assert!(r.warnings.is_empty());
}
