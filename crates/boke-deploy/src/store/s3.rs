//! S3-compatible object storage as a target, through `object_store`: uploads in parallel with
//! their `Content-Type`, `Cache-Control` and (pre-compressed) `Content-Encoding`, retried with
//! backoff, deletes in batches, listings page by page. An alias page with its redirect as
//! metadata goes by a presigned `PUT`, since object_store sends no
//! `x-amz-website-redirect-location` of its own.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::list::{PaginatedListOptions, PaginatedListStore};
use object_store::path::Path as Key;
use object_store::signer::{HeaderName, HeaderValue, Method, SignedUrlOptions, Signer};
use object_store::{
    Attribute, Attributes, BackoffConfig, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
    RetryConfig,
};

use super::folder::Folder;
use super::{Held, Store};
use crate::config::{Encoding, TargetConfig};
use crate::headers::Headers;
use crate::manifest::MANIFEST_FILE;
use crate::plan::Upload;
use crate::{Error, credentials, headers, precompress};

/// The header an S3 website endpoint (and Aliyun OSS's and Tencent COS's static hosting)
/// answers with a 301 to its value.
const REDIRECT_HEADER: &str = "x-amz-website-redirect-location";
/// Tries of a presigned upload before it counts as failed, as object_store's own retries.
const TRIES: u32 = 5;

pub struct S3 {
    store: Arc<AmazonS3>,
    runtime: tokio::runtime::Runtime,
    description: String,
    prefix: String,
    concurrency: usize,
    rules: Vec<crate::config::CacheRule>,
    /// For the uploads object_store cannot make itself.
    client: reqwest::Client,
}

impl S3 {
    pub fn open(config: &TargetConfig) -> Result<Self, Error> {
        let bucket = config.bucket.clone().unwrap_or_default();
        let description = format!("s3://{bucket}/{}", config.key_prefix());
        // reqwest takes rustls' process-wide provider; another part of the program may have
        // installed one already, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&bucket)
            .with_virtual_hosted_style_request(config.virtual_hosted)
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 5,
                retry_timeout: Duration::from_secs(120),
            });
        if let Some(region) = &config.region {
            builder = builder.with_region(region);
        } else if std::env::var_os("AWS_REGION").is_none() {
            builder = builder.with_region("us-east-1");
        }
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        match credentials::find() {
            credentials::Found::Environment => {}
            credentials::Found::File(keys) => {
                builder = builder
                    .with_access_key_id(keys.access_key_id)
                    .with_secret_access_key(keys.secret_access_key);
                if let Some(token) = keys.session_token {
                    builder = builder.with_token(token);
                }
            }
            credentials::Found::Nothing(looked) => {
                return Err(Error::target(
                    &description,
                    format!(
                        "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
                         give the profile in {looked}"
                    ),
                ));
            }
        }
        let store = builder
            .build()
            .map_err(|e| Error::target(&description, e))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::target(&description, e))?;
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| Error::target(&description, e))?;
        Ok(Self {
            store: Arc::new(store),
            runtime,
            description,
            prefix: config.key_prefix(),
            concurrency: config.concurrency.unwrap_or(16),
            rules: config.cache_control.clone(),
            client,
        })
    }

    fn key(&self, site_path: &str) -> Result<Key, Error> {
        let key = format!("{}{site_path}", self.prefix);
        Key::parse(&key).map_err(|e| Error::target(&self.description, e))
    }

    fn fail(&self, error: object_store::Error) -> Error {
        Error::target(&self.description, error)
    }
}

/// The headers of an alias page's object: its own, and where it redirects.
fn signed_headers<'a>(
    headers: &'a Headers,
    encoding: Option<Encoding>,
    location: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut sent = vec![
        ("content-type", headers.content_type),
        ("cache-control", headers.cache_control.as_str()),
        (REDIRECT_HEADER, location),
    ];
    if let Some(encoding) = encoding {
        sent.push(("content-encoding", encoding.token()));
    }
    sent
}

fn attributes(content_type: &str, cache_control: &str, encoding: Option<Encoding>) -> PutOptions {
    let mut attributes = Attributes::new();
    attributes.insert(Attribute::ContentType, content_type.to_string().into());
    attributes.insert(Attribute::CacheControl, cache_control.to_string().into());
    if let Some(encoding) = encoding {
        attributes.insert(Attribute::ContentEncoding, encoding.token().into());
    }
    PutOptions {
        attributes,
        ..PutOptions::default()
    }
}

