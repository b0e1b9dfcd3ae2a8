//! S3-compatible object storage as a target, through `object_store`: uploads in parallel with
//! their `Content-Type` and `Cache-Control`, retried with backoff, deletes in batches.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Key;
use object_store::{
    Attribute, Attributes, BackoffConfig, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
    RetryConfig,
};

use super::Store;
use super::folder::Folder;
use crate::config::TargetConfig;
use crate::manifest::MANIFEST_FILE;
use crate::plan::Upload;
use crate::{Error, credentials, headers};

pub struct S3 {
    store: Arc<AmazonS3>,
    runtime: tokio::runtime::Runtime,
    description: String,
    prefix: String,
    concurrency: usize,
    rules: Vec<crate::config::CacheRule>,
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
        Ok(Self {
            store: Arc::new(store),
            runtime,
            description,
            prefix: config.key_prefix(),
            concurrency: config.concurrency.unwrap_or(16),
            rules: config.cache_control.clone(),
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

fn attributes(content_type: &str, cache_control: &str) -> PutOptions {
    let mut attributes = Attributes::new();
    attributes.insert(Attribute::ContentType, content_type.to_string().into());
    attributes.insert(Attribute::CacheControl, cache_control.to_string().into());
    PutOptions {
        attributes,
        ..PutOptions::default()
    }
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
        let rules = &self.rules;
        let description = &self.description;
        self.runtime.block_on(async {
            futures::stream::iter(jobs)
                .map(|(upload, key)| {
                    let local = source.local_path(&upload.path);
                    async move {
                        let bytes = tokio::fs::read(&local)
                            .await
                            .map_err(|e| Error::io(&local, e))?;
                        let headers = headers::for_path(&upload.path, rules);
                        store
                            .put_opts(
                                &key,
                                PutPayload::from(bytes),
                                attributes(headers.content_type, &headers.cache_control),
                            )
                            .await
                            .map_err(|e| Error::target(description, e))?;
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
        let options = attributes("application/json; charset=utf-8", "no-store");
        self.runtime
            .block_on(async move { store.put_opts(&key, bytes.into(), options).await })
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }
}
