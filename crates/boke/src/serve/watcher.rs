//! Watching the site's files and rebuilding on each change: a debounced watcher feeds one
//! rebuild thread; the files made from the whole site are redone on a second thread so that
//! the reload after an edit never waits for them.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::ServeError;
use super::state::{Reload, Shared};
use crate::assemble::Site;
use crate::diagnostic::Diagnostics;
use crate::incremental::{Changes, LiveSite, Update};
use crate::load::config::Config;

/// Long enough to merge the several events of one save, short enough not to be noticed.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Keeps the watcher alive; dropping it stops watching.
pub(crate) struct Watching {
    _debouncer: Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>,
}

/// Loads the whole site: the first build, and the retry after a first build that failed.
pub(crate) type Load = Box<dyn Fn() -> Result<(LiveSite, Update), Diagnostics> + Send>;

/// Starts watching `boke.toml`, content, templates and static files, and rebuilding `live`
/// on every change (or loading it with `load` while no build has succeeded).
pub(crate) fn start(
    root: &Path,
    live: Option<LiveSite>,
    load: Load,
    shared: Arc<Shared>,
) -> Result<Watching, ServeError> {
    let watch_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ServeError::Watch { path, source }
    };
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender).map_err(watch_error(root))?;
    let config = match &live {
        Some(live) => live.config().clone(),
        None => Config::load(root).unwrap_or_default(),
    };
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(watch_error(root))?;
    // A config given with --config may live in another folder.
    if let Some(folder) = config.file.as_deref().and_then(Path::parent)
        && !folder.as_os_str().is_empty()
        && folder != root
    {
        debouncer
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(watch_error(folder))?;
    }
    // The friend links' folder, for `data/links.toml`.
    let data = root.join("data");
    if data.is_dir() {
        debouncer
            .watch(&data, RecursiveMode::NonRecursive)
            .map_err(watch_error(&data))?;
    }
    for dir in [
        &config.content_dir,
        &config.templates_dir,
        &config.static_dir,
    ] {
        let dir = root.join(dir);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(watch_error(&dir))?;
        }
    }
    let root = root.to_path_buf();
    let site_wide = Arc::new(Latest::default());
    let worker = Arc::clone(&site_wide);
    let publish_to = Arc::clone(&shared);
    // The search index and the other site-wide files take seconds on a large site. They get
    // a pool of their own: on the shared pool the next edit's parse and render would queue
    // behind them. Its thread runs only when no other wants the core, or on a machine with
    // few cores it would still halve the speed of the next edit.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "boke-site-files".into())
        .start_handler(|_| run_when_idle())
        .build()
        .map_err(ServeError::Pool)?;
    std::thread::Builder::new()
        .name("boke-site-files".into())
        .spawn(move || {
            loop {
                let site = worker.take();
                let files = pool.install(|| {
                    crate::outputs::site_files(&site, &mut crate::timings::Timings::start())
                });
                publish_to.publish_site_wide(files);
            }
        })
        .map_err(ServeError::Threads)?;
    std::thread::Builder::new()
        .name("boke-rebuild".into())
        .spawn(move || rebuild_loop(&root, live, &load, &shared, &site_wide, &receiver))
        .map_err(ServeError::Threads)?;
    Ok(Watching {
        _debouncer: debouncer,
    })
}

/// Gives the calling thread the lowest priority the system allows. Where it is refused the
/// thread keeps its priority: the files are still made, they only compete with edits.
fn run_when_idle() {
    use thread_priority::ThreadPriority;
    #[cfg(unix)]
    let lowered = {
        use thread_priority::{NormalThreadSchedulePolicy, ThreadSchedulePolicy};
        thread_priority::set_thread_priority_and_policy(
            thread_priority::thread_native_id(),
            ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        )
    };
    #[cfg(not(unix))]
    let lowered = thread_priority::set_current_thread_priority(ThreadPriority::Min);
    if let Err(error) = lowered {
        eprintln!("warning: site-wide files keep their priority: {error:?}");
    }
}