/// Uploads `body` at `key` with `headers` (each bound to the signature) through a presigned
/// URL, trying again after a dropped connection, a 429 or a 5xx.
async fn put_signed(
    store: &AmazonS3,
    client: &reqwest::Client,
    key: &Key,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Result<(), String> {
    let mut options = SignedUrlOptions::default();
    let mut sent = Vec::new();
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
        let value = HeaderValue::from_str(value).map_err(|e| format!("{name}: {e}"))?;
        options = options.with_signed_header(name.clone(), value.clone());
        sent.push((name, value));
    }
    let mut wait = Duration::from_millis(100);
    for attempt in 1..=TRIES {
        let url = store
            .signed_url_opts(Method::PUT, key, Duration::from_secs(900), &options)
            .await
            .map_err(|e| e.to_string())?;
        let mut request = client.put(url.as_str()).body(body.clone());
        for (name, value) in &sent {
            request = request.header(name.as_str(), value.as_bytes());
        }
        let failure = match request.send().await {
            Ok(response) if response.status().is_success() => return Ok(()),
            Ok(response) => {
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                let message = format!("PUT {key} refused ({status}): {}", s3_error(&text));
                if !(status.is_server_error() || status.as_u16() == 429) {
                    return Err(message);
                }
                message
            }
            Err(e) => format!("PUT {key}: {e}"),
        };
        if attempt == TRIES {
            return Err(failure);
        }
        tokio::time::sleep(wait).await;
        wait *= 2;
    }
    Err(format!("PUT {key}: no try made"))
}

/// The code and message of an S3 error document, or the text as it came.
fn s3_error(xml: &str) -> String {
    let element = |name: &str| {
        xml.split_once(&format!("<{name}>"))
            .and_then(|(_, rest)| rest.split_once(&format!("</{name}>")))
            .map(|(text, _)| text.to_string())
    };
    match (element("Code"), element("Message")) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code,
        _ => xml.trim().chars().take(200).collect(),
    }
}

/// The MD5 an S3 ETag names, in lower-case hex: a single-part upload's ETag is the MD5 of
/// its bytes (upper-case on Aliyun OSS); a multipart one's (`…-3`) is not.
fn etag_md5(etag: &str) -> Option<String> {
    let tag = etag.trim_start_matches("W/").trim_matches('"');
    (tag.len() == 32 && tag.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| tag.to_ascii_lowercase())
}

impl Store for S3 {
    fn describe(&self) -> String {
        self.description.clone()
    }

