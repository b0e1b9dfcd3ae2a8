//! The `boke` command line: parses arguments and hands each subcommand to the library.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use boke::build::{BuildOptions, build};
use boke::site::Visibility;
use clap::Parser;

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
    Init { dir: Option<PathBuf> },
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
    /// Render Markdown from stdin to an HTML fragment on stdout, as posts are rendered.
    Render,
    /// The interaction service: comments, reactions, page views, subscriptions.
    #[cfg(feature = "social")]
    #[command(subcommand)]
    Social(boke_social::SocialCommand),
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
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            for path in boke::scaffold::init(&dir)? {
                println!("created {}", path.display());
            }
            println!("next: cd {} && boke build", dir.display());
        }
        Command::New {
            title,
            section,
            root,
        } => {
            let path = boke::scaffold::new_post(&root, &title, &section)?;
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
            match build(&options) {
                Ok(report) => {
                    for warning in &report.warnings {
                        eprintln!("{warning}\n");
                    }
                    println!(
                        "built {} posts, {} pages, {} files into {} in {:.2?}{}",
                        report.posts,
                        report.pages,
                        report.files,
                        report.output.display(),
                        report.elapsed,
                        match report.warnings.len() {
                            0 => String::new(),
                            n => format!(" ({n} warning{})", if n == 1 { "" } else { "s" }),
                        }
                    );
                }
                Err(diagnostics) => {
                    eprintln!("{diagnostics}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Render => {
            let mut markdown = String::new();
            std::io::stdin().read_to_string(&mut markdown)?;
            let config = boke::config::Config::load(std::path::Path::new("."))
                .map_err(|d| anyhow::anyhow!("{d}"))?;
            let mut options = config.markdown_options();
            options.extract_title = false;
            print!("{}", boke_markdown::render(&markdown, &options).html);
        }
        #[cfg(feature = "social")]
        Command::Social(command) => boke_social::run(command)?,
    }
    Ok(ExitCode::SUCCESS)
}
