//! The new site's boke.toml, from the settings of the old site boke has a place for.

use crate::front;
use crate::model::{Engine, OldSite};

pub(super) fn boke_toml(site: &OldSite, engine: Engine, pattern: &str) -> String {
    let s = &site.settings;
    let mut table = toml::Table::new();
    let mut put = |key: &str, value: &str| {
        if !value.is_empty() {
            table.insert(key.into(), value.into());
        }
    };
    put("title", &s.title);
    put("description", &s.description);
    put("base_url", &s.base_url);
    put("language", &s.language);
    put("author", &s.author);
    put("timezone", &s.timezone);
    put("permalink", pattern);
    if let Some(folder) = s.pagination_path.as_deref().filter(|f| *f != "page") {
        put("pagination_path", folder);
    }
    if let Some(per_page) = s.posts_per_page.and_then(|n| i64::try_from(n).ok()) {
        table.insert("posts_per_page".into(), per_page.into());
    }
    let mut feed = toml::Table::new();
    let paths =
        |paths: &[String]| toml::Value::Array(paths.iter().map(|p| p.clone().into()).collect());
    if !s.rss_also_at.is_empty() {
        feed.insert("rss_also_at".into(), paths(&s.rss_also_at));
    }
    if !s.atom_also_at.is_empty() {
        feed.insert("atom_also_at".into(), paths(&s.atom_also_at));
    }
    if let Some(file) = &s.term_rss_file {
        feed.insert("term_rss_file".into(), file.clone().into());
    }
    if !feed.is_empty() {
        table.insert("feed".into(), toml::Value::Table(feed));
    }
    let mut markdown = toml::Table::new();
    markdown.insert("hard_breaks".into(), s.hard_breaks.into());
    markdown.insert("raw_html".into(), s.raw_html.into());
    if let Some(engine) = s.anchor_aliases {
        markdown.insert("anchor_aliases".into(), engine.into());
    }
    table.insert("markdown".into(), toml::Value::Table(markdown));
    if !s.menu.is_empty() {
        let items = s.menu.iter().map(|(name, url)| {
            let mut item = toml::Table::new();
            item.insert("name".into(), name.clone().into());
            item.insert("url".into(), url.clone().into());
            toml::Value::Table(item)
        });
        table.insert("menu".into(), toml::Value::Array(items.collect()));
    }
    if !s.extra.is_empty()
        && let Some(extra) = front::json_to_toml(serde_json::Value::Object(s.extra.clone()))
    {
        table.insert("extra".into(), extra);
    }
    let header = format!(
        "# Imported from {} by `boke import`; see import-report.md.\n",
        engine.name()
    );
    format!("{header}{}", toml::to_string(&table).unwrap_or_default())
}
