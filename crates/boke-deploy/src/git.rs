//! A git branch as a target (GitHub, Gitee or Codeberg Pages): the built site becomes one
//! commit on the branch, on top of the last deploy's or, with `orphan`, alone; then it is
//! pushed. Runs the `git` command, which every machine that deploys to git has. The branch's
//! trees are kept in a bare repository under the site's cache, so a deploy fetches and sends
//! only what changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;
use crate::config::TargetConfig;
use crate::manifest::{MANIFEST_FILE, Manifest};
use crate::plan::Plan;
use crate::store::Held;

pub struct Git {
    repo: PathBuf,
    url: String,
    branch: String,
    prefix: String,
    orphan: bool,
    /// The folder commands run in, so a relative `url` is relative to the site.
    site_root: PathBuf,
}

const TRACKING: &str = "refs/boke/deployed";

impl Git {
    pub fn open(config: &TargetConfig, site_root: &Path, cache: &Path) -> Result<Self, Error> {
        let git = Self {
            repo: std::path::absolute(cache.join(format!("{}.git", config.name)))
                .map_err(|e| Error::io(cache, e))?,
            url: config.url.clone().unwrap_or_default(),
            branch: config.branch.clone().unwrap_or_else(|| "gh-pages".into()),
            prefix: config.key_prefix(),
            orphan: config.orphan,
            site_root: site_root.to_path_buf(),
        };
        if !git.repo.join("HEAD").exists() {
            std::fs::create_dir_all(&git.repo).map_err(|e| Error::io(&git.repo, e))?;
            git.run(&["init", "-q", "--bare"], None)?;
        }
        Ok(git)
    }

    pub fn describe(&self) -> String {
        format!("{} ({})", self.url, self.branch)
    }

    fn command(&self, args: &[&str], index: Option<&Path>) -> Command {
        let mut command = Command::new("git");
        command
            .arg("--git-dir")
            .arg(&self.repo)
            .args([
                "-c",
                "core.excludesFile=/dev/null",
                "-c",
                "core.autocrlf=false",
            ])
            .args(args)
            .current_dir(&self.site_root);
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        command
    }

    /// Runs git; its trimmed standard output, or an error with its standard error.
    fn run(&self, args: &[&str], index: Option<&Path>) -> Result<String, Error> {
        self.run_command(self.command(args, index), args)
    }

