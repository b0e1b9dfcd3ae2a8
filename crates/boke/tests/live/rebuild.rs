//! The incremental rebuild of `serve` must give the same site as a full build after any edit.

use std::collections::BTreeMap;
use std::path::Path;

use boke::Visibility;
use boke::build_in_memory;
use boke::{Changes, LiveSite};

use crate::common::write;

fn post(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\n---\n\n{body}\n")
}

/// Posts `p1.md` to `p{count}.md`, one a day from 2026-01-01, tagged by `tags`.
fn numbered_posts(root: &Path, count: usize, tags: impl Fn(usize) -> &'static str) {
    for i in 1..=count {
        write(
            root,
            &format!("content/posts/p{i}.md"),
            &post(
                &format!("第{i}篇"),
                &format!("2026-01-0{i}"),
                tags(i),
                &format!("正文{i}。"),
            ),
        );
    }
}

/// Everything a full build produces, by output path.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let built = build_in_memory(root, Visibility::default()).unwrap();
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// The served site: the first load, each update applied in order, and the site-wide files.
struct Mirror {
    live: LiveSite,
    files: BTreeMap<String, Vec<u8>>,
    rendered: usize,
    /// Whether the last update assembled the site again rather than editing it in place.
    reassembled: bool,
    /// The files of the last update.
    updated: Vec<String>,
}

impl Mirror {
    fn load(root: &Path) -> Self {
        let (live, update) = LiveSite::load(root, Visibility::default(), None).unwrap();
        let mut mirror = Self {
            live,
            files: BTreeMap::new(),
            rendered: 0,
            reassembled: true,
            updated: Vec::new(),
        };
        mirror.take(update);
        mirror
    }

    fn take(&mut self, update: boke::Update) {
        for path in update.removed {
            self.files.remove(&path);
        }
        self.updated = update.files.iter().map(|f| f.path.clone()).collect();
        for file in update.files {
            self.files.insert(file.path, file.bytes);
        }
        self.rendered = update.rendered;
        self.reassembled = update.reassembled;
    }

    fn edit(&mut self, root: &Path, changed: &[&str]) {
        let paths: Vec<_> = changed.iter().map(|p| root.join(p)).collect();
        let changes = Changes::classify(root, self.live.config(), &paths);
        let update = self.live.apply(&changes).unwrap();
        self.take(update);
    }

    /// Writes `text` to `path`, applies the change, and checks the site against a full build.
    fn rewrite(&mut self, root: &Path, path: &str, text: &str, step: &str) {
        write(root, path, text);
        self.edit(root, &[path]);
        assert_same(root, self, step);
    }

    /// Pages as served, with the site-wide files made for the current site.
    fn site(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = self.files.clone();
        for file in self.live.site_files() {
            files.insert(file.path, file.bytes);
        }
        files
    }
}

fn assert_same(root: &Path, mirror: &Mirror, step: &str) {
    let full = full_build(root);
    let served = mirror.site();
    let only_full: Vec<&String> = full.keys().filter(|k| !served.contains_key(*k)).collect();
    let only_served: Vec<&String> = served.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(
        only_full.is_empty() && only_served.is_empty(),
        "{step}: missing {only_full:?}, extra {only_served:?}"
    );
    for (path, bytes) in &full {
        assert!(
            served[path] == *bytes,
            "{step}: {path} differs from a full build"
        );
    }
}

