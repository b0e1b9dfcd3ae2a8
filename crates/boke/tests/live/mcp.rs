//! `boke mcp` driven as an MCP client drives it: JSON-RPC messages, one a line, on the
//! binary's stdin and stdout, on a copy of the example blog. Initialize, list the tools, call
//! each, send bad arguments, try to write outside `content/`, and read the resources.
#![cfg(feature = "mcp")]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

use crate::common::{copy_site, example_blog};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Client {
    fn start(root: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
            .args(["mcp", "--root"])
            .arg(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start boke mcp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Self {
            child,
            stdin,
            stdout,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").expect("write to boke mcp");
        self.stdin.flush().expect("flush");
    }

    /// Sends a request and returns the response with its id (whole: `result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            let read = self
                .stdout
                .read_line(&mut line)
                .expect("read from boke mcp");
            assert!(read > 0, "boke mcp closed its output waiting for {method}");
            let message: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not JSON on stdout ({e}): {line}"));
            assert_eq!(message["jsonrpc"], "2.0", "{message}");
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// Calls a tool; returns its result (`structuredContent`, `isError`, `content`).
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        let result = response
            .get("result")
            .unwrap_or_else(|| panic!("{tool}: no result: {response}"));
        // Clients that read only text get the same JSON as text.
        let text = result["content"][0]["text"].as_str().expect("text content");
        let parsed: Value = serde_json::from_str(text).expect("text is JSON");
        assert_eq!(parsed, result["structuredContent"], "{tool}");
        result.clone()
    }
}

fn ok(result: &Value) -> &Value {
    assert_eq!(result["isError"], json!(false), "{result}");
    &result["structuredContent"]
}

fn refused<'a>(result: &'a Value, kind: &str) -> &'a Value {
    assert_eq!(result["isError"], json!(true), "{result}");
    assert_eq!(result["structuredContent"]["error"], kind, "{result}");
    &result["structuredContent"]
}

