//! `boke deploy` to a folder and to a git branch: incremental by the manifest, deletes capped,
//! the dry run's plan, a folder's compressed copies, `--verify` and its exit codes. (The S3
//! target runs against a real server in the live tests.)

use std::path::Path;
use std::process::Command;

use crate::common::{boke, copy_site, example_blog, files_under, verified, write};

/// A built copy of the example blog with `targets` appended to its boke.toml.
fn built_with(targets: &str) -> tempfile::TempDir {
    let site = copy_site(&example_blog());
    let config = site.path().join("boke.toml");
    let mut text = std::fs::read_to_string(&config).expect("boke.toml");
    text.push_str(targets);
    std::fs::write(&config, text).expect("write boke.toml");
    build(site.path());
    site
}

fn build(site: &Path) {
    let output = boke(site, &["build", "-q"]);
    assert!(output.status.success(), "{output:?}");
}

/// Runs `boke deploy ARGS`; its standard output, asserting it succeeded.
fn deploy(site: &Path, args: &[&str]) -> String {
    let mut all = vec!["deploy"];
    all.extend(args);
    let output = boke(site, &all);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

const FOLDER: &str = "\n[[deploy]]\nname = \"vps\"\nkind = \"folder\"\nurl = \"served\"\n";

/// Removes a post's source and rebuilds; the page of one of its aliases, which goes with it.
fn delete_a_post(site: &Path) -> &'static str {
    let post = site.join("content/posts/2026-05-06-chinese-search-index.md");
    std::fs::remove_file(&post).unwrap_or_else(|e| panic!("{}: {e}", post.display()));
    build(site);
    "2026/05/search-index/index.html"
}

#[test]
fn a_folder_target_gets_the_site_then_only_what_changed() {
    let site = built_with(FOLDER);
    let public = site.path().join("public");
    let served = site.path().join("served");
    let first = deploy(site.path(), &["vps"]);
    let files = files_under(&public);
    assert!(
        first.contains(&format!("{} uploads", files.len())),
        "{first}"
    );
    let mut deployed = files_under(&served);
    deployed.retain(|path| path != Path::new(".boke-manifest.json"));
    assert_eq!(deployed, files);
    for file in &files {
        assert_eq!(
            std::fs::read(public.join(file)).expect("built"),
            std::fs::read(served.join(file)).expect("deployed"),
            "{}",
            file.display()
        );
    }
    let again = deploy(site.path(), &[]);
    assert!(again.starts_with("up to date"), "{again}");

    // One edit: that post's page and the lists and feeds showing its text, not the rest.
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("about");
    std::fs::write(&about, format!("{text}\n多写一段。\n")).expect("edit");
    build(site.path());
    let plan = deploy(site.path(), &["--dry-run"]);
    assert!(plan.contains("~ about/index.html"), "{plan}");
    assert!(!plan.contains("assets/style.css"), "{plan}");
    assert!(plan.contains("0 deletes"), "{plan}");
    assert!(plan.contains("purge /about/\n"), "{plan}");
    let edited = deploy(site.path(), &[]);
    assert!(edited.contains(" changed"), "{edited}");
    assert_eq!(
        std::fs::read(served.join("about/index.html")).expect("deployed"),
        std::fs::read(public.join("about/index.html")).expect("built")
    );

    let page = delete_a_post(site.path());
    assert!(served.join(page).exists());
    assert!(
        served
            .join("posts/chinese-search-index/index.html")
            .exists()
    );
    deploy(site.path(), &[]);
    assert!(
        !served.join(page).exists(),
        "the deleted post's alias is gone"
    );
    assert!(
        !served.join("posts/chinese-search-index").exists(),
        "and its page"
    );
    assert!(
        !served.join("2026/05/search-index").exists(),
        "and its emptied folder"
    );
}

