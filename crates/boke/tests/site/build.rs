//! `boke build` on the example blog and on broken sites: the seed post published right, and
//! failures that explain themselves and leave the previous output alone.

use crate::common::{boke, copy_site, example_blog, files_under, is_han, write};
use scraper::{Html, Selector};

const SEED: &str =
    include_str!("../../../../examples/blog/content/posts/2026-01-05-2026-ai-trends.md");

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector).collect()
}

fn text_of(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect()
}

/// Han characters plus runs of Latin letters/digits, counted straight from the Markdown.
fn count_source_words(markdown: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in markdown.chars() {
        if is_han(c) {
            count += 1;
            in_word = false;
        } else if c.is_ascii_alphanumeric() {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    count
}

#[test]
fn example_blog_builds_and_the_seed_post_is_right() {
    let site = copy_site(&example_blog());
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "build failed: {stderr}");

    // The seed's line 77 is reported with file, line and why.
    assert!(
        stderr.contains("content/posts/2026-01-05-2026-ai-trends.md:77:")
            && stderr.contains("will not be bold"),
        "no line-77 warning in: {stderr}"
    );

    let page = std::fs::read_to_string(site.path().join("public/posts/2026-ai-trends/index.html"))
        .expect("seed post page");
    let html = Html::parse_document(&page);

    let h1: Vec<String> = select(&html, "h1").iter().map(text_of).collect();
    assert_eq!(h1, ["2026年AI发展趋势"], "one h1 with the title");
    let title = select(&html, "title")
        .first()
        .map(text_of)
        .unwrap_or_default();
    assert!(title.starts_with("2026年AI发展趋势"), "{title}");
    // The title is not repeated inside the body.
    let body = select(&html, ".post-content")
        .first()
        .map(|e| e.html())
        .expect("the post has a .post-content");
    assert!(!body.contains("2026年AI发展趋势"), "title repeated in body");

    assert!(page.contains("<strong>Agent能力的提升</strong>"));
    // The line that cannot be bold stays as written.
    assert!(page.contains("** healthcare**"));

    let ids: Vec<String> = select(&html, ".post-content h2[id]")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_owned))
        .collect();
    let numbered: Vec<&String> = ids
        .iter()
        .filter(|id| id.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(numbered.len(), 8, "{ids:?}");
    assert!(numbered.iter().all(|id| id.chars().any(is_han)), "{ids:?}");
    assert_eq!(
        ids.first().map(String::as_str),
        Some("1-大模型的范式转变从chat到做事")
    );

    // Word count within 5% of Han characters + Latin words in the source body.
    let body_markdown = SEED.split_once('\n').map_or(SEED, |(_, rest)| rest);
    let expected = count_source_words(body_markdown) as f64;
    let words = select(&html, ".post-header .post-words")
        .first()
        .map(text_of)
        .unwrap_or_default();
    let shown: f64 = words
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    assert!(
        (shown - expected).abs() / expected < 0.05,
        "shown {shown}, counted {expected}"
    );
    let reading = select(&html, ".post-header .post-reading-time")
        .first()
        .map(text_of)
        .unwrap_or_default();
    assert!(
        reading.contains("分钟") && reading.chars().any(|c| c.is_ascii_digit()),
        "{reading}"
    );
}

#[test]
fn no_soft_break_space_between_chinese_anywhere() {
    let site = copy_site(&example_blog());
    assert!(boke(site.path(), &["build"]).status.success());
    let public = site.path().join("public");
    for file in files_under(&public) {
        if file.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(public.join(&file)).unwrap_or_default();
        let document = Html::parse_document(&html);
        for paragraph in select(&document, "p, li") {
            let text: String = paragraph.text().collect();
            let chars: Vec<char> = text.chars().collect();
            for window in chars.windows(3) {
                let broken = is_han(window[0]) && window[1] == '\n' && is_han(window[2]);
                assert!(
                    !broken,
                    "{}: line break between Chinese in {text:?}",
                    file.display()
                );
            }
        }
    }
    // The example's wrapped Chinese paragraph is joined without a space.
    let post =
        std::fs::read_to_string(public.join("posts/rust-tokenizer/index.html")).unwrap_or_default();
    assert!(
        post.contains("中文没有空格，搜索引擎要先把句子切成词。这篇文章"),
        "soft break kept"
    );
}

