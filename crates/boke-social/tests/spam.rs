//! The Akismet-compatible spam check on both backends, against a small comment-check server
//! on loopback that answers `true`, `false`, an error, or nothing in time.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use boke_social::config::ModerationPolicy;
use boke_social::spam::SpamCheckConfig;
use boke_social::store::CommentStatus;
use support::{Server, TestDb, comment, config};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const KEY: &str = "test-key-123";

/// How the fake comment-check endpoint answers.
#[derive(Clone, Copy)]
enum Answer {
    Spam,
    NotSpam,
    /// Says `false`, but only after far longer than the service waits.
    Slow,
    /// HTTP 500.
    Broken,
    /// Akismet's answer to a bad key.
    Invalid,
}

/// One form as sent: its fields in order.
type Form = Vec<(String, String)>;

/// A comment-check endpoint on loopback; keeps every form it was sent.
struct Endpoint {
    url: String,
    forms: Arc<Mutex<Vec<Form>>>,
}

async fn endpoint(answer: Answer) -> Endpoint {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/1.1/comment-check",
        listener.local_addr().unwrap()
    );
    let forms = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&forms);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = Arc::clone(&kept);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                let mut length = 0;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                let form = form_urlencoded::parse(&body).into_owned().collect();
                kept.lock().unwrap().push(form);
                let (status, headers, text) = match answer {
                    Answer::Spam => ("200 OK", "", "true"),
                    Answer::NotSpam => ("200 OK", "", "false"),
                    Answer::Slow => {
                        tokio::time::sleep(Duration::from_secs(10)).await;
                        ("200 OK", "", "false")
                    }
                    Answer::Broken => ("500 Internal Server Error", "", "oops"),
                    Answer::Invalid => (
                        "200 OK",
                        "X-akismet-debug-help: We were unable to verify your API key.\r\n",
                        "invalid",
                    ),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = write.write_all(response.as_bytes()).await;
            });
        }
    });
    Endpoint { url, forms }
}

async fn server_with_check(db: &TestDb, url: &str, policy: ModerationPolicy) -> Server {
    let mut config = config();
    config.moderation = policy;
    let mut check = SpamCheckConfig::new(url, KEY);
    check.timeout = Duration::from_millis(500);
    config.spam_check = Some(check);
    // Each server opens the data afresh: stopping one closes its pool.
    Server::start(db.reopen().await, config, None).await
}

/// Posts a comment; returns the status the reader was told and the one stored.
async fn post(server: &Server, email: Option<&str>, body: &str) -> (String, CommentStatus) {
    let response = server
        .post(
            "/api/comments",
            comment("/posts/垃圾/", "路人甲", email, body),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let json = response.json();
    let id = json["id"].as_i64().expect("an id: the comment is stored");
    let stored = server.app.store.comment(id).await.unwrap().expect("stored");
    (json["status"].as_str().unwrap().to_owned(), stored.status)
}

async fn spam_is_marked_and_described_in_akismet_fields(db: TestDb) {
    let check = endpoint(Answer::Spam).await;
    let server = server_with_check(&db, &check.url, ModerationPolicy::None).await;
    let (told, stored) = post(&server, Some("buy@example.com"), "便宜的**药**，点这里").await;
    assert_eq!(told, "pending", "a spammer is not told it was caught");
    assert_eq!(stored, CommentStatus::Spam);
    let listed = server
        .get("/api/comments?page=/posts/%E5%9E%83%E5%9C%BE/")
        .await;
    assert_eq!(listed.json()["total"], 0, "spam is never shown");

    let forms = check.forms.lock().unwrap().clone();
    assert_eq!(forms.len(), 1);
    let field = |name: &str| {
        forms[0]
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    assert_eq!(field("api_key").as_deref(), Some(KEY));
    assert_eq!(field("blog").as_deref(), Some(support::SITE));
    // The page as the site links it: Chinese percent-encoded, however the comment named it.
    assert_eq!(
        field("permalink").as_deref(),
        Some("https://blog.example.com/posts/%E5%9E%83%E5%9C%BE/")
    );
    assert_eq!(field("user_ip").as_deref(), Some("127.0.0.1"));
    assert_eq!(field("user_agent").as_deref(), Some("boke-test"));
    assert_eq!(field("comment_type").as_deref(), Some("comment"));
    assert_eq!(field("comment_author").as_deref(), Some("路人甲"));
    assert_eq!(
        field("comment_author_email").as_deref(),
        Some("buy@example.com")
    );
    assert_eq!(
        field("comment_content").as_deref(),
        Some("便宜的**药**，点这里")
    );
    server.stop().await;
}
both_backends!(
    spam_is_marked_and_described_in_akismet_fields,
    crate::spam_is_marked_and_described_in_akismet_fields
);

async fn not_spam_follows_the_moderation_policy(db: TestDb) {
    let check = endpoint(Answer::NotSpam).await;
    let open = server_with_check(&db, &check.url, ModerationPolicy::None).await;
    let (told, stored) = post(&open, None, "写得好").await;
    assert_eq!(
        (told.as_str(), stored),
        ("approved", CommentStatus::Approved)
    );
    open.stop().await;

    let strict = server_with_check(&db, &check.url, ModerationPolicy::FirstTime).await;
    let (told, stored) = post(&strict, Some("new@example.com"), "第一次来").await;
    assert_eq!((told.as_str(), stored), ("pending", CommentStatus::Pending));
    strict.stop().await;
    assert_eq!(check.forms.lock().unwrap().len(), 2, "both were checked");
}
both_backends!(
    not_spam_follows_the_moderation_policy,
    crate::not_spam_follows_the_moderation_policy
);

async fn no_usable_answer_holds_the_comment(db: TestDb) {
    // The policy would publish at once; without a verdict a moderator decides instead.
    for answer in [Answer::Slow, Answer::Broken, Answer::Invalid] {
        let check = endpoint(answer).await;
        let server = server_with_check(&db, &check.url, ModerationPolicy::None).await;
        let (told, stored) = post(&server, None, "也许是垃圾，也许不是").await;
        assert_eq!(told, "pending");
        assert_eq!(stored, CommentStatus::Pending, "kept for a moderator");
        server.stop().await;
    }
    // Nothing listening at all.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "http://{}/1.1/comment-check",
            listener.local_addr().unwrap()
        )
    };
    let server = server_with_check(&db, &closed, ModerationPolicy::None).await;
    let (told, stored) = post(&server, None, "服务连不上时").await;
    assert_eq!((told.as_str(), stored), ("pending", CommentStatus::Pending));
    let pending = server
        .app
        .store
        .comments_with_status(CommentStatus::Pending, 0, 100)
        .await
        .unwrap();
    assert_eq!(pending.len(), 4, "no comment was lost");
    server.stop().await;
}
both_backends!(
    no_usable_answer_holds_the_comment,
    crate::no_usable_answer_holds_the_comment
);
