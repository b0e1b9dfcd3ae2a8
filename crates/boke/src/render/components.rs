//! Components in pages: each placeholder the Markdown left (see `boke_markdown::Component`)
//! swapped for the output of its template, `shortcodes/NAME.html` (the site's over the
//! theme's). It runs after assemble, on the pages that use components, so that a `link` card
//! can show any page of the site; what each page's components read of other files is kept in
//! [`Page::depends_on`] for `serve`.

use std::collections::HashMap;
use std::path::{Component as PathPart, Path, PathBuf};
use std::sync::{Arc, Mutex};

use boke_markdown::Arg;
use minijinja::{Error, ErrorKind, Value, context};
use rayon::prelude::*;

use crate::assemble::{Site, Slot};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::parse::Page;
use crate::render::i18n;
use crate::render::summary::{FieldsRead, PostSummary};
use crate::render::templates::{COMPONENTS_DIR, Templates};
use crate::render::values::to_value;

/// The site with every page that uses components expanded. `content_dir` is where `include`
/// reads files from.
pub(crate) fn expand_site(
    site: Arc<Site>,
    templates: &Templates,
    content_dir: &Path,
) -> Result<Arc<Site>, Vec<Diagnostic>> {
    let slots: Vec<(Slot, &Arc<Page>)> = site
        .slots()
        .filter(|(_, page)| !page.components.is_empty())
        .collect();
    if slots.is_empty() {
        return Ok(site);
    }
    let expander = Expander::new(&site, templates, content_dir);
    let edits = expander.expand_all(
        slots
            .into_iter()
            .map(|(slot, page)| (slot, Arc::clone(page))),
    )?;
    Ok(Arc::new(site.with_edits(&edits)))
}

/// A page expanded, with its place in the site.
pub(crate) type Edit = (Slot, Arc<Page>);

/// Expands components against one site.
pub(crate) struct Expander<'a> {
    site: &'a Arc<Site>,
    templates: &'a Templates,
    content_dir: &'a Path,
    lookup: Arc<Lookup>,
}

/// Pages by the two names `link` accepts: the source path relative to `content/`, and the
/// site path.
#[derive(Default)]
struct Lookup {
    by_source: HashMap<PathBuf, Slot>,
    by_path: HashMap<String, Slot>,
}

impl<'a> Expander<'a> {
    pub(crate) fn new(
        site: &'a Arc<Site>,
        templates: &'a Templates,
        content_dir: &'a Path,
    ) -> Self {
        let mut lookup = Lookup::default();
        let content_root = Path::new(&site.config.content_dir);
        for (slot, page) in site.slots() {
            let source = page
                .source
                .strip_prefix(content_root)
                .unwrap_or(&page.source);
            lookup.by_source.insert(source.to_path_buf(), slot);
            lookup
                .by_path
                .insert(page.placement.path.trim_end_matches('/').to_owned(), slot);
        }
        Self {
            site,
            templates,
            content_dir,
            lookup: Arc::new(lookup),
        }
    }

