//! Declares `boke_test_mounts`, set when `BOKE_TEST_MOUNTS=1`: the fault tests that mount a
//! small tmpfs (root only) run then, and are reported as ignored otherwise.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(boke_test_mounts)");
    println!("cargo::rerun-if-env-changed=BOKE_TEST_MOUNTS");
    if std::env::var("BOKE_TEST_MOUNTS").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=boke_test_mounts");
    }
}
