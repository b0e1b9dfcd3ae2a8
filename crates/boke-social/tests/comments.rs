//! Comments over HTTP on both backends: threads, order, pagination, counts, moderation
//! policy, honeypot, limits, CORS, XSS, restarts and parallel posters.

mod support;

use boke_social::config::ModerationPolicy;
use serde_json::json;
use support::{Server, TestDb, comment, config};

async fn open_server(db: &TestDb, policy: ModerationPolicy) -> Server {
    let mut config = config();
    config.moderation = policy;
    Server::start(db.store.clone(), config, None).await
}

async fn threads_order_and_pagination(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    let page = "/posts/你好/";
    let mut ids = Vec::new();
    for n in 1..=3 {
        let response = server
            .post(
                "/api/comments",
                comment(page, &format!("读者{n}"), None, &format!("第{n}条")),
            )
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
        assert_eq!(response.json()["status"], "approved");
        ids.push(response.json()["id"].as_i64().unwrap());
    }
    let mut reply = comment(page, "回复者", None, "回复第一条");
    reply["parent_id"] = json!(ids[0]);
    let reply_id = server.post("/api/comments", reply).await.json()["id"]
        .as_i64()
        .unwrap();
    let mut nested = comment(page, "再回复", None, "回复的回复");
    nested["parent_id"] = json!(reply_id);
    assert_eq!(server.post("/api/comments", nested).await.status, 201);
    // A reply to a comment on another page is refused.
    let mut stray = comment("/posts/other/", "x", None, "y");
    stray["parent_id"] = json!(ids[0]);
    assert_eq!(server.post("/api/comments", stray).await.status, 422);

    let list = server
        .get("/api/comments?page=/posts/%E4%BD%A0%E5%A5%BD/&limit=2")
        .await
        .json();
    assert_eq!(list["total"], 5);
    assert_eq!(list["threads"], 3);
    let comments = list["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["author"], "读者1");
    assert_eq!(comments[0]["replies"][0]["author"], "回复者");
    assert_eq!(
        comments[0]["replies"][0]["replies"][0]["html"],
        "<p>回复的回复</p>\n"
    );
    assert!(
        comments[0].get("email").is_none(),
        "emails are never served"
    );

    let newest = server
        .get("/api/comments?page=/posts/%E4%BD%A0%E5%A5%BD/&order=newest&limit=2")
        .await
        .json();
    assert_eq!(newest["comments"][0]["author"], "读者3");
    let second_page = server
        .get("/api/comments?page=/posts/%E4%BD%A0%E5%A5%BD/&limit=2&offset=2")
        .await
        .json();
    assert_eq!(second_page["comments"].as_array().unwrap().len(), 1);
    assert_eq!(second_page["comments"][0]["author"], "读者3");

    server
        .post("/api/views", json!({ "page": "/posts/other/" }))
        .await;
    let counts = server
        .get("/api/counts?page=/posts/%E4%BD%A0%E5%A5%BD/&page=/posts/other/&page=/none/")
        .await
        .json();
    assert_eq!(counts["/posts/你好/"]["comments"], 5);
    assert_eq!(counts["/posts/other/"]["views"], 1);
    assert_eq!(counts["/none/"]["comments"], 0);
    server.stop().await;
}
both_backends!(
    threads_order_and_pagination,
    crate::threads_order_and_pagination
);

async fn first_time_commenters_wait_returning_ones_do_not(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::FirstTime).await;
    let page = "/posts/a/";
    let first = server
        .post(
            "/api/comments",
            comment(page, "新人", Some("New@Example.com"), "第一次"),
        )
        .await
        .json();
    assert_eq!(first["status"], "pending");
    let anonymous = server
        .post("/api/comments", comment(page, "无名", None, "没邮箱"))
        .await
        .json();
    assert_eq!(anonymous["status"], "pending");
    assert_eq!(
        server.get("/api/comments?page=/posts/a/").await.json()["total"],
        0,
        "pending is not public"
    );

    let token = server.admin_token("correct horse battery").await;
    let pending = server
        .admin("GET", "/api/admin/comments?status=pending", &token, None)
        .await
        .json();
    assert_eq!(pending.as_array().unwrap().len(), 2);
    let id = first["id"].as_i64().unwrap();
    let approve = server
        .admin(
            "POST",
            &format!("/api/admin/comments/{id}/status"),
            &token,
            Some(json!({"status": "approved"})),
        )
        .await;
    assert_eq!(approve.status, 204);

    // Typing the trusted commenter's address proves nothing: the impostor waits.
    let impostor = server
        .post(
            "/api/comments",
            comment(page, "冒充者", Some("NEW@example.com"), "冒名发言"),
        )
        .await
        .json();
    assert_eq!(
        impostor["status"], "pending",
        "an email address is no proof"
    );
    // The browser that got the secret with its first comment is published at once.
    let mut returning = comment(page, "新人", Some("new@example.com"), "第二次");
    returning["commenter"] = first["commenter"].clone();
    assert!(first["commenter"].as_str().is_some_and(|t| t.len() == 64));
    let again = server.post("/api/comments", returning).await.json();
    assert_eq!(
        again["status"], "approved",
        "returning commenter is published at once"
    );
    assert_eq!(again["commenter"], first["commenter"]);
    // A made-up secret is a new, untrusted commenter.
    let mut forged = comment(page, "冒充者", None, "伪造");
    forged["commenter"] = json!("0".repeat(64));
    let forged = server.post("/api/comments", forged).await.json();
    assert_eq!(forged["status"], "pending");
    assert_ne!(forged["commenter"], first["commenter"]);
    assert_eq!(
        server.get("/api/comments?page=/posts/a/").await.json()["total"],
        2
    );
    server.stop().await;
}
both_backends!(
    first_time_commenters_wait_returning_ones_do_not,
    crate::first_time_commenters_wait_returning_ones_do_not
);

