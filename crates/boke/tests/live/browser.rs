//! The default theme in a real browser: builds the example blog, serves it on loopback and runs
//! `tests/browser/axe.mjs` (axe-core WCAG 2.1 AA audits in light and dark, phone and desktop,
//! and a Chinese query on the search page) and `tests/browser/components.mjs` (no request to
//! another host before a video poster is pressed, tabs by keyboard, axe on the components
//! post) in Chromium through playwright-core, and `tests/browser/theme.mjs` (the reading
//! layout measured: the phone's first screen reaches the text, no wide gaps inside lines at
//! 320–430 px, the sticky margin TOC, the related block's heading size); then builds it
//! again with `[social] endpoint` pointing at a `boke social serve` on loopback and runs
//! `tests/browser/social.mjs` with the service up, stopped, and hanging; and imports a
//! LeanCloud export of 1,000 comments and 200 counters with `boke social import`, then runs
//! `tests/browser/imported.mjs` to see each post's imported counts and threads on the pages.
//!
//! Listed by cargo as ignored unless `BOKE_CHROMIUM` or `BOKE_REQUIRE_BROWSER=1` (as in
//! `.ci/run`) is set when the tests are built; then a missing Chromium, Node or
//! `tests/browser/node_modules` fails the test, saying which.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[cfg(feature = "social")]
mod leancloud;
#[cfg(feature = "social")]
pub(crate) mod social;

