//! `boke.toml`: the site's settings, their defaults, and strict parsing with helpful errors.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, did_you_mean, line_column};

pub(crate) const CONFIG_FILE: &str = "boke.toml";

/// How file names that are not plain ASCII become URL slugs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SlugStyle {
    /// Keep the characters (`/posts/人工智能/`), percent-encoded in links.
    #[default]
    Unicode,
    /// Transliterate Han characters to toneless pinyin (`/posts/ren-gong-zhi-neng/`).
    Pinyin,
    /// A short stable hash of the name (`/posts/3f2a9c1b/`), like Hexo's abbrlink.
    Hash,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The file this was read from when it is not the site's `boke.toml` (`--config FILE`).
    #[serde(skip)]
    pub(crate) file: Option<PathBuf>,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Absolute URL the site is served from, e.g. `https://blog.example.com/`.
    pub(crate) base_url: String,
    /// BCP 47 language of the site, e.g. `zh-CN` or `en`.
    pub(crate) language: String,
    pub(crate) author: String,
    /// IANA time zone for dates without an offset.
    pub(crate) timezone: String,
    /// URL pattern of posts, with `:year`, `:month`, `:day`, `:slug`, `:category`.
    pub(crate) permalink: String,
    pub(crate) slug_style: SlugStyle,
    pub(crate) posts_per_page: usize,
    /// The folder of a list's later pages: `page` gives `/page/2/` and `/tags/ai/page/2/`,
    /// as Hexo's `pagination_dir` and Hugo's `paginatePath` do.
    pub(crate) pagination_path: String,
    pub(crate) content_dir: PathBuf,
    pub(crate) static_dir: PathBuf,
    pub(crate) templates_dir: PathBuf,
    pub output_dir: PathBuf,
    pub(crate) reading: ReadingConfig,
    pub(crate) markdown: MarkdownConfig,
    pub(crate) feed: FeedConfig,
    pub(crate) agents: AgentsConfig,
    pub(crate) social: SocialConfig,
    pub(crate) theme: ThemeConfig,
    pub(crate) menu: Vec<MenuItem>,
    /// The `[[deploy]]` targets `boke deploy` publishes `output_dir` to.
    pub deploy: Vec<boke_deploy::TargetConfig>,
    /// Free-form values for custom templates, available as `site.extra`.
    pub(crate) extra: toml::Table,
    /// The friend links of `data/links.toml`, read beside this file.
    #[serde(skip)]
    pub(crate) friends: Vec<crate::load::links::LinkGroup>,
    /// The packs `[social] emoji` names, read from `static/`.
    #[serde(skip)]
    pub(crate) emoji: Vec<crate::load::emoji::EmojiPack>,
}

/// The `base_url` of a site whose config does not give one: where `boke serve` listens.
pub(crate) const PREVIEW_BASE_URL: &str = "http://localhost:1111/";

