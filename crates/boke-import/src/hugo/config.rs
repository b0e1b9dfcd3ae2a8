//! Hugo's configuration: `hugo.*` or `config.*` at the root and the files of
//! `config/_default/`, merged as Hugo merges them.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{ImportError, read};
use crate::source::toml_to_json;

/// Merges `hugo.*`/`config.*` at the root and the files of `config/_default/`, keys
/// lowercased at the top as Hugo compares them.
pub(super) fn read_config(root: &Path) -> Result<Map<String, Value>, ImportError> {
    let mut merged = Map::new();
    let mut found = false;
    for name in ["hugo", "config"] {
        for ext in ["toml", "yaml", "yml", "json"] {
            let path = root.join(format!("{name}.{ext}"));
            if path.is_file() {
                found = true;
                merge(&mut merged, parse_file(&path)?, None);
            }
        }
    }
    let dir = root.join("config").join("_default");
    if dir.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(read(&dir))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_lowercase();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml" | "yaml" | "yml" | "json")
            ) {
                continue;
            }
            found = true;
            let value = parse_file(&path)?;
            let under = if matches!(stem.as_str(), "hugo" | "config") {
                None
            } else {
                Some(stem)
            };
            merge(&mut merged, value, under);
        }
    }
    if !found || !root.join("content").is_dir() {
        return Err(ImportError::NotASite {
            path: root.to_path_buf(),
            engine: "Hugo",
            hint: "no hugo.toml, config.toml or config/_default/ with a content/ folder beside it",
        });
    }
    Ok(merged)
}

fn merge(into: &mut Map<String, Value>, value: Map<String, Value>, under: Option<String>) {
    match under {
        Some(key) => {
            let entry = into.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(existing) = entry {
                existing.extend(value);
            }
        }
        None => {
            for (key, value) in value {
                into.insert(key.to_lowercase(), value);
            }
        }
    }
}

fn parse_file(path: &Path) -> Result<Map<String, Value>, ImportError> {
    let text = std::fs::read_to_string(path).map_err(read(path))?;
    let text = text.trim_start_matches('\u{feff}');
    let error = |message: String| ImportError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let value = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml_to_json(toml::Value::Table(
            toml::from_str::<toml::Table>(text).map_err(|e| error(e.message().to_owned()))?,
        )),
        Some("json") => serde_json::from_str(text).map_err(|e| error(e.to_string()))?,
        _ => serde_saphyr::from_str::<Value>(text).map_err(|e| error(e.to_string()))?,
    };
    Ok(value.as_object().cloned().unwrap_or_default())
}
