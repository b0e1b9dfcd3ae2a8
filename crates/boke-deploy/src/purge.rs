//! Telling the CDN in front of a target to forget the URLs a deploy changed or deleted, by its
//! documented API: Cloudflare's purge by URL (a bearer token, at most 30 URLs a call).

use std::time::Duration;

use crate::Error;
use crate::config::{Cdn, Purge};

pub const CLOUDFLARE_API: &str = "https://api.cloudflare.com/client/v4";
/// The most URLs one Cloudflare purge call takes on every plan.
const CLOUDFLARE_BATCH: usize = 30;

/// The CDN's credentials, from the environment; read before a deploy starts, so a missing
/// one stops it before anything is uploaded.
pub fn credentials(purge: &Purge) -> Result<String, Error> {
    match purge.cdn {
        Cdn::Cloudflare => std::env::var("CLOUDFLARE_API_TOKEN")
            .ok()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                Error::target(
                    &format!("Cloudflare zone {}", purge.zone),
                    "no CLOUDFLARE_API_TOKEN in the environment: make an API token with the \
                     zone's Cache Purge permission",
                )
            }),
    }
}

/// Purges `paths` (site paths such as `/posts/a/`) under `site_url` with the `credentials`
/// [`credentials`] gave; how many URLs it purged.
pub fn purge(
    purge: &Purge,
    credentials: &str,
    site_url: &str,
    paths: &[String],
) -> Result<usize, Error> {
    if paths.is_empty() {
        return Ok(0);
    }
    let base = site_url.trim_end_matches('/');
    let urls: Vec<String> = paths
        .iter()
        .map(|path| format!("{base}{}", crate::plan::url_path(path)))
        .collect();
    match purge.cdn {
        Cdn::Cloudflare => cloudflare(purge, credentials, &urls),
    }
}

fn cloudflare(purge: &Purge, token: &str, urls: &[String]) -> Result<usize, Error> {
    let api = purge.endpoint.as_deref().unwrap_or(CLOUDFLARE_API);
    let target = format!("Cloudflare zone {}", purge.zone);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let address = format!(
        "{}/zones/{}/purge_cache",
        api.trim_end_matches('/'),
        purge.zone
    );
    for batch in urls.chunks(CLOUDFLARE_BATCH) {
        let body = serde_json::json!({ "files": batch }).to_string();
        let mut response = agent
            .post(&address)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .map_err(|e| Error::target(&target, e))?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if status != 200 || answer["success"] != serde_json::Value::Bool(true) {
            return Err(Error::target(
                &target,
                format!("the purge was refused ({status}): {}", answer["errors"]),
            ));
        }
    }
    Ok(urls.len())
}