    fn run_command(&self, mut command: Command, args: &[&str]) -> Result<String, Error> {
        let output = command.output().map_err(|e| {
            Error::target(
                &self.describe(),
                format!("cannot run git ({e}): is it installed?"),
            )
        })?;
        if !output.status.success() {
            return Err(Error::target(
                &self.describe(),
                format!(
                    "git {} failed: {}",
                    args.first().unwrap_or(&""),
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    /// Fetches the branch as it is now; its commit, or `None` when it does not exist yet.
    pub fn fetch(&self) -> Result<Option<String>, Error> {
        let reference = format!("refs/heads/{}", self.branch);
        let listed = self.run(&["ls-remote", &self.url, &reference], None)?;
        if listed.is_empty() {
            return Ok(None);
        }
        let refspec = format!("+{reference}:{TRACKING}");
        self.run(&["fetch", "-q", "--depth", "1", &self.url, &refspec], None)?;
        self.run(&["rev-parse", TRACKING], None).map(Some)
    }

    /// The bytes of the manifest the branch's last deploy left at `head`, if any.
    pub fn stored_manifest(&self, head: &str) -> Option<Vec<u8>> {
        let stored = format!("{head}:{}{MANIFEST_FILE}", self.prefix);
        self.run(&["show", &stored], None)
            .ok()
            .map(String::into_bytes)
    }

    /// Every file of the site at `head` with its size and blob id, the manifest aside.
    pub fn inventory(&self, head: &str) -> Result<Vec<Held>, Error> {
        let mut args = vec!["ls-tree", "-r", "-l", "-z", head];
        if !self.prefix.is_empty() {
            args.push(&self.prefix);
        }
        let listed = self.run(&args, None)?;
        // `MODE TYPE ID SIZE\tPATH`, the size padded with spaces.
        Ok(listed
            .split('\0')
            .filter_map(|line| {
                let (fields, path) = line.split_once('\t')?;
                let path = path.strip_prefix(self.prefix.as_str())?;
                let mut fields = fields.split_whitespace();
                let (_, kind, id, size) = (
                    fields.next()?,
                    fields.next()?,
                    fields.next()?,
                    fields.next()?,
                );
                (kind == "blob" && path != MANIFEST_FILE).then(|| Held {
                    path: path.to_string(),
                    size: size.parse().unwrap_or(0),
                    digest: Some(id.to_string()),
                })
            })
            .collect())
    }

    /// The manifest the branch's last deploy left, else every file it holds with an unknown
    /// hash.
    pub fn manifest(&self, head: Option<&str>) -> Result<Manifest, Error> {
        let Some(head) = head else {
            return Ok(Manifest::new());
        };
        if let Some(bytes) = self.stored_manifest(head) {
            let stored = format!("{head}:{}{MANIFEST_FILE}", self.prefix);
            return Manifest::parse(&bytes, &format!("{} {stored}", self.url));
        }
        let mut args = vec!["ls-tree", "-r", "--name-only", "-z", head];
        if !self.prefix.is_empty() {
            args.push(&self.prefix);
        }
        let listed = self.run(&args, None)?;
        let paths = listed
            .split('\0')
            .filter_map(|path| path.strip_prefix(self.prefix.as_str()))
            .filter(|path| !path.is_empty())
            .map(str::to_string);
        Ok(Manifest::unknown(paths))
    }

    /// Commits `public` with `manifest` beside it on top of `head` (or alone) and pushes it.
    pub fn publish(
        &self,
        public: &Path,
        manifest: &Manifest,
        head: Option<&str>,
        plan: &Plan,
    ) -> Result<String, Error> {
        let public = std::path::absolute(public).map_err(|e| Error::io(public, e))?;
        // The site's own index is kept between deploys, so git re-reads only changed files.
        let index = self.repo.join("site.index");
        let mut add = self.command(&[], Some(&index));
        add.arg("--work-tree")
            .arg(&public)
            .args(["add", "-A", "-f", "."])
            .current_dir(&public);
        self.run_command(add, &["add"])?;
        let blob = self.hash_object(&manifest.to_bytes())?;
        let entry = format!("100644,{blob},{MANIFEST_FILE}");
        self.run(
            &["update-index", "--add", "--cacheinfo", &entry],
            Some(&index),
        )?;
        let mut tree = self.run(&["write-tree"], Some(&index))?;
        if !self.prefix.is_empty() {
            tree = self.graft(&tree, head)?;
        }
        let message = format!("boke deploy: {}", plan.summary());
        let mut args = vec!["commit-tree", tree.as_str(), "-m", message.as_str()];
        if let (Some(head), false) = (head, self.orphan) {
            args.extend(["-p", head]);
        }
        let mut commit = self.command(&args, None);
        if self.run(&["config", "user.email"], None).is_err()
            && std::env::var_os("GIT_AUTHOR_EMAIL").is_none()
        {
            // CI machines often have no identity; a commit still needs one.
            for (name, value) in [
                ("GIT_AUTHOR_NAME", "boke"),
                ("GIT_AUTHOR_EMAIL", "boke@localhost"),
                ("GIT_COMMITTER_NAME", "boke"),
                ("GIT_COMMITTER_EMAIL", "boke@localhost"),
            ] {
                commit.env(name, value);
            }
        }
        let commit = self.run_command(commit, &["commit-tree"])?;
        let refspec = format!("{commit}:refs/heads/{}", self.branch);
        let mut push = vec!["push", "-q"];
        if self.orphan {
            push.push("--force");
        }
        push.extend([self.url.as_str(), refspec.as_str()]);
        self.run(&push, None)?;
        self.run(&["update-ref", TRACKING, &commit], None)?;
        Ok(commit)
    }

    fn hash_object(&self, bytes: &[u8]) -> Result<String, Error> {
        let file = self
            .repo
            .join(format!("manifest-{}.json", std::process::id()));
        std::fs::write(&file, bytes).map_err(|e| Error::io(&file, e))?;
        let path = file.display().to_string();
        let blob = self.run(&["hash-object", "-w", &path], None);
        let _ = std::fs::remove_file(&file);
        blob
    }

    /// The branch's tree with `site_tree` at the prefix in place of what was there.
    fn graft(&self, site_tree: &str, head: Option<&str>) -> Result<String, Error> {
        let index = self.repo.join("graft.index");
        let _ = std::fs::remove_file(&index);
        // These commands want a work tree; an empty one, since only the index changes.
        let empty = self.repo.join("empty");
        std::fs::create_dir_all(&empty).map_err(|e| Error::io(&empty, e))?;
        let in_index = |args: &[&str]| {
            let mut command = self.command(&[], Some(&index));
            command.arg("--work-tree").arg(&empty).args(args);
            self.run_command(command, args)
        };
        if let Some(head) = head {
            in_index(&["read-tree", head])?;
            let folder = self.prefix.trim_end_matches('/');
            in_index(&[
                "rm",
                "-r",
                "-q",
                "--cached",
                "--ignore-unmatch",
                "--",
                folder,
            ])?;
        }
        let prefix = format!("--prefix={}", self.prefix);
        in_index(&["read-tree", &prefix, site_tree])?;
        in_index(&["write-tree"])
    }
}
