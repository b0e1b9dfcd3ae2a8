//! Deploys a built static site incrementally: the site's manifest of content hashes against
//! the one kept on the target gives a [`Plan`] of uploads and deletes; files land in an order
//! that never leaves a page without its assets (assets, then feeds and indexes, then pages,
//! then deletes, then the new manifest), each with its `Content-Type` and `Cache-Control`,
//! pre-compressed where the target asks. [`verify`] compares a target with the built site.
//! Targets: S3-compatible object storage (the `s3` feature), a folder, a git branch.

pub mod config;
#[cfg(feature = "s3")]
mod credentials;
mod error;
mod git;
pub mod headers;
mod journal;
pub mod manifest;
pub mod notify;
pub mod plan;
pub mod precompress;
pub mod purge;
pub mod redirect;
mod sign;
mod store;
pub mod verify;

use std::path::PathBuf;

pub use config::{
    CacheRule, Cdn, Encoding, Kind, Notify, Precompress, Purge, Redirects, TargetConfig,
};
pub use error::Error;
pub use manifest::{MANIFEST_FILE, Manifest};
pub use plan::{Plan, bytes};
pub use verify::{ManifestState, Verification};

use store::Store;

/// The most files a deploy deletes unless told otherwise: a site that lost more than this
/// was more likely built wrong (an empty `public/`) than pruned.
pub const MAX_DELETES: usize = 256;

/// How to run a deploy.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The built site to deploy, e.g. `public/`.
    pub public: PathBuf,
    /// The site's folder: a folder target's relative `url` and a git target's relative
    /// remote are relative to it.
    pub site_root: PathBuf,
    /// Where the deploy keeps its journal and git's trees, e.g. `.boke-cache/deploy/`.
    pub cache: PathBuf,
    /// Plan only: read the target's manifest, change nothing.
    pub dry_run: bool,
    /// Delete however many files the plan deletes.
    pub force: bool,
    /// Refuse a plan deleting more files than this, unless `force` [default: 256].
    pub max_deletes: usize,
    /// The site's address, which a CDN purge puts before each changed path.
    pub site_url: String,
}

impl Options {
    pub fn new(public: PathBuf, site_root: PathBuf, cache: PathBuf) -> Self {
        Self {
            public,
            site_root,
            cache,
            dry_run: false,
            force: false,
            max_deletes: MAX_DELETES,
            site_url: String::new(),
        }
    }
}

/// What a deploy did (or, with `dry_run`, would do).
#[derive(Debug, Clone)]
pub struct Report {
    /// Where the site went: `s3://blog/`, a folder, a repository and branch.
    pub target: String,
    pub plan: Plan,
    /// Files an interrupted deploy had already uploaded, not uploaded again.
    pub resumed: usize,
    /// Whether the target had a manifest (else every file it held was compared as changed).
    pub had_manifest: bool,
    /// URLs the target's CDN was told to forget.
    pub purged: usize,
    /// URLs the search engines were told about.
    pub notified: usize,
}

/// The target's problem, or the lack of a built site, as an error.
fn check(target: &TargetConfig, options: &Options) -> Result<(), Error> {
    if let Some((_, message, hint)) = target.problem() {
        return Err(Error::Unsupported(format!("{message}\n  hint: {hint}")));
    }
    if !options.public.is_dir() {
        return Err(Error::Unsupported(format!(
            "{}: there is no built site to deploy\n  hint: build it first with `boke build`",
            options.public.display()
        )));
    }
    Ok(())
}

/// The built site's manifest, each file marked with how `target` keeps it: its
/// pre-compressed forms, and an alias page's redirect.
fn site_manifest(target: &TargetConfig, options: &Options) -> Result<Manifest, Error> {
    let mut local = Manifest::scan(&options.public)?;
    precompress::mark(&mut local, &target.precompress, target.kind == Kind::Folder);
    if target.redirects == Redirects::Metadata {
        redirect::mark(&mut local, &options.public, &options.site_url)?;
    }
    Ok(local)
}

/// The folder a folder target puts the site in.
fn folder_dir(target: &TargetConfig, options: &Options) -> PathBuf {
    let url = target.url.as_deref().unwrap_or_default();
    options.site_root.join(url).join(target.key_prefix())
}

#[cfg(not(feature = "s3"))]
fn without_s3(target: &TargetConfig) -> Error {
    Error::Unsupported(format!(
        "deploy target `{}` is S3, which this boke was built without\n  hint: build boke \
         with its `deploy` feature (the default): cargo install --path crates/boke",
        target.name
    ))
}

