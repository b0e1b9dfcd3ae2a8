//! Declares the cfgs that decide which environment-dependent tests run, so that a test which
//! cannot run here is reported by cargo as ignored, with its reason, and never passes as `ok`:
//! `boke_test_mounts` when `BOKE_TEST_MOUNTS=1` (the fault tests that mount a small tmpfs,
//! root only), `boke_test_postgres` when `BOKE_TEST_POSTGRES_URL` is set (or when
//! `BOKE_REQUIRE_POSTGRES=1`, so that a missing server fails instead of being ignored).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(boke_test_mounts)");
    println!("cargo::rustc-check-cfg=cfg(boke_test_postgres)");
    println!("cargo::rerun-if-env-changed=BOKE_TEST_MOUNTS");
    println!("cargo::rerun-if-env-changed=BOKE_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=BOKE_REQUIRE_POSTGRES");
    if std::env::var("BOKE_TEST_MOUNTS").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_mounts");
    }
    let postgres_given =
        std::env::var_os("BOKE_TEST_POSTGRES_URL").is_some_and(|url| !url.is_empty());
    if postgres_given || std::env::var("BOKE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_postgres");
    }
}
