//! Templates: the default theme embedded in the binary, overridden file by file from the
//! site's `templates/`, compiled once into one environment shared by every render.

use std::path::{Path, PathBuf};

use minijinja::{Environment, UndefinedBehavior};

use crate::diagnostic::Diagnostic;

/// The default theme's templates, by name.
pub const THEME_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/templates/base.html")),
    (
        "macros.html",
        include_str!("../theme/templates/macros.html"),
    ),
    ("index.html", include_str!("../theme/templates/index.html")),
    ("post.html", include_str!("../theme/templates/post.html")),
    ("page.html", include_str!("../theme/templates/page.html")),
    (
        "taxonomy.html",
        include_str!("../theme/templates/taxonomy.html"),
    ),
    ("term.html", include_str!("../theme/templates/term.html")),
    (
        "archives.html",
        include_str!("../theme/templates/archives.html"),
    ),
    (
        "search.html",
        include_str!("../theme/templates/search.html"),
    ),
    ("404.html", include_str!("../theme/templates/404.html")),
];

/// The default theme's static files, by output path.
pub const THEME_ASSETS: &[(&str, &str)] = &[
    (
        "assets/style.css",
        include_str!("../theme/static/style.css"),
    ),
    ("assets/theme.js", include_str!("../theme/static/theme.js")),
    ("assets/share.js", include_str!("../theme/static/share.js")),
    // Linked from pages only when `[social] endpoint` is set.
    (
        "assets/social.css",
        include_str!("../theme/static/social.css"),
    ),
    (
        "assets/social.js",
        include_str!("../theme/static/social.js"),
    ),
];

/// A compiled set of templates and where each came from, for error messages.
pub struct Templates {
    pub env: Environment<'static>,
    overridden: Vec<String>,
    templates_dir: PathBuf,
}

impl Templates {
    /// Compiles the theme, with the site's own templates in `templates_dir` taking precedence.
    pub fn load(templates_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
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
        let mut templates = Self {
            env: Environment::new(),
            overridden,
            templates_dir: templates_dir.to_owned(),
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

    /// Where a template's text lives: the site's file, or the embedded theme.
    pub fn origin(&self, name: &str) -> PathBuf {
        if self.overridden.iter().any(|n| n == name) {
            self.templates_dir.join(name)
        } else {
            Path::new("<default theme>").join(name)
        }
    }

    /// A template error as a diagnostic with the template's file and line.
    pub fn diagnostic(&self, error: &minijinja::Error, source: Option<&str>) -> Diagnostic {
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