#[test]
fn an_mcp_client_can_read_search_and_work_on_the_blog() {
    let site = copy_site(&example_blog());
    let root = site.path();
    let mut client = Client::start(root);

    let init = client.request(
        "initialize",
        json!({
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "boke-test", "version": "0"}
        }),
    );
    let info = &init["result"];
    assert_eq!(info["protocolVersion"], "2025-11-25", "{init}");
    assert_eq!(info["serverInfo"]["name"], "boke");
    assert!(info["capabilities"]["tools"].is_object(), "{info}");
    assert!(info["capabilities"]["resources"].is_object(), "{info}");
    client.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    let listed = client.request("tools/list", json!({}));
    let tools = listed["result"]["tools"].as_array().expect("tools");
    let mut names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "build_site",
            "check_site",
            "get_post",
            "list_posts",
            "new_post",
            "search_posts",
            "site_info"
        ]
    );
    for tool in tools {
        assert!(tool["description"].as_str().is_some_and(|d| d.len() > 20));
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }

    // search_posts: the site's Chinese search, with snippets.
    let found = client.call("search_posts", json!({"query": "多模态"}));
    let hits = ok(&found)["hits"].as_array().expect("hits").clone();
    let seed = hits
        .iter()
        .find(|hit| hit["url"] == "/posts/2026-ai-trends/")
        .unwrap_or_else(|| panic!("the seed post: {hits:?}"));
    assert_eq!(seed["title"], "2026年AI发展趋势");
    assert!(
        seed["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("**多模态**")),
        "{seed}"
    );

    // get_post by slug, by URL and by file: the same post.
    let by_slug = client.call("get_post", json!({"post": "2026-ai-trends"}));
    let post = ok(&by_slug);
    assert_eq!(post["title"], "2026年AI发展趋势");
    assert_eq!(post["state"], "published");
    assert!(
        post["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("多模态"))
    );
    assert_eq!(
        post["front_matter"], "",
        "the seed post has none: its title is its heading"
    );
    assert!(
        post["mirror"]
            .as_str()
            .is_some_and(|m| m.starts_with("---\ntitle: "))
    );
    for other in [
        "https://blog.example.com/posts/2026-ai-trends/",
        "/posts/2026-ai-trends/",
        "content/posts/2026-01-05-2026-ai-trends.md",
    ] {
        let again = client.call("get_post", json!({"post": other}));
        assert_eq!(ok(&again)["url"], "/posts/2026-ai-trends/", "{other}");
    }
    let agents = client.call("get_post", json!({"post": "agent-workflows"}));
    assert!(
        ok(&agents)["front_matter"]
            .as_str()
            .is_some_and(|f| f.contains("title:")),
        "{agents}"
    );
    let missing = client.call("get_post", json!({"post": "no-such-post"}));
    refused(&missing, "bad_arguments");

    // list_posts: by state, tag and dates.
    let drafts = client.call("list_posts", json!({"state": "draft"}));
    let drafts = ok(&drafts);
    assert_eq!(drafts["total"], 1, "{drafts}");
    let everything = client.call("list_posts", json!({}));
    assert_eq!(ok(&everything)["total"], 11);
    let published = client.call("list_posts", json!({"state": "published", "limit": 3}));
    let published = ok(&published);
    assert_eq!(published["total"], 9);
    assert_eq!(published["posts"].as_array().map(Vec::len), Some(3));
    let early = client.call(
        "list_posts",
        json!({"since": "2026-01-01", "until": "2026-01-31"}),
    );
    let early = ok(&early);
    assert_eq!(early["total"], 1, "{early}");
    assert_eq!(early["posts"][0]["url"], "/posts/2026-ai-trends/");
    let bad_date = client.call("list_posts", json!({"since": "yesterday"}));
    assert!(
        refused(&bad_date, "bad_arguments")["message"]
            .as_str()
            .is_some_and(|m| m.contains("YYYY-MM-DD"))
    );

    let info = client.call("site_info", json!({}));
    let info = ok(&info);
    assert_eq!(info["title"], "AI 观察");
    assert_eq!(
        (
            &info["published_posts"],
            &info["drafts"],
            &info["future_posts"]
        ),
        (&json!(9), &json!(1), &json!(1))
    );
    assert_eq!(info["last_build"], Value::Null, "never built");

    let checked = client.call("check_site", json!({}));
    let checked = ok(&checked);
    assert!(
        checked["pages"].as_u64().is_some_and(|n| n > 10),
        "{checked}"
    );
    assert!(checked["problems"].is_array());

    // new_post: a draft under content/, never over a file, never outside content/.
    let made = client.call(
        "new_post",
        json!({"title": "给代理写的草稿", "slug": "agent-draft", "date": "2026-03-01"}),
    );
    let made = ok(&made);
    assert_eq!(made["path"], "content/posts/2026-03-01-agent-draft.md");
    assert_eq!(made["url"], "/posts/agent-draft/");
    assert_eq!(made["draft"], true);
    let text = std::fs::read_to_string(root.join("content/posts/2026-03-01-agent-draft.md"))
        .expect("the draft is written");
    assert!(
        text.starts_with("---\ntitle: \"给代理写的草稿\"\n"),
        "{text}"
    );
    assert!(text.contains("draft: true\n"), "{text}");
    let again = client.call(
        "new_post",
        json!({"title": "给代理写的草稿", "slug": "agent-draft", "date": "2026-03-01"}),
    );
    refused(&again, "bad_arguments");
    let outside = root.join("..").join("escaped");
    for escape in [
        json!({"title": "越界", "section": "../../escaped"}),
        json!({"title": "越界", "section": outside.to_string_lossy()}),
        json!({"title": "越界", "slug": "../../../escaped"}),
        json!({"title": "越界", "section": "posts\\..\\..\\escaped"}),
    ] {
        let result = client.call("new_post", escape.clone());
        let refusal = refused(&result, "bad_arguments");
        assert!(
            refusal["message"]
                .as_str()
                .is_some_and(|m| m.contains("outside content/")),
            "{escape}: {refusal}"
        );
    }
    assert!(!outside.exists() && !root.join("escaped").exists());
    assert!(!root.parent().expect("parent").join("escaped").exists());

    // build_site with drafts publishes the new draft.
    let built = client.call("build_site", json!({"drafts": true}));
    let built = ok(&built);
    assert_eq!(built["posts"], 11, "{built}");
    assert!(root.join("public/posts/agent-draft/index.html").is_file());
    let info = client.call("site_info", json!({}));
    assert!(ok(&info)["last_build"].is_string());

    // Bad arguments: a missing or mistyped field, an unknown field, an unknown tool.
    for (tool, arguments) in [
        ("search_posts", json!({})),
        ("get_post", json!({"post": 5})),
        ("list_posts", json!({"state": "deleted"})),
        ("new_post", json!({"title": "x", "overwrite": true})),
    ] {
        let response = client.request("tools/call", json!({"name": tool, "arguments": arguments}));
        let refused_here = response["error"]["code"] == json!(-32602)
            || response["result"]["isError"] == json!(true);
        assert!(refused_here, "{tool} {arguments}: {response}");
    }
    let unknown = client.request(
        "tools/call",
        json!({"name": "delete_post", "arguments": {}}),
    );
    assert!(unknown.get("error").is_some() || unknown["result"]["isError"] == json!(true));

    // Resources: each post's and page's Markdown copy.
    let resources = client.request("resources/list", json!({}));
    let list = resources["result"]["resources"]
        .as_array()
        .expect("resources");
    let uri = "boke://site/posts/2026-ai-trends/index.md";
    let seed = list
        .iter()
        .find(|r| r["uri"] == uri)
        .unwrap_or_else(|| panic!("{resources}"));
    assert_eq!(seed["mimeType"], "text/markdown");
    let read = client.request("resources/read", json!({"uri": uri}));
    let contents = &read["result"]["contents"][0];
    assert_eq!(contents["mimeType"], "text/markdown");
    assert!(
        contents["text"]
            .as_str()
            .is_some_and(|t| t.contains("多模态"))
    );
    let none = client.request(
        "resources/read",
        json!({"uri": "boke://site/nothing/index.md"}),
    );
    assert!(none.get("error").is_some(), "{none}");
}