async fn everything_waits_under_policy_all(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::All).await;
    let token = server.admin_token("correct horse battery").await;
    let first = server
        .post(
            "/api/comments",
            comment("/p/", "甲", Some("a@example.com"), "一"),
        )
        .await
        .json();
    let id = first["id"].as_i64().unwrap();
    server
        .admin(
            "POST",
            &format!("/api/admin/comments/{id}/status"),
            &token,
            Some(json!({"status": "approved"})),
        )
        .await;
    let second = server
        .post(
            "/api/comments",
            comment("/p/", "甲", Some("a@example.com"), "二"),
        )
        .await
        .json();
    assert_eq!(second["status"], "pending");
    server.stop().await;
}
both_backends!(
    everything_waits_under_policy_all,
    crate::everything_waits_under_policy_all
);

async fn abuse_guards(db: TestDb) {
    let mut config = config();
    config.moderation = ModerationPolicy::None;
    config.max_comment_chars = 50;
    config.max_body_bytes = 4096;
    config.write_rate.burst = 6;
    config.write_rate.per_minute = 1;
    let server = Server::start(db.store.clone(), config, None).await;
    // Honeypot: the bot is told "pending", nothing is stored.
    let mut bot = comment("/p/", "bot", None, "buy now");
    bot["homepage"] = json!("http://spam.example");
    let caught = server.post("/api/comments", bot).await;
    assert_eq!(caught.status, 201);
    assert_eq!(caught.json()["status"], "pending");
    assert!(caught.json()["id"].is_null());
    // Length cap counts characters, not bytes: 50 Chinese characters pass, 51 do not.
    assert_eq!(
        server
            .post("/api/comments", comment("/p/", "a", None, &"字".repeat(50)))
            .await
            .status,
        201
    );
    assert_eq!(
        server
            .post("/api/comments", comment("/p/", "a", None, &"字".repeat(51)))
            .await
            .status,
        422
    );
    assert_eq!(
        server
            .post("/api/comments", comment("/p/", "a", None, "   "))
            .await
            .status,
        422
    );
    assert_eq!(
        server
            .post("/api/comments", comment("not-a-path", "a", None, "x"))
            .await
            .status,
        422
    );
    // Request size limit.
    let big = server
        .post(
            "/api/comments",
            comment("/p/", "a", None, &"x".repeat(5000)),
        )
        .await;
    assert_eq!(big.status, 413);
    // Rate limit: the burst of 6 writes is spent (honeypot, 4 above, the 413 one was cut before?)
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            server
                .post("/api/comments", comment("/p/", "a", None, "again"))
                .await
                .status,
        );
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(
        server.get("/api/comments?page=/p/").await.json()["total"],
        1 + statuses.iter().filter(|s| **s == 201).count()
    );
    server.stop().await;
}
both_backends!(abuse_guards, crate::abuse_guards);

async fn preflight(
    addr: std::net::SocketAddr,
    path: &str,
    origin: &str,
    headers: &str,
) -> support::http::Response {
    support::http::request(
        addr,
        "OPTIONS",
        path,
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", headers),
        ],
        None,
    )
    .await
}

