//! Integration tests of the live site: `serve`'s incremental rebuild against full builds, the
//! `boke serve` binary over HTTP, and the default theme in a real browser. One test binary.

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod hosts;
mod mcp;
mod reader_mcp;
mod rebuild;
mod serve;
