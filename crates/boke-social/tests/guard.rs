//! The comment guard on both backends: the block list, the per-email and per-page limits,
//! Turnstile verified server-side against a siteverify endpoint on loopback, and the proof of
//! work (solved here as the browser does; refused when missing, wrong, forged or replayed).

mod support;

use std::sync::Arc;

use boke_social::config::{ModerationPolicy, ServiceConfig};
use boke_social::guard::{BlockWords, GuardConfig, TurnstileConfig, pow};
use boke_social::store::CommentStatus;
use serde_json::{Value, json};
use support::sink::Sink;
use support::{Server, TestDb, comment, config};

const PAGE: &str = "/posts/守门/";

fn guarded(change: impl FnOnce(&mut GuardConfig)) -> ServiceConfig {
    let mut config = config();
    config.moderation = ModerationPolicy::FirstTime;
    change(&mut config.guard);
    config
}

/// Posts `body`; returns the HTTP status and the stored status, if one was stored.
async fn post(server: &Server, body: Value) -> (u16, Option<CommentStatus>) {
    let response = server.post("/api/comments", body).await;
    let stored = match response.status {
        201 => {
            let id = response.json()["id"].as_i64().expect("an id");
            Some(server.app.store.comment(id).await.unwrap().unwrap().status)
        }
        _ => None,
    };
    (response.status, stored)
}

async fn listed_words_store_spam(db: TestDb) {
    let list = BlockWords::parse("words.txt", "代开发票\nre:(?i)casino\\s+bonus\n").unwrap();
    let config = guarded(|guard| guard.block_words = Some(Arc::new(list)));
    let server = Server::start(db.reopen().await, config, None).await;
    let (status, stored) = post(&server, comment(PAGE, "读者", None, "正规代开发票")).await;
    assert_eq!((status, stored), (201, Some(CommentStatus::Spam)));
    let response = server
        .post("/api/comments", comment(PAGE, "CASINO  Bonus", None, "hi"))
        .await;
    assert_eq!(
        response.json()["status"],
        "pending",
        "not told it was caught"
    );
    let (_, stored) = post(&server, comment(PAGE, "读者", None, "写得真好")).await;
    assert_eq!(stored, Some(CommentStatus::Pending), "the policy as usual");
    let spam = server
        .app
        .store
        .comments_with_status(CommentStatus::Spam, 0, 10)
        .await
        .unwrap();
    assert_eq!(spam.len(), 2, "both listed comments wait under spam");
    server.stop().await;
}
both_backends!(listed_words_store_spam, crate::listed_words_store_spam);

async fn limits_per_email_and_page(db: TestDb) {
    let config = guarded(|guard| {
        guard.per_email_hourly = 2;
        guard.per_page_hourly = 4;
    });
    let server = Server::start(db.reopen().await, config, None).await;
    let email = Some("flood@example.com");
    for _ in 0..2 {
        assert_eq!(post(&server, comment(PAGE, "a", email, "一")).await.0, 201);
    }
    let refused = server
        .post("/api/comments", comment(PAGE, "a", email, "三"))
        .await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.body.contains("email"), "{}", refused.body);
    // Another page, the same address: still the address's limit.
    assert_eq!(
        post(&server, comment("/posts/other/", "a", email, "四"))
            .await
            .0,
        429
    );
    for n in 0..2 {
        let other = format!("reader{n}@example.com");
        assert_eq!(
            post(&server, comment(PAGE, "b", Some(&other), "五"))
                .await
                .0,
            201
        );
    }
    let full = server
        .post("/api/comments", comment(PAGE, "c", None, "六"))
        .await;
    assert_eq!(full.status, 429, "the page took 4 this hour: {}", full.body);
    assert!(full.body.contains("page"), "{}", full.body);
    assert_eq!(
        post(&server, comment("/posts/other/", "c", None, "七"))
            .await
            .0,
        201,
        "other pages are not affected"
    );
    server.stop().await;
}
both_backends!(limits_per_email_and_page, crate::limits_per_email_and_page);

