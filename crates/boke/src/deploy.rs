//! `boke deploy`: picks the `[[deploy]]` target of `boke.toml` and hands the built site to
//! `boke-deploy`, which owns the plan, the targets and the headers.

use std::path::{Path, PathBuf};

use crate::diagnostic::did_you_mean;
use crate::load::CACHE_DIR;
use crate::load::config::Config;

pub use boke_deploy::{
    MAX_DELETES, ManifestState, Report as DeployReport, Verification as DeployVerification,
};

#[derive(Debug, Clone)]
pub struct DeployOptions {
    pub root: PathBuf,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// The target's name; may be left out when there is one.
    pub target: Option<String>,
    pub dry_run: bool,
    pub force: bool,
    pub max_deletes: usize,
}

/// Deploys the site's built output to the chosen target. Errors are worded for the terminal.
pub fn deploy(options: &DeployOptions) -> Result<DeployReport, String> {
    let config =
        Config::load_from(&options.root, options.config.as_deref()).map_err(|d| d.to_string())?;
    let (target, run) = prepare(&config, options)?;
    if (target.purge.is_some() || target.notify.is_some()) && config.base_url_unset() {
        return Err(format!(
            "error: {}: deploy target `{}` purges a CDN or notifies search engines, which needs the site's address\n  hint: set base_url, e.g. base_url = \"https://blog.example.com/\"",
            config.file_path(&options.root).display(),
            target.name
        ));
    }
    boke_deploy::deploy(target, &run).map_err(say)
}

/// Compares the chosen target with the site's built output (`boke deploy --verify`),
/// changing nothing.
pub fn verify_deploy(options: &DeployOptions) -> Result<DeployVerification, String> {
    let config =
        Config::load_from(&options.root, options.config.as_deref()).map_err(|d| d.to_string())?;
    let (target, run) = prepare(&config, options)?;
    boke_deploy::verify(target, &run).map_err(say)
}

fn say(error: boke_deploy::Error) -> String {
    match error.hint() {
        Some(hint) => format!("error: {error}\n  hint: {hint}"),
        None => format!("error: {error}"),
    }
}

/// The chosen target and how to run a deploy to it.
fn prepare<'a>(
    config: &'a Config,
    options: &DeployOptions,
) -> Result<(&'a boke_deploy::TargetConfig, boke_deploy::Options), String> {
    let file = config.file_path(&options.root);
    let target = choose(&config.deploy, options.target.as_deref(), &file)?;
    let mut run = boke_deploy::Options::new(
        options.root.join(&config.output_dir),
        options.root.clone(),
        options.root.join(CACHE_DIR).join("deploy"),
    );
    run.dry_run = options.dry_run;
    run.force = options.force;
    run.max_deletes = options.max_deletes;
    run.site_url = config.base_url.clone();
    Ok((target, run))
}

fn choose<'a>(
    targets: &'a [boke_deploy::TargetConfig],
    name: Option<&str>,
    file: &Path,
) -> Result<&'a boke_deploy::TargetConfig, String> {
    let names = || {
        targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (name, targets) {
        (_, []) => Err(format!(
            "error: {}: no [[deploy]] target\n  hint: add one, e.g.\n\n    [[deploy]]\n    name = \"s3\"\n    kind = \"s3\"\n    bucket = \"blog\"\n",
            file.display()
        )),
        (None, [only]) => Ok(only),
        (None, _) => Err(format!(
            "error: {}: several deploy targets; name one: boke deploy NAME ({})",
            file.display(),
            names()
        )),
        (Some(name), _) => targets.iter().find(|t| t.name == name).ok_or_else(|| {
            let hint = did_you_mean(name, targets.iter().map(|t| t.name.as_str())).map_or_else(
                || format!("the targets are: {}", names()),
                |best| format!("did you mean `{best}`?"),
            );
            format!(
                "error: {}: no deploy target named `{name}`\n  hint: {hint}",
                file.display()
            )
        }),
    }
}