#[test]
fn more_deletes_than_the_cap_are_refused_without_force() {
    let site = built_with(FOLDER);
    deploy(site.path(), &[]);
    // Files the site never had, as a target shared with something else would hold.
    for n in 0..3 {
        write(
            &site.path().join("served"),
            &format!("stale/{n}.html"),
            "old",
        );
    }
    let manifest = site.path().join("served/.boke-manifest.json");
    std::fs::remove_file(&manifest).expect("manifest");
    let refused = boke(site.path(), &["deploy", "--max-deletes", "2"]);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("would delete 3 files"), "{error}");
    assert!(error.contains("--force"), "{error}");
    assert!(
        site.path().join("served/stale/0.html").exists(),
        "nothing deleted"
    );
    let plan = deploy(site.path(), &["--dry-run", "--max-deletes", "3"]);
    assert!(plan.contains("- stale/1.html"), "{plan}");
    deploy(site.path(), &["--max-deletes", "2", "--force"]);
    assert!(!site.path().join("served/stale").exists());
}

#[test]
fn unknown_targets_and_keys_are_errors_that_name_them() {
    let site = built_with(FOLDER);
    let output = boke(site.path(), &["deploy", "vpss"]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("did you mean `vps`?"), "{error}");

    let config = site.path().join("boke.toml");
    let text = std::fs::read_to_string(&config).expect("boke.toml");
    std::fs::write(
        &config,
        text.replace("url = \"served\"", "path = \"served\""),
    )
    .expect("write");
    let output = boke(site.path(), &["deploy"]);
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(error.contains("unknown field `path`"), "{error}");
    assert!(error.contains("boke.toml:"), "{error}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn a_git_target_gets_one_commit_per_deploy_pushed_to_its_branch() {
    let bare = tempfile::tempdir().expect("temp");
    git(bare.path(), &["init", "-q", "--bare"]);
    let site = built_with(&format!(
        "\n[[deploy]]\nname = \"pages\"\nkind = \"git\"\nurl = \"{}\"\nbranch = \"pages\"\n",
        bare.path().display()
    ));
    deploy(site.path(), &["pages"]);
    let tree = git(bare.path(), &["ls-tree", "-r", "--name-only", "pages"]);
    let mut committed: Vec<&str> = tree.lines().collect();
    committed.retain(|path| *path != ".boke-manifest.json");
    let built = files_under(&site.path().join("public"));
    let built: Vec<String> = built.iter().map(|p| p.display().to_string()).collect();
    let mut committed: Vec<String> = committed.iter().map(|p| p.to_string()).collect();
    committed.sort();
    assert_eq!(committed, built);
    let index = git(bare.path(), &["show", "pages:index.html"]);
    assert_eq!(
        index.as_bytes(),
        std::fs::read(site.path().join("public/index.html")).expect("built")
    );

    let again = deploy(site.path(), &[]);
    assert!(again.starts_with("up to date"), "{again}");
    assert_eq!(
        git(bare.path(), &["rev-list", "--count", "pages"]).trim(),
        "1"
    );

    let page = delete_a_post(site.path());
    deploy(site.path(), &[]);
    assert_eq!(
        git(bare.path(), &["rev-list", "--count", "pages"]).trim(),
        "2"
    );
    let tree = git(bare.path(), &["ls-tree", "-r", "--name-only", "pages"]);
    assert!(!tree.contains(page), "{tree}");
    let changed = git(bare.path(), &["diff", "--name-only", "pages~1", "pages"]);
    assert!(changed.contains(page), "{changed}");
    assert!(!changed.contains("assets/style.css"), "{changed}");
}

#[test]
fn an_orphan_git_target_keeps_one_commit_under_its_prefix() {
    let bare = tempfile::tempdir().expect("temp");
    git(bare.path(), &["init", "-q", "--bare"]);
    let site = built_with(&format!(
        "\n[[deploy]]\nname = \"pages\"\nkind = \"git\"\nurl = \"{}\"\norphan = true\nprefix = \"blog/\"\n",
        bare.path().display()
    ));
    deploy(site.path(), &[]);
    delete_a_post(site.path());
    deploy(site.path(), &[]);
    assert_eq!(
        git(bare.path(), &["rev-list", "--count", "gh-pages"]).trim(),
        "1"
    );
    let index = git(bare.path(), &["show", "gh-pages:blog/index.html"]);
    assert_eq!(
        index.as_bytes(),
        std::fs::read(site.path().join("public/index.html")).expect("built")
    );
}

/// A stand-in for Cloudflare's API: answers one request with success and hands over its
/// request line, its `Authorization` header and its body.
fn fake_cloudflare() -> (String, std::sync::mpsc::Receiver<(String, String, String)>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Some(Ok(mut stream)) = listener.incoming().next() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let (mut first, mut authorization, mut length) = (String::new(), String::new(), 0);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if first.is_empty() {
                first = line.trim_end().to_string();
            } else if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            } else if lower.starts_with("authorization:") {
                authorization = line["authorization:".len()..].trim().to_string();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let answer = r#"{"success":true,"errors":[]}"#;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
        let body = String::from_utf8_lossy(&body).into_owned();
        let _ = send.send((first, authorization, body));
    });
    (address, receive)
}

