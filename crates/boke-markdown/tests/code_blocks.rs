//! Issue 15: code blocks take the info-string forms of Hugo, Zola and VitePress, and come out
//! as a `<figure class="code">` with the file name and language in its caption, line numbers
//! and marked lines as per-line spans, and highlighting kept.

mod common;

use common::{md, with};

/// The `<span class="line…">` openings, in order.
fn line_tags(html: &str) -> Vec<&str> {
    html.match_indices("<span class=\"line")
        .map(|(at, _)| {
            let rest = &html[at..];
            &rest[..rest.find('>').map_or(rest.len(), |end| end + 1)]
        })
        .collect()
}

#[test]
fn a_plain_fenced_block_is_a_figure_with_its_language() {
    let html = md("```python\nprint(1)\n```\n").html;
    assert!(
        html.starts_with(
            "<figure class=\"code\" data-lang=\"python\">\n<figcaption><span class=\"code-lang\">python</span></figcaption>\n<pre class=\"hl-code\"><code class=\"language-python\"><span class=\"hl-"
        ),
        "{html}"
    );
    assert!(html.ends_with("</code></pre>\n</figure>\n"), "{html}");
    assert!(!html.contains("class=\"line"), "{html}");
}

#[test]
fn hugo_form() {
    let html =
        md("```rust {hl_lines=[2] linenos=true}\nfn main() {\n    let x = 1;\n}\n```\n").html;
    assert!(html.contains("<code class=\"language-rust\">"), "{html}");
    assert!(html.contains("<span class=\"hl-"), "{html}");
    assert_eq!(
        line_tags(&html),
        [
            "<span class=\"line\" data-ln=\"1\">",
            "<span class=\"line marked\" data-ln=\"2\">",
            "<span class=\"line\" data-ln=\"3\">",
        ]
    );
}

#[test]
fn zola_form_keeps_its_highlighting() {
    let html = md("```rust,linenos,hl_lines=2\nfn a() {}\nfn b() {}\n```\n").html;
    assert!(!html.contains("language-rust,"), "{html}");
    assert!(
        html.contains("<pre class=\"hl-code\"><code class=\"language-rust\"><span class=\"line\" data-ln=\"1\"><span class=\"hl-"),
        "{html}"
    );
    assert_eq!(
        line_tags(&html),
        [
            "<span class=\"line\" data-ln=\"1\">",
            "<span class=\"line marked\" data-ln=\"2\">",
        ]
    );
}

#[test]
fn vitepress_form_with_a_file_name() {
    let html = md("```rust {2,4-5} title=\"src/main.rs\"\na\nb\nc\nd\ne\nf\n```\n").html;
    assert!(
        html.contains(
            "<figcaption><span class=\"code-title\">src/main.rs</span><span class=\"code-lang\">rust</span></figcaption>"
        ),
        "{html}"
    );
    let marked: Vec<bool> = line_tags(&html)
        .iter()
        .map(|tag| tag.contains("marked"))
        .collect();
    assert_eq!(marked, [false, true, false, true, true, false]);
    assert!(!html.contains("data-ln"), "{html}");
}

#[test]
fn every_line_is_balanced_even_inside_a_multiline_string() {
    let html = md("```rust {linenos=true}\nlet s = \"a\nb\";\n```\n").html;
    let code = &html[html.find("<code").unwrap_or(0)..];
    for line in code
        .lines()
        .filter(|line| line.starts_with("<span class=\"line"))
    {
        assert_eq!(
            line.matches("<span").count(),
            line.matches("</span>").count(),
            "{line}"
        );
    }
    assert_eq!(line_tags(&html).len(), 2, "{html}");
}

#[test]
fn first_line_number_and_unknown_languages() {
    let html = md("```nosuchlang {linenos=true linenostart=41}\n<a>\nb\n```\n").html;
    assert!(
        html.contains(
            "<pre><code class=\"language-nosuchlang\"><span class=\"line\" data-ln=\"41\">&lt;a&gt;</span>\n<span class=\"line\" data-ln=\"42\">b</span>\n</code></pre>"
        ),
        "{html}"
    );
}

#[test]
fn titles_and_languages_are_escaped() {
    let html = md("```x\"y title=\"<b>&\"\ncode\n```\n").html;
    assert!(html.contains("data-lang=\"x&quot;y\""), "{html}");
    assert!(
        html.contains("<span class=\"code-title\">&lt;b&gt;&amp;</span>"),
        "{html}"
    );
    assert!(!html.contains("<b>"), "{html}");
}

#[test]
fn options_work_without_highlighting_and_blocks_without_info_stay_plain() {
    let html = with(|o| o.highlight = false, "```rust {1}\nfn main() {}\n```\n").html;
    assert!(
        html.contains("<pre><code class=\"language-rust\"><span class=\"line marked\">fn main() {}</span>\n</code></pre>"),
        "{html}"
    );
    assert_eq!(
        md("```\nplain\n```\n").html,
        "<pre><code>plain\n</code></pre>\n"
    );
    assert_eq!(
        md("    indented\n").html,
        "<pre><code>indented\n</code></pre>\n"
    );
}
