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
                        "{} {} posts, {} pages, {} files into {} in {:.2?}{}",
                        if report.up_to_date {
                            "up to date:"
                        } else {
                            "built"
                        },
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
                    if std::env::var_os("BOKE_TIMINGS").is_some_and(|v| v != "0") {
                        eprintln!("stages:\n{}", report.timings);
                    }
                }
                Err(diagnostics) => {
                    eprintln!("{diagnostics}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Search {
            query,
            root,
            json,
            limit,
        } => {
            let config = boke::config::Config::load(&root).map_err(|d| anyhow::anyhow!("{d}"))?;
            let index = root
                .join(&config.output_dir)
                .join(boke::search_index::SEARCH_DIR);
            let results = boke_search::search(&index, &query, limit)?;
            let mut text = String::new();
            if json {
                text = serde_json::to_string_pretty(&results)?;
            } else {
                let plural = if results.total == 1 { "" } else { "s" };
                text.push_str(&format!("{} result{plural} for {query}", results.total));
                for hit in &results.hits {
                    let snippet = plain_snippet(&hit.snippet);
                    text.push_str(&format!("\n\n{}  {}\n  {snippet}", hit.title, hit.url));
                }
            }
            print_stdout(&text)?;
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

/// Prints to stdout; a reader that went away (`| head`) is not an error.
fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A snippet for the terminal: `<mark>` shown as 【】, entities decoded.
fn plain_snippet(html: &str) -> String {
    html.replace("<mark>", "【")
        .replace("</mark>", "】")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
