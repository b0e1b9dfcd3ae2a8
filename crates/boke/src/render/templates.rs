//! Templates: the default theme embedded in the binary, overridden file by file from the
//! site's `templates/`, compiled once into one environment shared by every render.

use std::path::{Path, PathBuf};

use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};

use crate::diagnostic::Diagnostic;

/// The default theme's templates, by name.
pub(crate) const THEME_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../theme/templates/base.html")),
    (
        "macros.html",
        include_str!("../../theme/templates/macros.html"),
    ),
    (
        "post_meta.html",
        include_str!("../../theme/templates/post_meta.html"),
    ),
    (
        "tag_list.html",
        include_str!("../../theme/templates/tag_list.html"),
    ),
    (
        "index.html",
        include_str!("../../theme/templates/index.html"),
    ),
    ("post.html", include_str!("../../theme/templates/post.html")),
    ("page.html", include_str!("../../theme/templates/page.html")),
    (
        "links.html",
        include_str!("../../theme/templates/links.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../../theme/templates/taxonomy.html"),
    ),
    ("term.html", include_str!("../../theme/templates/term.html")),
    (
        "archives.html",
        include_str!("../../theme/templates/archives.html"),
    ),
    (
        "search.html",
        include_str!("../../theme/templates/search.html"),
    ),
    ("404.html", include_str!("../../theme/templates/404.html")),
    (
        "shortcodes/note.html",
        include_str!("../../theme/templates/shortcodes/note.html"),
    ),
    (
        "shortcodes/details.html",
        include_str!("../../theme/templates/shortcodes/details.html"),
    ),
    (
        "shortcodes/tabs.html",
        include_str!("../../theme/templates/shortcodes/tabs.html"),
    ),
    (
        "shortcodes/tab.html",
        include_str!("../../theme/templates/shortcodes/tab.html"),
    ),
    (
        "shortcodes/figure.html",
        include_str!("../../theme/templates/shortcodes/figure.html"),
    ),
    (
        "shortcodes/bilibili.html",
        include_str!("../../theme/templates/shortcodes/bilibili.html"),
    ),
    (
        "shortcodes/youtube.html",
        include_str!("../../theme/templates/shortcodes/youtube.html"),
    ),
    (
        "shortcodes/link.html",
        include_str!("../../theme/templates/shortcodes/link.html"),
    ),
    (
        "shortcodes/include.html",
        include_str!("../../theme/templates/shortcodes/include.html"),
    ),
];

/// Where component templates live among the templates: `shortcodes/NAME.html`.
pub(crate) const COMPONENTS_DIR: &str = "shortcodes/";

/// What a component's template declares in a comment at its top,
/// `{# requires: id, body; accepts: t, title #}`: the arguments it cannot do without, whether
/// it needs a body, and, when it says, the other arguments it reads. A template that lists
/// what it accepts gets an error for any other argument, so a misspelt one is not dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ComponentSpec {
    pub(crate) required: Vec<String>,
    pub(crate) needs_body: bool,
    /// `None` when the template does not say: then any argument is taken.
    pub(crate) accepted: Option<Vec<String>>,
}

impl ComponentSpec {
    fn parse(template: &str) -> Self {
        let mut spec = Self::default();
        let Some(declared) = template
            .trim_start()
            .strip_prefix("{#")
            .and_then(|rest| rest.split_once("#}"))
            .map(|(comment, _)| comment.trim())
            .filter(|comment| comment.starts_with("requires:") || comment.starts_with("accepts:"))
        else {
            return spec;
        };
        let names = |list: &str| -> Vec<String> {
            list.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect()
        };
        for part in declared.split(';').map(str::trim) {
            if let Some(list) = part.strip_prefix("requires:") {
                for name in names(list) {
                    if name == "body" {
                        spec.needs_body = true;
                    } else {
                        spec.required.push(name);
                    }
                }
            } else if let Some(list) = part.strip_prefix("accepts:") {
                spec.accepted = Some(names(list));
            }
        }
        spec
    }

    /// Whether the template reads an argument of this name.
    pub(crate) fn takes(&self, name: &str) -> bool {
        self.accepted.as_ref().is_none_or(|accepted| {
            accepted
                .iter()
                .chain(&self.required)
                .any(|known| known == name)
        })
    }

    /// Every argument the template reads, when it says.
    pub(crate) fn known_arguments(&self) -> Option<Vec<&str>> {
        let accepted = self.accepted.as_ref()?;
        Some(
            self.required
                .iter()
                .chain(accepted)
                .map(String::as_str)
                .collect(),
        )
    }
}

/// Where the theme's icon goes, unless `[theme] favicon` names another or `static/` holds one.
pub(crate) const THEME_FAVICON_FILE: &str = "favicon.svg";

