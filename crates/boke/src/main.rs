//! The `boke` command line: parses arguments and hands each subcommand to the library.

use clap::Parser;

#[derive(Debug, Parser)]
#[command(name = "boke", version, about = "A static blog engine for people who write in Chinese")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// The interaction service: comments, reactions, page views, subscriptions.
    #[cfg(feature = "social")]
    #[command(subcommand)]
    Social(boke_social::SocialCommand),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        #[cfg(feature = "social")]
        Command::Social(command) => boke_social::run(command),
    }
}