async fn turnstile_is_verified_by_the_service(db: TestDb) {
    let siteverify = Sink::start(vec![
        (200, r#"{"success":true,"error-codes":[]}"#),
        (
            200,
            r#"{"success":false,"error-codes":["invalid-input-response"]}"#,
        ),
        (500, "oops"),
    ])
    .await;
    let config = guarded(|guard| {
        let mut turnstile = TurnstileConfig::new("secret-0x4AAA", "sitekey-0x4BBB");
        turnstile.verify_url = siteverify.url.clone();
        guard.turnstile = Some(turnstile);
        guard.approve_challenged = true;
    });
    let server = Server::start(db.reopen().await, config, None).await;
    let offered = server.get("/api/challenge").await.json();
    assert_eq!(offered["turnstile"]["sitekey"], "sitekey-0x4BBB");
    assert!(offered["pow"].is_null(), "the proof of work is off here");

    let mut body = comment(PAGE, "读者", None, "人机验证过了");
    body["turnstile"] = json!("token-from-the-widget");
    assert_eq!(
        post(&server, body.clone()).await,
        (201, Some(CommentStatus::Approved)),
        "passed, and the policy publishes what passed"
    );
    let asked = siteverify.received();
    let form: Vec<(String, String)> = form_urlencoded::parse(asked[0].body.as_bytes())
        .into_owned()
        .collect();
    assert!(
        form.contains(&("secret".into(), "secret-0x4AAA".into())),
        "{form:?}"
    );
    assert!(form.contains(&("response".into(), "token-from-the-widget".into())));
    assert!(form.contains(&("remoteip".into(), "127.0.0.1".into())));

    let refused = server.post("/api/comments", body.clone()).await;
    assert_eq!(refused.status, 403, "Cloudflare said no: {}", refused.body);
    assert_eq!(
        post(&server, body.clone()).await,
        (201, Some(CommentStatus::Pending)),
        "siteverify broken: held for a moderator, not lost and not published"
    );
    let mut without = comment(PAGE, "读者", None, "没有令牌");
    without["turnstile"] = json!("");
    assert_eq!(post(&server, without).await.0, 403);
    assert_eq!(siteverify.received().len(), 3, "an empty token is not sent");
    server.stop().await;
}
both_backends!(
    turnstile_is_verified_by_the_service,
    crate::turnstile_is_verified_by_the_service
);

/// A challenge from the service, solved.
async fn solved(server: &Server) -> Value {
    let offered = server.get("/api/challenge").await;
    assert_eq!(offered.header("cache-control"), Some("no-store"));
    let offered = offered.json();
    let challenge = pow::Challenge {
        challenge: offered["pow"]["challenge"].as_str().unwrap().to_owned(),
        bits: offered["pow"]["bits"].as_u64().unwrap() as u8,
        expires_at: offered["pow"]["expires_at"].as_i64().unwrap(),
    };
    json!({ "challenge": challenge.challenge, "nonce": pow::solve(&challenge) })
}

async fn proof_of_work_once_per_comment(db: TestDb) {
    let config = guarded(|guard| {
        guard.pow_bits = 12;
        guard.approve_challenged = true;
    });
    let server = Server::start(db.reopen().await, config.clone(), None).await;
    let offered = server.get("/api/challenge").await.json();
    assert_eq!(offered["pow"]["bits"], 12);
    assert!(offered["turnstile"].is_null());

    let mut body = comment(PAGE, "读者", None, "算过了");
    assert_eq!(post(&server, body.clone()).await.0, 403, "no answer");
    let answer = solved(&server).await;
    let mut wrong = answer.clone();
    wrong["nonce"] = json!("x");
    body["pow"] = wrong;
    assert_eq!(post(&server, body.clone()).await.0, 403, "a wrong nonce");
    let mut forged = answer.clone();
    forged["challenge"] = json!(answer["challenge"].as_str().unwrap().replace('.', ".9"));
    body["pow"] = forged;
    assert_eq!(
        post(&server, body.clone()).await.0,
        403,
        "a forged challenge"
    );
    body["pow"] = answer.clone();
    let accepted = server.post("/api/comments", body.clone()).await;
    assert_eq!(accepted.status, 201, "{}", accepted.body);
    assert_eq!(accepted.json()["status"], "approved", "passed: published");
    let replay = server.post("/api/comments", body.clone()).await;
    assert_eq!(replay.status, 403, "the same answer twice: {}", replay.body);
    server.stop().await;

    // A restart keeps what was spent; a trusted commenter is not asked.
    let restarted = Server::start(db.reopen().await, config, None).await;
    assert_eq!(
        post(&restarted, body.clone()).await.0,
        403,
        "replay after restart"
    );
    let commenter = accepted.json()["commenter"].as_str().unwrap().to_owned();
    let mut trusted = comment(PAGE, "读者", None, "又来了");
    trusted["commenter"] = json!(commenter);
    assert_eq!(
        post(&restarted, trusted).await,
        (201, Some(CommentStatus::Approved))
    );
    restarted.stop().await;
}
both_backends!(
    proof_of_work_once_per_comment,
    crate::proof_of_work_once_per_comment
);

async fn github_sign_in_makes_a_trusted_commenter(db: TestDb) {
    // A fake GitHub on loopback: the token exchange, then the user lookup.
    let github = Sink::start(vec![
        (
            200,
            r#"{"access_token":"gho_fake","token_type":"bearer","scope":""}"#,
        ),
        (200, r#"{"id":4242,"login":"reader"}"#),
        (200, r#"{"error":"bad_verification_code"}"#),
    ])
    .await;
    let mut oauth = boke_social::guard::github::GithubConfig::new("Iv1.client", "shh-secret");
    oauth.authorize_url = "https://github.test/login/oauth/authorize".into();
    oauth.token_url = github.url.clone();
    oauth.api_url = github.url.clone();
    let config = guarded(|guard| {
        guard.pow_bits = 12;
        guard.github = Some(oauth);
    });
    let server = Server::start(db.reopen().await, config, None).await;
    let offered = server.get("/api/challenge").await.json();
    assert_eq!(
        offered["sign_in"]["github"],
        "http://social.test/api/auth/github"
    );

    let start = server
        .get("/api/auth/github?page=/posts/%E5%AE%88%E9%97%A8/")
        .await;
    assert_eq!(start.status, 303, "{}", start.body);
    let location = start.header("location").unwrap().to_owned();
    let (base, query) = location.split_once('?').unwrap();
    assert_eq!(base, "https://github.test/login/oauth/authorize");
    let query: std::collections::HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(query["client_id"], "Iv1.client");
    assert_eq!(
        query["redirect_uri"],
        "http://social.test/api/auth/github/callback"
    );
    let state = query["state"].clone();

    let forged = server
        .get("/api/auth/github/callback?code=c0de&state=00.11")
        .await;
    assert_eq!(forged.status, 400, "a state not ours");
    let callback = |code: &str| {
        format!(
            "/api/auth/github/callback?code={code}&state={}",
            form_urlencoded::byte_serialize(state.as_bytes()).collect::<String>()
        )
    };
    let back = server.get(&callback("c0de")).await;
    assert_eq!(back.status, 303, "{}", back.body);
    let location = back.header("location").unwrap();
    let secret = location
        .strip_prefix("https://blog.example.com/posts/%E5%AE%88%E9%97%A8/#boke-commenter=")
        .unwrap_or_else(|| panic!("back to the page with the secret: {location}"));
    assert!(boke_social::keys::is_token(secret), "{secret}");
    let asked = github.received();
    let exchange: Vec<(String, String)> = form_urlencoded::parse(asked[0].body.as_bytes())
        .into_owned()
        .collect();
    assert!(exchange.contains(&("client_secret".into(), "shh-secret".into())));
    assert!(exchange.contains(&("code".into(), "c0de".into())));
    assert_eq!(asked[0].header("accept"), Some("application/json"));
    assert_eq!(asked[1].header("authorization"), Some("Bearer gho_fake"));

    // Signed in: trusted at once, so no challenge and no moderator.
    let mut body = comment(PAGE, "reader", None, "用 GitHub 登录后发的");
    body["commenter"] = json!(secret);
    assert_eq!(
        post(&server, body).await,
        (201, Some(CommentStatus::Approved))
    );
    // A code GitHub refuses: no commenter, an error page.
    let refused = server.get(&callback("bad")).await;
    assert_eq!(refused.status, 502, "{}", refused.body);
    server.stop().await;
}
both_backends!(
    github_sign_in_makes_a_trusted_commenter,
    crate::github_sign_in_makes_a_trusted_commenter
);

async fn email_link_signs_in_once(db: TestDb) {
    let smtp = support::smtp::SmtpCapture::start().await;
    let config = guarded(|guard| guard.pow_bits = 12);
    let server = Server::start(db.reopen().await, config, Some(smtp.mailer())).await;
    let ask = json!({ "email": "Reader@Example.com", "page": PAGE, "lang": "zh-CN" });
    let asked = server.post("/api/auth/email", ask.clone()).await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let letters = smtp.wait_for(1).await;
    let text = letters[0].text();
    assert!(text.contains("30 分钟"), "{text}");
    let url = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("http://social.test"))
        .unwrap_or_else(|| panic!("no link in {text}"))
        .to_owned();
    assert!(
        !url.to_lowercase().contains("example.com"),
        "the link names the address: {url}"
    );
    // Asked again at once: the same answer, no second mail.
    assert_eq!(server.post("/api/auth/email", ask).await.status, 202);

    let shown = server.get(&url).await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.body.contains("<button"),
        "a button, not a sign-in: {}",
        shown.body
    );
    let press = || support::http::request(server.addr, "POST", &url, &[], Some(""));
    let back = press().await;
    assert_eq!(back.status, 303, "{}", back.body);
    let location = back.header("location").unwrap().to_owned();
    let secret = location
        .strip_prefix("https://blog.example.com/posts/%E5%AE%88%E9%97%A8/#boke-commenter=")
        .unwrap_or_else(|| panic!("back to the page: {location}"));
    assert_eq!(press().await.status, 400, "the link works once");
    let mut body = comment(PAGE, "读者", None, "邮箱验证过了");
    body["commenter"] = json!(secret);
    assert_eq!(
        post(&server, body).await,
        (201, Some(CommentStatus::Approved))
    );
    assert_eq!(smtp.messages().len(), 1, "one mail for the two requests");
    server.stop().await;
}
both_backends!(email_link_signs_in_once, crate::email_link_signs_in_once);