/// How long the whole browser run may take before it is stopped.
const BROWSER_RUN_LIMIT: Duration = Duration::from_secs(600);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Why the browser test cannot run here, if it cannot.
fn missing_tools(browser_dir: &Path, chromium: &Path) -> Option<String> {
    if !chromium.is_file() {
        return Some(format!(
            "Chromium not found at {} (set BOKE_CHROMIUM)",
            chromium.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not on PATH".into());
    }
    for package in ["playwright-core", "axe-core"] {
        if !browser_dir.join("node_modules").join(package).is_dir() {
            return Some(format!(
                "{package} is not installed: run `npm install` in {}",
                browser_dir.display()
            ));
        }
    }
    None
}

/// Chromium and the Node packages; panics, saying what is missing, when they are not there.
fn browser_tools() -> (PathBuf, PathBuf) {
    let browser_dir = workspace_root().join("tests/browser");
    let chromium = PathBuf::from(
        std::env::var("BOKE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    );
    if let Some(reason) = missing_tools(&browser_dir, &chromium) {
        panic!("the browser test cannot run: {reason}");
    }
    (browser_dir, chromium)
}

/// Runs `node SCRIPT ARGS…` in the browser directory; panics unless it passes every check.
fn run_node(browser_dir: &Path, chromium: &Path, script: &str, args: &[&str]) {
    let mut child = Command::new("node")
        .arg(browser_dir.join(script))
        .args(args)
        .current_dir(browser_dir)
        .env("BOKE_CHROMIUM", chromium)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // Read both pipes on threads so a chatty run cannot fill a pipe and stall.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let stdout = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("node runs") {
            break status;
        }
        if started.elapsed() > BROWSER_RUN_LIMIT {
            let _ = child.kill();
            panic!("{script} took longer than {BROWSER_RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    println!("{script} {}\n{stdout}", args.first().unwrap_or(&""));
    assert!(
        status.success(),
        "{script} checks failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(" passed, 0 failed"),
        "{script} printed no summary:\n{stdout}\n{stderr}"
    );
}

#[test]
#[cfg_attr(
    not(boke_test_browser),
    ignore = "needs Chromium and Node: set BOKE_CHROMIUM=/usr/bin/chromium when building the tests"
)]
fn default_theme_passes_axe_and_search_in_chromium() {
    let (browser_dir, chromium) = browser_tools();
    let output = tempfile::tempdir().expect("temp dir");
    let site = output.path().join("public");
    boke::build(&boke::BuildOptions {
        root: workspace_root().join("examples/blog"),
        output: Some(site.clone()),
        ..Default::default()
    })
    .expect("the example blog builds");
    let base = serve(site);
    run_node(&browser_dir, &chromium, "axe.mjs", &[&base]);
    run_node(&browser_dir, &chromium, "components.mjs", &[&base]);
}

#[test]
#[cfg_attr(
    not(boke_test_browser),
    ignore = "needs Chromium and Node: set BOKE_CHROMIUM=/usr/bin/chromium when building the tests"
)]
fn default_theme_layout_reads_well_on_phones_and_wide_screens() {
    let (browser_dir, chromium) = browser_tools();
    let output = tempfile::tempdir().expect("temp dir");
    let site = output.path().join("public");
    boke::build(&boke::BuildOptions {
        root: workspace_root().join("examples/blog"),
        output: Some(site.clone()),
        ..Default::default()
    })
    .expect("the example blog builds");
    let base = serve(site);
    run_node(&browser_dir, &chromium, "theme.mjs", &[&base]);
}

/// Needs `boke social`, which builds without the `social` feature leave out.
#[cfg(feature = "social")]
#[test]
#[cfg_attr(
    not(boke_test_browser),
    ignore = "needs Chromium and Node: set BOKE_CHROMIUM=/usr/bin/chromium when building the tests"
)]
fn social_ui_works_and_survives_the_service_going_down() {
    let (browser_dir, chromium) = browser_tools();
    let SocialSite {
        temp,
        base,
        social_port,
        endpoint,
        ..
    } = SocialSite::build();
    let mail = social::MailSink::start();

    let data = temp.path().join("social-data");
    let password = "browser-test-password";
    let service = social::Service::start(&data, social_port, &base, &mail.url(), password, &[]);
    run_node(
        &browser_dir,
        &chromium,
        "social.mjs",
        &["up", &base, &endpoint, password],
    );
    let letters = mail.letters();
    assert!(
        letters
            .iter()
            .any(|letter| letter.contains("\nTo: reader@example.com")
                && social::letter_body(letter).contains("/api/subscribe/confirm?token=")),
        "no confirmation mail to the subscriber among {} letters:\n{}",
        letters.len(),
        letters.join("\n----\n")
    );
    assert!(
        letters
            .iter()
            .any(|letter| letter.contains("\nTo: signin@example.com")
                && social::letter_body(letter).contains("/api/auth/email/verify?page=")),
        "no sign-in link to the commenter among {} letters",
        letters.len()
    );

    drop(service);
    run_node(
        &browser_dir,
        &chromium,
        "social.mjs",
        &["down", &base, &endpoint],
    );

    // A listener that takes connections and never answers: the service hangs.
    let _hanging = TcpListener::bind(("127.0.0.1", social_port)).expect("rebind the service port");
    run_node(
        &browser_dir,
        &chromium,
        "social.mjs",
        &["slow", &base, &endpoint],
    );
}

/// The example blog built with `[social] endpoint` naming a free loopback port, served.
#[cfg(feature = "social")]
struct SocialSite {
    temp: tempfile::TempDir,
    public: PathBuf,
    /// Where the built site is served.
    base: String,
    /// Where the service is to listen: nothing does yet.
    social_port: u16,
    endpoint: String,
}

#[cfg(feature = "social")]
impl SocialSite {
    fn build() -> SocialSite {
        let temp = tempfile::tempdir().expect("temp dir");
        let public = temp.path().join("public");
        let base = serve(public.clone());
        let social_port = social::free_port();
        let endpoint = format!("http://127.0.0.1:{social_port}");
        let site = crate::common::copy_site(&workspace_root().join("examples/blog"));
        let config = site.path().join("boke.toml");
        let mut text = std::fs::read_to_string(&config).expect("boke.toml");
        text.push_str(&format!(
            "\n[social]\nendpoint = \"{endpoint}\"\nemoji = [\"emoji/boke/owo.json\"]\n"
        ));
        std::fs::write(&config, text).expect("write boke.toml");
        boke::build(&boke::BuildOptions {
            root: site.path().to_path_buf(),
            output: Some(public.clone()),
            ..Default::default()
        })
        .expect("the example blog builds with an endpoint");
        SocialSite {
            temp,
            public,
            base,
            social_port,
            endpoint,
        }
    }
}

