//! Categories under categories: a term page for each level listing its whole subtree,
//! breadcrumbs on term pages and in post meta, the tree on the categories page, and each level
//! in the feeds and the sitemap.

use std::path::Path;

use boke::{BuildOptions, build};
use scraper::{Html, Selector};

fn build_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        crate::common::write(temp.path(), path, text);
    }
    let options = BuildOptions {
        root: temp.path().to_path_buf(),
        ..BuildOptions::default()
    };
    if let Err(error) = build(&options) {
        panic!("build failed: {error}");
    }
    temp
}

fn page(root: &Path, file: &str) -> Html {
    let path = root.join("public").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no {file}"));
    Html::parse_document(&text)
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    html.select(&selector).collect()
}

/// `(href, text)` of each link matched by `css`.
fn links(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .into_iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_owned(),
                a.text().collect::<String>().trim().to_owned(),
            )
        })
        .collect()
}

/// Titles of the posts a list page shows.
fn listed(html: &Html) -> Vec<String> {
    select(html, ".post-list .post-item-title a")
        .into_iter()
        .map(|a| a.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Three posts: one under Java › Groovy, one under Java › Spring (written Hexo's way, as
/// a nested list) and also under 生活, one under Java itself.
const SITE: &[(&str, &str)] = &[
    (
        "content/posts/groovy.md",
        "---\ntitle: Groovy 闭包\ndate: 2026-01-03\ncategories: [Java/Groovy]\n---\n正文\n",
    ),
    (
        "content/posts/spring.md",
        "---\ntitle: Spring 注入\ndate: 2026-01-02\ncategories: [[Java, Spring], 生活]\n---\n正文\n",
    ),
    (
        "content/posts/jvm.md",
        "---\ntitle: JVM 内存\ndate: 2026-01-01\ncategories: Java\n---\n正文\n",
    ),
];

#[test]
fn each_level_has_a_page_listing_its_subtree() {
    let temp = build_site(SITE);
    let root = temp.path();
    let java = page(root, "categories/java/index.html");
    assert_eq!(listed(&java), ["Groovy 闭包", "Spring 注入", "JVM 内存"]);
    let groovy = page(root, "categories/java/groovy/index.html");
    assert_eq!(listed(&groovy), ["Groovy 闭包"]);
    let spring = page(root, "categories/java/spring/index.html");
    assert_eq!(listed(&spring), ["Spring 注入"]);
    let life = page(root, "categories/生活/index.html");
    assert_eq!(listed(&life), ["Spring 注入"]);
    // The child levels are not top-level categories as well.
    assert!(!root.join("public/categories/groovy").exists());
}

#[test]
fn term_pages_and_post_meta_link_each_level() {
    let temp = build_site(SITE);
    let root = temp.path();
    let groovy = page(root, "categories/java/groovy/index.html");
    assert_eq!(
        links(&groovy, "nav.breadcrumbs a"),
        [
            ("/categories/".to_owned(), "分类".to_owned()),
            ("/categories/java/".to_owned(), "Java".to_owned()),
            ("/categories/java/groovy/".to_owned(), "Groovy".to_owned()),
        ]
    );
    let current = select(&groovy, "nav.breadcrumbs [aria-current=page]");
    assert_eq!(current.len(), 1);

    let java = page(root, "categories/java/index.html");
    assert_eq!(
        links(&java, "nav.breadcrumbs a"),
        [
            ("/categories/".to_owned(), "分类".to_owned()),
            ("/categories/java/".to_owned(), "Java".to_owned()),
        ]
    );

    let post = page(root, "posts/spring/index.html");
    let meta: Vec<Vec<(String, String)>> =
        select(&post, "article.post .post-header .category-path")
            .into_iter()
            .map(|path| {
                let a = Selector::parse("a").expect("selector");
                path.select(&a)
                    .map(|a| {
                        let href = a.value().attr("href").unwrap_or_default().to_owned();
                        (href, a.text().collect::<String>())
                    })
                    .collect()
            })
            .collect();
    assert_eq!(
        meta,
        [
            vec![
                ("/categories/java/".to_owned(), "Java".to_owned()),
                ("/categories/java/spring/".to_owned(), "Spring".to_owned()),
            ],
            vec![(
                "/categories/%E7%94%9F%E6%B4%BB/".to_owned(),
                "生活".to_owned()
            )],
        ]
    );
}

#[test]
fn breadcrumbs_speak_english_on_english_sites() {
    let mut files = SITE.to_vec();
    files.push(("boke.toml", "language = \"en\"\n"));
    let temp = build_site(&files);
    let groovy = page(temp.path(), "categories/java/groovy/index.html");
    let nav = select(&groovy, "nav.breadcrumbs");
    assert_eq!(nav[0].value().attr("aria-label"), Some("Breadcrumbs"));
    assert_eq!(
        links(&groovy, "nav.breadcrumbs a")[0],
        ("/categories/".to_owned(), "Categories".to_owned())
    );
}

#[test]
fn the_categories_page_shows_the_tree_with_counts() {
    let temp = build_site(SITE);
    let index = page(temp.path(), "categories/index.html");
    // Top level: Java (3 posts with its subtree) and 生活 (1).
    let top: Vec<(String, String)> = links(&index, "ul.term-tree > li > a");
    assert_eq!(
        top,
        [
            ("/categories/java/".to_owned(), "Java3".to_owned()),
            (
                "/categories/%E7%94%9F%E6%B4%BB/".to_owned(),
                "生活1".to_owned()
            ),
        ]
    );
    let under_java = links(&index, "ul.term-tree > li > ul > li > a");
    assert_eq!(
        under_java,
        [
            ("/categories/java/groovy/".to_owned(), "Groovy1".to_owned()),
            ("/categories/java/spring/".to_owned(), "Spring1".to_owned()),
        ]
    );
}

#[test]
fn every_level_has_a_feed_and_a_sitemap_entry() {
    let temp = build_site(SITE);
    let root = temp.path().join("public");
    let feed = std::fs::read_to_string(root.join("categories/java/groovy/atom.xml"))
        .expect("feed of a child category");
    let parsed = feed_rs::parser::parse(feed.as_bytes()).expect("a valid feed");
    let titles: Vec<String> = parsed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(titles, ["Groovy 闭包"]);
    let site_feed = std::fs::read_to_string(root.join("atom.xml")).expect("site feed");
    let parsed = feed_rs::parser::parse(site_feed.as_bytes()).expect("a valid feed");
    let groovy = parsed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Groovy 闭包"))
        .expect("the post is in the site feed");
    let categories: Vec<&str> = groovy.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(categories, ["Java/Groovy"]);
    let sitemap = std::fs::read_to_string(root.join("sitemap.xml")).expect("sitemap");
    for url in ["/categories/java/", "/categories/java/groovy/"] {
        assert!(
            sitemap.contains(&format!("<loc>http://localhost:1111{url}</loc>")),
            "{url} not in the sitemap"
        );
    }
}

#[test]
fn levels_merge_by_case_and_category_permalinks_nest() {
    let temp = build_site(&[
        ("boke.toml", "permalink = \"/:category/:slug/\"\n"),
        (
            "content/posts/a.md",
            "---\ntitle: 甲\ndate: 2026-01-02\ncategories: [Java/Groovy]\n---\n正文\n",
        ),
        (
            "content/posts/b.md",
            "---\ntitle: 乙\ndate: 2026-01-01\ncategories: [java/groovy]\n---\n正文\n",
        ),
    ]);
    let root = temp.path();
    assert!(root.join("public/java/groovy/a/index.html").is_file());
    let groovy = page(root, "categories/java/groovy/index.html");
    assert_eq!(listed(&groovy), ["甲", "乙"]);
    let entries = std::fs::read_dir(root.join("public/categories")).expect("categories");
    let names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".html"))
        .collect();
    assert_eq!(names, ["java"]);
}

#[test]
fn posts_under_one_parent_are_related_through_it() {
    let temp = build_site(&[
        (
            "content/posts/groovy.md",
            "---\ntitle: 闭包\ndate: 2026-01-03\ncategories: [Java/Groovy]\n---\n动态语言的闭包写法。\n",
        ),
        (
            "content/posts/spring.md",
            "---\ntitle: 注入\ndate: 2026-01-02\ncategories: [Java/Spring]\n---\n容器管理对象的依赖。\n",
        ),
        (
            "content/posts/travel.md",
            "---\ntitle: 旅行\ndate: 2026-01-01\ncategories: [生活]\n---\n海边的风景很好看。\n",
        ),
    ]);
    let groovy = page(temp.path(), "posts/groovy/index.html");
    let related: Vec<String> = select(&groovy, "nav.related a")
        .into_iter()
        .map(|a| a.text().collect::<String>())
        .collect();
    assert_eq!(related, ["注入"]);
}

/// A category named like the pagination folder under a parent (`Java/page`) is numbered
/// (`/categories/java/page-2/`), so the parent's later pages (`/categories/java/page/2/`)
/// and the child's own never share a folder; a top-level `page` keeps its name.
#[test]
fn a_level_named_like_the_pagination_folder_is_numbered() {
    let post = |n: usize, categories: &str| {
        (
            format!("content/posts/p{n}.md"),
            format!(
                "---\ntitle: P{n}\ndate: 2024-01-0{n}\ncategories: [{categories}]\n---\n正文\n"
            ),
        )
    };
    let posts = [post(1, "Java/page"), post(2, "Java/page"), post(3, "page")];
    let mut files: Vec<(&str, &str)> = vec![("boke.toml", "title = \"t\"\nposts_per_page = 1\n")];
    files.extend(
        posts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    );
    let temp = build_site(&files);
    let child = page(temp.path(), "categories/java/page-2/index.html");
    assert_eq!(listed(&child), ["P2"]);
    assert_eq!(
        listed(&page(
            temp.path(),
            "categories/java/page-2/page/2/index.html"
        )),
        ["P1"]
    );
    assert_eq!(
        listed(&page(temp.path(), "categories/java/page/2/index.html")),
        ["P1"]
    );
    assert!(
        !temp
            .path()
            .join("public/categories/java/page/index.html")
            .exists()
    );
    assert_eq!(
        listed(&page(temp.path(), "categories/page/index.html")),
        ["P3"]
    );
}