#[test]
fn lists_are_rendered_again_only_when_a_field_they_show_changes() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\n");
    numbered_posts(root, 5, |_| "AI");
    let mut mirror = Mirror::load(root);
    let archives = "archives/index.html".to_owned();

    // The default archives show each post's title, link and date, not its length.
    mirror.rewrite(
        root,
        "content/posts/p3.md",
        &post("第3篇", "2026-01-03", "AI", "正文长了很多，字数变了。"),
        "body edit",
    );
    assert!(mirror.updated.contains(&"posts/p3/index.html".to_owned()));
    assert!(
        !mirror.updated.contains(&archives),
        "the archives were rendered again for a body edit: {:?}",
        mirror.updated
    );

    mirror.rewrite(
        root,
        "content/posts/p3.md",
        &post("改过的标题", "2026-01-03", "AI", "正文长了很多，字数变了。"),
        "title edit",
    );
    assert!(mirror.updated.contains(&archives), "{:?}", mirror.updated);

    // Archives that show word counts follow body edits.
    mirror.rewrite(
        root,
        "templates/archives.html",
        "{% for year in archives %}{% for month in year.months %}{% for post in month.posts %}\
         {{ post.title }} {{ post.word_count }}\n{% endfor %}{% endfor %}{% endfor %}",
        "archives template",
    );
    mirror.rewrite(
        root,
        "content/posts/p3.md",
        &post("改过的标题", "2026-01-03", "AI", "又改了正文。"),
        "body edit shown in the archives",
    );
    assert!(mirror.updated.contains(&archives), "{:?}", mirror.updated);
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\nposts_per_page = 2\n");
    numbered_posts(root, 7, |i| if i % 2 == 0 { "偶数" } else { "奇数, AI" });
    write(root, "content/about.md", "# 关于\n\n关于本站。\n");
    let mut mirror = Mirror::load(root);
    assert_same(root, &mirror, "first load");
    let first = mirror.rendered;

    mirror.rewrite(
        root,
        "content/posts/p4.md",
        &post("第4篇", "2026-01-04", "偶数", "改过的正文，多了几个字。"),
        "body edit",
    );
    assert!(
        mirror.rendered < first / 2,
        "a body edit re-rendered {} of {first} pages",
        mirror.rendered
    );

    mirror.rewrite(
        root,
        "content/posts/p2.md",
        &post("新标题", "2026-01-02", "偶数, 新标签", "正文2。"),
        "title and tag edit",
    );

    mirror.rewrite(
        root,
        "content/posts/p1.md",
        &post("第1篇", "2026-02-01", "奇数, AI", "正文1。"),
        "date edit that reorders",
    );

    std::fs::remove_file(root.join("content/posts/p3.md")).unwrap();
    write(
        root,
        "content/posts/新文章.md",
        &post("新文章", "2026-01-10", "奇数", "新的。"),
    );
    mirror.edit(root, &["content/posts/p3.md", "content/posts/新文章.md"]);
    assert_same(root, &mirror, "delete and add");

    mirror.rewrite(
        root,
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<article>{{ page.content }}</article>{% endblock %}",
        "template override",
    );

    write(root, "boke.toml", "title = \"改名\"\nposts_per_page = 3\n");
    mirror.edit(root, &["boke.toml"]);
    assert_same(root, &mirror, "config edit");
}

/// A post under `categories` (front matter text), dated `date`.
fn categorized(title: &str, date: &str, categories: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncategories: {categories}\n---\n\n{title}的正文。\n")
}

#[test]
fn moving_a_post_between_child_categories_matches_a_full_build() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\nposts_per_page = 2\n");
    let posts = [
        ("a", "2026-01-01", "[Java/Groovy]"),
        ("b", "2026-01-02", "[Java/Groovy]"),
        ("c", "2026-01-03", "[Java/Spring]"),
        ("d", "2026-01-04", "[[Java, Spring], 生活]"),
    ];
    for (name, date, categories) in posts {
        let text = categorized(name, date, categories);
        write(root, &format!("content/posts/{name}.md"), &text);
    }
    let mut mirror = Mirror::load(root);
    assert_same(root, &mirror, "first load");
    assert!(
        mirror
            .files
            .contains_key("categories/java/groovy/index.html")
    );

    mirror.rewrite(
        root,
        "content/posts/a.md",
        &categorized("a", "2026-01-01", "[Java/Spring]"),
        "moved from Groovy to Spring",
    );
    assert!(mirror.reassembled, "a category edit must assemble again");
    mirror.rewrite(
        root,
        "content/posts/b.md",
        &categorized("b", "2026-01-02", "[Java/Spring]"),
        "Groovy emptied",
    );
    assert!(
        !mirror
            .site()
            .contains_key("categories/java/groovy/index.html"),
        "an empty category keeps its page"
    );
    mirror.rewrite(
        root,
        "content/posts/d.md",
        &categorized("d", "2026-01-04", "[Java/Spring/Boot]"),
        "a level added below",
    );
    mirror.rewrite(
        root,
        "content/posts/c.md",
        &categorized("c", "2026-01-03", "[Kotlin/Spring]"),
        "moved to another parent",
    );
}

