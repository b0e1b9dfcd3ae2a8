//! Integration tests of the live site: `serve`'s incremental rebuild against full builds, the
//! `boke serve` binary over HTTP, the default theme in a real browser, and `boke deploy` to a
//! real S3 server. One test binary.

#[path = "../common/mod.rs"]
mod common;

mod browser;
#[cfg(feature = "deploy")]
mod deploy;
mod hosts;
mod mcp;
mod reader_mcp;
mod rebuild;
#[cfg(feature = "deploy")]
mod s3_server;
mod serve;