impl Default for Config {
    fn default() -> Self {
        Self {
            file: None,
            title: "博客".into(),
            description: String::new(),
            base_url: PREVIEW_BASE_URL.into(),
            language: "zh-CN".into(),
            author: String::new(),
            timezone: "Asia/Shanghai".into(),
            permalink: "/posts/:slug/".into(),
            slug_style: SlugStyle::Unicode,
            posts_per_page: 10,
            pagination_path: "page".into(),
            content_dir: "content".into(),
            static_dir: "static".into(),
            templates_dir: "templates".into(),
            output_dir: "public".into(),
            reading: ReadingConfig::default(),
            markdown: MarkdownConfig::default(),
            feed: FeedConfig::default(),
            agents: AgentsConfig::default(),
            social: SocialConfig::default(),
            theme: ThemeConfig::default(),
            menu: Vec::new(),
            deploy: Vec::new(),
            extra: toml::Table::new(),
            friends: Vec::new(),
            emoji: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ReadingConfig {
    pub(crate) cjk_chars_per_minute: u32,
    pub(crate) latin_words_per_minute: u32,
}

impl Default for ReadingConfig {
    fn default() -> Self {
        Self {
            cjk_chars_per_minute: 400,
            latin_words_per_minute: 200,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct MarkdownConfig {
    /// Put a space between Chinese and Latin letters or digits.
    pub(crate) pangu_spacing: bool,
    pub(crate) highlight: bool,
    /// Characters in an automatic summary.
    pub(crate) summary_chars: usize,
    /// Let raw HTML in posts through.
    pub(crate) raw_html: bool,
    /// Straight quotes to “” ‘’ where they quote Chinese or stand next to it.
    pub(crate) cjk_quotes: bool,
    /// `:smile:` short codes to emoji.
    pub(crate) emoji: bool,
    /// Every line break in a paragraph as `<br>` (Hexo's `breaks: true`).
    pub(crate) hard_breaks: bool,
    /// `==text==` as highlighted text.
    pub(crate) mark: bool,
    /// `Term` then `: definition` lines as a definition list.
    pub(crate) definition_lists: bool,
    /// Headings answer to the ids another engine gave them too, for old `#fragment` links.
    pub(crate) anchor_aliases: Option<OldEngine>,
}

/// An engine whose heading ids a site keeps (`[markdown] anchor_aliases`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum OldEngine {
    Hexo,
    Hugo,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            pangu_spacing: false,
            highlight: true,
            summary_chars: 160,
            raw_html: true,
            cjk_quotes: true,
            emoji: false,
            hard_breaks: false,
            mark: false,
            definition_lists: false,
            anchor_aliases: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FeedConfig {
    /// Whole posts in feeds, or only their summaries.
    pub(crate) full_content: bool,
    /// Most recent posts per feed.
    pub(crate) limit: usize,
    /// More paths of the site's Atom feed (an old site's `/feed.atom`), as real files.
    pub(crate) atom_also_at: Vec<String>,
    /// More paths of the site's RSS 2.0 feed (Hexo's `/rss2.xml`, Hugo's `/index.xml` and
    /// `/posts/index.xml`), as real files.
    pub(crate) rss_also_at: Vec<String>,
    /// A file name in each tag's and category's folder that holds its feed as RSS 2.0 too
    /// (Hugo's `index.xml`: `/tags/go/index.xml`); none by default.
    pub(crate) term_rss_file: Option<String>,
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self {
            full_content: true,
            limit: 20,
            atom_also_at: Vec::new(),
            rss_also_at: Vec::new(),
            term_rss_file: None,
        }
    }
}

/// What the build writes for agents besides the Markdown copies (`[agents]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AgentsConfig {
    /// Most bytes of `llms-full.txt`; the oldest posts that would pass it are left out whole.
    pub(crate) llms_full_max_bytes: usize,
    /// Hosts whose own configuration files go into the output folder, where only they read
    /// them (`"netlify"`, `"cloudflare"`); the others' snippets stay beside it.
    pub(crate) host_files: Vec<HostFiles>,
}

impl Default for AgentsConfig {
    fn default() -> Self {
        Self {
            llms_full_max_bytes: 1_000_000,
            host_files: Vec::new(),
        }
    }
}

/// A host that reads configuration from the published folder itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum HostFiles {
    Netlify,
    Cloudflare,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SocialConfig {
    /// URL of a running `boke social serve`; comments and the rest appear when set.
    pub(crate) endpoint: Option<String>,
    /// OwO-format emoji packs under `static/` offered in the comment form, in this order.
    pub(crate) emoji: Vec<String>,
}

/// What the default theme lets a site set without templates of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ThemeConfig {
    /// Path (or URL) of the site's icon; the theme's own `/favicon.svg` when unset.
    pub(crate) favicon: Option<String>,
    /// Path (or URL) of the author's picture, shown in the author card.
    pub(crate) avatar: Option<String>,
    /// Path (or URL) of an image shown beside the site title in the header.
    pub(crate) logo: Option<String>,
    /// A CSS colour that replaces the theme's accent in light and dark.
    pub(crate) accent: Option<String>,
    /// A line of text added to the footer.
    pub(crate) footer: Option<String>,
    /// ICP 备案号, linked to the MIIT's site.
    pub(crate) icp: Option<String>,
    /// 公安备案 line such as "京公网安备 11010502030143号", linked to its record.
    pub(crate) police: Option<String>,
    /// An announcement at the top of the home page.
    pub(crate) notice: Option<String>,
    pub(crate) show_word_count: bool,
    pub(crate) show_reading_time: bool,
    pub(crate) show_toc: bool,
    pub(crate) show_related: bool,
    pub(crate) show_share: bool,
    /// The author card of the home page.
    pub(crate) author: AuthorCard,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        Self {
            favicon: None,
            avatar: None,
            logo: None,
            accent: None,
            footer: None,
            icp: None,
            police: None,
            notice: None,
            show_word_count: true,
            show_reading_time: true,
            show_toc: true,
            show_related: true,
            show_share: true,
            author: AuthorCard::default(),
        }
    }
}

/// `[theme.author]`: who writes the blog, and where else to find them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AuthorCard {
    /// The card's name; the site's `author` when unset.
    pub(crate) name: Option<String>,
    pub(crate) bio: Option<String>,
    pub(crate) github: Option<String>,
    pub(crate) weibo: Option<String>,
    pub(crate) zhihu: Option<String>,
    pub(crate) bilibili: Option<String>,
    pub(crate) x: Option<String>,
    /// An address, linked with `mailto:`.
    pub(crate) email: Option<String>,
    pub(crate) rss: Option<String>,
}

impl AuthorCard {
    /// The card's links in the order it shows them: (key, URL); the theme's words name them.
    pub(crate) fn links(&self) -> Vec<(&'static str, String)> {
        let web = [
            ("github", &self.github),
            ("weibo", &self.weibo),
            ("zhihu", &self.zhihu),
            ("bilibili", &self.bilibili),
            ("x", &self.x),
        ];
        let mut links: Vec<_> = web
            .into_iter()
            .filter_map(|(key, url)| Some((key, url.clone()?)))
            .collect();
        if let Some(email) = &self.email {
            links.push(("email", format!("mailto:{email}")));
        }
        if let Some(rss) = &self.rss {
            links.push(("rss", rss.clone()));
        }
        links
    }