fn rebuild_loop(
    root: &Path,
    mut live: Option<LiveSite>,
    load: &Load,
    shared: &Shared,
    site_wide: &Latest,
    receiver: &mpsc::Receiver<DebounceEventResult>,
) {
    while let Ok(first) = receiver.recv() {
        let started = Instant::now();
        let mut paths = Vec::new();
        for result in std::iter::once(first).chain(receiver.try_iter()) {
            match result {
                Ok(events) => {
                    for event in events.into_iter().filter(|e| changes_files(&e.event.kind)) {
                        paths.extend(event.event.paths);
                    }
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching files: {error}");
                    }
                }
            }
        }
        let Some(current) = live.as_mut() else {
            match load() {
                Ok((loaded, update)) => {
                    shared.publish_site_wide(loaded.site_files());
                    shared.publish(update, &[]);
                    println!("built in {:.1?}", started.elapsed());
                    live = Some(loaded);
                }
                Err(problems) => {
                    eprintln!("{problems}");
                    shared.fail(problems.to_string());
                }
            }
            continue;
        };
        let changes = Changes::classify(root, current.config(), &paths);
        if changes.is_empty() {
            continue;
        }
        let touched = copied_files_touched(root, current.config(), &paths);
        match current.apply(&changes) {
            Ok(update) => {
                for warning in &update.warnings {
                    eprintln!("{warning}\n");
                }
                let rendered = update.rendered;
                if std::env::var_os("BOKE_TIMINGS").is_some_and(|v| v != "0") {
                    eprintln!("stages:\n{}", update.timings);
                }
                let pages = super::rendered_pages(&update);
                let event = shared.publish(update, &touched);
                for problem in shared.link_problems(&current.site(), &pages) {
                    eprintln!("{}\n", problem.relative_to(root));
                }
                println!(
                    "rebuilt in {:.1?}: {rendered} page{} rendered{}",
                    started.elapsed(),
                    if rendered == 1 { "" } else { "s" },
                    match event {
                        Some(Reload::Css(_)) => ", stylesheets swapped",
                        Some(_) => ", pages reloaded",
                        None => ", nothing changed",
                    }
                );
                site_wide.put(current.site());
            }
            Err(problems) => {
                eprintln!("{problems}\n(still serving the last good site)");
                shared.fail(problems.to_string());
            }
        }
    }
}

/// Whether an event can change what a file holds. Reads are reported too (the server's own
/// reads among them), and so are permission and time stamp changes: none changes the site.
fn changes_files(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other
    ) || matches!(kind, EventKind::Modify(modify) if !matches!(modify, ModifyKind::Metadata(_)))
}

/// Changed files outside content Markdown and templates: served from disk, so their new
/// bytes count as a change even when the list of copies stays the same.
fn copied_files_touched(
    root: &Path,
    config: &crate::load::config::Config,
    paths: &[PathBuf],
) -> Vec<PathBuf> {
    let static_dir = root.join(&config.static_dir);
    let content_dir = root.join(&config.content_dir);
    paths
        .iter()
        .filter(|path| {
            path.starts_with(&static_dir)
                || path.starts_with(&content_dir)
                    && path.extension().and_then(|e| e.to_str()) != Some("md")
        })
        .cloned()
        .collect()
}

/// A one-slot mailbox where a newer site replaces an older one not yet taken.
#[derive(Default)]
struct Latest {
    slot: Mutex<Option<Arc<Site>>>,
    ready: Condvar,
}

impl Latest {
    fn put(&self, site: Arc<Site>) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some(site);
            self.ready.notify_one();
        }
    }

    fn take(&self) -> Arc<Site> {
        let mut slot = match self.slot.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        loop {
            if let Some(site) = slot.take() {
                return site;
            }
            slot = match self.ready.wait(slot) {
                Ok(slot) => slot,
                Err(poisoned) => poisoned.into_inner(),
            };
        }
    }
}
