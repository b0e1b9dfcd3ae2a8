//! Reply chains far deeper than any page shows.

use boke_social::config::ModerationPolicy;
use serde_json::json;

use crate::support::{TestDb, comment};
use crate::{both_backends, open_server};

/// Depth of the deepest `replies` nesting in a comment list.
fn nesting(comments: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&serde_json::Value, usize)> = comments
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| (comment, 1))
        .collect();
    while let Some((comment, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for reply in comment["replies"].as_array().unwrap() {
            stack.push((reply, depth + 1));
        }
    }
    deepest
}

/// Counts every comment in a nested list.
fn count_nested(comments: &serde_json::Value) -> usize {
    let mut total = 0;
    let mut stack: Vec<&serde_json::Value> = comments.as_array().unwrap().iter().collect();
    while let Some(comment) = stack.pop() {
        total += 1;
        stack.extend(comment["replies"].as_array().unwrap());
    }
    total
}

/// A chain of replies, each answering the last, as many addresses could post in seconds: the
/// page still reads, nested no deeper than the service shows, and nothing is dropped.
async fn deep_reply_chains_are_flattened(db: TestDb) {
    let server = open_server(&db, ModerationPolicy::None).await;
    let mut parent: Option<i64> = None;
    for n in 0..60 {
        let mut reply = comment("/deep/", "读者", None, &format!("第{n}层"));
        reply["parent_id"] = json!(parent);
        let response = server.post("/api/comments", reply).await;
        assert_eq!(response.status, 201, "{}", response.body);
        parent = response.json()["id"].as_i64();
    }
    let list = server.get("/api/comments?page=/deep/").await;
    assert_eq!(list.status, 200);
    let list = list.json();
    assert_eq!(list["total"], 60);
    assert_eq!(count_nested(&list["comments"]), 60);
    let depth = nesting(&list["comments"]);
    assert!(
        depth <= boke_social::store::MAX_REPLY_DEPTH + 1,
        "nested {depth} deep"
    );
    // Replies past the cap hang under the deepest allowed ancestor, oldest first.
    let mut deepest = &list["comments"][0];
    while let Some(first) = deepest["replies"].get(0) {
        if first["replies"].as_array().unwrap().is_empty() {
            break;
        }
        deepest = first;
    }
    let flattened = deepest["replies"].as_array().unwrap();
    assert!(flattened.len() > 1, "{deepest}");
    let times: Vec<i64> = flattened
        .iter()
        .map(|reply| reply["id"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] < pair[1]), "{times:?}");

    // A chain of 100,000 already in the database (stored before the cap, or written by
    // hand) must not take the service down either.
    sqlx::query(
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000) \
         INSERT INTO comments (id, page, parent_id, author, body, html, status, created_at) \
         SELECT 1000000 + n, '/abyss/', CASE WHEN n = 1 THEN NULL ELSE 999999 + n END, \
         'x', 'y', '<p>y</p>', 'approved', n FROM seq",
    )
    .execute(boke_social::backup::pool_of(&db.store))
    .await
    .unwrap();
    let abyss = server.get("/api/comments?page=/abyss/").await;
    assert_eq!(
        abyss.status,
        200,
        "{}",
        &abyss.body[..abyss.body.len().min(300)]
    );
    let abyss = abyss.json();
    assert_eq!(abyss["total"], 100_000);
    assert_eq!(count_nested(&abyss["comments"]), 100_000);
    assert!(nesting(&abyss["comments"]) <= boke_social::store::MAX_REPLY_DEPTH + 1);
    // And a reply to its deepest comment is stored under an ancestor within the cap.
    let mut reply = comment("/abyss/", "读者", None, "最深处的回复");
    reply["parent_id"] = json!(1_100_000);
    let response = server.post("/api/comments", reply).await;
    assert_eq!(response.status, 201, "{}", response.body);
    server.stop().await;
}
both_backends!(
    deep_reply_chains_are_flattened,
    crate::threads::deep_reply_chains_are_flattened
);
