//! Storage under faults: a disk that fills mid-burst, a WAL under sustained writes,
//! concurrent first starts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use boke_social::config::ModerationPolicy;
use boke_social::store::Store;
use serde_json::json;

use crate::support::{self, Server, TestDb, comment, config};
use crate::{both_backends, open_server};

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "cannot mount a tmpfs (needs root); unset BOKE_TEST_MOUNTS to skip"
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file until the disk refuses more.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.path().join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

/// A burst of comments while the disk fills partway: every `201` names a stored comment with
/// its own body, no id is answered twice, every refusal is a JSON 503, and `/healthz` says the
/// database cannot write while the disk is full.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(boke_test_mounts),
    ignore = "mounts a tmpfs (root only): build with BOKE_TEST_MOUNTS=1 to run"
)]
async fn acknowledged_means_stored_when_the_disk_fills() {
    let disk = SmallDisk::mount("16m");
    let data = disk.path().join("data");
    let store = Store::open_data_dir(&data).await.unwrap();
    let server = Server::start(store, burst_config(), None).await;
    assert_eq!(server.get("/healthz").await.status, 200);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..3000 {
        if n == 300 {
            disk.fill();
        }
        let body = format!(
            "第{n}条评论，带一点长度让每条都占空间：{}",
            "字".repeat(200)
        );
        let response = server
            .post("/api/comments", comment("/full/", "读者", None, &body))
            .await;
        match response.status {
            201 => acknowledged.push((response.json()["id"].as_i64().unwrap(), body)),
            503 => {
                assert!(response.json()["error"].is_string(), "{}", response.body);
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", response.body),
        }
    }
    let health = server.get("/healthz").await;
    assert_eq!(health.status, 503, "{}", health.body);
    // A write small enough for pages the log already holds may still go through; either way
    // the answer must say what happened.
    let mut views_counted = 0;
    for _ in 0..20 {
        let view = server.post("/api/views", json!({"page": "/full/"})).await;
        match view.status {
            200 => views_counted += 1,
            503 => {}
            other => panic!("unexpected {other}: {}", view.body),
        }
    }
    server.stop().await;

    let _ = std::fs::remove_file(disk.path().join("filler"));
    let store = Store::open_data_dir(&data).await.unwrap();
    let mut ids = std::collections::HashSet::new();
    for (id, body) in &acknowledged {
        assert!(ids.insert(*id), "id {id} was answered twice");
        let stored = store
            .comment(*id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged comment {id} is not stored"));
        assert_eq!(&stored.body, body, "comment {id} holds another body");
    }
    let views = store.view_counts(&["/full/".to_owned()]).await.unwrap();
    assert_eq!(
        views.get("/full/").copied().unwrap_or(0),
        views_counted,
        "every view answered 200 is counted, and no other"
    );
    // Checked after the stored ones: a service that answers 201 to everything on a full disk
    // fails above, on the comments it lost, not here.
    assert!(
        refused > 0,
        "the disk never filled: the test proves nothing"
    );
    // Once there is room again, writes and health come back.
    let server = Server::start(store, burst_config(), None).await;
    assert_eq!(server.get("/healthz").await.status, 200);
    let after = server
        .post("/api/comments", comment("/full/", "读者", None, "又能写了"))
        .await;
    assert_eq!(after.status, 201, "{}", after.body);
    assert!(ids.insert(after.json()["id"].as_i64().unwrap()));
    server.stop().await;
}

/// Published at once, and no rate limit in the way of a 3,000-comment burst.
fn burst_config() -> boke_social::config::ServiceConfig {
    let mut config = config();
    config.moderation = ModerationPolicy::None;
    config.write_rate.burst = 10_000;
    config.write_rate.per_minute = 10_000;
    config
}

/// 20,000 writes (views, comments, reactions) with readers alongside: the WAL stays small.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wal_stays_bounded_under_sustained_writes() {
    let db = support::sqlite().await;
    let server = open_server(&db, ModerationPolicy::None).await;
    let Some(dir) = db.sqlite_dir() else {
        unreachable!("a SQLite test database")
    };
    let wal = dir.join("social.db-wal");
    let store = db.store.clone();
    let mut largest = 0u64;
    let writers: Vec<_> = (0..4)
        .map(|worker| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..5000 {
                    let page = format!("/w/{}/", n % 50);
                    if n % 10 == 0 {
                        let new = boke_social::store::NewComment {
                            page: page.clone(),
                            parent_id: None,
                            author: format!("w{worker}"),
                            email: None,
                            website: None,
                            body: "持续写入".repeat(20),
                            html: "<p>持续写入</p>".to_owned(),
                            ip_hash: None,
                            created_at: n,
                            source: None,
                            commenter_id: None,
                            browser: None,
                            os: None,
                            region: None,
                        };
                        store
                            .insert_comment(&new, boke_social::store::CommentStatus::Approved)
                            .await
                            .unwrap();
                    } else {
                        store.add_view(&page).await.unwrap();
                    }
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let addr = server.addr;
            tokio::spawn(async move {
                for n in 0..400 {
                    let page = format!("/api/comments?page=/w/{}/", n % 50);
                    assert_eq!(
                        support::http::request(addr, "GET", &page, &[], None)
                            .await
                            .status,
                        200
                    );
                }
            })
        })
        .collect();
    let mut writers = writers.into_iter();
    let mut pending: Vec<_> = writers.by_ref().collect();
    while !pending.is_empty() {
        tokio::time::sleep(Duration::from_millis(50)).await;
        largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
        pending.retain(|task| !task.is_finished());
    }
    for reader in readers {
        reader.await.unwrap();
    }
    server.stop().await;
    largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
    assert!(
        largest < 8 * 1024 * 1024,
        "the WAL reached {} KiB",
        largest / 1024
    );
}

/// Several instances started at the same moment on a new database all come up (20 rounds of
/// 4: without the start lock SQLite failed in most runs by the second round).
async fn concurrent_first_starts(db: TestDb) {
    for round in 0..20 {
        let fresh = db.fresh_place(round).await;
        let starts: Vec<_> = (0..4)
            .map(|_| {
                let fresh = fresh.clone();
                tokio::spawn(async move { fresh.open().await })
            })
            .collect();
        for start in starts {
            let store = start.await.unwrap();
            if let Err(error) = &store {
                panic!("round {round}: {error}");
            }
        }
    }
}
both_backends!(
    concurrent_first_starts,
    crate::storage::concurrent_first_starts
);

/// `url` with its `host:port` replaced by `address`.
fn at_address(url: &str, address: &str) -> String {
    let (before, after) = url.rsplit_once('@').expect("the test URL names user@host");
    let path = after.find(['/', '?']).map_or("", |at| &after[at..]);
    format!("{before}@{address}{path}")
}

/// The `host:port` a PostgreSQL URL points at.
fn address_of(url: &str) -> String {
    let (_, after) = url.rsplit_once('@').expect("the test URL names user@host");
    after[..after.find(['/', '?']).unwrap_or(after.len())].to_owned()
}

/// A PostgreSQL server that comes up after the service: the start retries with backoff and
/// succeeds once the server answers; without patience it fails at once; a wrong password is
/// not waited for.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(boke_test_postgres),
    ignore = "needs PostgreSQL: set BOKE_TEST_POSTGRES_URL when building the tests"
)]
async fn a_late_postgres_is_waited_for() {
    let db = support::postgres().await;
    let support::FreshPlace::Postgres(url) = db.fresh_place(0).await else {
        unreachable!("a PostgreSQL test database")
    };
    let upstream = address_of(&url);
    // A loopback port that nothing listens on until the "server" starts.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let late_url = at_address(&url, &format!("127.0.0.1:{port}"));

    let started = std::time::Instant::now();
    assert!(
        Store::connect_patiently(&late_url, Duration::ZERO)
            .await
            .is_err(),
        "nothing listens yet"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        loop {
            let (mut client, _) = listener.accept().await.unwrap();
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    let started = std::time::Instant::now();
    let store = Store::connect_patiently(&late_url, Duration::from_secs(60))
        .await
        .unwrap_or_else(|error| panic!("the late server was not waited for: {error}"));
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "connected before the server started"
    );
    store.probe_write(64).await.unwrap();
    store.close().await;

    let (credentials, place) = late_url.rsplit_once('@').unwrap();
    let (user, _) = credentials
        .rsplit_once(':')
        .filter(|(user, _)| user.contains("://"))
        .expect("BOKE_TEST_POSTGRES_URL has a password");
    let wrong_password = format!("{user}:not-the-password@{place}");
    let started = std::time::Instant::now();
    assert!(
        Store::connect_patiently(&wrong_password, Duration::from_secs(60))
            .await
            .is_err()
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a wrong password was retried"
    );
    server.abort();
}