/// Deploys `options.public` to `target`.
pub fn deploy(target: &TargetConfig, options: &Options) -> Result<Report, Error> {
    check(target, options)?;
    let cdn = target
        .purge
        .as_ref()
        .filter(|_| !options.dry_run)
        .map(|cdn| purge::credentials(cdn).map(|keys| (cdn, keys)))
        .transpose()?;
    let notify = target.notify.as_ref().filter(|_| !options.dry_run);
    let baidu = notify.map(notify::baidu_token).transpose()?.flatten();
    let local = site_manifest(target, options)?;
    let mut report = match target.kind {
        Kind::Git => deploy_git(target, options, &local),
        Kind::Folder => {
            let mut folder = store::folder::Folder::target(folder_dir(target, options), &local);
            deploy_to(&mut folder, target, options, &local)
        }
        #[cfg(feature = "s3")]
        Kind::S3 => deploy_to(&mut store::s3::S3::open(target)?, target, options, &local),
        #[cfg(not(feature = "s3"))]
        Kind::S3 => Err(without_s3(target)),
    }?;
    if let Some((cdn, keys)) = cdn {
        let paths = report.plan.purge_paths();
        report.purged = purge::purge(cdn, &keys, &options.site_url, &paths)?;
    }
    if let Some(notify) = notify {
        let plan = &report.plan;
        report.notified = notify::notify(notify, baidu.as_deref(), &options.site_url, plan)?;
    }
    Ok(report)
}

/// Compares what `target` holds with what a deploy of `options.public` puts there, changing
/// nothing on it.
pub fn verify(target: &TargetConfig, options: &Options) -> Result<Verification, Error> {
    check(target, options)?;
    let local = site_manifest(target, options)?;
    match target.kind {
        Kind::Git => {
            let repo = git::Git::open(target, &options.site_root, &options.cache)?;
            let head = repo.fetch()?;
            let (held, stored) = match &head {
                Some(head) => (repo.inventory(head)?, repo.stored_manifest(head)),
                None => (Vec::new(), None),
            };
            let manifest = verify::manifest_state(stored.as_deref(), &local);
            let expected =
                verify::expected(&local, &options.public, false, verify::Digest::GitBlob)?;
            Ok(verify::compare(repo.describe(), &expected, held, manifest))
        }
        Kind::Folder => {
            let mut folder = store::folder::Folder::target(folder_dir(target, options), &local);
            verify::verify_store(&mut folder, &local, &options.public, true)
        }
        #[cfg(feature = "s3")]
        Kind::S3 => {
            let mut s3 = store::s3::S3::open(target)?;
            verify::verify_store(&mut s3, &local, &options.public, false)
        }
        #[cfg(not(feature = "s3"))]
        Kind::S3 => Err(without_s3(target)),
    }
}

fn refuse_deletes(plan: &Plan, target: String, options: &Options) -> Result<(), Error> {
    if plan.deletes.len() > options.max_deletes && !options.force {
        return Err(Error::TooManyDeletes {
            target,
            count: plan.deletes.len(),
            max: options.max_deletes,
        });
    }
    Ok(())
}

fn deploy_to(
    store: &mut dyn Store,
    target: &TargetConfig,
    options: &Options,
    local: &Manifest,
) -> Result<Report, Error> {
    let description = store.describe();
    let stored = store.read(MANIFEST_FILE)?;
    let had_manifest = stored.is_some();
    let (mut remote, base) = match &stored {
        Some(bytes) => (
            Manifest::parse(bytes, &format!("{description}{MANIFEST_FILE}"))?,
            format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)),
        ),
        None => (Manifest::unknown(store.list()?), "none".to_string()),
    };
    let journal_path = options.cache.join(format!("{}.journal", target.name));
    let landed = journal::landed(&journal_path, &base);
    for (path, entry) in &landed {
        remote.files.insert(path.clone(), entry.clone());
    }
    let plan = Plan::new(local, &remote);
    let resumed = landed
        .iter()
        .filter(|(path, entry)| local.files.get(path) == Some(entry))
        .count();
    refuse_deletes(&plan, description.clone(), options)?;
    let report = Report {
        target: description,
        plan,
        resumed,
        had_manifest,
        purged: 0,
        notified: 0,
    };
    if options.dry_run || (report.plan.is_empty() && had_manifest && landed.is_empty()) {
        return Ok(report);
    }
    let journal = journal::Journal::start(&journal_path, &base, &landed)?;
    for stage in &report.plan.stages {
        store.put_all(&options.public, stage, &|upload| journal.record(upload))?;
    }
    let deletes: Vec<String> = report.plan.deletes.iter().map(|d| d.path.clone()).collect();
    store.delete_all(&deletes)?;
    store.write_manifest(local.to_bytes())?;
    journal.finish();
    Ok(report)
}

fn deploy_git(target: &TargetConfig, options: &Options, local: &Manifest) -> Result<Report, Error> {
    let repo = git::Git::open(target, &options.site_root, &options.cache)?;
    let head = repo.fetch()?;
    let remote = repo.manifest(head.as_deref())?;
    let plan = Plan::new(local, &remote);
    refuse_deletes(&plan, repo.describe(), options)?;
    let had_manifest = head.is_some();
    let up_to_date = plan.is_empty() && had_manifest;
    if !options.dry_run && !up_to_date {
        repo.publish(&options.public, local, head.as_deref(), &plan)?;
    }
    Ok(Report {
        target: repo.describe(),
        plan,
        resumed: 0,
        had_manifest,
        purged: 0,
        notified: 0,
    })
}
