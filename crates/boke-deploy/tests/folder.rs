//! A folder target with `precompress`: each text file's `.gz` and `.br` copies written beside
//! it, kept in step with it and with the setting, removed with it; and `verify` telling what
//! was changed in the folder behind the deploy's back.

use std::io::Read as _;
use std::path::Path;

use boke_deploy::{ManifestState, Options, TargetConfig, deploy, verify};

/// A built site of the kinds of files a blog has, written here: pages of Chinese prose, a
/// feed, a stylesheet and a script (each over 1 KiB), a small text file, an image, and an
/// SVG of noise that no compression shrinks.
fn site(root: &Path) {
    let prose = "<p>大模型的推理成本在一年里降了一个数量级，价格还在降。</p>\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "index.html",
            format!("<!doctype html><title>首页</title>{}", prose.repeat(40)).into(),
        ),
        ("posts/推理成本/index.html", prose.repeat(80).into()),
        ("posts/gone/index.html", prose.repeat(30).into()),
        (
            "atom.xml",
            format!("<feed>{}</feed>", "<entry>推理成本</entry>".repeat(90)).into(),
        ),
        (
            "assets/style.css",
            "body { margin: 0 auto; max-width: 40em; }\n"
                .repeat(50)
                .into(),
        ),
        ("robots.txt", b"User-agent: *\nAllow: /\n".to_vec()),
        ("images/photo.png", noise(3000, 7)),
        ("images/noise.svg", noise(3000, 11)),
    ];
    for (path, bytes) in files {
        let file = root.join("public").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
}

/// Bytes without a pattern, from a linear congruential generator.
fn noise(length: usize, seed: u32) -> Vec<u8> {
    let mut state = seed;
    (0..length)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8
        })
        .collect()
}

fn target(precompress: &str) -> TargetConfig {
    let text = format!(
        r#"{{"name": "vps", "kind": "folder", "url": "served", "precompress": {precompress}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

fn options(root: &Path) -> Options {
    Options::new(root.join("public"), root.to_path_buf(), root.join("cache"))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The text files over 1 KiB that compress, which get copies.
const COMPRESSED: [&str; 5] = [
    "index.html",
    "posts/推理成本/index.html",
    "posts/gone/index.html",
    "atom.xml",
    "assets/style.css",
];

#[test]
#[cfg_attr(
    not(feature = "brotli"),
    ignore = "needs the brotli feature (a default)"
)]
fn copies_are_written_beside_their_files_kept_in_step_and_removed_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let served = root.join("served");
    let both = target(r#"["gzip", "br"]"#);
    let first = deploy(&both, &options(root)).unwrap();
    assert_eq!(first.plan.uploads().count(), 8);
    for path in COMPRESSED {
        let built = std::fs::read(root.join("public").join(path)).unwrap();
        let gz = std::fs::read(served.join(format!("{path}.gz"))).unwrap();
        let br = std::fs::read(served.join(format!("{path}.br"))).unwrap();
        assert_eq!(gunzip(&gz), built, "{path}.gz");
        assert_eq!(unbrotli(&br), built, "{path}.br");
        assert!(br.len() < built.len() / 2, "{path}.br saves");
    }
    for path in ["robots.txt", "images/photo.png", "images/noise.svg"] {
        assert!(served.join(path).exists(), "{path}");
        for suffix in [".gz", ".br"] {
            assert!(
                !served.join(format!("{path}{suffix}")).exists(),
                "{path}{suffix}: too small, already compressed, or not worth it"
            );
        }
    }
    let manifest = std::fs::read_to_string(served.join(".boke-manifest.json")).unwrap();
    assert!(
        !manifest.contains(".gz\""),
        "copies are not files of the site"
    );

    // The same build again: nothing to do.
    let again = deploy(&both, &options(root)).unwrap();
    assert!(again.plan.is_empty(), "{}", again.plan.listing());

    // An edited page's copies follow it.
    let page = root.join("public/index.html");
    let edited = format!(
        "{}<p>补充一句。</p>\n",
        std::fs::read_to_string(&page).unwrap()
    );
    std::fs::write(&page, &edited).unwrap();
    let after_edit = deploy(&both, &options(root)).unwrap();
    assert_eq!(after_edit.plan.uploads().count(), 1);
    let gz = std::fs::read(served.join("index.html.gz")).unwrap();
    assert_eq!(gunzip(&gz), edited.as_bytes());

    // A deleted page goes with its copies and its emptied folder.
    std::fs::remove_dir_all(root.join("public/posts/gone")).unwrap();
    deploy(&both, &options(root)).unwrap();
    assert!(!served.join("posts/gone").exists());

    // gzip alone: the text files over 1 KiB are uploaded again (the SVG too, though it has
    // no copy) and lose their Brotli copies.
    let gzip = target(r#""gzip""#);
    let changed = deploy(&gzip, &options(root)).unwrap();
    let uploaded: Vec<&str> = changed.plan.uploads().map(|u| u.path.as_str()).collect();
    assert_eq!(
        uploaded,
        [
            "assets/style.css",
            "images/noise.svg",
            "atom.xml",
            "index.html",
            "posts/推理成本/index.html"
        ]
    );
    assert!(served.join("index.html.gz").exists());
    assert!(!served.join("index.html.br").exists());
    assert!(!served.join("assets/style.css.br").exists());
}

#[test]
fn verify_tells_missing_extra_and_changed_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let served = root.join("served");
    let gzip = target(r#""gzip""#);

    let before = verify(&gzip, &options(root)).unwrap();
    assert_eq!(before.missing.len(), 8 + COMPRESSED.len(), "{before:?}");
    assert_eq!(before.manifest, ManifestState::Missing);
    assert!(!served.exists(), "verify writes nothing");

    deploy(&gzip, &options(root)).unwrap();
    let equal = verify(&gzip, &options(root)).unwrap();
    assert!(equal.is_equal(), "{equal:?}");
    assert_eq!(equal.equal, 8 + COMPRESSED.len());
    assert_eq!(equal.manifest, ManifestState::Current);

    // Behind the deploy's back: a copy removed, a page edited in place (same size), a file
    // added.
    std::fs::remove_file(served.join("assets/style.css.gz")).unwrap();
    let page = served.join("posts/推理成本/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[3] = b'P';
    std::fs::write(&page, bytes).unwrap();
    std::fs::write(served.join("notes.txt"), "留着").unwrap();
    let drift = verify(&gzip, &options(root)).unwrap();
    assert_eq!(drift.missing, ["assets/style.css.gz"]);
    assert_eq!(drift.extra, ["notes.txt"]);
    let changed: Vec<&str> = drift.changed.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(changed, ["posts/推理成本/index.html"]);
    assert_eq!(drift.changed[0].held, drift.changed[0].expected);
    assert_eq!(drift.manifest, ManifestState::Current);
    assert!(!drift.is_equal());

    // The built site moves on: the manifest no longer describes it.
    std::fs::write(root.join("public/robots.txt"), "User-agent: *\n").unwrap();
    let stale = verify(&gzip, &options(root)).unwrap();
    assert_eq!(stale.manifest, ManifestState::Stale);
    let robots: Vec<&str> = stale.changed.iter().map(|c| c.path.as_str()).collect();
    assert!(robots.contains(&"robots.txt"), "{robots:?}");
}
