//! Declares `boke_test_browser`, set when `BOKE_CHROMIUM` names a Chromium or
//! `BOKE_REQUIRE_BROWSER=1` (as in `.ci/run`): the tests that drive Chromium or Node run then,
//! and cargo lists them as ignored, with the reason, otherwise — never as passed.

fn main() {
    // `boke_test_servers`: `BOKE_REQUIRE_SERVERS=1` (as in `.ci/run`) runs the tests that start
    // nginx and Caddy on the hosts' snippets, which fail then when a server is missing.
    println!("cargo::rustc-check-cfg=cfg(boke_test_servers)");
    println!("cargo::rerun-if-env-changed=BOKE_REQUIRE_SERVERS");
    if std::env::var("BOKE_REQUIRE_SERVERS").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_servers");
    }
    // `boke_test_s3`: `BOKE_REQUIRE_S3=1` (as in `.ci/run`) runs the deploy tests against the
    // `s3s-fs` S3 server on loopback, which fail then when it is not installed.
    println!("cargo::rustc-check-cfg=cfg(boke_test_s3)");
    println!("cargo::rerun-if-env-changed=BOKE_REQUIRE_S3");
    if std::env::var("BOKE_REQUIRE_S3").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_s3");
    }
    println!("cargo::rustc-check-cfg=cfg(boke_test_browser)");
    println!("cargo::rerun-if-env-changed=BOKE_CHROMIUM");
    println!("cargo::rerun-if-env-changed=BOKE_REQUIRE_BROWSER");
    let chromium_given = std::env::var_os("BOKE_CHROMIUM").is_some_and(|path| !path.is_empty());
    if chromium_given || std::env::var("BOKE_REQUIRE_BROWSER").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_browser");
    }
}