    /// Whether the card has anything to show besides a name.
    pub(crate) fn is_set(&self) -> bool {
        self.name.is_some() || self.bio.is_some() || !self.links().is_empty()
    }
}

/// Where pages link their icon when `[theme] favicon` is not set; the theme writes it there.
pub(crate) const DEFAULT_FAVICON: &str = "/favicon.svg";

/// Where a 公安备案 number is looked up; the number's digits are its `code`.
const POLICE_RECORD_URL: &str = "https://beian.mps.gov.cn/#/query/webSearch?code=";

impl ThemeConfig {
    /// The icon's URL that pages link.
    pub(crate) fn favicon(&self) -> &str {
        self.favicon.as_deref().unwrap_or(DEFAULT_FAVICON)
    }

    /// The record page of the `police` number: its digits as the query's code.
    pub(crate) fn police_url(&self) -> Option<String> {
        let digits: String = self
            .police
            .as_deref()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (!digits.is_empty()).then(|| format!("{POLICE_RECORD_URL}{digits}"))
    }

    /// The first key whose value is not what it must be: (key, message, hint).
    fn problem(&self) -> Option<(&'static str, String, &'static str)> {
        let link_hint = "a path under static/ such as \"/images/me.png\", or an http(s) URL";
        let paths = [
            ("favicon", &self.favicon),
            ("avatar", &self.avatar),
            ("logo", &self.logo),
        ];
        let author = &self.author;
        let links = [
            ("github", &author.github),
            ("weibo", &author.weibo),
            ("zhihu", &author.zhihu),
            ("bilibili", &author.bilibili),
            ("x", &author.x),
            ("rss", &author.rss),
        ];
        for (key, value) in paths.into_iter().chain(links) {
            if let Some(value) = value
                && !is_link(value)
            {
                return Some((
                    key,
                    format!("[theme] {key} `{value}` is not a path or an http(s) URL"),
                    link_hint,
                ));
            }
        }
        if let Some(email) = &author.email
            && !is_email(email)
        {
            return Some((
                "email",
                format!("[theme.author] email `{email}` is not an email address"),
                "an address such as \"me@example.com\", without mailto:",
            ));
        }
        if let Some(accent) = &self.accent
            && !is_css_colour(accent)
        {
            return Some((
                "accent",
                format!("[theme] accent `{accent}` is not a CSS colour"),
                "a hex colour such as \"#1f6feb\", or rgb(…), hsl(…), oklch(…)",
            ));
        }
        let lines = [
            ("footer", &self.footer),
            ("icp", &self.icp),
            ("police", &self.police),
            ("notice", &self.notice),
        ];
        for (key, value) in lines {
            if let Some(value) = value
                && (value.trim().is_empty() || value.contains('\n'))
            {
                return Some((
                    key,
                    format!("[theme] {key} is empty or holds a line break"),
                    "one line of text, or leave the key out",
                ));
            }
        }
        if self.police.is_some() && self.police_url().is_none() {
            return Some((
                "police",
                "[theme] police holds no record number".into(),
                "the line as issued, such as \"京公网安备 11010502030143号\"",
            ));
        }
        None
    }
}

/// A site path (`/images/a.png`) or an absolute http(s) URL, without spaces or quotes.
fn is_link(value: &str) -> bool {
    let shaped = value.starts_with('/') && !value.starts_with("//")
        || value.starts_with("https://")
        || value.starts_with("http://");
    shaped
        && !value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
}

fn is_email(value: &str) -> bool {
    let Some((user, host)) = value.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | ':'))
}

