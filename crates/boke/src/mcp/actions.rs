//! The tools of `boke mcp` that act on the site: a new draft, a check and a build, each
//! through the code of the command it stands for (`boke new`, `boke check`, `boke build`).

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::tools::{Failure, Problem};
use crate::assemble::Visibility;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewPost {
    /// The post's title, e.g. "大模型的新进展".
    pub(crate) title: String,
    /// The folder under content/ to put it in (default `posts`); never outside content/.
    pub(crate) section: Option<String>,
    /// Its URL slug; from the title by the site's slug style when absent.
    pub(crate) slug: Option<String>,
    /// Its date, e.g. 2026-12-03 or "2026-12-03 20:30"; now when absent.
    pub(crate) date: Option<String>,
    /// Its language when not the site's, e.g. `en`.
    pub(crate) lang: Option<String>,
    /// Write it as a folder, SLUG/index.md, to keep images beside it.
    pub(crate) folder: Option<bool>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct NewPostMade {
    /// The file written, relative to the site folder.
    pub(crate) path: String,
    /// Where the site will show it once published.
    pub(crate) url: String,
    /// Always true: a new post is a draft until its writer removes `draft: true`.
    pub(crate) draft: bool,
}

/// A new draft, through the code of `boke new`, which refuses a section or slug outside
/// `content/` and never writes over a file.
pub(crate) fn new_post(root: &Path, post: &NewPost) -> Result<NewPostMade, Failure> {
    if post.title.trim().is_empty() {
        return Err(Failure::BadArguments(
            "the title is empty: give the post a title".to_owned(),
        ));
    }
    let made = crate::scaffold::new_post(
        root,
        &crate::scaffold::NewPost {
            title: post.title.clone(),
            section: post.section.clone().unwrap_or_else(|| "posts".to_owned()),
            draft: true,
            date: post.date.clone(),
            slug: post.slug.clone(),
            folder: post.folder.unwrap_or(false),
            lang: post.lang.clone(),
            config: None,
        },
    )
    .map_err(|error| match error {
        crate::scaffold::ScaffoldError::Write { .. } => Failure::Other(error.to_string()),
        crate::scaffold::ScaffoldError::Config(diagnostic) => {
            Failure::Site(vec![Problem::from(&diagnostic)])
        }
        other => Failure::BadArguments(other.to_string()),
    })?;
    Ok(NewPostMade {
        path: made
            .path
            .strip_prefix(root)
            .unwrap_or(&made.path)
            .to_string_lossy()
            .replace('\\', "/"),
        url: made.url,
        draft: made.draft,
    })
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Shown {
    /// Include posts marked `draft: true`.
    pub(crate) drafts: Option<bool>,
    /// Include posts dated in the future.
    pub(crate) future: Option<bool>,
}

impl Shown {
    fn visibility(&self) -> Visibility {
        Visibility {
            drafts: self.drafts.unwrap_or(false),
            future: self.future.unwrap_or(false),
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CheckReport {
    /// True when there is no error (warnings may remain).
    pub(crate) ok: bool,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) pages: usize,
    pub(crate) links: usize,
    /// Links to other sites, found but not requested.
    pub(crate) external_links: usize,
    /// Errors first.
    pub(crate) problems: Vec<Problem>,
}

/// `boke check` without `--external`: the network is not the agent's to use.
pub(crate) fn check_site(root: &Path, shown: &Shown) -> Result<CheckReport, Failure> {
    let report = crate::check::check(&crate::check::CheckOptions {
        root: root.to_path_buf(),
        visibility: shown.visibility(),
        external: false,
        base_url: None,
        config: None,
    })?;
    Ok(CheckReport {
        ok: report.errors() == 0,
        errors: report.errors(),
        warnings: report.warnings(),
        pages: report.pages,
        links: report.links,
        external_links: report.external_links,
        problems: report.problems.iter().map(Problem::from).collect(),
    })
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct BuildReport {
    /// The output folder written.
    pub(crate) output: String,
    pub(crate) posts: usize,
    pub(crate) pages: usize,
    pub(crate) files: usize,
    /// Nothing had changed, so nothing was written.
    pub(crate) up_to_date: bool,
    pub(crate) drafts_left_out: usize,
    pub(crate) future_left_out: usize,
    pub(crate) milliseconds: u128,
    pub(crate) warnings: Vec<Problem>,
}

/// `boke build` into the site's usual output folder; a failed build leaves it as it was.
pub(crate) fn build_site(root: &Path, shown: &Shown) -> Result<BuildReport, Failure> {
    let report = crate::build::build(&crate::build::BuildOptions {
        root: root.to_path_buf(),
        output: None,
        visibility: shown.visibility(),
        ..Default::default()
    })?;
    Ok(BuildReport {
        output: report.output.display().to_string(),
        posts: report.posts,
        pages: report.pages,
        files: report.files,
        up_to_date: report.up_to_date,
        drafts_left_out: report.left_out.drafts,
        future_left_out: report.left_out.future,
        milliseconds: report.elapsed.as_millis(),
        warnings: report.warnings.iter().map(Problem::from).collect(),
    })
}
