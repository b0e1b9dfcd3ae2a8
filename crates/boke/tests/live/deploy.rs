//! `boke deploy` to a real S3 server (`s3s-fs` on loopback, behind a recording proxy): the
//! first deploy uploads the example blog with its types and cache headers, an unchanged site
//! costs one request, an edit uploads only the files it changed, a deleted post's files go,
//! an interrupted deploy is finished by the next, and the deletion cap holds; text stored
//! gzipped (then Brotli) and alias pages carrying their redirect as metadata; `--verify`
//! listing the bucket page by page and telling what changed behind the deploy's back.
//!
//! Listed by cargo as ignored unless `BOKE_REQUIRE_S3=1` (as in `.ci/run`) is set when the
//! tests are built; then a missing `s3s-fs` fails the test, saying how to install it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_site, example_blog, files_under};
use crate::s3_server::{ACCESS_KEY, BUCKET, S3Server, SECRET_KEY};

const MANIFEST: &str = ".boke-manifest.json";

fn deploy_command(site: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_boke"));
    command
        .arg("deploy")
        .args(args)
        .current_dir(site)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_ENDPOINT");
    command
}

fn deploy(site: &Path, args: &[&str]) -> Output {
    deploy_command(site, args).output().expect("run boke")
}

fn deployed(site: &Path, args: &[&str]) -> String {
    let output = deploy(site, args);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

fn build(site: &Path) {
    let output = crate::common::boke(site, &["build", "-q"]);
    assert!(output.status.success(), "{output:?}");
}

/// A built copy of the example blog whose one deploy target is the server's bucket.
fn site_for(server: &S3Server, extra: &str) -> tempfile::TempDir {
    let site = copy_site(&example_blog());
    let config = site.path().join("boke.toml");
    let mut text = std::fs::read_to_string(&config).expect("boke.toml");
    text.push_str(&format!(
        "\n[[deploy]]\nname = \"s3\"\nkind = \"s3\"\nbucket = \"{BUCKET}\"\nendpoint = \"{}\"\nregion = \"us-east-1\"\n{extra}",
        server.endpoint
    ));
    std::fs::write(&config, text).expect("write boke.toml");
    build(site.path());
    site
}

/// Every built file's bytes, by site path.
fn snapshot(public: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(public)
        .into_iter()
        .map(|file| {
            let key = file.to_string_lossy().replace('\\', "/");
            (key, std::fs::read(public.join(&file)).expect("read"))
        })
        .collect()
}

/// The bucket holds exactly the built site and the manifest, byte for byte.
fn assert_bucket_is(server: &S3Server, public: &Path) {
    let built = snapshot(public);
    let mut expected: Vec<String> = built.keys().cloned().collect();
    expected.push(MANIFEST.into());
    expected.sort();
    assert_eq!(server.keys(), expected);
    for (key, bytes) in &built {
        assert!(server.get(key).0 == *bytes, "{key} differs in the bucket");
    }
}

fn puts(requests: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = requests
        .iter()
        .filter_map(|r| r.strip_prefix(&format!("PUT /{BUCKET}/")))
        .map(str::to_string)
        .collect();
    keys.sort();
    keys
}

#[test]
#[cfg_attr(
    not(boke_test_s3),
    ignore = "needs s3s-fs: set BOKE_REQUIRE_S3=1 when building the tests"
)]
fn deploys_to_s3_upload_only_what_changed_with_the_right_headers() {
    let server = S3Server::start();
    let site = site_for(&server, "");
    let public = site.path().join("public");

    let first = deployed(site.path(), &[]);
    assert!(first.contains("deployed to s3://blog/"), "{first}");
    assert_bucket_is(&server, &public);
    let requests = server.take_requests();
    let mut expected = snapshot(&public).into_keys().collect::<Vec<_>>();
    expected.push(MANIFEST.into());
    expected.sort();
    assert_eq!(puts(&requests), expected, "each file once");
    // Pages went after everything they load.
    let position = |key: &str| {
        requests
            .iter()
            .position(|r| r == &format!("PUT /{BUCKET}/{key}"))
            .unwrap_or_else(|| panic!("{key} uploaded"))
    };
    let last_asset = [
        "assets/style.css",
        "search/meta.json",
        "images/build-times.png",
    ]
    .map(position)
    .into_iter()
    .max();
    assert!(last_asset < Some(position("index.html")));
    assert_eq!(
        requests.last().map(String::as_str),
        Some("PUT /blog/.boke-manifest.json")
    );

    for (key, content_type, cache_control) in [
        (
            "index.html",
            "text/html; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "posts/大模型推理成本/index.html",
            "text/html; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "atom.xml",
            "application/xml; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "assets/style.css",
            "text/css; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "assets/theme.js",
            "text/javascript; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "images/build-times.960.4311a6d3.webp",
            "image/webp",
            "public, max-age=31536000, immutable",
        ),
        (
            "search/d/0.bin",
            "application/octet-stream",
            "public, max-age=300",
        ),
        (
            "favicon.svg",
            "image/svg+xml; charset=utf-8",
            "public, max-age=3600",
        ),
    ] {
        let (_, got_type, got_cache) = server.get(key);
        assert_eq!(
            (got_type.as_str(), got_cache.as_str()),
            (content_type, cache_control),
            "{key}"
        );
    }

    // Unchanged: the manifest read, nothing else.
    let again = deployed(site.path(), &[]);
    assert!(again.starts_with("up to date"), "{again}");
    assert_eq!(server.take_requests(), ["GET /blog/.boke-manifest.json"]);

    // One post edited: exactly the files whose bytes changed, then the manifest.
    let before = snapshot(&public);
    let post = site
        .path()
        .join("content/posts/2026-06-15-token-pricing.md");
    let text = std::fs::read_to_string(&post).expect("post");
    std::fs::write(&post, format!("{text}\n补充一句：价格还在降。\n")).expect("edit");
    build(site.path());
    let after = snapshot(&public);
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(key, bytes)| before.get(*key) != Some(bytes))
        .map(|(key, _)| key.clone())
        .collect();
    assert!(
        changed.contains(&"posts/token-pricing/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.len() < after.len() / 2,
        "an edit changes a few files: {changed:?}"
    );
    deployed(site.path(), &[]);
    changed.push(MANIFEST.into());
    changed.sort();
    assert_eq!(puts(&server.take_requests()), changed);
    assert_bucket_is(&server, &public);

    // A post deleted: its files are deleted from the bucket.
    let gone = site
        .path()
        .join("content/posts/2026-05-06-chinese-search-index.md");
    std::fs::remove_file(&gone).expect("remove post");
    build(site.path());
    assert!(
        server
            .keys()
            .contains(&"posts/chinese-search-index/index.html".to_string())
    );
    let refused = deploy(site.path(), &["--max-deletes", "1"]);
    assert!(!refused.status.success(), "{refused:?}");
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("more than the 1 allowed"), "{error}");
    assert!(
        server
            .keys()
            .contains(&"posts/chinese-search-index/index.html".to_string())
    );
    assert!(
        puts(&server.take_requests()).is_empty(),
        "a refused deploy uploads nothing"
    );
    deployed(site.path(), &[]);
    assert_bucket_is(&server, &public);
}