#[test]
fn a_deploy_purges_the_changed_urls_from_the_cdn_and_needs_its_token_first() {
    let (endpoint, calls) = fake_cloudflare();
    let site = built_with(&format!(
        "{FOLDER}[deploy.purge]\ncdn = \"cloudflare\"\nzone = \"z1\"\nendpoint = \"{endpoint}\"\n"
    ));
    let without = boke(site.path(), &["deploy"]);
    assert!(!without.status.success());
    let error = String::from_utf8_lossy(&without.stderr);
    assert!(error.contains("CLOUDFLARE_API_TOKEN"), "{error}");
    assert!(
        !site.path().join("served").exists(),
        "nothing uploaded without the token"
    );

    let with_token = |site: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_boke"))
            .arg("deploy")
            .current_dir(site)
            .env("CLOUDFLARE_API_TOKEN", "tok")
            .output()
            .expect("run boke");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    // A first deploy changes no URL a cache could hold.
    let first = with_token(site.path());
    assert!(!first.contains("purged"), "{first}");
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("about");
    std::fs::write(&about, format!("{text}\n多写一段。\n")).expect("edit");
    build(site.path());
    let edited = with_token(site.path());
    assert!(edited.contains("purged "), "{edited}");
    let (first_line, authorization, body) = calls.recv().expect("a purge call");
    assert_eq!(first_line, "POST /zones/z1/purge_cache HTTP/1.1");
    assert_eq!(authorization, "Bearer tok");
    let base = "https://blog.example.com";
    assert!(body.contains(&format!("\"{base}/about/\"")), "{body}");
    assert!(
        body.contains(&format!("\"{base}/about/index.html\"")),
        "{body}"
    );
    assert!(!body.contains("style.css"), "{body}");
}

/// A stand-in for Tencent Cloud's API refusing every call as it refuses a wrong signature:
/// 200, with an `Error` in the `Response`.
fn fake_tencent_refusing() -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let answer = r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"r"}}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    address
}

#[test]
fn a_signed_cdn_purge_needs_its_keys_first_and_a_refused_signature_fails_the_deploy() {
    let endpoint = fake_tencent_refusing();
    let site = built_with(&format!(
        "{FOLDER}[deploy.purge]\ncdn = \"tencent\"\nendpoint = \"{endpoint}\"\n"
    ));
    let run = |keys: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_boke"));
        command
            .arg("deploy")
            .current_dir(site.path())
            .env_remove("TENCENTCLOUD_SECRET_ID")
            .env_remove("TENCENTCLOUD_SECRET_KEY");
        for (name, value) in keys {
            command.env(name, value);
        }
        command.output().expect("run boke")
    };
    let without = run(&[("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE")]);
    assert!(!without.status.success());
    let error = String::from_utf8_lossy(&without.stderr);
    assert!(error.contains("no TENCENTCLOUD_SECRET_KEY"), "{error}");
    assert!(
        !site.path().join("served").exists(),
        "nothing uploaded without the keys"
    );

    let keys = [
        ("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE"),
        ("TENCENTCLOUD_SECRET_KEY", "wrong"),
    ];
    // The first deploy changes no URL a cache could hold, so it purges nothing.
    let first = run(&keys);
    assert!(first.status.success(), "{first:?}");
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("about");
    std::fs::write(&about, format!("{text}\n多写一段。\n")).expect("edit");
    build(site.path());
    let refused = run(&keys);
    assert!(!refused.status.success(), "{refused:?}");
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("Tencent Cloud CDN"), "{error}");
    assert!(error.contains("AuthFailure.SignatureFailure"), "{error}");
    assert!(error.contains("check TENCENTCLOUD_SECRET_KEY"), "{error}");
}