    fn read(&mut self, site_path: &str) -> Result<Option<Vec<u8>>, Error> {
        let key = self.key(site_path)?;
        let store = Arc::clone(&self.store);
        let got = self.runtime.block_on(async move {
            match store.get(&key).await {
                Ok(result) => result.bytes().await.map(Some),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        });
        got.map(|bytes| bytes.map(|b| b.to_vec()))
            .map_err(|e| self.fail(e))
    }

    fn list(&mut self) -> Result<Vec<String>, Error> {
        let prefix = (!self.prefix.is_empty())
            .then(|| self.key(self.prefix.trim_end_matches('/')))
            .transpose()?;
        let store = Arc::clone(&self.store);
        let listed: Result<Vec<_>, _> = self
            .runtime
            .block_on(async move { store.list(prefix.as_ref()).try_collect().await });
        let listed = listed.map_err(|e| self.fail(e))?;
        Ok(listed
            .into_iter()
            .filter_map(|meta| {
                let key = meta.location.as_ref();
                key.strip_prefix(self.prefix.as_str()).map(str::to_string)
            })
            .filter(|path| path != MANIFEST_FILE)
            .collect())
    }

    fn put_all(
        &mut self,
        site: &Path,
        uploads: &[Upload],
        done: &(dyn Fn(&Upload) + Sync),
    ) -> Result<(), Error> {
        let source = Folder::new(site.to_path_buf());
        let jobs = uploads
            .iter()
            .map(|upload| Ok((upload, self.key(&upload.path)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        let store = &self.store;
        let client = &self.client;
        let rules = &self.rules;
        let description = &self.description;
        let fail = |e: String| Error::target(description, e);
        self.runtime.block_on(async {
            futures::stream::iter(jobs)
                .map(|(upload, key)| {
                    let local = source.local_path(&upload.path);
                    async move {
                        let bytes = tokio::fs::read(&local)
                            .await
                            .map_err(|e| Error::io(&local, e))?;
                        let encodings = upload.entry.encodings.clone();
                        // Compressing is work for a thread of its own, not the uploads' loop.
                        let (body, encoding) = tokio::task::spawn_blocking(move || {
                            precompress::object(bytes, &encodings)
                        })
                        .await
                        .map_err(|e| fail(e.to_string()))?;
                        let headers = headers::for_path(&upload.path, rules);
                        match &upload.entry.redirect {
                            Some(location) => {
                                let sent = signed_headers(&headers, encoding, location);
                                put_signed(store, client, &key, body, &sent)
                                    .await
                                    .map_err(fail)?;
                            }
                            None => {
                                let options = attributes(
                                    headers.content_type,
                                    &headers.cache_control,
                                    encoding,
                                );
                                store
                                    .put_opts(&key, PutPayload::from(body), options)
                                    .await
                                    .map_err(|e| fail(e.to_string()))?;
                            }
                        }
                        done(upload);
                        Ok::<_, Error>(())
                    }
                })
                .buffer_unordered(self.concurrency)
                .try_collect::<Vec<()>>()
                .await
        })?;
        Ok(())
    }

    fn inventory(&mut self) -> Result<Vec<Held>, Error> {
        let store = Arc::clone(&self.store);
        let prefix = self.prefix.clone();
        let concurrency = self.concurrency;
        let manifest = self.key(MANIFEST_FILE)?;
        let listed = self.runtime.block_on(async move {
            let mut objects = Vec::new();
            let mut page_token = None;
            // ListObjectsV2, a page (up to 1,000 keys) at a time, on the token of the last.
            loop {
                let options = PaginatedListOptions {
                    page_token,
                    ..PaginatedListOptions::default()
                };
                let prefix = (!prefix.is_empty()).then_some(prefix.as_str());
                let page = store.list_paginated(prefix, options).await?;
                objects.extend(
                    page.result
                        .objects
                        .into_iter()
                        .filter(|meta| meta.location != manifest),
                );
                match page.page_token {
                    Some(token) => page_token = Some(token),
                    None => break,
                }
            }
            // A store whose listing leaves ETags out (some S3-compatible servers do) still
            // answers them to a HEAD, one object at a time.
            futures::stream::iter(objects)
                .map(|meta| {
                    let store = &store;
                    async move {
                        match meta.e_tag {
                            Some(_) => Ok(Some(meta)),
                            None => match store.head(&meta.location).await {
                                Ok(meta) => Ok(Some(meta)),
                                // Deleted since it was listed: not there any more.
                                Err(object_store::Error::NotFound { .. }) => Ok(None),
                                Err(e) => Err(e),
                            },
                        }
                    }
                })
                .buffer_unordered(concurrency)
                .try_collect::<Vec<_>>()
                .await
        });
        let listed = listed.map_err(|e| self.fail(e))?;
        let mut held: Vec<Held> = listed
            .into_iter()
            .flatten()
            .filter_map(|meta| {
                let path = meta.location.as_ref().strip_prefix(self.prefix.as_str())?;
                Some(Held {
                    path: path.to_string(),
                    size: meta.size,
                    digest: meta.e_tag.as_deref().and_then(etag_md5),
                })
            })
            .collect();
        held.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(held)
    }

    fn delete_all(&mut self, paths: &[String]) -> Result<(), Error> {
        let keys = paths
            .iter()
            .map(|path| self.key(path))
            .collect::<Result<Vec<_>, Error>>()?;
        let store = Arc::clone(&self.store);
        let deleted: Result<Vec<_>, _> = self.runtime.block_on(async move {
            let keys = futures::stream::iter(keys.into_iter().map(Ok)).boxed();
            store.delete_stream(keys).try_collect().await
        });
        match deleted {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn write_manifest(&mut self, bytes: Vec<u8>) -> Result<(), Error> {
        let key = self.key(MANIFEST_FILE)?;
        let store = Arc::clone(&self.store);
        let options = attributes("application/json; charset=utf-8", "no-store", None);
        self.runtime
            .block_on(async move { store.put_opts(&key, bytes.into(), options).await })
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_is_an_md5_only_when_it_looks_like_one() {
        let md5 = "9b2cf535f27731c974343645a3985328";
        assert_eq!(etag_md5(&format!("\"{md5}\"")).as_deref(), Some(md5));
        // Aliyun OSS writes it in capitals.
        let upper = format!("\"{}\"", md5.to_ascii_uppercase());
        assert_eq!(etag_md5(&upper).as_deref(), Some(md5));
        assert_eq!(
            etag_md5(&format!("\"{md5}-3\"")),
            None,
            "a multipart upload's"
        );
    }

    #[test]
    fn an_s3_error_document_reads_as_its_code_and_message() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code>\
                   <Message>There were headers present in the request which were not signed\
                   </Message></Error>";
        assert_eq!(
            s3_error(xml),
            "AccessDenied: There were headers present in the request which were not signed"
        );
        assert_eq!(s3_error("  bad gateway \n"), "bad gateway");
    }
}
