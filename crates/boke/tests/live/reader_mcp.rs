//! `/mcp` of `boke social serve --site-dir`, driven over HTTP as a reader's agent drives it:
//! the example blog is built, the service started on it, and JSON-RPC messages posted to the
//! streamable HTTP transport. Search, read and list see published posts only; a foreign `Host`
//! is refused; the rate limit holds; without `--site-dir` there is no `/mcp`.
#![cfg(all(feature = "mcp", feature = "social"))]

use std::ffi::OsStr;

use serde_json::{Value, json};

use crate::browser::social::{MailSink, Service, free_port};

struct Site {
    _temp: tempfile::TempDir,
    _service: Service,
    _mail: MailSink,
    url: String,
    agent: ureq::Agent,
}

fn start(site_dir: bool) -> Site {
    let temp = tempfile::tempdir().expect("temp dir");
    let public = temp.path().join("public");
    boke::build(&boke::BuildOptions {
        root: crate::common::example_blog(),
        output: Some(public.clone()),
        ..Default::default()
    })
    .expect("the example blog builds");
    let data = temp.path().join("social-data");
    std::fs::create_dir(&data).expect("data dir");
    let port = free_port();
    let mail = MailSink::start();
    let mut more: Vec<&OsStr> = Vec::new();
    if site_dir {
        more.extend([OsStr::new("--site-dir"), public.as_os_str()]);
    }
    let service = Service::start(
        &data,
        port,
        "http://127.0.0.1:1",
        &mail.url(),
        "reader-agent-test",
        &more,
    );
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    Site {
        _temp: temp,
        _service: service,
        _mail: mail,
        url: format!("http://127.0.0.1:{port}/mcp"),
        agent,
    }
}

impl Site {
    /// Posts one JSON-RPC message; the status and the JSON answer (null when there is none).
    fn post(&self, message: &Value, host: Option<&str>) -> (u16, Value) {
        let mut request = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-11-25")
            // A refusal (429) is answered before the body is read, which ends the connection.
            .header("Connection", "close");
        if let Some(host) = host {
            request = request.header("Host", host);
        }
        let mut response = request
            .send(message.to_string().as_bytes())
            .expect("the service answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn call(&self, tool: &str, arguments: Value) -> Value {
        let (status, answer) = self.post(
            &json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                    "params": {"name": tool, "arguments": arguments}}),
            None,
        );
        assert_eq!(status, 200, "{tool}: {answer}");
        answer["result"].clone()
    }
}

fn initialize() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "reader-agent", "version": "1"}}})
}

#[test]
fn readers_agents_search_read_and_list_the_published_posts_over_http() {
    let site = start(true);
    let (status, hello) = site.post(&initialize(), None);
    assert_eq!(status, 200, "{hello}");
    assert_eq!(hello["result"]["protocolVersion"], "2025-11-25", "{hello}");
    assert_eq!(hello["result"]["serverInfo"]["name"], "boke-social");

    let (status, tools) = site.post(
        &json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}),
        None,
    );
    assert_eq!(status, 200, "{tools}");
    let mut names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|tool| tool["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["get_post", "list_posts", "search_posts"],
        "read-only tools only"
    );

    let found = site.call("search_posts", json!({"query": "分词器"}));
    let hits = found["structuredContent"]["hits"].as_array().expect("hits");
    assert!(
        hits.iter()
            .any(|hit| hit["url"] == "https://blog.example.com/posts/rust-tokenizer/"),
        "hits name the address an agent can fetch: {found}"
    );
    assert!(
        hits.iter()
            .any(|hit| hit["snippet"].as_str().is_some_and(|s| s.contains("**"))),
        "snippets mark the words found: {found}"
    );

    let post = site.call("get_post", json!({"post": "rust-tokenizer"}));
    let post = &post["structuredContent"];
    assert_eq!(post["title"], "用 Rust 写一个中文分词器", "{post}");
    assert!(
        post["markdown"]
            .as_str()
            .is_some_and(|md| md.contains("最大正向匹配")),
        "{post}"
    );
    let by_url = site.call(
        "get_post",
        json!({"post": "https://blog.example.com/posts/大模型推理成本/"}),
    );
    assert!(
        by_url["isError"] != json!(true),
        "a Chinese URL as written: {by_url}"
    );

    let listed = site.call("list_posts", json!({"limit": 200}));
    let posts = listed["structuredContent"]["posts"]
        .as_array()
        .expect("posts")
        .clone();
    let published = std::fs::read_dir(site._temp.path().join("public/posts"))
        .expect("public/posts")
        .flatten()
        .filter(|entry| entry.path().join("index.md").is_file())
        .count();
    assert_eq!(posts.len(), published, "every published post: {listed}");
    for hidden in ["unfinished", "future-post"] {
        assert!(
            !posts
                .iter()
                .any(|p| p["url"].as_str().unwrap_or("").contains(hidden)),
            "{hidden} is not published: {listed}"
        );
        let refused = site.call("get_post", json!({"post": hidden}));
        assert_eq!(refused["isError"], true, "{hidden}: {refused}");
    }
    let dates: Vec<&str> = posts.iter().filter_map(|p| p["date"].as_str()).collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first: {dates:?}"
    );
    let tagged = site.call("list_posts", json!({"tag": "Rust"}));
    let tagged = tagged["structuredContent"]["posts"]
        .as_array()
        .expect("posts")
        .clone();
    assert!(!tagged.is_empty() && tagged.len() < posts.len());
    assert!(tagged.iter().all(|p| {
        p["tags"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("Rust")))
    }));
    let bad = site.call("list_posts", json!({"since": "last week"}));
    assert_eq!(bad["isError"], true, "{bad}");

    let (status, _) = site.post(&initialize(), Some("evil.example"));
    assert!(
        status == 403 || status == 421 || status == 400,
        "a foreign Host is refused: {status}"
    );

    // The service's read limit: a burst of 120, then 600 a minute.
    let limited = (0..200)
        .map(|_| site.post(&initialize(), None).0)
        .filter(|status| *status == 429)
        .count();
    assert!(limited > 0, "200 quick calls meet the rate limit");
}

#[test]
fn without_a_site_dir_there_is_no_mcp() {
    let site = start(false);
    let (status, answer) = site.post(&initialize(), None);
    assert_eq!(status, 404, "{answer}");
}
