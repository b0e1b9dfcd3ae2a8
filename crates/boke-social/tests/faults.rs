//! The service under faults and hostile input: a disk that fills up mid-burst, reply chains
//! a hundred thousand deep, a WAL under sustained writes, concurrent first starts, NUL bytes,
//! malformed requests, an SMTP server that is down, counters pushed by one address.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use boke_social::config::ModerationPolicy;
use boke_social::notify::{self, Letters};
use boke_social::store::{FeedPost, Store};
use serde_json::json;
use support::smtp::SmtpCapture;
use support::{Server, TestDb, comment, config};

async fn open_server(db: &TestDb, policy: ModerationPolicy) -> Server {
    let mut config = config();
    config.moderation = policy;
    Server::start(db.store.clone(), config, None).await
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "cannot mount a tmpfs (needs root); unset BOKE_TEST_MOUNTS to skip"
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file until the disk refuses more.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.path().join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

/// A burst of comments while the disk fills partway: every `201` names a stored comment with
/// its own body, no id is answered twice, every refusal is a JSON 503, and `/healthz` says the
/// database cannot write while the disk is full.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(boke_test_mounts),
    ignore = "mounts a tmpfs (root only): build with BOKE_TEST_MOUNTS=1 to run"
)]
async fn acknowledged_means_stored_when_the_disk_fills() {
    let disk = SmallDisk::mount("3m");
    let data = disk.path().join("data");
    let store = Store::open_data_dir(&data).await.unwrap();
    let server = Server::start(store, support_config(ModerationPolicy::None), None).await;
    assert_eq!(server.get("/healthz").await.status, 200);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..3000 {
        if n == 300 {
            disk.fill();
        }
        let body = format!(
            "第{n}条评论，带一点长度让每条都占空间：{}",
            "字".repeat(200)
        );
        let response = server
            .post("/api/comments", comment("/full/", "读者", None, &body))
            .await;
        match response.status {
            201 => acknowledged.push((response.json()["id"].as_i64().unwrap(), body)),
            503 => {
                assert!(response.json()["error"].is_string(), "{}", response.body);
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", response.body),
        }
    }
    assert!(
        refused > 0,
        "the disk never filled: the test proves nothing"
    );
    let health = server.get("/healthz").await;
    assert_eq!(health.status, 503, "{}", health.body);
    let view = server.post("/api/views", json!({"page": "/full/"})).await;
    assert_eq!(view.status, 503, "{}", view.body);
    server.stop().await;

    let _ = std::fs::remove_file(disk.path().join("filler"));
    let store = Store::open_data_dir(&data).await.unwrap();
    let mut ids = std::collections::HashSet::new();
    for (id, body) in &acknowledged {
        assert!(ids.insert(*id), "id {id} was answered twice");
        let stored = store
            .comment(*id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged comment {id} is not stored"));
        assert_eq!(&stored.body, body, "comment {id} holds another body");
    }
    // Once there is room again, writes and health come back.
    let server = Server::start(store, support_config(ModerationPolicy::None), None).await;
    assert_eq!(server.get("/healthz").await.status, 200);
    let after = server
        .post("/api/comments", comment("/full/", "读者", None, "又能写了"))
        .await;
    assert_eq!(after.status, 201, "{}", after.body);
    assert!(ids.insert(after.json()["id"].as_i64().unwrap()));
    server.stop().await;
}

fn support_config(policy: ModerationPolicy) -> boke_social::config::ServiceConfig {
    let mut config = config();
    config.moderation = policy;
    config
}

/// Depth of the deepest `replies` nesting in a comment list.
fn nesting(comments: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&serde_json::Value, usize)> = comments
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| (comment, 1))
        .collect();
    while let Some((comment, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for reply in comment["replies"].as_array().unwrap() {
            stack.push((reply, depth + 1));
        }
    }
    deepest
}

/// Counts every comment in a nested list.
fn count_nested(comments: &serde_json::Value) -> usize {
    let mut total = 0;
    let mut stack: Vec<&serde_json::Value> = comments.as_array().unwrap().iter().collect();
    while let Some(comment) = stack.pop() {
        total += 1;
        stack.extend(comment["replies"].as_array().unwrap());
    }
    total
}

/// A chain of replies, each answering the last, as many addresses could post in seconds: the
/// page still reads, nested no deeper than the service shows, and nothing is dropped.
async fn deep_reply_chains_are_flattened(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    let mut parent: Option<i64> = None;
    for n in 0..60 {
        let mut reply = comment("/deep/", "读者", None, &format!("第{n}层"));
        reply["parent_id"] = json!(parent);
        let response = server.post("/api/comments", reply).await;
        assert_eq!(response.status, 201, "{}", response.body);
        parent = response.json()["id"].as_i64();
    }
    let list = server.get("/api/comments?page=/deep/").await;
    assert_eq!(list.status, 200);
    let list = list.json();
    assert_eq!(list["total"], 60);
    assert_eq!(count_nested(&list["comments"]), 60);
    let depth = nesting(&list["comments"]);
    assert!(
        depth <= boke_social::store::MAX_REPLY_DEPTH + 1,
        "nested {depth} deep"
    );
    // Replies past the cap hang under the deepest allowed ancestor, oldest first.
    let mut deepest = &list["comments"][0];
    while let Some(first) = deepest["replies"].get(0) {
        if first["replies"].as_array().unwrap().is_empty() {
            break;
        }
        deepest = first;
    }
    let flattened = deepest["replies"].as_array().unwrap();
    assert!(flattened.len() > 1, "{deepest}");
    let times: Vec<i64> = flattened
        .iter()
        .map(|reply| reply["id"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] < pair[1]), "{times:?}");

    // A chain of 100,000 already in the database (stored before the cap, or written by
    // hand) must not take the service down either.
    sqlx::query(
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000) \
         INSERT INTO comments (id, page, parent_id, author, body, html, status, created_at) \
         SELECT 1000000 + n, '/abyss/', CASE WHEN n = 1 THEN NULL ELSE 999999 + n END, \
         'x', 'y', '<p>y</p>', 'approved', n FROM seq",
    )
    .execute(boke_social::backup::pool_of(&db.store))
    .await
    .unwrap();
    let abyss = server.get("/api/comments?page=/abyss/").await;
    assert_eq!(
        abyss.status,
        200,
        "{}",
        &abyss.body[..abyss.body.len().min(300)]
    );
    let abyss = abyss.json();
    assert_eq!(abyss["total"], 100_000);
    assert_eq!(count_nested(&abyss["comments"]), 100_000);
    assert!(nesting(&abyss["comments"]) <= boke_social::store::MAX_REPLY_DEPTH + 1);
    // And a reply to its deepest comment is stored under an ancestor within the cap.
    let mut reply = comment("/abyss/", "读者", None, "最深处的回复");
    reply["parent_id"] = json!(1_100_000);
    let response = server.post("/api/comments", reply).await;
    assert_eq!(response.status, 201, "{}", response.body);
    server.stop().await;
}
both_backends!(
    deep_reply_chains_are_flattened,
    crate::deep_reply_chains_are_flattened
);