/// Runs `boke deploy --verify ARGS`: whether it found the target equal, and its output.
fn verify(site: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["deploy", "--verify"];
    all.extend(args);
    verified(boke(site, &all))
}

#[test]
fn verify_compares_a_folder_and_its_compressed_copies_and_exits_1_on_drift() {
    let site = built_with(&format!("{FOLDER}precompress = [\"gzip\", \"br\"]\n"));
    let served = site.path().join("served");
    let (equal, before) = verify(site.path(), &[]);
    assert!(!equal, "{before}");
    assert!(before.contains(" 0 extra, 0 changed, 0 equal"), "{before}");
    assert!(
        before.contains("hint: the target has no manifest"),
        "{before}"
    );
    assert!(!served.exists(), "verify writes nothing");

    deploy(site.path(), &[]);
    let page = std::fs::read(site.path().join("public/index.html")).expect("built");
    let copy = std::fs::read(served.join("index.html.gz")).expect("gzip copy");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(copy.as_slice()),
        &mut unzipped,
    )
    .expect("gunzip");
    assert_eq!(unzipped, page);
    assert!(served.join("index.html.br").exists());
    assert!(
        !served.join("robots.txt.gz").exists(),
        "too small to be worth it"
    );
    assert!(!served.join("images/build-times.png.gz").exists());
    let (equal, after) = verify(site.path(), &["vps"]);
    assert!(equal, "{after}");
    assert!(after.starts_with("verified "), "{after}");

    std::fs::remove_file(served.join("about/index.html")).expect("remove");
    std::fs::remove_file(served.join("atom.xml.br")).expect("remove");
    write(&served, "notes.txt", "not the site's");
    let (equal, drift) = verify(site.path(), &[]);
    assert!(!equal, "{drift}");
    assert!(
        drift.contains(": 2 missing, 1 extra, 0 changed, "),
        "{drift}"
    );
    assert!(drift.contains("\nmissing about/index.html\n"), "{drift}");
    assert!(drift.contains("\nmissing atom.xml.br\n"), "{drift}");
    assert!(drift.contains("\nextra notes.txt\n"), "{drift}");
    assert!(drift.contains("behind the deploy's back"), "{drift}");

    let both = boke(site.path(), &["deploy", "--verify", "--dry-run"]);
    assert!(!both.status.success());
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}

#[test]
fn verify_compares_a_git_branch_by_its_blobs() {
    let bare = tempfile::tempdir().expect("temp");
    git(bare.path(), &["init", "-q", "--bare"]);
    let site = built_with(&format!(
        "\n[[deploy]]\nname = \"pages\"\nkind = \"git\"\nurl = \"{}\"\n",
        bare.path().display()
    ));
    deploy(site.path(), &[]);
    let (equal, after) = verify(site.path(), &[]);
    assert!(equal, "{after}");
    // An edit built but not deployed: the page differs, and the manifest is this build's no more.
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("about");
    std::fs::write(&about, format!("{text}\n多写一段。\n")).expect("edit");
    build(site.path());
    let (equal, drift) = verify(site.path(), &[]);
    assert!(!equal, "{drift}");
    assert!(drift.contains("\nchanged about/index.html ("), "{drift}");
    assert!(
        drift.contains("hint: the site changed since the last deploy"),
        "{drift}"
    );
}
