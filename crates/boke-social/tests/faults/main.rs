//! The service under faults and hostile input: a disk that fills up mid-burst, reply chains
//! a hundred thousand deep, a WAL under sustained writes, concurrent first starts, a database
//! that starts late, NUL bytes, malformed requests, an SMTP server that is down, counters
//! pushed by one address.

#[path = "../support/mod.rs"]
mod support;

mod mail;
mod requests;
mod storage;
mod threads;

use boke_social::config::ModerationPolicy;
use support::{Server, TestDb, config};

async fn open_server(db: &TestDb, policy: ModerationPolicy) -> Server {
    let mut config = config();
    config.moderation = policy;
    Server::start(db.store.clone(), config, None).await
}
