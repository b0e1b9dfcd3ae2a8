//! The calls after a deploy, against local fakes of each vendor's API that check the
//! credentials and record the URLs sent: CDN purges and search-engine pushes.

mod support;

use std::sync::mpsc;

use boke_deploy::manifest::{Entry, Manifest};
use boke_deploy::purge::{Keys, purge};
use boke_deploy::{Cdn, Notify, Plan, Purge, notify::notify};

/// A one-endpoint HTTP server answering `answer` to each of `requests` requests, with 200 when
/// `authorized(head, body)` and 403 otherwise, sending each request's head and body down the
/// channel.
fn fake(
    answer: &'static str,
    requests: usize,
    authorized: fn(&str, &str) -> bool,
) -> (String, mpsc::Receiver<(String, String)>) {
    let (address, seen) = support::serve(requests, move |seen| {
        let status = if authorized(&seen.head, &seen.body) {
            200
        } else {
            403
        };
        (status, answer.to_string())
    });
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for request in seen {
            let _ = send.send((request.head, request.body));
        }
    });
    (address, receive)
}

fn bearer(head: &str, _: &str) -> bool {
    head.lines().any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("authorization") && value.trim() == "Bearer right-token"
        })
    })
}

fn cloudflare(endpoint: String) -> Purge {
    Purge {
        cdn: Cdn::Cloudflare,
        zone: "zone123".into(),
        endpoint: Some(endpoint),
    }
}

#[test]
fn cloudflare_purges_the_urls_in_batches_of_30_and_a_refusal_is_an_error() {
    let paths: Vec<String> = (0..31).map(|n| format!("/posts/{n}/")).collect();
    let (endpoint, requests) = fake(r#"{"success":true,"errors":[]}"#, 2, bearer);
    let purged = purge(
        &cloudflare(endpoint),
        &Keys::new("", "right-token"),
        "https://blog.example.com/",
        &paths,
    )
    .unwrap();
    assert_eq!(purged, 31);
    let (head, body) = requests.recv().unwrap();
    assert!(
        head.starts_with("POST /zones/zone123/purge_cache HTTP/1.1"),
        "{head}"
    );
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    let files = body["files"].as_array().unwrap();
    assert_eq!(files.len(), 30);
    assert_eq!(files[0], "https://blog.example.com/posts/0/");
    let (_, body) = requests.recv().unwrap();
    assert!(
        body.contains("https://blog.example.com/posts/30/"),
        "{body}"
    );

    let (endpoint, _requests) = fake(r#"{"success":false,"errors":[{"code":10000}]}"#, 1, bearer);
    let error = purge(
        &cloudflare(endpoint),
        &Keys::new("", "wrong-token"),
        "https://blog.example.com",
        &paths,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("refused (403)"), "{error}");
    assert!(error.contains("10000"), "{error}");
}

/// A plan that adds a page, changes one and the home page, updates a stylesheet and
/// deletes a page.
fn plan() -> Plan {
    let manifest = |files: &[(&str, &str)]| -> Manifest {
        let entry = |(path, text): &(&str, &str)| (path.to_string(), Entry::of(text.as_bytes()));
        files.iter().map(entry).collect()
    };
    let remote = manifest(&[
        ("index.html", "1"),
        ("posts/a/index.html", "1"),
        ("posts/gone/index.html", "1"),
        ("a.css", "1"),
    ]);
    let local = manifest(&[
        ("index.html", "2"),
        ("posts/a/index.html", "2"),
        ("posts/新/index.html", "1"),
        ("a.css", "2"),
    ]);
    Plan::new(&local, &remote)
}

#[test]
fn indexnow_gets_the_pages_added_changed_and_deleted_with_the_key() {
    let (endpoint, requests) = fake("", 1, |_, body| body.contains(r#""key":"k3y""#));
    let settings = Notify {
        indexnow_key: Some("k3y".into()),
        indexnow_endpoint: Some(endpoint),
        ..Notify::default()
    };
    let sent = notify(&settings, None, "https://blog.example.com/", &plan()).unwrap();
    assert_eq!(sent, 4);
    let (head, body) = requests.recv().unwrap();
    assert!(head.starts_with("POST / HTTP/1.1"), "{head}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["host"], "blog.example.com");
    assert_eq!(
        body["urlList"],
        serde_json::json!([
            "https://blog.example.com/",
            "https://blog.example.com/posts/a/",
            "https://blog.example.com/posts/%E6%96%B0/",
            "https://blog.example.com/posts/gone/"
        ])
    );

    let (endpoint, _requests) = fake("", 1, |_, body| body.contains(r#""key":"k3y""#));
    let wrong = Notify {
        indexnow_key: Some("other".into()),
        indexnow_endpoint: Some(endpoint),
        ..Notify::default()
    };
    let error = notify(&wrong, None, "https://blog.example.com/", &plan())
        .unwrap_err()
        .to_string();
    assert!(error.contains("/other.txt"), "{error}");
}

#[test]
fn baidu_gets_the_live_pages_one_a_line_with_the_site_and_token() {
    let (endpoint, requests) = fake(r#"{"remain":99,"success":3}"#, 2, |head, _| {
        head.starts_with("POST /urls?site=https://blog.example.com&token=t0ken ")
    });
    let settings = Notify {
        baidu: true,
        baidu_endpoint: Some(format!("{endpoint}/urls")),
        ..Notify::default()
    };
    let sent = notify(
        &settings,
        Some("t0ken"),
        "https://blog.example.com",
        &plan(),
    )
    .unwrap();
    assert_eq!(sent, 3);
    let (_, body) = requests.recv().unwrap();
    assert_eq!(
        body,
        "https://blog.example.com/\nhttps://blog.example.com/posts/a/\nhttps://blog.example.com/posts/%E6%96%B0/"
    );
    let error = notify(
        &settings,
        Some("wrong"),
        "https://blog.example.com",
        &plan(),
    );
    assert!(
        error.is_err(),
        "the fake took one request; the next has nobody to answer"
    );
}
