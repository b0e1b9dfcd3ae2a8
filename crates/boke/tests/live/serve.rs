//! `boke serve` end to end: the binary on a free port, edits seen over HTTP and the event
//! stream, broken edits shown and recovered from, and paths outside the site refused.
#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::write;

/// How long to wait for the server to see an edit. A bound on liveness, not a measurement.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    start_with(root, &[])
}

/// `boke serve` with more arguments after the usual ones.
fn start_with(root: &Path, more: &[&std::ffi::OsStr]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .args(more)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("serve exited").unwrap();
        if let Some(url) = line.strip_prefix("serving http://") {
            break url.trim_end_matches('/').to_owned();
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, address }
}

/// One raw HTTP/1.1 GET request; returns the status code, the head and the body.
fn request(server: &Server, target: &str, extra_headers: &str) -> (u16, String, Vec<u8>) {
    request_as(server, "GET", target, extra_headers)
}

/// [`request`] with another method.
fn request_as(
    server: &Server,
    method: &str,
    target: &str,
    extra_headers: &str,
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{extra_headers}\r\n",
        server.address
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, response[split + 4..].to_vec())
}

fn get(server: &Server, target: &str) -> (u16, String) {
    let (status, _, body) = request(server, target, "");
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Polls `probe` until it holds or the patience runs out.
fn eventually(what: &str, mut probe: impl FnMut() -> bool) {
    let started = Instant::now();
    while !probe() {
        assert!(started.elapsed() < PATIENCE, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Everything the event stream sends, collected on a thread.
fn listen(server: &Server) -> Arc<Mutex<String>> {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    write!(
        stream,
        "GET /__boke/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.address
    )
    .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
    seen
}

fn small_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "boke.toml", "title = \"小站\"\n");
    write(
        root,
        "content/posts/2026-01-01-first.md",
        "---\ntitle: 第一篇\n---\n\n第一版的内容。\n",
    );
    write(
        root,
        "content/posts/2026-01-02-second.md",
        "---\ntitle: 第二篇\n---\n\n另一篇。\n",
    );
    write(root, "static/extra.css", "body { color: red }\n");
    temp
}

#[test]
fn an_edit_shows_up_and_reloads_open_pages() {
    let site = small_site();
    let server = start(site.path());
    let (status, page) = get(&server, "/posts/first/");
    assert_eq!(status, 200);
    assert!(page.contains("第一版的内容"), "{page}");
    assert!(
        page.contains("/__boke/livereload.js"),
        "the reload script is injected"
    );
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(200));

    write(
        site.path(),
        "content/posts/2026-01-01-first.md",
        "---\ntitle: 第一篇\n---\n\n第二版的内容。\n",
    );
    eventually("the new text", || {
        get(&server, "/posts/first/").1.contains("第二版的内容")
    });
    eventually("a reload event", || {
        let seen = events.lock().unwrap();
        seen.contains("event: reload") && seen.contains("posts/first/index.html")
    });

    write(site.path(), "static/extra.css", "body { color: blue }\n");
    eventually("the new stylesheet", || {
        get(&server, "/extra.css").1.contains("blue")
    });
    eventually("a stylesheet event", || {
        events.lock().unwrap().contains("event: css")
    });
}

#[test]
fn a_broken_edit_shows_the_problem_over_the_last_good_page() {
    let site = small_site();
    let server = start(site.path());
    let post = "content/posts/2026-01-01-first.md";
    write(
        site.path(),
        post,
        "---\ntitle: 第一篇\ndate: 2026-13-45\n---\n\n坏掉的版本。\n",
    );
    eventually("the overlay", || {
        get(&server, "/posts/first/").1.contains("boke-overlay")
    });
    let (status, page) = get(&server, "/posts/first/");
    assert_eq!(status, 200);
    assert!(
        page.contains("第一版的内容"),
        "the last good page is still served"
    );
    assert!(!page.contains("坏掉的版本"));
    let document = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("#boke-overlay pre").unwrap();
    let message: String = document
        .select(&selector)
        .flat_map(|pre| pre.text())
        .collect();
    assert!(
        message.starts_with("error: content/posts/2026-01-01-first.md:3:1: front matter"),
        "the overlay shows the terminal's message: {message}"
    );

    write(
        site.path(),
        post,
        "---\ntitle: 第一篇\n---\n\n修好的版本。\n",
    );
    eventually("the fixed page", || {
        let page = get(&server, "/posts/first/").1;
        page.contains("修好的版本") && !page.contains("boke-overlay")
    });
}

#[test]
fn paths_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "TOP-SECRET\n");
    let site = small_site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/link.txt"),
    )
    .unwrap();
    let server = start(site.path());
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2E%2E%2F%2E%2E%2Fboke.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/../boke.toml",
        "/link.txt",
        "/static/link.txt",
        "/content/posts/2026-01-01-first.md",
    ] {
        let (status, body) = get(&server, target);
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("TOP-SECRET") && !body.contains("title = "),
            "{target} leaked: {body}"
        );
    }
}

