//! What a Hexo theme's configuration holds that boke has a place for: the menu, the comment
//! service, friend links. Read from `_config.<theme>.yml`, the theme's own `_config.yml` and
//! `source/_data/*.yml` (NexT's, Butterfly's and Fluid's layouts of these).

use std::path::Path;

use serde_json::Value;

use crate::hexo::read_yaml_lenient;
use crate::model::Settings;
use crate::report::Report;
use crate::source::text_of;

/// Comment services `boke social import` reads, by the name themes use, and its format.
pub(crate) const COMMENT_SERVICES: &[(&str, Option<&str>)] = &[
    ("waline", Some("waline")),
    ("valine", Some("leancloud")),
    ("twikoo", Some("twikoo")),
    ("artalk", Some("artalk")),
    ("disqus", Some("disqus")),
    ("disqusjs", Some("disqus")),
    ("giscus", None),
    ("utterances", None),
    ("gitalk", None),
    ("livere", None),
];

pub(crate) fn read_theme(
    root: &Path,
    theme: &str,
    source_dir: &Path,
    settings: &mut Settings,
    report: &mut Report,
) {
    let mut configs = Vec::new();
    if !theme.is_empty() {
        for path in [
            root.join(format!("_config.{theme}.yml")),
            root.join("themes").join(theme).join("_config.yml"),
            source_dir.join("_data").join(format!("{theme}.yml")),
        ] {
            if let Some(map) = read_yaml_lenient(&path) {
                configs.push(Value::Object(map));
            }
        }
    }
    // Menus are read again in file order (the JSON values above keep keys sorted).
    let menu_files = [
        root.join(format!("_config.{theme}.yml")),
        root.join("themes").join(theme).join("_config.yml"),
        source_dir.join("_data").join(format!("{theme}.yml")),
    ];
    for path in menu_files.iter().filter(|_| !theme.is_empty()) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if let Ok(MenuFile { menu: Some(entry) }) =
            serde_saphyr::from_str::<MenuFile>(&text.replace('\t', "  "))
            && settings.menu.is_empty()
        {
            settings.menu = entry.links();
        }
    }
    if settings.menu.is_empty()
        && let Ok(text) = std::fs::read_to_string(source_dir.join("_data").join("menu.yml"))
        && let Ok(entry) = serde_saphyr::from_str::<MenuEntry>(&text)
    {
        settings.menu = entry.links();
    }
    for name in ["link.yml", "links.yml", "friends.yml", "flink.yml"] {
        let path = source_dir.join("_data").join(name);
        if let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(value) = serde_saphyr::from_str::<Value>(&text)
        {
            settings.extra.insert("friends".into(), value);
            report.decisions.push(format!("friend links from source/_data/{name} are kept in boke.toml as `extra.friends` for a template to show"));
            break;
        }
    }
    let mut found = Vec::new();
    for config in &configs {
        detect_comments(config, &mut found);
    }
    settings.comments = found;
    comment_advice(settings, report);
}

#[derive(serde::Deserialize)]
struct MenuFile {
    #[serde(default)]
    menu: Option<MenuEntry>,
}

/// A theme's menu in the order written: NexT `menu: {首页: / || fa fa-home}`; Butterfly nests
/// groups (`文章: {归档: /archives/ || icon}`).
enum MenuEntry {
    Link(String),
    Group(Vec<(String, MenuEntry)>),
    Other,
}

impl MenuEntry {
    fn links(&self) -> Vec<(String, String)> {
        let mut items = Vec::new();
        if let MenuEntry::Group(entries) = self {
            for (name, entry) in entries {
                match entry {
                    MenuEntry::Link(text) => {
                        let url = text.split("||").next().unwrap_or("").trim();
                        if !url.is_empty() {
                            items.push((name.trim().to_owned(), url.to_owned()));
                        }
                    }
                    group @ MenuEntry::Group(_) => items.extend(group.links()),
                    MenuEntry::Other => {}
                }
            }
        }
        items
    }
}

impl<'de> serde::Deserialize<'de> for MenuEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Entry;
        impl<'de> Visitor<'de> for Entry {
            type Value = MenuEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a menu")
            }
            fn visit_str<E>(self, text: &str) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Link(text.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MenuEntry, A::Error> {
                let mut entries = Vec::new();
                while let Some((name, entry)) = map.next_entry::<String, MenuEntry>()? {
                    entries.push((name, entry));
                }
                Ok(MenuEntry::Group(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MenuEntry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MenuEntry::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
            fn visit_unit<E>(self) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
            fn visit_none<E>(self) -> Result<MenuEntry, E> {
                Ok(MenuEntry::Other)
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

/// A service is in use when the theme names it as `comments.use` (Butterfly), `comment.type`
/// (Fluid), or has its section `enable: true` / with an app id (NexT and most others).
pub(crate) fn detect_comments(config: &Value, found: &mut Vec<String>) {
    let mut add = |name: &str| {
        let name = name.trim().to_lowercase();
        if COMMENT_SERVICES.iter().any(|(known, _)| *known == name) && !found.contains(&name) {
            found.push(name);
        }
    };
    for key in ["comments", "comment"] {
        if let Some(section) = config.get(key) {
            for pointer in ["use", "type", "active"] {
                match section.get(pointer) {
                    Some(Value::Array(list)) => {
                        list.iter().filter_map(text_of).for_each(|n| add(&n))
                    }
                    Some(other) => {
                        if let Some(name) = text_of(other) {
                            name.split(',').for_each(&mut add);
                        }
                    }
                    None => {}
                }
            }
        }
    }
    for (service, _) in COMMENT_SERVICES {
        let section = config.get(*service);
        let enabled = section.is_some_and(|s| {
            s.get("enable").and_then(Value::as_bool) == Some(true)
                || [
                    "appId",
                    "appid",
                    "serverURL",
                    "serverurl",
                    "envId",
                    "envid",
                    "server",
                    "shortname",
                    "repo",
                ]
                .iter()
                .any(|k| {
                    s.get(*k)
                        .and_then(text_of)
                        .is_some_and(|v| !v.trim().is_empty())
                })
        });
        if enabled {
            add(service);
        }
    }
}

/// The report's lines on moving the comments.
pub(crate) fn comment_advice(settings: &Settings, report: &mut Report) {
    for name in &settings.comments {
        let format = COMMENT_SERVICES
            .iter()
            .find(|(known, _)| known == name)
            .and_then(|(_, f)| *f);
        report.comments.push(match (name.as_str(), format) {
            ("valine", _) => "Valine keeps its comments in LeanCloud (which stops on 2027-01-12): export them from the LeanCloud console (数据导出) and run `boke social import --format leancloud leancloud-export/`; then set `[social] endpoint` in boke.toml to the running `boke social serve`".into(),
            ("waline", _) => "Waline: export from its admin page (导出) and run `boke social import --format waline waline-export.json` (on LeanCloud storage: `--format leancloud` on the console's export folder); then set `[social] endpoint`".into(),
            (name, Some(format)) => format!("{name}: export the comments and run `boke social import --format {format} FILE` (see boke-social's README, \"Moving from Valine, Waline, Twikoo or Artalk\"); then set `[social] endpoint`"),
            (name, None) => format!("{name} keeps comments in a service boke social cannot read (GitHub Discussions/Issues or a closed host); they stay there and are not imported"),
        });
    }
}
