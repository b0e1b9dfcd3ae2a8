//! boke: a static blog engine for people who write in Chinese. The pipeline is
//! load → parse → assemble → render → emit, each stage a function of the one before.
//!
//! The public surface is what the `boke` binary, the integration tests and other crates use;
//! every module is private, so the compiler reports what nothing calls.

// Diagnostics travel only on the failure path, where their size costs nothing that matters.
#![allow(clippy::result_large_err)]

// The pipeline's stages, in order; each imports only the stages before it.
mod assemble;
mod emit;
mod links;
mod load;
mod outputs;
mod parse;
mod render;
// The stages in sequence, then the incremental floor on top of it, then the commands.
mod build;
mod check;
mod deploy;
mod incremental;
#[cfg(feature = "mcp")]
mod mcp;
mod pipeline;
mod scaffold;
#[cfg(feature = "serve")]
mod serve;
// Leaves every layer may use.
mod diagnostic;
mod timings;

#[cfg(test)]
mod layering;

pub use assemble::{Hidden, LeftOut, Visibility};
pub use build::{BuildOptions, BuildReport, build};
pub use check::{CheckOptions, CheckReport, check};
pub use deploy::{
    DeployOptions, DeployReport, DeployVerification, MAX_DELETES, ManifestState, deploy,
    verify_deploy,
};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use emit::Tally;
pub use emit::copies::CopiedFile;
pub use incremental::{Changes, LiveSite, Update};
pub use load::config::Config;
pub use load::find_site;
pub use outputs::search_index::SEARCH_DIR;
pub use parse::slug::short_hash;
pub use pipeline::{Built, build_in_memory};
pub use render::OutputFile;

/// Markdown → HTML fragment as a page of the site at `root` renders it (`boke render`),
/// components expanded with the site's templates.
pub fn render_fragment(root: &std::path::Path, markdown: &str) -> Result<String, Diagnostics> {
    render::components::render_fragment(root, markdown).map_err(Diagnostics)
}
#[cfg(feature = "mcp")]
pub use mcp::{McpError, PROTOCOL_VERSION as MCP_PROTOCOL_VERSION, run as mcp};
pub use scaffold::example::init_example;
pub use scaffold::{NewPost, NewPostReport, ScaffoldError, init, new_post};
#[cfg(feature = "serve")]
pub use serve::{ServeError, ServeOptions, run as serve};
pub use timings::Timings;
