//! Admin, reactions, views, subscriptions, notify and operations on both backends.

mod support;

use boke_social::config::ModerationPolicy;
use boke_social::notify::{self, Letters};
use boke_social::store::{CommentOrder, FeedPost};
use serde_json::json;
use support::smtp::SmtpCapture;
use support::{Server, TestDb, comment, config};

async fn admin_requires_a_session_and_blocks_work(db: TestDb) {
    let mut config = config();
    config.moderation = ModerationPolicy::None;
    let server = Server::start(db.store.clone(), config, None).await;
    assert_eq!(
        server
            .admin("GET", "/api/admin/comments", "", None)
            .await
            .status,
        401
    );
    assert_eq!(
        server
            .admin("GET", "/api/admin/comments", "Bearer forged", None)
            .await
            .status,
        401
    );
    let token = server.admin_token("correct horse battery").await;
    let wrong = server
        .post("/api/admin/login", json!({ "password": "wrong" }))
        .await;
    assert_eq!(wrong.status, 401);
    // The stored password is an argon2 hash, never the password.
    let stored = db
        .store
        .setting(boke_social::http::admin_password_key())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("correct horse"));

    let first = server
        .post(
            "/api/comments",
            comment("/b/", "甲", Some("bad@example.com"), "spam?"),
        )
        .await
        .json();
    let id = first["id"].as_i64().unwrap();
    let spam = server
        .admin(
            "POST",
            &format!("/api/admin/comments/{id}/status"),
            &token,
            Some(json!({"status": "spam"})),
        )
        .await;
    assert_eq!(spam.status, 204);
    assert_eq!(
        server.get("/api/comments?page=/b/").await.json()["total"],
        0
    );
    let listed = server
        .admin("GET", "/api/admin/comments?status=spam", &token, None)
        .await
        .json();
    assert_eq!(listed[0]["id"], id);

    // Block by the comment's email: that address is refused, others are not.
    assert_eq!(
        server
            .admin(
                "POST",
                "/api/admin/blocks",
                &token,
                Some(json!({"kind": "email", "comment_id": id}))
            )
            .await
            .status,
        204
    );
    assert_eq!(
        server
            .post(
                "/api/comments",
                comment("/b/", "甲", Some("BAD@example.com"), "again")
            )
            .await
            .status,
        403
    );
    assert_eq!(
        server
            .post(
                "/api/comments",
                comment("/b/", "乙", Some("ok@example.com"), "fine")
            )
            .await
            .status,
        201
    );
    // Block by IP (all test requests come from 127.0.0.1): stored hashed, then everyone here is refused.
    assert_eq!(
        server
            .admin(
                "POST",
                "/api/admin/blocks",
                &token,
                Some(json!({"kind": "ip", "value": "127.0.0.1"}))
            )
            .await
            .status,
        204
    );
    let blocks = server
        .admin("GET", "/api/admin/blocks", &token, None)
        .await
        .json();
    assert_eq!(blocks.as_array().unwrap().len(), 2);
    assert!(
        !blocks.to_string().contains("127.0.0.1"),
        "raw address stored: {blocks}"
    );
    assert_eq!(
        server
            .post("/api/comments", comment("/b/", "丙", None, "x"))
            .await
            .status,
        403
    );
    for block in blocks.as_array().unwrap() {
        let id = block["id"].as_i64().unwrap();
        assert_eq!(
            server
                .admin("DELETE", &format!("/api/admin/blocks/{id}"), &token, None)
                .await
                .status,
            204
        );
    }
    assert_eq!(
        server
            .post("/api/comments", comment("/b/", "丙", None, "x"))
            .await
            .status,
        201
    );
    assert_eq!(
        server
            .admin("DELETE", &format!("/api/admin/comments/{id}"), &token, None)
            .await
            .status,
        204
    );
    assert_eq!(
        server
            .admin("DELETE", &format!("/api/admin/comments/{id}"), &token, None)
            .await
            .status,
        404
    );

    // The admin page: no inline script, a strict CSP, no framing.
    let page = server.get("/admin").await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(
        !page.body.contains("<script>"),
        "inline script in admin page"
    );
    let script = server.get("/admin/admin.js").await.body;
    assert!(script.contains("Authorization"));
    assert!(
        page.body.contains(r#"id="logout""#) && script.contains("/api/admin/logout"),
        "the admin page has no logout button wired to the API"
    );

    // Logging out ends that session on the server; another session stays.
    let other = server.admin_token("correct horse battery").await;
    let logout = server
        .admin("POST", "/api/admin/logout", &token, None)
        .await;
    assert_eq!(logout.status, 204, "{}", logout.body);
    for path in ["/api/admin/comments", "/api/admin/logout"] {
        let method = if path.ends_with("logout") {
            "POST"
        } else {
            "GET"
        };
        let after = server.admin(method, path, &token, None).await;
        assert_eq!(after.status, 401, "{path} after logout: {}", after.body);
    }
    assert_eq!(
        server
            .admin("GET", "/api/admin/comments", &other, None)
            .await
            .status,
        200
    );
    server.stop().await;
}
both_backends!(
    admin_requires_a_session_and_blocks_work,
    crate::admin_requires_a_session_and_blocks_work
);

