//! Rendering speed on the seed post: a build renders 10,000 such posts, so per-call cost matters.

use std::hint::black_box;

use boke_markdown::{Options, render};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SEED: &str =
    include_str!("../../../examples/blog/content/posts/2026-01-05-2026-ai-trends.md");

const CODE_POST: &str = "## 代码示例\n\n说明文字，包含`inline`代码。\n\n```rust\nfn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * 2).collect();\n    println!(\"{v:?}\");\n}\n```\n\n```python\ndef f(x):\n    return [i for i in range(x)]\n```\n";

fn bench_render(c: &mut Criterion) {
    let mut options = Options::default();
    options.extract_title = true;
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function("seed_post", |b| {
        b.iter(|| render(black_box(SEED), &options))
    });
    group.throughput(Throughput::Bytes(CODE_POST.len() as u64));
    group.bench_function("highlighted_code", |b| {
        b.iter(|| render(black_box(CODE_POST), &options))
    });
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
