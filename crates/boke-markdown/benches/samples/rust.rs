//! 文章索引：异步加载与缓存
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct Post<'a> {
    pub title: &'a str,
    pub words: usize,
    tags: Vec<String>,
}

pub async fn load(path: &str) -> Result<String, std::io::Error> {
    let text = tokio::fs::read_to_string(path).await?;
    Ok(text)
}

fn parse_count(line: &str) -> Option<u32> {
    let Some((_, value)) = line.split_once('=') else {
        return None;
    };
    value.trim().parse::<u32>().ok()
}

impl<'a> Post<'a> {
    const MAX: usize = 1_000;

    pub fn new(title: &'a str) -> Self {
        Self { title, words: 0, tags: vec![] }
    }
}

async fn run(cache: Arc<HashMap<String, u64>>) -> anyhow::Result<()> {
    let handle = tokio::spawn(async move {
        for (key, hits) in cache.iter() {
            println!("{key}: {hits:>8} 次 {}", 0x1f_u8 as char);
        }
    });
    handle.await?;
    match parse_count("n = 42") {
        Some(n) if n > 10 => eprintln!("big {n}"),
        Some(_) | None => {}
    }
    let r#type = b"bytes\n"; // 'a lifetime, raw ident
    let _ = (r#type, 3.14f64, 'x', r"raw \d+");
    Ok(())
}
