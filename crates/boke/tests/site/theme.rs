//! The default theme's reading aids in the built example blog: the compact header, the table
//! of contents, back-to-top and progress, related posts, the meta line, the favicon and the
//! footer.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

/// The example blog, built once for every test here that only reads it.
fn example_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, public) = SITE.get_or_init(|| {
        let output = tempfile::tempdir().expect("temp dir");
        let public = output.path().join("public");
        boke::build(&boke::BuildOptions {
            root: crate::common::example_blog(),
            output: Some(public.clone()),
            ..Default::default()
        })
        .expect("the example blog builds");
        (output, public)
    });
    public
}

fn page(public: &Path, path: &str) -> Html {
    let file = public.join(path);
    Html::parse_document(&std::fs::read_to_string(&file).expect("read page"))
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect::<String>().trim().to_owned()
}

const SEED: &str = "posts/2026-ai-trends/index.html";

#[test]
fn header_has_a_search_link_for_phones_beside_the_form() {
    let home = page(example_site(), "index.html");
    let links = select(&home, ".site-header a.header-search-link");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].value().attr("href"), Some("/search/"));
    assert_eq!(links[0].value().attr("aria-label"), Some("搜索"));
    assert_eq!(select(&home, ".site-header form[role=search]").len(), 1);
    // The link comes before the toggle, so the phone's first row reads title, search, toggle.
    let header = select(&home, ".header-tools > *");
    let classes: Vec<_> = header
        .iter()
        .filter_map(|e| e.value().attr("class"))
        .collect();
    let link = classes.iter().position(|c| *c == "header-search-link");
    let toggle = classes.iter().position(|c| *c == "theme-toggle");
    assert!(link.is_some() && link < toggle, "{classes:?}");

    let search = page(example_site(), "search/index.html");
    let links = select(&search, ".site-header a.header-search-link");
    assert_eq!(links[0].value().attr("aria-current"), Some("page"));
}

#[test]
fn table_of_contents_is_closed_details_in_the_html() {
    let seed = page(example_site(), SEED);
    let details = select(&seed, "nav.toc > details");
    assert_eq!(details.len(), 1);
    assert_eq!(
        details[0].value().attr("open"),
        None,
        "a phone must not get the TOC open"
    );
    let entries = select(&seed, "nav.toc li a");
    assert!(entries.len() >= 8, "{} entries", entries.len());
    assert_eq!(text(&entries[0]), "1. 大模型的范式转变：从Chat到做事");
}

#[test]
fn toc_and_text_share_the_wrapper_the_margin_toc_sticks_in() {
    let seed = page(example_site(), SEED);
    let bodies = select(&seed, "article.post > .post-body");
    assert_eq!(bodies.len(), 1);
    let children: Vec<_> = bodies[0]
        .children()
        .filter_map(ElementRef::wrap)
        .filter_map(|e| e.value().attr("class"))
        .collect();
    assert_eq!(children, ["toc", "post-content"]);
    // A post without a TOC still gets the wrapper, so its text sits the same way.
    let short = page(example_site(), "posts/rust-tokenizer/index.html");
    assert!(select(&short, "nav.toc").is_empty());
    assert_eq!(select(&short, ".post-body > .post-content").len(), 1);
}

#[test]
fn post_has_a_back_to_top_link_to_an_element_of_the_page_and_a_progress_bar() {
    let seed = page(example_site(), SEED);
    let links = select(&seed, "a.back-to-top");
    assert_eq!(links.len(), 1);
    let target = links[0]
        .value()
        .attr("href")
        .and_then(|href| href.strip_prefix('#'))
        .unwrap_or_default();
    assert_eq!(
        select(&seed, &format!("#{target}")).len(),
        1,
        "#{target} is not on the page"
    );
    assert_eq!(text(&links[0]), "回到顶部");
    let bars = select(&seed, ".reading-progress");
    assert_eq!(bars.len(), 1);
    assert_eq!(bars[0].value().attr("aria-hidden"), Some("true"));
}