/// The default theme's static files, by output path.
pub(crate) const THEME_ASSETS: &[(&str, &str)] = &[
    (
        "assets/style.css",
        include_str!("../../theme/static/style.css"),
    ),
    (
        "assets/theme.js",
        include_str!("../../theme/static/theme.js"),
    ),
    // At the site root, where pages link it unless `[theme] favicon` names another.
    (
        THEME_FAVICON_FILE,
        include_str!("../../theme/static/favicon.svg"),
    ),
    (
        "assets/share.js",
        include_str!("../../theme/static/share.js"),
    ),
    // Linked from pages only when `[social] endpoint` is set.
    (
        "assets/social.css",
        include_str!("../../theme/static/social.css"),
    ),
    (
        "assets/social.js",
        include_str!("../../theme/static/social.js"),
    ),
    // Linked only from pages that show what `[theme]` or front matter adds: a logo, the
    // notice and author card, covers, pinned posts, friend links.
    (
        "assets/extras.css",
        include_str!("../../theme/static/extras.css"),
    ),
    // Linked only from pages that use a component.
    (
        "assets/components.css",
        include_str!("../../theme/static/components.css"),
    ),
    (
        "assets/components.js",
        include_str!("../../theme/static/components.js"),
    ),
];

/// A compiled set of templates and where each came from, for error messages.
pub(crate) struct Templates {
    pub(crate) env: Environment<'static>,
    overridden: Vec<String>,
    templates_dir: PathBuf,
    /// Component templates by component name.
    components: std::collections::BTreeMap<String, ComponentSpec>,
    /// The names of component templates that another template names (includes, imports):
    /// an edit to one of them is not the edit of one component alone.
    shared_components: std::collections::BTreeSet<String>,
}

impl Templates {
    /// Compiles the theme, with the site's own templates in `templates_dir` taking precedence.
    pub(crate) fn load(templates_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_formatter(html_formatter);
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        let mut sources: Vec<(String, String)> = THEME_TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut overridden = Vec::new();
        let mut problems = Vec::new();
        if templates_dir.is_dir() {
            for entry in ignore::WalkBuilder::new(templates_dir)
                .standard_filters(false)
                .build()
                .flatten()
            {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let Ok(relative) = entry.path().strip_prefix(templates_dir) else {
                    continue;
                };
                let name = relative.to_string_lossy().replace('\\', "/");
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        sources.retain(|(existing, _)| existing != &name);
                        sources.push((name.clone(), text));
                        overridden.push(name);
                    }
                    Err(error) => problems.push(Diagnostic::error(
                        entry.path(),
                        format!("cannot read: {error}"),
                    )),
                }
            }
        }
        let components: std::collections::BTreeMap<String, ComponentSpec> = sources
            .iter()
            .filter_map(|(name, text)| {
                let component = component_name(name)?;
                Some((component.to_owned(), ComponentSpec::parse(text)))
            })
            .collect();
        let shared_components = components
            .keys()
            .filter(|component| {
                let file = format!("{COMPONENTS_DIR}{component}.html");
                sources
                    .iter()
                    .any(|(name, text)| *name != file && text.contains(&file))
            })
            .cloned()
            .collect();
        let mut templates = Self {
            env: Environment::new(),
            overridden,
            templates_dir: templates_dir.to_owned(),
            components,
            shared_components,
        };
        for (name, text) in sources {
            if let Err(error) = env.add_template_owned(name.clone(), text.clone()) {
                problems.push(templates.diagnostic(&error, Some(&text)));
            }
        }
        templates.env = env;
        if problems.is_empty() {
            Ok(templates)
        } else {
            Err(problems)
        }
    }

    /// The component `name`'s declarations, when a template makes it.
    pub(crate) fn component(&self, name: &str) -> Option<&ComponentSpec> {
        self.components.get(name)
    }

    /// Every component name, sorted.
    pub(crate) fn component_names(&self) -> impl Iterator<Item = &str> {
        self.components.keys().map(String::as_str)
    }

    /// Whether another template names component `name`'s template, so that an edit to it
    /// can change more than the pages using `name`.
    pub(crate) fn is_shared_component(&self, name: &str) -> bool {
        self.shared_components.contains(name)
    }

    /// Where a template's text lives: the site's file, or the embedded theme.
    pub(crate) fn origin(&self, name: &str) -> PathBuf {
        if self.overridden.iter().any(|n| n == name) {
            self.templates_dir.join(name)
        } else {
            Path::new("<default theme>").join(name)
        }
    }

    /// A template error as a diagnostic with the template's file and line.
    pub(crate) fn diagnostic(&self, error: &minijinja::Error, source: Option<&str>) -> Diagnostic {
        let name = error.name().unwrap_or("<template>");
        let message = match error.detail() {
            Some(detail) => format!("template {}: {detail}", error.kind()),
            None => format!("template {}", error.kind()),
        };
        let mut diagnostic = Diagnostic::error(self.origin(name), message);
        let text = source.map(str::to_owned).or_else(|| {
            self.env
                .get_template(name)
                .ok()
                .map(|t| t.source().to_owned())
        });
        if let (Some(line), Some(text)) = (error.line(), text) {
            let column = error
                .range()
                .and_then(|range| {
                    let start = text
                        .lines()
                        .take(line - 1)
                        .map(|l| l.len() + 1)
                        .sum::<usize>();
                    text.get(start..range.start).map(|s| s.chars().count() + 1)
                })
                .unwrap_or(1);
            diagnostic = diagnostic.at(&text, line, column);
        }
        let hint = match error.kind() {
            minijinja::ErrorKind::UndefinedError => {
                "the variable does not exist in this template's context; check its spelling or guard it with `is defined`"
            }
            minijinja::ErrorKind::TemplateNotFound => {
                "add the template to the site's `templates/` folder, or use one of the theme's names"
            }
            _ => "see the template syntax at https://docs.rs/minijinja",
        };
        diagnostic.with_hint(hint)
    }
}