async fn cors_allows_only_the_site(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    let ours = preflight(server.addr, "/api/comments", support::SITE, "content-type").await;
    assert_eq!(
        ours.header("access-control-allow-origin"),
        Some(support::SITE)
    );
    let theirs = preflight(
        server.addr,
        "/api/comments",
        "https://evil.example",
        "content-type",
    )
    .await;
    assert_eq!(theirs.header("access-control-allow-origin"), None);
    let admin = preflight(
        server.addr,
        "/api/admin/comments",
        support::SITE,
        "authorization",
    )
    .await;
    assert_eq!(
        admin.header("access-control-allow-origin"),
        None,
        "admin API is never cross-origin"
    );
    server.stop().await;
}
both_backends!(cors_allows_only_the_site, crate::cors_allows_only_the_site);

const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<<script>script>alert(1)<</script>/script>",
    "<div style=\"background:url(javascript:alert(1))\">x",
    "<p onclick=alert(1)>unclosed",
    "![x](https://evil.example/x.png\" onerror=\"alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<details open ontoggle=alert(1)>",
    "[a](vbscript:msgbox(1))",
    "<base href=\"javascript:/\">",
];

/// Every `<` in sanitized output opens a tag (text `<` is escaped), so scanning the tags is
/// enough: only allow-listed elements, only `href` (http, https, mailto) and `rel` attributes.
fn assert_harmless(html: &str) {
    const TAGS: &[&str] = &[
        "p",
        "br",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "h3",
        "h4",
        "h5",
        "h6",
    ];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..]
            .find('>')
            .map(|at| open + at)
            .unwrap_or_else(|| panic!("unclosed tag in {html}"));
        let tag = &rest[open + 1..close];
        let tag = tag.strip_prefix('/').unwrap_or(tag).trim_end_matches('/');
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(TAGS.contains(&name), "element <{name}> survived in {html}");
        while let Some(eq) = attributes.find("=\"") {
            let key = attributes[..eq].trim();
            let value_end = attributes[eq + 2..].find('"').unwrap() + eq + 2;
            let value = &attributes[eq + 2..value_end];
            match key {
                "rel" => {}
                "href" => assert!(
                    value.is_empty()
                        || ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|scheme| value.starts_with(scheme)),
                    "href `{value}` survived in {html}"
                ),
                other => panic!("attribute `{other}` survived in {html}"),
            }
            attributes = &attributes[value_end + 1..];
        }
        assert!(
            attributes.trim().is_empty(),
            "stray attribute text `{attributes}` in {html}"
        );
        rest = &rest[close + 1..];
    }
}

#[test]
fn the_checker_catches_what_it_must() {
    for bad in [
        "<img src=x>",
        "<a href=\"javascript:x\">",
        "<p onclick=\"x\">",
        "<svg>",
        "<a onmouseover=\"x\" href=\"https://a\">",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_harmless(bad)).is_err(),
            "{bad}"
        );
    }
    assert_harmless("<p>a &lt;script&gt; <a href=\"https://a.example\" rel=\"nofollow\">x</a></p>");
}

async fn xss_never_survives(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    for (n, attack) in XSS.iter().enumerate() {
        let mut body = comment("/xss/", attack, None, attack);
        body["website"] = json!("javascript:alert(1)");
        assert_eq!(
            server.post("/api/comments", body).await.status,
            422,
            "javascript: website refused"
        );
        let response = server
            .post(
                "/api/comments",
                comment("/xss/", &format!("r{n}"), None, attack),
            )
            .await;
        assert_eq!(response.status, 201, "{attack}: {}", response.body);
    }
    let served = server.get("/api/comments?page=/xss/&limit=100").await;
    let list = served.json();
    assert_eq!(list["total"], XSS.len());
    for comment in list["comments"].as_array().unwrap() {
        assert_harmless(comment["html"].as_str().unwrap());
    }
    let token = server.admin_token("correct horse battery").await;
    for stored in server
        .admin(
            "GET",
            "/api/admin/comments?status=approved&limit=100",
            &token,
            None,
        )
        .await
        .json()
        .as_array()
        .unwrap()
    {
        assert_harmless(stored["html"].as_str().unwrap());
    }
    assert_eq!(served.header("content-type"), Some("application/json"));
    server.stop().await;
}
both_backends!(xss_never_survives, crate::xss_never_survives);

