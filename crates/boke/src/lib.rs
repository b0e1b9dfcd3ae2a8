//! boke: a static blog engine for people who write in Chinese. The pipeline is
//! load → parse → assemble → render → emit, each stage a function of the one before.
//!
//! The public surface is what the `boke` binary, the integration tests and other crates use;
//! every module is private, so the compiler reports what nothing calls.

// Diagnostics travel only on the failure path, where their size costs nothing that matters.
#![allow(clippy::result_large_err)]

mod build;
mod cache;
mod check;
mod config;
mod context;
mod copies;
mod dates;
mod diagnostic;
mod emit;
mod example;
mod feeds;
mod frontmatter;
mod i18n;
mod jobs;
mod keywords;
mod llms;
mod load;
mod mirror;
mod outputs;
mod page;
mod pipeline;
mod rebuild;
mod related;
mod render;
mod scaffold;
mod search_index;
#[cfg(feature = "serve")]
mod serve;
mod site;
mod sitemap;
mod slug;
mod summary;
mod templates;
mod timings;
mod values;
mod xml;

pub use build::{BuildOptions, BuildReport, build};
pub use check::{CheckOptions, CheckReport, check};
pub use config::Config;
pub use copies::CopiedFile;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use example::init_example;
pub use pipeline::{Built, build_in_memory};
pub use rebuild::{Changes, LiveSite, Update};
pub use render::OutputFile;
pub use scaffold::{init, new_post};
pub use search_index::SEARCH_DIR;
#[cfg(feature = "serve")]
pub use serve::{ServeOptions, run as serve};
pub use site::Visibility;
pub use slug::short_hash;
pub use timings::Timings;
