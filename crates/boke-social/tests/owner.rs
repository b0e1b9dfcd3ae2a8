//! Mail to the blog owner about new comments: queued in the outbox and sent through SMTP,
//! kept while the SMTP server is down, with approve and spam links that act only on POST,
//! once, and expire; on both backends.

mod support;

use std::time::Duration;

use boke_social::config::{ModerationPolicy, ServiceConfig};
use boke_social::outbox::RetryPolicy;
use boke_social::owner::{self, Action};
use boke_social::store::{CommentStatus, now};
use support::smtp::{Captured, SmtpCapture};
use support::{Server, TestDb, comment, config};

const OWNER: &str = "owner@example.com";

fn owner_config(policy: ModerationPolicy) -> ServiceConfig {
    let mut config = config();
    config.moderation = policy;
    config.owner_emails = vec![OWNER.to_owned()];
    config.webhook_retry = RetryPolicy {
        first_wait: Duration::from_millis(50),
        attempts: 50,
        timeout: Duration::from_secs(2),
    };
    config
}

/// The path of the link labelled `label` in the mail (the links name the public URL).
fn link(mail: &Captured, label: &str) -> Option<String> {
    let text = mail.text();
    let line = text.lines().find(|line| line.starts_with(label))?;
    let url = line[label.len()..].trim();
    Some(url.strip_prefix("http://social.test")?.to_owned())
}

async fn post_form(server: &Server, path: &str) -> support::http::Response {
    support::http::request(
        server.addr,
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(""),
    )
    .await
}

