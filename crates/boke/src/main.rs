//! The `boke` command line: parses arguments and hands each subcommand to the library.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use boke::Visibility;
use boke::{BuildOptions, build};
use clap::{CommandFactory, Parser};

/// `println!` that ends quietly when the reader has gone away (`boke import … | head`),
/// where `println!` would panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod report;

// A build allocates millions of short-lived strings across threads; mimalloc keeps that off
// the critical path where glibc's allocator took a fifth of the build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "boke",
    version,
    about = "A static blog engine for people who write in Chinese"
)]
struct Cli {
    /// The site's folder, where boke.toml is [default: the nearest folder holding boke.toml,
    /// from the current one up]
    #[arg(
        short = 'r',
        long,
        global = true,
        value_name = "DIR",
        display_order = 900
    )]
    root: Option<PathBuf>,
    /// Print only warnings and errors.
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        display_order = 901
    )]
    quiet: bool,
    /// Also print how long each stage took.
    #[arg(short, long, global = true, display_order = 902)]
    verbose: bool,
    /// Read this file instead of the site's boke.toml (e.g. boke.production.toml); paths in it
    /// stay relative to the site's folder
    #[arg(
        short = 'c',
        long,
        global = true,
        value_name = "FILE",
        display_order = 903
    )]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// The flags that choose which posts a site shows.
#[derive(Debug, Clone, Copy, clap::Args)]
struct Shown {
    /// Include posts marked `draft: true`.
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Include posts dated in the future.
    #[arg(short = 'F', long)]
    future: bool,
}