#[test]
fn a_broken_edit_keeps_the_site_and_reports_every_problem_until_fixed() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "content/posts/a.md",
        &post("A", "2026-01-01", "x", "甲。"),
    );
    write(
        root,
        "content/posts/b.md",
        &post("B", "2026-01-02", "x", "乙。"),
    );
    let mut mirror = Mirror::load(root);

    write(
        root,
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-13-45\n---\n甲。\n",
    );
    let changes = Changes::classify(
        root,
        mirror.live.config(),
        &[root.join("content/posts/a.md")],
    );
    let problems = mirror.live.apply(&changes).err().unwrap().to_string();
    assert!(problems.contains("content/posts/a.md:3:1"), "{problems}");

    // Another file's edit does not hide the first file's problem.
    write(
        root,
        "content/posts/b.md",
        &post("B", "2026-01-02", "x", "乙改。"),
    );
    let changes = Changes::classify(
        root,
        mirror.live.config(),
        &[root.join("content/posts/b.md")],
    );
    let problems = mirror.live.apply(&changes).err().unwrap().to_string();
    assert!(problems.contains("content/posts/a.md:3:1"), "{problems}");

    mirror.rewrite(
        root,
        "content/posts/a.md",
        &post("A", "2026-01-01", "x", "甲改。"),
        "after the fix",
    );
}

/// A post in series `series` whose opening stays the same whatever `ending` is, so that
/// editing the ending leaves its related-post keywords alone.
fn series_post(title: &str, date: &str, tags: &str, series: &str, ending: &str) -> String {
    let opening = "大模型的推理成本在一年里降了一个数量级，开源模型也追了上来。".repeat(12);
    format!(
        "---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\nseries: {series}\n---\n\n{opening}\n\n{ending}\n"
    )
}

/// A draft with the same opening as [`series_post`].
fn draft(ending: &str) -> String {
    series_post("草稿", "2026-01-09", "推理", "入门", ending)
        .replace("---\n\n", "draft: true\n---\n\n")
}

