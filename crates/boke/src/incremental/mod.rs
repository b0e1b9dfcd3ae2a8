//! A site kept in memory between edits: each source parsed once and kept until its file
//! changes, and after an edit only the pages whose inputs changed rendered again. `serve` and
//! its benchmark drive it; `boke build` does not need it.

pub(crate) mod cache;
mod code_blocks;

mod changes;
mod in_place;
mod pack;

pub use changes::Changes;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::Hidden;
use crate::assemble::related::RelatedMemo;
use crate::assemble::{self, Site, Slot, Visibility};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::emit::copies::{self, CopiedFile};
use crate::load::config::Config;
use crate::load::{self, ContentFile, Source};
use crate::parse::{self, Page};
use crate::render::plan::{self, Job, JobIndex};
use crate::render::summary::{FieldSet, SummaryHashes};
use crate::render::{self, OutputFile};

use crate::render::components::{Expander, expand_site};
use crate::render::templates::Templates;
use crate::timings::Timings;
use in_place::Planned;

/// What one rebuild changed in the output.
#[derive(Debug, Default)]
pub struct Update {
    /// Pages rendered again, alias pages, and (on a full load) the site-wide files.
    pub files: Vec<OutputFile>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// The complete list of copied files.
    pub copies: Vec<CopiedFile>,
    /// Warnings about the files parsed in this rebuild.
    pub warnings: Vec<Diagnostic>,
    /// How many HTML pages were rendered.
    pub rendered: usize,
    /// The site was assembled and planned again: an edit moved a page, or sources appeared,
    /// went away or were all read again. `false` when edited pages were swapped in place.
    pub reassembled: bool,
    /// How long each stage of the rebuild took.
    pub timings: Timings,
    /// The output paths of posts the site leaves out, with the reason to tell whoever asks
    /// for one.
    pub hidden: Vec<(String, Hidden)>,
}

/// One parsed source, kept until its file changes.
struct Entry {
    page: Arc<Page>,
    warnings: Vec<Diagnostic>,
}

/// What a page was last rendered from: its fingerprint, made with the fields of post
/// summaries its template read.
#[derive(Debug, Clone, Copy)]
struct Rendered {
    fingerprint: u64,
    shown: FieldSet,
}

/// How much a rebuild must redo beyond the sources edited since the last one, from least to
/// most; each level includes the ones below it, so causes merge with `max` and one comparison
/// answers each question a rebuild asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Invalidation {
    /// Only the edited sources: swapped in place when they [stay in
    /// place](crate::assemble::stays_in_place), and fingerprints pick the pages to render.
    Edits,
    /// Also a file to copy appeared or went away: the copies are listed again.
    Copies,
    /// Every source was read again: the site is assembled and planned from scratch.
    Reassemble,
    /// Templates or config changed: fingerprints say nothing, every page is rendered.
    RenderAll,
}

/// The in-memory site and everything needed to rebuild it after an edit.
pub struct LiveSite {
    root: PathBuf,
    visibility: Visibility,
    /// Replaces the config's `base_url`, so a local server's links stay local.
    base_url: Option<String>,
    config: Config,
    templates: Templates,
    /// By path relative to the content directory, in the order the loader walks them.
    entries: BTreeMap<PathBuf, Entry>,
    /// Files that failed to parse, with why; their last good page stays in `entries`.
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Config or template problems that stay until the file is fixed.
    setup_problems: Vec<Diagnostic>,
    assets: BTreeSet<PathBuf>,
    /// The pages of the last rebuild and how each was rendered.
    planned: Option<Planned>,
    /// Sources parsed since the last rebuild, with the page each had then (`None`: new).
    edited: BTreeMap<PathBuf, Option<Arc<Page>>>,
    /// How much the next rebuild must redo beyond the edited sources.
    pending: Invalidation,
    /// Components whose templates changed since the last rebuild: the pages using them are
    /// expanded again.
    stale_components: BTreeSet<String>,
    /// Files under the content directory other than sources that changed since the last
    /// rebuild (relative to it): pages whose components read one are expanded again.
    changed_files: BTreeSet<PathBuf>,
    /// Copied files of the last rebuild.
    copies: Vec<CopiedFile>,
    alias_paths: HashSet<String>,
    site: Arc<Site>,
    /// Related posts, reused while what they are ranked by stays the same.
    related: RelatedMemo,
}