#[test]
fn content_types_not_found_and_gzip() {
    let site = small_site();
    let server = start(site.path());
    let (status, head, _) = request(&server, "/extra.css", "");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    let (status, head, body) = request(&server, "/no/such/page/", "");
    assert_eq!(status, 404);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{head}"
    );
    assert!(
        String::from_utf8_lossy(&body).contains("<html"),
        "the site's 404 page"
    );
    let (status, head, _) = request(&server, "/posts/first/", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{head}"
    );
    let (status, head, _) = request(&server, "/posts/first", "");
    assert_eq!(status, 301);
    assert!(
        head.contains("location: /posts/first/") || head.contains("Location: /posts/first/"),
        "{head}"
    );
}

/// The values of the header `name` in a response head, lowercased.
fn header_values(head: &str, name: &str) -> Vec<String> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim().to_ascii_lowercase())
        .collect()
}

/// A post or page answers with its Markdown copy when the request prefers `text/markdown`, and
/// with its HTML otherwise (`*/*` and a browser's header included); both vary on `Accept`, the
/// HTML links the copy in its head and in a `Link` header, HEAD answers the same heads, and no
/// header gets a 406.
#[test]
fn pages_answer_markdown_when_it_is_asked_for() {
    let site = small_site();
    write(
        site.path(),
        "content/about.md",
        "---\ntitle: 关于\n---\n\n关于本站。\n",
    );
    let server = start(site.path());
    let markdown_type = "text/markdown; charset=utf-8";
    let html_type = "text/html; charset=utf-8";
    let browser = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n";
    for (accept, wanted) in [
        ("", html_type),
        ("Accept: */*\r\n", html_type),
        ("Accept: text/*\r\n", html_type),
        (browser, html_type),
        ("Accept: text/html, text/markdown;q=0.5\r\n", html_type),
        ("Accept: text/markdown\r\n", markdown_type),
        ("Accept: text/html;q=0.9, text/markdown\r\n", markdown_type),
        ("Accept: text/markdown, text/html\r\n", markdown_type),
    ] {
        let (status, head, body) = request(&server, "/posts/first/", accept);
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 200, "{accept}");
        assert_eq!(
            header_values(&head, "content-type"),
            [wanted],
            "{accept}: {head}"
        );
        assert!(
            header_values(&head, "vary")
                .iter()
                .any(|v| v.split(", ").any(|v| v == "accept")),
            "{accept}: {head}"
        );
        if wanted == markdown_type {
            assert_eq!(
                header_values(&head, "content-location"),
                ["/posts/first/index.md"],
                "{head}"
            );
            assert!(body.starts_with("---\ntitle: \"第一篇\"\n"), "{body}");
            assert!(body.contains("第一版的内容。"), "{body}");
        } else {
            assert_eq!(
                header_values(&head, "link"),
                ["</posts/first/index.md>; rel=\"alternate\"; type=\"text/markdown\""],
                "{head}"
            );
            assert!(
                body.contains(
                    "<link rel=\"alternate\" type=\"text/markdown\" href=\"/posts/first/index.md\">"
                ),
                "the head links the copy"
            );
        }
    }

    // A standalone page has its copy too; HEAD answers the same heads without a body.
    let (status, head, body) = request_as(&server, "HEAD", "/about/", "Accept: text/markdown\r\n");
    assert_eq!(status, 200);
    assert_eq!(
        header_values(&head, "content-type"),
        [markdown_type],
        "{head}"
    );
    assert_eq!(
        header_values(&head, "content-location"),
        ["/about/index.md"]
    );
    assert!(body.is_empty());
    let (_, _, body) = request(&server, "/about/", "Accept: text/markdown\r\n");
    assert!(String::from_utf8_lossy(&body).contains("关于本站。"));
    let (status, head, _) = request_as(&server, "HEAD", "/about/", "");
    assert_eq!(status, 200);
    assert_eq!(header_values(&head, "content-type"), [html_type], "{head}");
    assert_eq!(header_values(&head, "link").len(), 1, "{head}");

    // A list has no copy: HTML whatever is asked, never 406.
    for accept in ["Accept: text/markdown\r\n", "Accept: application/json\r\n"] {
        let (status, head, _) = request(&server, "/", accept);
        assert_eq!(status, 200, "{accept}");
        assert_eq!(header_values(&head, "content-type"), [html_type], "{head}");
        assert!(header_values(&head, "link").is_empty(), "{head}");
    }
    let (status, _, _) = request_as(
        &server,
        "POST",
        "/posts/first/",
        "Accept: text/markdown\r\n",
    );
    assert_eq!(status, 405, "only GET and HEAD");
}