#[test]
fn edits_that_move_no_page_are_made_in_place_and_match_a_full_build() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\nposts_per_page = 2\n");
    for i in 1..=6 {
        let series = if i % 2 == 0 { "入门" } else { "进阶" };
        let tags = if i < 4 { "推理, 开源" } else { "推理" };
        write(
            root,
            &format!("content/posts/p{i}.md"),
            &series_post(
                &format!("第{i}篇"),
                &format!("2026-01-0{i}"),
                tags,
                series,
                "结尾。",
            ),
        );
    }
    write(root, "content/posts/draft.md", &draft("还没写完。"));
    write(root, "content/about.md", "# 关于\n\n关于本站。\n");
    let mut mirror = Mirror::load(root);
    let pages = mirror.rendered;

    mirror.rewrite(
        root,
        "content/posts/p3.md",
        &series_post(
            "第3篇",
            "2026-01-03",
            "推理, 开源",
            "进阶",
            "新的结尾，长了许多，字数也变了。",
        ),
        "ending of a post in a series",
    );
    assert!(
        !mirror.reassembled,
        "an edit of a post's ending moves nothing"
    );
    assert!(
        mirror.rendered > 1,
        "lists show the word count, which changed"
    );
    assert!(
        mirror.rendered < pages / 2,
        "{} of {pages}",
        mirror.rendered
    );
    assert!(mirror.updated.contains(&"posts/p3/index.html".to_owned()));

    mirror.rewrite(
        root,
        "content/about.md",
        "# 关于\n\n关于本站，改过。\n",
        "a page",
    );
    assert!(!mirror.reassembled);
    assert_eq!(mirror.updated, ["about/index.html"]);

    mirror.rewrite(
        root,
        "content/posts/draft.md",
        &draft("还没写完，又写了一句。"),
        "a hidden draft",
    );
    assert!(!mirror.reassembled);
    assert_eq!(mirror.rendered, 0);

    // A broken save in between: the edit is made in place once the file is fixed.
    write(root, "content/posts/p5.md", "---\ntitle: [\n---\n");
    let changes = Changes::classify(
        root,
        mirror.live.config(),
        &[root.join("content/posts/p5.md")],
    );
    assert!(mirror.live.apply(&changes).is_err());
    mirror.rewrite(
        root,
        "content/posts/p5.md",
        &series_post("第5篇", "2026-01-05", "推理", "进阶", "修好了。"),
        "fixed after a broken save",
    );
    assert!(!mirror.reassembled);

    // A new static file is copied, though no page changes.
    write(root, "static/notes.txt", "静态文件");
    let changes = Changes::classify(root, mirror.live.config(), &[root.join("static/notes.txt")]);
    let update = mirror.live.apply(&changes).unwrap();
    assert!(
        update.copies.iter().any(|copy| copy.to == "notes.txt"),
        "{:?}",
        update.copies
    );
    mirror.take(update);

    // An alias page shows its page's title.
    let aliased = |title: &str| {
        series_post(title, "2026-01-06", "推理", "入门", "结尾。")
            .replace("series: 入门\n", "series: 入门\naliases: [old/p6]\n")
    };
    mirror.rewrite(
        root,
        "content/posts/p6.md",
        &aliased("第6篇"),
        "an alias added",
    );
    mirror.rewrite(
        root,
        "content/posts/p6.md",
        &aliased("第6篇！"),
        "an aliased title",
    );
    assert!(
        !mirror.reassembled,
        "punctuation in a title leaves its keywords"
    );

    mirror.rewrite(
        root,
        "content/posts/p2.md",
        &series_post("第2篇", "2026-01-02", "推理, 开源", "进阶", "换了系列。"),
        "series change",
    );
    assert!(mirror.reassembled, "a post that changes series moves");
    mirror.rewrite(
        root,
        "content/posts/p4.md",
        &series_post("第4篇", "2026-01-04", "推理", "入门", "在重排之后。"),
        "ending edit after a reassembly",
    );
    assert!(!mirror.reassembled);
}

/// Each front matter key of a post in a series, changed alone: what moves the page (its
/// placement) assembles the site again, what only shows differently is edited in place, and
/// either way the site is the one a full build makes.
#[test]
fn each_front_matter_key_edited_alone_matches_a_full_build() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\nposts_per_page = 2\n");
    let front = |extra: &str| {
        format!(
            "---\ntitle: 第二篇\ndate: 2026-01-02\ntags: [推理]\ncategories: [笔记]\n\
             series: 入门\n{extra}---\n\n大模型推理的成本在下降。\n"
        )
    };
    for (name, date) in [("p1", "2026-01-01"), ("p3", "2026-01-03")] {
        write(
            root,
            &format!("content/posts/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: {date}\ntags: [推理]\nseries: 入门\n---\n\n正文。\n"
            ),
        );
    }
    write(root, "content/posts/p2.md", &front(""));
    let mut mirror = Mirror::load(root);
    let moves = [
        ("date", front("").replace("2026-01-02", "2026-01-05")),
        ("draft", front("draft: true\n")),
        ("tags", front("").replace("[推理]", "[推理, 开源]")),
        ("categories", front("").replace("[笔记]", "[随笔]")),
        ("series", front("").replace("series: 入门", "series: 进阶")),
        ("aliases", front("aliases: [/old/p2/]\n")),
        ("template", front("template: page.html\n")),
        ("lang", front("lang: en\n")),
        ("slug", front("slug: second\n")),
        (
            "keywords",
            front("").replace("大模型推理的成本在下降", "开源社区的新工具"),
        ),
    ];
    for (key, text) in moves {
        mirror.rewrite(root, "content/posts/p2.md", &text, key);
        assert!(mirror.reassembled, "{key} moves the page");
        mirror.rewrite(
            root,
            "content/posts/p2.md",
            &front(""),
            &format!("{key} undone"),
        );
    }
    // The title and the summary are read for related-post keywords too: they move the page
    // when its keywords change, and are edited in place when they do not.
    let either = [
        ("title", front("").replace("第二篇", "第二篇（修订）")),
        ("description", front("description: 成本\n")),
    ];
    for (key, text) in either {
        mirror.rewrite(root, "content/posts/p2.md", &text, key);
        mirror.rewrite(
            root,
            "content/posts/p2.md",
            &front(""),
            &format!("{key} undone"),
        );
    }
    let in_place = [
        ("updated", front("updated: 2026-02-01\n")),
        ("toc", front("toc: true\n")),
        ("extra", front("extra:\n  cover: a.png\n")),
    ];
    for (key, text) in in_place {
        mirror.rewrite(root, "content/posts/p2.md", &text, key);
        assert!(!mirror.reassembled, "{key} moves nothing");
        mirror.rewrite(
            root,
            "content/posts/p2.md",
            &front(""),
            &format!("{key} undone"),
        );
    }
}

