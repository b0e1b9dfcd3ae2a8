//! Indexes a `gen_corpus.py --engine plain` corpus and prints the figures the benchmark README
//! reports: build time, file count and size, and per query the bytes a first visit fetches, the
//! query time, and recall and precision against an exact-substring ground truth.
//!
//!   cargo run --release -p boke-search --example index_corpus -- CORPUS_DIR [INDEX_OUT] [RUNS]
//!
//! Posts are read by `benches/corpus`. `BOKE_TEXT_OUT=DIR` also writes that text, one `<n>.txt` per
//! post (title on the first line), for the Pagefind side of the comparison.

use std::path::{Path, PathBuf};
use std::time::Instant;

use boke_search::{Document, Searcher, build_index};

#[path = "../benches/corpus/mod.rs"]
mod corpus;
use corpus::{load, write};

const QUERIES: &[&str] = &["多模态", "多模态 向量数据库", "大模型 推理成本", "Rust"];

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(corpus) = args.next().map(PathBuf::from) else {
        eprintln!("usage: index_corpus CORPUS_DIR [INDEX_OUT] [RUNS]");
        std::process::exit(2);
    };
    let out = args.next().map_or_else(
        || PathBuf::from("/dev/shm/boke-search-index"),
        PathBuf::from,
    );
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let docs = load(&corpus);
    if let Some(dir) = std::env::var_os("BOKE_TEXT_OUT") {
        write_texts(Path::new(&dir), &docs);
    }

    let mut times = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs.max(1) {
        let cpu = cpu_seconds();
        let started = Instant::now();
        files = build_index(&docs);
        times.push((started.elapsed().as_secs_f64(), cpu_seconds() - cpu));
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (wall, cpu) = times[times.len() / 2];
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    write(&out, &files);
    println!(
        "{{\"posts\":{},\"build_wall_s\":{wall:.3},\"build_cpu_s\":{cpu:.3},\"files\":{},\"bytes\":{total}}}",
        docs.len(),
        files.len()
    );
    for query in QUERIES {
        let searcher = Searcher::open(&out).expect("open index");
        let started = Instant::now();
        let results = searcher.search(query, 10).expect("search");
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let (n, bytes) = searcher.fetched();
        // Recall and precision over the whole result set, from a second (uncounted) search.
        let all = Searcher::open(&out)
            .expect("open index")
            .search(query, usize::MAX)
            .expect("search");
        let truth: std::collections::BTreeSet<&str> = docs
            .iter()
            .filter(|d| contains_all(d, query))
            .map(|d| d.url.as_ref())
            .collect();
        let correct = all
            .hits
            .iter()
            .filter(|h| truth.contains(h.url.as_str()))
            .count();
        let truth = truth.len();
        println!(
            "{{\"query\":{query:?},\"total\":{},\"truth\":{truth},\"correct\":{correct},\"hits\":{},\"files\":{n},\"bytes\":{bytes},\"ms\":{ms:.2}}}",
            results.total,
            results.hits.len()
        );
    }
}

/// Whether every whitespace-separated word of the query is a substring of one field (case
/// folded), the rule a reader expects from a search box. Latin words are matched as whole
/// words by the engine, so a Latin query's truth is whole-word matching too.
fn contains_all(doc: &Document, query: &str) -> bool {
    let fields: Vec<String> = [&doc.title, &doc.body, &doc.code]
        .into_iter()
        .map(|f| f.to_lowercase())
        .chain(
            doc.tags
                .iter()
                .chain(&doc.categories)
                .map(|f| f.to_lowercase()),
        )
        .collect();
    query.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        let latin = word.chars().all(|c| c.is_ascii_alphanumeric());
        fields.iter().any(|f| {
            if !latin {
                return f.contains(&word);
            }
            f.match_indices(&word).any(|(i, m)| {
                let before = f[..i].chars().next_back();
                let after = f[i + m.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
                    && !after.is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
            })
        })
    })
}

fn cpu_seconds() -> f64 {
    // utime + stime of this process, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / 100.0
}

fn write_texts(dir: &Path, docs: &[Document]) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for (i, d) in docs.iter().enumerate() {
        let text = format!(
            "{}\n{}\n{}\n{}\n{}",
            d.title,
            d.url,
            d.date.as_deref().unwrap_or(""),
            d.tags.join(", "),
            d.body
        );
        std::fs::write(dir.join(format!("{i}.txt")), text).expect("write text");
    }
}