#[test]
fn render_command_uses_cjk_friendly_emphasis() {
    let temp = tempfile::tempdir().expect("temp");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_boke"))
        .arg("render")
        .current_dir(temp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("**中文。**后文".as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "<p><strong>中文。</strong>后文</p>\n"
    );
}

fn small_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp");
    write(
        temp.path(),
        "boke.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        temp.path(),
        "content/posts/2026-01-01-a.md",
        "# 甲\n\n正文。\n",
    );
    write(
        temp.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\n---\n正文。\n",
    );
    temp
}

#[test]
fn broken_posts_fail_with_every_error_and_keep_public_intact() {
    let site = small_site();
    assert!(boke(site.path(), &["build"]).status.success());
    let public = site.path().join("public");
    let before = snapshot(&public);

    write(
        site.path(),
        "content/posts/2026-01-01-a.md",
        "---\ntitle: 甲\ndate: 2026-13-40\n---\n正文\n",
    );
    write(
        site.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\ntags: [unclosed\n---\n正文\n",
    );
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/posts/2026-01-01-a.md:3:"),
        "first error: {stderr}"
    );
    assert!(
        stderr.contains("content/posts/2026-01-02-b.md:"),
        "second error: {stderr}"
    );
    assert!(stderr.contains("2 errors"), "{stderr}");

    assert_eq!(
        before,
        snapshot(&public),
        "public/ changed after a failed build"
    );
    assert_no_staging_left(site.path());
}

#[test]
fn math_renders_to_mathml_and_only_its_pages_link_the_math_css() {
    let site = small_site();
    write(
        site.path(),
        "content/posts/2026-01-01-a.md",
        "# 甲\n\n公式 $E=mc^2$，价格 $5 到 $10。\n\n坏的 $\\frac{1}{$\n",
    );
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/posts/2026-01-01-a.md:5:") && stderr.contains("does not parse"),
        "{stderr}"
    );
    let public = site.path().join("public");
    let with_math = std::fs::read_to_string(public.join("posts/a/index.html")).expect("post a");
    let without = std::fs::read_to_string(public.join("posts/b/index.html")).expect("post b");
    assert!(with_math.contains("<math><semantics>"), "{with_math}");
    assert!(with_math.contains("价格 $5 到 $10。"), "{with_math}");
    assert!(with_math.contains("href=\"/assets/math.css\""));
    assert!(!without.contains("math.css"));
    let css = std::fs::read_to_string(public.join("assets/math.css")).expect("math.css");
    assert!(css.contains("math {"), "{css}");
}

#[test]
fn alert_titles_follow_the_page_language() {
    let site = small_site();
    write(
        site.path(),
        "content/posts/2026-01-01-a.md",
        "# 甲\n\n> [!NOTE]\n> 中文页面。\n",
    );
    write(
        site.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: B\nlang: en\n---\n> [!NOTE]\n> An English page.\n",
    );
    let output = boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = site.path().join("public");
    let chinese = std::fs::read_to_string(public.join("posts/a/index.html")).expect("post a");
    let english = std::fs::read_to_string(public.join("posts/b/index.html")).expect("post b");
    assert!(
        chinese.contains("<p class=\"alert-title\">注意</p>"),
        "{chinese}"
    );
    assert!(
        english.contains("<p class=\"alert-title\">Note</p>"),
        "{english}"
    );
}

