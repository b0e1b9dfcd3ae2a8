//! New sites and new posts: `boke init` and `boke new`.

pub(crate) mod example;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::config::{CONFIG_FILE, Config};
use crate::parse::slug::slugify;

/// Why a new site or post was not made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `boke init` in a folder that has a `boke.toml`.
    #[error("{} already exists: this folder is a boke site already", .0.display())]
    SiteExists(PathBuf),
    /// `boke new` for a title that already has a post today.
    #[error("{} already exists", .0.display())]
    PostExists(PathBuf),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The site's `boke.toml` does not load.
    #[error("{0}")]
    Config(Diagnostic),
}

/// Makes the folder `dir` and those above it.
pub(crate) fn create_dir(dir: &Path) -> Result<(), ScaffoldError> {
    std::fs::create_dir_all(dir).map_err(|source| ScaffoldError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `text` to `path`.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    std::fs::write(path, text).map_err(|source| ScaffoldError::Write {
        path: path.to_path_buf(),
        source,
    })
}

const SAMPLE_CONFIG: &str = r#"title = "我的博客"
description = "记录与分享"
base_url = "https://example.com/"
language = "zh-CN"
author = ""
timezone = "Asia/Shanghai"
# 文章链接：可用 :year :month :day :slug :category
permalink = "/posts/:slug/"
# 中文文件名的链接风格：unicode（保留中文）、pinyin（拼音）、hash（短哈希）
slug_style = "unicode"
posts_per_page = 10

[reading]
cjk_chars_per_minute = 400
latin_words_per_minute = 200

[markdown]
pangu_spacing = false
highlight = true
"#;

/// Creates a new site in `dir`: `boke.toml`, `content/posts/` with one post, `static/`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let config_path = dir.join(CONFIG_FILE);
    if config_path.exists() {
        return Err(ScaffoldError::SiteExists(config_path));
    }
    let posts = dir.join("content/posts");
    create_dir(&posts)?;
    create_dir(&dir.join("static"))?;
    write(&config_path, SAMPLE_CONFIG)?;
    let today = jiff::ZonedDateTime::now().date();
    let post = posts.join(format!("{today}-hello.md"));
    write(
        &post,
        &format!(
            "---\ntitle: 你好，世界\ndate: {today}\ntags: [随笔]\n---\n\n这是用 boke 写的第一篇文章。\n段落里的换行不会在中文之间留下空格。\n\n<!-- more -->\n\n## 开始写作\n\n运行 `boke new \"标题\"` 新建文章，`boke build` 生成网站。\n"
        ),
    )?;
    Ok(vec![config_path, post])
}

/// Creates a post file for `title` under `content/<section>/`, named by the config's slug style.
pub fn new_post(root: &Path, title: &str, section: &str) -> Result<PathBuf, ScaffoldError> {
    let config = Config::load(root).map_err(ScaffoldError::Config)?;
    let now = jiff::ZonedDateTime::now().with_time_zone(config.time_zone());
    let slug = slugify(title, config.slug_style);
    let dir = root.join(&config.content_dir).join(section);
    create_dir(&dir)?;
    let path = dir.join(format!("{}-{slug}.md", now.date()));
    if path.exists() {
        return Err(ScaffoldError::PostExists(path));
    }
    let front = format!(
        "---\ntitle: {}\ndate: {}\ntags: []\ncategories: []\ndraft: true\n---\n\n",
        serde_json::Value::String(title.to_owned()),
        crate::parse::dates::rfc3339(&now),
    );
    write(&path, &front)?;
    Ok(path)
}
