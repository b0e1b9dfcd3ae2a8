//! Commenters' pictures on both backends: a salted seed for every comment (the same for one
//! address, another for another), no address served, and a Gravatar or Cravatar URL only when
//! the operator turns one on.

mod support;

use boke_social::avatar::AvatarSource;
use boke_social::config::ModerationPolicy;
use support::{Server, TestDb, comment, config};

async fn pictures(server: &Server) -> Vec<serde_json::Value> {
    server.get("/api/comments?page=/posts/avatar/").await.json()["comments"]
        .as_array()
        .unwrap()
        .clone()
}

async fn seeds_and_services(db: TestDb) {
    let mut settings = config();
    settings.moderation = ModerationPolicy::None;
    let server = Server::start(db.reopen().await, settings.clone(), None).await;
    for (author, email) in [
        ("甲", Some("Same@Example.com")),
        ("甲二", Some("same@example.com")),
        ("乙", Some("other@example.com")),
        ("丙", None),
    ] {
        let response = server
            .post(
                "/api/comments",
                comment("/posts/avatar/", author, email, "图"),
            )
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let listed = pictures(&server).await;
    let seed = |n: usize| listed[n]["avatar"].as_str().unwrap().to_owned();
    assert_eq!(seed(0).len(), 12);
    assert_eq!(seed(0), seed(1), "one address, one picture");
    assert_ne!(seed(0), seed(2));
    assert_ne!(seed(2), seed(3));
    let text = serde_json::to_string(&listed).unwrap();
    assert!(
        !text.contains("example.com"),
        "an address was served: {text}"
    );
    assert!(
        listed.iter().all(|c| c.get("avatar_url").is_none()),
        "{text}"
    );
    server.stop().await;

    settings.avatars = AvatarSource::Gravatar;
    let gravatar = Server::start(db.reopen().await, settings.clone(), None).await;
    let listed = pictures(&gravatar).await;
    assert_eq!(
        listed[2]["avatar_url"],
        // SHA-256 of other@example.com
        "https://gravatar.com/avatar/5b71ed5f946240dc76f3b7c24bdcbbc3528284ec5f4519249fb702686f0df5b8?s=80&d=404"
    );
    assert!(
        listed[3].get("avatar_url").is_none(),
        "no email, no service"
    );
    gravatar.stop().await;

    settings.avatars = AvatarSource::Cravatar;
    let cravatar = Server::start(db.reopen().await, settings, None).await;
    let listed = pictures(&cravatar).await;
    assert!(
        listed[0]["avatar_url"]
            .as_str()
            .unwrap()
            .starts_with("https://cravatar.cn/avatar/"),
        "{}",
        listed[0]
    );
    cravatar.stop().await;
}
both_backends!(seeds_and_services, crate::seeds_and_services);
