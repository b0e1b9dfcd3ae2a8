//! End to end: each fixture site is imported, its Markdown checked for leftover tags, built
//! with boke, and every URL of the fixture's expected-old-URL list looked up in `public/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use boke_import::{COMPONENTS, Engine, ImportOptions, import};
use percent_encoding::percent_decode_str;

/// An import of `source` into `out` with every option at its default.
fn options(engine: Engine, source: PathBuf, out: PathBuf) -> ImportOptions {
    ImportOptions {
        engine,
        source,
        out,
        old_site: None,
        force: false,
        fetch_images: None,
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn import_fixture(engine: Engine, name: &str) -> (tempfile::TempDir, boke_import::Report) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let options = options(engine, fixture(name), out.path().join("site"));
    let report = import(&options).unwrap_or_else(|e| panic!("import of {name} failed: {e}"));
    (out, report)
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Markdown with fenced blocks and code spans blanked out.
fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(marker) => {
                if trimmed.starts_with(marker.as_str())
                    && trimmed
                        .trim_matches(marker.chars().next().unwrap_or('`'))
                        .is_empty()
                {
                    fence = None;
                }
                continue;
            }
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                let marker: String = trimmed
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect();
                fence = Some(marker);
                continue;
            }
            None => {}
        }
        let mut in_span = false;
        for part in line.split('`') {
            if !in_span {
                out.push_str(part);
            }
            in_span = !in_span;
        }
        out.push('\n');
    }
    out
}

fn files_ending(root: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every `{{< … >}}` outside code is a boke component with its own arguments; no `{%`.
fn check_components(site: &Path) {
    for file in files_ending(&site.join("content"), "md") {
        let text = std::fs::read_to_string(&file).expect("readable");
        let body = text.splitn(3, "+++\n").nth(2).unwrap_or(&text);
        let prose = outside_code(body);
        assert!(
            !prose.contains("{%"),
            "{}: a Hexo tag is left:\n{prose}",
            file.display()
        );
        assert!(
            !prose.contains("{{%"),
            "{}: a Hugo shortcode is left:\n{prose}",
            file.display()
        );
        let mut rest = prose.as_str();
        while let Some(start) = rest.find("{{<") {
            let end = rest[start..]
                .find(">}}")
                .map(|e| start + e)
                .unwrap_or_else(|| panic!("{}: unclosed component", file.display()));
            let inner = rest[start + 3..end].trim();
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(name) => (true, name.trim()),
                None => (false, inner),
            };
            let name = inner.split_whitespace().next().unwrap_or("");
            let allowed = COMPONENTS
                .iter()
                .find(|(known, _)| *known == name)
                .unwrap_or_else(|| panic!("{}: `{name}` is not a boke component", file.display()));
            if !closing {
                let args = &inner[name.len()..];
                let mut at = args;
                while let Some(eq) = at.find('=') {
                    let key = at[..eq].trim();
                    assert!(
                        allowed.1.contains(&key),
                        "{}: {name} takes no `{key}`",
                        file.display()
                    );
                    let value = at[eq + 1..].trim_start();
                    let value_end = if let Some(quoted) = value.strip_prefix('"') {
                        quoted.find('"').map(|q| q + 2).unwrap_or_else(|| {
                            panic!("{}: unclosed quote in {name}", file.display())
                        })
                    } else {
                        value.find(' ').unwrap_or(value.len())
                    };
                    at = &value[value_end..];
                }
            }
            rest = &rest[end + 3..];
        }
    }
}

/// The file `public/` serves for a site path.
fn served(public: &Path, url: &str) -> PathBuf {
    let path = percent_decode_str(url).decode_utf8_lossy().into_owned();
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        public.join(relative).join("index.html")
    } else {
        public.join(relative)
    }
}

fn build_and_check_urls(site: &Path, expected: &Path) {
    let options = boke::BuildOptions {
        root: site.to_path_buf(),
        output: None,
        visibility: boke::Visibility::default(),
        ..Default::default()
    };
    if let Err(problems) = boke::build(&options) {
        panic!("the imported site does not build:\n{problems}");
    }
    let public = site.join("public");
    for url in lines(expected) {
        let file = served(&public, &url);
        assert!(
            file.is_file(),
            "{url} does not answer: no {}",
            file.display()
        );
        let html = std::fs::read_to_string(&file).unwrap_or_default();
        // A redirect page must lead somewhere that answers.
        let marker = "http-equiv=\"refresh\" content=\"0; url=";
        if let Some(at) = html.find(marker) {
            let target = &html[at + marker.len()..];
            let target = target[..target.find('"').unwrap_or(target.len())]
                .replace("&#x2f;", "/")
                .replace("&amp;", "&");
            let target = target.as_str();
            let path = target
                .split_once("://")
                .and_then(|(_, r)| r.find('/').map(|i| &r[i..]))
                .unwrap_or(target);
            assert!(
                served(&public, path).is_file(),
                "{url} redirects to {path}, which does not answer"
            );
        }
    }
}

/// [`build_and_check_urls`] for URLs a test names itself.
fn build_and_check_listed(site: &Path, dir: &Path, urls: &[&str]) {
    let expected = dir.join("expected.txt");
    std::fs::write(&expected, urls.join("\n")).expect("writable");
    build_and_check_urls(site, &expected);
}

fn check_report(report: &boke_import::Report, expected: &Path) {
    let found: BTreeSet<String> = report
        .unconverted
        .iter()
        .map(|u| format!("{}:{}: {}", u.file.display(), u.line, u.name))
        .collect();
    let wanted: BTreeSet<String> = lines(expected).into_iter().collect();
    assert_eq!(found, wanted, "the report's unconverted constructs");
}

