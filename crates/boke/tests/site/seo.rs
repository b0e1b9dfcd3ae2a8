//! The default theme's metadata for search engines and sharing, read from the built example
//! blog: OpenGraph, Twitter card, JSON-LD `BlogPosting`, and the share links of a post.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{Html, Selector};

/// A page of the example blog, built once for every test of this file (into cargo's scratch
/// folder for integration tests, made afresh by the first test that asks).
fn built_page(site_path: &str) -> Html {
    static OUTPUT: OnceLock<PathBuf> = OnceLock::new();
    let output = OUTPUT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog");
        let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("seo-example-blog");
        let _ = std::fs::remove_dir_all(&output);
        boke::build(&boke::BuildOptions {
            root,
            output: Some(output.clone()),
            ..Default::default()
        })
        .expect("the example blog builds");
        output
    });
    let html = std::fs::read_to_string(output.join(site_path)).expect("page exists");
    Html::parse_document(&html)
}

fn meta(document: &Html, attribute: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(&format!("meta[{attribute}=\"{name}\"]")).expect("selector");
    document
        .select(&selector)
        .filter_map(|m| m.value().attr("content").map(str::to_owned))
        .collect()
}

#[test]
fn seed_post_has_opengraph_twitter_and_valid_json_ld() {
    let page = built_page("posts/2026-ai-trends/index.html");
    let url = "https://blog.example.com/posts/2026-ai-trends/";
    assert_eq!(meta(&page, "property", "og:type"), ["article"]);
    assert_eq!(meta(&page, "property", "og:title"), ["2026年AI发展趋势"]);
    assert_eq!(meta(&page, "property", "og:url"), [url]);
    assert_eq!(meta(&page, "property", "og:locale"), ["zh_CN"]);
    assert_eq!(meta(&page, "property", "og:site_name"), ["AI 观察"]);
    assert_eq!(
        meta(&page, "property", "article:published_time"),
        ["2026-01-05T00:00:00+08:00"]
    );
    assert_eq!(meta(&page, "name", "twitter:card"), ["summary"]);
    let description = meta(&page, "name", "description");
    assert_eq!(description, meta(&page, "property", "og:description"));
    assert!(
        description[0].starts_with("探讨2026年人工智能"),
        "{description:?}"
    );

    let script = Selector::parse("script[type=\"application/ld+json\"]").expect("selector");
    let scripts: Vec<_> = page.select(&script).collect();
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value =
        serde_json::from_str(&scripts[0].inner_html()).expect("JSON-LD parses");
    assert_eq!(json["@type"], "BlogPosting");
    assert_eq!(json["headline"], "2026年AI发展趋势");
    assert_eq!(json["datePublished"], "2026-01-05T00:00:00+08:00");
    assert_eq!(json["dateModified"], "2026-01-05T00:00:00+08:00");
    assert_eq!(json["author"]["name"], "林远");
    assert_eq!(json["inLanguage"], "zh-CN");
    assert_eq!(json["url"], url);
    assert_eq!(json["mainEntityOfPage"]["@id"], url);
}

#[test]
fn post_share_links_are_url_encoded_and_need_no_third_party_script() {
    let page = built_page("posts/rust-tokenizer/index.html");
    let href = |class: &str| {
        let selector = Selector::parse(&format!(".share a.{class}")).expect("selector");
        page.select(&selector)
            .next()
            .and_then(|a| a.value().attr("href"))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let title = "%E7%94%A8%20Rust%20%E5%86%99%E4%B8%80%E4%B8%AA%E4%B8%AD%E6%96%87%E5%88%86%E8%AF%8D%E5%99%A8";
    let url = "https%3A//blog.example.com/posts/rust-tokenizer/";
    assert_eq!(
        href("share-weibo"),
        format!("https://service.weibo.com/share/share.php?url={url}&title={title}")
    );
    assert_eq!(
        href("share-x"),
        format!("https://x.com/intent/post?url={url}&text={title}")
    );
    let copy = Selector::parse(".share button.share-copy").expect("selector");
    let copy = page.select(&copy).next().expect("a copy button");
    assert_eq!(
        copy.value().attr("data-url"),
        Some("https://blog.example.com/posts/rust-tokenizer/")
    );
    let native = Selector::parse(".share button.share-native[hidden]").expect("selector");
    assert!(
        page.select(&native).next().is_some(),
        "Web Share waits for script"
    );
    let scripts = Selector::parse("script[src]").expect("selector");
    for script in page.select(&scripts) {
        let src = script.value().attr("src").unwrap_or_default();
        assert!(src.starts_with('/'), "third-party script {src}");
    }
}

fn nav_current(document: &Html) -> Vec<(String, String)> {
    let selector = Selector::parse(".site-nav a[aria-current]").expect("selector");
    document
        .select(&selector)
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default().to_owned();
            let current = a
                .value()
                .attr("aria-current")
                .unwrap_or_default()
                .to_owned();
            (href, current)
        })
        .collect()
}

#[test]
fn nav_marks_the_section_a_term_page_belongs_to() {
    let index = built_page("tags/index.html");
    assert_eq!(
        nav_current(&index),
        [("/tags/".to_owned(), "page".to_owned())]
    );
    let term = built_page("tags/rust/index.html");
    assert_eq!(
        nav_current(&term),
        [("/tags/".to_owned(), "true".to_owned())]
    );
}

#[test]
fn the_search_page_has_one_search_landmark() {
    let search = built_page("search/index.html");
    let landmarks = Selector::parse("[role=search], search").expect("selector");
    assert_eq!(search.select(&landmarks).count(), 1);
    let home = built_page("index.html");
    assert_eq!(
        home.select(&landmarks).count(),
        1,
        "the header form elsewhere"
    );
}