/// A hex colour (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`) or a colour function of CSS Color 4
/// with plain numeric arguments: what can go into a `style` attribute and mean only a colour.
fn is_css_colour(value: &str) -> bool {
    let value = value.trim();
    if let Some(hex) = value.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    let Some((name, rest)) = value.split_once('(') else {
        return false;
    };
    let Some(arguments) = rest.strip_suffix(')') else {
        return false;
    };
    const FUNCTIONS: [&str; 9] = [
        "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch",
    ];
    let words_known = arguments
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty())
        .all(|word| ["deg", "rad", "grad", "turn", "none"].contains(&word));
    FUNCTIONS.contains(&name.to_ascii_lowercase().as_str())
        && arguments.chars().any(|c| c.is_ascii_digit())
        && words_known
        && arguments.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '/' | ' ' | '-' | '+')
        })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuItem {
    pub(crate) name: String,
    pub(crate) url: String,
}

impl Config {
    /// The site's `boke.toml`, or the defaults when there is none, with the friend links of
    /// `data/links.toml`. Fails with the first problem [`Config::load_all`] finds.
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        Self::load_all(root).map_err(first)
    }

    /// [`Config::load`] from `file` when given (`--config FILE`).
    pub fn load_from(root: &Path, file: Option<&Path>) -> Result<Self, Diagnostic> {
        Self::load_all_from(root, file).map_err(first)
    }

    /// [`Config::load`], on failure with every unknown key of `boke.toml` at once, so that one
    /// run shows all the typos.
    pub(crate) fn load_all(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        Self::load_all_from(root, None)
    }

    /// [`Config::load_all`] from `file` instead of the site's `boke.toml` when given
    /// (`--config FILE`); the paths in it stay relative to `root`.
    pub(crate) fn load_all_from(root: &Path, file: Option<&Path>) -> Result<Self, Vec<Diagnostic>> {
        let mut config = Self::load_file(root, file)?;
        config.friends = crate::load::links::load(root).map_err(|d| vec![d])?;
        config.emoji = crate::load::emoji::load(
            &root.join(&config.static_dir),
            &config.file_path(root),
            &config.social.emoji,
        )
        .map_err(|d| vec![d])?;
        config.file = file.map(Path::to_path_buf);
        Ok(config)
    }

    /// The file the config is read from: `--config FILE`, else the site's `boke.toml`.
    pub(crate) fn file_path(&self, root: &Path) -> PathBuf {
        self.file.clone().unwrap_or_else(|| root.join(CONFIG_FILE))
    }

    fn load_file(root: &Path, file: Option<&Path>) -> Result<Self, Vec<Diagnostic>> {
        let path = file.map_or_else(|| root.join(CONFIG_FILE), Path::to_path_buf);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && file.is_none() => {
                return Ok(Self::default());
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![
                    Diagnostic::error(&path, "the config file given with --config does not exist")
                        .with_hint(
                            "give the path of a TOML file, e.g. --config boke.production.toml",
                        ),
                ]);
            }
            Err(error) => {
                return Err(vec![Diagnostic::error(
                    &path,
                    format!("cannot read the config: {error}"),
                )]);
            }
        };
        let unknown = unknown_keys(&text, &path);
        if !unknown.is_empty() {
            return Err(unknown);
        }
        Self::parse(&text, &path).map_err(|d| vec![d])
    }

    /// Parses config text; `path` is only used in messages.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Self, Diagnostic> {
        if let Some(unknown) = unknown_keys(text, path).into_iter().next() {
            return Err(unknown);
        }
        let mut config: Self = toml::from_str(text).map_err(|error| {
            let mut diagnostic = Diagnostic::error(path, error.message().to_owned());
            if let Some(span) = error.span() {
                let (line, column) = line_column(text, span.start);
                diagnostic = diagnostic.at(text, line, column);
            }
            diagnostic
        })?;
        // `base_url = ""`, as `boke init` leaves it, is a site whose address is not known yet.
        if config.base_url.trim().is_empty() {
            config.base_url = PREVIEW_BASE_URL.into();
        }
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let at_key = |key: &str, message: String, hint: &str| {
            let diagnostic = Diagnostic::error(path, message).with_hint(hint);
            match find_key_line(text, key) {
                Some(line) => diagnostic.at(text, line, 1),
                None => diagnostic,
            }
        };
        if jiff::tz::TimeZone::get(&self.timezone).is_err() {
            return Err(at_key(
                "timezone",
                format!("unknown time zone `{}`", self.timezone),
                "use an IANA name such as \"Asia/Shanghai\" or \"UTC\"",
            ));
        }
        for (index, target) in self.deploy.iter().enumerate() {
            if let Some((key, message, hint)) = target.problem() {
                return Err(at_key(key, message, &hint));
            }
            if self.deploy[..index].iter().any(|t| t.name == target.name) {
                return Err(at_key(
                    "name",
                    format!("two deploy targets are named `{}`", target.name),
                    "give each [[deploy]] its own name",
                ));
            }
        }
        if self.posts_per_page == 0 {
            return Err(at_key(
                "posts_per_page",
                "posts_per_page must be at least 1".into(),
                "the default is 10",
            ));
        }
        let feed = &self.feed;
        for path in feed.atom_also_at.iter().chain(&feed.rss_also_at) {
            let file = path.trim_start_matches('/');
            if file.is_empty() || file.ends_with('/') || file.split('/').any(|p| p == "..") {
                return Err(at_key(
                    "also_at",
                    format!("feed path `{path}` must name a file in the site"),
                    "for example \"/index.xml\" or \"/posts/index.xml\"",
                ));
            }
        }
        if let Some(file) = &feed.term_rss_file
            && (file.is_empty() || file.contains('/') || file == "index.html")
        {
            return Err(at_key(
                "term_rss_file",
                format!("term_rss_file `{file}` must be a file name"),
                "for example \"index.xml\"",
            ));
        }
        let folder = &self.pagination_path;
        if folder.is_empty()
            || folder.contains(['/', '\\', '?', '#', '.'])
            || folder.chars().any(char::is_whitespace)
        {
            return Err(at_key(
                "pagination_path",
                format!("pagination_path `{folder}` must be one folder name"),
                "the default is \"page\" (`/page/2/`)",
            ));
        }
        if !self.permalink.starts_with('/') || !self.permalink.contains(":slug") {
            return Err(at_key(
                "permalink",
                format!(
                    "permalink `{}` must start with `/` and contain `:slug`",
                    self.permalink
                ),
                "for example \"/posts/:slug/\" or \"/:year/:month/:slug/\"",
            ));
        }
        if let Some((key, message, hint)) = self.theme.problem() {
            return Err(at_key(key, message, hint));
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(at_key(
                "base_url",
                format!(
                    "base_url `{}` is not an absolute http(s) URL",
                    self.base_url
                ),
                "feeds and the sitemap need it, e.g. \"https://blog.example.com/\"",
            ));
        }
        Ok(())
    }

    pub(crate) fn time_zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Whether the site's address was never set: its feeds, sitemap and canonical links point
    /// at the preview address.
    pub(crate) fn base_url_unset(&self) -> bool {
        self.base_url.is_empty() || self.base_url == PREVIEW_BASE_URL
    }

    /// `base_url` without its trailing slash, ready to prefix a site path.
    pub(crate) fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Absolute URL of a site-relative path such as `/posts/a/`.
    pub(crate) fn absolute_url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn markdown_options(&self) -> boke_markdown::Options {
        let mut options = boke_markdown::Options::default();
        options.extract_title = true;
        options.raw_html = self.markdown.raw_html;
        options.pangu_spacing = self.markdown.pangu_spacing;
        options.highlight = self.markdown.highlight;
        options.summary_chars = self.markdown.summary_chars;
        options.cjk_quotes = self.markdown.cjk_quotes;
        options.emoji = self.markdown.emoji;
        options.hard_breaks = self.markdown.hard_breaks;
        options.anchor_aliases = self.markdown.anchor_aliases.map(|engine| match engine {
            OldEngine::Hexo => boke_markdown::AnchorAliases::Hexo,
            OldEngine::Hugo => boke_markdown::AnchorAliases::Hugo,
        });
        options.mark = self.markdown.mark;
        options.definition_lists = self.markdown.definition_lists;
        options.cjk_chars_per_minute = self.reading.cjk_chars_per_minute;
        options.latin_words_per_minute = self.reading.latin_words_per_minute;
        options.language = self.language.clone();
        options
    }
}