#[test]
fn hexo_site_imports_builds_and_keeps_its_urls() {
    let (dir, report) = import_fixture(Engine::Hexo, "hexo");
    let site = dir.path().join("site");
    check_components(&site);
    check_report(&report, &fixture("hexo/expected-unconverted.txt"));
    let config = std::fs::read_to_string(site.join("boke.toml")).unwrap_or_default();
    assert!(config.contains("hard_breaks = true"), "{config}");
    // The theme's menu in its own order, Butterfly's groups flattened.
    let lines: Vec<&str> = config.lines().collect();
    let names: Vec<&str> = lines
        .windows(2)
        .filter(|pair| pair[0] == "[[menu]]")
        .filter_map(|pair| pair[1].strip_prefix("name = "))
        .collect();
    assert_eq!(
        names,
        ["\"首页\"", "\"归档\"", "\"标签\"", "\"关于\""],
        "{config}"
    );
    assert!(
        config.contains("permalink = \"/:year/:month/:day/:slug/\""),
        "{config}"
    );
    assert!(
        report
            .comments
            .iter()
            .any(|c| c.contains("--format twikoo")),
        "{:?}",
        report.comments
    );
    assert!(
        report
            .dates
            .iter()
            .any(|n| n.text.contains("2022-05-01T18:30:48+08:00")),
        "{:?}",
        report.dates
    );
    assert!(!site.join("content/posts/#temp.md#").exists());
    let second = std::fs::read_to_string(site.join("content/posts/second-post/index.md"))
        .unwrap_or_default();
    assert!(
        second.contains("[自定义的那篇](/2020/12/31/custom-link/)"),
        "{second}"
    );
    let secret = report
        .urls
        .iter()
        .find(|l| l.old == "/2020/06/01/secret/")
        .map(|l| l.resolution.clone());
    assert!(
        matches!(secret, Some(boke_import::Resolution::Lost(_))),
        "a password post is a draft: {secret:?}"
    );
    build_and_check_urls(&site, &fixture("hexo/expected-urls.txt"));
    check_category_tree(&site);
    check_feeds(&site, &["/atom.xml", "/rss2.xml"]);
    assert!(config.contains("anchor_aliases = \"hexo\""), "{config}");
    assert_eq!(
        old_heading_ids(&site, "/2022/05/01/second-post/"),
        ["Getting-Started", "C-Rust-FFI"]
    );
    // hexo-util's slugize: `_` a separator, Latin letters folded.
    assert_eq!(
        old_heading_ids(&site, "/2023/01/02/Snake_Case_Notes/"),
        ["snake-case-与-Cafe"]
    );
}

/// The ids of the empty anchors an imported post's headings carry for their old ids.
fn old_heading_ids(site: &Path, url: &str) -> Vec<String> {
    let html = std::fs::read_to_string(served(&site.join("public"), url)).unwrap_or_default();
    let html = scraper::Html::parse_document(&html);
    let spans = scraper::Selector::parse(".post-content h2 > span[id]").expect("selector");
    html.select(&spans)
        .filter_map(|s| s.value().attr("id").map(str::to_owned))
        .collect()
}

/// Each old feed path is a real feed on the new site, with the posts of the site's own, and no
/// server rule is needed for it.
fn check_feeds(site: &Path, paths: &[&str]) {
    let public = site.join("public");
    let titles = |path: &str| -> Vec<String> {
        let bytes = std::fs::read(served(&public, path)).unwrap_or_default();
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{path} is not a feed: {e}"));
        feed.entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect()
    };
    let own = titles("/rss.xml");
    assert!(!own.is_empty());
    for path in paths {
        assert_eq!(titles(path), own, "{path}");
    }
    let rules = std::fs::read_to_string(site.join("static/_redirects")).unwrap_or_default();
    for path in paths {
        assert!(
            !rules
                .lines()
                .any(|rule| rule.starts_with(&format!("{path} "))),
            "{path} still redirected: {rules}"
        );
    }
}