    /// Each page expanded, in parallel; the problems of all of them together.
    pub(crate) fn expand_all(
        &self,
        pages: impl Iterator<Item = Edit>,
    ) -> Result<Vec<Edit>, Vec<Diagnostic>> {
        let pages: Vec<Edit> = pages.collect();
        let results: Vec<Result<Edit, Vec<Diagnostic>>> = pages
            .into_par_iter()
            .map(|(slot, page)| Ok((slot, Arc::new(self.expand(&page)?))))
            .collect();
        let mut edits = Vec::new();
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(edit) => edits.push(edit),
                Err(found) => problems.extend(found),
            }
        }
        if problems.is_empty() {
            Ok(edits)
        } else {
            Err(problems)
        }
    }

    /// `page` with its components' HTML in place of their placeholders. `page` is as parsed:
    /// expanding an expanded page finds nothing to do.
    pub(crate) fn expand(&self, page: &Page) -> Result<Page, Vec<Diagnostic>> {
        let components = &page.components;
        let reads = Arc::new(Mutex::new(Vec::new()));
        let strings = to_value(i18n::strings(&page.placement.lang));
        let mut html: Vec<String> = vec![String::new(); components.len()];
        let mut bodies: Vec<Option<String>> = vec![None; components.len()];
        let mut problems = Vec::new();
        // Children come after their parent in the list: filled from the end, each body's
        // placeholders are ready when it is.
        for index in (0..components.len()).rev() {
            let component = &components[index];
            let body = component
                .body
                .as_deref()
                .map(|body| fill(body.trim_end(), &html));
            match self.render_one(
                page,
                index,
                body.as_deref(),
                &html,
                &bodies,
                &strings,
                &reads,
            ) {
                Ok(output) => html[index] = output,
                Err(problem) => problems.push(*problem),
            }
            bodies[index] = body;
        }
        if !problems.is_empty() {
            problems.reverse();
            return Err(problems);
        }
        let mut expanded = page.clone();
        expanded.content = fill(&page.content, &html);
        expanded.summary_html = fill(&page.summary_html, &html);
        let mut depends_on = reads.lock().map(|r| r.clone()).unwrap_or_default();
        depends_on.sort();
        depends_on.dedup();
        expanded.depends_on = depends_on;
        Ok(expanded)
    }

    #[allow(clippy::too_many_arguments)]
    fn render_one(
        &self,
        page: &Page,
        index: usize,
        body: Option<&str>,
        html: &[String],
        bodies: &[Option<String>],
        strings: &Value,
        reads: &Arc<Mutex<Vec<PathBuf>>>,
    ) -> Result<String, Box<Diagnostic>> {
        let component = &page.components[index];
        let at = |message: String| {
            Box::new(Diagnostic::error(&page.source, message).at(
                &page.markdown,
                component.line,
                component.column,
            ))
        };
        let name = component.name.as_str();
        let Some(spec) = self.templates.component(name) else {
            let known: Vec<&str> = self.templates.component_names().collect();
            let mut hint = format!(
                "known components: {}; add `templates/{COMPONENTS_DIR}{name}.html` to make a new one",
                known.join(", ")
            );
            if let Some(close) = did_you_mean(name, known.iter().copied()) {
                hint = format!("did you mean `{close}`? {hint}");
            }
            return Err(Box::new(
                (*at(format!("unknown component `{name}`"))).with_hint(hint),
            ));
        };
        let missing: Vec<&str> = spec
            .required
            .iter()
            .map(String::as_str)
            .filter(|key| !component.args.iter().any(|(k, _)| k == key))
            .collect();
        if !missing.is_empty() {
            let example: Vec<String> = missing.iter().map(|k| format!("{k}=\"…\"")).collect();
            return Err(Box::new(
                (*at(format!(
                    "component `{name}` needs the argument{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
                .with_hint(format!("write {{{{< {name} {} >}}}}", example.join(" "))),
            ));
        }
        if let Some(known) = spec.known_arguments()
            && let Some((unknown, _)) = component.args.iter().find(|(key, _)| !spec.takes(key))
        {
            let mut hint = format!(
                "`{name}` takes {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(close) = did_you_mean(unknown, known.iter().copied()) {
                hint = format!("did you mean `{close}`? {hint}");
            }
            return Err(Box::new(
                (*at(format!("component `{name}` has no argument `{unknown}`"))).with_hint(hint),
            ));
        }
        if spec.needs_body && body.is_none() {
            return Err(Box::new(
                (*at(format!(
                    "component `{name}` has no body: its closing tag is missing"
                )))
                .with_hint(format!(
                    "close it with {{{{< /{name} >}}}} after its content"
                )),
            ));
        }
        let children: Vec<Value> = component
            .children
            .iter()
            .map(|&child| {
                let of = &page.components[child];
                context! {
                    name => of.name.as_str(),
                    args => args_value(&of.args),
                    body => bodies[child].clone().map(Value::from_safe_string),
                    html => Value::from_safe_string(html[child].clone()),
                }
            })
            .collect();
        let values = context! {
            args => args_value(&component.args),
            body => body.map(|b| Value::from_safe_string(b.to_owned())),
            children => children,
            lang => page.placement.lang.as_str(),
            t => strings.clone(),
            uid => format!("c{:x}-{index}", page.source_hash & 0xff_ffff),
            page => context! { title => page.title.as_str(), url => page.placement.url.as_str() },
            page_ref => self.page_ref(reads),
            code_file => self.code_file(page, reads),
        };
        let template_name = format!("{COMPONENTS_DIR}{name}.html");
        let rendered = self
            .templates
            .env
            .get_template(&template_name)
            .and_then(|template| template.render(values));
        match rendered {
            Ok(output) => Ok(output.trim().to_owned()),
            Err(error) => {
                let origin = self.templates.origin(&template_name);
                let detail = error_detail(&error);
                Err(at(format!(
                    "component `{name}` ({}): {detail}",
                    origin.display()
                )))
            }
        }
    }

    /// `page_ref(to)`: the summary of the page at `to`, a source path relative to `content/`
    /// or a site path; recorded as read.
    fn page_ref(&self, reads: &Arc<Mutex<Vec<PathBuf>>>) -> Value {
        let site = Arc::clone(self.site);
        let lookup = Arc::clone(&self.lookup);
        let reads = Arc::clone(reads);
        let content_root = PathBuf::from(&site.config.content_dir);
        Value::from_function(move |to: String| -> Result<Value, Error> {
            let slot = if to.starts_with('/') {
                let decoded = percent_decode(&to);
                lookup.by_path.get(decoded.trim_end_matches('/')).copied()
            } else {
                lookup
                    .by_source
                    .get(Path::new(to.trim_start_matches("./")))
                    .copied()
            };
            let Some(slot) = slot else {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "no published post or page at `{to}` (write the source path under content/, such as `posts/some-post.md`, or the site path, such as `/posts/some-post/`; drafts and future posts are not published)"
                    ),
                ));
            };
            let target = match slot {
                Slot::Post(i) => &site.posts[i],
                Slot::Page(i) => &site.pages[i],
            };
            if let Ok(mut reads) = reads.lock() {
                let source = target
                    .source
                    .strip_prefix(&content_root)
                    .unwrap_or(&target.source);
                reads.push(source.to_path_buf());
            }
            let read = Arc::new(FieldsRead::default());
            Ok(PostSummary::value(&site, target, &read))
        })
    }

    /// `code_file(file, lang, lines)`: a file of the page's folder as a highlighted code
    /// block, optionally only lines `a-b`; recorded as read.
    fn code_file(&self, page: &Page, reads: &Arc<Mutex<Vec<PathBuf>>>) -> Value {
        let content_root = PathBuf::from(&self.site.config.content_dir);
        let source = page
            .source
            .strip_prefix(&content_root)
            .unwrap_or(&page.source);
        let folder = page
            .placement
            .bundle_dir
            .clone()
            .unwrap_or_else(|| source.parent().map(Path::to_path_buf).unwrap_or_default());
        let content_dir = self.content_dir.to_path_buf();
        let options = self.site.config.markdown_options();
        let reads = Arc::clone(reads);
        Value::from_function(
            move |file: String,
                  lang: Option<String>,
                  lines: Option<String>|
                  -> Result<Value, Error> {
                let relative = Path::new(&file);
                if file.is_empty()
                    || !relative
                        .components()
                        .all(|part| matches!(part, PathPart::Normal(_) | PathPart::CurDir))
                {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!(
                            "`{file}` is not a file name inside the post's folder (`{}`)",
                            folder.display()
                        ),
                    ));
                }
                let inside = folder.join(relative);
                if let Ok(mut reads) = reads.lock() {
                    reads.push(inside.clone());
                }
                let text = std::fs::read_to_string(content_dir.join(&inside)).map_err(|error| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("cannot read `{}`: {error}", inside.display()),
                    )
                })?;
                let code = match lines.as_deref().filter(|l| !l.is_empty()) {
                    Some(range) => select_lines(&text, range)
                        .map_err(|message| Error::new(ErrorKind::InvalidOperation, message))?,
                    None => text,
                };
                let lang = lang.unwrap_or_else(|| {
                    relative
                        .extension()
                        .and_then(|e| e.to_str())
                        .map(language_of_extension)
                        .unwrap_or_default()
                        .to_owned()
                });
                Ok(Value::from_safe_string(boke_markdown::code_block_html(
                    &code, &lang, &options,
                )))
            },
        )
    }
}

