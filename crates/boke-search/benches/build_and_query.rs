//! Index build and query time on the synthetic corpus of `shared/bench/gen_corpus.py`, plus the
//! figures criterion does not measure: index size, file count and bytes a first query reads.
//!
//!   BOKE_BENCH_POSTS=10000 cargo bench -p boke-search
//!   BOKE_BENCH_CORPUS=DIR  (an existing `--engine plain` corpus; default: generated in /dev/shm)

use std::path::PathBuf;
use std::time::Instant;

use boke_search::{Searcher, build_index};

mod corpus;
use corpus::{load, write};
use criterion::{Criterion, criterion_group, criterion_main};

fn corpus_dir(posts: usize) -> PathBuf {
    if let Some(dir) = std::env::var_os("BOKE_BENCH_CORPUS") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(format!("/dev/shm/boke-search-corpus-{posts}"));
    if !dir.join("content/posts").is_dir() {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/gen_corpus.py"
        );
        let status = std::process::Command::new("python3")
            .args([
                script,
                "--engine",
                "plain",
                "--posts",
                &posts.to_string(),
                "--out",
            ])
            .arg(&dir)
            .arg("--no-skeleton")
            .status()
            .expect("run gen_corpus.py");
        assert!(status.success(), "gen_corpus.py failed");
    }
    dir
}

fn bench(c: &mut Criterion) {
    let posts: usize = std::env::var("BOKE_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let docs = load(&corpus_dir(posts));
    let started = Instant::now();
    let files = build_index(&docs);
    let build = started.elapsed();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let index_dir = PathBuf::from(format!("/dev/shm/boke-search-index-{posts}"));
    write(&index_dir, &files);
    println!(
        "posts: {}; build (one run): {:.2?}; index: {} files, {:.1} MiB",
        docs.len(),
        build,
        files.len(),
        total as f64 / 1_048_576.0
    );
    for query in ["多模态 向量数据库", "大模型 推理成本", "多模态", "Rust"] {
        let searcher = Searcher::open(&index_dir).expect("open index");
        let results = searcher.search(query, 10).expect("search");
        let (n, bytes) = searcher.fetched();
        println!(
            "query {query:?}: {} matches; first query read {n} files, {:.1} KiB",
            results.total,
            bytes as f64 / 1024.0
        );
    }

    let mut group = c.benchmark_group(format!("search-{posts}"));
    group.sample_size(10);
    group.bench_function("build_index", |b| b.iter(|| build_index(&docs)));
    group.bench_function("query 多模态 向量数据库", |b| {
        b.iter(|| boke_search::search(&index_dir, "多模态 向量数据库", 10).expect("search"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
