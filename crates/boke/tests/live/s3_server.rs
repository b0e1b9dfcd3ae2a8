//! A real S3 server for the deploy tests: `s3s-fs` on loopback over a temp folder, behind a
//! proxy that records each request (method and path) and can slow each one down, so a test
//! can count what a deploy asked for and stop one half-way.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const ACCESS_KEY: &str = "boke-test";
pub const SECRET_KEY: &str = "boke-test-secret";
pub const BUCKET: &str = "blog";

pub struct S3Server {
    child: Child,
    _data: tempfile::TempDir,
    /// Where the proxy listens: the endpoint to give a deploy.
    pub endpoint: String,
    /// The requests seen through the proxy, as `METHOD /path`.
    pub requests: Arc<Mutex<Vec<String>>>,
    /// How long the proxy holds each request before passing it on.
    pub delay: Arc<Mutex<Duration>>,
    runtime: tokio::runtime::Runtime,
    store: object_store::aws::AmazonS3,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

impl S3Server {
    /// Starts `s3s-fs` with an empty bucket, or fails saying how to install it.
    pub fn start() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(data.path().join(BUCKET)).expect("bucket");
        let port = free_port();
        let child = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start s3s-fs ({e}): cargo install s3s-fs@0.14.1 --features binary \
                     --locked (as .ci/run does)"
                )
            });
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "s3s-fs did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let requests = Arc::new(Mutex::new(Vec::new()));
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let proxy = TcpListener::bind("127.0.0.1:0").expect("proxy");
        let endpoint = format!("http://{}", proxy.local_addr().expect("address"));
        {
            let requests = Arc::clone(&requests);
            let delay = Arc::clone(&delay);
            std::thread::spawn(move || {
                for client in proxy.incoming().flatten() {
                    let requests = Arc::clone(&requests);
                    let delay = Arc::clone(&delay);
                    std::thread::spawn(move || relay(client, port, &requests, &delay));
                }
            });
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let store = object_store::aws::AmazonS3Builder::new()
            .with_endpoint(format!("http://127.0.0.1:{port}"))
            .with_allow_http(true)
            .with_region("us-east-1")
            .with_bucket_name(BUCKET)
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .build()
            .expect("client");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Self {
            child,
            _data: data,
            endpoint,
            requests,
            delay,
            runtime,
            store,
        }
    }

    /// The requests seen since the last call.
    pub fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut *self.requests.lock().expect("requests"))
    }

    /// Every key in the bucket, sorted.
    pub fn keys(&self) -> Vec<String> {
        use futures::TryStreamExt;
        use object_store::ObjectStore;
        let listed: Vec<object_store::ObjectMeta> = self
            .runtime
            .block_on(self.store.list(None).try_collect())
            .expect("list");
        let mut keys: Vec<String> = listed
            .into_iter()
            .map(|meta| meta.location.to_string())
            .collect();
        keys.sort();
        keys
    }

    /// An object's bytes, `Content-Type` and `Cache-Control`.
    pub fn get(&self, key: &str) -> (Vec<u8>, String, String) {
        use object_store::{Attribute, ObjectStoreExt};
        let path = object_store::path::Path::parse(key).expect("key");
        self.runtime.block_on(async {
            let got = self
                .store
                .get(&path)
                .await
                .unwrap_or_else(|e| panic!("{key}: {e}"));
            let attribute = |name| {
                got.attributes
                    .get(&name)
                    .map(|value| value.to_string())
                    .unwrap_or_default()
            };
            let content_type = attribute(Attribute::ContentType);
            let cache_control = attribute(Attribute::CacheControl);
            let bytes = got.bytes().await.expect("body").to_vec();
            (bytes, content_type, cache_control)
        })
    }

    /// An object's headers, as a HEAD answers them (names lower-cased).
    pub fn head(&self, key: &str) -> BTreeMap<String, String> {
        use object_store::signer::{Method, Signer};
        let path = object_store::path::Path::parse(key).expect("key");
        let url = self
            .runtime
            .block_on(
                self.store
                    .signed_url(Method::HEAD, &path, Duration::from_secs(60)),
            )
            .expect("sign");
        let response = ureq::head(url.as_str())
            .call()
            .unwrap_or_else(|e| panic!("HEAD {key}: {e}"));
        response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = value.to_str().unwrap_or_default();
                (name.as_str().to_ascii_lowercase(), value.to_string())
            })
            .collect()
    }

    /// Deletes an object, as another tool sharing the bucket would.
    pub fn delete(&self, key: &str) {
        use object_store::ObjectStoreExt;
        let path = object_store::path::Path::parse(key).expect("key");
        self.runtime
            .block_on(self.store.delete(&path))
            .expect("delete");
    }

    /// Puts an object the site does not have, as another tool sharing the bucket would.
    pub fn put(&self, key: &str, bytes: impl Into<Vec<u8>>) {
        use object_store::ObjectStoreExt;
        let path = object_store::path::Path::parse(key).expect("key");
        self.runtime
            .block_on(self.store.put(&path, bytes.into().into()))
            .expect("put");
    }
}

/// Passes one client connection to the server, request by request, recording each.
fn relay(client: TcpStream, port: u16, requests: &Mutex<Vec<String>>, delay: &Mutex<Duration>) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let (Ok(mut back), Ok(mut to_client)) = (server.try_clone(), client.try_clone()) else {
        return;
    };
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut back, &mut to_client);
        let _ = to_client.shutdown(std::net::Shutdown::Both);
    });
    let mut reader = BufReader::new(client);
    let mut server = server;
    loop {
        let mut head = Vec::new();
        let mut length = 0usize;
        let mut first = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if first.is_empty() {
                first = line.trim_end().to_string();
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
            head.extend_from_slice(line.as_bytes());
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = first.split(' ');
        let method = parts.next().unwrap_or_default();
        let path = parts.next().unwrap_or_default();
        requests
            .lock()
            .expect("requests")
            .push(format!("{method} {}", decode(path)));
        let wait = *delay.lock().expect("delay");
        std::thread::sleep(wait);
        if server.write_all(&head).is_err() || server.write_all(&body).is_err() {
            return;
        }
    }
}

/// A request path with its percent-escapes undone, for readable assertions.
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = path
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
