//! Components (`{{< name … >}}`) through `boke build`: the theme's built-in ones on parsed
//! HTML, a site's own template over the theme's, and the errors that stop a build with the
//! file, line and column of the tag.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use crate::common::{boke, write};

fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    html.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_owned()
}

fn attr<'a>(element: &ElementRef<'a>, name: &str) -> &'a str {
    element.value().attr(name).unwrap_or_default()
}

fn site_with(posts: &[(&str, &str)]) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(temp.path(), "boke.toml", "title = \"组件测试\"\n");
    for (path, text) in posts {
        write(temp.path(), path, text);
    }
    temp
}

fn build(root: &Path) -> (bool, String) {
    let output = boke(root, &["build"]);
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn page(root: &Path, path: &str) -> Html {
    let text = std::fs::read_to_string(root.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    Html::parse_document(&text)
}

const TARGET: &str =
    "---\ntitle: 被链接的文章\ndate: 2026-02-01\n---\n\n这是被链接文章的第一段，作为卡片摘要。\n";

#[test]
fn built_in_components_render_on_a_post() {
    let post = r#"---
title: 组件
date: 2026-03-01
---

开头的一段。

{{< note type="warning" title="小心" >}}
这里有 **加粗** 的内容。
{{< /note >}}

{{< note >}}
默认是说明。
{{< /note >}}

{{< details summary="点开看答案" open=true >}}
答案是 42。
{{< /details >}}

{{< tabs >}}
{{< tab title="Rust" >}}
第一个选项卡。
{{< /tab >}}
{{< tab title="Go" >}}
第二个选项卡。
{{< /tab >}}
{{< /tabs >}}

{{< figure src="chart.png" alt="图表" caption="图 1：增长" link="/big.png" width=320 >}}

{{< bilibili id="BV1xx411c7mD" p=2 t=30 >}}

{{< youtube id="dQw4w9WgXcQ" t=15 title="演示" >}}

{{< link to="posts/target.md" >}}

{{< link to="/posts/target/" text="换个名字" >}}

{{< include file="main.rs" lines="2-3" >}}

行内代码 `{{< note >}}` 不展开，写法是 {{</* note type="tip" */>}}。
"#;
    let site = site_with(&[
        ("content/posts/components/index.md", post),
        (
            "content/posts/components/main.rs",
            "// 第一行\nfn main() {\n    println!(\"你好\");\n}\n",
        ),
        ("content/posts/target.md", TARGET),
    ]);
    let (ok, stderr) = build(site.path());
    assert!(ok, "{stderr}");
    let html = page(site.path(), "posts/components/index.html");

    let notes = select(&html, ".post-content aside.note");
    assert_eq!(notes.len(), 2);
    assert!(attr(&notes[0], "class").contains("note-warning"));
    assert_eq!(
        text(&select(&html, "aside.note-warning .note-title")[0]),
        "小心"
    );
    assert_eq!(text(&select(&html, "aside.note-warning strong")[0]), "加粗");
    assert!(attr(&notes[1], "class").contains("note-info"));
    assert_eq!(
        text(&select(&html, "aside.note-info .note-title")[0]),
        "说明"
    );
    // The component is not put inside a paragraph.
    assert!(select(&html, "p aside, p div").is_empty());

    let details = select(&html, "details.details");
    assert_eq!(details.len(), 1);
    assert!(details[0].value().attr("open").is_some());
    assert_eq!(
        text(&select(&html, "details.details > summary")[0]),
        "点开看答案"
    );

    let tabs: Vec<String> = select(&html, ".tabs [role=tablist] [role=tab]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tabs, ["Rust", "Go"]);
    let panels = select(&html, ".tabs section.tab-panel");
    assert_eq!(panels.len(), 2);
    let first_tab = select(&html, ".tabs [role=tab]")[0];
    assert_eq!(attr(&first_tab, "aria-controls"), attr(&panels[0], "id"));
    assert_eq!(attr(&panels[0], "aria-labelledby"), attr(&first_tab, "id"));
    assert!(text(&panels[1]).contains("第二个选项卡。"));

    let image = select(&html, "figure.figure a[href='/big.png'] img")[0];
    assert_eq!(attr(&image, "src"), "chart.png");
    assert_eq!(attr(&image, "alt"), "图表");
    assert!(attr(&image, "style").contains("320px"));
    assert_eq!(
        text(&select(&html, "figure.figure figcaption")[0]),
        "图 1：增长"
    );

    // Videos: a link to the video page; the player URL waits in a data attribute.
    let bilibili = select(&html, ".video-bilibili a.video-poster")[0];
    assert_eq!(
        attr(&bilibili, "data-player"),
        "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&p=2&autoplay=0&danmaku=0&t=30"
    );
    assert!(attr(&bilibili, "href").starts_with("https://www.bilibili.com/video/BV1xx411c7mD/"));
    let youtube = select(&html, ".video-youtube a.video-poster")[0];
    assert!(
        attr(&youtube, "data-player")
            .starts_with("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    );
    assert!(attr(&youtube, "data-player").contains("start=15"));
    assert!(text(&youtube).contains("演示"));
    assert!(
        select(&html, "iframe").is_empty(),
        "no player before a click"
    );
    assert!(
        select(&html, "img")
            .iter()
            .all(|img| !attr(img, "src").starts_with("http")),
        "no remote image"
    );

    let cards = select(&html, "a.link-card");
    assert_eq!(cards.len(), 2);
    assert_eq!(attr(&cards[0], "href"), "/posts/target/");
    assert_eq!(
        text(&select(&html, "a.link-card .link-card-title")[0]),
        "被链接的文章"
    );
    assert_eq!(
        text(&select(&html, "a.link-card .link-card-title")[1]),
        "换个名字"
    );
    assert_eq!(
        attr(&select(&html, "a.link-card time")[0], "datetime"),
        "2026-02-01T00:00:00+08:00"
    );
    assert!(text(&select(&html, "a.link-card .link-card-summary")[0]).contains("作为卡片摘要"));

    let code = text(&select(&html, "figure.code-file pre code")[0]);
    assert_eq!(code, "fn main() {\n    println!(\"你好\");");
    assert!(
        !select(&html, "figure.code-file pre code span").is_empty(),
        "highlighted"
    );

    let inline: Vec<String> = select(&html, ".post-content p code")
        .iter()
        .map(text)
        .collect();
    assert!(inline.contains(&"{{< note >}}".to_owned()), "{inline:?}");
    let last = select(&html, ".post-content > p")
        .last()
        .map(text)
        .unwrap_or_default();
    assert!(
        last.ends_with("写法是 {{< note type=\"tip\" >}}。"),
        "{last}"
    );

    // Pages with components link their CSS and script; pages without do not.
    assert!(!select(&html, "link[href='/assets/components.css']").is_empty());
    assert!(!select(&html, "script[src='/assets/components.js']").is_empty());
    let plain = page(site.path(), "posts/target/index.html");
    assert!(select(&plain, "link[href='/assets/components.css']").is_empty());
    assert!(site.path().join("public/assets/components.js").is_file());
}

#[test]
fn a_site_template_overrides_the_theme_and_gets_args_and_body() {
    let site = site_with(&[
        (
            "content/posts/a.md",
            "---\ntitle: a\ndate: 2026-01-01\n---\n\n{{< note type=\"tip\" n=3 >}}\n正文 *斜体*\n{{< /note >}}\n\n{{< badge text=\"新\" />}}\n",
        ),
        (
            "templates/shortcodes/note.html",
            "<div class=\"my-note\" data-type=\"{{ args.type }}\" data-n=\"{{ args.n + 1 }}\" lang=\"{{ lang }}\">{{ body }}</div>",
        ),
        (
            "templates/shortcodes/badge.html",
            "{# requires: text #}<span class=\"badge\">{{ args.text }}</span>",
        ),
    ]);
    let (ok, stderr) = build(site.path());
    assert!(ok, "{stderr}");
    let html = page(site.path(), "posts/a/index.html");
    let note = select(&html, "div.my-note")[0];
    assert_eq!(attr(&note, "data-type"), "tip");
    assert_eq!(attr(&note, "data-n"), "4");
    assert_eq!(attr(&note, "lang"), "zh-CN");
    assert_eq!(text(&select(&html, "div.my-note > p > em")[0]), "斜体");
    assert!(select(&html, "aside.note").is_empty());
    assert_eq!(text(&select(&html, "span.badge")[0]), "新");
}

/// Each broken use stops the build with its file, line and column, and public/ stays.
#[test]
fn broken_components_fail_the_build_where_they_stand() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "{{< nota >}}",
            ":6:1",
            &[
                "unknown component `nota`",
                "did you mean `note`",
                "bilibili, details, figure",
            ],
        ),
        (
            "正文 {{< bilibili p=2 >}}",
            ":6:4",
            &["`bilibili` needs the argument `id`"],
        ),
        (
            "{{< note >}}\n没有结尾",
            ":6:1",
            &["`note` has no body", "{{< /note >}}"],
        ),
        (
            "图：{{< figure src=\"a.png\" captoin=\"说明\" >}}",
            ":6:3",
            &[
                "component `figure` has no argument `captoin`",
                "did you mean `caption`",
                "`src`, `alt`, `caption`, `link`, `width`",
            ],
        ),
        ("{{< note type=\"x >}}", ":6:15", &["no closing `\"`"]),
        ("{{< /details >}}", ":6:1", &["has no opening"]),
        (
            "{{< link to=\"posts/nope.md\" >}}",
            ":6:1",
            &["no published post or page at `posts/nope.md`"],
        ),
        (
            "{{< include file=\"missing.rs\" >}}",
            ":6:1",
            &["cannot read `posts/missing.rs`"],
        ),
    ];
    for (body, position, messages) in cases {
        let site = site_with(&[("content/posts/ok.md", TARGET)]);
        let (ok, stderr) = build(site.path());
        assert!(ok, "{stderr}");
        let before =
            std::fs::read(site.path().join("public/posts/ok/index.html")).unwrap_or_default();
        write(
            site.path(),
            "content/posts/bad.md",
            &format!("---\ntitle: 坏\ndate: 2026-01-01\n---\n\n{body}\n"),
        );
        let (ok, stderr) = build(site.path());
        assert!(!ok, "{body}: the build must fail");
        assert!(
            stderr.contains(&format!("content/posts/bad.md{position}")),
            "{body}: no {position} in {stderr}"
        );
        for message in *messages {
            assert!(
                stderr.contains(message),
                "{body}: no `{message}` in {stderr}"
            );
        }
        assert!(!site.path().join("public/posts/bad").exists(), "{body}");
        let after =
            std::fs::read(site.path().join("public/posts/ok/index.html")).unwrap_or_default();
        assert_eq!(before, after, "{body}: public/ changed");
    }
}

#[test]
fn posts_without_components_are_the_same_bytes_and_get_no_component_assets() {
    let site = site_with(&[("content/posts/target.md", TARGET)]);
    let (ok, stderr) = build(site.path());
    assert!(ok, "{stderr}");
    let text = std::fs::read_to_string(site.path().join("public/posts/target/index.html"))
        .unwrap_or_default();
    assert!(!text.contains("components."), "{text}");
}

/// A list page links the math and component assets when a summary it shows needs them, and
/// only then.
#[test]
fn lists_link_what_the_summaries_they_show_need() {
    let site = site_with(&[
        (
            "content/posts/2026-01-01-plain.md",
            "---\ntitle: 平常\ntags: [平常]\n---\n\n没有公式。\n",
        ),
        (
            "content/posts/2026-01-02-rich.md",
            "---\ntitle: 公式\ntags: [公式]\n---\n\n质能方程 $E = mc^2$。\n\n{{< note >}}\n注意。\n{{< /note >}}\n\n<!--more-->\n\n正文。\n",
        ),
    ]);
    let (ok, stderr) = build(site.path());
    assert!(ok, "{stderr}");
    let read = |path: &str| {
        std::fs::read_to_string(site.path().join("public").join(path)).unwrap_or_default()
    };
    for list in ["index.html", "tags/公式/index.html"] {
        let html = read(list);
        assert!(
            html.contains("<math"),
            "{list}: the summary shows the formula"
        );
        assert!(html.contains("/assets/math.css"), "{list}");
        assert!(html.contains("/assets/components.css"), "{list}");
        assert!(html.contains("/assets/components.js"), "{list}");
    }
    let plain = read("tags/平常/index.html");
    assert!(
        !plain.contains("math.css") && !plain.contains("components."),
        "{plain}"
    );
}

#[test]
fn boke_render_expands_components_with_the_site_templates() {
    use std::io::Write;
    let site = site_with(&[(
        "templates/shortcodes/badge.html",
        "{# requires: text #}<span class=\"badge\">{{ args.text }}</span>",
    )]);
    let run = |markdown: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_boke"))
            .arg("render")
            .current_dir(site.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(markdown.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, html, stderr) =
        run("# 标题\n\n新 {{< badge text=\"热\" />}}\n\n{{< note >}}\n正文\n{{< /note >}}\n");
    assert!(ok, "{stderr}");
    let html = Html::parse_fragment(&html);
    assert_eq!(text(&select(&html, "h1")[0]), "标题#");
    assert_eq!(text(&select(&html, "p > span.badge")[0]), "热");
    assert_eq!(
        text(&select(&html, "aside.note > p:not(.note-title)")[0]),
        "正文"
    );
    let (ok, _, stderr) = run("一\n\n{{< badge >}}\n");
    assert!(!ok);
    assert!(
        stderr.contains("<stdin>:3:1") && stderr.contains("`text`"),
        "{stderr}"
    );
}