/// An image replaced beside a folder post, the post untouched: `serve` shows its new size, as
/// a full build does.
#[test]
fn an_image_edited_beside_a_folder_post_renders_the_post_again() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\n");
    write(
        root,
        "content/posts/2026-01-01-pictures/index.md",
        "---\ntitle: 图片\n---\n\n![封面](cover.png)\n",
    );
    let image = "content/posts/2026-01-01-pictures/cover.png";
    std::fs::write(root.join(image), crate::common::png_header(1200, 630)).unwrap();
    let mut mirror = Mirror::load(root);
    assert_same(root, &mirror, "first load");
    let page = "posts/pictures/index.html";
    assert!(String::from_utf8_lossy(&mirror.files[page]).contains("width=\"1200\""));

    std::fs::write(root.join(image), crate::common::png_header(640, 480)).unwrap();
    mirror.edit(root, &[image]);
    assert_same(root, &mirror, "image replaced");
    assert!(
        String::from_utf8_lossy(&mirror.files[page]).contains("width=\"640\" height=\"480\""),
        "{:?}",
        mirror.updated
    );
}

/// An image in `static/` replaced, the posts untouched: the pages that show it get its new
/// size and the names of its new copies, as a full build does, and the page that does not
/// show it is not rendered again.
#[test]
fn an_image_edited_in_static_renders_again_the_pages_that_show_it() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\n");
    write(
        root,
        "content/posts/2026-01-01-a.md",
        "---\ntitle: 甲\n---\n\n![图](/images/chart.png)\n",
    );
    write(
        root,
        "content/posts/2026-01-02-b.md",
        "---\ntitle: 乙\n---\n\n没有图。\n",
    );
    let image = "static/images/chart.png";
    crate::common::real_image(&root.join(image), 1000, 500);
    let mut mirror = Mirror::load(root);
    assert_same(root, &mirror, "first load");
    let page = "posts/a/index.html";
    let before = String::from_utf8_lossy(&mirror.files[page]).into_owned();
    assert!(before.contains("width=\"1000\" height=\"500\"") && before.contains("480w"));

    crate::common::real_image(&root.join(image), 800, 800);
    mirror.edit(root, &[image]);
    let after = String::from_utf8_lossy(&mirror.files[page]).into_owned();
    assert!(after.contains("width=\"800\" height=\"800\""), "{after}");
    assert_ne!(before, after);
    let pages = pages_updated(&mirror);
    assert!(pages.contains(&page.to_owned()), "{pages:?}");
    assert!(
        !pages.contains(&"posts/b/index.html".to_owned()),
        "{pages:?}"
    );
    assert_same(root, &mirror, "static image replaced");
}

/// The HTML pages of the last update.
fn pages_updated(mirror: &Mirror) -> Vec<String> {
    let mut pages: Vec<String> = mirror
        .updated
        .iter()
        .filter(|path| path.ends_with(".html"))
        .cloned()
        .collect();
    pages.sort();
    pages
}