#[test]
fn markdown_typography_options_come_from_the_config() {
    let site = small_site();
    write(
        site.path(),
        "content/posts/2026-01-01-a.md",
        "# 甲\n\n他说\"能说会道\" :smile:\n第二行\n\n==重点==\n\n术语\n: 解释\n",
    );
    let build_post = |site: &std::path::Path| {
        let output = boke(site, &["build"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(site.join("public/posts/a/index.html")).expect("post a")
    };
    let defaults = build_post(site.path());
    assert!(
        defaults.contains("<p>他说“能说会道” :smile:\n第二行</p>")
            && defaults.contains("<p>==重点==</p>")
            && !defaults.contains("<dl>"),
        "{defaults}"
    );
    write(
        site.path(),
        "boke.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\n\n[markdown]\ncjk_quotes = false\nemoji = true\nhard_breaks = true\nmark = true\ndefinition_lists = true\n",
    );
    let chosen = build_post(site.path());
    assert!(
        chosen.contains("<p>他说&quot;能说会道&quot; 😄<br />\n第二行</p>")
            && chosen.contains("<p><mark>重点</mark></p>")
            && chosen.contains("<dt>术语</dt>"),
        "{chosen}"
    );
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

fn assert_no_staging_left(root: &std::path::Path) {
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging dirs left: {leftovers:?}");
}

/// Output is written batch by batch while rendering; a template that fails after many pages
/// were already written must still leave public/ exactly as it was.
#[test]
fn a_template_error_after_written_batches_keeps_public_intact() {
    let site = small_site();
    for n in 0..600 {
        write(
            site.path(),
            &format!("content/posts/2025-01-01-p{n}.md"),
            &format!(
                "---\ntitle: 第{n}篇\ntags: [标签{}]\n---\n正文{n}。\n",
                n % 7
            ),
        );
    }
    assert!(boke(site.path(), &["build"]).status.success());
    let public = site.path().join("public");
    let before = snapshot(&public);
    assert!(before.len() > 600, "{} files", before.len());

    write(
        site.path(),
        "content/posts/2025-01-01-p0.md",
        "---\ntitle: 改过的第0篇\ntags: [标签0]\n---\n新的正文。\n",
    );
    write(
        site.path(),
        "templates/term.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ term.nmae | upper }}\n{% endblock %}\n",
    );
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("term.html:3"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&public),
        "public/ changed after a failed build"
    );
    assert_no_staging_left(site.path());
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = small_site();
    write(
        site.path(),
        "templates/post.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.titel | upper }}\n{% endblock %}\n",
    );
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates/post.html:3:"), "{stderr}");
    assert!(stderr.contains("undefined"), "{stderr}");

    write(
        site.path(),
        "templates/post.html",
        "{% extends \"nothing.html\" %}\n",
    );
    let stderr = String::from_utf8_lossy(&boke(site.path(), &["build"]).stderr).into_owned();
    assert!(stderr.contains("nothing.html"), "{stderr}");
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let site = small_site();
    write(
        site.path(),
        "boke.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\npost_per_page = 5\n",
    );
    let output = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("boke.toml:3:1"), "{stderr}");
    assert!(
        stderr.contains("did you mean `posts_per_page`?"),
        "{stderr}"
    );
}

#[test]
fn init_and_new_make_a_site_that_builds() {
    let temp = tempfile::tempdir().expect("temp");
    assert!(boke(temp.path(), &["init", "blog"]).status.success());
    let root = temp.path().join("blog");
    let output = boke(&root, &["new", "大模型的新进展"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(created.ends_with("-大模型的新进展.md"), "{created}");
    let text = std::fs::read_to_string(root.join(&created)).unwrap_or_default();
    assert!(
        text.contains("title: \"大模型的新进展\"") && text.contains("draft: true"),
        "{text}"
    );
    let output = boke(&root, &["build", "--drafts"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(root.join("public/posts/大模型的新进展/index.html").exists());
    assert!(root.join("public/posts/hello/index.html").exists());
}
