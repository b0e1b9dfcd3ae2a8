//! IP属地 on both backends: a small xdb made here (IPv4 and IPv6), comments posted from
//! addresses inside and outside its ranges, the region served (or hidden) and stored without
//! the address; and files that are not xdb refused at start with a clear reason.

mod support;

use std::sync::Arc;

use boke_social::config::ModerationPolicy;
use boke_social::region::RegionDb;
use support::xdb::{segment, write};
use support::{Server, TestDb, comment, config};

/// Writes the test databases into `dir`: the v4 one and the v6 one.
fn databases(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let v4 = write(&[
        segment("1.0.0.0", "1.0.0.255", "Australia|Queensland|Brisbane|0|AU"),
        // Crosses several /16 cells, as real ranges do.
        segment(
            "113.64.0.0",
            "113.111.255.255",
            "中国|广东省|广州市|电信|CN",
        ),
        segment("123.112.0.0", "123.127.255.255", "中国|0|北京|北京市|联通"),
        segment(
            "192.168.0.0",
            "192.168.255.255",
            "Reserved|Reserved|Reserved|0|0",
        ),
    ]);
    let v6 = write(&[segment(
        "240e::",
        "240e:fff:ffff:ffff:ffff:ffff:ffff:ffff",
        "中国|四川省|成都市|电信|CN",
    )]);
    let paths = vec![dir.join("ip2region_v4.xdb"), dir.join("ip2region_v6.xdb")];
    std::fs::write(&paths[0], v4).unwrap();
    std::fs::write(&paths[1], v6).unwrap();
    paths
}

#[test]
fn lookups_hit_and_miss() {
    let dir = tempfile::tempdir().unwrap();
    let db = RegionDb::open(&databases(dir.path())).unwrap();
    for (ip, region) in [
        ("113.64.0.1", Some("广东")),
        ("113.90.12.34", Some("广东")),
        ("113.111.255.255", Some("广东")),
        ("113.112.0.0", None),
        ("123.118.1.1", Some("北京")),
        ("1.0.0.7", Some("Australia")),
        ("192.168.1.1", None),
        ("8.8.8.8", None),
        ("::ffff:113.70.1.1", Some("广东")),
        ("240e:3b4:1::1", Some("四川")),
        ("2001:db8::1", None),
        ("unknown", None),
    ] {
        assert_eq!(db.region(ip).as_deref(), region, "{ip}");
    }
    let only_v4 = RegionDb::open(&databases(dir.path())[..1]).unwrap();
    assert_eq!(only_v4.region("240e:3b4:1::1"), None, "no IPv6 file given");
}

#[test]
fn files_that_are_not_xdb_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(&databases(dir.path())[0]).unwrap();
    let path = dir.path().join("bad.xdb");
    let mut cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"<html>404 Not Found</html>".to_vec(),
            "fewer than a header",
        ),
        (good[..good.len() - 7].to_vec(), "outside the file"),
    ];
    let mut version = good.clone();
    version[0] = 9;
    cases.push((version, "unknown format version 9"));
    let mut ip_version = good.clone();
    ip_version[16] = 5;
    cases.push((ip_version, "unknown IP version 5"));
    let mut cell = good.clone();
    // The vector cell of 113.64.x.x points far past the index.
    let at = 256 + (113 * 256 + 64) * 8 + 4;
    cell[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    cases.push((cell, "vector index cell"));
    for (bytes, reason) in cases {
        std::fs::write(&path, bytes).unwrap();
        let error = RegionDb::open(std::slice::from_ref(&path))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("bad.xdb") && error.contains(reason),
            "{reason}: {error}"
        );
    }
    let twice = RegionDb::open(&[
        databases(dir.path())[0].clone(),
        databases(dir.path())[0].clone(),
    ])
    .unwrap_err()
    .to_string();
    assert!(twice.contains("IPv4"), "{twice}");
}

async fn post_from(server: &Server, ip: &str, body: &str) -> u16 {
    let json = comment("/posts/属地/", "读者", None, body).to_string();
    support::http::request(
        server.addr,
        "POST",
        "/api/comments",
        &[
            ("Content-Type", "application/json"),
            ("X-Forwarded-For", ip),
        ],
        Some(&json),
    )
    .await
    .status
}

async fn regions_are_stored_and_served(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let regions = Arc::new(RegionDb::open(&databases(dir.path())).unwrap());
    let mut settings = config();
    settings.moderation = ModerationPolicy::None;
    settings.trust_proxy = true;
    settings.regions = Some(regions.clone());
    let server = Server::start(db.reopen().await, settings.clone(), None).await;
    assert_eq!(post_from(&server, "113.90.12.34", "广东来的").await, 201);
    assert_eq!(post_from(&server, "8.8.8.8", "查不到的").await, 201);
    assert_eq!(post_from(&server, "240e:3b4:1::1", "四川来的").await, 201);
    let list = server
        .get("/api/comments?page=/posts/%E5%B1%9E%E5%9C%B0/")
        .await
        .json();
    let shown: Vec<(String, Option<String>)> = list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["html"].as_str().unwrap().to_owned(),
                c.get("region").and_then(|r| r.as_str()).map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("<p>广东来的</p>\n".to_owned(), Some("广东".to_owned())),
            ("<p>查不到的</p>\n".to_owned(), None),
            ("<p>四川来的</p>\n".to_owned(), Some("四川".to_owned())),
        ]
    );
    // Only the region is kept: no column of any comment holds the address.
    let rows = sqlx::query(
        "SELECT page || author || COALESCE(email, '') || COALESCE(website, '') || body || html \
         || status || COALESCE(ip_hash, '') || COALESCE(browser, '') || COALESCE(os, '') \
         || COALESCE(region, '') AS everything FROM comments",
    )
    .fetch_all(boke_social::backup::pool_of(&server.app.store))
    .await
    .unwrap();
    let text: String = rows
        .iter()
        .map(|row| sqlx::Row::get::<String, _>(row, "everything"))
        .collect();
    assert!(text.contains("广东") && text.contains("四川"), "{text}");
    for address in ["113.90.12.34", "8.8.8.8", "240e:3b4"] {
        assert!(!text.contains(address), "{address} stored: {text}");
    }
    server.stop().await;

    // Hidden: stored still, not served.
    settings.hide_region = true;
    let hidden = Server::start(db.reopen().await, settings.clone(), None).await;
    let list = hidden
        .get("/api/comments?page=/posts/%E5%B1%9E%E5%9C%B0/")
        .await
        .json();
    assert!(
        list["comments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("region").is_none()),
        "{list}"
    );
    hidden.stop().await;

    // No database: new comments have none, and nothing fails.
    settings.hide_region = false;
    settings.regions = None;
    let plain = Server::start(db.reopen().await, settings, None).await;
    assert_eq!(post_from(&plain, "113.90.12.34", "没有数据库").await, 201);
    let list = plain
        .get("/api/comments?page=/posts/%E5%B1%9E%E5%9C%B0/")
        .await
        .json();
    assert!(list["comments"][3].get("region").is_none(), "{list}");
    assert_eq!(list["comments"][0]["region"], "广东", "stored regions stay");
    plain.stop().await;
}

both_backends!(
    regions_stored_and_served,
    crate::regions_are_stored_and_served
);
