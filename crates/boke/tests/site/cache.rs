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

/// The records in the page store, read by its format: an 8-byte tag, then per record a
/// 16-byte key, a 4-byte little-endian length, an 8-byte checksum and the bytes (LZ4).
fn cached_pages(root: &Path) -> usize {
    let bytes = std::fs::read(root.join(".boke-cache/pages.pack")).expect("page store");
    assert_eq!(&bytes[..8], b"bokepk02");
    let mut at = 8;
    let mut records = 0;
    while at + 28 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
        at += 28 + len;
        records += 1;
    }
    assert_eq!(at, bytes.len(), "the store ends with a whole record");
    assert!(
        !root.join(".boke-cache/pages").exists(),
        "no file per page is kept"
    );
    records
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
    assert_eq!(cached_pages(site.path()), 2);

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
    // Two of three records are dead (a is gone, b's first version replaced): compacted.
    assert_eq!(
        cached_pages(site.path()),
        1,
        "the cache kept entries of gone sources"
    );

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

/// A build killed while storing pages leaves a record cut short, or the store is damaged:
/// the next build parses what it cannot read and writes the same site.
#[test]
fn a_torn_or_damaged_page_store_is_read_around() {
    let site = site();
    build(site.path());
    let public = site.path().join("public");
    let expected: Vec<(std::path::PathBuf, Vec<u8>)> = files_under(&public)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(public.join(&file)).expect("read");
            (file, bytes)
        })
        .collect();
    let store = site.path().join(".boke-cache/pages.pack");
    let mut bytes = std::fs::read(&store).expect("store");
    // The second record cut short, and a byte of the first record's bytes flipped.
    bytes.truncate(bytes.len() - 5);
    bytes[8 + 28 + 3] ^= 0x55;
    std::fs::write(&store, &bytes).expect("damage");
    std::fs::remove_dir_all(&public).expect("remove output");

    let rebuilt = build(site.path());
    assert!(rebuilt.starts_with("built 2 posts"), "{rebuilt}");
    for (file, bytes) in &expected {
        assert_eq!(
            std::fs::read(public.join(file)).ok().as_ref(),
            Some(bytes),
            "{} differs after the damaged store",
            file.display()
        );
    }
    // The cut record is written over; the damaged one stays, dead, behind both pages again.
    assert_eq!(cached_pages(site.path()), 3);
}

/// The cache of a CI run, restored into a fresh checkout: another folder, every file with a
/// new modification time. Every page comes from it, except a post dated by its file's time
/// whose time changed, which is parsed again and shows its new date.
#[test]
fn a_cache_moved_to_a_fresh_checkout_still_serves() {
    let site = site();
    write(
        site.path(),
        "content/posts/undated.md",
        "---\ntitle: 无日期\n---\n按文件时间排。\n",
    );
    let undated = site.path().join("content/posts/undated.md");
    let set_time = |path: &Path, unix: u64| {
        let file = std::fs::File::options()
            .write(true)
            .open(path)
            .expect("open");
        file.set_modified(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(unix))
            .expect("set time");
    };
    set_time(&undated, 1_767_225_600); // 2026-01-01
    build(site.path());
    assert_eq!(cached_pages(site.path()), 3);

    let checkout = tempfile::tempdir().expect("temp");
    for file in files_under(site.path()) {
        if file.starts_with("public") {
            continue;
        }
        let to = checkout.path().join(&file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folders");
        std::fs::copy(site.path().join(&file), &to).expect("copy");
    }
    for file in files_under(&checkout.path().join("content")) {
        set_time(&checkout.path().join("content").join(file), 1_780_000_000);
    }
    build(checkout.path());
    // Two pages from the cache; the undated post parsed again: one record more.
    assert_eq!(cached_pages(checkout.path()), 4);
    let page = read(&checkout.path().join("public/posts/undated/index.html"));
    // 1,780,000,000 s is 2026-05-29 04:26:40 in the site's default time zone, Asia/Shanghai.
    assert!(
        page.contains("datetime=\"2026-05-29T04:26:40+08:00\""),
        "dated by its new time: {page}"
    );
}

/// `-v` says how many files a build wrote: all on the first build, only the changed ones
/// after an edit, none when the site is up to date.
#[test]
fn verbose_build_counts_the_files_it_wrote() {
    let site = site();
    let wrote = |root: &Path| {
        let output = boke(root, &["build", "-v"]);
        let said = String::from_utf8_lossy(&output.stderr).into_owned();
        let line = said
            .lines()
            .find(|line| line.starts_with("wrote "))
            .unwrap_or_else(|| panic!("no `wrote` line: {said}"))
            .to_owned();
        let count: usize = line
            .split(' ')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{line}"));
        (count, line)
    };
    let (first, line) = wrote(site.path());
    let total = files_under(&site.path().join("public")).len();
    assert_eq!(first, total, "{line}");
    assert!(line.ends_with("; 0 already in place"), "{line}");
    write(
        site.path(),
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\n---\n第一段。\n\n改了一个字。\n",
    );
    let (edited, line) = wrote(site.path());
    assert!(edited > 0 && edited < total / 2, "{line} of {total}");
    let (none, line) = wrote(site.path());
    assert_eq!(none, 0, "{line}");
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

/// A post without a date is dated by its file's time: touching the file is a change even
/// though its bytes are the same, and the page shows the new date.
#[test]
fn touching_an_undated_post_dates_it_again() {
    let site = site();
    let post = site.path().join("content/posts/undated.md");
    write(
        site.path(),
        "content/posts/undated.md",
        "---\ntitle: 无日期\n---\n按文件时间排。\n",
    );
    let set_time = |unix: u64| {
        std::fs::File::options()
            .write(true)
            .open(&post)
            .and_then(|file| {
                file.set_modified(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(unix))
            })
            .expect("set time");
    };
    set_time(1_767_225_600);
    build(site.path());
    set_time(1_780_000_000);
    let again = build(site.path());
    assert!(again.starts_with("built"), "not up to date: {again}");
    let page = read(&site.path().join("public/posts/undated/index.html"));
    assert!(
        page.contains("datetime=\"2026-05-29T04:26:40+08:00\""),
        "dated by its new time: {page}"
    );
}