#[test]
fn component_templates_and_what_components_read_rerender_exactly_the_pages_using_them() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"测试\"\n");
    numbered_posts(root, 3, |_| "AI");
    write(
        root,
        "content/posts/p2.md",
        &post(
            "第2篇",
            "2026-01-02",
            "AI",
            "{{< note >}}\n提示内容。\n{{< /note >}}",
        ),
    );
    write(
        root,
        "content/posts/p3.md",
        &post(
            "第3篇",
            "2026-01-03",
            "AI",
            "{{< badge text=\"新\" />}} 和 {{< link to=\"posts/p1.md\" >}}",
        ),
    );
    write(
        root,
        "content/posts/p4/index.md",
        &post("第4篇", "2026-01-04", "AI", "{{< include file=\"a.rs\" >}}"),
    );
    write(root, "content/posts/p4/a.rs", "fn a() {}\n");
    write(
        root,
        "templates/shortcodes/badge.html",
        "<b>{{ args.text }}</b>",
    );
    let mut mirror = Mirror::load(root);
    assert_same(root, &mirror, "first load");

    // The theme's note overridden by the site: only the page using it.
    mirror.rewrite(
        root,
        "templates/shortcodes/note.html",
        "<div class=\"mine\">{{ body }}</div>",
        "note template added",
    );
    assert_eq!(pages_updated(&mirror), ["posts/p2/index.html"]);
    assert!(!mirror.reassembled);
    mirror.rewrite(
        root,
        "templates/shortcodes/badge.html",
        "<b class=\"badge\">{{ args.text }}</b>",
        "badge template edited",
    );
    assert_eq!(pages_updated(&mirror), ["posts/p3/index.html"]);

    // A link card shows its target's title: editing the target re-renders the card's page
    // (p3 is not p1's neighbour; related posts show it on every page here).
    mirror.rewrite(
        root,
        "content/posts/p1.md",
        &post("第1篇改名", "2026-01-01", "AI", "正文1。"),
        "link target renamed",
    );
    let updated = pages_updated(&mirror);
    assert!(
        updated.contains(&"posts/p3/index.html".to_owned()),
        "{updated:?}"
    );

    // An included file re-renders the page including it, and only that one.
    mirror.rewrite(
        root,
        "content/posts/p4/a.rs",
        "fn b() {}\n",
        "included file edited",
    );
    assert_eq!(pages_updated(&mirror), ["posts/p4/index.html"]);

    // A component template that another names is shared: every page is rendered again.
    mirror.rewrite(
        root,
        "templates/shortcodes/badge.html",
        "{% include \"shortcodes/note.html\" ignore missing %}<b>{{ args.text }}</b>",
        "badge names note",
    );
    mirror.rewrite(
        root,
        "templates/shortcodes/note.html",
        "<div class=\"mine2\">{{ body }}</div>",
        "shared note edited",
    );
    assert!(
        pages_updated(&mirror).len() > 3,
        "{:?}",
        pages_updated(&mirror)
    );

    // Removing the override brings the theme's note back.
    std::fs::remove_file(root.join("templates/shortcodes/note.html")).unwrap();
    mirror.edit(root, &["templates/shortcodes/note.html"]);
    assert_same(root, &mirror, "note override removed");
}

/// The first build of `serve` reports the warnings `boke build` reports, and which posts it
/// leaves out.
#[test]
fn the_first_load_reports_what_a_build_reports() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "boke.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        root,
        "content/posts/2026-01-01-a.md",
        "---\ntitle: 甲\n---\n\n- ** 空格**：不会加粗。\n",
    );
    write(
        root,
        "content/posts/2026-01-02-d.md",
        "---\ntitle: 草稿\ndraft: true\n---\n\n正文。\n",
    );
    let built = build_in_memory(root, Visibility::default()).unwrap();
    let (live, update) = LiveSite::load(root, Visibility::default(), None).unwrap();
    let messages = |list: &[boke::Diagnostic]| -> Vec<String> {
        let mut list: Vec<String> = list.iter().map(ToString::to_string).collect();
        list.sort();
        list
    };
    assert!(!built.warnings.is_empty());
    assert_eq!(messages(&update.warnings), messages(&built.warnings));
    assert_eq!(
        live.left_out(),
        boke::LeftOut {
            drafts: 1,
            future: 0
        }
    );
}
