//! The site-wide outputs of the example blog, checked from the files a real build writes:
//! feeds parsed with feed-rs, the sitemap against the HTML files on disk, every internal link
//! against the file it names, and drafts and future posts searched for in every byte.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use boke::Visibility;
use boke::{BuildOptions, build};
use percent_encoding::percent_decode_str;

const BASE: &str = "https://blog.example.com";
/// Strings that only the draft and the future post of the example blog contain.
const UNPUBLISHED: &[&str] = &[
    "DRAFTLEAKQ7",
    "FUTURELEAKK3",
    "草稿专用标签",
    "草稿专用分类",
    "未来专用标签",
    "未来专用分类",
    "2026-07-01-unfinished",
    "unfinished",
    "future-post",
];

fn example_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog")
}

/// Builds the example blog into a temporary directory; returns it and the output folder.
fn build_example(visibility: Visibility) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let output = temp.path().join("public");
    let options = BuildOptions {
        root: example_root(),
        output: Some(output.clone()),
        visibility,
        ..Default::default()
    };
    if let Err(errors) = build(&options) {
        panic!("the example blog builds: {errors}");
    }
    (temp, output)
}

/// Every file of the output, as `/`-separated paths relative to it.
fn files_of(output: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let mut folders = vec![output.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read output").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(output).expect("inside output");
                files.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

fn read(output: &Path, file: &str) -> String {
    std::fs::read_to_string(output.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The output file an absolute or site-relative URL of the site is served from, if any.
fn file_for_url(output: &Path, url: &str) -> Option<String> {
    let path = url.strip_prefix(BASE).unwrap_or(url);
    let path = path.split(['#', '?']).next()?;
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut file = decoded.trim_start_matches('/').to_owned();
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    output.join(&file).is_file().then_some(file)
}

fn assert_absolute_link_to_a_file(output: &Path, url: &str) {
    assert!(url.starts_with(&format!("{BASE}/")), "not absolute: {url}");
    assert!(url.is_ascii(), "not percent-encoded: {url}");
    assert!(
        file_for_url(output, url).is_some(),
        "{url} names no file of the output"
    );
}

fn parse_feed(output: &Path, file: &str) -> feed_rs::model::Feed {
    let bytes = std::fs::read(output.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{file} parses: {e}"))
}

/// Titles of the published posts of the example blog, newest first (checked by hand against
/// the files in examples/blog/content/posts).
const POST_TITLES: &[&str] = &[
    "一篇文章里能放些什么：组件演示",
    "Token 定价：谁在为推理买单",
    "Evaluating LLMs on Chinese text",
    "在浏览器里做中文全文搜索",
    "Agent 工作流：从对话到做事",
    "Open-weight models in practice",
    "大模型推理成本为什么在下降",
    "用 Rust 写一个中文分词器",
    "2026年AI发展趋势",
];

#[test]
fn site_feeds_parse_with_titles_links_dates_and_ids() {
    let (_temp, output) = build_example(Visibility::default());
    for file in ["atom.xml", "rss.xml", "feed.json"] {
        let feed = parse_feed(&output, file);
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("AI 观察"),
            "{file}"
        );
        assert_eq!(
            feed.language.map(|l| l.to_lowercase()).as_deref(),
            Some("zh-cn"),
            "{file}"
        );
        let titles: Vec<&str> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.as_str()))
            .collect();
        assert_eq!(titles, POST_TITLES, "{file}: newest first, nothing else");
        for entry in &feed.entries {
            let link = &entry.links.first().expect("entry link").href;
            assert_absolute_link_to_a_file(&output, link);
            assert_eq!(&entry.id, link, "{file}: the id is the permalink");
            assert!(entry.published.is_some(), "{file}: {link} has a date");
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .unwrap_or_default();
            assert!(!content.is_empty(), "{file}: full content by default");
            assert!(!content.contains("href=\"/"), "{file}: relative link left");
        }
        // The post with a Chinese file name: its URL is encoded, its date is 20:00 in Shanghai.
        let cost = feed
            .entries
            .iter()
            .find(|e| {
                e.title
                    .as_ref()
                    .is_some_and(|t| t.content == POST_TITLES[6])
            })
            .expect("the inference cost post");
        assert_eq!(
            cost.links[0].href,
            format!(
                "{BASE}/posts/%E5%A4%A7%E6%A8%A1%E5%9E%8B%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC/"
            )
        );
        assert_eq!(
            cost.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-03-02T12:00:00+00:00"),
            "{file}"
        );
    }

    // The offset is written as the site's zone, not as UTC.
    let atom = read(&output, "atom.xml");
    assert!(atom.contains("<published>2026-03-02T20:00:00+08:00</published>"));
    assert!(
        atom.contains("<updated>2026-04-12T00:00:00+08:00</updated>"),
        "updated date"
    );
    assert!(
        atom.contains("<entry xml:lang=\"en\">"),
        "English posts say so"
    );
    let rss = read(&output, "rss.xml");
    assert!(rss.contains("<pubDate>Mon, 02 Mar 2026 20:00:00 +0800</pubDate>"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&output, "feed.json")).expect("feed.json is JSON");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        json["items"][6]["date_published"],
        "2026-03-02T20:00:00+08:00"
    );
    assert_eq!(json["items"][2]["language"], "en");
    assert_eq!(json["feed_url"], format!("{BASE}/feed.json"));
}

#[test]
fn every_tag_and_category_has_an_atom_feed_of_its_posts() {
    let (_temp, output) = build_example(Visibility::default());
    let files = files_of(&output);
    let term_pages: Vec<&String> = files
        .iter()
        .filter(|f| {
            (f.starts_with("tags/") || f.starts_with("categories/"))
                && f.ends_with("/index.html")
                && !f.contains("/page/")
                && f.matches('/').count() == 2
        })
        .collect();
    assert!(term_pages.len() >= 15, "{term_pages:?}");
    for page in term_pages {
        let folder = page.trim_end_matches("index.html");
        let feed = parse_feed(&output, &format!("{folder}atom.xml"));
        let html = scraper::Html::parse_document(&read(&output, page));
        // Feed readers find the term's own feed from its page.
        let alternates: Vec<Option<String>> = html
            .select(
                &scraper::Selector::parse(r#"link[rel="alternate"][type="application/atom+xml"]"#)
                    .expect("selector"),
            )
            .filter_map(|link| link.value().attr("href"))
            .map(|href| file_for_url(&output, href))
            .collect();
        assert!(
            alternates.contains(&Some(format!("{folder}atom.xml"))),
            "{folder}: atom alternates {alternates:?}"
        );
        let name = html
            .select(&scraper::Selector::parse("h1").expect("selector"))
            .next()
            .map(|h| h.text().collect::<String>())
            .unwrap_or_default();
        let title = feed.title.map(|t| t.content).unwrap_or_default();
        assert!(
            title.starts_with("AI 观察 · ")
                && name.ends_with(title.trim_start_matches("AI 观察 · ")),
            "{folder}: feed `{title}`, page `{name}`"
        );
        let subtitle = html
            .select(&scraper::Selector::parse(".page-subtitle").expect("selector"))
            .next()
            .map(|p| p.text().collect::<String>())
            .unwrap_or_default();
        let count: usize = subtitle
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{folder}: count in {subtitle:?}"));
        assert_eq!(feed.entries.len(), count, "{folder}");
        for entry in &feed.entries {
            assert_absolute_link_to_a_file(&output, &entry.links[0].href);
        }
        let self_link = feed
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("self"))
            .map(|l| l.href.clone())
            .unwrap_or_default();
        assert_eq!(
            file_for_url(&output, &self_link),
            Some(format!("{folder}atom.xml"))
        );
    }
    let ai = parse_feed(&output, "tags/大模型/atom.xml");
    let titles: Vec<String> = ai
        .entries
        .iter()
        .filter_map(|e| e.title.clone())
        .map(|t| t.content)
        .collect();
    assert_eq!(
        titles,
        [
            "Token 定价：谁在为推理买单",
            "Agent 工作流：从对话到做事",
            "大模型推理成本为什么在下降"
        ]
    );
}

/// `<loc>` and `<lastmod>` of a sitemap, read with a strict XML reader.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("the sitemap is well-formed XML") {
            Event::Start(start) => {
                let name = start.name().as_ref().to_owned();
                let allowed_parent = match name.as_str() {
                    "urlset" => open.is_empty(),
                    "url" => open.last().is_some_and(|p| p == "urlset"),
                    "loc" | "lastmod" => open.last().is_some_and(|p| p == "url"),
                    _ => false,
                };
                assert!(allowed_parent, "unexpected <{name}> in {open:?}");
                if name == "urlset" {
                    let namespace = start
                        .try_get_attribute("xmlns")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned());
                    assert_eq!(
                        namespace.as_deref(),
                        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
                    );
                }
                if name == "url" {
                    entries.push((String::new(), None));
                }
                open.push(name);
            }
            Event::Text(text) => {
                let text = text.into_inner().into_owned();
                let last = entries.last_mut();
                match (open.last().map(String::as_str), last) {
                    (Some("loc"), Some(entry)) => entry.0 = text,
                    (Some("lastmod"), Some(entry)) => entry.1 = Some(text),
                    _ => assert!(text.trim().is_empty(), "stray text {text:?}"),
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[test]
fn sitemap_lists_exactly_the_public_html_pages() {
    let (_temp, output) = build_example(Visibility::default());
    let entries = sitemap_entries(&read(&output, "sitemap.xml"));
    let mut listed = BTreeSet::new();
    for (loc, lastmod) in &entries {
        assert_absolute_link_to_a_file(&output, loc);
        let file = file_for_url(&output, loc).expect("file");
        // Only the undated about page has no date to give.
        match lastmod.as_deref() {
            Some(lastmod) => assert!(lastmod.ends_with("+08:00"), "{loc}: {lastmod}"),
            None => assert_eq!(file, "about/index.html", "{loc} has a lastmod"),
        }
        assert!(listed.insert(file), "{loc} twice");
    }
    let expected: BTreeSet<String> = files_of(&output)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .filter(|f| !read(&output, f).contains("http-equiv=\"refresh\""))
        .collect();
    assert_eq!(listed, expected);
    for page in [
        "index.html",
        "page/2/index.html",
        "posts/大模型推理成本/index.html",
        "tags/index.html",
        "tags/大模型/index.html",
        "categories/行业观察/index.html",
        "archives/index.html",
        "about/index.html",
    ] {
        assert!(listed.contains(page), "{page} missing");
    }
    let lastmod_of = |file: &str| {
        entries
            .iter()
            .find(|(loc, _)| file_for_url(&output, loc).as_deref() == Some(file))
            .and_then(|(_, lastmod)| lastmod.clone())
    };
    assert_eq!(
        lastmod_of("posts/agent-workflows/index.html").as_deref(),
        Some("2026-04-12T00:00:00+08:00"),
        "updated wins over date"
    );
    assert_eq!(
        lastmod_of("index.html").as_deref(),
        Some("2026-12-01T20:00:00+08:00")
    );

    let robots = read(&output, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn every_internal_link_names_a_file_chinese_tags_included() {
    let (_temp, output) = build_example(Visibility::default());
    let links = scraper::Selector::parse("a[href], link[href]").expect("selector");
    let mut chinese_tag_links = 0;
    for file in files_of(&output).iter().filter(|f| f.ends_with(".html")) {
        let html = scraper::Html::parse_document(&read(&output, file));
        for link in html.select(&links) {
            let href = link.value().attr("href").unwrap_or_default();
            if !(href.starts_with('/') || href.starts_with(BASE)) || href.starts_with("//") {
                continue;
            }
            assert!(
                file_for_url(&output, href).is_some(),
                "{file}: {href} names no file"
            );
            if href.starts_with("/tags/%E5%A4%A7%E6%A8%A1%E5%9E%8B/") {
                chinese_tag_links += 1;
            }
        }
    }
    assert!(
        chinese_tag_links >= 3,
        "links to the 大模型 tag: {chinese_tag_links}"
    );
    assert!(output.join("tags/大模型/index.html").is_file());
}

/// The titles in `llms-full.txt`, in order: its level-one headings after the site's.
fn full_text_titles(full: &str) -> Vec<&str> {
    full.split("---\n\n# ")
        .skip(1)
        .filter_map(|section| section.split_once('\n').map(|(title, _)| title))
        .collect()
}

#[test]
fn llms_full_txt_holds_every_published_post_newest_first() {
    let (_temp, output) = build_example(Visibility::default());
    let full = read(&output, "llms-full.txt");
    assert!(
        full.starts_with("# AI 观察\n\n> 关于人工智能的长文"),
        "{full}"
    );
    assert_eq!(full_text_titles(&full), POST_TITLES);
    let seed = full
        .split("---\n\n# 2026年AI发展趋势\n\n")
        .nth(1)
        .expect("the seed post");
    assert!(
        seed.starts_with(&format!(
            "URL: {BASE}/posts/2026-ai-trends/\nMarkdown: {BASE}/posts/2026-ai-trends/index.md\nDate: "
        )),
        "{seed}"
    );
    // The body as the post's own mirror holds it, whole, without front matter.
    let mirror = read(&output, "posts/2026-ai-trends/index.md");
    let body = mirror
        .splitn(3, "---\n")
        .nth(2)
        .expect("front matter")
        .trim();
    assert!(seed.contains(body), "the seed post's whole Markdown");
    assert!(!full.contains("left out to keep this file"), "nothing cut");
    assert!(
        read(&output, "llms.txt").contains(&format!("- [Full text]({BASE}/llms-full.txt): ")),
        "llms.txt points at it"
    );
    // A build that shows drafts and future posts still keeps them out of this file.
    let (_temp, output) = build_example(Visibility {
        drafts: true,
        future: true,
    });
    let full = read(&output, "llms-full.txt");
    assert_eq!(full_text_titles(&full), POST_TITLES);
    for secret in UNPUBLISHED {
        assert!(
            !full.contains(secret),
            "`{secret}` leaks into llms-full.txt"
        );
    }
}

#[test]
fn llms_full_txt_stops_at_its_size_bound_with_whole_posts() {
    let site = crate::common::copy_site(&example_root());
    let config = site.path().join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("boke.toml");
    let limit = 12_000;
    std::fs::write(
        &config,
        format!("{text}\n[agents]\nllms_full_max_bytes = {limit}\n"),
    )
    .expect("write boke.toml");
    let output = site.path().join("public");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(output.clone()),
        visibility: Visibility::default(),
        ..Default::default()
    };
    if let Err(errors) = build(&options) {
        panic!("builds: {errors}");
    }
    let full = read(&output, "llms-full.txt");
    assert!(full.len() <= limit, "{} bytes", full.len());
    let titles = full_text_titles(&full);
    assert!(
        !titles.is_empty() && titles.len() < POST_TITLES.len(),
        "{titles:?}"
    );
    assert_eq!(titles, POST_TITLES[..titles.len()], "the newest, in order");
    let left_out = POST_TITLES.len() - titles.len();
    assert!(
        full.trim_end().ends_with(&format!(
            "{left_out} older posts are left out to keep this file under {limit} bytes; \
             {BASE}/llms.txt lists every post with a link to its Markdown."
        )),
        "{full}"
    );
    // Each post that is in is whole: its section ends where the next begins.
    let last = titles[titles.len() - 1];
    let slug_mirror = files_of(&output)
        .into_iter()
        .filter(|file| file.starts_with("posts/") && file.ends_with("/index.md"))
        .map(|file| read(&output, &file))
        .find(|mirror| mirror.starts_with(&format!("---\ntitle: \"{last}\"\n")))
        .expect("the last post's mirror");
    let body = slug_mirror
        .splitn(3, "---\n")
        .nth(2)
        .expect("front matter")
        .trim();
    assert!(
        full.contains(&format!("{body}\n\n---\n\n{left_out} older")),
        "whole"
    );
    let bad = format!("{text}\n[agents]\nllms_full_bytes = 1\n");
    std::fs::write(&config, bad).expect("write boke.toml");
    let error = build(&options)
        .expect_err("an unknown key fails")
        .to_string();
    assert!(error.contains("llms_full_max_bytes"), "{error}");
}

#[test]
fn drafts_and_future_posts_never_leak() {
    let (_temp, output) = build_example(Visibility::default());
    for file in files_of(&output) {
        let bytes = std::fs::read(output.join(&file)).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for secret in UNPUBLISHED {
            let encoded =
                percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                    .to_string();
            assert!(
                !file.contains(secret) && !text.contains(secret) && !text.contains(&encoded),
                "`{secret}` leaks into {file}"
            );
        }
    }
    // The series pages count only published parts.
    let pricing = read(&output, "posts/token-pricing/index.html");
    assert!(pricing.contains("第 3 篇，共 3 篇"), "series position");

    // With both switches the same strings do appear: the search above can find them.
    let (_temp, preview) = build_example(Visibility {
        drafts: true,
        future: true,
    });
    let atom = read(&preview, "atom.xml");
    assert!(atom.contains("DRAFTLEAKQ7") && atom.contains("FUTURELEAKK3"));
    assert!(preview.join("posts/unfinished/figure.svg").is_file());
}

#[test]
fn related_posts_are_plausible() {
    let (_temp, output) = build_example(Visibility::default());
    let related = |file: &str| -> Vec<String> {
        let html = scraper::Html::parse_document(&read(&output, file));
        let selector = scraper::Selector::parse(".related a").expect("selector");
        html.select(&selector).map(|a| a.text().collect()).collect()
    };
    let cost = related("posts/大模型推理成本/index.html");
    assert!(
        cost.contains(&"Agent 工作流：从对话到做事".to_owned()),
        "{cost:?}"
    );
    assert!(
        cost.contains(&"Token 定价：谁在为推理买单".to_owned()),
        "{cost:?}"
    );
    let agent = related("posts/agent-workflows/index.html");
    assert!(
        agent.contains(&"大模型推理成本为什么在下降".to_owned()),
        "{agent:?}"
    );
    let search = related("posts/chinese-search-index/index.html");
    assert_eq!(
        search.first().map(String::as_str),
        Some("用 Rust 写一个中文分词器")
    );
    let english = related("posts/open-weights-in-practice/index.html");
    assert_eq!(
        english.first().map(String::as_str),
        Some("Evaluating LLMs on Chinese text")
    );
    for list in [&cost, &agent, &search, &english] {
        assert!(list.len() <= 5);
    }
}

#[test]
fn aliases_redirect_and_stay_out_of_lists() {
    let (_temp, output) = build_example(Visibility::default());
    let target = format!("{BASE}/posts/chinese-search-index/");
    for alias in ["2026/05/search-index/index.html", "old/chinese-search.html"] {
        let html = scraper::Html::parse_document(&read(&output, alias));
        let attribute = |selector: &str, name: &str| {
            let selector = scraper::Selector::parse(selector).expect("selector");
            html.select(&selector)
                .next()
                .and_then(|e| e.value().attr(name).map(str::to_owned))
        };
        assert_eq!(
            attribute("meta[http-equiv=refresh]", "content"),
            Some(format!("0; url={target}")),
            "{alias}"
        );
        assert_eq!(
            attribute("link[rel=canonical]", "href"),
            Some(target.clone())
        );
        assert_eq!(
            attribute("meta[name=robots]", "content").as_deref(),
            Some("noindex")
        );
    }
    let sitemap = read(&output, "sitemap.xml");
    assert!(!sitemap.contains("/2026/05/") && !sitemap.contains("old/chinese-search.html"));
}

#[test]
fn llms_txt_lists_posts_with_their_markdown_mirrors() {
    let (_temp, output) = build_example(Visibility::default());
    let llms = read(&output, "llms.txt");
    assert!(
        llms.starts_with("# AI 观察\n\n> 关于人工智能的长文"),
        "{llms}"
    );
    let posts: Vec<&str> = llms
        .split("## Posts\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .collect();
    assert_eq!(posts.len(), POST_TITLES.len());
    for (line, title) in posts.iter().zip(POST_TITLES) {
        let rest = line
            .strip_prefix(&format!("- [{title}]("))
            .unwrap_or_else(|| panic!("{line}"));
        let (url, description) = rest.split_once("): ").unwrap_or_else(|| panic!("{line}"));
        assert!(url.ends_with("/index.md"), "{url}");
        assert_absolute_link_to_a_file(&output, url);
        assert!(!description.is_empty());
    }
    assert!(llms.contains(&format!("- [关于]({BASE}/about/): ")));
}

/// `boke build` lets go of each post's HTML once its page is written, keeping it only for the
/// posts some feed shows whole. With one entry a feed, most posts are in no feed: every file
/// written must still be the file the build in memory, which keeps everything, makes.
#[test]
fn a_written_build_is_the_build_in_memory_byte_for_byte() {
    let site = crate::common::copy_site(&example_root());
    let config = site.path().join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}\n[feed]\nlimit = 1\n")).expect("config");
    let output = site.path().join("public");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    if let Err(errors) = build(&options) {
        panic!("the example blog builds: {errors}");
    }
    let built = match boke::build_in_memory(site.path(), Visibility::default()) {
        Ok(built) => built,
        Err(errors) => panic!("the example blog builds in memory: {errors}"),
    };
    let feed = read(&output, "atom.xml");
    assert!(
        feed.matches("<entry>").count() == 1 && feed.contains("<content"),
        "the feed shows its newest post whole: {feed}"
    );
    for file in &built.files {
        let written = std::fs::read(output.join(&file.path)).expect("written file");
        assert!(
            written == *file.bytes,
            "{} differs from the build in memory",
            file.path
        );
    }
}
