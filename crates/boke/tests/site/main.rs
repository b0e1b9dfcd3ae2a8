//! Integration tests that build real sites and assert on the files written: one test binary
//! (one link) for every suite that runs `boke build` or `boke check` and reads the output.

#[path = "../common/mod.rs"]
mod common;

mod build;
mod cache;
mod categories;
mod check;
mod cli;
mod components;
mod deploy;
mod images;
mod links;
mod outputs;
mod search;
mod seo;
mod social_theme;
mod theme;
mod urls;
