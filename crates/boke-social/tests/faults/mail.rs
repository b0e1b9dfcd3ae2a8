//! Mail that cannot be sent, and mail that must not be sent again.

use std::time::Duration;

use boke_social::notify::{self, Letters};
use boke_social::store::FeedPost;
use serde_json::json;

use crate::both_backends;
use crate::support::smtp::SmtpCapture;
use crate::support::{self, Server, TestDb, config};

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
    crate::mail::notify_retries_when_smtp_was_down
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
    crate::mail::subscribe_cannot_flood_an_inbox
);
