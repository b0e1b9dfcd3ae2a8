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
    for (key, value) in configs
        .iter()
        .flat_map(|c| c.as_object().into_iter().flatten())
    {
        if key == "menu" && settings.menu.is_empty() {
            settings.menu = menu(value);
        }
    }
    if let Some(Value::Object(map)) =
        read_yaml_lenient(&source_dir.join("_data").join("menu.yml")).map(Value::Object)
        && settings.menu.is_empty()
    {
        settings.menu = menu(&Value::Object(map));
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

/// NexT `menu: {首页: / || fa fa-home}`; Butterfly nests groups (`文章: {归档: /archives/ || icon}`).
fn menu(value: &Value) -> Vec<(String, String)> {
    let mut items = Vec::new();
    if let Value::Object(map) = value {
        for (name, target) in map {
            match target {
                Value::String(text) => {
                    let url = text.split("||").next().unwrap_or("").trim();
                    if !url.is_empty() {
                        items.push((name.trim().to_owned(), url.to_owned()));
                    }
                }
                Value::Object(_) => items.extend(menu(target)),
                _ => {}
            }
        }
    }
    items
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