/// Titles of the posts a built list page shows.
fn listed(public: &Path, url: &str) -> Vec<String> {
    let html = std::fs::read_to_string(served(public, url)).unwrap_or_default();
    let html = scraper::Html::parse_document(&html);
    let titles = scraper::Selector::parse(".post-list .post-item-title a").expect("selector");
    html.select(&titles)
        .map(|a| a.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Where the redirect page at `url` sends readers, as a site path.
fn redirect_target(public: &Path, url: &str) -> Option<String> {
    let html = std::fs::read_to_string(served(public, url)).ok()?;
    let html = scraper::Html::parse_document(&html);
    let canonical = scraper::Selector::parse("link[rel=canonical]").expect("selector");
    let href = html
        .select(&canonical)
        .next()?
        .value()
        .attr("href")?
        .to_owned();
    let path = href.split_once("://")?.1;
    let path = &path[path.find('/')?..];
    Some(percent_decode_str(path).decode_utf8_lossy().into_owned())
}

/// Hexo's `[Java, Groovy]` is Java › Groovy on the new site: a page per level, the parent's
/// listing its subtree, and the old case-kept nested URLs leading to them.
fn check_category_tree(site: &Path) {
    let hello = std::fs::read_to_string(site.join("content/posts/hello-world/index.md"))
        .or_else(|_| std::fs::read_to_string(site.join("content/posts/hello-world.md")))
        .unwrap_or_default();
    assert!(hello.contains("categories = [\"Java/Groovy\"]"), "{hello}");
    let public = site.join("public");
    assert_eq!(
        listed(&public, "/categories/java/"),
        ["Second Post", "你好，世界"]
    );
    assert_eq!(listed(&public, "/categories/java/groovy/"), ["你好，世界"]);
    assert_eq!(listed(&public, "/categories/java/spring/"), ["Second Post"]);
    assert_eq!(listed(&public, "/categories/技术/"), ["Second Post"]);
    for (old, new) in [
        ("/categories/Java/", "/categories/java/"),
        ("/categories/Java/Groovy/", "/categories/java/groovy/"),
        ("/categories/Java/Spring/", "/categories/java/spring/"),
    ] {
        assert_eq!(redirect_target(&public, old).as_deref(), Some(new), "{old}");
    }
}

#[test]
fn hugo_site_imports_builds_and_keeps_its_urls() {
    let (dir, report) = import_fixture(Engine::Hugo, "hugo");
    let site = dir.path().join("site");
    check_components(&site);
    check_report(&report, &fixture("hugo/expected-unconverted.txt"));
    assert!(
        report.comments.iter().any(|c| c.contains("giscus")),
        "{:?}",
        report.comments
    );
    assert!(site.join("content/posts/bundle-b/photo.jpg").is_file());
    build_and_check_urls(&site, &fixture("hugo/expected-urls.txt"));
    check_feeds(&site, &["/index.xml", "/posts/index.xml"]);
    assert_eq!(
        old_heading_ids(&site, "/2023/01/custom-a/"),
        ["c--rust_ffi"]
    );
    let notes = std::fs::read(site.join("public/categories/notes/index.xml")).unwrap_or_default();
    let notes = feed_rs::parser::parse(notes.as_slice()).expect("a category's old feed");
    assert!(!notes.entries.is_empty());
    check_other_taxonomies(&site);
}

/// `series` is boke's series; `authors` stays in `extra`, its old pages sent to the one page
/// a term listed, else to the archive; a tag only a page carries, section pages and their
/// aliases lead to pages that show the same.
fn check_other_taxonomies(site: &Path) {
    let public = site.join("public");
    let bundle = "/2023/02/第二篇-在-bundle-里/";
    for (old, new) in [
        ("/series/建站/", "/2023/01/custom-a/"),
        ("/series/", "/archives/"),
        ("/authors/李四/", bundle),
        ("/authors/张三/", "/archives/"),
        ("/authors/", "/archives/"),
        ("/tags/读书/", "/notes/reading/"),
        ("/notes/", "/notes/reading/"),
        ("/memo/", "/notes/reading/"),
        ("/blog/", "/archives/"),
    ] {
        assert_eq!(redirect_target(&public, old).as_deref(), Some(new), "{old}");
    }
    let post =
        std::fs::read_to_string(site.join("content/posts/bundle-b/index.md")).unwrap_or_default();
    assert!(post.contains("series = \"建站\""), "{post}");
    assert!(post.contains("authors = [\"张三\", \"李四\"]"), "{post}");
    let rules = std::fs::read_to_string(site.join("static/_redirects")).unwrap_or_default();
    assert!(
        rules.contains("/authors/%E5%BC%A0%E4%B8%89/index.xml /index.xml 301"),
        "{rules}"
    );
    let part =
        std::fs::read_to_string(public.join("2023/01/custom-a/index.html")).unwrap_or_default();
    let html = scraper::Html::parse_document(&part);
    let parts = scraper::Selector::parse(".series ol li").expect("selector");
    assert_eq!(
        html.select(&parts).count(),
        2,
        "the series lists both parts"
    );
}

#[test]
fn a_second_run_keeps_hand_edits_unless_forced() {
    let (dir, _) = import_fixture(Engine::Hugo, "hugo");
    let site = dir.path().join("site");
    let about = site.join("about/index.md");
    let about = if about.exists() {
        about
    } else {
        site.join("content/about/index.md")
    };
    std::fs::write(&about, "+++\ntitle = \"改过\"\n+++\n手改的\n").expect("writable");
    let mut options = options(Engine::Hugo, fixture("hugo"), site.clone());
    let again = import(&options).expect("a second import");
    assert_eq!(again.kept_edits.len(), 1, "{:?}", again.kept_edits);
    assert_eq!(
        again.written,
        0,
        "nothing changed, nothing written: {}",
        again.summary()
    );
    assert!(
        std::fs::read_to_string(&about)
            .unwrap_or_default()
            .contains("手改的")
    );
    options.force = true;
    let forced = import(&options).expect("a forced import");
    assert!(forced.kept_edits.is_empty());
    assert!(
        !std::fs::read_to_string(&about)
            .unwrap_or_default()
            .contains("手改的")
    );
}

/// An imported site built: every component it was given is rendered, so no page shows
/// `{{< … >}}`, `{%` or `{{%` outside code.
#[test]
fn built_pages_hold_no_old_or_component_tags_outside_code() {
    for (engine, name) in [(Engine::Hexo, "hexo"), (Engine::Hugo, "hugo")] {
        let (dir, _) = import_fixture(engine, name);
        let site = dir.path().join("site");
        build_and_check_urls(&site, &fixture(&format!("{name}/expected-urls.txt")));
        for path in files_ending(&site.join("public"), "html") {
            let html =
                scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_default());
            for node in html.root_element().descendants() {
                let Some(text) = node.value().as_text() else {
                    continue;
                };
                let in_code = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "code" | "pre" | "script" | "style"))
                });
                assert!(
                    in_code || !(text.contains("{{<") || text.contains("{%")),
                    "{}: {}",
                    path.display(),
                    &**text
                );
            }
        }
    }
}

/// An old URL the rules cannot derive (here a post moved by hand on the old host) is read from
/// the old sitemap, matched to its source by its last part, and kept by an alias.
#[test]
fn the_old_sitemap_keeps_urls_the_rules_cannot_derive() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sitemap = dir.path().join("sitemap.xml");
    std::fs::write(
        &sitemap,
        "<?xml version=\"1.0\"?><urlset><url><loc>https://notes.example.net/p/bundle-b/</loc></url>\
         <url><loc>https://notes.example.net/2023/01/custom-a/</loc></url>\
         <url><loc>https://notes.example.net/gone/</loc></url></urlset>",
    )
    .expect("writable");
    let site = dir.path().join("site");
    let options = ImportOptions {
        old_site: Some(sitemap),
        ..options(Engine::Hugo, fixture("hugo"), site.clone())
    };
    let report = import(&options).expect("import");
    let resolution = |old: &str| {
        report
            .urls
            .iter()
            .find(|line| line.old == old)
            .map(|line| line.resolution.clone())
    };
    // Kept at the same path or by an alias, as the permalink chosen allows.
    assert!(
        matches!(
            resolution("/p/bundle-b/"),
            Some(boke_import::Resolution::Alias(_) | boke_import::Resolution::Same)
        ),
        "{:?}",
        resolution("/p/bundle-b/")
    );
    assert_eq!(
        resolution("/2023/01/custom-a/"),
        Some(boke_import::Resolution::Same)
    );
    assert!(matches!(
        resolution("/gone/"),
        Some(boke_import::Resolution::Lost(_))
    ));
    let expected = dir.path().join("expected.txt");
    std::fs::write(&expected, "/p/bundle-b/\n/2023/01/custom-a/\n").expect("writable");
    build_and_check_urls(&site, &expected);
}