/// A draft or a post dated later is not served, and asking for it says why and how to see it,
/// a new draft written while serving too.
#[test]
fn a_post_left_out_says_why_when_asked_for() {
    let site = small_site();
    write(
        site.path(),
        "content/posts/2099-01-01-later.md",
        "---\ntitle: 以后\n---\n\n将来的内容。\n",
    );
    let server = start(site.path());
    let (status, page) = get(&server, "/posts/later/");
    assert_eq!(status, 404);
    assert!(page.contains("boke serve --future"), "{page}");

    write(
        site.path(),
        "content/posts/2026-01-03-draft.md",
        "---\ntitle: 草稿\ndraft: true\n---\n\n还没写完。\n",
    );
    eventually("the draft is explained", || {
        let (status, page) = get(&server, "/posts/draft/");
        status == 404 && page.contains("boke serve --drafts")
    });
    let (status, page) = get(&server, "/posts/draft");
    assert_eq!(status, 404);
    assert!(page.contains("草稿"), "{page}");
    let (status, page) = get(&server, "/posts/no-such-post/");
    assert_eq!(status, 404);
    assert!(!page.contains("--drafts"), "{page}");
}

/// The first build of `serve` counts pages as `boke build` does and says which posts it left
/// out, on the example blog.
#[test]
fn serve_counts_pages_as_build_does() {
    let site = crate::common::copy_site(&crate::common::example_blog());
    let built = crate::common::boke(site.path(), &["build"]);
    let said = String::from_utf8_lossy(&built.stdout).into_owned();
    let pages = said
        .split(" pages,")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .unwrap_or_else(|| panic!("{said}"))
        .to_owned();
    let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let counted = loop {
        let line = lines.next().expect("serve exited").unwrap();
        seen.push(line.clone());
        if line.starts_with("built ") {
            break line;
        }
    };
    let left_out = lines.next().expect("serve exited").unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        counted.starts_with(&format!("built {pages} pages in ")),
        "{counted} / {said}"
    );
    assert!(
        left_out.starts_with("left out: 1 draft"),
        "{left_out} after {seen:?}"
    );
}

/// serve reports a broken link and a missing image in a post's text as `boke build` does: on
/// its first build, and again for an edited post that gains one.
#[test]
fn serve_reports_broken_links_on_the_first_build_and_after_an_edit() {
    let site = small_site();
    let root = site.path();
    write(
        root,
        "content/posts/2026-01-01-first.md",
        "---\ntitle: 第一篇\n---\n\n[坏](/posts/nope/) ![图](missing.png)\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&stderr);
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    std::thread::spawn(move || {
        while let Some(Ok(line)) = lines.next() {
            let mut said = sink.lock().unwrap();
            said.push_str(&line);
            said.push('\n');
        }
    });
    let said = || stderr.lock().unwrap().clone();
    eventually("the first build", || said().contains("built "));
    let first = said();
    assert!(
        first
            .contains("warning: content/posts/2026-01-01-first.md:5:5: broken link `/posts/nope/`"),
        "{first}"
    );
    assert!(
        first
            .contains("missing image `missing.png`: no page or file at `/posts/first/missing.png`"),
        "{first}"
    );
    write(
        root,
        "content/posts/2026-01-02-second.md",
        "---\ntitle: 第二篇\n---\n\n另一篇，[链到](/posts/gone/)。\n",
    );
    eventually("the edit's broken link", || {
        said().contains(
            "warning: content/posts/2026-01-02-second.md:5:10: broken link `/posts/gone/`",
        )
    });
    let _ = child.kill();
    let _ = child.wait();
}

/// serve with `--config FILE` reads that file and, when it is edited, the site again.
#[test]
fn serve_reads_the_config_given_and_follows_its_edits() {
    let site = small_site();
    let root = site.path();
    let other = root.join("boke.preview.toml");
    std::fs::write(&other, "title = \"预览站\"\n").unwrap();
    let server = start_with(root, &["--config".as_ref(), other.as_os_str()]);
    let (status, home) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(home.contains("预览站"), "{home}");
    std::fs::write(&other, "title = \"改过的预览站\"\n").unwrap();
    eventually("the edited config", || {
        get(&server, "/").1.contains("改过的预览站")
    });
}