async fn reactions_one_per_visitor_and_views(db: TestDb) {
    let server = Server::start(db.store.clone(), config(), None).await;
    let react = |agent: &'static str, kind: serde_json::Value| {
        let body = json!({ "page": "/r/", "kind": kind }).to_string();
        let addr = server.addr;
        async move {
            support::http::request(
                addr,
                "POST",
                "/api/reactions",
                &[("Content-Type", "application/json"), ("User-Agent", agent)],
                Some(&body),
            )
            .await
        }
    };
    let first = react("browser A", json!("like")).await.json();
    assert_eq!(first["counts"]["like"], 1);
    assert_eq!(first["mine"], "like");
    assert_eq!(first["kinds"].as_array().unwrap().len(), 6);
    // The same visitor changes their mind: still one reaction.
    let changed = react("browser A", json!("love")).await.json();
    assert_eq!(changed["counts"]["like"], 0);
    assert_eq!(changed["counts"]["love"], 1);
    // Another visitor (different user agent) counts separately.
    let other = react("browser B", json!("love")).await.json();
    assert_eq!(other["counts"]["love"], 2);
    let withdrawn = react("browser A", json!(null)).await.json();
    assert_eq!(withdrawn["counts"]["love"], 1);
    assert!(withdrawn["mine"].is_null());
    assert_eq!(react("browser A", json!("<script>")).await.status, 422);
    let got = server.get("/api/reactions?page=/r/").await.json();
    assert_eq!(got["counts"]["love"], 1);
    // Stored visitor keys are salted hashes, not addresses.
    let mine = db.store.reactions("/r/", "127.0.0.1").await.unwrap();
    assert!(mine.mine.is_none());

    for expected in 1..=3 {
        let viewed = server
            .post("/api/views", json!({ "page": "/r/" }))
            .await
            .json();
        assert_eq!(viewed["views"], expected);
    }
    assert_eq!(
        server.get("/api/counts?page=/r/").await.json()["/r/"]["views"],
        3
    );
    assert_eq!(server.get("/healthz").await.body, "ok");
    server.stop().await;
}
both_backends!(
    reactions_one_per_visitor_and_views,
    crate::reactions_one_per_visitor_and_views
);

fn link_in(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {text}"));
    text[start..].split_whitespace().next().unwrap().to_owned()
}

fn path_of(url: &str) -> String {
    url.strip_prefix("http://social.test").unwrap().to_owned()
}

fn letters(db: &TestDb, key: String) -> Letters {
    let _ = db;
    Letters {
        site_title: "测试博客".into(),
        public_url: "http://social.test".into(),
        link_key: key,
    }
}

fn post(n: u32) -> FeedPost {
    FeedPost {
        id: format!("https://blog.example.com/posts/{n}/"),
        url: format!("https://blog.example.com/posts/{n}/"),
        title: format!("第{n}篇"),
        summary: "摘要".into(),
    }
}

