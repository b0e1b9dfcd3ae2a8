//! `boke deploy` to a real S3 server (`s3s-fs` on loopback, behind a recording proxy): the
//! first deploy uploads the example blog with its types and cache headers, an unchanged site
//! costs one request, an edit uploads only the files it changed, a deleted post's files go,
//! an interrupted deploy is finished by the next, and the deletion cap holds.
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