/// Hexo paginates lists as `/page/2/` (`pagination_dir`), tag pages too, keeping the tag's
/// case: the new site pages its lists in the same folder with as many posts a page, and the
/// later pages of a list that moved redirect to the same page of the new list.
#[test]
fn later_pages_of_old_lists_answer() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("hexo");
    let write = |path: &str, text: &str| {
        let path = source.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    };
    write(
        "_config.yml",
        "title: 分页\nurl: https://blog.example.org\npermalink: :year/:title/\nper_page: 1\npagination_dir: p\n",
    );
    for (name, day) in [("a", 1), ("b", 2), ("c", 3)] {
        write(
            &format!("source/_posts/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: 2021-03-0{day} 10:00:00\ntags: [Hexo]\ncategories: [Java, Groovy]\n---\n正文\n"
            ),
        );
    }
    let site = dir.path().join("site");
    import(&options(Engine::Hexo, source, site.clone())).expect("import");
    let config = std::fs::read_to_string(site.join("boke.toml")).unwrap_or_default();
    assert!(config.contains("pagination_path = \"p\""), "{config}");
    assert!(config.contains("posts_per_page = 1"), "{config}");
    let expected = dir.path().join("expected.txt");
    let old = [
        "/p/2/",
        "/p/3/",
        "/tags/Hexo/p/2/",
        "/tags/Hexo/p/3/",
        "/categories/Java/p/3/",
        "/categories/Java/Groovy/p/2/",
        "/archives/p/2/",
        "/archives/2021/03/p/3/",
    ];
    std::fs::write(&expected, old.join("\n")).expect("writable");
    build_and_check_urls(&site, &expected);
    let public = site.join("public");
    assert_eq!(
        redirect_target(&public, "/tags/Hexo/p/3/").as_deref(),
        Some("/tags/hexo/p/3/")
    );
    assert_eq!(
        redirect_target(&public, "/categories/Java/Groovy/p/2/").as_deref(),
        Some("/categories/java/groovy/p/2/")
    );
    assert_eq!(listed(&public, "/tags/hexo/p/3/"), ["a"]);
    assert_eq!(
        redirect_target(&public, "/archives/2021/03/p/3/").as_deref(),
        Some("/archives/")
    );
}

/// Writes a small Hexo site under `dir/hexo` from (path, text) pairs and imports it.
fn import_written(
    dir: &Path,
    files: &[(&str, &str)],
    old_site: Option<&str>,
) -> (PathBuf, boke_import::Report) {
    let source = dir.join("hexo");
    for (path, text) in files {
        let path = source.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }
    let site = dir.join("site");
    let options = ImportOptions {
        old_site: old_site.map(|name| source.join(name)),
        ..options(Engine::Hexo, source, site.clone())
    };
    let report = import(&options).expect("import");
    (site, report)
}

/// `:id` is Hexo's database id: taken from a post's `id:`, else from the `db.json` beside
/// `_config.yml`; a post with neither is named in the report instead of getting a made-up URL.
#[test]
fn id_permalinks_come_from_front_matter_or_the_database() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = r#"{"meta":{"version":1},"models":{"Post":[{"title":"乙","source":"_posts/b.md","_id":"cl0abc123def"}]}}"#;
    let (site, report) = import_written(
        dir.path(),
        &[
            (
                "_config.yml",
                "title: 编号\nurl: https://blog.example.org\npermalink: :id.html\n",
            ),
            ("db.json", database),
            (
                "source/_posts/a.md",
                "---\ntitle: 甲\nid: 819\ndate: 2020-03-07\n---\n正文\n",
            ),
            (
                "source/_posts/b.md",
                "---\ntitle: 乙\ndate: 2020-03-08\n---\n正文\n",
            ),
            (
                "source/_posts/c.md",
                "---\ntitle: 丙\ndate: 2020-03-09\n---\n正文\n",
            ),
        ],
        None,
    );
    let expected = dir.path().join("expected.txt");
    std::fs::write(&expected, "/819.html\n/cl0abc123def.html\n").expect("writable");
    build_and_check_urls(&site, &expected);
    assert!(
        report
            .front_matter
            .iter()
            .any(|n| n.file.ends_with("c.md") && n.text.contains("--old-site")),
        "{:?}",
        report.front_matter
    );
    assert!(report.urls.iter().all(|l| !l.old.contains("/.html")));
}

/// Pinyin slugs (hexo-permalink-pinyin for posts, a pinyin tag or category folder) cannot be
/// derived; the old sitemap names them and each is matched to its post or term by its pinyin.
#[test]
fn pinyin_urls_of_the_old_sitemap_are_kept() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sitemap = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset>\n\
        <url><loc>https://blog.example.org/2021/ren-gong-zhi-neng-ru-men/</loc></url>\n\
        <url><loc>https://blog.example.org/tags/ji-qi-xue-xi/</loc></url>\n\
        <url><loc>https://blog.example.org/categories/ji-shu/yin-hang/</loc></url>\n\
        <url><loc>https://blog.example.org/tags/Rust/</loc></url>\n\
        </urlset>\n";
    let (site, report) = import_written(
        dir.path(),
        &[
            (
                "_config.yml",
                "title: 拼音\nurl: https://blog.example.org\npermalink: :year/:title/\npermalink_pinyin:\n  enable: true\n",
            ),
            ("sitemap.xml", sitemap),
            (
                "source/_posts/人工智能入门.md",
                "---\ntitle: 人工智能入门\ndate: 2021-05-01 10:00:00\ntags: [机器学习, Rust]\ncategories: [技术, 银行]\n---\n正文\n",
            ),
        ],
        Some("sitemap.xml"),
    );
    let kept = |old: &str| {
        report
            .urls
            .iter()
            .find(|l| l.old == old)
            .map(|l| l.resolution.clone())
    };
    for old in [
        "/2021/ren-gong-zhi-neng-ru-men/",
        "/tags/ji-qi-xue-xi/",
        "/categories/ji-shu/yin-hang/",
    ] {
        assert!(
            matches!(
                kept(old),
                Some(
                    boke_import::Resolution::Same
                        | boke_import::Resolution::Alias(_)
                        | boke_import::Resolution::Redirect(_)
                )
            ),
            "{old}: {:?}",
            kept(old)
        );
    }
    build_and_check_listed(
        &site,
        dir.path(),
        &[
            "/2021/ren-gong-zhi-neng-ru-men/",
            "/tags/ji-qi-xue-xi/",
            "/categories/ji-shu/yin-hang/",
            "/tags/Rust/",
        ],
    );
    assert!(
        report
            .urls
            .iter()
            .all(|l| !matches!(l.resolution, boke_import::Resolution::Lost(_))),
        "{:?}",
        report.urls
    );
}