impl LiveSite {
    /// Loads, parses and renders the whole site. The update holds every page; the files made
    /// from the whole site come from [`LiveSite::site_files`].
    pub fn load(
        root: &Path,
        visibility: Visibility,
        base_url: Option<String>,
    ) -> Result<(Self, Update), Diagnostics> {
        Self::load_with_config(root, None, visibility, base_url)
    }

    /// [`LiveSite::load`] with the config read from `config_file` (`--config`), which later
    /// rebuilds read again when it changes.
    pub fn load_with_config(
        root: &Path,
        config_file: Option<&Path>,
        visibility: Visibility,
        base_url: Option<String>,
    ) -> Result<(Self, Update), Diagnostics> {
        let relative = |list: Vec<Diagnostic>| {
            Diagnostics(list.into_iter().map(|d| d.relative_to(root)).collect())
        };
        let config =
            load_config(root, config_file, base_url.as_deref()).map_err(|d| relative(vec![d]))?;
        let templates = Templates::load(&root.join(&config.templates_dir)).map_err(relative)?;
        let mut live = Self {
            root: root.to_path_buf(),
            visibility,
            base_url,
            site: Arc::new(
                assemble::assemble(
                    config.clone(),
                    Vec::new(),
                    visibility,
                    &mut RelatedMemo::default(),
                )
                .map_err(relative)?,
            ),
            config,
            templates,
            entries: BTreeMap::new(),
            broken: BTreeMap::new(),
            setup_problems: Vec::new(),
            assets: BTreeSet::new(),
            planned: None,
            edited: BTreeMap::new(),
            pending: Invalidation::RenderAll,
            stale_components: BTreeSet::new(),
            changed_files: BTreeSet::new(),
            copies: Vec::new(),
            alias_paths: HashSet::new(),
            related: RelatedMemo::default(),
        };
        live.reload_content().map_err(relative)?;
        // The first build reports every warning, as `boke build` does.
        let warnings = live
            .warnings()
            .map(|d| d.clone().relative_to(root))
            .collect();
        let update = live.rebuild(warnings, Timings::start())?;
        Ok((live, update))
    }

    /// The site as last built successfully, for the dev server.
    #[cfg(feature = "serve")]
    pub(crate) fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output paths of the posts left out, and why each is.
    pub(crate) fn hidden(&self) -> Vec<(String, Hidden)> {
        let now = jiff::Timestamp::now();
        self.entries
            .values()
            .map(|entry| &entry.page)
            .filter(|page| page.is_post())
            .filter_map(|page| {
                let reason = self.visibility.hides(page, now)?;
                Some((
                    render::OutputFile::for_site_path(&page.placement.path, "").path,
                    reason,
                ))
            })
            .collect()
    }

    /// The posts the site leaves out, and why.
    pub fn left_out(&self) -> crate::assemble::LeftOut {
        crate::assemble::LeftOut::count(
            self.entries.values().map(|entry| entry.page.as_ref()),
            self.visibility,
        )
    }

