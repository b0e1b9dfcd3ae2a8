//! Importing other comment systems' exports: LeanCloud (Valine and Waline apps), Waline,
//! Valine, Twikoo, Artalk and Disqus, with threads, times, statuses, page views and page maps,
//! on both backends.

mod support;

use std::path::{Path, PathBuf};

use boke_social::import::{self, Format, ImportReport, PageMap};
use boke_social::store::{CommentOrder, CommentStatus, Store};
use support::TestDb;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

async fn imports_waline_valine_and_disqus(db: TestDb) {
    let store = &db.store;
    let none = PageMap::default();
    let waline = import::import(
        store,
        Format::Waline,
        include_str!("fixtures/waline.json"),
        &none,
    )
    .await
    .unwrap();
    assert_eq!((waline.imported, waline.already_present), (3, 0));
    let again = import::import(
        store,
        Format::Waline,
        include_str!("fixtures/waline.json"),
        &none,
    )
    .await
    .unwrap();
    assert_eq!(
        (again.imported, again.already_present),
        (0, 3),
        "re-import skips"
    );
    let hello = store
        .thread("/posts/hello/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!(hello.total, 2, "the waiting one stays pending");
    assert_eq!(hello.comments[0].author, "老读者");
    assert_eq!(hello.comments[0].html, "<p><strong>写得好</strong></p>\n");
    assert_eq!(
        hello.comments[0].website.as_deref(),
        Some("https://old.example")
    );
    assert_eq!(hello.comments[0].created_at, 1_672_628_645);
    let reply = &hello.comments[0].replies[0];
    assert!(!reply.html.contains("<script"), "{}", reply.html);
    assert_eq!(reply.website, None, "javascript: website dropped");
    assert_eq!(
        store
            .comments_with_status(CommentStatus::Pending, 0, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    let valine = import::import(
        store,
        Format::Valine,
        include_str!("fixtures/valine.json"),
        &none,
    )
    .await
    .unwrap();
    assert_eq!(valine.imported, 2);
    let old = store
        .thread("/posts/old/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!(old.comments[0].html, "<p>HTML  评论</p>\n");
    assert_eq!(old.comments[0].replies[0].html, "<p>回复</p>");

    let disqus = import::import(
        store,
        Format::Disqus,
        include_str!("fixtures/disqus.xml"),
        &none,
    )
    .await
    .unwrap();
    assert_eq!(
        (disqus.imported, disqus.dropped),
        (3, 1),
        "the deleted post is left out, and reported"
    );
    let page = store
        .thread("/posts/%E4%BD%A0%E5%A5%BD/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!(page.total, 2, "spam is kept but hidden");
    let first = &page.comments[0];
    assert_eq!(first.author, "Disqus 读者");
    assert!(!first.html.contains("javascript"), "{}", first.html);
    assert!(
        first.html.contains(r#"href="https://ok.example""#),
        "{}",
        first.html
    );
    assert_eq!(first.replies[0].html, "<p>回复 </p>");
    let stored = store
        .comments_with_status(CommentStatus::Approved, 0, 50)
        .await
        .unwrap();
    assert!(
        stored
            .iter()
            .all(|c| c.ip_hash.as_deref().is_none_or(|h| !h.contains('.'))),
        "addresses are hashed"
    );
    assert!(
        import::import(store, Format::Disqus, "<disqus>", &none)
            .await
            .is_err()
    );
}
both_backends!(
    imports_waline_valine_and_disqus,
    crate::imports_waline_valine_and_disqus
);

async fn views_of(store: &Store, page: &str) -> Option<i64> {
    store
        .view_counts(&[page.to_owned()])
        .await
        .unwrap()
        .get(page)
        .copied()
}

/// LeanCloud's export of two apps (a Valine one in JSON lines, a Waline one in JSON), read from
/// the folder it unpacks to, with old URLs mapped: threads, times, statuses, bodies, counters;
/// a second run adds nothing.
async fn leancloud_folders_import_with_threads_views_and_maps(db: TestDb) {
    let store = &db.store;
    let mut map = PageMap::default();
    map.add_pair("/2019/05/hello.html=/posts/hello/").unwrap();
    map.add_pair("/archives/=/posts/").unwrap();
    let folder = fixture("leancloud");
    let report = import::import_paths(
        store,
        Format::Leancloud,
        std::slice::from_ref(&folder),
        &map,
    )
    .await
    .unwrap();
    assert_eq!(
        report,
        ImportReport {
            imported: 8,
            already_present: 0,
            dropped: 1,
            parent_missing: 1,
            mapped: 5,
            pages_counted: 3,
            counters_unchanged: 0,
            unrecognised: 1,
        },
        "{report}"
    );
    let text = report.to_string();
    assert!(text.contains("comments imported: 8"), "{text}");
    assert!(
        text.contains("replies whose parent is not in the export, kept as top-level comments: 1"),
        "{text}"
    );

    // Valine: HTML bodies, cleaned; a reply to a reply nests twice even though its clock
    // said it came before its parent.
    let hello = store
        .thread("/posts/hello/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!((hello.total, hello.threads), (3, 1));
    let first = &hello.comments[0];
    assert_eq!(first.author, "老张");
    assert_eq!(first.created_at, 1_556_784_000);
    assert!(
        first.html.contains("<strong>写得好</strong>"),
        "{}",
        first.html
    );
    assert_eq!(first.website.as_deref(), Some("https://zhang.example"));
    let reply = &first.replies[0];
    assert_eq!(reply.author, "小李");
    assert!(!reply.html.contains("onerror"), "{}", reply.html);
    assert_eq!(reply.replies[0].html, "<p>再回复小李</p>");

    // The folder map moved /archives/42/; the orphan stays, as a top-level comment.
    let archived = store
        .thread("/posts/42/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!((archived.total, archived.threads), (2, 2));

    // Waline: Markdown bodies rendered; waiting and spam kept out of the page.
    let waline = store
        .thread("/posts/waline/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!(waline.total, 1);
    assert!(
        waline.comments[0]
            .html
            .contains("<strong>Markdown</strong>"),
        "{}",
        waline.comments[0].html
    );
    for status in [CommentStatus::Pending, CommentStatus::Spam] {
        let held = store.comments_with_status(status, 0, 10).await.unwrap();
        assert_eq!(held.len(), 1, "{status:?}");
        assert_eq!(held[0].page, "/posts/waline/");
    }
    let stored = store
        .comments_with_status(CommentStatus::Approved, 0, 50)
        .await
        .unwrap();
    assert!(
        stored
            .iter()
            .all(|c| c.ip_hash.as_deref().is_none_or(|h| !h.contains('.'))),
        "addresses are hashed"
    );

    assert_eq!(views_of(store, "/posts/hello/").await, Some(1234));
    assert_eq!(views_of(store, "/posts/42/").await, Some(56));
    assert_eq!(views_of(store, "/posts/waline/").await, Some(77));

    let again = import::import_paths(store, Format::Leancloud, &[folder], &map)
        .await
        .unwrap();
    assert_eq!((again.imported, again.already_present), (0, 8), "{again}");
    assert_eq!((again.pages_counted, again.counters_unchanged), (0, 3));
    assert_eq!(views_of(store, "/posts/hello/").await, Some(1234));
}
both_backends!(
    leancloud_folders_import_with_threads_views_and_maps,
    crate::leancloud_folders_import_with_threads_views_and_maps
);

/// Twikoo: MongoDB ids, millisecond times, comments held for review, counters in the same file.
async fn twikoo_exports_import(db: TestDb) {
    let store = &db.store;
    let report = import::import_paths(
        store,
        Format::Twikoo,
        &[fixture("twikoo.json")],
        &PageMap::default(),
    )
    .await
    .unwrap();
    assert_eq!((report.imported, report.pages_counted), (3, 1), "{report}");
    let page = store
        .thread("/posts/twikoo/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!((page.total, page.threads), (2, 1));
    assert_eq!(page.comments[0].created_at, 1_700_000_000);
    assert_eq!(page.comments[0].html, "<p>Twikoo <strong>评论</strong></p>");
    let reply = &page.comments[0].replies[0];
    assert!(!reply.html.contains("javascript"), "{}", reply.html);
    let held = store
        .comments_with_status(CommentStatus::Pending, 0, 10)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].author, "审核中");
    assert_eq!(views_of(store, "/posts/twikoo/").await, Some(321));
}
both_backends!(twikoo_exports_import, crate::twikoo_exports_import);

/// Artalk's Artrans: string flags, `rid` threads, times with an offset, full-URL page keys.
async fn artalk_artrans_imports(db: TestDb) {
    let store = &db.store;
    let report = import::import_paths(
        store,
        Format::Artalk,
        &[fixture("artalk.artrans")],
        &PageMap::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.imported, 3, "{report}");
    let page = store
        .thread("/posts/artalk/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!((page.total, page.threads), (2, 1));
    // 2021-10-28 20:50:15 in UTC+8.
    assert_eq!(page.comments[0].created_at, 1_635_425_415);
    assert!(page.comments[0].html.contains("<strong>评论</strong>"));
    assert_eq!(page.comments[0].replies[0].author, "回复者");
    let held = store
        .comments_with_status(CommentStatus::Pending, 0, 10)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
}
both_backends!(artalk_artrans_imports, crate::artalk_artrans_imports);

/// A broken export names its file and line, and stores nothing of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_broken_export_says_where_and_stores_nothing() {
    let db = support::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("Comment.0.jsonl");
    std::fs::write(
        &good,
        "{\"objectId\":\"a\",\"url\":\"/a/\",\"comment\":\"<p>a</p>\"}\n\
         {\"objectId\":\"b\",\"url\":\"/a/\",\"comment\":\n",
    )
    .unwrap();
    let error = import::import_paths(
        &db.store,
        Format::Leancloud,
        &[dir.path().to_path_buf()],
        &PageMap::default(),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("Comment.0.jsonl") && error.contains("line 2"),
        "{error}"
    );
    let thread = db
        .store
        .thread("/a/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!(
        thread.total, 0,
        "nothing stored from a file that did not read"
    );
    let empty = tempfile::tempdir().unwrap();
    let error = import::import_paths(
        &db.store,
        Format::Leancloud,
        &[empty.path().to_path_buf()],
        &PageMap::default(),
    )
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("holds no export files"),
        "{error}"
    );
}

/// A LeanCloud export the size of a real blog's: 1,000 comments in threads on 200 pages and
/// 200 counters, in JSON lines; every thread and count arrives.
async fn a_blog_sized_leancloud_export_arrives_whole(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let mut comments = String::new();
    for n in 0..1000 {
        let page = n / 5;
        // Each page has one thread of five: a comment, then each answering the one before.
        let parent = if n % 5 == 0 {
            String::new()
        } else {
            format!(r#","pid":"c{}","rid":"c{}""#, n - 1, n - n % 5)
        };
        comments.push_str(&format!(
            "{{\"objectId\":\"c{n}\",\"nick\":\"读者{n}\",\"url\":\"/posts/p{page}/\",\
             \"comment\":\"<p>第 {n} 条</p>\",\"insertedAt\":{{\"__type\":\"Date\",\
             \"iso\":\"2020-01-01T00:{:02}:{:02}.000Z\"}}{parent}}}\n",
            n / 60 % 60,
            n % 60
        ));
    }
    std::fs::write(dir.path().join("Comment.0.jsonl"), comments).unwrap();
    let counters: String = (0..200)
        .map(|page| {
            format!(
                "{{\"objectId\":\"k{page}\",\"url\":\"/posts/p{page}/\",\"time\":{}}}\n",
                page * 10 + 1
            )
        })
        .collect();
    std::fs::write(dir.path().join("Counter.0.jsonl"), counters).unwrap();
    let report = import::import_paths(
        &db.store,
        Format::Leancloud,
        &[dir.path().to_path_buf()],
        &PageMap::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        (report.imported, report.pages_counted),
        (1000, 200),
        "{report}"
    );
    assert_eq!(report.parent_missing, 0);
    let pages: Vec<String> = (0..200).map(|page| format!("/posts/p{page}/")).collect();
    let counts = db.store.comment_counts(&pages).await.unwrap();
    let views = db.store.view_counts(&pages).await.unwrap();
    for (index, page) in pages.iter().enumerate() {
        assert_eq!(counts.get(page).copied(), Some(5), "{page}");
        assert_eq!(
            views.get(page).copied(),
            Some(index as i64 * 10 + 1),
            "{page}"
        );
    }
    let thread = db
        .store
        .thread("/posts/p7/", CommentOrder::Oldest, 0, 10)
        .await
        .unwrap();
    assert_eq!((thread.total, thread.threads), (5, 1));
}
both_backends!(
    a_blog_sized_leancloud_export_arrives_whole,
    crate::a_blog_sized_leancloud_export_arrives_whole
);

/// Old systems kept Chinese paths decoded or encoded, and a map may be written either way;
/// the comments and views land on the one key the site's pages ask for (percent-encoded).
async fn chinese_paths_meet_however_they_were_spelled(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Comment.0.jsonl"),
        "{\"objectId\":\"a\",\"url\":\"/2020/01/大模型.html\",\"comment\":\"<p>a</p>\"}\n\
         {\"objectId\":\"b\",\"url\":\"/2020/01/%E5%A4%A7%E6%A8%A1%E5%9E%8B.html\",\"comment\":\"<p>b</p>\"}\n\
         {\"objectId\":\"c\",\"url\":\"/notes/推理/\",\"comment\":\"<p>c</p>\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Counter.0.jsonl"),
        "{\"objectId\":\"k\",\"url\":\"/2020/01/%e5%a4%a7%e6%a8%a1%e5%9e%8b.html\",\"time\":42}\n",
    )
    .unwrap();
    let mut map = PageMap::default();
    map.add_pair("/2020/01/%E5%A4%A7%E6%A8%A1%E5%9E%8B.html=/posts/大模型/")
        .unwrap();
    let report = import::import_paths(
        &db.store,
        Format::Leancloud,
        &[dir.path().to_path_buf()],
        &map,
    )
    .await
    .unwrap();
    assert_eq!(report.imported, 3, "{report}");
    let moved = "/posts/%E5%A4%A7%E6%A8%A1%E5%9E%8B/".to_owned();
    let kept = "/notes/%E6%8E%A8%E7%90%86/".to_owned();
    let counts = db
        .store
        .comment_counts(&[moved.clone(), kept.clone()])
        .await
        .unwrap();
    assert_eq!(counts.get(&moved).copied(), Some(2), "{counts:?}");
    assert_eq!(counts.get(&kept).copied(), Some(1), "{counts:?}");
    let views = db
        .store
        .view_counts(std::slice::from_ref(&moved))
        .await
        .unwrap();
    assert_eq!(views.get(&moved).copied(), Some(42));
}
both_backends!(
    chinese_paths_meet_however_they_were_spelled,
    crate::chinese_paths_meet_however_they_were_spelled
);

/// A database an earlier import filled with decoded Chinese paths (and a page counted under
/// both spellings) is set right once, at start: the comments and the larger count move to the
/// key the site's pages ask for, and nothing stays under the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn decoded_page_keys_of_an_older_import_move_at_start() {
    use sqlx::Connection as _;
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::write(
        export.join("Comment.0.jsonl"),
        "{\"objectId\":\"a\",\"url\":\"/posts/大模型/\",\"comment\":\"<p>a</p>\"}\n",
    )
    .unwrap();
    let encoded = "/posts/%E5%A4%A7%E6%A8%A1%E5%9E%8B/".to_owned();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    import::import_paths(&store, Format::Leancloud, &[export], &PageMap::default())
        .await
        .unwrap();
    store.add_view(&encoded).await.unwrap();
    store.close().await;
    // As an older version left it: the comment under the decoded path, a count under each.
    let file = dir.path().join(boke_social::store::SQLITE_FILE);
    let mut raw = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    for statement in [
        "UPDATE comments SET page = '/posts/大模型/'",
        "INSERT INTO page_views (page, views) VALUES ('/posts/大模型/', 100)",
        "DELETE FROM settings WHERE key = 'page_keys_respelled'",
    ] {
        sqlx::query(statement).execute(&mut raw).await.unwrap();
    }
    raw.close().await.unwrap();

    let store = Store::open_data_dir(dir.path()).await.unwrap();
    let decoded = "/posts/大模型/".to_owned();
    let both = [encoded.clone(), decoded.clone()];
    let counts = store.comment_counts(&both).await.unwrap();
    assert_eq!(counts.get(&encoded).copied(), Some(1), "{counts:?}");
    assert_eq!(counts.get(&decoded).copied().unwrap_or(0), 0, "{counts:?}");
    let views = store.view_counts(&both).await.unwrap();
    assert_eq!(
        views.get(&encoded).copied(),
        Some(100),
        "the larger count: {views:?}"
    );
    assert_eq!(views.get(&decoded).copied().unwrap_or(0), 0, "{views:?}");
    store.close().await;
}
