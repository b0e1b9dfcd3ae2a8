//! Load benchmark: the service in-process on loopback, driven by `wrk` (Debian package).
//! Comment reads (`GET /api/comments`, 50 comments on the page) and writes
//! (`POST /api/comments`, published at once) on SQLite, and on PostgreSQL when
//! `BOKE_TEST_POSTGRES_URL` is set. Prints requests per second and latency percentiles.
//!
//! `cargo bench -p boke-social --bench load` (BOKE_BENCH_SECONDS to change the 10 s runs).

use std::process::Command;

use boke_social::app::App;
use boke_social::config::{ModerationPolicy, ServiceConfig};
use boke_social::store::{CommentStatus, NewComment, Store};

fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("SKIP load benchmark: install wrk (apt-get install wrk)");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("load average before: {}", load_average());
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = runtime
        .block_on(Store::open_data_dir(dir.path()))
        .expect("sqlite");
    run(&runtime, "SQLite", sqlite);
    if let Ok(url) = std::env::var("BOKE_TEST_POSTGRES_URL") {
        let schema = format!("bench_{}", std::process::id());
        let store = runtime.block_on(async {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&url).await.expect("postgres");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await
                .expect("schema");
            let separator = if url.contains('?') { '&' } else { '?' };
            Store::connect(&format!(
                "{url}{separator}options=-c%20search_path%3D{schema}"
            ))
            .await
            .expect("postgres store")
        });
        run(&runtime, "PostgreSQL", store.clone());
        runtime.block_on(async {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&mut *store_conn(&store).await)
                .await;
        });
    } else {
        println!("SKIP PostgreSQL: set BOKE_TEST_POSTGRES_URL");
    }
}

/// The machine's 1, 5 and 15 minute load averages, to judge how quiet the run was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

async fn store_conn(store: &Store) -> sqlx::pool::PoolConnection<sqlx::Any> {
    boke_social::backup::pool_of(store)
        .acquire()
        .await
        .expect("connection")
}

fn run(runtime: &tokio::runtime::Runtime, name: &str, store: Store) {
    let mut config = ServiceConfig::for_site("http://127.0.0.1", "http://127.0.0.1");
    config.moderation = ModerationPolicy::None;
    config.log_requests = false;
    config.write_rate.burst = u32::MAX;
    config.write_rate.per_minute = u32::MAX;
    config.read_rate = config.write_rate;
    // The load measured is the service's own, not its guard's challenges and limits.
    config.guard = boke_social::guard::GuardConfig::off();
    let addr = runtime.block_on(async {
        for n in 0..50 {
            let comment = NewComment {
                page: "/bench/".into(),
                parent_id: None,
                author: format!("读者{n}"),
                email: None,
                website: None,
                body: "这是一条用于压测的评论。".into(),
                html: "<p>这是一条用于压测的评论。</p>\n".into(),
                ip_hash: None,
                created_at: n,
                source: None,
                commenter_id: None,
                browser: None,
                os: None,
                region: None,
            };
            store
                .insert_comment(&comment, CommentStatus::Approved)
                .await
                .expect("seed");
        }
        // 5,000 visitors from 625 addresses (8 each, the most one address may add).
        for n in 0..5000 {
            let kind = boke_social::store::REACTION_KINDS[n % 6].0;
            store
                .set_reaction(
                    "/bench-r/",
                    &format!("visitor-{n}"),
                    &format!("address-{}", n / 8),
                    Some(kind),
                )
                .await
                .expect("seed reaction");
        }
        let app = App::new(store, config, None).await.expect("app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(boke_social::http::serve(
            listener,
            app,
            std::future::pending(),
        ));
        addr
    });
    let seconds = std::env::var("BOKE_BENCH_SECONDS").unwrap_or_else(|_| "10".into());
    let post_script = |name: &str, body: &str| {
        let script =
            std::env::temp_dir().join(format!("boke-social-{name}-{}.lua", std::process::id()));
        std::fs::write(
            &script,
            format!(
                "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
                 wrk.body = '{body}'\n"
            ),
        )
        .expect("lua");
        script
    };
    let comment_script = post_script(
        "comment",
        r#"{"page":"/bench-w/","author":"压测","body":"**写入**测试"}"#,
    );
    let view_script = post_script("view", r#"{"page":"/bench-v/"}"#);
    let runs = [
        ("comment reads", "/api/comments?page=/bench/", None),
        ("comment writes", "/api/comments", Some(&comment_script)),
        ("view writes", "/api/views", Some(&view_script)),
        (
            "reaction reads (5,000)",
            "/api/reactions?page=/bench-r/",
            None,
        ),
    ];
    for (label, path, script) in runs {
        let extra: Vec<String> = script
            .map(|script| vec!["-s".to_owned(), script.display().to_string()])
            .unwrap_or_default();
        let output = Command::new("wrk")
            .args(["-t2", "-c32", "--latency", "-d"])
            .arg(format!("{seconds}s"))
            .args(&extra)
            .arg(format!("http://{addr}{path}"))
            .output()
            .expect("wrk");
        let text = String::from_utf8_lossy(&output.stdout);
        let pick = |prefix: &str| {
            text.lines()
                .find(|line| line.trim_start().starts_with(prefix))
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let errors = pick("Non-2xx");
        println!(
            "{name:<10} {label:<22}  {}  | p50 {} | p99 {} {} | load average after: {}",
            pick("Requests/sec"),
            pick("50%").trim_start_matches("50% "),
            pick("99%").trim_start_matches("99% "),
            errors,
            load_average()
        );
    }
    let _ = std::fs::remove_file(comment_script);
    let _ = std::fs::remove_file(view_script);
}