/// The component a template name makes: `shortcodes/note.html` → `note`.
pub(crate) fn component_name(template: &str) -> Option<&str> {
    template
        .strip_prefix(COMPONENTS_DIR)?
        .strip_suffix(".html")
        .filter(|name| !name.contains('/'))
}

/// minijinja's formatter, except that HTML escaping leaves `/` as it is: it needs no escape in
/// text or in a quoted attribute, and URLs, most of what pages print, stay readable rather
/// than `https:&#x2f;&#x2f;…`.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() => {
            write_html_escaped(out, text)
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write the page"))
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn write_html_escaped(out: &mut Output, text: &str) -> std::fmt::Result {
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.write_str(&rest[..at])?;
        out.write_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_str(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Site templates written against the macros keep working now that the theme includes
    /// the same markup directly.
    #[test]
    fn the_meta_and_tag_macros_write_their_partials() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut templates = Templates::load(dir.path()).unwrap_or_else(|_| panic!("theme loads"));
        let probe = "{% from \"macros.html\" import post_meta, tag_list %}\
                     {{ tag_list(tags, t) }}{{ post_meta(post, t, \"https://s.example\") }}";
        templates
            .env
            .add_template("probe.html", probe)
            .unwrap_or_else(|e| panic!("{e}"));
        let tag = minijinja::context! { name => "推理", url => "/tags/推理/" };
        let html = templates
            .env
            .get_template("probe.html")
            .and_then(|t| {
                t.render(minijinja::context! {
                    tags => vec![tag],
                    t => minijinja::context! {
                        tags => "标签", words => "字", reading_time => "阅读", minutes => "分钟",
                        views_suffix => "次阅读", comments_suffix => "条评论",
                    },
                    post => minijinja::context! {
                        url => "/posts/a/", word_count => 1234, reading_minutes => 4,
                        word_count_display => "1234 字", reading_time_display => "阅读时间 4 分钟",
                        categories => Vec::<()>::new(),
                    },
                })
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(html.contains(r#"aria-label="标签""#), "{html}");
        assert!(
            html.contains(r#"<a href="/tags/推理/">#推理</a>"#),
            "{html}"
        );
        assert!(html.contains("1234 字"), "{html}");
        assert!(html.contains(r#"data-page="/posts/a/""#), "{html}");
    }

    #[test]
    fn component_templates_declare_what_they_require() {
        assert_eq!(
            ComponentSpec::parse("{# requires: id, body #}\n<div>"),
            ComponentSpec {
                required: vec!["id".into()],
                needs_body: true,
                accepted: None,
            }
        );
        let spec = ComponentSpec::parse("{# requires: src; accepts: alt, width #}\n<img>");
        assert_eq!(spec.required, ["src"]);
        assert_eq!(spec.accepted, Some(vec!["alt".into(), "width".into()]));
        assert!(spec.takes("src") && spec.takes("width") && !spec.takes("widht"));
        assert_eq!(
            ComponentSpec::parse("{# accepts: t #}").accepted,
            Some(vec!["t".into()])
        );
        assert!(ComponentSpec::parse("{# requires: id #}").takes("anything"));
        assert_eq!(
            ComponentSpec::parse("<div>{# requires: id #}"),
            ComponentSpec::default()
        );
        assert_eq!(component_name("shortcodes/note.html"), Some("note"));
        assert_eq!(component_name("shortcodes/x/note.html"), None);
        assert_eq!(component_name("post.html"), None);
    }

    #[test]
    fn printed_text_is_escaped_except_slashes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut templates = Templates::load(dir.path()).unwrap_or_else(|_| panic!("theme loads"));
        let template = "{{ url }}|{{ url | safe }}|{{ n }}";
        templates
            .env
            .add_template("probe.html", template)
            .unwrap_or_else(|e| panic!("{e}"));
        let html = templates
            .env
            .get_template("probe.html")
            .and_then(|t| {
                t.render(minijinja::context! {
                    url => "https://a.example/b/?x=1&y=<'\">",
                    n => 3,
                })
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            html,
            "https://a.example/b/?x=1&amp;y=&lt;&#x27;&quot;&gt;|https://a.example/b/?x=1&y=<'\">|3"
        );
    }
}