/// The keys serde accepts for `T`, as its derived `Deserialize` names them to the
/// deserializer: the list unknown keys and their "did you mean" hint are checked against,
/// rather than the parser's English error text.
pub(crate) fn known_keys<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    /// A deserializer that answers nothing and keeps the field names it is asked for.
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    // The error is the point: the names were taken on the way.
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

/// The error for `key`, which is not one of `known`, on its line of `text` (1-based
/// `line_offset` lines into the file), with the closest known key as a hint.
pub(crate) fn unknown_key(
    path: &Path,
    file_text: &str,
    text: &str,
    line_offset: usize,
    key: &str,
    known: &[&str],
) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(path, format!("unknown field `{key}`"));
    if let Some(line) = find_key_line(text, key) {
        diagnostic = diagnostic.at(file_text, line + line_offset, 1);
    }
    let peer = peer_key(key).filter(|boke| known.contains(boke));
    let hint = match peer.or_else(|| did_you_mean(key, known.iter().copied())) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("known keys: {}", known.join(", ")),
    };
    diagnostic.with_hint(hint)
}

/// Every key of `boke.toml`, at the top or in a section, that no field takes, in file order.
/// Text that is not TOML is left to the typed parse, which says where.
fn unknown_keys(text: &str, path: &Path) -> Vec<Diagnostic> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let sections: [(&str, &[&str]); 6] = [
        ("reading", known_keys::<ReadingConfig>()),
        ("markdown", known_keys::<MarkdownConfig>()),
        ("feed", known_keys::<FeedConfig>()),
        ("agents", known_keys::<AgentsConfig>()),
        ("social", known_keys::<SocialConfig>()),
        ("theme", known_keys::<ThemeConfig>()),
    ];
    let author = table
        .get("theme")
        .and_then(|theme| theme.get("author"))
        .and_then(toml::Value::as_table);
    let mut found = Vec::new();
    let mut check = |table: &toml::Table, known: &[&str]| {
        for key in table.keys().filter(|key| !known.contains(&key.as_str())) {
            found.push(unknown_key(path, text, text, 0, key, known));
        }
    };
    check(&table, known_keys::<Config>());
    for (name, known) in sections {
        if let Some(section) = table.get(name).and_then(toml::Value::as_table) {
            check(section, known);
        }
    }
    if let Some(author) = author {
        check(author, known_keys::<AuthorCard>());
    }
    let items = table.get("menu").and_then(toml::Value::as_array);
    for item in items
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        check(item, known_keys::<MenuItem>());
    }
    let targets = table.get("deploy").and_then(toml::Value::as_array);
    for target in targets
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        check(target, known_keys::<boke_deploy::TargetConfig>());
    }
    found.sort_by_key(|d| d.line);
    found
}