/// 20,000 writes (views, comments, reactions) with readers alongside: the WAL stays small.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wal_stays_bounded_under_sustained_writes() {
    let db = support::sqlite().await;
    let server = open_server(&db, ModerationPolicy::None).await;
    let Some(dir) = db.sqlite_dir() else {
        unreachable!("a SQLite test database")
    };
    let wal = dir.join("social.db-wal");
    let store = db.store.clone();
    let mut largest = 0u64;
    let writers: Vec<_> = (0..4)
        .map(|worker| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..5000 {
                    let page = format!("/w/{}/", n % 50);
                    if n % 10 == 0 {
                        let new = boke_social::store::NewComment {
                            page: page.clone(),
                            parent_id: None,
                            author: format!("w{worker}"),
                            email: None,
                            website: None,
                            body: "持续写入".repeat(20),
                            html: "<p>持续写入</p>".to_owned(),
                            ip_hash: None,
                            created_at: n,
                            source: None,
                            commenter_id: None,
                        };
                        store
                            .insert_comment(&new, boke_social::store::CommentStatus::Approved)
                            .await
                            .unwrap();
                    } else {
                        store.add_view(&page).await.unwrap();
                    }
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let addr = server.addr;
            tokio::spawn(async move {
                for n in 0..400 {
                    let page = format!("/api/comments?page=/w/{}/", n % 50);
                    assert_eq!(
                        support::http::request(addr, "GET", &page, &[], None)
                            .await
                            .status,
                        200
                    );
                }
            })
        })
        .collect();
    let mut writers = writers.into_iter();
    let mut pending: Vec<_> = writers.by_ref().collect();
    while !pending.is_empty() {
        tokio::time::sleep(Duration::from_millis(50)).await;
        largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
        pending.retain(|task| !task.is_finished());
    }
    for reader in readers {
        reader.await.unwrap();
    }
    server.stop().await;
    largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
    assert!(
        largest < 8 * 1024 * 1024,
        "the WAL reached {} KiB",
        largest / 1024
    );
}