    /// Every warning of the current sources.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.values().flat_map(|entry| &entry.warnings)
    }

    /// Theme assets, mirrors, feeds, sitemap and search index of the current site: the files
    /// made from the whole site at once, slower than one page, so `serve` makes them aside.
    pub fn site_files(&self) -> Vec<OutputFile> {
        crate::outputs::site_files(&self.site, &mut crate::timings::Timings::start())
    }

    /// Brings the site up to date with `changes`. On failure every current problem is
    /// returned (not only the new ones) and the last good output stays as it was.
    pub fn apply(&mut self, changes: &Changes) -> Result<Update, Diagnostics> {
        let mut timings = Timings::start();
        let mut warnings = Vec::new();
        if changes.static_files {
            self.invalidate(Invalidation::Copies);
        }
        if changes.config {
            match load_config(
                &self.root,
                self.config.file.as_deref(),
                self.base_url.as_deref(),
            ) {
                Ok(config) => {
                    self.config = config;
                    self.setup_problems.clear();
                    self.invalidate(Invalidation::RenderAll);
                    self.reload_templates(&BTreeSet::new(), true);
                    self.reload_content().map_err(|d| self.relative(d))?;
                    warnings.extend(self.warnings().cloned());
                }
                Err(problem) => self.setup_problems = vec![problem],
            }
        } else {
            if changes.templates || !changes.components.is_empty() {
                self.reload_templates(&changes.components, changes.templates);
            }
            let mut content = changes.content.clone();
            content.extend(self.pages_showing(changes));
            warnings = self.reparse(&content);
        }
        timings.lap("parse");
        let warnings = warnings
            .into_iter()
            .map(|d| d.relative_to(&self.root))
            .collect();
        self.rebuild(warnings, timings)
    }

    /// The sources of the pages that show one of the changed files as an image: their HTML
    /// holds its size and the names of its copies. Folder posts' own images are found by
    /// `reparse` from the folder.
    fn pages_showing(&self, changes: &Changes) -> Vec<PathBuf> {
        let content_dir = self.root.join(&self.config.content_dir);
        let changed: BTreeSet<PathBuf> = changes
            .static_paths
            .iter()
            .cloned()
            .chain(
                changes
                    .content
                    .iter()
                    .map(|inside| content_dir.join(inside)),
            )
            .collect();
        self.entries
            .iter()
            .filter(|(_, entry)| {
                entry
                    .page
                    .images
                    .iter()
                    .any(|image| changed.contains(&image.path))
            })
            .map(|(source, _)| source.clone())
            .collect()
    }

    /// Raises what the next rebuild must redo to at least `level`.
    fn invalidate(&mut self, level: Invalidation) {
        self.pending = self.pending.max(level);
    }

    fn relative(&self, list: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics(
            list.into_iter()
                .map(|d| d.relative_to(&self.root))
                .collect(),
        )
    }

    /// Compiles the templates again. When only the templates of `components` changed, and no
    /// other template names them, the pages using them are expanded again; otherwise every
    /// page is rendered again.
    fn reload_templates(&mut self, components: &BTreeSet<String>, others: bool) {
        match Templates::load(&self.root.join(&self.config.templates_dir)) {
            Ok(templates) => {
                let shared = components.iter().any(|name| {
                    templates.is_shared_component(name) || self.templates.is_shared_component(name)
                });
                self.templates = templates;
                self.setup_problems.clear();
                if others || shared {
                    self.invalidate(Invalidation::RenderAll);
                } else {
                    self.stale_components.extend(components.iter().cloned());
                }
            }
            Err(problems) => self.setup_problems = problems,
        }
    }

    /// Reads and parses every source again.
    fn reload_content(&mut self) -> Result<(), Vec<Diagnostic>> {
        let content = load::load_content(&self.root, &self.config.content_dir)?;
        self.assets = content.assets.into_iter().collect();
        self.invalidate(Invalidation::Reassemble);
        self.entries.clear();
        self.broken.clear();
        self.parse_into_entries(content.sources);
        Ok(())
    }

    /// Re-reads the changed content files; returns the warnings about them.
    fn reparse(&mut self, changed: &BTreeSet<PathBuf>) -> Vec<Diagnostic> {
        let content_dir = self.root.join(&self.config.content_dir);
        let mut sources = Vec::new();
        for inside in changed {
            let path = content_dir.join(inside);
            if path.is_dir() || !path.exists() && !self.entries.contains_key(inside) {
                // A folder appeared, went away or was renamed: read the tree again rather
                // than guess which files moved with it.
                if self.reload_content().is_err() {
                    self.entries.clear();
                }
                return self.warnings().cloned().collect();
            }
            let kind = load::content_file(inside);
            if kind != ContentFile::Markdown {
                self.changed_files.insert(inside.clone());
                let listed = if kind == ContentFile::Asset && path.is_file() {
                    self.assets.insert(inside.clone())
                } else {
                    self.assets.remove(inside)
                };
                if listed {
                    self.invalidate(Invalidation::Copies);
                }
                // A folder post shows the sizes of the images beside it.
                if let Some(post) = self.bundle_post_of(inside)
                    && !changed.contains(&post)
                    && let Ok(source) = load::read_source(&self.root, &content_dir, &post)
                {
                    sources.push(source);
                }
                continue;
            }
            if !path.exists() {
                if let Some(gone) = self.entries.remove(inside) {
                    self.edited.entry(inside.clone()).or_insert(Some(gone.page));
                }
                self.broken.remove(inside);
                continue;
            }
            match load::read_source(&self.root, &content_dir, inside) {
                Ok(source) => sources.push(source),
                Err(problem) => {
                    self.broken.insert(inside.clone(), vec![problem]);
                }
            }
        }
        self.parse_into_entries(sources)
    }

    /// The folder post whose folder holds `file`, if one does.
    fn bundle_post_of(&self, file: &Path) -> Option<PathBuf> {
        file.ancestors().skip(1).find_map(|dir| {
            self.entries
                .keys()
                .find(|source| source.parent() == Some(dir) && parse::bundle_dir(source).is_some())
                .cloned()
        })
    }

    /// Parses sources in parallel into `entries`, or into `broken` when they fail.
    fn parse_into_entries(&mut self, sources: Vec<Source>) -> Vec<Diagnostic> {
        let config = &self.config;
        let parsed: Vec<(PathBuf, Result<parse::Parsed, Vec<Diagnostic>>)> = sources
            .into_par_iter()
            .map(|source| {
                let result = parse::parse(&source, config);
                (source.content_path, result)
            })
            .collect();
        let mut warnings = Vec::new();
        for (inside, result) in parsed {
            match result {
                Ok(parsed) => {
                    self.broken.remove(&inside);
                    warnings.extend(parsed.warnings.iter().cloned());
                    let entry = Entry {
                        page: Arc::new(parsed.page),
                        warnings: parsed.warnings,
                    };
                    let was = self.entries.insert(inside.clone(), entry);
                    self.edited.entry(inside).or_insert(was.map(|e| e.page));
                }
                Err(problems) => {
                    self.broken.insert(inside, problems);
                }
            }
        }
        warnings
    }

    /// Brings the site and its pages up to date with the current sources.
    fn rebuild(
        &mut self,
        warnings: Vec<Diagnostic>,
        timings: Timings,
    ) -> Result<Update, Diagnostics> {
        let mut problems: Vec<Diagnostic> = self.setup_problems.clone();
        problems.extend(self.broken.values().flatten().cloned());
        if !problems.is_empty() {
            return Err(self.relative(problems));
        }
        let mut update = match self.edits_in_place() {
            Some(edits) => {
                let edits = self.expand_edits(edits)?;
                self.rebuild_in_place(&edits, timings)?
            }
            None => self.reassemble(timings)?,
        };
        self.edited.clear();
        self.stale_components.clear();
        self.changed_files.clear();
        self.pending = Invalidation::Edits;
        update.warnings = warnings;
        Ok(update)
    }

    /// Assembles the site from the current pages and renders what changed since last time.
    fn reassemble(&mut self, mut timings: Timings) -> Result<Update, Diagnostics> {
        let pages: Vec<_> = self.entries.values().map(|e| Arc::clone(&e.page)).collect();
        let site = assemble::assemble(
            self.config.clone(),
            pages,
            self.visibility,
            &mut self.related,
        )
        .map_err(|d| self.relative(d))?;
        let content_dir = self.root.join(&self.config.content_dir);
        let site = expand_site(Arc::new(site), &self.templates, &content_dir)
            .map_err(|d| self.relative(d))?;
        timings.lap("assemble");

        let plan = plan::plan(&site);
        crate::render::missing_templates(&site, &self.templates).map_err(|d| self.relative(d))?;
        timings.lap("plan");
        let summaries = SummaryHashes::of(&site);
        let last: HashMap<&str, Rendered> = self
            .planned
            .iter()
            .flat_map(|planned| planned.plan.iter().zip(&planned.states))
            .map(|(job, rendered)| (job.path.as_str(), *rendered))
            .collect();
        let mut states: Vec<Rendered> = plan
            .par_iter()
            .map(|job| {
                let shown = last
                    .get(job.path.as_str())
                    .map_or(FieldSet::ALL, |r| r.shown);
                let fingerprint = job.fingerprint(&site, &summaries, shown);
                Rendered { fingerprint, shown }
            })
            .collect();
        let stale: Vec<JobIndex> = (0..plan.len())
            .filter(|&i| {
                self.pending == Invalidation::RenderAll
                    || last.get(plan[i].path.as_str()).map(|r| r.fingerprint)
                        != Some(states[i].fingerprint)
            })
            .map(JobIndex)
            .collect();
        timings.lap("compare");
        let mut files = self.render_stale(&site, &plan, &stale, &summaries, &mut states)?;
        let rendered = files.len();
        timings.lap("render");

        let now: HashSet<&str> = plan.iter().map(|job| job.path.as_str()).collect();
        let mut removed: Vec<String> = last
            .keys()
            .filter(|path| !now.contains(*path))
            .map(|path| render::OutputFile::for_site_path(path, "").path)
            .collect();
        drop(last);
        let aliases = render::alias_pages(&site);
        let alias_paths: HashSet<String> = aliases.iter().map(|f| f.path.clone()).collect();
        removed.extend(self.alias_paths.difference(&alias_paths).cloned());
        self.alias_paths = alias_paths;
        files.extend(aliases);

        self.planned = Some(Planned::new(plan, states, summaries));
        self.copies = self.list_copies(&site);
        self.site = site;
        timings.lap("copies");
        Ok(Update {
            files,
            removed,
            copies: self.copies.clone(),
            warnings: Vec::new(),
            rendered,
            reassembled: true,
            timings,
            hidden: self.hidden(),
        })
    }

    /// Renders the jobs `stale` of `plan` and records in `states` what each was rendered
    /// from: the fields its template read are known now, and later edits compare against them.
    fn render_stale(
        &self,
        site: &Arc<Site>,
        plan: &[Job],
        stale: &[JobIndex],
        summaries: &SummaryHashes,
        states: &mut [Rendered],
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let stale_jobs: Vec<&Job> = stale.iter().map(|&JobIndex(i)| &plan[i]).collect();
        let pages = render::render_pages(site, &self.templates, &stale_jobs)
            .map_err(|d| self.relative(d))?;
        let mut files = Vec::with_capacity(pages.len());
        for (&JobIndex(i), (file, shown)) in stale.iter().zip(pages) {
            states[i] = Rendered {
                fingerprint: plan[i].fingerprint(site, summaries, shown),
                shown,
            };
            files.push(file);
        }
        Ok(files)
    }

    /// The edited pages with their components expanded, and the other pages whose components
    /// changed: those using a component whose template changed, and those whose components
    /// read an edited source or file (a `link` card's page, an `include`d file).
    fn expand_edits(
        &self,
        edits: Vec<(Slot, Arc<Page>)>,
    ) -> Result<Vec<(Slot, Arc<Page>)>, Diagnostics> {
        let changed: BTreeSet<&Path> = self
            .edited
            .keys()
            .chain(&self.changed_files)
            .map(PathBuf::as_path)
            .collect();
        let content_root = Path::new(&self.config.content_dir);
        let mut plain = Vec::new();
        let mut todo = Vec::new();
        for (slot, page) in &edits {
            if page.components.is_empty() {
                plain.push((*slot, Arc::clone(page)));
            } else {
                todo.push((*slot, Arc::clone(page)));
            }
        }
        for (slot, page) in self.site.slots() {
            if page.components.is_empty() || edits.iter().any(|(edited, _)| *edited == slot) {
                continue;
            }
            let uses_changed = page
                .components
                .iter()
                .any(|c| self.stale_components.contains(&c.name));
            let reads_changed = page
                .depends_on
                .iter()
                .any(|p| changed.contains(p.as_path()));
            if !uses_changed && !reads_changed {
                continue;
            }
            let inside = page
                .source
                .strip_prefix(content_root)
                .unwrap_or(&page.source);
            if let Some(entry) = self.entries.get(inside) {
                todo.push((slot, Arc::clone(&entry.page)));
            }
        }
        if todo.is_empty() {
            return Ok(plain);
        }
        let site = Arc::new(self.site.with_edits(&edits));
        let content_dir = self.root.join(&self.config.content_dir);
        let expanded = Expander::new(&site, &self.templates, &content_dir)
            .expand_all(todo.into_iter())
            .map_err(|d| self.relative(d))?;
        plain.extend(expanded);
        Ok(plain)
    }

    /// Static files and the files beside posts, for `site`.
    fn list_copies(&mut self, site: &Site) -> Vec<CopiedFile> {
        let bundles: Vec<PathBuf> = self
            .entries
            .values()
            .filter_map(|e| e.page.placement.bundle_dir.clone())
            .collect();
        let assets: Vec<PathBuf> = self.assets.iter().cloned().collect();
        copies::copies(
            site,
            &assets,
            &bundles,
            &self.root.join(&self.config.content_dir),
            &self.root.join(&self.config.static_dir),
        )
    }
}

fn load_config(
    root: &Path,
    file: Option<&Path>,
    base_url: Option<&str>,
) -> Result<Config, Diagnostic> {
    let mut config = Config::load_from(root, file)?;
    if let Some(base_url) = base_url {
        config.base_url = base_url.to_owned();
    }
    Ok(config)
}