/// A pending comment: the owner gets one mail with both links. Opening a link changes
/// nothing; its button approves; a second click, and the spam link of the same mail, say it
/// was done already. A tampered link is invalid, an old one expired.
async fn links_act_once_and_only_on_post(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let server = Server::start(
        db.store.clone(),
        owner_config(ModerationPolicy::All),
        Some(smtp.mailer()),
    )
    .await;
    let posted = server
        .post(
            "/api/comments",
            comment(
                "/owned/",
                "读者",
                Some("reader@example.com"),
                "写得**真好**",
            ),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let id = posted.json()["id"].as_i64().unwrap();
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, vec![OWNER.to_owned()]);
    let text = mail.text();
    assert!(text.contains("写得**真好**"), "{text}");
    assert!(text.contains("https://blog.example.com/owned/"), "{text}");
    assert!(text.contains("reader@example.com"), "{text}");
    let approve = link(mail, "通过 / Approve:").expect("an approve link");
    let spam = link(mail, "垃圾评论 / Spam:").expect("a spam link");

    let opened = server.get(&approve).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    assert!(
        opened.body.contains("<form method=\"post\""),
        "{}",
        opened.body
    );
    assert_eq!(opened.header("Referrer-Policy"), Some("no-referrer"));
    let stored = db.store.comment(id).await.unwrap().unwrap();
    assert_eq!(
        stored.status,
        CommentStatus::Pending,
        "a GET acts on nothing"
    );

    let acted = post_form(&server, &approve).await;
    assert_eq!(acted.status, 200, "{}", acted.body);
    assert!(acted.body.contains("已通过"), "{}", acted.body);
    let stored = db.store.comment(id).await.unwrap().unwrap();
    assert_eq!(stored.status, CommentStatus::Approved);
    let listed = server.get("/api/comments?page=/owned/").await.json();
    assert_eq!(listed["total"], 1);

    for again in [
        post_form(&server, &approve).await,
        post_form(&server, &spam).await,
        server.get(&spam).await,
    ] {
        assert_eq!(again.status, 200, "{}", again.body);
        assert!(again.body.contains("已经处理过了"), "{}", again.body);
        assert!(again.body.contains("approved"), "{}", again.body);
    }
    let stored = db.store.comment(id).await.unwrap().unwrap();
    assert_eq!(
        stored.status,
        CommentStatus::Approved,
        "a used link acts no more"
    );

    let tampered = approve.replace(&format!("token={id}."), &format!("token={}.", id + 1));
    assert_ne!(tampered, approve);
    assert_eq!(post_form(&server, &tampered).await.status, 400);
    let wrong_action = spam.replace("/moderate/spam", "/moderate/approve");
    assert_eq!(server.get(&wrong_action).await.status, 400);

    let other = server
        .post(
            "/api/comments",
            comment("/owned/", "读者二", None, "第二条"),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let old = owner::token(&server.app.secrets.link_key, Action::Spam, other, now() - 1);
    let expired = post_form(&server, &format!("/moderate/spam?token={old}")).await;
    assert_eq!(expired.status, 410, "{}", expired.body);
    assert!(expired.body.contains("过期"), "{}", expired.body);
    let stored = db.store.comment(other).await.unwrap().unwrap();
    assert_eq!(stored.status, CommentStatus::Pending);
    server.stop().await;
}
both_backends!(
    links_act_once_and_only_on_post,
    crate::links_act_once_and_only_on_post
);

/// A published comment's mail has a spam link only, and that link hides it; spam caught by
/// the honeypot sends nothing.
async fn published_comments_get_a_spam_link(db: TestDb) {
    let smtp = SmtpCapture::start().await;
    let server = Server::start(
        db.store.clone(),
        owner_config(ModerationPolicy::None),
        Some(smtp.mailer()),
    )
    .await;
    let id = server
        .post("/api/comments", comment("/open/", "读者", None, "直接发布"))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let honeypot =
        serde_json::json!({"page": "/open/", "author": "机器", "body": "广告", "homepage": "x"});
    assert_eq!(server.post("/api/comments", honeypot).await.status, 201);
    let mails = smtp.wait_for(1).await;
    assert!(link(&mails[0], "通过 / Approve:").is_none());
    let spam = link(&mails[0], "垃圾评论 / Spam:").unwrap();
    assert_eq!(post_form(&server, &spam).await.status, 200);
    assert_eq!(
        db.store.comment(id).await.unwrap().unwrap().status,
        CommentStatus::Spam
    );
    assert_eq!(
        server.get("/api/comments?page=/open/").await.json()["total"],
        0
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1, "nothing for the honeypot's catch");
    server.stop().await;
}
both_backends!(
    published_comments_get_a_spam_link,
    crate::published_comments_get_a_spam_link
);

/// The SMTP server is down when the comment arrives: the mail stays in the outbox through a
/// restart and goes out, once, when a server answers.
async fn a_down_smtp_server_loses_nothing(db: TestDb) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = listener.local_addr().unwrap();
    drop(listener);
    let down = boke_social::mail::Mailer::new(
        &format!("smtp://{}:{}", dead.ip(), dead.port()),
        "博客 <blog@example.com>",
    )
    .unwrap();
    let server = Server::start(
        db.store.clone(),
        owner_config(ModerationPolicy::All),
        Some(down),
    )
    .await;
    let posted = server
        .post(
            "/api/comments",
            comment("/down/", "读者", None, "邮件服务器停了"),
        )
        .await;
    assert_eq!(posted.status, 201);
    let mut tried = false;
    for _ in 0..200 {
        let states = db.store.notifications().await.unwrap();
        if states.first().is_some_and(|state| state.attempts >= 1) {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(tried, "the sender tried the dead server");
    server.stop().await;
    // Stopping closed the store: this is the restart.
    let store = db.reopen().await;
    let state = &store.notifications().await.unwrap()[0];
    assert!(
        state.sent_at.is_none() && state.failed_at.is_none(),
        "{state:?}"
    );
    assert!(state.last_error.is_some());

    let smtp = SmtpCapture::start().await;
    let server = Server::start(
        store.clone(),
        owner_config(ModerationPolicy::All),
        Some(smtp.mailer()),
    )
    .await;
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].text().contains("邮件服务器停了"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1, "sent once");
    assert!(store.notifications().await.unwrap()[0].sent_at.is_some());
    server.stop().await;
}
both_backends!(
    a_down_smtp_server_loses_nothing,
    crate::a_down_smtp_server_loses_nothing
);