#[test]
fn related_posts_are_listed_with_their_dates() {
    let seed = page(example_site(), SEED);
    let heading = select(&seed, "nav.related > h2#related-heading");
    assert_eq!(heading.len(), 1);
    assert_eq!(text(&heading[0]), "相关文章");
    let items = select(&seed, "nav.related li");
    assert!(!items.is_empty());
    for item in &items {
        let links = select_in(item, "a[href^='/posts/']");
        let times = select_in(item, "time[datetime]");
        assert_eq!((links.len(), times.len()), (1, 1), "{}", item.html());
        let shown = text(&times[0]);
        assert!(
            shown.starts_with("2026年") && shown.ends_with('日'),
            "{shown}"
        );
    }
}

fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("selector");
    element.select(&selector).collect()
}

#[test]
fn meta_line_is_items_without_separator_characters() {
    for path in [SEED, "index.html"] {
        let html = page(example_site(), path);
        let lines = select(&html, "p.post-meta");
        assert!(!lines.is_empty(), "{path}");
        for line in lines {
            let items: Vec<_> = line.children().filter_map(ElementRef::wrap).collect();
            assert!(items.len() >= 3, "{}", line.html());
            for item in &items {
                assert!(
                    item.value().classes().any(|c| c == "meta-item"),
                    "{path}: {}",
                    item.html()
                );
            }
            // The separator is drawn by the style sheet, not written between the items.
            let written: String = line.text().collect();
            assert!(!written.contains('·'), "{path}: {written}");
        }
    }
}

fn icon_links(html: &Html) -> Vec<(String, Option<String>)> {
    select(html, "head link[rel=icon]")
        .iter()
        .map(|link| {
            let attr = |name| link.value().attr(name).map(str::to_owned);
            (attr("href").unwrap_or_default(), attr("type"))
        })
        .collect()
}

#[test]
fn every_page_links_the_theme_icon_which_is_written_where_it_points() {
    let public = example_site();
    for path in [SEED, "index.html", "404.html", "search/index.html"] {
        assert_eq!(
            icon_links(&page(public, path)),
            [("/favicon.svg".to_owned(), Some("image/svg+xml".to_owned()))],
            "{path}"
        );
    }
    let icon = std::fs::read_to_string(public.join("favicon.svg")).expect("favicon.svg written");
    assert!(
        icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{icon}"
    );
    assert!(icon.contains("viewBox"), "{icon}");
}

#[test]
fn theme_favicon_key_names_the_sites_own_icon() {
    let site = crate::common::copy_site(&crate::common::example_blog());
    let config = site.path().join("boke.toml");
    let mut text = std::fs::read_to_string(&config).expect("read boke.toml");
    text.push_str("\n[theme]\nfavicon = \"/img/icon.png\"\n");
    std::fs::write(&config, text).expect("write boke.toml");
    crate::common::write(
        site.path(),
        "static/img/icon.png",
        "not really a png, only copied",
    );
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = site.path().join("public");
    assert_eq!(
        icon_links(&page(&public, SEED)),
        [("/img/icon.png".to_owned(), None)]
    );
    assert!(public.join("img/icon.png").is_file());
    assert!(
        !public.join("favicon.svg").exists(),
        "the theme's icon is written though the site names its own"
    );
}

#[test]
fn a_favicon_svg_in_static_wins_over_the_themes() {
    let site = crate::common::copy_site(&crate::common::example_blog());
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- the site's own --></svg>";
    crate::common::write(site.path(), "static/favicon.svg", own);
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(site.path().join("public/favicon.svg")).expect("icon");
    assert_eq!(written, own);
}

fn copyright(html: &Html) -> String {
    let lines = select(html, ".site-footer .footer-copyright");
    assert_eq!(lines.len(), 1);
    // The first text node: the years and the name, before the "built with" note.
    lines[0].text().next().unwrap_or_default().trim().to_owned()
}