/// The paths of the posts a build wrote (`/posts/<slug>/`), sorted.
#[cfg(feature = "social")]
fn post_paths(public: &Path) -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir(public.join("posts"))
        .expect("public/posts")
        .flatten()
        .filter(|entry| entry.path().join("index.html").is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name != "page")
        .map(|name| format!("/posts/{name}/"))
        .collect();
    paths.sort();
    paths
}

/// A Waline blog's LeanCloud export (1,000 comments in threads, some waiting or spam, and 200
/// page counters, under the old blog's URLs) goes through `boke social import` with a URL map;
/// then the example blog's list pages show each post's imported views and comment count, and
/// the seed post shows every approved comment, nested under its parent, and none of the others.
#[cfg(feature = "social")]
#[test]
#[cfg_attr(
    not(boke_test_browser),
    ignore = "needs Chromium and Node: set BOKE_CHROMIUM=/usr/bin/chromium when building the tests"
)]
fn a_leancloud_export_shows_on_the_example_blog_in_chromium() {
    let (browser_dir, chromium) = browser_tools();
    let SocialSite {
        temp,
        public,
        base,
        social_port,
        ..
    } = SocialSite::build();

    let export = temp.path().join("leancloud-export");
    std::fs::create_dir(&export).expect("export dir");
    let expected = leancloud::write_export(&export, &post_paths(&public));
    let data = temp.path().join("social-data");
    let import = Command::new(env!("CARGO_BIN_EXE_boke"))
        .args(["social", "import", "--format", "leancloud"])
        .arg("--data")
        .arg(&data)
        .arg("--map-file")
        .arg(export.join("url-map.txt"))
        .arg(&export)
        .output()
        .expect("run boke social import");
    let report = String::from_utf8_lossy(&import.stdout).into_owned()
        + &String::from_utf8_lossy(&import.stderr);
    assert!(import.status.success(), "the import failed:\n{report}");
    let approved: usize = expected.values().map(|post| post.total).sum();
    let held: usize = expected.values().map(|post| post.hidden.len()).sum();
    assert_eq!(approved + held, leancloud::COMMENTS);
    assert!(
        report.contains(&leancloud::COMMENTS.to_string())
            && report.contains(&leancloud::COUNTERS.to_string()),
        "the report does not count {} comments and {} counters:\n{report}",
        leancloud::COMMENTS,
        leancloud::COUNTERS
    );

    let mail = social::MailSink::start();
    let _service = social::Service::start(
        &data,
        social_port,
        &base,
        &mail.url(),
        "imported-comments",
        &[],
    );
    let expected_file = temp.path().join("expected.json");
    std::fs::write(
        &expected_file,
        serde_json::to_vec(&expected).expect("expected as JSON"),
    )
    .expect("write expected.json");
    run_node(
        &browser_dir,
        &chromium,
        "imported.mjs",
        &[&base, expected_file.to_str().expect("UTF-8 temp path")],
    );
}

/// Serves `dir` over HTTP on a free loopback port from a background thread; returns its base URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &dir);
            });
        }
    });
    format!("http://{address}")
}

/// Answers one GET request with a file of the site, its `index.html`, or `404.html`.
fn answer(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut file = dir.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == ".." {
            return respond(&mut stream, 403, "text/plain", b"forbidden");
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, 200, content_type(&file), &body),
        Err(_) => {
            let body = std::fs::read(dir.join("404.html")).unwrap_or_default();
            respond(&mut stream, 404, "text/html; charset=utf-8", &body)
        }
    }
}

fn respond(stream: &mut TcpStream, code: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        403 => "Forbidden",
        _ => "Not Found",
    };
    write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}
