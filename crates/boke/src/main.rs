//! The `boke` command line: parses arguments and hands each subcommand to the library.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use boke::Visibility;
use boke::{BuildOptions, build};
use clap::Parser;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Create a new site in DIR (default: the current folder).
    Init {
        dir: Option<PathBuf>,
        /// Start from the example blog (five long posts about AI) instead of an empty site.
        #[arg(long)]
        example: bool,
    },
    /// Create a new post with front matter, dated now.
    New {
        /// The post's title, e.g. "大模型的新进展".
        title: String,
        /// The folder under content/ to put it in.
        #[arg(long, default_value = "posts")]
        section: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site into public/ (or --output).
    Build {
        /// The site's folder, where boke.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ in the site).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include posts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include posts dated in the future.
        #[arg(long)]
        future: bool,
    },
    /// Search the built site's index, ranked as the browser ranks.
    Search {
        /// Words to find; quote a phrase with "…".
        query: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include posts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include posts dated in the future.
        #[arg(long)]
        future: bool,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the site: broken links and anchors, missing images, images without alt text or on
    /// another host, missing descriptions, emphasis that will not render. Exits with 1 when
    /// there are errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also request every external link (slow; needs the network).
        #[arg(long)]
        external: bool,
        /// Include posts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
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
    },
    /// Render Markdown from stdin to an HTML fragment on stdout, as posts are rendered.
    Render,
    /// The interaction service: comments, reactions, page views, subscriptions.
    #[cfg(feature = "social")]
    #[command(subcommand)]
    Social(Box<boke_social::SocialCommand>),
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ImportEngine {
    Hexo,
    Hugo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { dir, example } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            let created = if example {
                boke::init_example(&dir)?
            } else {
                boke::init(&dir)?
            };
            for path in created {
                println!("created {}", path.display());
            }
            println!("next: cd {} && boke build", dir.display());
        }
        Command::New {
            title,
            section,
            root,
        } => {
            let path = boke::new_post(&root, &title, &section)?;
            println!("{}", path.display());
        }
        Command::Build {
            root,
            output,
            drafts,
            future,
        } => {
            let options = BuildOptions {
                root,
                output,
                visibility: Visibility { drafts, future },
            };
            eprintln!("building {} …", options.root.display());
            return Ok(match build(&options) {
                Ok(built) => {
                    report::build(&built);
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    eprintln!("{diagnostics}");
                    ExitCode::FAILURE
                }
            });
        }
        Command::Search {
            query,
            root,
            json,
            limit,
        } => {
            let config = boke::Config::load(&root).map_err(|d| anyhow::anyhow!("{d}"))?;
            let index = root.join(&config.output_dir).join(boke::SEARCH_DIR);
            let results = boke_search::search(&index, &query, limit)?;
            report::search(&query, &results, json)?;
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            future,
            open,
        } => boke::serve(&boke::ServeOptions {
            root,
            bind,
            port,
            visibility: Visibility { drafts, future },
            open,
        })?,
        Command::Check {
            root,
            external,
            drafts,
        } => return Ok(check(root, external, drafts)),
        Command::Import {
            engine,
            src,
            out,
            old_site,
            force,
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
            };
            let report = boke_import::import(&options)?;
            print!("{}", report.summary());
            println!(
                "report: {}; next: cd {} && boke build",
                options.out.join(boke_import::REPORT_FILE).display(),
                options.out.display()
            );
        }
        Command::Render => {
            let mut markdown = String::new();
            std::io::stdin().read_to_string(&mut markdown)?;
            match boke::render_fragment(std::path::Path::new("."), &markdown) {
                Ok(html) => print!("{html}"),
                Err(problems) => {
                    eprint!("{problems}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        #[cfg(feature = "social")]
        Command::Social(command) => boke_social::run(*command)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: PathBuf, external: bool, drafts: bool) -> ExitCode {
    let options = boke::CheckOptions {
        root,
        visibility: Visibility {
            drafts,
            future: false,
        },
        external,
    };
    eprintln!("checking {} …", options.root.display());
    match boke::check(&options) {
        Ok(checked) => {
            report::check(&checked, external);
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