#[test]
fn footer_links_every_feed_the_site_writes_and_gives_the_years() {
    let public = example_site();
    let home = page(public, "index.html");
    // Every post of the example is from 2026: one year, not 2026–2026.
    assert_eq!(copyright(&home), "© 2026 林远");
    let feeds: Vec<_> = select(&home, ".site-footer .footer-feeds a")
        .iter()
        .map(|a| {
            let attr = |name| a.value().attr(name).unwrap_or_default().to_owned();
            (attr("href"), attr("type"), text(a))
        })
        .collect();
    assert_eq!(
        feeds,
        [
            ("/atom.xml", "application/atom+xml", "Atom"),
            ("/rss.xml", "application/rss+xml", "RSS"),
            ("/feed.json", "application/feed+json", "JSON Feed"),
        ]
        .map(|(href, kind, name)| (href.to_owned(), kind.to_owned(), name.to_owned()))
    );
    for (href, _, _) in &feeds {
        assert!(
            public.join(href.trim_start_matches('/')).is_file(),
            "{href}"
        );
    }
}

#[test]
fn footer_years_run_from_the_first_post_to_the_last() {
    let site = crate::common::copy_site(&crate::common::example_blog());
    crate::common::write(
        site.path(),
        "content/posts/2023-04-01-first.md",
        "---\ntitle: 最早的一篇\n---\n\n博客从这里开始。\n",
    );
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = site.path().join("public");
    for path in ["index.html", SEED, "about/index.html"] {
        assert_eq!(
            copyright(&page(&public, path)),
            "© 2023–2026 林远",
            "{path}"
        );
    }
}

#[test]
fn seed_post_weighs_under_50_kb_all_from_the_site_itself() {
    let public = example_site();
    let html = std::fs::read_to_string(public.join(SEED)).expect("seed post");
    let seed = Html::parse_document(&html);
    let mut total = html.len();
    let mut loaded = Vec::new();
    for (selector, attribute) in [
        ("link[rel=stylesheet]", "href"),
        ("link[rel=icon]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
    ] {
        for element in select(&seed, selector) {
            let url = element.value().attr(attribute).unwrap_or_default();
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "a request to another host: {url}"
            );
            let file = public.join(url.trim_start_matches('/'));
            total += std::fs::metadata(&file)
                .unwrap_or_else(|_| panic!("{url} is not in the build"))
                .len() as usize;
            loaded.push(url.to_owned());
        }
    }
    assert!(
        total < 50_000,
        "the seed post weighs {total} bytes with {loaded:?}"
    );
    // No web font: nothing the style sheet loads by itself.
    let css = std::fs::read_to_string(public.join("assets/style.css")).expect("style.css");
    assert!(!css.contains("@font-face") && !css.contains("@import"));
}

/// A copy of the example blog with `theme` appended to its boke.toml and `files` written,
/// built; its `public/`.
fn build_with(theme: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let site = crate::common::copy_site(&crate::common::example_blog());
    let config = site.path().join("boke.toml");
    let mut text = std::fs::read_to_string(&config).expect("read boke.toml");
    text.push('\n');
    text.push_str(theme);
    std::fs::write(&config, text).expect("write boke.toml");
    for (path, text) in files {
        crate::common::write(site.path(), path, text);
    }
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = site.path().join("public");
    (site, public)
}

fn attr(element: &ElementRef, name: &str) -> String {
    element.value().attr(name).unwrap_or_default().to_owned()
}

fn stylesheets(html: &Html) -> Vec<String> {
    select(html, "link[rel=stylesheet]")
        .iter()
        .map(|link| attr(link, "href"))
        .collect()
}

const THEME_KEYS: &str = r##"[theme]
avatar = "/images/me.png"
logo = "/images/logo.svg"
accent = "#1f6feb"
footer = "本站文字采用 CC BY-NC 4.0 许可"
icp = "京ICP备12345678号-1"
police = "京公网安备 11010502030143号"
notice = "博客搬家了：旧地址下月停用。"

[theme.author]
name = "林远"
bio = "写关于人工智能的长文。"
github = "https://github.com/example"
zhihu = "https://www.zhihu.com/people/example"
email = "lin@example.com"
rss = "/atom.xml"
"##;

