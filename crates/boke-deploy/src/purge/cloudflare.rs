//! Cloudflare's purge by URL: a bearer token, at most 30 URLs a call on every plan.

use super::Call;
use crate::Error;

pub const CLOUDFLARE_API: &str = "https://api.cloudflare.com/client/v4";
/// The most URLs one Cloudflare purge call takes on every plan.
const CLOUDFLARE_BATCH: usize = 30;

pub(super) fn purge(call: &Call, urls: &[String]) -> Result<usize, Error> {
    let address = format!(
        "{}/zones/{}/purge_cache",
        call.api(CLOUDFLARE_API),
        call.purge.zone
    );
    for batch in urls.chunks(CLOUDFLARE_BATCH) {
        let body = serde_json::json!({ "files": batch }).to_string();
        let (status, text) = call.send(
            call.agent
                .post(&address)
                .header("Authorization", &format!("Bearer {}", call.keys.secret))
                .header("Content-Type", "application/json"),
            &body,
        )?;
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if status != 200 || answer["success"] != serde_json::Value::Bool(true) {
            return Err(Error::target(
                &call.target,
                format!("the purge was refused ({status}): {}", answer["errors"]),
            ));
        }
    }
    Ok(urls.len())
}
