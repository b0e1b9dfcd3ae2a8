//! Bounce and complaint webhooks (Amazon SES through SNS, Postmark, a generic form), each in
//! its real body format, feed the suppression list that `notify` and confirmations respect;
//! on both backends.

mod support;

use boke_social::notify::{self, Letters};
use boke_social::store::FeedPost;
use support::smtp::SmtpCapture;
use support::{Server, TestDb, config};

const SECRET: &str = "bounce-secret";
const TOPIC: &str = "arn:aws:sns:ap-southeast-1:111122223333:blog-bounces";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/bounces/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Posts `body` to `path` as the service would: SNS sends text/plain with basic auth from
/// the subscription URL, Postmark JSON with a header or basic auth.
async fn deliver(
    server: &Server,
    path: &str,
    auth: &[(&str, &str)],
    body: &str,
) -> support::http::Response {
    let mut headers = vec![("Content-Type", "text/plain; charset=UTF-8")];
    headers.extend_from_slice(auth);
    support::http::request(server.addr, "POST", path, &headers, Some(body)).await
}

fn post(n: u32) -> FeedPost {
    FeedPost {
        id: format!("https://blog.example.com/posts/{n}/"),
        url: format!("https://blog.example.com/posts/{n}/"),
        title: format!("第{n}篇"),
        summary: "摘要".to_owned(),
    }
}