/// Markdown → HTML fragment, as a page of the site at `root` renders it: components expanded
/// with the site's templates. No other page is loaded, so a `link` card can name none.
pub(crate) fn render_fragment(root: &Path, markdown: &str) -> Result<String, Vec<Diagnostic>> {
    let config = crate::load::config::Config::load(root).map_err(|d| vec![d])?;
    let mut options = config.markdown_options();
    options.extract_title = false;
    let rendered = boke_markdown::render(markdown, &options);
    if rendered.components.is_empty() && rendered.errors.is_empty() {
        return Ok(rendered.html);
    }
    // Parsed as a page with a title given, so that a leading heading stays in the body.
    const FRONT: &str = "---\ntitle: fragment\n---\n";
    let source = crate::load::Source {
        path: PathBuf::from("<stdin>"),
        content_path: PathBuf::from("stdin.md"),
        text: format!("{FRONT}{markdown}").into(),
        modified: std::time::SystemTime::UNIX_EPOCH,
        folder: root.to_path_buf(),
        root: root.to_path_buf(),
    };
    let front_lines = FRONT.lines().count();
    let unshift = |mut list: Vec<Diagnostic>| {
        for diagnostic in &mut list {
            diagnostic.line = diagnostic
                .line
                .map(|l| l.saturating_sub(front_lines).max(1));
        }
        list
    };
    let page = crate::parse::parse(&source, &config).map_err(unshift)?.page;
    let templates = Templates::load(&root.join(&config.templates_dir))?;
    let content_dir = root.join(&config.content_dir);
    let page = Arc::new(page);
    let site = crate::assemble::assemble(
        config,
        vec![Arc::clone(&page)],
        crate::assemble::Visibility::default(),
        &mut crate::assemble::related::RelatedMemo::default(),
    )?;
    let site = Arc::new(site);
    let expanded = Expander::new(&site, &templates, &content_dir)
        .expand(&page)
        .map_err(unshift)?;
    Ok(expanded.content)
}