/// The first of a list of problems, which is never empty.
fn first(mut problems: Vec<Diagnostic>) -> Diagnostic {
    if problems.is_empty() {
        Diagnostic::error(CONFIG_FILE, "the config does not load")
    } else {
        problems.swap_remove(0)
    }
}

/// The boke key for a key of Hugo's or Zola's config that means the same: what a user moving
/// from them types first.
fn peer_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "baseURL" | "baseUrl" | "baseurl" | "base-url" | "url" => "base_url",
        "paginate" | "paginate_by" | "pagerSize" | "per_page" => "posts_per_page",
        "languageCode" | "default_language" | "defaultContentLanguage" => "language",
        "timeZone" => "timezone",
        "publishDir" => "output_dir",
        "contentDir" => "content_dir",
        "staticDir" => "static_dir",
        "layoutDir" => "templates_dir",
        "paginatePath" | "paginate_path" | "pagination_dir" => "pagination_path",
        "subtitle" => "description",
        "permalinks" => "permalink",
        "params" => "extra",
        "generate_feeds" | "generate_feed" => "feed",
        _ => return None,
    })
}

/// 1-based line on which `key = …` (or `key: …`) is written.
pub(crate) fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(text, Path::new("boke.toml"))
    }

    #[test]
    fn defaults_are_chinese_and_shanghai() {
        let config = parse("").expect("an empty boke.toml is valid");
        assert_eq!(config.language, "zh-CN");
        assert_eq!(config.timezone, "Asia/Shanghai");
        assert_eq!(config.slug_style, SlugStyle::Unicode);
    }

    #[test]
    fn deploy_targets_read_as_the_issue_writes_them_and_typos_are_caught() {
        let target = "[[deploy]]\nname = \"s3\"\nkind = \"s3\"\nbucket = \"blog\"\n\
                      endpoint = \"http://127.0.0.1:9000\"   # any S3-compatible endpoint\n\
                      region = \"us-east-1\"\n";
        let config = parse(target).expect("the issue's target");
        assert_eq!(config.deploy.len(), 1);
        assert_eq!(config.deploy[0].kind, boke_deploy::Kind::S3);
        assert_eq!(
            config.deploy[0].endpoint.as_deref(),
            Some("http://127.0.0.1:9000")
        );

        let typo = target.replace("region", "regoin");
        let error = parse(&typo)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("boke.toml:6:1"), "{error}");
        assert!(error.contains("did you mean `region`?"), "{error}");

        let error = parse("[[deploy]]\nname = \"s3\"\nkind = \"s3\"\n").err();
        let error = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("has no `bucket`"), "{error}");
        let twice = format!("{target}{target}");
        let error = parse(&twice)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("two deploy targets are named `s3`"),
            "{error}"
        );
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let error = parse("title = \"a\"\ntitel = \"b\"\n").err();
        let error = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("boke.toml:2:1"), "{error}");
        assert!(error.contains("unknown field `titel`"), "{error}");
        assert!(error.contains("did you mean `title`?"), "{error}");
    }

    #[test]
    fn known_keys_come_from_the_structs() {
        let keys = known_keys::<Config>();
        assert!(
            keys.contains(&"title") && keys.contains(&"posts_per_page"),
            "{keys:?}"
        );
        assert_eq!(known_keys::<MenuItem>(), ["name", "url"]);
        let error = parse("[[menu]]\nname = \"关于\"\nurls = \"/about/\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("boke.toml:3:1"), "{error}");
        assert!(error.contains("did you mean `url`?"), "{error}");
    }

    #[test]
    fn unknown_nested_key_suggests() {
        let error = parse("[reading]\ncjk_chars_per_minut = 300\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("did you mean `cjk_chars_per_minute`?"),
            "{error}"
        );
    }

    #[test]
    fn bad_time_zone_is_an_error_with_line() {
        let error = parse("title = \"a\"\ntimezone = \"Mars/Olympus\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("boke.toml:2:1"), "{error}");
        assert!(error.contains("Mars/Olympus"), "{error}");
    }

    #[test]
    fn theme_favicon_defaults_to_the_theme_icon_and_is_checked() {
        let config = parse("").expect("defaults");
        assert_eq!(config.theme.favicon(), "/favicon.svg");
        let config = parse("[theme]\nfavicon = \"/img/icon.png\"\n").expect("a favicon path");
        assert_eq!(config.theme.favicon(), "/img/icon.png");
        let error = parse("[theme]\nfavicon = \"\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("boke.toml:2:1"), "{error}");
        let error = parse("[theme]\nfavicn = \"/a.png\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("did you mean `favicon`?"), "{error}");
    }

    fn error_of(text: &str) -> String {
        parse(text).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn theme_accent_must_be_a_css_colour() {
        for good in [
            "#1f6feb",
            "#abc",
            "rgb(31 111 235)",
            "oklch(55% 0.2 250)",
            "hsl(210deg 80% 40% / 0.9)",
        ] {
            let config = parse(&format!("[theme]\naccent = \"{good}\"\n"));
            assert!(config.is_ok(), "{good}: {:?}", config.err());
        }
        for bad in [
            "blue; color: red",
            "#12",
            "#ggg",
            "rgb()",
            "url(x.png)",
            "rgb(1 2 3) red",
            "var(--x)",
            "red",
        ] {
            let error = error_of(&format!("title = \"a\"\n[theme]\naccent = \"{bad}\"\n"));
            assert!(error.contains("boke.toml:3:1"), "{bad}: {error}");
            assert!(error.contains("not a CSS colour"), "{bad}: {error}");
        }
    }

    #[test]
    fn theme_links_lines_and_author_card_are_checked() {
        let config = parse(
            "[theme]\npolice = \"京公网安备 11010502030143号\"\n[theme.author]\nname = \"林远\"\ngithub = \"https://github.com/example\"\nemail = \"me@example.com\"\n",
        )
        .expect("a valid theme");
        assert_eq!(
            config.theme.police_url().as_deref(),
            Some("https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143")
        );
        let links = config.theme.author.links();
        assert_eq!(links[0].1, "https://github.com/example");
        assert_eq!(links[1].1, "mailto:me@example.com");
        assert!(
            config.theme.show_toc && config.theme.show_share,
            "toggles default on"
        );

        let error = error_of("[theme]\nlogo = \"logo.png\"\n");
        assert!(
            error.contains("boke.toml:2:1") && error.contains("logo"),
            "{error}"
        );
        let error = error_of("[theme]\npolice = \"京公网安备\"\n");
        assert!(
            error.contains("boke.toml:2:1") && error.contains("record number"),
            "{error}"
        );
        let error = error_of("[theme]\nnotice = \"\"\n");
        assert!(error.contains("boke.toml:2:1"), "{error}");
        let error = error_of("[theme.author]\nname = \"a\"\nemail = \"nobody\"\n");
        assert!(
            error.contains("boke.toml:3:1") && error.contains("email"),
            "{error}"
        );
        let error = error_of("[theme.author]\ngithb = \"https://github.com/a\"\n");
        assert!(error.contains("did you mean `github`?"), "{error}");
        let error = error_of("[theme]\nshow_tco = false\n");
        assert!(error.contains("did you mean `show_toc`?"), "{error}");
    }

    #[test]
    fn slug_style_parses() {
        let config = parse("slug_style = \"pinyin\"").expect("pinyin is a slug style");
        assert_eq!(config.slug_style, SlugStyle::Pinyin);
        assert!(parse("slug_style = \"emoji\"").is_err());
    }
}