#[test]
fn theme_keys_show_the_logo_notice_author_card_accent_and_footer_lines() {
    let (_site, public) = build_with(THEME_KEYS, &[]);
    let home = page(&public, "index.html");

    let html = select(&home, "html");
    let style = attr(&html[0], "style");
    assert!(style.contains("--site-accent: #1f6feb;"), "{style}");
    assert!(
        style.contains("--site-accent-dark: color-mix(in srgb, #1f6feb 60%, #fff)"),
        "{style}"
    );
    // The theme's accent reads the site's, in light and in both ways of asking for dark.
    let css = std::fs::read_to_string(public.join("assets/style.css")).expect("style.css");
    assert_eq!(css.matches("var(--site-accent,").count(), 1);
    assert_eq!(css.matches("var(--site-accent-dark,").count(), 2);

    let logo = select(&home, ".site-header a.site-title img.site-logo");
    assert_eq!(logo.len(), 1);
    assert_eq!(attr(&logo[0], "src"), "/images/logo.svg");
    assert_eq!(
        attr(&logo[0], "alt"),
        "",
        "the title beside it names the link"
    );

    let notice = select(&home, "main > p.notice");
    assert_eq!(notice.len(), 1);
    assert_eq!(text(&notice[0]), "公告 博客搬家了：旧地址下月停用。");

    let card = select(&home, "main section.author-card");
    assert_eq!(card.len(), 1);
    assert_eq!(attr(&card[0], "aria-label"), "关于作者");
    assert_eq!(text(&select_in(&card[0], ".author-name")[0]), "林远");
    assert_eq!(
        text(&select_in(&card[0], ".author-bio")[0]),
        "写关于人工智能的长文。"
    );
    assert_eq!(
        attr(&select_in(&card[0], "img.author-avatar")[0], "src"),
        "/images/me.png"
    );
    let links: Vec<_> = select_in(&card[0], ".author-links a")
        .iter()
        .map(|a| (text(a), attr(a, "href")))
        .collect();
    assert_eq!(
        links,
        [
            ("GitHub", "https://github.com/example"),
            ("知乎", "https://www.zhihu.com/people/example"),
            ("邮箱", "mailto:lin@example.com"),
            ("RSS", "/atom.xml"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(stylesheets(&home).contains(&"/assets/extras.css".to_owned()));
    assert!(public.join("assets/extras.css").is_file());
    // The second page of the home list has neither the notice nor the card.
    let second = page(&public, "page/2/index.html");
    assert!(select(&second, ".notice, .author-card").is_empty());

    for path in ["index.html", SEED, "about/index.html"] {
        let html = page(&public, path);
        let footer = select(&html, ".site-footer .footer-text");
        assert_eq!(text(&footer[0]), "本站文字采用 CC BY-NC 4.0 许可", "{path}");
        let icp = select(&html, ".site-footer a.footer-icp");
        assert_eq!(text(&icp[0]), "京ICP备12345678号-1");
        assert_eq!(attr(&icp[0], "href"), "https://beian.miit.gov.cn/");
        let police = select(&html, ".site-footer a.footer-police");
        assert_eq!(text(&police[0]), "京公网安备 11010502030143号");
        assert_eq!(
            attr(&police[0], "href"),
            "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
        );
    }
}

#[test]
fn without_theme_keys_pages_show_none_of_them_nor_link_their_css() {
    let public = example_site();
    for path in ["index.html", SEED] {
        let html = page(public, path);
        assert!(
            select(&html, ".notice, .author-card, .site-logo, .footer-text, .footer-beian, .post-cover, .pinned-mark").is_empty(),
            "{path}"
        );
        assert_eq!(attr(&select(&html, "html")[0], "style"), "", "{path}");
        assert!(
            !stylesheets(&html).contains(&"/assets/extras.css".to_owned()),
            "{path}"
        );
    }
}

#[test]
fn theme_switches_hide_counts_toc_related_and_share() {
    let (_site, public) = build_with(
        "[theme]\nshow_word_count = false\nshow_reading_time = false\nshow_toc = false\nshow_related = false\nshow_share = false\n",
        &[],
    );
    let seed = page(&public, SEED);
    assert!(select(&seed, ".post-words, .post-reading-time").is_empty());
    assert!(select(&seed, "nav.toc, nav.related, section.share").is_empty());
    assert!(select(&seed, "script[src='/assets/share.js']").is_empty());
    assert_eq!(
        select(&seed, ".post-header time").len(),
        1,
        "the date stays"
    );
    let home = page(&public, "index.html");
    assert!(select(&home, ".post-words, .post-reading-time").is_empty());

    // On by default: the example shows them all.
    let seed = page(example_site(), SEED);
    for shown in [
        ".post-header .post-words",
        ".post-header .post-reading-time",
        "nav.toc",
        "nav.related",
        "section.share",
    ] {
        assert_eq!(select(&seed, shown).len(), 1, "{shown}");
    }
}

#[test]
fn pinned_posts_come_first_on_the_home_page_and_covers_show() {
    let (_site, public) = build_with(
        "",
        &[
            (
                "content/posts/2025-06-01-pinned.md",
                "---\ntitle: 置顶的旧文\nsticky: 2\ncover: cover.png\n---\n\n一篇旧文，但要先读。\n",
            ),
            (
                "content/posts/2025-05-01-also-pinned.md",
                "---\ntitle: 另一篇置顶\npinned: true\nbanner_img: /images/banner.png\n---\n\n也要先读。\n",
            ),
            (
                "content/posts/2025-04-01-imported.md",
                "---\ntitle: 导入的文章\nextra:\n  cover: /images/old.png\n---\n\n从 Hexo 搬来。\n",
            ),
        ],
    );
    let home = page(&public, "index.html");
    let titles: Vec<_> = select(&home, ".post-item-title a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles[..2], ["置顶的旧文", "另一篇置顶"], "{titles:?}");
    let marks = select(&home, ".post-item-title .pinned-mark");
    assert_eq!(marks.len(), 2);
    assert_eq!(text(&marks[0]), "置顶");
    let covers: Vec<_> = select(&home, ".post-item img.post-cover")
        .iter()
        .map(|img| (attr(img, "src"), attr(img, "alt")))
        .collect();
    assert_eq!(
        covers,
        [
            ("/posts/pinned/cover.png".to_owned(), String::new()),
            ("/images/banner.png".to_owned(), String::new()),
        ]
    );
    assert!(stylesheets(&home).contains(&"/assets/extras.css".to_owned()));

    // Elsewhere the date order stays, without marks.
    let archives = page(&public, "archives/index.html");
    assert!(select(&archives, ".pinned-mark").is_empty());
    let post = page(&public, "posts/pinned/index.html");
    let cover = select(&post, "article.post img.post-cover");
    assert_eq!(attr(&cover[0], "src"), "/posts/pinned/cover.png");
    let imported = page(&public, "posts/imported/index.html");
    let cover = select(&imported, "article.post img.post-cover");
    assert_eq!(attr(&cover[0], "src"), "/images/old.png");
}

#[test]
fn links_page_shows_each_group_of_friends_as_a_list_of_cards() {
    let public = example_site();
    let links = page(public, "links/index.html");
    assert_eq!(text(&select(&links, "h1.post-title")[0]), "友链");
    assert!(stylesheets(&links).contains(&"/assets/extras.css".to_owned()));
    let groups = select(&links, "section.friends");
    assert_eq!(groups.len(), 2);
    let heading = select_in(&groups[0], "h2")[0];
    assert_eq!(text(&heading), "写技术的朋友");
    assert_eq!(
        attr(&groups[0], "aria-labelledby"),
        attr(&heading, "id"),
        "each group is named by its heading"
    );
    let cards: Vec<_> = select_in(&groups[0], "ul.friend-list > li.friend > a.friend-card")
        .iter()
        .map(|a| (attr(a, "href"), text(&select_in(a, ".friend-name")[0])))
        .collect();
    assert_eq!(
        cards,
        [
            ("https://qingshi.example.com/", "青石笔记"),
            ("https://banmu.example.org/", "半亩方塘"),
            ("https://tinytensor.example.net/", "Tiny Tensor"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let first = select_in(&groups[0], "a.friend-card")[0];
    assert_eq!(
        text(&select_in(&first, ".friend-desc")[0]),
        "编译器、Rust 和一点点数学。"
    );
    // The avatar is decoration beside the name, which the link's text already says.
    let avatar = select_in(&first, "img.friend-avatar")[0];
    assert_eq!(attr(&avatar, "alt"), "");
    assert!(public.join("images/friends/qingshi.svg").is_file());
    // A friend without an avatar gets the first character of the name, hidden from readers.
    let initial = select_in(&groups[0], ".friend-initial")[0];
    assert_eq!(text(&initial), "半");
    assert_eq!(attr(&initial, "aria-hidden"), "true");
    // The menu links the page.
    let home = page(public, "index.html");
    let menu: Vec<_> = select(&home, ".site-nav a")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(menu.contains(&"/links/".to_owned()), "{menu:?}");
}

#[test]
fn boke_check_counts_the_friends_sites_among_the_external_links() {
    let external = |site: &Path| {
        let output = crate::common::boke(site, &["check"]);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let count = stdout
            .split(" links (")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok());
        count.unwrap_or_else(|| panic!("no count in {stdout}"))
    };
    let site = crate::common::copy_site(&crate::common::example_blog());
    let with_friends = external(site.path());
    std::fs::remove_file(site.path().join("data/links.toml")).expect("remove links");
    let without = external(site.path());
    assert_eq!(with_friends, without + 4, "the four friends' sites");
}

#[test]
fn a_bad_friend_link_fails_the_build_at_its_line() {
    let site = crate::common::copy_site(&crate::common::example_blog());
    crate::common::write(
        site.path(),
        "data/links.toml",
        "[[groups]]\nname = \"朋友\"\n\n[[groups.links]]\nname = \"甲\"\nurl = \"friend.example.com\"\n",
    );
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("links.toml:6:"), "{stderr}");
    assert!(stderr.contains("not an http(s) URL"), "{stderr}");
}

fn meta_items(html: &Html, scope: &str) -> Vec<String> {
    select(html, &format!("{scope} .post-meta .meta-item"))
        .iter()
        .map(text)
        .collect()
}

#[test]
fn a_posts_meta_line_speaks_the_posts_language_in_lists_and_on_its_page() {
    let public = example_site();
    let english = page(public, "posts/evaluating-chinese-llms/index.html");
    let items = meta_items(&english, ".post-header");
    assert_eq!(
        items[..3],
        ["May 20, 2026", "1 min read", "58 words"],
        "{items:?}"
    );
    let seed = page(public, SEED);
    let items = meta_items(&seed, ".post-header");
    // 1587 Han characters and Latin words at 400 a minute: five minutes.
    assert_eq!(items[1..3], ["阅读时间 5 分钟", "1587 字"], "{items:?}");
    // In a Chinese list, the English post's line is still English.
    let archives = page(public, "tags/llm/index.html");
    let item: Vec<_> = select(&archives, ".post-item[lang=en]")
        .into_iter()
        .filter(|item| text(&select_in(item, "h2")[0]) == "Evaluating LLMs on Chinese text")
        .collect();
    assert_eq!(item.len(), 1);
    let items: Vec<_> = select_in(&item[0], ".meta-item").iter().map(text).collect();
    assert_eq!(
        items[..3],
        ["May 20, 2026", "1 min read", "58 words"],
        "{items:?}"
    );
}

#[test]
fn a_post_without_lang_written_in_latin_letters_is_english() {
    let english = "---\ntitle: Notes from a conference\ndate: 2026-08-01\n---\n\nThe talks were about *small* models, retrieval and evaluation. One speaker showed a \
                   tokenizer for 中文 that beats the usual ones on names.\n\n> [!NOTE]\n> Slides are online.\n";
    let chinese = format!(
        "---\ntitle: 一段代码\ndate: 2026-08-02\n---\n\n这段代码读取 JSON 配置，然后写入 SQLite。\n\n```rust\n{}\n```\n",
        "fn main() { let config = read_configuration_file(); write_everything(config); }\n"
            .repeat(40)
    );
    let said = "---\ntitle: Still Chinese\ndate: 2026-08-03\nlang: zh-CN\n---\n\nThis page says it is Chinese, though it is written in English words.\n";
    let (_site, public) = build_with(
        "",
        &[
            ("content/posts/2026-08-01-conference.md", english),
            ("content/posts/2026-08-02-code.md", &chinese),
            ("content/posts/2026-08-03-said.md", said),
        ],
    );
    let lang_of = |path: &str| attr(&select(&page(&public, path), "html")[0], "lang");
    assert_eq!(lang_of("posts/conference/index.html"), "en");
    assert_eq!(
        lang_of("posts/code/index.html"),
        "zh-CN",
        "code is not counted"
    );
    assert_eq!(
        lang_of("posts/said/index.html"),
        "zh-CN",
        "front matter wins"
    );

    let post = page(&public, "posts/conference/index.html");
    assert_eq!(attr(&select(&post, "article.post")[0], "lang"), "en");
    let items = meta_items(&post, ".post-header");
    assert_eq!(items[..2], ["August 1, 2026", "1 min read"], "{items:?}");
    // English interface words, and the alert's title too.
    assert_eq!(text(&select(&post, ".skip-link")[0]), "Skip to content");
    let alert = post.root_element().html();
    assert!(alert.contains(">Note<"), "the alert is titled in English");
    let home = page(&public, "index.html");
    let item = select(&home, ".post-item[lang=en]");
    assert!(
        item.iter()
            .any(|i| text(&select_in(i, "h2")[0]) == "Notes from a conference")
    );
}

#[test]
fn chinese_emphasis_is_drawn_alike_in_the_post_and_in_list_summaries() {
    let css = std::fs::read_to_string(example_site().join("assets/style.css")).expect("css");
    let rule = css
        .lines()
        .find(|line| line.contains("text-emphasis: filled dot"))
        .unwrap_or_default();
    let selectors = rule.split('{').next().unwrap_or_default();
    assert!(
        selectors.contains(".post-content em:lang(zh)"),
        "{selectors}"
    );
    assert!(
        selectors.contains(".post-summary em:lang(zh)"),
        "{selectors}"
    );
    assert!(rule.contains("font-style: normal"), "{rule}");
}

/// The example blog built with `language` in place of its zh-CN.
fn build_in(language: &str) -> (tempfile::TempDir, PathBuf) {
    let site = crate::common::copy_site(&crate::common::example_blog());
    let config = site.path().join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("read boke.toml");
    let text = text.replace(
        "language = \"zh-CN\"",
        &format!("language = \"{language}\""),
    );
    std::fs::write(&config, text).expect("write boke.toml");
    let output = crate::common::boke(site.path(), &["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = site.path().join("public");
    (site, public)
}

fn og_locale(html: &Html) -> String {
    attr(&select(html, "meta[property='og:locale']")[0], "content")
}

#[test]
fn a_traditional_chinese_site_gets_traditional_words_and_a_valid_og_locale() {
    let (_site, public) = build_in("zh-HK");
    let seed = page(&public, SEED);
    assert_eq!(attr(&select(&seed, "html")[0], "lang"), "zh-HK");
    assert_eq!(og_locale(&seed), "zh_HK");
    let nav: Vec<_> = select(&seed, ".site-nav a").iter().map(text).collect();
    assert_eq!(nav[..4], ["首頁", "歸檔", "標籤", "分類"], "{nav:?}");
    assert_eq!(text(&select(&seed, "nav.toc summary")[0]), "目錄");
    assert_eq!(text(&select(&seed, "#related-heading")[0]), "相關文章");
    let items = meta_items(&seed, ".post-header");
    assert!(
        items[1].starts_with("閱讀時間 ") && items[1].ends_with(" 分鐘"),
        "{items:?}"
    );
    // An English post of the site stays English.
    let english = page(&public, "posts/evaluating-chinese-llms/index.html");
    assert_eq!(og_locale(&english), "en_US");

    let (_site, public) = build_in("zh-Hant");
    let seed = page(&public, SEED);
    assert_eq!(og_locale(&seed), "zh_TW");
    assert_eq!(text(&select(&seed, ".skip-link")[0]), "跳到正文");
    assert_eq!(text(&select(&seed, "#related-heading")[0]), "相關文章");

    let (_site, public) = build_in("zh-Hans");
    let seed = page(&public, SEED);
    assert_eq!(og_locale(&seed), "zh_CN");
    assert_eq!(text(&select(&seed, "#related-heading")[0]), "相关文章");
}
