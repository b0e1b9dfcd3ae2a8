//! The interaction service behind a boke site: comments, reactions, page views and email
//! subscriptions, stored in SQLite or PostgreSQL. `boke social serve` runs it; the default
//! theme's `social.js` talks to its JSON API (documented in this crate's README).

pub mod agent;
pub mod app;
pub mod avatar;
pub mod backup;
pub mod bounce;
mod cli;
pub mod config;
pub mod digest;
pub mod guard;
pub mod http;
pub mod import;
pub mod keys;
pub mod mail;
pub mod notify;
pub mod outbox;
pub mod owner;
pub mod page;
#[cfg(feature = "mcp")]
pub mod published;
pub mod region;
pub mod render;
pub mod spam;
pub mod store;
pub mod subscribers;
pub mod text;
pub mod webhook;

pub use cli::{DatabaseArgs, MailArgs, SocialCommand, SubscribersCommand, run};