async fn reports_suppress_and_notify_skips(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let mut config = config();
    config.bounce_secret = Some(SECRET.to_owned());
    config.ses_topic_arn = Some(TOPIC.to_owned());
    let server = Server::start(db.store.clone(), config, Some(smtp.mailer())).await;
    let readers = [
        "gone@example.com",
        "full@example.com",
        "angry@example.com",
        "moved@example.net",
        "busy@example.net",
        "annoyed@example.net",
        "generic@example.org",
        "kept@example.com",
    ];
    for email in readers {
        db.store.add_subscriber(email, "zh-CN").await.unwrap();
        assert!(db.store.confirm_subscriber(email).await.unwrap());
    }
    // base64("sns:bounce-secret"), as SNS sends credentials written into the URL.
    let basic = [("Authorization", "Basic c25zOmJvdW5jZS1zZWNyZXQ=")];
    let header = [("X-Boke-Secret", SECRET)];
    for (path, auth, file, suppressed, ignored) in [
        ("/api/bounces/ses", &basic[..], "ses-bounce.json", 1, 0),
        ("/api/bounces/ses", &basic[..], "ses-transient.json", 0, 1),
        ("/api/bounces/ses", &basic[..], "ses-complaint.json", 1, 0),
        (
            "/api/bounces/ses",
            &basic[..],
            "ses-subscription.json",
            0,
            0,
        ),
        (
            "/api/bounces/postmark",
            &header[..],
            "postmark-bounce.json",
            1,
            0,
        ),
        (
            "/api/bounces/postmark",
            &basic[..],
            "postmark-soft.json",
            0,
            1,
        ),
        (
            "/api/bounces/postmark",
            &header[..],
            "postmark-spam-complaint.json",
            1,
            0,
        ),
    ] {
        let answer = deliver(&server, path, auth, &fixture(file)).await;
        assert_eq!(answer.status, 200, "{file}: {}", answer.body);
        let json = answer.json();
        assert_eq!(json["suppressed"], suppressed, "{file}: {json}");
        assert_eq!(json["ignored"], ignored, "{file}: {json}");
    }
    let again = deliver(
        &server,
        "/api/bounces/ses",
        &basic,
        &fixture("ses-bounce.json"),
    )
    .await;
    assert_eq!(again.json()["suppressed"], 0, "SNS retries change nothing");
    assert_eq!(again.json()["known"], 1);
    let generic = deliver(
        &server,
        "/api/bounces/generic?secret=bounce-secret",
        &[],
        r#"{"email": "generic@example.org", "kind": "bounce"}"#,
    )
    .await;
    assert_eq!(generic.status, 200, "{}", generic.body);

    // Refusals: no or a wrong secret, another topic, a body in the wrong format.
    let body = fixture("ses-bounce.json");
    assert_eq!(
        deliver(&server, "/api/bounces/ses", &[], &body)
            .await
            .status,
        401
    );
    let wrong = [("Authorization", "Basic c25zOndyb25n")];
    assert_eq!(
        deliver(&server, "/api/bounces/ses", &wrong, &body)
            .await
            .status,
        401
    );
    let forged = body.replace("sns.ap-southeast-1.amazonaws.com", "sns.example.net");
    let refused = deliver(&server, "/api/bounces/ses", &basic, &forged).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("SigningCertURL"), "{}", refused.body);
    let elsewhere = body.replace("blog-bounces", "other-topic");
    assert_eq!(
        deliver(&server, "/api/bounces/ses", &basic, &elsewhere)
            .await
            .status,
        403
    );
    let garbled = deliver(&server, "/api/bounces/postmark", &header, "{\"Type\":").await;
    assert_eq!(garbled.status, 400);
    assert!(
        garbled.json()["error"]
            .as_str()
            .unwrap()
            .contains("postmark")
    );

    let mut suppressed: Vec<(String, String, String)> = db
        .store
        .suppressions()
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.email, row.reason, row.source))
        .collect();
    suppressed.sort();
    let expected: Vec<(String, String, String)> = [
        ("angry@example.com", "complaint", "ses"),
        ("annoyed@example.net", "complaint", "postmark"),
        ("generic@example.org", "bounce", "generic"),
        ("gone@example.com", "bounce", "ses"),
        ("moved@example.net", "bounce", "postmark"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(suppressed, expected);

    let letters = Letters {
        site_title: "测试博客".to_owned(),
        public_url: "http://social.test".to_owned(),
        link_key: server.app.secrets.link_key.clone(),
    };
    let mailer = smtp.mailer();
    let baseline = notify::notify(&db.store, &mailer, &letters, &[post(1)], false)
        .await
        .unwrap();
    assert!(baseline.baseline);
    let report = notify::notify(&db.store, &mailer, &letters, &[post(1), post(2)], false)
        .await
        .unwrap();
    assert_eq!(report.sent, 3, "{report}");
    let mut mailed: Vec<String> = smtp
        .messages()
        .into_iter()
        .flat_map(|message| message.to)
        .collect();
    mailed.sort();
    assert_eq!(
        mailed,
        ["busy@example.net", "full@example.com", "kept@example.com"]
    );

    // A suppressed address asking to subscribe gets the usual answer and no mail.
    let complaint = deliver(
        &server,
        "/api/bounces/generic",
        &header,
        r#"{"email": "new@example.org", "kind": "complaint"}"#,
    )
    .await;
    assert_eq!(complaint.status, 200);
    let asked = server
        .post(
            "/api/subscribe",
            serde_json::json!({ "email": "new@example.org" }),
        )
        .await;
    assert_eq!(asked.status, 202);
    let asked = server
        .post(
            "/api/subscribe",
            serde_json::json!({ "email": "fresh@example.org" }),
        )
        .await;
    assert_eq!(asked.status, 202);
    server.app.drain_background().await;
    let confirmations: Vec<String> = smtp
        .wait_for(4)
        .await
        .into_iter()
        .skip(3)
        .flat_map(|message| message.to)
        .collect();
    assert_eq!(confirmations, ["fresh@example.org"]);
    server.stop().await;
}
both_backends!(
    reports_suppress_and_notify_skips,
    crate::reports_suppress_and_notify_skips
);

/// Without `--bounce-secret` the endpoints are not there.
async fn off_without_a_secret(db: TestDb) {
    let server = Server::start(db.store.clone(), config(), None).await;
    let answer = deliver(
        &server,
        "/api/bounces/generic?secret=",
        &[],
        r#"{"email": "a@example.com", "kind": "bounce"}"#,
    )
    .await;
    assert_eq!(answer.status, 404);
    assert!(db.store.suppressions().await.unwrap().is_empty());
    server.stop().await;
}
both_backends!(off_without_a_secret, crate::off_without_a_secret);
