//! The interaction service behind a boke site: comments, reactions, page views and email
//! subscriptions, stored in SQLite or PostgreSQL.

/// `boke social …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum SocialCommand {
    /// Serve the interaction API.
    Serve,
}

/// Runs one `boke social` subcommand.
pub fn run(command: SocialCommand) -> anyhow::Result<()> {
    match command {
        SocialCommand::Serve => anyhow::bail!("not available yet"),
    }
}
