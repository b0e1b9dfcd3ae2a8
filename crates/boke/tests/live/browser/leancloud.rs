//! A LeanCloud export of a blog's comments as Waline leaves it (`Comment.0.jsonl` and
//! `Counter.0.jsonl`, one object per line), made for the example blog's posts under their old
//! Hexo-style URLs, and what the pages should show once it is imported: the browser check
//! compares the two, so the expectations come from the export itself, not from the service.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How many comments the export holds, and how many page counters.
pub const COMMENTS: usize = 1000;
pub const COUNTERS: usize = 200;

/// What one post should show after the import.
#[derive(Debug, Default, serde::Serialize)]
pub struct Expected {
    /// Approved comments, replies included (what the post's header counts).
    pub total: usize,
    /// Approved top-level comments.
    pub threads: usize,
    /// The imported page views.
    pub views: u64,
    /// `[reply nick, parent nick]` pairs: the reply must sit inside its parent's item.
    pub replies: Vec<[String; 2]>,
    /// Nicks of comments that must not be shown (waiting for a moderator, or spam).
    pub hidden: Vec<String>,
    /// Nicks of approved comments that write `:微笑:` (a picture of the example blog's emoji
    /// pack) and `` `:点赞:` `` (in code, so kept as text).
    pub emoji: Vec<String>,
}

/// The old URL a post had on the Hexo blog, e.g. `/2026/01/05/2026-ai-trends.html`.
fn old_url(index: usize, new_path: &str) -> String {
    let slug = new_path
        .trim_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("post");
    format!(
        "/2026/{:02}/{:02}/{slug}.html",
        index % 12 + 1,
        index % 28 + 1
    )
}

/// Writes the export and a `--map-file` into `dir` for the posts at `new_paths`; returns what
/// each post should show, keyed by its new path.
pub fn write_export(dir: &Path, new_paths: &[String]) -> BTreeMap<String, Expected> {
    assert!(!new_paths.is_empty(), "the example blog has posts");
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    let mut comments = String::new();
    let mut map = String::from("# old new\n");
    for (index, path) in new_paths.iter().enumerate() {
        writeln!(
            map,
            "https://old.example.com{} {path}",
            old_url(index, path)
        )
        .unwrap();
    }
    // Per post, the last approved comment of its latest thread and that thread's depth.
    let mut latest: Vec<Option<(String, usize)>> = vec![None; new_paths.len()];
    for n in 0..COMMENTS {
        let post = n % new_paths.len();
        let page = &new_paths[post];
        let entry = expected.entry(page.clone()).or_default();
        let nick = format!("读者{n:04}");
        let id = format!("6571{n:08x}");
        let minute = n as u64;
        // Every 25th comment waits for a moderator and every 40th is spam; nothing answers them.
        let status = if n % 40 == 39 {
            "spam"
        } else if n % 25 == 24 {
            "waiting"
        } else {
            "approved"
        };
        // An approved comment opens a thread every fourth time, else answers the latest one,
        // nesting up to three deep, then starting again under the thread's first comment.
        let parent = match (&latest[post], status, n / new_paths.len() % 4) {
            (Some((parent, depth)), "approved", 1..=3) => Some((parent.clone(), *depth)),
            _ => None,
        };
        let emoji = if n % 10 == 3 {
            " :微笑: `:点赞:`"
        } else {
            ""
        };
        let mut line = format!(
            r#"{{"objectId":"{id}","nick":"{nick}","mail":"r{n}@example.com","link":"","url":"{}","comment":"第 {n} 条评论：**多模态**那一节。{emoji}","ua":"Mozilla/5.0","ip":"192.0.2.{}","status":"{status}","insertedAt":{{"__type":"Date","iso":"2026-0{}-{:02}T{:02}:{:02}:00.000Z"}},"createdAt":"2026-01-01T00:00:00.000Z""#,
            old_url(post, page),
            n % 250 + 1,
            minute / 40_000 + 1,
            minute / 1440 % 28 + 1,
            minute / 60 % 24,
            minute % 60,
        );
        match &parent {
            Some((parent_id, _)) => {
                let root = root_of(&comments, parent_id);
                write!(line, r#","pid":"{parent_id}","rid":"{root}""#).unwrap();
            }
            None => line.push_str(r#","pid":"","rid":"""#),
        }
        line.push_str("}\n");
        comments.push_str(&line);
        if status != "approved" {
            entry.hidden.push(nick);
            continue;
        }
        entry.total += 1;
        if !emoji.is_empty() {
            entry.emoji.push(nick.clone());
        }
        match parent {
            Some((parent_id, depth)) => {
                let parent_nick = nick_of(&comments, &parent_id);
                entry.replies.push([nick.clone(), parent_nick]);
                latest[post] = Some(if depth < 3 {
                    (id, depth + 1)
                } else {
                    (root_of(&comments, &parent_id), 1)
                });
            }
            None => {
                entry.threads += 1;
                latest[post] = Some((id, 1));
            }
        }
    }
    let mut counters = String::new();
    for k in 0..COUNTERS {
        let (url, views) = match new_paths.get(k) {
            Some(path) => {
                let views = 1000 + 37 * k as u64;
                expected.entry(path.clone()).or_default().views = views;
                (old_url(k, path), views)
            }
            // Pages of the old blog that the new one does not have: counted, never shown.
            None => (format!("/archives/{k}/"), k as u64),
        };
        writeln!(
            counters,
            r#"{{"objectId":"c{k:05}","url":"{url}","time":{views},"createdAt":"2025-06-01T00:00:00.000Z"}}"#
        )
        .unwrap();
    }
    std::fs::write(dir.join("Comment.0.jsonl"), comments).expect("write Comment.0.jsonl");
    std::fs::write(dir.join("Counter.0.jsonl"), counters).expect("write Counter.0.jsonl");
    std::fs::write(dir.join("url-map.txt"), map).expect("write url-map.txt");
    expected
}

/// The line of the export that holds `id`.
fn record<'a>(export: &'a str, id: &str) -> &'a str {
    let needle = format!(r#""objectId":"{id}""#);
    export
        .lines()
        .find(|line| line.contains(&needle))
        .unwrap_or_else(|| panic!("{id} is in the export"))
}

fn field<'a>(line: &'a str, name: &str) -> &'a str {
    let start = format!(r#""{name}":""#);
    let at = line.find(&start).map(|at| at + start.len()).unwrap_or(0);
    let rest = &line[at..];
    &rest[..rest.find('"').unwrap_or(0)]
}

fn nick_of(export: &str, id: &str) -> String {
    field(record(export, id), "nick").to_owned()
}

/// The thread's first comment: the `rid` of a reply, or the comment itself.
fn root_of(export: &str, id: &str) -> String {
    match field(record(export, id), "rid") {
        "" => id.to_owned(),
        root => root.to_owned(),
    }
}
