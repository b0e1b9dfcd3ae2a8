//! URLs of small sites built in temporary folders: the three slug styles on posts, tags and
//! categories alike, and clashes reported with both files named.

use std::path::Path;

use boke::{BuildOptions, build};

/// Writes `files` (path, text) under a fresh site root and builds it.
fn build_site(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<(), String>) {
    let temp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = temp.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let options = BuildOptions {
        root: temp.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let result = build(&options).map(drop).map_err(|e| e.to_string());
    (temp, result)
}

fn exists(root: &Path, file: &str) -> bool {
    root.join("public").join(file).is_file()
}

const AI_POST: &str =
    "---\ndate: 2026-01-02\ntags: [人工智能]\ncategories: [技术笔记]\n---\n正文\n";

#[test]
fn pinyin_style_applies_to_posts_tags_and_categories() {
    let (temp, result) = build_site(&[
        ("boke.toml", "slug_style = \"pinyin\"\n"),
        ("content/posts/人工智能入门.md", AI_POST),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    assert!(exists(root, "posts/ren-gong-zhi-neng-ru-men/index.html"));
    assert!(exists(root, "tags/ren-gong-zhi-neng/index.html"));
    assert!(exists(root, "tags/ren-gong-zhi-neng/atom.xml"));
    assert!(exists(root, "categories/ji-shu-bi-ji/index.html"));
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("http://localhost:1111/tags/ren-gong-zhi-neng/"));
}

#[test]
fn hash_style_applies_to_posts_tags_and_categories() {
    let (temp, result) = build_site(&[
        ("boke.toml", "slug_style = \"hash\"\n"),
        ("content/posts/人工智能入门.md", AI_POST),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    let hash = |name: &str| boke::short_hash(name);
    assert!(exists(
        root,
        &format!("posts/{}/index.html", hash("人工智能入门"))
    ));
    assert!(exists(
        root,
        &format!("tags/{}/index.html", hash("人工智能"))
    ));
    assert!(exists(
        root,
        &format!("categories/{}/index.html", hash("技术笔记"))
    ));
}

#[test]
fn unicode_style_keeps_chinese_in_files_and_encodes_links() {
    let (temp, result) = build_site(&[("content/posts/人工智能入门.md", AI_POST)]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    assert!(exists(root, "posts/人工智能入门/index.html"));
    assert!(exists(root, "tags/人工智能/index.html"));
    let post =
        std::fs::read_to_string(root.join("public/posts/人工智能入门/index.html")).expect("post");
    let html = scraper::Html::parse_document(&post);
    let links = scraper::Selector::parse("a[href]").expect("selector");
    let hrefs: Vec<&str> = html
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/"),
        "{hrefs:?}"
    );
}

#[test]
fn two_posts_at_one_url_name_both_files() {
    let (temp, result) = build_site(&[
        ("content/posts/hello.md", "---\ndate: 2026-01-01\n---\n一\n"),
        ("content/posts/2026-02-01-hello.md", "二\n"),
    ]);
    let error = result.expect_err("a clash fails the build");
    assert!(error.contains("content/posts/hello.md"), "{error}");
    assert!(
        error.contains("content/posts/2026-02-01-hello.md"),
        "{error}"
    );
    assert!(error.contains("/posts/hello/"), "{error}");
    assert!(!temp.path().join("public").exists(), "nothing written");
}

#[test]
fn tags_whose_slugs_collide_get_numbered_slugs() {
    let (temp, result) = build_site(&[
        ("boke.toml", "slug_style = \"pinyin\"\n"),
        (
            "content/posts/a.md",
            "---\ndate: 2026-01-01\ntags: [人工智能]\n---\n一\n",
        ),
        (
            "content/posts/b.md",
            "---\ndate: 2026-01-02\ntags: [Ren Gong Zhi Neng]\n---\n二\n",
        ),
    ]);
    result.expect("tags sharing a slug build");
    // In name order: `Ren Gong Zhi Neng` sorts before `人工智能`.
    let first =
        std::fs::read_to_string(temp.path().join("public/tags/ren-gong-zhi-neng/index.html"))
            .expect("the first tag's page");
    let second = std::fs::read_to_string(
        temp.path()
            .join("public/tags/ren-gong-zhi-neng-2/index.html"),
    )
    .expect("the second tag's page");
    assert!(first.contains("Ren Gong Zhi Neng"), "{first}");
    assert!(second.contains("人工智能"), "{second}");
}

#[test]
fn tags_differing_only_in_case_are_one_term() {
    let (temp, result) = build_site(&[
        (
            "content/posts/a.md",
            "---\ntitle: 甲\ndate: 2026-01-01\ntags: [docker]\n---\n一\n",
        ),
        (
            "content/posts/b.md",
            "---\ntitle: 乙\ndate: 2026-01-02\ntags: [Docker]\n---\n二\n",
        ),
        (
            "content/posts/c.md",
            "---\ntitle: 丙\ndate: 2026-01-03\ntags: [Docker, docker]\n---\n三\n",
        ),
    ]);
    result.expect("tags differing in case build");
    let page = std::fs::read_to_string(temp.path().join("public/tags/docker/index.html"))
        .expect("one page for the tag");
    let html = scraper::Html::parse_document(&page);
    let links = scraper::Selector::parse("a").expect("selector");
    let titles: Vec<String> = html
        .select(&links)
        .map(|a| a.text().collect::<String>())
        .collect();
    for title in ["甲", "乙", "丙"] {
        assert_eq!(
            titles.iter().filter(|t| t.trim() == title).count(),
            1,
            "{title} once in {titles:?}"
        );
    }
    // The spelling used most (Docker twice, docker twice: the newest post's, c.md's first) names it.
    let heading = scraper::Selector::parse("h1").expect("selector");
    let name: String = html.select(&heading).flat_map(|h| h.text()).collect();
    assert!(name.contains("Docker"), "{name}");
}

#[test]
fn a_page_at_a_tag_url_names_the_page_and_the_post() {
    let (_temp, result) = build_site(&[
        ("content/tags/ai.md", "# 关于 AI 标签\n"),
        (
            "content/posts/a.md",
            "---\ndate: 2026-01-01\ntags: [AI]\n---\n一\n",
        ),
    ]);
    let error = result.expect_err("a clash fails the build");
    assert!(error.contains("content/tags/ai.md"), "{error}");
    assert!(error.contains("content/posts/a.md"), "{error}");
}

#[test]
fn html_permalink_puts_the_mirror_beside_the_page() {
    let (temp, result) = build_site(&[
        ("boke.toml", "permalink = \"/:slug.html\"\n"),
        ("content/posts/人工智能入门.md", AI_POST),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    assert!(exists(root, "人工智能入门.html"));
    assert!(
        exists(root, "人工智能入门.md"),
        "the mirror beside its page"
    );
    assert!(!exists(root, "人工智能入门.htmlindex.md"));
    let encoded = "%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD%E5%85%A5%E9%97%A8";
    let page = std::fs::read_to_string(root.join("public/人工智能入门.html")).expect("page");
    assert!(
        page.contains(&format!("type=\"text/markdown\" href=\"/{encoded}.md\"")),
        "the page links to its mirror"
    );
    let llms = std::fs::read_to_string(root.join("public/llms.txt")).expect("llms.txt");
    assert!(
        llms.contains(&format!("http://localhost:1111/{encoded}.md)")),
        "{llms}"
    );
    assert!(llms.contains("with `.html` in place of `.md`"), "{llms}");
}

/// A folder post under a `.html` permalink: the files beside it go where its relative links
/// point, the folder holding the page, not a name glued to the page's file name.
#[test]
fn html_permalink_puts_a_folder_posts_files_beside_the_page() {
    let (temp, result) = build_site(&[
        ("boke.toml", "permalink = \"/post/:slug.html\"\n"),
        (
            "content/posts/2026-01-02-chart/index.md",
            "---\ntitle: 图表\n---\n\n![封面](cover.png)\n",
        ),
        ("content/posts/2026-01-02-chart/cover.png", "png"),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    assert!(exists(root, "post/chart.html"));
    assert!(exists(root, "post/cover.png"), "the image beside the page");
    assert!(!exists(root, "post/chart.htmlcover.png"));
}

#[test]
fn later_pages_of_lists_go_to_the_pagination_path() {
    let post = |day: u8| format!("---\ndate: 2026-01-0{day}\ntags: [AI]\n---\n正文\n");
    let (one, two) = (post(1), post(2));
    let (temp, result) = build_site(&[
        ("boke.toml", "posts_per_page = 1\npagination_path = \"p\"\n"),
        ("content/posts/a.md", &one),
        ("content/posts/b.md", &two),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    assert!(exists(root, "p/2/index.html"));
    assert!(exists(root, "tags/ai/p/2/index.html"));
    assert!(!exists(root, "page/2/index.html"));
    let home = std::fs::read_to_string(root.join("public/index.html")).expect("home");
    let html = scraper::Html::parse_document(&home);
    let next = scraper::Selector::parse("a[rel=next]").expect("selector");
    let hrefs: Vec<&str> = html
        .select(&next)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["/p/2/"]);
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>http://localhost:1111/tags/ai/p/2/</loc>"));

    let (_, result) = build_site(&[("boke.toml", "pagination_path = \"a/b\"\n")]);
    let error = result.expect_err("a path of two folders is refused");
    assert!(error.contains("pagination_path"), "{error}");
}

/// `(title of each entry, the feed's self link)` of a feed file, which must parse.
fn read_feed(root: &Path, file: &str) -> (Vec<String>, Option<String>) {
    let bytes =
        std::fs::read(root.join("public").join(file)).unwrap_or_else(|_| panic!("no {file}"));
    let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{file}: {e}"));
    let titles = feed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    let own = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("self"))
        .map(|l| l.href.clone());
    (titles, own)
}

#[test]
fn feeds_are_written_at_an_old_sites_paths_too() {
    let post = |title: &str, day: u8| {
        format!("---\ntitle: {title}\ndate: 2026-01-0{day}\ntags: [Go]\n---\n正文\n")
    };
    let (one, two) = (post("一", 1), post("二", 2));
    let (temp, result) = build_site(&[
        (
            "boke.toml",
            "[feed]\nrss_also_at = [\"/index.xml\", \"posts/index.xml\"]\natom_also_at = [\"/feed.atom\", \"/atom.xml\"]\nterm_rss_file = \"index.xml\"\n",
        ),
        ("content/posts/a.md", &one),
        ("content/posts/b.md", &two),
    ]);
    assert_eq!(result, Ok(()));
    let root = temp.path();
    let (titles, _) = read_feed(root, "rss.xml");
    assert_eq!(titles, ["二", "一"]);
    for (file, format) in [
        ("index.xml", "<rss"),
        ("posts/index.xml", "<rss"),
        ("feed.atom", "<feed"),
        ("tags/go/index.xml", "<rss"),
    ] {
        let text = std::fs::read_to_string(root.join("public").join(file)).unwrap_or_default();
        assert!(text.contains(format), "{file} is not {format}: {text}");
        let (entries, own) = read_feed(root, file);
        assert_eq!(entries, titles, "{file}");
        assert_eq!(own, Some(format!("http://localhost:1111/{file}")), "{file}");
    }
    let (_, own) = read_feed(root, "atom.xml");
    assert_eq!(own.as_deref(), Some("http://localhost:1111/atom.xml"));

    let (_, result) = build_site(&[("boke.toml", "[feed]\nrss_also_at = [\"/posts/\"]\n")]);
    let error = result.expect_err("a folder is not a feed path");
    assert!(error.contains("/posts/"), "{error}");
}

#[test]
fn headings_keep_an_old_engines_ids_when_asked() {
    let post = "---\ndate: 2026-01-01\n---\n## Getting Started\n\n正文\n\n## 结论\n\n正文\n";
    let (temp, result) = build_site(&[
        ("boke.toml", "[markdown]\nanchor_aliases = \"hexo\"\n"),
        ("content/posts/a.md", post),
    ]);
    assert_eq!(result, Ok(()));
    let page =
        std::fs::read_to_string(temp.path().join("public/posts/a/index.html")).expect("the post");
    let html = scraper::Html::parse_document(&page);
    let old = scraper::Selector::parse(".post-content h2 > span[id]").expect("selector");
    let found: Vec<(String, String)> = html
        .select(&old)
        .filter_map(|span| {
            let heading = span.parent().and_then(scraper::ElementRef::wrap)?;
            Some((
                span.value().attr("id")?.to_owned(),
                heading.value().attr("id")?.to_owned(),
            ))
        })
        .collect();
    // Hexo's id kept the case; 结论 is the same in both and gets no second id.
    assert_eq!(
        found,
        [("Getting-Started".to_owned(), "getting-started".to_owned())]
    );

    let (_, result) = build_site(&[("boke.toml", "[markdown]\nanchor_aliases = \"jekyll\"\n")]);
    assert!(result.is_err(), "an unknown engine is refused");
}