async fn subscription_double_opt_in_notify_and_unsubscribe(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let server = Server::start(db.store.clone(), config(), Some(smtp.mailer())).await;
    let accepted = server
        .post(
            "/api/subscribe",
            json!({ "email": "Reader@Example.com", "lang": "zh-CN" }),
        )
        .await;
    assert_eq!(accepted.status, 202);
    assert_eq!(
        server
            .post("/api/subscribe", json!({ "email": "not an email" }))
            .await
            .status,
        422
    );
    let bot = server
        .post(
            "/api/subscribe",
            json!({ "email": "bot@example.com", "homepage": "x" }),
        )
        .await;
    assert_eq!(bot.status, 202);
    server.app.drain_background().await;
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "one confirmation; the honeypot sent none");
    assert_eq!(mails[0].to, vec!["reader@example.com"]);
    let confirm = link_in(
        &mails[0].text(),
        "http://social.test/api/subscribe/confirm?token=",
    );
    assert!(mails[0].text().contains("请打开下面的链接确认订阅"));

    // Before confirming, notify sends nothing to this address.
    let secrets = db.store.secrets().await.unwrap();
    let letters = letters(&db, secrets.link_key.clone());
    let baseline = notify::notify(&db.store, &smtp.mailer(), &letters, &[post(1)], false)
        .await
        .unwrap();
    assert!(baseline.baseline);
    // A forged token is refused; the real one confirms.
    assert_eq!(
        server
            .get("/api/subscribe/confirm?token=00.00")
            .await
            .status,
        400
    );
    let confirmed = server.get(&path_of(&confirm)).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    // Post 1 was published before: never sent. Post 2 is new: sent once, even on re-runs.
    let report = notify::notify(
        &db.store,
        &smtp.mailer(),
        &letters,
        &[post(2), post(1)],
        false,
    )
    .await
    .unwrap();
    assert_eq!(report.sent, 1, "{report}");
    let again = notify::notify(
        &db.store,
        &smtp.mailer(),
        &letters,
        &[post(2), post(1)],
        false,
    )
    .await
    .unwrap();
    assert_eq!(again.sent, 0);
    let mails = smtp.messages();
    assert_eq!(mails.len(), 2);
    let letter = &mails[1];
    assert!(letter.text().contains("https://blog.example.com/posts/2/"));
    let unsubscribe = letter.header("List-Unsubscribe").unwrap();
    assert!(
        unsubscribe.starts_with("<http://social.test/unsubscribe?token="),
        "{unsubscribe}"
    );
    assert_eq!(
        letter.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let unsubscribe = unsubscribe.trim_matches(['<', '>']);
    // The link checks its signature; a GET only shows a button; the POST unsubscribes.
    let tampered = unsubscribe.replace("token=", "token=00");
    assert_eq!(server.get(&path_of(&tampered)).await.status, 400);
    assert!(
        server
            .get(&path_of(unsubscribe))
            .await
            .body
            .contains("<form method=\"post\"")
    );
    let done = support::http::request(
        server.addr,
        "POST",
        &path_of(unsubscribe),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some("List-Unsubscribe=One-Click"),
    )
    .await;
    assert_eq!(done.status, 200);
    let report = notify::notify(
        &db.store,
        &smtp.mailer(),
        &letters,
        &[post(3), post(2), post(1)],
        false,
    )
    .await
    .unwrap();
    assert_eq!(report.sent, 0, "unsubscribed readers get nothing");
    server.stop().await;
}
both_backends!(
    subscription_double_opt_in_notify_and_unsubscribe,
    crate::subscription_double_opt_in_notify_and_unsubscribe
);

async fn notify_rerun_after_a_crash_sends_no_duplicate(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    for n in 0..5 {
        let email = format!("s{n}@example.com");
        db.store.add_subscriber(&email, "en").await.unwrap();
        assert!(db.store.confirm_subscriber(&email).await.unwrap());
    }
    let letters = letters(&db, db.store.secrets().await.unwrap().link_key);
    notify::notify(&db.store, &smtp.mailer(), &letters, &[post(1)], false)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // The server takes the third message and then hangs; the run is killed mid-send.
    smtp.hang_at(Some(3));
    let (store, mailer, run_letters) = (db.store.clone(), smtp.mailer(), letters.clone());
    let run = tokio::spawn(async move {
        notify::notify(&store, &mailer, &run_letters, &[post(2)], false).await
    });
    assert_eq!(smtp.wait_for(3).await.len(), 3);
    run.abort();
    assert!(run.await.is_err(), "the run was interrupted");
    smtp.hang_at(None);
    let rerun = notify::notify(&db.store, &smtp.mailer(), &letters, &[post(2)], false)
        .await
        .unwrap();
    assert_eq!(rerun.sent, 2, "{rerun}");
    let mut recipients: Vec<String> = smtp.messages().iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        (0..5)
            .map(|n| format!("s{n}@example.com"))
            .collect::<Vec<_>>(),
        "each subscriber exactly once"
    );
    let ledger = db.store.delivery_counts().await.unwrap();
    assert_eq!(
        ledger,
        vec![("sending".to_owned(), 1), ("sent".to_owned(), 4)]
    );
}
both_backends!(
    notify_rerun_after_a_crash_sends_no_duplicate,
    crate::notify_rerun_after_a_crash_sends_no_duplicate
);