/// Several instances started at the same moment on a new database all come up.
async fn concurrent_first_starts(db: TestDb) {
    for round in 0..8 {
        let fresh = db.fresh_place(round).await;
        let starts: Vec<_> = (0..3)
            .map(|_| {
                let fresh = fresh.clone();
                tokio::spawn(async move { fresh.open().await })
            })
            .collect();
        for start in starts {
            let store = start.await.unwrap();
            if let Err(error) = &store {
                panic!("round {round}: {error}");
            }
        }
    }
}
both_backends!(concurrent_first_starts, crate::concurrent_first_starts);

/// A NUL byte in any field is a 422 with a JSON reason on both backends, never a 500.
async fn nul_bytes_are_refused(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    for field in ["body", "author", "email", "website", "page"] {
        let mut sent = comment("/nul/", "读者", Some("a@example.com"), "正文");
        let value = match field {
            "page" => "/nul/\u{0}/".to_owned(),
            "email" => "a\u{0}@example.com".to_owned(),
            "website" => "https://example.com/\u{0}".to_owned(),
            _ => "前\u{0}后".to_owned(),
        };
        sent[field] = json!(value);
        let response = server.post("/api/comments", sent).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        assert!(response.json()["error"].is_string());
    }
    let named = server
        .post("/api/comments", comment("/nul/", "读\u{7}者", None, "正文"))
        .await;
    assert_eq!(named.status, 422);
    let reason = named.json()["error"].as_str().unwrap().to_owned();
    assert!(!reason.contains("too long"), "{reason}");
    let list = server.get("/api/comments?page=/nul/").await.json();
    assert_eq!(list["total"], 0);
    server.stop().await;
}
both_backends!(nul_bytes_are_refused, crate::nul_bytes_are_refused);

