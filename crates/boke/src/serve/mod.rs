//! `boke serve`: the site built into memory, served over HTTP with live reload, and rebuilt
//! incrementally as its files change.

mod http;
mod livereload;
mod negotiate;
mod state;
mod watcher;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use state::Shared;

use crate::assemble::Visibility;
use crate::incremental::{LiveSite, Update};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub visibility: Visibility,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// The address pages link to (`--base-url`); by default the one served.
    pub base_url: Option<String>,
    /// Read instead of the site's `boke.toml` (`--config FILE`).
    pub config: Option<PathBuf>,
}

/// Why the server did not start, or stopped. Problems in the site itself are not among them:
/// the server shows those in the browser until they are fixed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the site folder {}", path.display())]
    SiteFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot listen on {bind}:{port}; is another server using the port? try --port")]
    Listen {
        bind: IpAddr,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch {} for changes", path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: notify_debouncer_full::notify::Error,
    },
    #[error("cannot start the server's threads")]
    Threads(#[source] std::io::Error),
    #[error("cannot start the thread that makes the site-wide files")]
    Pool(#[source] rayon::ThreadPoolBuildError),
    #[error("the server stopped")]
    Stopped(#[source] std::io::Error),
}

/// Builds the site, serves it and rebuilds on changes until interrupted (Ctrl-C).
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Threads)?;
    runtime.block_on(serve(options))
}

async fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let folder_error = |source| ServeError::SiteFolder {
        path: options.root.clone(),
        source,
    };
    let root = std::path::absolute(&options.root).map_err(folder_error)?;
    let site_root = std::fs::canonicalize(&root).map_err(folder_error)?;
    let listen_error = |source| ServeError::Listen {
        bind: options.bind,
        port: options.port,
        source,
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .await
        .map_err(listen_error)?;
    let address = listener.local_addr().map_err(listen_error)?;
    let url = format!("http://{address}/");
    let base_url = options.base_url.clone().unwrap_or_else(|| url.clone());

    let shared = Arc::new(Shared::default());
    let started = std::time::Instant::now();
    eprintln!("building {} …", root.display());
    let load: watcher::Load = {
        let (root, visibility, base_url) = (root.clone(), options.visibility, base_url.clone());
        let config = options.config.clone();
        Box::new(move || {
            LiveSite::load_with_config(&root, config.as_deref(), visibility, Some(base_url.clone()))
        })
    };
    let live = match load() {
        Ok((live, update)) => {
            for warning in &update.warnings {
                eprintln!("{warning}\n");
            }
            // Pages as `boke build` counts them: every HTML file, the site-wide ones too.
            let site_files = live.site_files();
            let pages = update
                .files
                .iter()
                .chain(&site_files)
                .filter(|file| file.path.ends_with(".html"))
                .count();
            shared.publish_site_wide(site_files);
            let rendered = rendered_pages(&update);
            shared.publish(update, &[]);
            for problem in shared.link_problems(&live.site(), &rendered) {
                eprintln!("{}\n", problem.relative_to(&root));
            }
            eprintln!(
                "built {pages} page{} in {:.2?}",
                if pages == 1 { "" } else { "s" },
                started.elapsed()
            );
            if let Some(line) = live.left_out().describe() {
                eprintln!("{line}");
            }
            Some(live)
        }
        Err(problems) => {
            eprintln!("{problems}");
            shared.fail(problems.to_string());
            None
        }
    };
    let _watching = watcher::start(&root, live, load, Arc::clone(&shared))?;
    println!("serving {url}");
    if options.open {
        open_browser(&url);
    }
    let app = http::router(http::App { shared, site_root });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Stopped)?;
    Ok(())
}

/// The output paths of the HTML pages an update rendered: the pages whose links to check.
pub(crate) fn rendered_pages(update: &Update) -> HashSet<String> {
    update
        .files
        .iter()
        .filter(|file| file.path.ends_with(".html"))
        .map(|file| file.path.clone())
        .collect()
}

/// Opens `url` with the desktop's browser opener; a missing opener is not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("could not start {opener}; open {url} yourself");
    }
}
