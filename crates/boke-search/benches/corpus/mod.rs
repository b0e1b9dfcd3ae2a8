//! Loads a `gen_corpus.py --engine plain` corpus as documents, shared by the bench and the
//! `index_corpus` example. Post text is the Markdown with front matter removed and its syntax
//! stripped roughly (link targets, emphasis, heading and list markers, table pipes, code
//! fences), close to what the site's HTML shows.

use std::path::{Path, PathBuf};

use boke_search::Document;

pub fn load(dir: &Path) -> Vec<Document<'static>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("content/posts"))
        .expect("corpus dir with content/posts")
        .map(|e| e.expect("dir entry").path())
        .collect();
    paths.sort();
    paths.iter().map(|path| post(path)).collect()
}

fn post(path: &Path) -> Document<'static> {
    let text = std::fs::read_to_string(path).expect("post");
    let (front, markdown) = text
        .trim_start_matches("---\n")
        .split_once("\n---\n")
        .unwrap_or(("", &text));
    let field = |name: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().trim_matches('"').to_owned())
    };
    let list = |name: &str| -> Vec<String> {
        field(name)
            .unwrap_or_default()
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut headings = Vec::new();
    let mut body = String::new();
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.starts_with("```") || line.starts_with("<!--") || line.starts_with("|--") {
            continue;
        }
        let trimmed = line.trim_start_matches('#');
        if trimmed.len() != line.len() {
            headings.push(trimmed.trim().to_owned());
        }
        let line = trimmed
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches("> ");
        body.push_str(&strip_inline(line));
        body.push('\n');
    }
    Document {
        url: format!("/posts/{stem}/").into(),
        title: field("title:").unwrap_or_default().into(),
        date: field("date:"),
        date_label: None,
        headings,
        strong: Vec::new(),
        body: body.into(),
        code: Default::default(),
        tags: list("tags:"),
        categories: list("categories:"),
    }
}

/// Drops link targets, emphasis markers and table pipes from one line.
fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let Some(end) = rest[i..].find(')') else {
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace('[', "")
        .replace('|', " ")
        .replace('`', "")
}

/// Writes index files under `dir`, replacing what was there.
pub fn write(dir: &Path, files: &[(String, Vec<u8>)]) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, bytes) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}
