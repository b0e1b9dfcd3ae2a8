//! CDN purges against a local fake of each vendor's API that checks the credentials and
//! records the URLs asked for.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use boke_deploy::{Cdn, Purge, purge::purge};

/// A one-endpoint HTTP server answering `answer` to each request, sending each request's
/// head and body down the channel.
fn fake(answer: &'static str, requests: usize) -> (String, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests).flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            let authorized = head.lines().any(|line| {
                line.split_once(':').is_some_and(|(name, value)| {
                    name.eq_ignore_ascii_case("authorization")
                        && value.trim() == "Bearer right-token"
                })
            });
            let status = if authorized {
                "200 OK"
            } else {
                "403 Forbidden"
            };
            let _ = send.send((head, String::from_utf8_lossy(&body).into_owned()));
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (address, receive)
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
    let (endpoint, requests) = fake(r#"{"success":true,"errors":[]}"#, 2);
    let purged = purge(
        &cloudflare(endpoint),
        "right-token",
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

    let (endpoint, _requests) = fake(r#"{"success":false,"errors":[{"code":10000}]}"#, 1);
    let error = purge(
        &cloudflare(endpoint),
        "wrong-token",
        "https://blog.example.com",
        &paths,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("refused (403)"), "{error}");
    assert!(error.contains("10000"), "{error}");
}
