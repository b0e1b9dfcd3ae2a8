//! Highlighting throughput per language: each sample in `samples/` as a post's block would be
//! (one sample, a few hundred bytes to 2 KB), and as one large file (the sample repeated to
//! about 64 KB, which is what a long listing costs per byte). `BOKE_BENCH_LANGS=rust,go` picks
//! languages.

use std::hint::black_box;
use std::path::Path;

use boke_markdown::{Options, render};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const LARGE: usize = 64 * 1024;

/// `(language, code)` of every sample: the file name's stem is the fence's language.
fn samples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/samples");
    let wanted: Option<Vec<String>> = std::env::var("BOKE_BENCH_LANGS")
        .ok()
        .map(|list| list.split(',').map(str::to_string).collect());
    let mut samples: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let language = name.split('.').next()?.to_string();
            let code = std::fs::read_to_string(entry.path()).ok()?;
            Some((language, code))
        })
        .filter(|(language, _)| wanted.as_ref().is_none_or(|w| w.contains(language)))
        .collect();
    samples.sort();
    samples
}

/// The code as one fenced block of a post, so the bench measures what a build pays.
fn fenced(language: &str, code: &str) -> String {
    format!("```{language}\n{code}```\n")
}

fn repeated(code: &str) -> String {
    let mut large = String::with_capacity(LARGE + code.len());
    while large.len() < LARGE {
        large.push_str(code);
        large.push('\n');
    }
    large
}

fn bench_highlight(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("highlight");
    group.sample_size(10);
    for (language, code) in samples() {
        for (size, code) in [("block", code.clone()), ("large", repeated(&code))] {
            let markdown = fenced(&language, &code);
            group.throughput(Throughput::Bytes(code.len() as u64));
            group.bench_function(format!("{language}/{size}"), |b| {
                b.iter(|| render(black_box(&markdown), &options))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_highlight);
criterion_main!(benches);
