//! The weekly digest: the last seven days of the feed in one mail per subscriber, one issue
//! per ISO week however often it runs, nothing when nothing is new, and a web archive of the
//! issues in Chinese and English with nothing that tracks; on both backends.

mod support;

use boke_social::digest::{self, week_of};
use boke_social::notify::Letters;
use boke_social::store::now;
use support::smtp::SmtpCapture;
use support::{Server, TestDb, config};

const DAY: i64 = 24 * 3600;

/// A JSON Feed of `(slug, title, published)` posts, as `boke build` writes it.
fn feed(posts: &[(&str, &str, Option<i64>)]) -> String {
    let items: Vec<serde_json::Value> = posts
        .iter()
        .map(|(slug, title, published)| {
            let url = format!("https://blog.example.com/posts/{slug}/");
            let mut item = serde_json::json!({
                "id": url, "url": url, "title": title, "summary": format!("{title}的摘要"),
            });
            if let Some(at) = published {
                item["date_published"] = jiff::Timestamp::from_second(*at)
                    .unwrap()
                    .to_string()
                    .into();
            }
            item
        })
        .collect();
    serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "测试博客", "items": items})
        .to_string()
}

async fn weekly_digest_is_sent_once_a_week(db: TestDb) {
    let store = &db.store;
    for (email, lang) in [
        ("zh@example.com", "zh-CN"),
        ("en@example.com", "en"),
        ("bounced@example.com", "zh-CN"),
    ] {
        store.add_subscriber(email, lang).await.unwrap();
        assert!(store.confirm_subscriber(email).await.unwrap());
    }
    store
        .add_subscriber("waiting@example.com", "zh-CN")
        .await
        .unwrap();
    store
        .suppress("bounced@example.com", "bounce", "ses")
        .await
        .unwrap();
    let smtp = SmtpCapture::start().await;
    let mailer = smtp.mailer();
    let letters = Letters {
        site_title: "测试博客".to_owned(),
        public_url: "http://social.test".to_owned(),
        link_key: store.secrets().await.unwrap().link_key,
    };
    let t0 = now();
    let week = week_of(t0);
    // A later moment in the same ISO week.
    let same_week = if week_of(t0 + 3600) == week {
        t0 + 3600
    } else {
        t0
    };
    let mut posts = vec![
        ("old", "上个月的旧文", Some(t0 - 10 * DAY)),
        ("tuesday", "周二的文章", Some(t0 - 2 * DAY)),
        ("yesterday", "昨天的文章", Some(t0 - DAY)),
        ("undated", "没有日期", None),
    ];
    let dated = digest::dated_posts(&feed(&posts)).unwrap();
    let first = digest::send_weekly(store, &mailer, &letters, &dated, t0)
        .await
        .unwrap();
    assert_eq!(first.issue.as_deref(), Some(week.as_str()), "{first}");
    assert_eq!((first.posts, first.mail.sent), (2, 2), "{first}");
    let mails = smtp.messages();
    let zh = mails.iter().find(|m| m.to == ["zh@example.com"]).unwrap();
    let en = mails.iter().find(|m| m.to == ["en@example.com"]).unwrap();
    let (zh_text, en_text) = (zh.text(), en.text());
    assert!(
        zh_text.contains(&format!("/newsletter/{week}/?lang=zh")),
        "{zh_text}"
    );
    assert!(
        en_text.contains(&format!("/newsletter/{week}/?lang=en")),
        "{en_text}"
    );
    assert!(
        zh_text.starts_with(&format!("「测试博客」本周文章（{week}）")),
        "{zh_text}"
    );
    assert!(
        en_text.starts_with(&format!("This week on 测试博客 ({week})")),
        "{en_text}"
    );
    for text in [&zh_text, &en_text] {
        let newest = text.find("昨天的文章").expect("yesterday's post");
        let older = text.find("周二的文章").expect("Tuesday's post");
        assert!(newest < older, "newest first: {text}");
        assert!(text.contains("https://blog.example.com/posts/yesterday/"));
        assert!(
            !text.contains("旧文") && !text.contains("没有日期"),
            "{text}"
        );
        assert!(text.contains(&format!("http://social.test/newsletter/{week}/?lang=")));
    }
    for mail in &mails {
        assert!(mail.header("List-Unsubscribe").is_some());
        assert!(!mail.data.to_ascii_lowercase().contains("<img"), "no pixel");
        assert!(
            !mail.data.to_ascii_lowercase().contains("text/html"),
            "plain text only"
        );
    }

    // Later the same week, with a new post: the week's issue was sent, nothing more goes.
    posts.push(("thursday", "周四的新文", Some(same_week - 1)));
    let dated = digest::dated_posts(&feed(&posts)).unwrap();
    let again = digest::send_weekly(store, &mailer, &letters, &dated, same_week)
        .await
        .unwrap();
    assert_eq!(again.issue.as_deref(), Some(week.as_str()));
    assert_eq!(again.mail.sent, 0, "{again}");
    assert!(again.to_string().contains("already"), "{again}");
    // Someone confirming that week gets that week's issue as it was assembled.
    store
        .add_subscriber("late@example.com", "en")
        .await
        .unwrap();
    assert!(store.confirm_subscriber("late@example.com").await.unwrap());
    let late = digest::send_weekly(store, &mailer, &letters, &dated, same_week.max(now()))
        .await
        .unwrap();
    assert_eq!(late.mail.sent, 1, "{late}");
    let late_mail = smtp.messages().pop().unwrap();
    assert_eq!(late_mail.to, ["late@example.com"]);
    assert!(!late_mail.text().contains("周四的新文"));
    assert_eq!(smtp.messages().len(), 3);

    // Next week: only the post no digest held.
    let next = digest::send_weekly(store, &mailer, &letters, &dated, t0 + 7 * DAY)
        .await
        .unwrap();
    let next_week = week_of(t0 + 7 * DAY);
    assert_ne!(next_week, week);
    assert_eq!(next.issue.as_deref(), Some(next_week.as_str()));
    assert_eq!((next.posts, next.mail.sent), (1, 3), "{next}");
    assert!(
        smtp.messages()
            .last()
            .unwrap()
            .text()
            .contains("周四的新文")
    );

    // A week with nothing new sends nothing and makes no issue.
    let quiet = digest::send_weekly(store, &mailer, &letters, &dated, t0 + 14 * DAY)
        .await
        .unwrap();
    assert_eq!(quiet.issue, None);
    assert!(quiet.to_string().contains("nothing sent"));
    assert_eq!(smtp.messages().len(), 6);
    assert_eq!(store.issues().await.unwrap().len(), 2);

    // The archive, in both languages, with nothing that tracks.
    let server = Server::start(store.clone(), config(), None).await;
    let get = |path: String, language: &'static str| {
        let addr = server.addr;
        async move {
            support::http::request(addr, "GET", &path, &[("Accept-Language", language)], None).await
        }
    };
    let list = get("/newsletter/".into(), "zh-CN,zh;q=0.9").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("「测试博客」邮件存档"), "{}", list.body);
    assert!(
        list.body.contains(&format!("href=\"{week}/\"")),
        "{}",
        list.body
    );
    assert!(list.body.contains(&format!("href=\"{next_week}/\"")));
    assert!(
        list.body.find(&next_week) < list.body.find(&format!("{week}/")),
        "newest first"
    );
    let english = get("/newsletter/?lang=en".into(), "zh-CN").await;
    assert!(
        english.body.contains("<html lang=\"en\""),
        "{}",
        english.body
    );
    assert!(english.body.contains("newsletter archive"));
    let page = get(format!("/newsletter/{week}/"), "en-US").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("This week on 测试博客 ({week})")),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"https://blog.example.com/posts/tuesday/\"")
    );
    assert!(!page.body.contains("周四的新文"));
    let zh_page = get(format!("/newsletter/{week}/?lang=zh"), "en-US").await;
    assert!(zh_page.body.contains("本周文章"));
    for body in [&list.body, &english.body, &page.body, &zh_page.body] {
        let lower = body.to_ascii_lowercase();
        assert!(
            !lower.contains("<img") && !lower.contains("<script"),
            "{body}"
        );
    }
    assert!(
        page.header("Content-Security-Policy")
            .is_some_and(|policy| policy.starts_with("default-src 'none'"))
    );
    assert_eq!(get("/newsletter/2000-W01/".into(), "zh").await.status, 404);
    server.stop().await;
}
both_backends!(
    weekly_digest_is_sent_once_a_week,
    crate::weekly_digest_is_sent_once_a_week
);

