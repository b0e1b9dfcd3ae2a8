//! Owner notifications by webhook: signed generic JSON and the chat services' bodies,
//! retried from the outbox when the receiver fails, never sent twice once accepted, given up
//! with the reason kept, never for spam; on both backends.

mod support;

use std::time::Duration;

use boke_social::config::ModerationPolicy;
use boke_social::outbox::RetryPolicy;
use boke_social::webhook::{Webhook, signature};
use support::sink::Sink;
use support::{Server, TestDb, comment, config};

fn notifying(webhooks: &[String], policy: ModerationPolicy) -> boke_social::config::ServiceConfig {
    let mut config = config();
    config.moderation = policy;
    config.webhooks = webhooks
        .iter()
        .map(|spec| Webhook::parse(spec).unwrap())
        .collect();
    config.webhook_secret = Some("hook-secret".to_owned());
    config.webhook_retry = RetryPolicy {
        first_wait: Duration::from_millis(50),
        attempts: 4,
        timeout: Duration::from_secs(2),
    };
    config
}

/// The receiver fails twice, then takes the call: three tries of one delivery, each signed,
/// then nothing more.
async fn a_failing_receiver_gets_the_notification_once_it_recovers(db: TestDb) {
    let sink = Sink::start(vec![(500, "{}"), (502, "{}"), (200, "{}")]).await;
    let server = Server::start(
        db.store.clone(),
        notifying(std::slice::from_ref(&sink.url), ModerationPolicy::All),
        None,
    )
    .await;
    let posted = server
        .post(
            "/api/comments",
            comment("/hooked/", "读者", None, "来自读者的**留言**"),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let id = posted.json()["id"].as_i64().unwrap();
    let calls = sink.wait_for(3).await;
    assert_eq!(calls.len(), 3, "{calls:?}");
    for call in &calls {
        let stamp: i64 = call.header("X-Boke-Timestamp").unwrap().parse().unwrap();
        assert_eq!(
            call.header("X-Boke-Signature").unwrap(),
            format!("sha256={}", signature("hook-secret", stamp, &call.body)),
            "every try is signed over its own timestamp"
        );
        assert_eq!(
            call.header("X-Boke-Delivery"),
            calls[0].header("X-Boke-Delivery")
        );
        let json: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(json["event"], "comment.created");
        assert_eq!(json["comment"]["id"], id);
        assert_eq!(json["comment"]["status"], "pending");
        assert_eq!(json["comment"]["body"], "来自读者的**留言**");
        assert_eq!(json["comment"]["url"], "https://blog.example.com/hooked/");
        assert!(json["comment"].get("email").is_none(), "no addresses leave");
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        sink.received().len(),
        3,
        "an accepted call is not sent again"
    );
    let states = db.store.notifications().await.unwrap();
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].attempts, 3);
    assert!(states[0].sent_at.is_some() && states[0].failed_at.is_none());
    server.stop().await;
}
both_backends!(
    a_failing_receiver_gets_the_notification_once_it_recovers,
    crate::a_failing_receiver_gets_the_notification_once_it_recovers
);

/// A receiver that never answers well: tried as often as the policy says, then given up with
/// the reason; a chat service's 200 with an error code counts as a failure; spam is not news.
async fn failures_are_given_up_with_their_reason(db: TestDb) {
    let broken = Sink::start(vec![(500, "{}")]).await;
    let wecom = Sink::start(vec![(
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#,
    )])
    .await;
    let hooks = [broken.url.clone(), format!("wecom={}", wecom.url)];
    let server = Server::start(
        db.store.clone(),
        notifying(&hooks, ModerationPolicy::None),
        None,
    )
    .await;
    assert_eq!(
        server
            .post("/api/comments", comment("/given-up/", "读者", None, "你好"))
            .await
            .status,
        201
    );
    broken.wait_for(4).await;
    let wecom_calls = wecom.wait_for(4).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(broken.received().len(), 4, "four tries, then no more");
    assert_eq!(wecom.received().len(), 4);
    let body: serde_json::Value = serde_json::from_str(&wecom_calls[0].body).unwrap();
    assert_eq!(body["msgtype"], "text");
    let text = body["text"]["content"].as_str().unwrap();
    assert!(
        text.contains("「测试博客」有新评论") && text.contains("你好"),
        "{text}"
    );
    for state in db.store.notifications().await.unwrap() {
        assert!(
            state.failed_at.is_some() && state.sent_at.is_none(),
            "{state:?}"
        );
        assert_eq!(state.attempts, 4);
        assert!(state.last_error.is_some(), "{state:?}");
    }
    let errors: Vec<String> = db
        .store
        .notifications()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|state| state.last_error)
        .collect();
    assert!(
        errors.iter().any(|error| error.contains("93000")),
        "{errors:?}"
    );
    server.stop().await;
}
both_backends!(
    failures_are_given_up_with_their_reason,
    crate::failures_are_given_up_with_their_reason
);

/// A notification queued while the service could not send (stopped right after the comment)
/// goes out after the next start; nothing is queued for a honeypot hit.
async fn the_outbox_outlives_a_restart(db: TestDb) {
    let sink = Sink::start(vec![(200, "{}")]).await;
    let mut config = notifying(std::slice::from_ref(&sink.url), ModerationPolicy::None);
    // Long waits: the first try must not happen before the stop.
    config.webhook_retry.first_wait = Duration::from_secs(3600);
    // Queue without a running sender: store the comment through the store, as a crash right
    // after the commit would leave it.
    let comment_row = boke_social::store::NewComment {
        page: "/restart/".into(),
        parent_id: None,
        author: "读者".into(),
        email: None,
        website: None,
        body: "重启之前".into(),
        html: "<p>重启之前</p>".into(),
        ip_hash: None,
        created_at: 1,
        source: None,
        commenter_id: None,
        browser: None,
        os: None,
        region: None,
    };
    db.store
        .insert_comment_notifying(
            &comment_row,
            boke_social::store::CommentStatus::Approved,
            &[("generic", sink.url.as_str())],
            None,
        )
        .await
        .unwrap();
    assert!(sink.received().is_empty());
    let server = Server::start(db.reopen().await, config, None).await;
    let calls = sink.wait_for(1).await;
    assert_eq!(calls.len(), 1);
    assert!(calls[0].body.contains("重启之前"));
    let honeypot = server
        .post(
            "/api/comments",
            serde_json::json!({"page": "/restart/", "author": "机器", "body": "广告", "homepage": "x"}),
        )
        .await;
    assert_eq!(honeypot.status, 201);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);
    server.stop().await;
}
both_backends!(
    the_outbox_outlives_a_restart,
    crate::the_outbox_outlives_a_restart
);
