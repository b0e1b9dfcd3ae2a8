//! boke import: reads a Hexo or Hugo source tree and writes a boke site beside it (never
//! touching the source), keeping every old URL it can, converting tag plugins and shortcodes
//! to boke components, and saying in `import-report.md` what it did and did not.

mod convert;
mod dates;
mod error;
mod fetch;
mod front;
mod hexo;
mod hugo;
mod model;
mod oldsite;
mod plan;
mod report;
mod slugs;
mod source;
mod themes;
mod write;

use std::path::{Path, PathBuf};

pub use convert::COMPONENTS;
pub use error::ImportError;
pub use fetch::FetchImages;
pub use model::Engine;
pub use report::{Report, Resolution, Unconverted, UrlLine};

/// The report's file name in the new site.
pub const REPORT_FILE: &str = "import-report.md";

/// Where the import writes each moved page's old and new path, for `boke social import`.
pub const URL_MAP_FILE: &str = "url-map.txt";

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub engine: Engine,
    /// The old site's source folder.
    pub source: PathBuf,
    /// Where the boke site is written.
    pub out: PathBuf,
    /// The old site as published: its `public/` folder or its `sitemap.xml`.
    pub old_site: Option<PathBuf>,
    /// Overwrite files changed by hand since the last import.
    pub force: bool,
    /// Download the remote images posts show into their folders (`--fetch-images`); by
    /// default they are only listed.
    pub fetch_images: Option<FetchImages>,
}

/// Imports the site. Fails only when the source cannot be read or the output written.
pub fn import(options: &ImportOptions) -> Result<Report, ImportError> {
    check_out_is_outside(&options.source, &options.out)?;
    let mut site = match options.engine {
        Engine::Hexo => hexo::read_site(&options.source)?,
        Engine::Hugo => hugo::read_site(&options.source)?,
    };
    let published = match &options.old_site {
        Some(at) => Some(oldsite::read_old_site(at, &site.settings.base_url)?),
        None => None,
    };
    plan::write_site(
        &mut site,
        published.as_deref(),
        &options.out,
        options.force,
        options.fetch_images,
    )?;
    let report = std::mem::take(&mut site.report);
    for (file, text) in [
        (REPORT_FILE, report.markdown()),
        (URL_MAP_FILE, report.url_map()),
    ] {
        std::fs::write(options.out.join(file), text).map_err(|source| ImportError::Write {
            path: options.out.join(file),
            source,
        })?;
    }
    Ok(report)
}

fn check_out_is_outside(source: &Path, out: &Path) -> Result<(), ImportError> {
    let source = source.canonicalize().map_err(error::read(source))?;
    std::fs::create_dir_all(out).map_err(|e| ImportError::Write {
        path: out.to_path_buf(),
        source: e,
    })?;
    let out_full = out.canonicalize().map_err(error::read(out))?;
    if out_full.starts_with(&source) {
        return Err(ImportError::OutInsideSource {
            path: out.to_path_buf(),
        });
    }
    Ok(())
}