/// A server on loopback for the length of a test: `/cat.png` a small PNG, `/big.png` more than
/// the cap, `/slow.png` later than the timeout, `/page.html` not an image, anything else 404;
/// with the number of requests for `/cat.png`.
fn image_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    let cats = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&cats);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counted = std::sync::Arc::clone(&counted);
            std::thread::spawn(move || {
                let mut request = [0u8; 2048];
                let read = stream.read(&mut request).unwrap_or(0);
                let request = String::from_utf8_lossy(&request[..read]).into_owned();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let png: &[u8] = b"\x89PNG\r\n\x1a\n-a-small-test-image-";
                let (status, kind, body): (&str, &str, Vec<u8>) = match path.as_str() {
                    "/cat.png" => {
                        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        ("200 OK", "image/png", png.to_vec())
                    }
                    "/big.png" => ("200 OK", "image/png", vec![0u8; 4096]),
                    "/slow.png" => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        ("200 OK", "image/png", png.to_vec())
                    }
                    "/page.html" => ("200 OK", "text/html", b"<p>hi</p>".to_vec()),
                    _ => ("404 Not Found", "text/plain", b"gone".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    (format!("http://{address}"), cats)
}

/// `--fetch-images` puts each remote image a post shows beside it and points the post at the
/// copy; an image too large, too slow, not an image or missing is a line of the report, and
/// the import still succeeds. A second run keeps the copy instead of downloading it again.
#[test]
fn fetch_images_downloads_beside_the_post_and_reports_failures() {
    let (server, cats) = image_server();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("hexo");
    let body = format!(
        "![猫]({server}/cat.png)\n\n![大]({server}/big.png)\n\n<img src=\"{server}/slow.png\">\n\n![页]({server}/page.html)\n\n![无]({server}/missing.png)\n\n![又一只猫]({server}/cat.png)\n"
    );
    for (path, text) in [
        (
            "_config.yml",
            "title: 图\nurl: https://blog.example.org\n".to_owned(),
        ),
        (
            "source/_posts/pictures.md",
            format!("---\ntitle: 图片\ndate: 2021-05-01 10:00:00\n---\n{body}"),
        ),
    ] {
        let path = source.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }
    let site = dir.path().join("site");
    let options = ImportOptions {
        fetch_images: Some(boke_import::FetchImages {
            max_bytes: 1024,
            timeout: std::time::Duration::from_secs(1),
        }),
        ..options(Engine::Hexo, source, site.clone())
    };
    let report = import(&options).expect("the import does not fail on bad images");
    let post =
        std::fs::read_to_string(site.join("content/posts/pictures/index.md")).unwrap_or_default();
    assert!(
        post.contains("![猫](cat.png)") && post.contains("![又一只猫](cat.png)"),
        "{post}"
    );
    assert_eq!(
        std::fs::read(site.join("content/posts/pictures/cat.png")).unwrap_or_default(),
        b"\x89PNG\r\n\x1a\n-a-small-test-image-"
    );
    let said = |url: &str| -> String {
        report
            .remote_images
            .iter()
            .filter(|n| n.text.contains(&format!("{server}{url}")))
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (url, wanted) in [
        ("/cat.png", "downloaded to"),
        ("/big.png", "larger than 1024 bytes"),
        ("/slow.png", "not downloaded"),
        ("/page.html", "not an image"),
        ("/missing.png", "404"),
    ] {
        assert!(said(url).contains(wanted), "{url}: {}", said(url));
    }
    // The failures stay as links to the remote images.
    assert!(post.contains(&format!("{server}/missing.png")), "{post}");
    build_and_check_urls(&site, &{
        let expected = dir.path().join("expected.txt");
        std::fs::write(&expected, "/2021/05/01/pictures/\n").expect("writable");
        expected
    });

    let downloads = cats.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(downloads, 1, "one download for the two images of one URL");
    let again = import(&options).expect("a second run");
    assert_eq!(
        cats.load(std::sync::atomic::Ordering::SeqCst),
        downloads,
        "no download again"
    );
    let kept: Vec<&str> = again
        .remote_images
        .iter()
        .filter(|n| n.text.contains(&format!("{server}/cat.png")))
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        kept.first()
            .is_some_and(|t| t.contains("kept `content/posts/pictures/cat.png`")),
        "{kept:?}"
    );
    assert!(
        !site.join("content/posts/pictures/cat-2.png").exists(),
        "one file for one URL in one post"
    );
    let post_again =
        std::fs::read_to_string(site.join("content/posts/pictures/index.md")).unwrap_or_default();
    assert_eq!(post_again, post, "the second run writes the same post");
    assert!(again.kept_edits.is_empty(), "{:?}", again.kept_edits);
}

/// hexo-abbrlink's `:abbrlink`, made again for posts whose front matter lacks it: CRC-32 of the
/// title in hex here (the plugin gave a post another's value; here it is one higher, and the
/// report says the old site showed one of the two), and CRC-16/ARC in decimal by default. Expected values from Python's zlib.crc32 and a bitwise
/// CRC-16/ARC, not from the importer.
#[test]
fn abbrlinks_missing_from_the_front_matter_are_made_as_the_plugin_made_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_written(
        dir.path(),
        &[
            (
                "_config.yml",
                "title: 短链\nurl: https://blog.example.org\npermalink: posts/:abbrlink.html\nabbrlink:\n  alg: crc32\n  rep: hex\n",
            ),
            (
                "source/_posts/a.md",
                "---\ntitle: 大模型推理\ndate: 2020-03-07\n---\n正文\n",
            ),
            (
                "source/_posts/b.md",
                "---\ntitle: 大模型推理\ndate: 2020-03-08\n---\n正文\n",
            ),
            (
                "source/_posts/c.md",
                "---\ntitle: Stored\nabbrlink: b4a2a79f\ndate: 2020-03-09\n---\n正文\n",
            ),
            (
                "source/_posts/d.md",
                "---\ntitle: Hello abbrlink\ndate: 2020-03-10\n---\n正文\n",
            ),
        ],
        None,
    );
    build_and_check_listed(
        &site,
        dir.path(),
        &[
            "/posts/24249586.html",
            "/posts/24249587.html",
            "/posts/b4a2a79f.html",
            "/posts/b4a2a7a0.html",
        ],
    );
    assert!(
        report
            .decisions
            .iter()
            .any(|d| d.starts_with("3 posts had no `abbrlink`")),
        "{:?}",
        report.decisions
    );
    // In hex the plugin never saw the clash: b had a's value and d had c's on the old site.
    let shared: Vec<(String, &str)> = report
        .front_matter
        .iter()
        .filter(|note| note.text.contains("showed only one of the two"))
        .map(|note| (note.file.display().to_string(), note.text.as_str()))
        .collect();
    assert_eq!(shared.len(), 2, "{shared:?}");
    assert!(
        shared[0].0.ends_with("b.md") && shared[0].1.contains("a.md"),
        "{shared:?}"
    );
    assert!(
        shared[1].0.ends_with("d.md") && shared[1].1.contains("c.md"),
        "{shared:?}"
    );

    let crc16 = tempfile::tempdir().expect("a temporary folder");
    let (site, _) = import_written(
        crc16.path(),
        &[
            (
                "_config.yml",
                "title: 短链\nurl: https://blog.example.org\npermalink: p/:abbrlink/\n",
            ),
            (
                "source/_posts/a.md",
                "---\ntitle: 大模型推理\ndate: 2020-03-07\n---\n正文\n",
            ),
        ],
        None,
    );
    let expected = crc16.path().join("expected.txt");
    std::fs::write(&expected, "/p/35512/\n").expect("writable");
    build_and_check_urls(&site, &expected);
}

/// A post the new site publishes elsewhere (its own `permalink:` in Hexo) is in `url-map.txt`,
/// the `old new` list `boke social import --map-file` reads; posts that kept their path are not.
#[test]
fn moved_posts_are_listed_for_the_comment_import() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, _) = import_written(
        dir.path(),
        &[
            (
                "_config.yml",
                "title: 搬家\nurl: https://blog.example.org\n",
            ),
            (
                "source/_posts/moved.md",
                "---\ntitle: 搬走的文章\ndate: 2021-05-01\npermalink: /old/place.html\n---\n正文\n",
            ),
            (
                "source/_posts/stayed.md",
                "---\ntitle: 留下的\ndate: 2021-05-02\n---\n正文\n",
            ),
        ],
        None,
    );
    build_and_check_urls(&site, &{
        let expected = dir.path().join("expected.txt");
        std::fs::write(&expected, "/old/place.html\n/2021/05/02/stayed/\n").expect("writable");
        expected
    });
    let map = std::fs::read_to_string(site.join(boke_import::URL_MAP_FILE)).unwrap_or_default();
    let pairs: Vec<&str> = map.lines().filter(|line| !line.starts_with('#')).collect();
    assert_eq!(pairs.len(), 1, "{map}");
    let moved = pairs[0]
        .strip_prefix("/old/place.html ")
        .unwrap_or_else(|| panic!("the moved post, old path first:\n{map}"));
    let page = served(&site.join("public"), moved);
    assert!(
        std::fs::read_to_string(&page).is_ok_and(
            |html| html.contains("搬走的文章") && !html.contains("http-equiv=\"refresh\"")
        ),
        "{moved} is the post itself, not a redirect"
    );
}

