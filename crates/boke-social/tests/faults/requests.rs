//! Hostile and malformed requests: NUL bytes, framework rejections, reactions piled up by
//! one address.

use boke_social::config::ModerationPolicy;
use serde_json::json;

use crate::support::{self, Server, TestDb, comment, config};
use crate::{both_backends, open_server};

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
both_backends!(
    nul_bytes_are_refused,
    crate::requests::nul_bytes_are_refused
);

/// A request the framework rejects: method, path, headers, body, and the status it must get.
type Rejection<'a> = (
    &'a str,
    &'a str,
    Vec<(&'a str, &'a str)>,
    Option<String>,
    u16,
);

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
    let cases: Vec<Rejection> = vec![
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
    crate::requests::reactions_per_address_are_bounded
);