async fn replies_notify_the_parent_commenter(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let mut config = config();
    config.moderation = ModerationPolicy::FirstTime;
    let server = Server::start(db.store.clone(), config, Some(smtp.mailer())).await;
    let token = server.admin_token("correct horse battery").await;
    let parent = server
        .post(
            "/api/comments",
            comment("/n/", "楼主", Some("op@example.com"), "问题"),
        )
        .await
        .json();
    let parent_id = parent["id"].as_i64().unwrap();
    server
        .admin(
            "POST",
            &format!("/api/admin/comments/{parent_id}/status"),
            &token,
            Some(json!({"status": "approved"})),
        )
        .await;
    let mut reply = comment("/n/", "热心人", None, "答案是 42");
    reply["parent_id"] = json!(parent_id);
    let reply = server.post("/api/comments", reply).await.json();
    assert_eq!(reply["status"], "pending");
    server.app.drain_background().await;
    assert!(
        smtp.messages().is_empty(),
        "no mail for a reply nobody can see yet"
    );
    let reply_id = reply["id"].as_i64().unwrap();
    server
        .admin(
            "POST",
            &format!("/api/admin/comments/{reply_id}/status"),
            &token,
            Some(json!({"status": "approved"})),
        )
        .await;
    server.app.drain_background().await;
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["op@example.com"]);
    let text = mails[0].text();
    assert!(text.contains("答案是 42"), "{text}");
    assert!(
        text.contains(&format!("https://blog.example.com/n/#comment-{reply_id}")),
        "{text}"
    );
    server.stop().await;
}
both_backends!(
    replies_notify_the_parent_commenter,
    crate::replies_notify_the_parent_commenter
);

async fn backup_writes_a_consistent_copy(db: TestDb) {
    let mut config = config();
    config.moderation = ModerationPolicy::None;
    let server = Server::start(db.store.clone(), config, None).await;
    for n in 0..3 {
        server
            .post(
                "/api/comments",
                comment("/k/", &format!("k{n}"), None, "备份我"),
            )
            .await;
    }
    db.store
        .suppress("bounced@example.com", "bounce", "ses")
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backup.db");
    boke_social::backup::backup(&db.store, &out).await.unwrap();
    assert!(
        boke_social::backup::backup(&db.store, &out).await.is_err(),
        "never overwrites"
    );
    match db.backend() {
        "sqlite" => {
            let copy = boke_social::store::Store::connect(&format!("sqlite://{}", out.display()))
                .await
                .unwrap();
            assert_eq!(
                copy.thread("/k/", CommentOrder::Oldest, 0, 10)
                    .await
                    .unwrap()
                    .total,
                3
            );
            assert!(copy.is_suppressed("bounced@example.com").await.unwrap());
        }
        _ => {
            let dump: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
            let comments = dump["tables"]["comments"].as_array().unwrap();
            assert_eq!(comments.len(), 3);
            assert_eq!(comments[0]["body"], "备份我");
            assert!(dump["tables"]["settings"].as_array().unwrap().len() >= 2);
            assert_eq!(
                dump["tables"]["suppressions"][0]["email"],
                "bounced@example.com"
            );
        }
    }
    server.stop().await;
}
both_backends!(
    backup_writes_a_consistent_copy,
    crate::backup_writes_a_consistent_copy
);

async fn graceful_shutdown_finishes_in_flight_writes(db: TestDb) {
    let mut config = config();
    config.moderation = ModerationPolicy::None;
    let server = Server::start(db.store.clone(), config, None).await;
    let addr = server.addr;
    let writers: Vec<_> = (0..20)
        .map(|n| {
            tokio::spawn(async move {
                let body = comment("/g/", &format!("g{n}"), None, "写入").to_string();
                support::http::request(
                    addr,
                    "POST",
                    "/api/comments",
                    &[("Content-Type", "application/json")],
                    Some(&body),
                )
                .await
                .status
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    server.stop().await;
    let mut accepted = 0;
    for writer in writers {
        // A request either finished (201) or was never accepted (connection refused panics the task).
        if let Ok(201) = writer.await {
            accepted += 1;
        }
    }
    let store = db.reopen().await;
    assert_eq!(
        store
            .thread("/g/", CommentOrder::Oldest, 0, 100)
            .await
            .unwrap()
            .total,
        accepted
    );
}
both_backends!(
    graceful_shutdown_finishes_in_flight_writes,
    crate::graceful_shutdown_finishes_in_flight_writes
);
