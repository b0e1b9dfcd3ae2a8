//! Telling the CDN in front of a target to forget the URLs a deploy changed or deleted, by each
//! vendor's documented API: Cloudflare's purge by URL (a bearer token), CloudFront's
//! invalidation (AWS Signature Version 4), Aliyun CDN's `RefreshObjectCaches` (Aliyun's RPC
//! signature) and Tencent Cloud CDN's `PurgeUrlsCache` (TC3-HMAC-SHA256).

mod aliyun;
mod cloudflare;
mod cloudfront;
mod tencent;

use std::time::Duration;

use crate::Error;
use crate::config::{Cdn, Purge};

pub use aliyun::ALIYUN_API;
pub use cloudflare::CLOUDFLARE_API;
pub use cloudfront::CLOUDFRONT_API;
pub use tencent::TENCENT_API;

/// A CDN's credentials: an API token (Cloudflare: `secret` alone), or a key pair with an
/// optional session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    pub id: String,
    pub secret: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys({}, …)", self.id)
    }
}

impl Keys {
    pub fn new(id: &str, secret: &str) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            session_token: None,
        }
    }
}

fn variable(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The environment variables each CDN's keys come from: id, secret, session token.
fn variables(cdn: Cdn) -> (&'static str, &'static str, &'static str) {
    match cdn {
        Cdn::Cloudflare => ("", "CLOUDFLARE_API_TOKEN", ""),
        Cdn::CloudFront => (
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
        ),
        Cdn::Aliyun => (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
        ),
        Cdn::Tencent => (
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_SECRET_KEY",
            "TENCENTCLOUD_SESSION_TOKEN",
        ),
    }
}

/// What the user makes to get the keys, for the message when they are missing.
fn where_keys_come_from(cdn: Cdn) -> &'static str {
    match cdn {
        Cdn::Cloudflare => "make an API token with the zone's Cache Purge permission",
        Cdn::CloudFront => {
            "use an IAM user's access key allowed cloudfront:CreateInvalidation on the distribution"
        }
        Cdn::Aliyun => "use a RAM user's AccessKey allowed cdn:RefreshObjectCaches",
        Cdn::Tencent => "use a CAM user's API key (SecretId, SecretKey) allowed cdn:PurgeUrlsCache",
    }
}

/// The name a message gives the CDN, with its zone when it has one.
fn describe(purge: &Purge) -> String {
    match purge.cdn {
        Cdn::Cloudflare => format!("Cloudflare zone {}", purge.zone),
        Cdn::CloudFront => format!("CloudFront distribution {}", purge.zone),
        cdn => cdn.name().to_string(),
    }
}

/// The CDN's credentials, from the environment; read before a deploy starts, so a missing
/// one stops it before anything is uploaded.
pub fn credentials(purge: &Purge) -> Result<Keys, Error> {
    let (id_name, secret_name, token_name) = variables(purge.cdn);
    let id = if id_name.is_empty() {
        Some(String::new())
    } else {
        variable(id_name)
    };
    let secret = variable(secret_name);
    match (id, secret) {
        (Some(id), Some(secret)) => Ok(Keys {
            id,
            secret,
            session_token: Some(token_name)
                .filter(|name| !name.is_empty())
                .and_then(variable),
        }),
        _ => {
            let missing = [id_name, secret_name]
                .into_iter()
                .filter(|name| !name.is_empty() && variable(name).is_none())
                .collect::<Vec<_>>()
                .join(" or ");
            Err(Error::target(
                &describe(purge),
                format!(
                    "no {missing} in the environment: {}",
                    where_keys_come_from(purge.cdn)
                ),
            ))
        }
    }
}

/// Purges `paths` (site paths such as `/posts/a/`) under `site_url` with the `keys`
/// [`credentials`] gave; how many URLs it purged.
pub fn purge(purge: &Purge, keys: &Keys, site_url: &str, paths: &[String]) -> Result<usize, Error> {
    if paths.is_empty() {
        return Ok(0);
    }
    let base = site_url.trim_end_matches('/');
    let urls: Vec<String> = paths
        .iter()
        .map(|path| format!("{base}{}", crate::plan::url_path(path)))
        .collect();
    let call = Call {
        purge,
        keys,
        target: describe(purge),
        agent: ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into(),
    };
    match purge.cdn {
        Cdn::Cloudflare => cloudflare::purge(&call, &urls),
        Cdn::CloudFront => cloudfront::purge(&call, &site_path(base), paths),
        Cdn::Aliyun => aliyun::purge(&call, &urls),
        Cdn::Tencent => tencent::purge(&call, &urls),
    }
}

/// What every vendor's call needs.
struct Call<'a> {
    purge: &'a Purge,
    keys: &'a Keys,
    /// The CDN, for messages.
    target: String,
    agent: ureq::Agent,
}

impl Call<'_> {
    /// The API's address without a trailing slash: the target's `endpoint` or `default`.
    fn api(&self, default: &str) -> String {
        self.purge
            .endpoint
            .as_deref()
            .unwrap_or(default)
            .trim_end_matches('/')
            .to_string()
    }

    /// Sends `request` with `body`: the answer's status and text, or an error when no answer
    /// came.
    fn send(
        &self,
        request: ureq::RequestBuilder<ureq::typestate::WithBody>,
        body: &str,
    ) -> Result<(u16, String), Error> {
        let mut response = request
            .send(body)
            .map_err(|e| Error::target(&self.target, e))?;
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Ok((response.status().as_u16(), text))
    }

    /// An answer other than `ok`, as an error naming the vendor's code and message and the
    /// variable that holds the secret when the vendor says the signature is wrong.
    fn refused(&self, status: u16, code: &str, message: &str) -> Error {
        let (_, secret, _) = variables(self.purge.cdn);
        let signature = [
            "Signature",
            "AuthFailure",
            "InvalidAccessKey",
            "InvalidClientToken",
        ]
        .iter()
        .any(|word| code.contains(word));
        let hint = if signature {
            format!("; check {secret} (the signature was refused)")
        } else {
            String::new()
        };
        Error::target(
            &self.target,
            format!("the purge was refused ({status} {code}): {message}{hint}"),
        )
    }
}

/// The path part of a site's address (`/blog` of `https://example.com/blog`), which
/// CloudFront's paths start with.
fn site_path(base: &str) -> String {
    let rest = base.split_once("://").map_or(base, |(_, rest)| rest);
    rest.find('/')
        .map_or(String::new(), |slash| rest[slash..].to_string())
}

/// The host (and port) of an API address, as the request's `Host` header and signature name it.
fn host_of(api: &str) -> String {
    let (scheme, rest) = api.split_once("://").unwrap_or(("https", api));
    let authority = rest.split('/').next().unwrap_or(rest);
    let default = if scheme == "http" { ":80" } else { ":443" };
    authority
        .strip_suffix(default)
        .unwrap_or(authority)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_path_and_api_host_are_cut_from_addresses() {
        assert_eq!(site_path("https://example.com"), "");
        assert_eq!(site_path("https://example.com/blog"), "/blog");
        assert_eq!(host_of("https://cdn.aliyuncs.com"), "cdn.aliyuncs.com");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host_of("https://a.example:443"), "a.example");
    }
}
