//! The default theme's social UI in the built HTML: present on post and list pages when
//! `[social] endpoint` is set, and absent from every page when it is not.

use std::path::Path;

use scraper::{Html, Selector};

const ENDPOINT: &str = "https://comments.example.com";

fn build(with_endpoint: bool) -> tempfile::TempDir {
    let site = crate::common::copy_site(&crate::common::example_blog());
    if with_endpoint {
        let config = site.path().join("boke.toml");
        let mut text = std::fs::read_to_string(&config).expect("read boke.toml");
        text.push_str(&format!("\n[social]\nendpoint = \"{ENDPOINT}\"\n"));
        std::fs::write(&config, text).expect("write boke.toml");
    }
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    site
}

fn page(site: &Path, path: &str) -> Html {
    let file = site.join("public").join(path);
    Html::parse_document(&std::fs::read_to_string(&file).expect("read page"))
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector).collect()
}

#[test]
fn no_endpoint_no_social_markup_anywhere() {
    let site = build(false);
    let public = site.path().join("public");
    let mut html_pages = 0;
    for file in crate::common::files_under(&public) {
        if file.extension().is_some_and(|e| e == "html") {
            html_pages += 1;
            let text = std::fs::read_to_string(public.join(&file)).expect("read");
            for needle in ["social", "subscribe", "data-endpoint", "comment-count"] {
                assert!(
                    !text.contains(needle),
                    "{} mentions {needle} without an endpoint",
                    file.display()
                );
            }
        }
    }
    assert!(html_pages > 10, "only {html_pages} HTML pages were built");
}

#[test]
fn endpoint_brings_comments_counts_and_subscribe_form() {
    let site = build(true);
    let post = page(site.path(), "posts/2026-ai-trends/index.html");

    let sections = select(&post, "section#comments.social");
    assert_eq!(sections.len(), 1, "one comments section on the post");
    assert_eq!(
        sections[0].value().attr("data-page"),
        Some("/posts/2026-ai-trends/")
    );
    // The section comes after the article, so filling it cannot move the text.
    let after_article = select(&post, "article.post ~ section#comments");
    assert_eq!(after_article.len(), 1, "comments follow the article");
    // The loading line is written by the script, so without one it never shows.
    let note = select(&post, "section#comments .social-note");
    assert_eq!(note[0].text().collect::<String>(), "");
    assert_eq!(note[0].value().attr("data-loading"), Some("正在载入评论……"));

    let scripts = select(&post, "script[src='/assets/social.js']");
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].value().attr("data-endpoint"), Some(ENDPOINT));
    assert_eq!(scripts[0].value().attr("defer"), Some(""));
    assert_eq!(
        select(&post, "link[rel=stylesheet][href='/assets/social.css']").len(),
        1
    );

    let header_counts = select(&post, ".post-header .social-counts");
    assert_eq!(header_counts.len(), 1);
    assert_eq!(
        header_counts[0].value().attr("data-page"),
        Some("/posts/2026-ai-trends/")
    );

    // The footer form, with its honeypot kept out of the tab order.
    assert_eq!(
        select(
            &post,
            "footer form.subscribe fieldset[disabled] input[type=email][required]"
        )
        .len(),
        1,
        "the subscribe field is there, disabled until the script can send it"
    );
    let honeypot = select(&post, "form.subscribe .social-hp input[name=homepage]");
    assert_eq!(honeypot.len(), 1);
    assert_eq!(honeypot[0].value().attr("tabindex"), Some("-1"));

    // Every post on the home page gets a counts slot pointing at its own page.
    let home = page(site.path(), "index.html");
    let titles = select(&home, ".post-item-title a");
    let counts = select(&home, ".post-item .social-counts");
    assert!(!titles.is_empty());
    assert_eq!(titles.len(), counts.len());
    for (title, count) in titles.iter().zip(&counts) {
        assert_eq!(title.value().attr("href"), count.value().attr("data-page"));
    }

    // The assets themselves are in the build.
    let public = site.path().join("public");
    let script = std::fs::read_to_string(public.join("assets/social.js")).expect("social.js");
    assert!(script.contains("/api/comments"));
    assert!(public.join("assets/social.css").is_file());
}