/// The component HTML in place of each placeholder of `html`.
fn fill(html: &str, outputs: &[String]) -> String {
    boke_markdown::fill_placeholders(html, |index| -> Result<String, ()> {
        Ok(outputs.get(index).cloned().unwrap_or_default())
    })
    .unwrap_or_default()
}

fn args_value(args: &[(String, Arg)]) -> Value {
    args.iter()
        .map(|(key, arg)| {
            let value = match arg {
                Arg::Text(text) => Value::from(text.as_str()),
                Arg::Integer(n) => Value::from(*n),
                Arg::Float(x) => Value::from(*x),
                Arg::Bool(b) => Value::from(*b),
            };
            (key.clone(), value)
        })
        .collect::<std::collections::BTreeMap<String, Value>>()
        .into()
}

/// A template error's message without minijinja's location (the tag's is given instead),
/// with the error a function raised when it has one.
fn error_detail(error: &Error) -> String {
    let mut detail = match error.detail() {
        Some(detail) => detail.to_owned(),
        None => error.kind().to_string(),
    };
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        if let Some(inner) = inner.downcast_ref::<Error>()
            && let Some(text) = inner.detail()
        {
            detail = text.to_owned();
        }
        source = inner.source();
    }
    detail
}

/// Lines `a-b` (1-based, inclusive), `a-` (to the end) or `a` of `text`.
fn select_lines(text: &str, range: &str) -> Result<String, String> {
    let bad = || format!("lines=\"{range}\" is not a line range such as \"3-10\"");
    let (first, last) = match range.split_once('-') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (range.trim(), None),
    };
    let first: usize = first.parse().map_err(|_| bad())?;
    let total = text.lines().count();
    let last: usize = match last {
        Some("") => total,
        Some(b) => b.parse().map_err(|_| bad())?,
        None => first,
    };
    if first == 0 || first > last || last > total {
        return Err(format!(
            "lines=\"{range}\" is outside the file's {total} lines"
        ));
    }
    let mut code: String = text
        .lines()
        .skip(first - 1)
        .take(last - first + 1)
        .collect::<Vec<_>>()
        .join("\n");
    code.push('\n');
    Ok(code)
}

/// The highlighter's language name for a file extension it does not know by itself.
fn language_of_extension(extension: &str) -> &str {
    match extension {
        "rs" => "rust",
        "py" => "python",
        "js" | "mjs" => "javascript",
        "ts" => "typescript",
        "sh" => "bash",
        "yml" => "yaml",
        "md" => "markdown",
        other => other,
    }
}

fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges() {
        let text = "a\nb\nc\nd\n";
        assert_eq!(select_lines(text, "2-3").as_deref(), Ok("b\nc\n"));
        assert_eq!(select_lines(text, "3-").as_deref(), Ok("c\nd\n"));
        assert_eq!(select_lines(text, "4").as_deref(), Ok("d\n"));
        assert!(select_lines(text, "3-9").is_err_and(|e| e.contains("4 lines")));
        assert!(select_lines(text, "x").is_err());
    }

    #[test]
    fn site_paths_are_decoded() {
        assert_eq!(percent_decode("/posts/%E4%BA%BA/"), "/posts/人/");
    }
}