/// hexo-permalink-pinyin published `:title` in pinyin; without `--old-site` the import makes
/// the same paths from the titles, and says a heteronym may differ.
#[test]
fn pinyin_paths_of_the_plugin_are_made_without_the_old_site() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_written(
        dir.path(),
        &[
            (
                "package.json",
                r#"{"dependencies": {"hexo": "^7.0.0", "hexo-permalink-pinyin": "^1.1.0"}}"#,
            ),
            (
                "_config.yml",
                "title: 拼音\nurl: https://blog.example.org\npermalink: :year/:title/\npermalink_pinyin:\n  enable: true\n",
            ),
            (
                "source/_posts/人工智能入门.md",
                "---\ntitle: 人工智能入门\ndate: 2021-03-01 10:00:00\n---\n正文\n",
            ),
            (
                "source/_posts/Rust 与 Go.md",
                "---\ntitle: Rust 与 Go\ndate: 2022-05-01 10:00:00\n---\n正文\n",
            ),
        ],
        None,
    );
    build_and_check_listed(
        &site,
        dir.path(),
        &["/2021/ren-gong-zhi-neng-ru-men/", "/2022/rust-yu-go/"],
    );
    assert!(
        report
            .decisions
            .iter()
            .any(|d| d.contains("heteronym") && d.contains("--old-site")),
        "{:?}",
        report.decisions
    );
    assert!(
        !report
            .dropped_config
            .iter()
            .any(|k| k.contains("permalink_pinyin"))
    );
}

/// A child category named like the pagination folder (`[Java, page]`) is `page-2` on the new
/// site, as boke numbers it; its old URL and the parent's later pages both still answer.
#[test]
fn a_child_category_named_like_the_pagination_folder_moves_aside() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let post = |name: &str, day: u8| {
        (
            format!("source/_posts/{name}.md"),
            format!(
                "---\ntitle: {name}\ndate: 2021-03-0{day} 10:00:00\ncategories: [Java, page]\n---\n正文\n"
            ),
        )
    };
    let posts = [post("a", 1), post("b", 2)];
    let mut files = vec![(
        "_config.yml",
        "title: 分页\nurl: https://blog.example.org\npermalink: :year/:title/\nper_page: 1\n",
    )];
    files.extend(
        posts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    );
    let (site, report) = import_written(dir.path(), &files, None);
    let old = [
        "/categories/Java/page/",
        "/categories/Java/page/2/",
        "/categories/Java/page/page/2/",
    ];
    build_and_check_listed(&site, dir.path(), &old);
    let public = site.join("public");
    for (old, new) in [
        ("/categories/Java/page/", "/categories/java/page-2/"),
        ("/categories/Java/page/2/", "/categories/java/page/2/"),
        (
            "/categories/Java/page/page/2/",
            "/categories/java/page-2/page/2/",
        ),
    ] {
        assert_eq!(redirect_target(&public, old).as_deref(), Some(new), "{old}");
    }
    assert_eq!(listed(&public, "/categories/java/page/2/"), ["a"]);
    let lost: Vec<_> = report
        .urls
        .iter()
        .filter(|line| matches!(line.resolution, boke_import::Resolution::Lost(_)))
        .collect();
    assert!(lost.is_empty(), "{lost:?}");
}

