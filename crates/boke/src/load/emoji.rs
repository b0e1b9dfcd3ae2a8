//! The emoji packs of comments (`[social] emoji`): OwO-format JSON files under `static/`, the
//! format Twikoo, Artalk and Waline's presets use, read and checked with the config. Image
//! emoji must be files of the site, so a reader's browser asks no other host for them.

use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, line_column};

/// One pack, as the theme's comment form shows it: a tab of pictures or of text to insert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct EmojiPack {
    pub(crate) name: String,
    pub(crate) items: Vec<EmojiItem>,
}

/// What pressing one emoji does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum EmojiItem {
    /// Inserts `:code:`, which the theme shows as the picture at `src` (a site path).
    Image { code: String, src: String },
    /// Inserts the text itself: a Unicode emoji or a kaomoji such as `(｡･ω･｡)`.
    Text { text: String, label: String },
}

/// A pack as an OwO file holds it: `{"type": "image"|"emoticon"|"emoji", "container": [...]}`.
#[derive(Deserialize)]
struct RawPack {
    #[serde(rename = "type")]
    kind: String,
    container: Vec<RawItem>,
}

/// `icon` is the text to insert, or for pictures an `<img src="…">` tag; `text` names it.
#[derive(Deserialize)]
struct RawItem {
    icon: String,
    #[serde(default)]
    text: String,
}

/// The packs of an OwO file in the order the file gives them (a JSON object, whose order a
/// map would lose).
struct Packs(Vec<(String, RawPack)>);

impl<'de> Deserialize<'de> for Packs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Packs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of packs: {\"name\": {\"type\": …, \"container\": […]}}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Packs, A::Error> {
                let mut packs = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    packs.push(entry);
                }
                Ok(Packs(packs))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// The packs named by `files` (paths under the site's static directory), in that order;
/// `config_file` is named when two packs clash.
pub(crate) fn load(
    static_dir: &Path,
    config_file: &Path,
    files: &[String],
) -> Result<Vec<EmojiPack>, Diagnostic> {
    let mut packs = Vec::new();
    for file in files {
        let relative = file.trim_start_matches('/');
        let path = static_dir.join(relative);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            Diagnostic::error(
                &path,
                format!("cannot read the emoji pack `{file}`: {error}"),
            )
            .with_hint(
                "[social] emoji lists OwO JSON files under static/, such as \"emoji/owo.json\"",
            )
        })?;
        let folder = match relative.rsplit_once('/') {
            Some((folder, _)) => format!("/{folder}/"),
            None => "/".to_owned(),
        };
        packs.extend(parse(&text, &path, &folder, static_dir)?);
    }
    let mut codes = std::collections::HashSet::new();
    for item in packs.iter().flat_map(|pack| &pack.items) {
        if let EmojiItem::Image { code, .. } = item
            && !codes.insert(code.clone())
        {
            return Err(Diagnostic::error(
                config_file,
                format!("two emoji packs both name a picture `{code}`"),
            )
            .with_hint(
                "each picture's `text` is what a comment writes (`:text:`): keep them unique",
            ));
        }
    }
    Ok(packs)
}

/// Parses one OwO file; `folder` is its site path (relative pictures are found from there),
/// `static_dir` where the pictures must exist. `path` is only used in messages.
fn parse(
    text: &str,
    path: &Path,
    folder: &str,
    static_dir: &Path,
) -> Result<Vec<EmojiPack>, Diagnostic> {
    let Packs(raw) = serde_json::from_str(text).map_err(|error| {
        Diagnostic::error(path, error.to_string())
            .with_hint("an OwO file: {\"pack\": {\"type\": \"image\", \"container\": [{\"icon\": \"<img src='a.png'>\", \"text\": \"a\"}]}}")
            .at(text, error.line(), error.column())
    })?;
    let at = |value: &str, message: String, hint: &'static str| {
        let mut diagnostic = Diagnostic::error(path, message).with_hint(hint);
        if let Some(offset) = text.find(value).filter(|_| !value.is_empty()) {
            let (line, column) = line_column(text, offset);
            diagnostic = diagnostic.at(text, line, column);
        }
        diagnostic
    };
    let mut packs = Vec::new();
    for (name, pack) in raw {
        let mut items = Vec::new();
        for item in pack.container {
            if pack.kind != "image" {
                let label = if item.text.is_empty() {
                    item.icon.clone()
                } else {
                    item.text
                };
                items.push(EmojiItem::Text {
                    text: item.icon,
                    label,
                });
                continue;
            }
            let Some(src) = image_source(&item.icon) else {
                return Err(at(
                    &item.icon,
                    format!(
                        "the picture `{}` of pack `{name}` has no <img src=\"…\">",
                        item.text
                    ),
                    "an image pack's icon is an <img> tag, such as \"<img src='huaji.png'>\"",
                ));
            };
            if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
                return Err(at(
                    src,
                    format!(
                        "the picture `{}` of pack `{name}` is on another host: `{src}`",
                        item.text
                    ),
                    "save the pictures beside the pack under static/ and give their paths, so readers' browsers ask no other host",
                ));
            }
            let code = item.text.trim();
            if code.is_empty()
                || code.chars().count() > 40
                || code.contains(|c: char| c == ':' || c.is_whitespace())
            {
                return Err(at(
                    &item.icon,
                    format!(
                        "a picture of pack `{name}` needs a `text` of 1 to 40 characters without spaces or `:`"
                    ),
                    "the text is what a comment writes, as :text:",
                ));
            }
            let site_path = if src.starts_with('/') {
                src.to_owned()
            } else {
                format!("{folder}{}", src.trim_start_matches("./"))
            };
            if !static_dir.join(site_path.trim_start_matches('/')).is_file() {
                return Err(at(
                    src,
                    format!(
                        "the picture `{code}` of pack `{name}` is not in static/: `{site_path}`"
                    ),
                    "a relative src is found beside the pack's JSON file",
                ));
            }
            items.push(EmojiItem::Image {
                code: code.to_owned(),
                src: site_path,
            });
        }
        packs.push(EmojiPack { name, items });
    }
    Ok(packs)
}

