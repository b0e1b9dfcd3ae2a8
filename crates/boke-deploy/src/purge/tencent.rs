//! Tencent Cloud CDN's `PurgeUrlsCache` (API 3.0, version 2018-06-06): a JSON `POST` signed
//! with TC3-HMAC-SHA256 for the `cdn` service, at most 1,000 URLs a call. Tencent answers a
//! refused call with 200 and an `Error` in the `Response`.

use super::{Call, host_of};
use crate::Error;
use crate::sign::Tc3;

pub const TENCENT_API: &str = "https://cdn.tencentcloudapi.com";
/// The most URLs one `PurgeUrlsCache` call takes.
const TENCENT_BATCH: usize = 1000;

pub(super) fn purge(call: &Call, urls: &[String]) -> Result<usize, Error> {
    let api = call.api(TENCENT_API);
    let host = host_of(&api);
    let content_type = "application/json; charset=utf-8";
    let signer = Tc3 {
        secret_id: &call.keys.id,
        secret_key: &call.keys.secret,
        service: "cdn",
        host: &host,
        action: "PurgeUrlsCache",
        content_type,
    };
    for batch in urls.chunks(TENCENT_BATCH) {
        let body = serde_json::json!({ "Urls": batch }).to_string();
        let timestamp = jiff::Timestamp::now().as_second();
        let mut post = call
            .agent
            .post(&format!("{api}/"))
            .header("Host", &host)
            .header("Content-Type", content_type)
            .header("X-TC-Action", "PurgeUrlsCache")
            .header("X-TC-Version", "2018-06-06")
            .header("X-TC-Timestamp", &timestamp.to_string())
            .header(
                "Authorization",
                &signer.authorization(body.as_bytes(), timestamp),
            );
        if let Some(token) = &call.keys.session_token {
            post = post.header("X-TC-Token", token);
        }
        let (status, text) = call.send(post, &body)?;
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let error = &answer["Response"]["Error"];
        if status != 200 || !error.is_null() || answer["Response"]["TaskId"].is_null() {
            let code = error["Code"].as_str().unwrap_or_default();
            let message = error["Message"].as_str().unwrap_or(&text);
            return Err(call.refused(status, code, message));
        }
    }
    Ok(urls.len())
}
