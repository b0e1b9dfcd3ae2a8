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
    /// `boke init` in a folder that holds other files, without `--force`.
    #[error("{} is not empty: a new site would mix with its files", .0.display())]
    NotEmpty(PathBuf),
    /// `boke new` for a title that already has a post today.
    #[error("{} already exists", .0.display())]
    PostExists(PathBuf),
    /// `boke new` for a slug another post has: both would want the same URL.
    #[error("the slug `{slug}` is taken by {}", .by.display())]
    SlugTaken { slug: String, by: PathBuf },
    /// `boke new` with a section or slug that would put the post outside `content/`.
    #[error("the {what} `{value}` leads outside content/: give a folder inside it, without `..`")]
    OutsideContent { what: &'static str, value: String },
    /// `boke new --date` with a date that does not read.
    #[error("--date {0}")]
    BadDate(String),
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
    write_bytes(path, text.as_bytes())
}

/// Writes `bytes` to `path`.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    std::fs::write(path, bytes).map_err(|source| ScaffoldError::Write {
        path: path.to_path_buf(),
        source,
    })
}

const SAMPLE_CONFIG: &str = r#"title = "我的博客"
description = "记录与分享"
# 网站的地址：发布前填上，订阅源、站点地图和分享链接都用它
base_url = ""
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

/// Creates a new site in `dir`: `boke.toml`, `content/posts/` with one post, `static/`. A
/// folder that holds anything but hidden files is refused unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    let config_path = dir.join(CONFIG_FILE);
    if config_path.exists() {
        return Err(ScaffoldError::SiteExists(config_path));
    }
    if !force && holds_files(dir) {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
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
            "---\ntitle: 你好，世界\ndate: {today}\ntags: [随笔]\ndescription: 用 boke 写的第一篇文章，说明怎样新建文章和生成网站。\n---\n\n这是用 boke 写的第一篇文章。\n段落里的换行不会在中文之间留下空格。\n\n<!-- more -->\n\n## 开始写作\n\n运行 `boke new \"标题\"` 新建文章，`boke serve` 边写边看，`boke build` 生成网站。\n"
        ),
    )?;
    Ok(vec![config_path, post])
}

/// Whether `dir` holds anything but hidden files (`.git`, `.DS_Store`).
pub(crate) fn holds_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
    })
}

/// What `boke new` makes.
#[derive(Debug, Clone, Default)]
pub struct NewPost {
    pub title: String,
    /// The folder under `content/`.
    pub section: String,
    pub draft: bool,
    /// The post's date as written (`2026-12-03`, `2026-12-03 20:30`); now when `None`.
    pub date: Option<String>,
    /// The URL slug; from the title when `None`.
    pub slug: Option<String>,
    /// A folder post (`SLUG/index.md`), with room for images beside it.
    pub folder: bool,
    pub lang: Option<String>,
    /// Read instead of the site's `boke.toml` (`--config FILE`).
    pub config: Option<PathBuf>,
}

/// The post `boke new` wrote, and where the site will show it.
#[derive(Debug, Clone)]
pub struct NewPostReport {
    pub path: PathBuf,
    pub url: String,
    pub draft: bool,
}

/// Creates a post file for `post.title` under `content/<section>/`, named by the config's slug
/// style, refusing a slug another source already has.
pub fn new_post(root: &Path, post: &NewPost) -> Result<NewPostReport, ScaffoldError> {
    let outside = |what, value: &str| ScaffoldError::OutsideContent {
        what,
        value: value.to_owned(),
    };
    if !stays_inside(&post.section) {
        return Err(outside("section", &post.section));
    }
    if let Some(slug) = &post.slug
        && (slug.trim_matches('/').contains('/') || !stays_inside(slug))
    {
        return Err(outside("slug", slug));
    }
    let config = Config::load_from(root, post.config.as_deref()).map_err(ScaffoldError::Config)?;
    let zone = config.time_zone();
    let date = match &post.date {
        Some(text) => crate::parse::dates::parse(text, &zone).map_err(ScaffoldError::BadDate)?,
        None => jiff::ZonedDateTime::now().with_time_zone(zone),
    };
    let slug = match &post.slug {
        Some(slug) => slug.trim_matches('/').to_owned(),
        None => slugify(&post.title, config.slug_style),
    };
    if let Some(by) = slug_owner(root, &config, &slug) {
        return Err(ScaffoldError::SlugTaken { slug, by });
    }
    let dir = root.join(&config.content_dir).join(&post.section);
    let name = format!("{}-{slug}", date.date());
    let path = if post.folder {
        dir.join(&name).join("index.md")
    } else {
        dir.join(format!("{name}.md"))
    };
    if path.exists() {
        return Err(ScaffoldError::PostExists(path));
    }
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
        // A folder under content/ may be a link to elsewhere; the post goes only where
        // content/ itself is.
        let real = |dir: &Path| std::fs::canonicalize(dir).ok();
        let inside = real(parent)
            .zip(real(&root.join(&config.content_dir)))
            .is_some_and(|(parent, content)| parent.starts_with(content));
        if !inside {
            return Err(outside("section", &post.section));
        }
    }
    let mut front = format!(
        "---\ntitle: {}\ndate: {}\ntags: []\ncategories: []\n",
        serde_json::Value::String(post.title.clone()),
        crate::parse::dates::rfc3339(&date),
    );
    if post.slug.is_some() {
        front.push_str(&format!(
            "slug: {}\n",
            serde_json::Value::String(slug.clone())
        ));
    }
    if let Some(lang) = &post.lang {
        front.push_str(&format!(
            "lang: {}\n",
            serde_json::Value::String(lang.clone())
        ));
    }
    if post.draft {
        front.push_str("draft: true\n");
    }
    front.push_str("---\n\n");
    write_new(&path, &front)?;
    let content_dir = root.join(&config.content_dir);
    let inside = path.strip_prefix(&content_dir).unwrap_or(&path);
    let url = crate::load::read_source(root, &content_dir, inside)
        .ok()
        .and_then(|source| crate::parse::parse(&source, &config).ok())
        .map(|parsed| parsed.page.placement.url)
        .unwrap_or_default();
    Ok(NewPostReport {
        path,
        url,
        draft: post.draft,
    })
}

/// Whether a relative path given for `boke new` stays where it is put: no root, no `..`, no
/// backslash or NUL, which some systems read as separators or the end of the name.
fn stays_inside(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.contains(['\\', '\0'])
        && path
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
}

/// Writes `text` to a new file at `path`, never over one that is there, even one made between
/// the check and the write.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write as _;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::PostExists(path.to_path_buf()));
        }
        file => file.map_err(|source| ScaffoldError::Write {
            path: path.to_path_buf(),
            source,
        })?,
    };
    file.write_all(text.as_bytes())
        .map_err(|source| ScaffoldError::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// The source whose page already has `slug`, drafts included.
fn slug_owner(root: &Path, config: &Config, slug: &str) -> Option<PathBuf> {
    let content = crate::load::load_content(root, Path::new(&config.content_dir)).ok()?;
    content.sources.iter().find_map(|source| {
        let parsed = crate::parse::parse(source, config).ok()?;
        (parsed.page.is_post() && parsed.page.slug == slug).then(|| source.path.clone())
    })
}