#[test]
#[cfg_attr(
    not(boke_test_s3),
    ignore = "needs s3s-fs: set BOKE_REQUIRE_S3=1 when building the tests"
)]
fn a_deploy_killed_half_way_is_finished_by_the_next() {
    let server = S3Server::start();
    let site = site_for(&server, "concurrency = 2\n");
    let public = site.path().join("public");
    // A file the site does not have, which the finished deploy must delete.
    server.put("stale/old.html", b"old");
    *server.delay.lock().expect("delay") = Duration::from_millis(40);
    let mut child = deploy_command(site.path(), &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn boke");
    let journal = site.path().join(".boke-cache/deploy/s3.journal");
    let started = Instant::now();
    while std::fs::read_to_string(&journal).map_or(0, |text| text.lines().count()) < 20 {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    *server.delay.lock().expect("delay") = Duration::ZERO;
    let half = server.keys();
    assert!(
        !half.contains(&MANIFEST.to_string()),
        "the manifest goes last"
    );
    assert!(
        !half.contains(&"index.html".to_string()),
        "pages go after assets"
    );
    assert!(
        half.contains(&"stale/old.html".to_string()),
        "deletes go last"
    );
    let uploaded_before = puts(&server.take_requests());

    let finished = deployed(site.path(), &[]);
    assert!(finished.contains("resumed: "), "{finished}");
    let again = puts(&server.take_requests());
    let repeated: Vec<&String> = again
        .iter()
        .filter(|key| uploaded_before.contains(key))
        .collect();
    // At most the uploads in flight when it was killed are repeated.
    assert!(repeated.len() <= 2, "uploaded again: {repeated:?}");
    assert_bucket_is(&server, &public);
    assert!(!journal.exists(), "a finished deploy leaves no journal");
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

#[test]
#[cfg_attr(
    not(boke_test_s3),
    ignore = "needs s3s-fs: set BOKE_REQUIRE_S3=1 when building the tests"
)]
fn text_is_stored_gzipped_and_aliases_redirect_by_metadata() {
    let server = S3Server::start();
    let site = site_for(
        &server,
        "precompress = \"gzip\"\nredirects = \"metadata\"\n",
    );
    let public = site.path().join("public");
    deployed(site.path(), &[]);
    server.take_requests();

    let built = snapshot(&public);
    let mut gzipped = Vec::new();
    for (key, bytes) in &built {
        let headers = server.head(key);
        let stored = server.get(key).0;
        match headers.get("content-encoding").map(String::as_str) {
            Some("gzip") => {
                assert_eq!(gunzip(&stored), *bytes, "{key} unzips to the built file");
                assert!(stored.len() * 10 <= bytes.len() * 9, "{key} is worth it");
                gzipped.push(key.as_str());
            }
            None => assert!(stored == *bytes, "{key} is stored as built"),
            Some(other) => panic!("{key}: Content-Encoding {other}"),
        }
    }
    for key in [
        "index.html",
        "posts/大模型推理成本/index.html",
        "atom.xml",
        "assets/style.css",
        "assets/theme.js",
        "sitemap.xml",
    ] {
        assert!(gzipped.contains(&key), "{key} is gzipped: {gzipped:?}");
    }
    for key in ["robots.txt", "images/build-times.png", "search/d/0.bin"] {
        assert!(!gzipped.contains(&key), "{key} is not");
    }
    let page = server.head("index.html");
    assert_eq!(page["content-type"], "text/html; charset=utf-8");
    assert_eq!(page["cache-control"], "public, max-age=300");

    // The alias pages: the page as the fallback, the redirect as the object's metadata.
    for (alias, to) in [
        (
            "2026/05/search-index/index.html",
            "/posts/chinese-search-index/",
        ),
        ("old/chinese-search.html", "/posts/chinese-search-index/"),
    ] {
        let headers = server.head(alias);
        assert_eq!(
            headers
                .get("x-amz-website-redirect-location")
                .map(String::as_str),
            Some(to),
            "{alias}: {headers:?}"
        );
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert!(
            server.get(alias).0 == built[alias],
            "{alias} keeps its page"
        );
    }
    assert!(
        !server
            .head("index.html")
            .contains_key("x-amz-website-redirect-location"),
        "a page is no redirect"
    );

    // Unchanged: the manifest read, nothing else.
    let again = deployed(site.path(), &[]);
    assert!(again.starts_with("up to date"), "{again}");
    assert_eq!(server.take_requests(), ["GET /blog/.boke-manifest.json"]);

    // Brotli instead: the files that were gzipped go again, and nothing else.
    let config = site.path().join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("boke.toml");
    std::fs::write(
        &config,
        text.replace("precompress = \"gzip\"", "precompress = \"br\""),
    )
    .expect("write boke.toml");
    deployed(site.path(), &[]);
    let uploaded = puts(&server.take_requests());
    for key in &gzipped {
        assert!(uploaded.contains(&key.to_string()), "{key} uploaded again");
        assert_eq!(
            server.head(key).get("content-encoding").map(String::as_str),
            Some("br"),
            "{key}"
        );
    }
    assert!(!uploaded.contains(&"images/build-times.png".to_string()));
    assert!(!uploaded.contains(&"robots.txt".to_string()));
}

fn verify(site: &Path) -> (bool, String) {
    crate::common::verified(deploy(site, &["--verify"]))
}

#[test]
#[cfg_attr(
    not(boke_test_s3),
    ignore = "needs s3s-fs: set BOKE_REQUIRE_S3=1 when building the tests"
)]
fn verify_lists_the_bucket_page_by_page_and_tells_what_drifted() {
    let server = S3Server::start();
    let site = site_for(&server, "precompress = \"gzip\"\n");
    let public = site.path().join("public");
    let files = snapshot(&public).len();

    let (equal, before) = verify(site.path());
    assert!(!equal, "{before}");
    assert!(
        before.contains(&format!("{files} missing, 0 extra")),
        "{before}"
    );
    assert!(server.keys().is_empty(), "verify uploads nothing");

    deployed(site.path(), &[]);
    server.take_requests();
    let (equal, after) = verify(site.path());
    assert!(equal, "{after}");
    assert_eq!(
        after,
        format!("verified s3://blog/: {files} files as built\n")
    );
    let requests = server.take_requests();
    assert!(
        requests
            .iter()
            .all(|r| r.starts_with("GET ") || r.starts_with("HEAD ")),
        "verify only reads: {requests:?}"
    );

    // Behind the deploy's back: a page deleted, a stylesheet replaced, robots.txt edited to
    // the same size, a file added.
    server.delete("about/index.html");
    server.put("assets/style.css", b"body{}");
    let robots = std::fs::read(public.join("robots.txt")).expect("robots.txt");
    let mut edited = robots.clone();
    edited[0] = if robots[0] == b'#' { b'x' } else { b'#' };
    server.put("robots.txt", edited);
    server.put("stale/extra.html", b"old");
    let (equal, drift) = verify(site.path());
    assert!(!equal, "{drift}");
    assert!(
        drift.starts_with(&format!(
            "differs: s3://blog/: 1 missing, 1 extra, 2 changed, {} equal\n",
            files - 3
        )),
        "{drift}"
    );
    assert!(drift.contains("\nmissing about/index.html\n"), "{drift}");
    assert!(drift.contains("\nextra stale/extra.html\n"), "{drift}");
    assert!(
        drift.contains("\nchanged assets/style.css (6 B there, "),
        "{drift}"
    );
    let same = robots.len();
    assert!(
        drift.contains(&format!(
            "\nchanged robots.txt ({same} B there, {same} B built)\n"
        )),
        "{drift}"
    );
    assert!(drift.contains("delete .boke-manifest.json"), "{drift}");

    // More keys than a page of ListObjectsV2 holds (1,000): every page is read.
    for n in 0..1000 {
        server.put(&format!("bulk/{n:04}.txt"), b"x");
    }
    server.take_requests();
    let (_, many) = verify(site.path());
    assert!(many.contains(" 1001 extra, "), "{many}");
    assert!(many.contains("\nextra … and 991 more\n"), "{many}");
    let lists = server
        .take_requests()
        .into_iter()
        .filter(|r| r.starts_with("GET /blog?") && r.contains("list-type=2"))
        .count();
    assert_eq!(lists, 2, "two pages of keys");
}
