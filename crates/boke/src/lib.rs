//! boke: a static blog engine for people who write in Chinese. The pipeline is
//! load → parse → assemble → render → emit, each stage a function of the one before.

// Diagnostics travel only on the failure path, where their size costs nothing that matters.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cache;
pub mod check;
pub mod config;
pub mod context;
pub mod dates;
pub mod diagnostic;
pub mod emit;
pub mod example;
pub mod feeds;
pub mod frontmatter;
pub mod i18n;
pub mod jobs;
pub mod llms;
pub mod load;
pub mod mirror;
pub mod page;
pub mod rebuild;
pub mod related;
pub mod render;
pub mod scaffold;
pub mod search_index;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod summary;
pub mod templates;
pub mod timings;
pub mod xml;
