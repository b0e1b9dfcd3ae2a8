//! The folder map as a test: each top-level module imports only the floors below it, only the
//! commands import the incremental floor, and no two modules import each other, directly or
//! around a loop. Read from the source text (`crate::` paths outside test modules), so a new
//! import that breaks the map fails `cargo test` instead of waiting for a reviewer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules from the bottom floor up; a module may import only lower floors.
const FLOORS: &[&[&str]] = &[
    &["diagnostic", "timings"],
    &["load"],
    &["parse"],
    &["assemble"],
    &["render"],
    &["outputs"],
    &["emit"],
    &["links"],
    &["pipeline"],
    &["incremental"],
    &["build", "check", "serve", "scaffold", "deploy"],
    &["mcp"],
];

/// The only modules that may import `incremental`.
const INCREMENTAL_USERS: &[&str] = &["build", "check", "serve"];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

/// `render/plan.rs` → `["render", "plan"]`; `render/mod.rs` → `["render"]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    parts
}

/// The text of a file without its unit tests and comments: what the library itself imports.
fn library_text(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The module paths (first two segments) that `crate::…` paths in `text` name.
fn imports(text: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let first = identifier(rest);
        if first.is_empty() {
            continue;
        }
        let after = &rest[first.len()..];
        let Some(inner) = after.strip_prefix("::") else {
            found.insert(vec![first.to_owned()]);
            continue;
        };
        match inner.strip_prefix('{') {
            // `crate::render::{plan, summary::FieldSet}`: each item at the group's top level.
            Some(group) => {
                let mut depth = 0;
                let mut start = true;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => start = true,
                        c if start && !c.is_whitespace() => {
                            start = false;
                            let second = identifier(&group[i..]);
                            found.insert(vec![first.to_owned(), second.to_owned()]);
                        }
                        _ => {}
                    }
                }
            }
            None => {
                found.insert(vec![first.to_owned(), identifier(inner).to_owned()]);
            }
        }
    }
    found
}

/// Every library file under `src/`, by module path.
fn library_files() -> BTreeMap<Vec<String>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&src).expect("under src");
                // The binary's files, and this test, whose text names modules as examples.
                if ["main.rs", "report.rs", "layering.rs"]
                    .map(Path::new)
                    .contains(&relative)
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
                files.insert(module_path(relative), library_text(&text));
            }
        }
    }
    files
}

#[test]
fn every_module_imports_only_lower_floors() {
    let mut wrong = Vec::new();
    for (module, text) in library_files() {
        let Some(own) = module.first() else { continue };
        let own_floor = floor_of(own);
        assert!(own_floor.is_some(), "{own} is on no floor of FLOORS");
        for import in imports(&text) {
            let target = &import[0];
            if target == own {
                continue;
            }
            let allowed = floor_of(target) < own_floor
                && (target != "incremental" || INCREMENTAL_USERS.contains(&own.as_str()));
            if !allowed {
                wrong.push(format!(
                    "{} imports {}",
                    module.join("::"),
                    import.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the folder map:\n{wrong:#?}"
    );
}

#[test]
fn no_module_cycles_inside_folders() {
    // Edges between modules two levels deep (`render::plan` → `render::summary`); a module's
    // own ancestors and descendants do not count, they are one file tree.
    let files = library_files();
    let node = |path: &[String]| path.iter().take(2).cloned().collect::<Vec<_>>();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &files {
        let from = node(module);
        for import in imports(text) {
            let to = node(&import);
            if !from.starts_with(&to) && !to.starts_with(&from) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search; a node met again while still on the path closes a cycle.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            let names: Vec<String> = path[at..].iter().map(|n| n.join("::")).collect();
            cycles.push(names.join(" → "));
            return;
        }
        if !done.insert(node.clone()) {
            return;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        visit(start, &edges, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "module cycles:\n{cycles:#?}");
}

#[test]
fn imports_are_read_from_groups_and_paths() {
    let found =
        imports("use crate::render::{plan::{self, Job}, summary};\nx(crate::emit::hex(1));");
    let names: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(names, ["emit::hex", "render::plan", "render::summary"]);
}