/// The `src` of the first `<img>` in `icon`, quoted with `"` or `'`.
fn image_source(icon: &str) -> Option<&str> {
    let lower = icon.to_ascii_lowercase();
    let at = lower.find("<img")?;
    let attribute = lower[at..].find("src=")? + at + 4;
    let quote = icon[attribute..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let rest = &icon[attribute + 1..];
    let end = rest.find(quote)?;
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packs(json: &str, files: &[&str]) -> Result<Vec<EmojiPack>, String> {
        let site = tempfile::tempdir().expect("temp dir");
        let folder = site.path().join("static/emoji/huaji");
        std::fs::create_dir_all(&folder).expect("folder");
        for file in files {
            std::fs::write(folder.join(file), b"<svg/>").expect("picture");
        }
        std::fs::write(folder.join("owo.json"), json).expect("pack");
        load(
            &site.path().join("static"),
            &site.path().join("boke.toml"),
            &["emoji/huaji/owo.json".to_owned()],
        )
        .map_err(|d| d.to_string())
    }

    #[test]
    fn owo_packs_of_every_type_keep_their_order() {
        let read = packs(
            r#"{"滑稽": {"type": "image", "container": [
                    {"icon": "<img src='滑稽.svg'>", "text": "滑稽"},
                    {"icon": "<IMG class=\"x\" SRC=\"/emoji/huaji/喷.svg\">", "text": "tieba-喷"}]},
                "颜文字": {"type": "emoticon", "container": [{"icon": "(｡･ω･｡)", "text": "Author: DIYgod"}]},
                "Emoji": {"type": "emoji", "container": [{"icon": "😂", "text": ""}]}}"#,
            &["滑稽.svg", "喷.svg"],
        )
        .unwrap();
        let names: Vec<&str> = read.iter().map(|pack| pack.name.as_str()).collect();
        assert_eq!(names, ["滑稽", "颜文字", "Emoji"], "the file's order");
        assert_eq!(
            read[0].items,
            [
                EmojiItem::Image {
                    code: "滑稽".into(),
                    src: "/emoji/huaji/滑稽.svg".into()
                },
                EmojiItem::Image {
                    code: "tieba-喷".into(),
                    src: "/emoji/huaji/喷.svg".into()
                },
            ]
        );
        assert_eq!(
            read[1].items,
            [EmojiItem::Text {
                text: "(｡･ω･｡)".into(),
                label: "Author: DIYgod".into()
            }]
        );
        assert_eq!(
            read[2].items,
            [EmojiItem::Text {
                text: "😂".into(),
                label: "😂".into()
            }]
        );
    }

    #[test]
    fn pictures_elsewhere_or_missing_are_errors_that_say_where() {
        let remote = packs(
            "{\"贴吧\": {\"type\": \"image\", \"container\": [\n  {\"icon\": \"<img src='https://cdn.example.com/a.png'>\", \"text\": \"a\"}]}}",
            &[],
        )
        .unwrap_err();
        assert!(
            remote.contains("on another host") && remote.contains(":2:"),
            "{remote}"
        );
        let missing = packs(
            r#"{"p": {"type": "image", "container": [{"icon": "<img src='gone.png'>", "text": "gone"}]}}"#,
            &[],
        )
        .unwrap_err();
        assert!(
            missing.contains("not in static/") && missing.contains("/emoji/huaji/gone.png"),
            "{missing}"
        );
        let broken = packs("{\"p\": {\"type\": \"image\",\n \"container\": [}", &[]).unwrap_err();
        assert!(broken.contains(":2:"), "{broken}");
        let twice = packs(
            r#"{"a": {"type": "image", "container": [{"icon": "<img src='x.svg'>", "text": "x"}]},
                "b": {"type": "image", "container": [{"icon": "<img src='x.svg'>", "text": "x"}]}}"#,
            &["x.svg"],
        )
        .unwrap_err();
        assert!(twice.contains("both name a picture `x`"), "{twice}");
    }
}
