//! What `boke build` says about the pages it just wrote: links in a post's text to pages,
//! anchors and images the site does not have, and another engine's template syntax left as
//! text, as warnings with file:line:column; `--strict` makes them errors and leaves the
//! output as it was.

use std::path::Path;

use crate::common::{boke, write};

/// A site whose one post links to a page that exists, one that does not, an anchor of the
/// target's text, an anchor only the theme gives, an anchor no one gives, a missing image,
/// and shows Hexo tag syntax in text and in a code block.
fn site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    write(
        root,
        "boke.toml",
        "title = \"链接\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        root,
        "content/posts/目标/index.md",
        "---\ntitle: 目标\ndate: 2026-01-01\ndescription: 目标\n---\n\n## 第一节\n\n内容。\n",
    );
    write(
        root,
        "content/posts/2026-01-02-a.md",
        "---\ntitle: 链接\ndescription: 链接测试\n---\n\n\
         [好](/posts/目标/#第一节) [相对](../目标/) [主题的锚点](/posts/目标/#main)\n\n\
         [坏](/posts/nope/)\n\n\
         [坏锚](/posts/目标/#第九节)\n\n\
         ![图](missing.png)\n\n\
         {% note info %}\n提示\n{% endnote %}\n\n\
         ```\n{% note info %}\n```\n\n\
         [订阅](/atom.xml) [站内全址](https://t.example/posts/目标/)\n",
    );
    temp
}

fn said(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

#[test]
fn build_warns_about_broken_links_missing_images_and_leftover_tags_with_their_lines() {
    let site = site();
    let output = boke(site.path(), &["build"]);
    let said = said(&output);
    assert!(output.status.success(), "{said}");
    let post = "content/posts/2026-01-02-a.md";
    for (line_column, what) in [
        (
            "8:5",
            "broken link `/posts/nope/`: no page or file at `/posts/nope/`",
        ),
        (
            "10:6",
            "broken anchor `/posts/目标/#第九节`: `posts/目标/index.html` has no id `第九节`",
        ),
        (
            "12:6",
            "missing image `missing.png`: no page or file at `/posts/a/missing.png`",
        ),
        ("14:1", "`{% note %}` is Hexo tag-plugin syntax"),
    ] {
        assert!(
            said.contains(&format!("warning: {post}:{line_column}: {what}")),
            "{what} at {line_column}: {said}"
        );
    }
    // The good links, the theme's anchor, the feed, the site's own address, the closing tag
    // and the code block say nothing: four warnings in all.
    assert!(said.contains("(4 warnings)"), "{said}");
    assert!(!said.contains("第一节"), "{said}");
    assert!(!said.contains("#main"), "{said}");
    assert!(!said.contains("endnote"), "{said}");
    assert!(site.path().join("public/posts/a/index.html").is_file());

    // An up-to-date build says the same again.
    let again = boke(site.path(), &["build"]);
    assert!(
        self::said(&again).contains("(4 warnings)"),
        "{}",
        self::said(&again)
    );
}

#[test]
fn strict_build_fails_on_warnings_and_leaves_the_output_as_it_was() {
    let site = site();
    let root = site.path();
    // A first build without the broken post, then the post added and built with --strict.
    let post = root.join("content/posts/2026-01-02-a.md");
    let text = std::fs::read_to_string(&post).expect("post");
    std::fs::remove_file(&post).expect("remove");
    let first = boke(root, &["build", "--strict"]);
    assert!(first.status.success(), "{}", said(&first));
    let before = crate::common::files_under(&root.join("public"));
    std::fs::write(&post, text).expect("write");

    let strict = boke(root, &["build", "--strict"]);
    let said = said(&strict);
    assert!(!strict.status.success(), "{said}");
    assert!(
        said.contains("error: content/posts/2026-01-02-a.md:8:5: broken link"),
        "{said}"
    );
    assert!(said.contains("build failed: 4 errors"), "{said}");
    assert_eq!(crate::common::files_under(&root.join("public")), before);
    assert!(!root.join("public/posts/a/index.html").exists());
    assert!(
        leftovers_beside(root).is_empty(),
        "no staging folder is left: {:?}",
        leftovers_beside(root)
    );

    // Without --strict the same site builds, with the warnings.
    let lenient = boke(root, &["build"]);
    assert!(lenient.status.success());
    assert!(root.join("public/posts/a/index.html").is_file());
}

/// The build's staging folders beside `public/` (`.public.new-…`, `.public.changed-…`).
fn leftovers_beside(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("root")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect()
}
