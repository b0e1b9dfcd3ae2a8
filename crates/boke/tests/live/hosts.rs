//! The nginx and Caddy snippets `boke build` writes to `deploy/`, run for real: each server
//! started on loopback on a built copy of the example blog, asked for pages with the `Accept`
//! headers of browsers and agents, answering HTML by default and the Markdown copy on request,
//! with `Vary: Accept`, as `boke serve` does.
//!
//! Listed by cargo as ignored unless `BOKE_REQUIRE_SERVERS=1` (as in `.ci/run`) is set when the
//! tests are built; then a missing `nginx` or `caddy` fails the test, saying which.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{boke, copy_site, example_blog};

struct Running(Child);

impl Drop for Running {
    /// SIGTERM, not SIGKILL: nginx's master stops its workers only when it is asked to stop.
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        if !stopped {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

/// A built copy of the example blog, and its `deploy/` snippet `name`.
fn built_site(name: &str) -> (tempfile::TempDir, String) {
    let site = copy_site(&example_blog());
    let output = boke(site.path(), &["build", "-q"]);
    assert!(output.status.success(), "{output:?}");
    let snippet = std::fs::read_to_string(site.path().join("deploy").join(name))
        .unwrap_or_else(|e| panic!("deploy/{name}: {e}"));
    let public = std::fs::canonicalize(site.path().join("public")).expect("public");
    assert!(
        snippet.contains(&public.display().to_string()),
        "the snippet serves the built folder"
    );
    (site, snippet)
}

fn require(program: &str) {
    let found = Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "`{program}` is not installed: apt-get install nginx-light caddy (as .ci/run does)"
    );
}

/// One GET; the status, the head lowercased and the body.
fn get(port: u16, path: &str, accept: Option<&str>) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let accept = accept.map_or(String::new(), |a| format!("Accept: {a}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{accept}\r\n"
    )
    .expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn wait_for(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What both servers must answer, as `serve` does.
fn answers_as_serve_does(port: u16) {
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for accept in [
        None,
        Some("*/*"),
        Some(browser),
        Some("text/html, text/markdown;q=0.5"),
    ] {
        let (status, head, body) = get(port, "/posts/agent-workflows/", accept);
        assert_eq!(status, 200, "{accept:?}: {head}");
        assert!(
            head.contains("content-type: text/html"),
            "{accept:?}: {head}"
        );
        assert!(head.contains("vary: accept"), "{accept:?}: {head}");
        assert!(body.contains("<html"), "{accept:?}");
    }
    for accept in ["text/markdown", "text/html;q=0.9, text/markdown"] {
        let (status, head, body) = get(port, "/posts/agent-workflows/", Some(accept));
        assert_eq!(status, 200, "{accept}: {head}");
        assert!(
            head.contains("content-type: text/markdown; charset=utf-8"),
            "{accept}: {head}"
        );
        assert!(head.contains("vary: accept"), "{accept}: {head}");
        assert!(
            head.contains("content-location: /posts/agent-workflows/index.md"),
            "{accept}: {head}"
        );
        assert!(body.starts_with("---\ntitle: "), "{accept}: {body}");
    }
    // A list has no copy: its HTML, never a 406.
    let (status, head, _) = get(port, "/", Some("text/markdown"));
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    let (status, head, _) = get(port, "/about/", Some("text/markdown"));
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/markdown"), "{head}");
}

#[test]
#[cfg_attr(
    not(boke_test_servers),
    ignore = "needs nginx: set BOKE_REQUIRE_SERVERS=1 when building the tests"
)]
fn the_nginx_snippet_serves_markdown_on_request() {
    require("nginx");
    let (site, snippet) = built_site("boke-nginx.conf");
    let port = free_port();
    let dir = site.path().join("nginx");
    std::fs::create_dir_all(&dir).expect("nginx dir");
    let server = snippet
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("include mime.types;", "include /etc/nginx/mime.types;");
    let temp = |name: &str| format!("{name}_temp_path {};", dir.join(name).display());
    let config = format!(
        "daemon off;\npid {pid};\nerror_log {log};\nevents {{}}\nhttp {{\naccess_log off;\n{}\n{}\n{}\n{}\n{}\n{server}\n}}\n",
        temp("client_body"),
        temp("proxy"),
        temp("fastcgi"),
        temp("uwsgi"),
        temp("scgi"),
        pid = dir.join("nginx.pid").display(),
        log = dir.join("error.log").display(),
    );
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, config).expect("nginx.conf");
    let child = Command::new("nginx")
        .arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start nginx");
    let _running = Running(child);
    wait_for(port);
    answers_as_serve_does(port);
}

#[test]
#[cfg_attr(
    not(boke_test_servers),
    ignore = "needs Caddy: set BOKE_REQUIRE_SERVERS=1 when building the tests"
)]
fn the_caddy_snippet_serves_markdown_on_request() {
    require("caddy");
    let (site, snippet) = built_site("boke.Caddyfile");
    let port = free_port();
    let caddyfile = format!(
        "{{\n\tadmin off\n\tauto_https off\n}}\n{}",
        snippet.replacen(
            "blog.example.com {",
            &format!("http://127.0.0.1:{port} {{"),
            1
        )
    );
    let path = site.path().join("Caddyfile");
    std::fs::write(&path, caddyfile).expect("Caddyfile");
    let child = Command::new("caddy")
        .args(["run", "--adapter", "caddyfile", "--config"])
        .arg(&path)
        .env("HOME", site.path())
        .env("XDG_DATA_HOME", site.path().join("caddy-data"))
        .env("XDG_CONFIG_HOME", site.path().join("caddy-config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start caddy");
    let _running = Running(child);
    wait_for(port);
    answers_as_serve_does(port);
}

/// The snippets written are the ones the build makes, and a host named in `[agents]
/// host_files` gets its own files in the output folder.
#[test]
fn host_files_go_into_the_output_only_when_asked_for() {
    let site = copy_site(&example_blog());
    let root: &Path = site.path();
    assert!(boke(root, &["build", "-q"]).status.success());
    for name in [
        "boke-nginx.conf",
        "boke.Caddyfile",
        "boke-netlify-edge-function.js",
        "boke-cloudflare-worker.js",
    ] {
        assert!(root.join("deploy").join(name).is_file(), "{name}");
    }
    assert!(!root.join("public/_headers").exists());
    assert!(!root.join("public/_worker.js").exists());
    let config = root.join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("boke.toml");
    std::fs::write(
        &config,
        format!("{text}\n[agents]\nhost_files = [\"netlify\", \"cloudflare\"]\n"),
    )
    .expect("write");
    assert!(boke(root, &["build", "-q"]).status.success());
    let headers = std::fs::read_to_string(root.join("public/_headers")).expect("_headers");
    assert!(headers.contains("/*\n  Vary: Accept\n"), "{headers}");
    let worker = std::fs::read_to_string(root.join("public/_worker.js")).expect("_worker.js");
    assert!(worker.contains("env.ASSETS.fetch"), "{worker}");
}