/// The report lists the later pages an old list had by the old rules (a password post, a
/// draft now, still counts: the old site showed it, and its page leads to the nearest page of
/// the new list), or with `--old-site` exactly those the old site had.
#[test]
fn later_pages_are_listed_as_the_old_site_had_them() {
    let listed = |report: &boke_import::Report| -> Vec<String> {
        report
            .urls
            .iter()
            .filter(|line| line.old.starts_with("/tags/Hexo/p/"))
            .map(|line| line.old.clone())
            .collect()
    };
    let config = "title: 分页\nurl: https://blog.example.org\npermalink: :year/:title/\nper_page: 1\npagination_dir: p\n";
    let post = |name: &str, extra: &str| {
        (
            format!("source/_posts/{name}.md"),
            format!(
                "---\ntitle: {name}\ndate: 2021-03-01 10:00:00\ntags: [Hexo]\n{extra}---\n正文\n"
            ),
        )
    };
    let posts = [
        post("a", ""),
        post("b", ""),
        post("c", "password: secret\n"),
    ];
    let mut files = vec![("_config.yml", config)];
    files.extend(
        posts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_written(dir.path(), &files, None);
    assert_eq!(listed(&report), ["/tags/Hexo/p/2/", "/tags/Hexo/p/3/"]);
    build_and_check_listed(&site, dir.path(), &["/tags/Hexo/p/3/"]);
    assert_eq!(
        redirect_target(&site.join("public"), "/tags/Hexo/p/3/").as_deref(),
        Some("/tags/hexo/p/2/")
    );

    let posts = [post("a", ""), post("b", ""), post("c", "")];
    let mut files = vec![
        ("_config.yml", config),
        ("public/p/2/index.html", "<title>分页</title>"),
        ("public/tags/Hexo/index.html", "<title>Hexo</title>"),
    ];
    files.extend(
        posts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (_, report) = import_written(dir.path(), &files, Some("public"));
    assert!(listed(&report).is_empty(), "{:?}", listed(&report));
}

/// A term of a taxonomy boke does not have leads to the one page the new site publishes
/// under it: a draft filed there too is not counted.
#[test]
fn a_custom_term_leads_past_drafts_to_its_published_page() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("hugo");
    for (path, text) in [
        (
            "hugo.toml",
            "baseURL = \"https://example.org/\"\ntitle = \"t\"\n[taxonomies]\ntag = \"tags\"\nauthor = \"authors\"\n",
        ),
        (
            "content/posts/shown.md",
            "---\ntitle: 已发\ndate: 2023-01-02T10:00:00+08:00\nauthors: [王五]\n---\n正文\n",
        ),
        (
            "content/posts/hidden.md",
            "---\ntitle: 草稿\ndate: 2023-01-03T10:00:00+08:00\ndraft: true\nauthors: [王五]\n---\n正文\n",
        ),
    ] {
        let path = source.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }
    let site = dir.path().join("site");
    import(&options(Engine::Hugo, source, site.clone())).expect("import");
    build_and_check_listed(&site, dir.path(), &["/authors/王五/"]);
    assert_eq!(
        redirect_target(&site.join("public"), "/authors/王五/").as_deref(),
        Some("/posts/shown/")
    );
}

/// Hexo's generators each page with their own `per_page`: the home page's becomes boke's one
/// size, and every old later page of the other lists redirects to the new page that shows its
/// first post; a generator with `per_page: 0` made one page, so none of its later pages is
/// listed. Expectations worked out by hand from the five posts' order (newest first).
#[test]
fn each_hexo_list_keeps_its_own_page_size() {
    let config = "title: 分页\nurl: https://blog.example.org\npermalink: :year/:title/\nper_page: 7\nindex_generator:\n  per_page: 2\ntag_generator:\n  per_page: 1\ncategory_generator:\n  per_page: 0\narchive_generator:\n  per_page: 3\n  daily: true\n";
    let posts: Vec<(String, String)> = ["a", "b", "c", "d", "e"]
        .iter()
        .enumerate()
        .map(|(day, name)| {
            (
                format!("source/_posts/{name}.md"),
                format!(
                    "---\ntitle: {name}\ndate: 2021-03-0{} 10:00:00\ntags: [Hexo]\ncategories: [Java]\n---\n正文\n",
                    day + 1
                ),
            )
        })
        .collect();
    let mut files = vec![("_config.yml", config)];
    files.extend(posts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_written(dir.path(), &files, None);
    let config = std::fs::read_to_string(site.join("boke.toml")).unwrap_or_default();
    assert!(config.contains("posts_per_page = 2"), "{config}");
    let expected = [
        ("/page/2/", "/page/2/"),
        ("/page/3/", "/page/3/"),
        // One post a page: e, d, c, b, a; the new tag list shows two a page.
        ("/tags/Hexo/page/2/", "/tags/hexo/"),
        ("/tags/Hexo/page/3/", "/tags/hexo/page/2/"),
        ("/tags/Hexo/page/4/", "/tags/hexo/page/2/"),
        ("/tags/Hexo/page/5/", "/tags/hexo/page/3/"),
        ("/archives/page/2/", "/archives/"),
        ("/archives/2021/03/page/2/", "/archives/"),
        ("/archives/2021/03/05/", "/archives/"),
    ];
    let urls: Vec<&str> = expected.iter().map(|(old, _)| *old).collect();
    build_and_check_listed(&site, dir.path(), &urls);
    let public = site.join("public");
    for (old, new) in expected {
        assert_eq!(redirect_target(&public, old).as_deref(), Some(new), "{old}");
    }
    let listed_old: Vec<&str> = report.urls.iter().map(|line| line.old.as_str()).collect();
    assert!(
        !listed_old.contains(&"/tags/Hexo/page/6/"),
        "{listed_old:?}"
    );
    assert!(
        !listed_old
            .iter()
            .any(|old| old.starts_with("/categories/Java/page/")),
        "{listed_old:?}"
    );
    assert!(
        report
            .decisions
            .iter()
            .any(|d| d.contains("1 on tag pages, all on category pages, 3 on archive pages")),
        "{:?}",
        report.decisions
    );
}

/// Writes a small Hugo site under `dir/hugo` and imports it.
fn import_hugo(dir: &Path, files: &[(&str, &str)]) -> (PathBuf, boke_import::Report) {
    let source = dir.join("hugo");
    for (path, text) in files {
        let path = source.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }
    let site = dir.join("site");
    let report = import(&options(Engine::Hugo, source, site.clone())).expect("import");
    (site, report)
}

/// Hugo's term pages list every page filed under the term, posts or not, so `/tags/go/` had
/// three pages where the new list of posts has two: the third old page leads to the new page
/// showing its post. A theme's own sizes (FixIt's `params.list.paginate`) count as Hugo's did.
/// The taxonomies' own feeds (`/tags/index.xml`) get a rule to the site's feed, unless
/// `outputs` left them out.
#[test]
fn hugo_term_pages_count_every_page_filed_under_them() {
    let page = |section: &str, name: &str, month: u8| {
        (
            format!("content/{section}/{name}.md"),
            format!(
                "---\ntitle: {name}\ndate: 2024-0{month}-01T10:00:00+08:00\ntags: [Go]\n---\n正文\n"
            ),
        )
    };
    // Newest first: n1, p1, n2, p2, p3; the notes are pages, not posts.
    let docs = [
        page("notes", "n1", 5),
        page("posts", "p1", 4),
        page("notes", "n2", 3),
        page("posts", "p2", 2),
        page("posts", "p3", 1),
    ];
    let config = "baseURL = \"https://example.org/\"\ntitle = \"t\"\n[pagination]\npagerSize = 2\n";
    let mut files = vec![("hugo.toml", config)];
    files.extend(docs.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_hugo(dir.path(), &files);
    build_and_check_listed(&site, dir.path(), &["/tags/go/page/2/", "/tags/go/page/3/"]);
    let public = site.join("public");
    // Old page 2 showed n2 and p2; the new list's page 2 is there (with p3).
    assert_eq!(listed(&public, "/tags/go/page/2/"), ["p3"]);
    let line = report
        .urls
        .iter()
        .find(|line| line.old == "/tags/go/page/2/");
    assert_eq!(
        line.map(|line| &line.resolution),
        Some(&boke_import::Resolution::Same)
    );
    assert!(!site.join("static/tags/go/page/2/index.html").exists());
    assert_eq!(
        redirect_target(&public, "/tags/go/page/3/").as_deref(),
        Some("/tags/go/page/2/")
    );
    assert!(!public.join("tags/go/page/4").exists());
    let rules = std::fs::read_to_string(site.join("static/_redirects")).unwrap_or_default();
    for feed in ["/tags/index.xml", "/categories/index.xml"] {
        assert!(rules.contains(&format!("{feed} /index.xml 301")), "{rules}");
        let line = report.urls.iter().find(|line| line.old == feed);
        assert_eq!(
            line.map(|line| &line.resolution),
            Some(&boke_import::Resolution::ServerRule("/index.xml".into())),
            "{feed}"
        );
    }

    // FixIt's sizes: 5 on the home page (boke's), 2 on term pages; no taxonomy feeds.
    let config = "baseURL = \"https://example.org/\"\ntitle = \"t\"\n[pagination]\npagerSize = 9\n[outputs]\ntaxonomy = [\"html\"]\n[params.home.posts]\npaginate = 5\n[params.list]\npaginate = 2\n";
    let mut files = vec![("hugo.toml", config)];
    files.extend(docs.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_hugo(dir.path(), &files);
    let toml = std::fs::read_to_string(site.join("boke.toml")).unwrap_or_default();
    assert!(toml.contains("posts_per_page = 5"), "{toml}");
    build_and_check_listed(&site, dir.path(), &["/tags/go/page/2/", "/tags/go/page/3/"]);
    let public = site.join("public");
    for old in ["/tags/go/page/2/", "/tags/go/page/3/"] {
        assert_eq!(
            redirect_target(&public, old).as_deref(),
            Some("/tags/go/"),
            "{old}"
        );
    }
    assert!(
        !report.urls.iter().any(|line| line.old == "/tags/index.xml"),
        "outputs.taxonomy has no rss"
    );
}

/// A theme's not-found page at `source/404/index.md` (Hexo served it at `/404/`) is boke's
/// `/404.html`, and `/404/` leads there; hexo-generator-baidu-sitemap's file gets a rule to
/// boke's sitemap.
#[test]
fn the_old_not_found_page_and_sitemap_lead_to_bokes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (site, report) = import_written(
        dir.path(),
        &[
            (
                "_config.yml",
                "title: 站\nurl: https://blog.example.org\nbaidusitemap:\n  path: baidusitemap.xml\n",
            ),
            ("source/404/index.md", "---\ntitle: 404\n---\n走丢了\n"),
        ],
        None,
    );
    build_and_check_listed(&site, dir.path(), &["/404/", "/404.html"]);
    assert_eq!(
        redirect_target(&site.join("public"), "/404/").as_deref(),
        Some("/404.html")
    );
    let line = report.urls.iter().find(|line| line.old == "/404/");
    assert_eq!(
        line.map(|line| &line.resolution),
        Some(&boke_import::Resolution::Alias("/404.html".into()))
    );
    let rules = std::fs::read_to_string(site.join("static/_redirects")).unwrap_or_default();
    assert!(
        rules.contains("/baidusitemap.xml /sitemap.xml 301"),
        "{rules}"
    );
}

/// Hugo writes `page/1/` of every paginated list as a redirect to its first page; a folder
/// with its own `_index.md` inside a section is a list of its own, with a feed, as each
/// section is; a term's `_index.md` can move its page and feed (`url:`); a page's `aliases`
/// are its old paths too. Each of those old paths leads somewhere.
#[test]
fn hugo_first_pages_nested_sections_and_moved_terms_answer() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let post = "---\ntitle: 甲\ndate: 2024-01-01T10:00:00+08:00\ntags: [Go]\n---\n正文\n";
    let (site, report) = import_hugo(
        dir.path(),
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"t\"\n",
            ),
            ("content/posts/p1.md", post),
            (
                "content/posts/series-x/_index.md",
                "---\ntitle: 系列\n---\n",
            ),
            (
                "content/posts/series-x/s1.md",
                "---\ntitle: 一\ndate: 2024-02-01T10:00:00+08:00\n---\n正文\n",
            ),
            (
                "content/tags/go/_index.md",
                "---\ntitle: Go\nurl: /tags/golang/\n---\n",
            ),
            (
                "content/about.md",
                "---\ntitle: 关于\naliases: [/me.html, old-about]\n---\n正文\n",
            ),
            ("content/notes/n.md", "---\ntitle: 笔记\n---\n正文\n"),
        ],
    );
    let expected = [
        ("/page/1/", "/"),
        ("/posts/page/1/", "/archives/"),
        ("/tags/go/page/1/", "/tags/go/"),
        ("/tags/golang/", "/tags/go/"),
        ("/posts/series-x/", "/posts/series-x/s1/"),
        ("/posts/series-x/page/1/", "/posts/series-x/s1/"),
        ("/me.html", "/about/"),
        ("/old-about/", "/about/"),
    ];
    let urls: Vec<&str> = expected.iter().map(|(old, _)| *old).collect();
    build_and_check_listed(&site, dir.path(), &urls);
    let public = site.join("public");
    for (old, new) in expected {
        assert_eq!(redirect_target(&public, old).as_deref(), Some(new), "{old}");
    }
    let rules = std::fs::read_to_string(site.join("static/_redirects")).unwrap_or_default();
    for rule in [
        "/posts/series-x/index.xml /index.xml 301",
        "/notes/index.xml /index.xml 301",
        "/tags/golang/index.xml /tags/go/index.xml 301",
    ] {
        assert!(rules.contains(rule), "{rule}: {rules}");
    }
    assert!(
        report
            .urls
            .iter()
            .any(|line| line.old == "/posts/series-x/" && line.kind == "section"),
        "{:?}",
        report.urls.iter().map(|l| &l.old).collect::<Vec<_>>()
    );
}
