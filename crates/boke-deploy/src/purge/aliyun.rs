//! Aliyun CDN's `RefreshObjectCaches` (API 2018-05-10): an RPC call whose parameters go as a
//! form, signed with Aliyun's HMAC-SHA1 signature version 1.0; the URLs one a line, at most
//! 1,000 a call.

use std::collections::BTreeMap;

use super::Call;
use crate::Error;
use crate::sign::aliyun_rpc;

pub const ALIYUN_API: &str = "https://cdn.aliyuncs.com";
/// The most URLs one `RefreshObjectCaches` call takes.
const ALIYUN_BATCH: usize = 1000;

/// A value no earlier call of this process used, for `SignatureNonce`: Aliyun refuses a nonce
/// it saw in the last 15 minutes, so it need be unique, not secret.
fn nonce(sequence: usize) -> String {
    let now = jiff::Timestamp::now().as_nanosecond();
    let seed = format!("{now}-{}-{sequence}", std::process::id());
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(seed.as_bytes()))
}

pub(super) fn purge(call: &Call, urls: &[String]) -> Result<usize, Error> {
    let api = call.api(ALIYUN_API);
    for (sequence, batch) in urls.chunks(ALIYUN_BATCH).enumerate() {
        let mut params: BTreeMap<String, String> = [
            ("Action", "RefreshObjectCaches"),
            ("Version", "2018-05-10"),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("ObjectType", "File"),
        ]
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
        params.insert("AccessKeyId".into(), call.keys.id.clone());
        params.insert("ObjectPath".into(), batch.join("\n"));
        params.insert("SignatureNonce".into(), nonce(sequence));
        let time = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ");
        params.insert("Timestamp".into(), time.to_string());
        if let Some(token) = &call.keys.session_token {
            params.insert("SecurityToken".into(), token.clone());
        }
        let body = aliyun_rpc("POST", &params, &call.keys.secret);
        let (status, text) = call.send(
            call.agent
                .post(&format!("{api}/"))
                .header("Content-Type", "application/x-www-form-urlencoded"),
            &body,
        )?;
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if status != 200 || answer["RefreshTaskId"].is_null() {
            let code = answer["Code"].as_str().unwrap_or_default();
            let message = answer["Message"].as_str().unwrap_or(&text);
            return Err(call.refused(status, code, message));
        }
    }
    Ok(urls.len())
}