async fn restart_loses_nothing(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::FirstTime).await;
    let pending = server
        .post("/api/comments", comment("/r/", "甲", None, "待审"))
        .await
        .json();
    assert_eq!(pending["status"], "pending");
    let token = server.admin_token("correct horse battery").await;
    let approved = server
        .post(
            "/api/comments",
            comment("/r/", "乙", Some("b@example.com"), "已发"),
        )
        .await
        .json();
    let id = approved["id"].as_i64().unwrap();
    server
        .admin(
            "POST",
            &format!("/api/admin/comments/{id}/status"),
            &token,
            Some(json!({"status": "approved"})),
        )
        .await;
    server.stop().await;

    let store = db.reopen().await;
    let server = Server::start(store, config(), None).await;
    let list = server.get("/api/comments?page=/r/").await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["comments"][0]["html"], "<p>已发</p>\n");
    let token = server.admin_token("another horse battery").await;
    let waiting = server
        .admin("GET", "/api/admin/comments?status=pending", &token, None)
        .await
        .json();
    assert_eq!(waiting.as_array().unwrap().len(), 1);
    assert_eq!(waiting[0]["body"], "待审");
    server.stop().await;
}
both_backends!(restart_loses_nothing, crate::restart_loses_nothing);

/// Several instances behind one database serve one set of comments: what one accepts, the
/// other lists, in both directions, while both run.
async fn instances_share_one_database(db: TestDb) {
    let first = open_server(&db, ModerationPolicy::None).await;
    let mut same_policy = config();
    same_policy.moderation = ModerationPolicy::None;
    let second = Server::start(db.reopen().await, same_policy, None).await;
    let from_first = first
        .post("/api/comments", comment("/s/", "甲", None, "第一台收到"))
        .await;
    assert_eq!(from_first.status, 201, "{}", from_first.body);
    let from_second = second
        .post("/api/comments", comment("/s/", "乙", None, "第二台收到"))
        .await;
    assert_eq!(from_second.status, 201, "{}", from_second.body);
    for server in [&first, &second] {
        let list = server
            .get("/api/comments?page=/s/&order=oldest")
            .await
            .json();
        assert_eq!(list["total"], 2, "{list}");
        assert_eq!(list["comments"][0]["html"], "<p>第一台收到</p>\n");
        assert_eq!(list["comments"][1]["html"], "<p>第二台收到</p>\n");
    }
    first.stop().await;
    second.stop().await;
}
both_backends!(
    instances_share_one_database,
    crate::instances_share_one_database
);

async fn fifty_parallel_posters(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    let addr = server.addr;
    let posters: Vec<_> = (0..50)
        .map(|n| {
            tokio::spawn(async move {
                let body = comment(
                    "/busy/",
                    &format!("p{n}"),
                    Some(&format!("p{n}@example.com")),
                    "并发",
                )
                .to_string();
                let mut statuses = Vec::new();
                for _ in 0..4 {
                    let response = support::http::request(
                        addr,
                        "POST",
                        "/api/comments",
                        &[("Content-Type", "application/json")],
                        Some(&body),
                    )
                    .await;
                    statuses.push((response.status, response.body));
                }
                statuses
            })
        })
        .collect();
    for poster in posters {
        for (status, body) in poster.await.unwrap() {
            assert_eq!(status, 201, "{body}");
            assert!(!body.contains("locked"));
        }
    }
    assert_eq!(
        server.get("/api/comments?page=/busy/").await.json()["total"],
        200
    );
    server.stop().await;
}
both_backends!(fifty_parallel_posters, crate::fifty_parallel_posters);

/// The browser and system are read from the User-Agent when a comment arrives and shown only
/// when the operator turns them on; the header itself is not kept.
async fn browser_and_system_shown_only_when_turned_on(db: TestDb) {
    let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                  (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    for shown in [false, true] {
        let mut config = config();
        config.moderation = ModerationPolicy::None;
        config.show_user_agent = shown;
        // Stopping a server closes its store: each round opens the database again.
        let server = Server::start(db.reopen().await, config, None).await;
        let page = format!("/agent-{shown}/");
        let body = comment(&page, "读者", None, "用什么浏览器").to_string();
        let posted = support::http::request(
            server.addr,
            "POST",
            "/api/comments",
            &[("Content-Type", "application/json"), ("User-Agent", chrome)],
            Some(&body),
        )
        .await;
        assert_eq!(posted.status, 201, "{}", posted.body);
        let listed = server.get(&format!("/api/comments?page={page}")).await;
        let first = &listed.json()["comments"][0];
        if shown {
            assert_eq!(first["browser"], "Chrome 131", "{}", listed.body);
            assert_eq!(first["os"], "Windows 10");
        } else {
            assert!(
                first.get("browser").is_none() && first.get("os").is_none(),
                "{}",
                listed.body
            );
        }
        assert!(!listed.body.contains("AppleWebKit"));
        server.stop().await;
    }
}
both_backends!(
    browser_and_system_shown_only_when_turned_on,
    crate::browser_and_system_shown_only_when_turned_on
);