impl From<Shown> for Visibility {
    fn from(shown: Shown) -> Self {
        Visibility {
            drafts: shown.drafts,
            future: shown.future,
        }
    }
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Create a new site in DIR.
    Init {
        /// The folder for the new site; made if missing [default: the current folder].
        dir: Option<PathBuf>,
        /// Start from the example blog (eleven posts, nine published) instead of an
        /// empty site.
        #[arg(long)]
        example: bool,
        /// Make the site in a folder that already holds other files.
        #[arg(long)]
        force: bool,
    },
    /// Create a new post with front matter, dated now, as a draft.
    New {
        /// The post's title, e.g. "大模型的新进展".
        title: String,
        /// The folder under content/ to put it in.
        #[arg(long, default_value = "posts")]
        section: String,
        /// Write it as a published post, not a draft.
        #[arg(long = "no-draft", action = clap::ArgAction::SetFalse)]
        draft: bool,
        /// Write it as a draft (the default).
        #[arg(long = "draft", overrides_with = "draft")]
        _draft: bool,
        /// Its date, e.g. 2026-12-03 or "2026-12-03 20:30" [default: now].
        #[arg(long)]
        date: Option<String>,
        /// Its URL slug [default: from the title, by the config's slug_style].
        #[arg(long)]
        slug: Option<String>,
        /// Write it as a folder, SLUG/index.md, to keep images beside it.
        #[arg(long)]
        folder: bool,
        /// Its language, when not the site's, e.g. en.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Build the site into public/ (or --output-dir).
    Build {
        /// Where to write the site [default: the config's output_dir, public/].
        #[arg(
            short = 'o',
            long = "output-dir",
            visible_alias = "output",
            value_name = "DIR"
        )]
        output: Option<PathBuf>,
        /// The site's address for this build, e.g. a preview deploy's, instead of base_url.
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
        /// Fail on any warning (broken links, missing images, …) and leave the output as it was.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        shown: Shown,
    },
    /// Publish the built site to a [[deploy]] target of boke.toml (S3-compatible storage, a
    /// folder, a git branch), uploading only what changed since the last deploy.
    Deploy {
        /// The target's name [default: the only one].
        target: Option<String>,
        /// Print what would be uploaded and deleted, with counts and bytes; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Compare what the target holds with the built site, file by file; change nothing.
        /// Exits with 1 when they differ.
        #[arg(long, conflicts_with_all = ["dry_run", "force"])]
        verify: bool,
        /// Delete however many files the site no longer has.
        #[arg(long)]
        force: bool,
        /// Refuse to delete more files than this without --force.
        #[arg(long, value_name = "N", default_value_t = boke_deploy_max())]
        max_deletes: usize,
    },
    /// Search the built site's index, ranked as the browser ranks.
    Search {
        /// Words to find; quote a phrase with "…".
        query: String,
        /// Print one JSON object: total and hits.
        #[arg(long)]
        json: bool,
        /// Most hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Serve the site from memory with live reload, rebuilding what each edit touches.
    #[cfg(feature = "serve")]
    Serve {
        /// The port to listen on; 0 picks a free one.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The address pages link to [default: the one served].
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
        #[command(flatten)]
        shown: Shown,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the site: broken links and anchors, missing images, images without alt text or on
    /// another host, missing descriptions, emphasis that will not render. Exits with 1 when
    /// there are errors.
    Check {
        /// Also request every external link (slow; needs the network).
        #[arg(long)]
        external: bool,
        /// Check the site as built for this address instead of base_url.
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
        #[command(flatten)]
        shown: Shown,
    },
    /// Bring a Hexo or Hugo blog over: a boke site in --out with the old URLs kept, and
    /// import-report.md saying what was converted and what was not. SRC is never modified.
    Import {
        /// The old engine.
        engine: ImportEngine,
        /// The old site's source folder (where _config.yml or hugo.toml is).
        src: PathBuf,
        /// Where to write the boke site.
        #[arg(long, default_value = "boke-site")]
        out: PathBuf,
        /// The old site as published (its public/ folder or sitemap.xml), to keep URLs the
        /// rules cannot derive.
        #[arg(long)]
        old_site: Option<PathBuf>,
        /// Overwrite files changed by hand since the last import.
        #[arg(long)]
        force: bool,
        /// Download the remote images posts show into their folders (at most 10 MiB and
        /// 20 s each); failures are listed in the report and never stop the import.
        #[arg(long)]
        fetch_images: bool,
    },
    /// Serve the site to an agent over the Model Context Protocol on stdin and stdout: tools to
    /// search, read and list posts, check and build the site, and start a draft.
    #[cfg(feature = "mcp")]
    Mcp,
    /// Render Markdown from stdin to an HTML fragment on stdout, as posts are rendered.
    Render,
    /// Print a completion script for a shell, e.g. `boke completions bash > ~/.local/share/bash-completion/completions/boke`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// The interaction service: comments, reactions, page views, subscriptions.
    #[cfg(feature = "social")]
    #[command(subcommand)]
    Social(Box<boke_social::SocialCommand>),
}

const fn boke_deploy_max() -> usize {
    boke::MAX_DELETES
}

/// How much the commands print besides warnings and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ImportEngine {
    Hexo,
    Hugo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let place = Place {
        root: cli.root,
        // Absolute, so that serve knows the file when the watcher names it.
        config: cli
            .config
            .map(|file| std::path::absolute(&file).unwrap_or(file)),
    };
    match run(cli.command, &place, verbosity) {
        Ok(code) => code,
        Err(error) => {
            match error.downcast_ref::<Said>() {
                Some(said) => eprintln!("{said}"),
                None => eprintln!("error: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// A problem already worded as boke words its diagnostics (`error: path: …` and a hint).
#[derive(Debug)]
struct Said(String);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Said {}

/// The site a command is about, or the message saying there is none.
/// Writes long output to stdout; a reader that went away (`boke import … | head`) is not an
/// error worth a panic, which `print!` would raise.
fn print_out(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Where the site is: `--root` and `--config` as given.
struct Place {
    root: Option<PathBuf>,
    config: Option<PathBuf>,
}

/// The site's folder: `--root`, else the nearest folder holding boke.toml, else (with
/// `--config` and no boke.toml anywhere above) the folder the config file is in.
fn site(place: &Place) -> anyhow::Result<PathBuf> {
    let found = boke::find_site(Path::new("."), place.root.as_deref());
    match (&place.root, &place.config, found) {
        (_, _, Ok(root)) => Ok(root),
        (None, Some(config), Err(_)) => Ok(config
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
        (_, _, Err(problem)) => Err(Said(problem.to_string()).into()),
    }
}

fn run(command: Command, place: &Place, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let config = place.config.clone();
    let say = |line: String| {
        if verbosity != Verbosity::Quiet {
            out!("{line}");
        }
    };
    match command {
        Command::Init {
            dir,
            example,
            force,
        } => {
            let dir = dir
                .or_else(|| place.root.clone())
                .unwrap_or_else(|| PathBuf::from("."));
            let created = if example {
                boke::init_example(&dir, force)?
            } else {
                boke::init(&dir, force)?
            };
            for path in created {
                say(format!("created {}", path.display()));
            }
            say(format!(
                "next: cd {} && boke serve, then open http://localhost:1111/ (set base_url in boke.toml before publishing)",
                dir.display()
            ));
        }
        Command::New {
            title,
            section,
            draft,
            _draft: _,
            date,
            slug,
            folder,
            lang,
        } => {
            let root = site(place)?;
            let post = boke::new_post(
                &root,
                &boke::NewPost {
                    title,
                    section,
                    draft,
                    date,
                    slug,
                    folder,
                    lang,
                    config,
                },
            )?;
            // The path alone on stdout, for scripts; the way to see it for a person.
            out!("{}", post.path.display());
            if verbosity != Verbosity::Quiet {
                if post.draft {
                    eprintln!(
                        "a draft: see it with `boke serve --drafts` at http://localhost:1111{}; remove `draft: true` to publish it",
                        post.url
                    );
                } else {
                    eprintln!(
                        "see it with `boke serve` at http://localhost:1111{}",
                        post.url
                    );
                }
            }
        }
        Command::Build {
            output,
            base_url,
            strict,
            shown,
        } => {
            let options = BuildOptions {
                root: site(place)?,
                output,
                visibility: shown.into(),
                base_url,
                config,
                strict,
            };
            if verbosity != Verbosity::Quiet {
                eprintln!("building {} …", options.root.display());
            }
            return Ok(match build(&options) {
                Ok(built) => {
                    report::build(
                        &built,
                        verbosity == Verbosity::Quiet,
                        verbosity == Verbosity::Verbose,
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    eprintln!("{diagnostics}");
                    ExitCode::FAILURE
                }
            });
        }
        Command::Deploy {
            target,
            dry_run,
            verify,
            force,
            max_deletes,
        } => {
            let options = boke::DeployOptions {
                root: site(place)?,
                config,
                target,
                dry_run,
                force,
                max_deletes,
            };
            if verify {
                let found = boke::verify_deploy(&options).map_err(Said)?;
                report::verification(&found);
                if !found.is_equal() {
                    return Ok(ExitCode::FAILURE);
                }
            } else {
                let done = boke::deploy(&options).map_err(Said)?;
                report::deploy(&done, dry_run, verbosity == Verbosity::Quiet);
            }
        }
        Command::Search { query, json, limit } => {
            let root = site(place)?;
            let config = boke::Config::load_from(&root, config.as_deref())
                .map_err(|d| Said(d.to_string()))?;
            let index = root.join(&config.output_dir).join(boke::SEARCH_DIR);
            if !index.is_dir() {
                return Err(Said(format!(
                    "error: {}: the site has no search index yet\n  hint: build it first with `boke build`",
                    index.display()
                ))
                .into());
            }
            let results = boke_search::search(&index, &query, limit)?;
            report::search(&query, &results, json)?;
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            port,
            bind,
            base_url,
            shown,
            open,
        } => boke::serve(&boke::ServeOptions {
            root: site(place)?,
            bind,
            port,
            visibility: shown.into(),
            open,
            base_url,
            config,
        })?,
        Command::Check {
            external,
            base_url,
            shown,
        } => {
            let options = boke::CheckOptions {
                root: site(place)?,
                visibility: shown.into(),
                external,
                base_url,
                config,
            };
            return Ok(check(&options, verbosity));
        }
        Command::Import {
            engine,
            src,
            out,
            old_site,
            force,
            fetch_images,
        } => {
            let options = boke_import::ImportOptions {
                engine: match engine {
                    ImportEngine::Hexo => boke_import::Engine::Hexo,
                    ImportEngine::Hugo => boke_import::Engine::Hugo,
                },
                source: src,
                out,
                old_site,
                force,
                fetch_images: fetch_images.then(boke_import::FetchImages::default),
            };
            let report = boke_import::import(&options)?;
            if verbosity != Verbosity::Quiet {
                print_out(&report.summary());
            }
            say(format!(
                "report: {}; next: cd {} && boke build",
                options.out.join(boke_import::REPORT_FILE).display(),
                options.out.display()
            ));
        }
        #[cfg(feature = "mcp")]
        Command::Mcp => boke::mcp(&site(place)?)?,
        Command::Render => {
            let mut markdown = String::new();
            std::io::stdin().read_to_string(&mut markdown)?;
            let root = place.root.clone().unwrap_or_else(|| PathBuf::from("."));
            match boke::render_fragment(&root, &markdown) {
                Ok(html) => print_out(&html),
                Err(problems) => {
                    eprint!("{problems}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "boke", &mut std::io::stdout());
        }
        #[cfg(feature = "social")]
        Command::Social(command) => boke_social::run(*command)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn check(options: &boke::CheckOptions, verbosity: Verbosity) -> ExitCode {
    if verbosity != Verbosity::Quiet {
        eprintln!("checking {} …", options.root.display());
    }
    match boke::check(options) {
        Ok(checked) => {
            report::check(&checked, options.external);
            if checked.errors() > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every flag and argument of every subcommand says what it is for.
    #[test]
    fn every_argument_has_help() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let hidden =
                    arg.is_hide_set() || arg.get_id() == "help" || arg.get_id() == "version";
                if !hidden && arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "boke", &mut missing);
        assert!(missing.is_empty(), "no help: {missing:?}");
    }
}
