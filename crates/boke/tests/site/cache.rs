//! The build cache and incremental output: a rebuild with nothing changed does nothing, an edit
//! rewrites only the files whose bytes changed, removed posts leave no files behind, and output
//! changed by hand is repaired.

use std::path::Path;
use std::time::SystemTime;

use crate::common::{boke, files_under, write};

fn site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp");
    write(
        temp.path(),
        "boke.toml",
        "title = \"缓存\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        temp.path(),
        "content/posts/2026-01-01-a.md",
        "---\ntitle: 甲\ntags: [缓存]\n---\n第一段。\n",
    );
    write(
        temp.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\n---\n第一段。\n\n第二段。\n",
    );
    write(temp.path(), "static/robots.txt", "User-agent: *\n");
    temp
}

fn build(root: &Path) -> String {
    let output = boke(root, &["build"]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("modified time")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn nothing_changed_means_nothing_done() {
    let site = site();
    let first = build(site.path());
    assert!(first.starts_with("built 2 posts"), "{first}");
    let public = site.path().join("public");
    let files = files_under(&public);
    let times: Vec<SystemTime> = files.iter().map(|f| modified(&public.join(f))).collect();
    assert!(site.path().join(".boke-cache/build.json").is_file());

    let second = build(site.path());
    assert!(second.starts_with("up to date: 2 posts"), "{second}");
    assert_eq!(files_under(&public), files);
    let again: Vec<SystemTime> = files.iter().map(|f| modified(&public.join(f))).collect();
    assert_eq!(times, again, "an up-to-date build touched the output");
}

#[test]
fn an_edit_rewrites_only_changed_files_and_removed_posts_go() {
    let site = site();
    build(site.path());
    let public = site.path().join("public");
    let css = public.join("assets/highlight.css");
    let robots = public.join("robots.txt");
    let (css_time, robots_time) = (modified(&css), modified(&robots));
    let pages_cached = std::fs::read_dir(site.path().join(".boke-cache/pages"))
        .expect("pages cache")
        .count();
    assert_eq!(pages_cached, 2);

    write(
        site.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\n---\n第一段。\n\n改过的第二段。\n",
    );
    std::fs::remove_file(site.path().join("content/posts/2026-01-01-a.md")).expect("remove a");
    let rebuilt = build(site.path());
    assert!(rebuilt.starts_with("built 1 post,"), "{rebuilt}");

    assert!(read(&public.join("posts/b/index.html")).contains("改过的第二段"));
    assert!(
        !public.join("posts/a").exists(),
        "the removed post's page stayed"
    );
    assert!(
        !public.join("tags/缓存").exists(),
        "the emptied tag's page stayed"
    );
    assert_eq!(modified(&css), css_time, "an unchanged asset was rewritten");
    assert_eq!(
        modified(&robots),
        robots_time,
        "an unchanged static file was copied again"
    );
    let pages_cached = std::fs::read_dir(site.path().join(".boke-cache/pages"))
        .expect("pages cache")
        .count();
    assert_eq!(pages_cached, 1, "the cache kept entries of gone sources");

    // The same site built from scratch gives the same files.
    let fresh = tempfile::tempdir().expect("temp");
    let out = fresh.path().join("out");
    let status = boke(
        site.path(),
        &["build", "--output", out.to_str().expect("utf-8 path")],
    );
    assert!(status.status.success());
    assert_eq!(files_under(&out), files_under(&public));
    for file in files_under(&out) {
        assert_eq!(
            std::fs::read(out.join(&file)).ok(),
            std::fs::read(public.join(&file)).ok(),
            "{} differs from a fresh build",
            file.display()
        );
    }
}

#[test]
fn output_changed_by_hand_is_repaired() {
    let site = site();
    build(site.path());
    let page = site.path().join("public/posts/b/index.html");
    let original = read(&page);
    std::fs::write(&page, "被改坏了").expect("spoil");
    std::fs::remove_file(site.path().join("public/robots.txt")).expect("remove");

    let rebuilt = build(site.path());
    assert!(rebuilt.starts_with("built"), "{rebuilt}");
    assert_eq!(read(&page), original);
    assert!(site.path().join("public/robots.txt").is_file());
}

#[test]
fn a_cached_page_still_reports_its_warnings() {
    let site = site();
    write(site.path(), "content/posts/undated.md", "没有日期。\n");
    let first = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("no date"), "{stderr}");
    write(site.path(), "content/posts/2026-01-03-c.md", "新的一篇。\n");
    let second = boke(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success());
    assert!(
        stderr.contains("no date"),
        "cached page lost its warning: {stderr}"
    );
    let third = boke(site.path(), &["build"]);
    let stdout = String::from_utf8_lossy(&third.stdout);
    let stderr = String::from_utf8_lossy(&third.stderr);
    assert!(stdout.starts_with("up to date"), "{stdout}");
    assert!(
        stderr.contains("no date"),
        "up-to-date build lost the warning: {stderr}"
    );
}

/// A changed configuration parses every page again, but a code block already highlighted is
/// read back from `.boke-cache/code.bin`, not highlighted again: a mark put into the stored
/// HTML shows in the page.
#[test]
fn highlighted_blocks_come_back_from_the_block_cache() {
    let temp = site();
    let root = temp.path();
    write(
        root,
        "content/posts/2026-01-03-c.md",
        "---\ntitle: 丙\n---\n代码：\n\n```rust\nfn main() {}\n```\n",
    );
    build(root);
    let store = root.join(".boke-cache/code.bin");
    let bytes = std::fs::read(&store).expect("the block cache is written");
    let at = bytes
        .windows(b"hl-keyword".len())
        .position(|window| window == b"hl-keyword")
        .expect("a keyword span is stored");
    // Same length, so the record stays whole.
    let mut marked = bytes.clone();
    marked[at..at + b"hl-keyword".len()].copy_from_slice(b"hl-KEYWORD");
    std::fs::write(&store, marked).expect("write");
    write(
        root,
        "boke.toml",
        "title = \"缓存二\"\nbase_url = \"https://t.example/\"\n",
    );
    build(root);
    let page = std::fs::read_to_string(root.join("public/posts/c/index.html")).expect("page");
    assert!(
        page.contains("<span class=\"hl-KEYWORD\">fn</span>"),
        "{page}"
    );
}