/// Rejections by the framework itself are the documented JSON, say what to fix, and leak no
/// Rust type names.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_rejection_is_json_without_internals() {
    let db = support::sqlite().await;
    let mut small = config();
    small.max_body_bytes = 4096;
    let server = Server::start(db.store.clone(), small, None).await;
    let token = server.admin_token("correct horse battery").await;
    let big = json!({"page": "/a/", "body": "长".repeat(5000)}).to_string();
    let cases: Vec<(&str, &str, Vec<(&str, &str)>, Option<String>, u16)> = vec![
        (
            "POST",
            "/api/comments",
            vec![("Content-Type", "application/json")],
            Some("{not json".into()),
            400,
        ),
        (
            "POST",
            "/api/comments",
            vec![("Content-Type", "application/json")],
            Some("[1, 2]".into()),
            422,
        ),
        (
            "POST",
            "/api/comments",
            vec![("Content-Type", "application/json")],
            Some(r#"{"page": 5, "body": "x"}"#.into()),
            422,
        ),
        (
            "POST",
            "/api/comments",
            vec![("Content-Type", "text/plain")],
            Some(r#"{"page": "/a/", "body": "x"}"#.into()),
            415,
        ),
        (
            "POST",
            "/api/comments",
            vec![("Content-Type", "application/json")],
            Some(big),
            413,
        ),
        (
            "GET",
            "/api/comments?page=/a/&offset=abc",
            vec![],
            None,
            400,
        ),
        ("GET", "/api/comments", vec![], None, 400),
        ("GET", "/api/reactions?page=/a/&page=", vec![], None, 400),
        (
            "POST",
            "/api/admin/comments/abc/status",
            vec![
                ("Authorization", token.as_str()),
                ("Content-Type", "application/json"),
            ],
            Some(r#"{"status": "approved"}"#.into()),
            400,
        ),
        (
            "POST",
            "/api/admin/comments/1/status",
            vec![
                ("Authorization", token.as_str()),
                ("Content-Type", "application/json"),
            ],
            Some(r#"{"status": "maybe"}"#.into()),
            422,
        ),
        ("GET", "/api/nowhere", vec![], None, 404),
        ("DELETE", "/api/comments", vec![], None, 405),
    ];
    for (method, path, headers, body, status) in cases {
        for language in ["en", "zh-CN,zh;q=0.9"] {
            let mut headers = headers.clone();
            headers.push(("Accept-Language", language));
            let response =
                support::http::request(server.addr, method, path, &headers, body.as_deref()).await;
            let what = format!("{method} {path} [{language}]");
            assert_eq!(response.status, status, "{what}: {}", response.body);
            assert!(
                response
                    .header("content-type")
                    .is_some_and(|value| value.starts_with("application/json")),
                "{what}: {:?}",
                response.header("content-type")
            );
            let message = response.json()["error"]
                .as_str()
                .unwrap_or_else(|| panic!("{what}: {}", response.body))
                .to_owned();
            for leak in [
                "struct",
                "i64",
                "CommentInput",
                "deserialize",
                "Deserialize",
                "enum",
                "variant",
                "::",
            ] {
                assert!(!message.contains(leak), "{what}: leaks `{leak}`: {message}");
            }
            let chinese = message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert_eq!(chinese, language.starts_with("zh"), "{what}: {message}");
        }
    }
    server.stop().await;
}

/// One address cannot pile up reactions by changing its user agent, and reading a page's
/// reactions costs the same with 5,000 of them as with none.
async fn reactions_per_address_are_bounded(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    for n in 0..30 {
        let agent = format!("agent-{n}");
        let response = support::http::request(
            server.addr,
            "POST",
            "/api/reactions",
            &[("Content-Type", "application/json"), ("User-Agent", &agent)],
            Some(&json!({"page": "/r/", "kind": "like"}).to_string()),
        )
        .await;
        assert!(
            [200, 429].contains(&response.status),
            "{}: {}",
            response.status,
            response.body
        );
    }
    let counts = server.get("/api/reactions?page=/r/").await.json();
    let likes = counts["counts"]["like"].as_i64().unwrap();
    assert!(
        likes <= boke_social::store::REACTIONS_PER_ADDRESS as i64,
        "one address added {likes} reactions"
    );
    assert!(likes >= 1);
    // Changing and withdrawing keep the counts exact.
    let mine = [
        ("Content-Type", "application/json"),
        ("User-Agent", "agent-0"),
    ];
    let changed = support::http::request(
        server.addr,
        "POST",
        "/api/reactions",
        &mine,
        Some(&json!({"page": "/r/", "kind": "love"}).to_string()),
    )
    .await
    .json();
    assert_eq!(changed["counts"]["like"].as_i64().unwrap(), likes - 1);
    assert_eq!(changed["counts"]["love"], 1);
    assert_eq!(changed["mine"], "love");
    let withdrawn = support::http::request(
        server.addr,
        "POST",
        "/api/reactions",
        &mine,
        Some(&json!({"page": "/r/", "kind": null}).to_string()),
    )
    .await
    .json();
    assert_eq!(withdrawn["counts"]["love"], 0);
    assert_eq!(withdrawn["mine"], serde_json::Value::Null);
    server.stop().await;
}
both_backends!(
    reactions_per_address_are_bounded,
    crate::reactions_per_address_are_bounded
);

fn feed_post(n: u32) -> FeedPost {
    FeedPost {
        id: format!("https://blog.example.com/posts/{n}/"),
        url: format!("https://blog.example.com/posts/{n}/"),
        title: format!("第{n}篇"),
        summary: "摘要".to_owned(),
    }
}

/// A port on loopback where nothing listens.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("smtp://{}:{}", addr.ip(), addr.port())
}

/// With the SMTP server down, nothing was sent, so every delivery stays due: the run says it
/// failed, and the next run with the server up sends each post once.
async fn notify_retries_when_smtp_was_down(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let server = Server::start(db.store.clone(), config(), Some(smtp.mailer())).await;
    for n in 0..3 {
        let email = format!("reader{n}@example.com");
        assert_eq!(
            server
                .post("/api/subscribe", json!({ "email": email }))
                .await
                .status,
            202
        );
        assert!(db.store.confirm_subscriber(&email).await.unwrap());
    }
    server.app.drain_background().await;
    let secrets = db.store.secrets().await.unwrap();
    let letters = Letters {
        site_title: "测试博客".to_owned(),
        public_url: "http://social.test".to_owned(),
        link_key: secrets.link_key,
    };
    let baseline = notify::notify(&db.store, &smtp.mailer(), &letters, &[feed_post(1)], false)
        .await
        .unwrap();
    assert!(baseline.baseline);
    let before = smtp.messages().len();

    let down =
        boke_social::mail::Mailer::new(&closed_port().await, "博客 <b@example.com>").unwrap();
    let posts = [feed_post(1), feed_post(2)];
    let failed = notify::notify(&db.store, &down, &letters, &posts, false)
        .await
        .unwrap();
    assert_eq!(failed.sent, 0);
    assert_eq!(
        failed.unknown, 0,
        "a refused connection sent nothing: {failed}"
    );
    assert_eq!(failed.failed, 3, "{failed}");
    assert!(!failed.all_delivered());

    let retried = notify::notify(&db.store, &smtp.mailer(), &letters, &posts, false)
        .await
        .unwrap();
    assert_eq!(retried.sent, 3, "{retried}");
    assert!(retried.all_delivered());
    let mails = smtp.wait_for(before + 3).await;
    assert_eq!(mails.len(), before + 3);
    let again = notify::notify(&db.store, &smtp.mailer(), &letters, &posts, false)
        .await
        .unwrap();
    assert_eq!(again.sent, 0, "nothing is sent twice");
    server.stop().await;
}
both_backends!(
    notify_retries_when_smtp_was_down,
    crate::notify_retries_when_smtp_was_down
);

/// Asking again and again for a pending address mails it once a day at most, whoever asks;
/// addresses no mailer can deliver to are refused and not stored.
async fn subscribe_cannot_flood_an_inbox(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let server = Server::start(db.store.clone(), config(), Some(smtp.mailer())).await;
    for n in 0..10 {
        let agent = format!("agent-{n}");
        let response = support::http::request(
            server.addr,
            "POST",
            "/api/subscribe",
            &[("Content-Type", "application/json"), ("User-Agent", &agent)],
            Some(&json!({ "email": "Victim@Example.com" }).to_string()),
        )
        .await;
        assert_eq!(response.status, 202, "{}", response.body);
    }
    server.app.drain_background().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        smtp.messages().len(),
        1,
        "one confirmation per address per day"
    );
    for address in [
        r#""a b"@example.com"#,
        "user@[127.0.0.1]",
        "user@localhost",
        "user@-example.com",
        "a..b@example.com",
    ] {
        let response = server
            .post("/api/subscribe", json!({ "email": address }))
            .await;
        assert_eq!(response.status, 422, "{address}: {}", response.body);
        assert!(db.store.subscriber(address).await.unwrap().is_none());
    }
    server.stop().await;
}
both_backends!(
    subscribe_cannot_flood_an_inbox,
    crate::subscribe_cannot_flood_an_inbox
);