/// The archive also lists the posts `notify` mailed one by one, and only those.
async fn the_archive_lists_posts_mailed_alone(db: TestDb) {
    let store = &db.store;
    store
        .add_subscriber("zh@example.com", "zh-CN")
        .await
        .unwrap();
    assert!(store.confirm_subscriber("zh@example.com").await.unwrap());
    let smtp = SmtpCapture::start().await;
    let letters = Letters {
        site_title: "测试博客".to_owned(),
        public_url: "http://social.test".to_owned(),
        link_key: store.secrets().await.unwrap().link_key,
    };
    let server = Server::start(store.clone(), config(), None).await;
    let empty = server.get("/newsletter/?lang=zh").await;
    assert!(empty.body.contains("还没有发过邮件"), "{}", empty.body);
    let t0 = now();
    let posts = digest::dated_posts(&feed(&[
        ("before", "订阅之前的文章", Some(t0 - DAY)),
        ("mailed", "单独寄出的文章", Some(t0)),
    ]))
    .unwrap();
    let plain: Vec<_> = posts.iter().map(|dated| dated.post.clone()).collect();
    boke_social::notify::notify(store, &smtp.mailer(), &letters, &plain[..1], false)
        .await
        .unwrap();
    let report = boke_social::notify::notify(store, &smtp.mailer(), &letters, &plain, false)
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report}");
    let list = server.get("/newsletter/?lang=zh").await;
    assert!(list.body.contains("单篇文章邮件"), "{}", list.body);
    assert!(
        list.body
            .contains("<a href=\"https://blog.example.com/posts/mailed/\">单独寄出的文章</a>"),
        "{}",
        list.body
    );
    assert!(
        !list.body.contains("订阅之前的文章"),
        "never mailed: {}",
        list.body
    );
    server.stop().await;
}
both_backends!(
    the_archive_lists_posts_mailed_alone,
    crate::the_archive_lists_posts_mailed_alone
);
