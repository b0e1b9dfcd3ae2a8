//! `boke check` through the binary: the example blog's known warning and no false alarms; a
//! broken link and a broken Chinese anchor named with their file.

use std::path::Path;
use std::process::Command;

use crate::common::write;

fn check(root: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_boke"))
        .args(["check", "--root"])
        .arg(root)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

#[test]
fn example_blog_warns_about_line_77_and_nothing_is_broken() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog");
    let (success, output) = check(&root);
    assert!(
        output.contains("warning: content/posts/2026-01-05-2026-ai-trends.md:77:"),
        "{output}"
    );
    assert!(output.contains("healthcare"), "{output}");
    // Every link resolves: the posts' own (percent-encoded Chinese ones included) and the
    // theme's (feeds, search script, canonical URLs on the site's base URL).
    assert!(success, "{output}");
    assert!(
        !output.lines().any(|line| line.starts_with("error:")),
        "{output}"
    );
    assert!(!output.contains("missing image"), "{output}");
}

#[test]
fn broken_link_and_chinese_anchor_fail_with_file_and_link() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"链接\"\n");
    write(
        root,
        "content/posts/2026-01-02-links.md",
        "---\ntitle: 链接\ndescription: 链接测试\n---\n\n\
         [好的](/posts/%E4%B8%AD%E6%96%87/#%E7%AC%AC%E4%B8%80%E8%8A%82)\n\n\
         [也好](/posts/中文/#第一节)\n\n\
         [坏的链接](/posts/nope/)\n\n\
         [坏的锚点](/posts/%E4%B8%AD%E6%96%87/#%E7%AC%AC%E4%B9%9D%E8%8A%82)\n",
    );
    write(
        root,
        "content/posts/中文.md",
        "---\ntitle: 中文\ndate: 2026-01-01\ndescription: 目标\n---\n\n## 第一节\n\n内容。\n",
    );
    let (success, output) = check(root);
    assert!(!success, "{output}");
    assert!(
        output.contains("error: content/posts/2026-01-02-links.md:10:")
            && output.contains("/posts/nope/"),
        "{output}"
    );
    assert!(
        output.contains("error: content/posts/2026-01-02-links.md:12:")
            && output.contains("第九节"),
        "{output}"
    );
    assert!(
        !output.contains("第一节"),
        "the good anchors are not reported: {output}"
    );
    assert!(!output.contains("%E7%AC%AC%E4%B8%80"), "{output}");
}

/// A folder post whose summary shows an image beside it: the image is found from the home,
/// tag and category pages too, not looked up beside each list.
#[test]
fn an_image_in_a_summary_resolves_on_list_pages() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "boke.toml",
        "title = \"图\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        root,
        "content/posts/2026-01-02-chart/index.md",
        "---\ntitle: 图表\ndescription: 一张图\ntags: [数据]\ncategories: [笔记]\n---\n\n\
         ![封面](chart.png)\n\n<!--more-->\n\n正文。\n",
    );
    std::fs::write(
        root.join("content/posts/2026-01-02-chart/chart.png"),
        b"png",
    )
    .unwrap();
    let (success, output) = check(root);
    assert!(success, "{output}");
    assert!(!output.contains("missing image"), "{output}");
    let built = boke::build_in_memory(root, boke::Visibility::default()).unwrap();
    for list in [
        "index.html",
        "tags/数据/index.html",
        "categories/笔记/index.html",
    ] {
        let html = built
            .files
            .iter()
            .find(|file| file.path == list)
            .map(|file| String::from_utf8_lossy(&file.bytes).into_owned())
            .unwrap_or_else(|| panic!("no {list}"));
        assert!(
            html.contains(r#"<img src="/posts/chart/chart.png" alt="封面""#),
            "{list}: {html}"
        );
    }
}

#[test]
fn images_without_alt_text_and_remote_images_are_warnings_on_their_line() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "boke.toml",
        "title = \"图\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        root,
        "content/posts/2026-01-02-pictures/index.md",
        "---\ntitle: 图片\ndescription: 三张图\n---\n\n![](blank.png)\n\n![微博图床](https://wx1.sinaimg.cn/large/abc.jpg)\n\n![有说明的图](fine.png)\n",
    );
    for file in ["blank.png", "fine.png"] {
        std::fs::write(
            root.join("content/posts/2026-01-02-pictures").join(file),
            b"png",
        )
        .unwrap();
    }
    let (success, output) = check(root);
    assert!(success, "warnings only: {output}");
    let warnings: Vec<&str> = output
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("index.md:6:")
            && w.contains("image without alt text: `blank.png`")),
        "{output}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("index.md:8:")
            && w.contains("remote image: `https://wx1.sinaimg.cn/large/abc.jpg`")),
        "{output}"
    );
    assert!(!output.contains("fine.png"), "{output}");
}
