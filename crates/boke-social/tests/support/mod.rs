//! Shared test harness: a database per test on both backends, a real server on loopback,
//! a tiny HTTP client and an SMTP capture server.
#![allow(dead_code)]

pub mod http;
pub mod sink;
pub mod smtp;
pub mod xdb;

use std::net::SocketAddr;

use boke_social::app::App;
use boke_social::config::ServiceConfig;
use boke_social::mail::Mailer;
use boke_social::store::Store;
use tokio::sync::oneshot;

pub const SITE: &str = "https://blog.example.com";

/// Where a test's data lives; dropping it removes the data.
pub enum Place {
    Sqlite(tempfile::TempDir),
    Postgres { url: String, schema: String },
}

pub struct TestDb {
    pub store: Store,
    pub place: Place,
    /// Schemas made by [`TestDb::fresh_place`], dropped with this one.
    extra_schemas: std::sync::Mutex<Vec<String>>,
}

/// An empty place for a database that no store has opened yet.
#[derive(Clone)]
pub enum FreshPlace {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl FreshPlace {
    /// Opens it as a starting service would.
    pub async fn open(&self) -> Result<Store, boke_social::store::StoreError> {
        match self {
            FreshPlace::Sqlite(dir) => Store::open_data_dir(dir).await,
            FreshPlace::Postgres(url) => Store::connect(url).await,
        }
    }
}

impl TestDb {
    /// Opens the same data again, as a restarted service would.
    pub async fn reopen(&self) -> Store {
        match &self.place {
            Place::Sqlite(dir) => Store::open_data_dir(dir.path()).await.unwrap(),
            Place::Postgres { url, schema } => {
                Store::connect(&schema_url(url, schema)).await.unwrap()
            }
        }
    }

    /// The data directory of a SQLite database.
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        match &self.place {
            Place::Sqlite(dir) => Some(dir.path()),
            Place::Postgres { .. } => None,
        }
    }

    /// A new, empty place on the same backend (a folder beside this one, or a new schema).
    pub async fn fresh_place(&self, n: usize) -> FreshPlace {
        match &self.place {
            Place::Sqlite(dir) => FreshPlace::Sqlite(dir.path().join(format!("fresh-{n}"))),
            Place::Postgres { url, schema } => {
                let fresh = format!("{schema}_f{n}");
                create_schema(url, &fresh).await;
                self.extra_schemas.lock().unwrap().push(fresh.clone());
                FreshPlace::Postgres(schema_url(url, &fresh))
            }
        }
    }

    pub fn backend(&self) -> &'static str {
        match self.place {
            Place::Sqlite(_) => "sqlite",
            Place::Postgres { .. } => "postgres",
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Place::Postgres { url, schema } = &self.place {
            let url = url.clone();
            let mut schemas = std::mem::take(&mut *self.extra_schemas.lock().unwrap());
            schemas.push(schema.clone());
            // A fresh runtime on a plain thread: Drop may run inside or outside a runtime.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    use sqlx::Connection;
                    sqlx::any::install_default_drivers();
                    if let Ok(mut conn) = sqlx::AnyConnection::connect(&url).await {
                        for schema in schemas {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP SCHEMA IF EXISTS {schema} CASCADE"
                            )))
                            .execute(&mut conn)
                            .await;
                        }
                    }
                });
            })
            .join();
        }
    }
}

fn schema_url(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

async fn create_schema(url: &str, schema: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .expect("connect to BOKE_TEST_POSTGRES_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .unwrap();
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    TestDb {
        store,
        place: Place::Sqlite(dir),
        extra_schemas: Default::default(),
    }
}

/// A fresh schema in the test PostgreSQL named by `BOKE_TEST_POSTGRES_URL`.
pub async fn postgres() -> TestDb {
    let url = std::env::var("BOKE_TEST_POSTGRES_URL").expect(
        "BOKE_TEST_POSTGRES_URL names the test PostgreSQL (BOKE_REQUIRE_POSTGRES=1 is set)",
    );
    let schema = format!("t_{}", boke_social::keys::random_hex(8).unwrap());
    create_schema(&url, &schema).await;
    let store = Store::connect(&schema_url(&url, &schema)).await.unwrap();
    TestDb {
        store,
        place: Place::Postgres { url, schema },
        extra_schemas: Default::default(),
    }
}

/// Runs `$case(db)` once on SQLite and once on PostgreSQL, as `$name::sqlite` / `$name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $case:path) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                $case($crate::support::sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            #[cfg_attr(
                not(boke_test_postgres),
                ignore = "needs PostgreSQL: set BOKE_TEST_POSTGRES_URL when building the tests"
            )]
            async fn postgres() {
                $case($crate::support::postgres().await).await;
            }
        }
    };
}

/// Test defaults: the site at [`SITE`], roomy rate limits.
pub fn config() -> ServiceConfig {
    let mut config = ServiceConfig::for_site(SITE, "http://social.test");
    config.site_title = "测试博客".to_owned();
    config.write_rate.burst = 1000;
    config.write_rate.per_minute = 1000;
    config.read_rate.burst = 10_000;
    config.read_rate.per_minute = 10_000;
    // The guard's own tests turn on what they test.
    config.guard = boke_social::guard::GuardConfig::off();
    config
}

pub struct Server {
    pub addr: SocketAddr,
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    pub async fn start(store: Store, config: ServiceConfig, mailer: Option<Mailer>) -> Server {
        let app = App::new(store, config, mailer).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(boke_social::http::serve(
            listener,
            app.clone(),
            async move {
                let _ = stopped.await;
            },
        ));
        Server {
            addr,
            app,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn get(&self, path: &str) -> http::Response {
        http::request(self.addr, "GET", path, &[], None).await
    }

    pub async fn post(&self, path: &str, json: serde_json::Value) -> http::Response {
        let body = json.to_string();
        http::request(
            self.addr,
            "POST",
            path,
            &[("Content-Type", "application/json")],
            Some(&body),
        )
        .await
    }

    /// Logs in as the moderator with `password` (set here first) and returns the bearer header.
    pub async fn admin_token(&self, password: &str) -> String {
        let phc = boke_social::keys::hash_password(password).unwrap();
        self.app
            .store
            .set_setting(boke_social::http::admin_password_key(), &phc)
            .await
            .unwrap();
        let response = self
            .post(
                "/api/admin/login",
                serde_json::json!({ "password": password }),
            )
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
        format!("Bearer {}", response.json()["token"].as_str().unwrap())
    }

    pub async fn admin(
        &self,
        method: &str,
        path: &str,
        token: &str,
        json: Option<serde_json::Value>,
    ) -> http::Response {
        let body = json.map(|json| json.to_string());
        http::request(
            self.addr,
            method,
            path,
            &[
                ("Authorization", token),
                ("Content-Type", "application/json"),
            ],
            body.as_deref(),
        )
        .await
    }

    /// Graceful shutdown; returns once in-flight work is done.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

/// A comment body for `page`.
pub fn comment(page: &str, author: &str, email: Option<&str>, body: &str) -> serde_json::Value {
    serde_json::json!({ "page": page, "author": author, "email": email, "body": body })
}
