//! Request signatures of the vendors' APIs, each as its documentation defines it: AWS
//! Signature Version 4 (CloudFront, and S3 requests object_store cannot make), Aliyun's RPC
//! signature (HMAC-SHA1, version 1.0) and Tencent Cloud's TC3-HMAC-SHA256. The crypto is
//! ring's, which boke already builds.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use ring::{digest, hmac};

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, bytes).as_ref())
}

fn hmac_sha256(key: &[u8], message: &str) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    hmac::sign(&key, message.as_bytes()).as_ref().to_vec()
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986 (`A-Z a-z 0-9 - _ .
/// ~`), upper-case hex, a space as `%20`: the encoding Aliyun's signature and AWS's canonical
/// query both ask for.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// AWS credentials and the service and region a request is signed for.
pub struct SigV4<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
}

/// One request to sign: `path` already URI-encoded as it goes on the wire, `query` already in
/// canonical form (sorted, encoded), `headers` the ones to sign besides those the signer adds.
pub struct Request<'a> {
    pub method: &'a str,
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

impl SigV4<'_> {
    /// The headers to send with `request` at `time`: `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token` with a session token, and `authorization`, all signed along
    /// with `host` and the request's own headers.
    pub fn sign(&self, request: &Request, time: jiff::Timestamp) -> Vec<(String, String)> {
        let stamp = time.strftime("%Y%m%dT%H%M%SZ").to_string();
        let payload = sha256_hex(request.body);
        let mut added = vec![
            ("x-amz-content-sha256".to_string(), payload.clone()),
            ("x-amz-date".to_string(), stamp.clone()),
        ];
        if let Some(token) = self.session_token {
            added.push(("x-amz-security-token".to_string(), token.to_string()));
        }
        let mut signed: BTreeMap<String, String> = request
            .headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_string()))
            .chain(added.iter().cloned())
            .collect();
        signed.insert("host".into(), request.host.to_string());
        let names = signed.keys().cloned().collect::<Vec<_>>().join(";");
        let mut canonical = format!("{}\n{}\n{}\n", request.method, request.path, request.query);
        for (name, value) in &signed {
            let _ = writeln!(canonical, "{name}:{value}");
        }
        let _ = write!(canonical, "\n{names}\n{payload}");
        let date = &stamp[..8];
        let scope = format!("{date}/{}/{}/aws4_request", self.region, self.service);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{}",
            sha256_hex(canonical.as_bytes())
        );
        let mut key = hmac_sha256(format!("AWS4{}", self.secret_access_key).as_bytes(), date);
        for part in [self.region, self.service, "aws4_request"] {
            key = hmac_sha256(&key, part);
        }
        let signature = hex(&hmac_sha256(&key, &to_sign));
        added.push((
            "authorization".into(),
            format!(
                "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={names}, Signature={signature}",
                self.access_key_id
            ),
        ));
        added
    }
}

/// Aliyun's RPC signature (version 1.0, HMAC-SHA1) of `params` sent with `method`: the
/// parameters sorted and percent-encoded into the canonicalized query, that encoded once more
/// after `METHOD&%2F&`, signed with `secret&`, in base64. Returns the form body to send, the
/// `Signature` parameter last.
pub fn aliyun_rpc(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let query = params
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let to_sign = format!("{method}&%2F&{}", percent_encode(&query));
    let key = hmac::Key::new(
        hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        format!("{secret}&").as_bytes(),
    );
    let signature =
        base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, to_sign.as_bytes()));
    format!("{query}&Signature={}", percent_encode(&signature))
}

/// A Tencent Cloud API 3.0 call to sign with TC3-HMAC-SHA256: a JSON `POST /`.
pub struct Tc3<'a> {
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub service: &'a str,
    pub host: &'a str,
    pub action: &'a str,
    pub content_type: &'a str,
}

impl Tc3<'_> {
    /// The `Authorization` header for `payload` sent at `timestamp` (Unix seconds, the
    /// `X-TC-Timestamp` header), signing `content-type`, `host` and `x-tc-action`.
    pub fn authorization(&self, payload: &[u8], timestamp: i64) -> String {
        let date = jiff::Timestamp::from_second(timestamp)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .strftime("%Y-%m-%d")
            .to_string();
        let names = "content-type;host;x-tc-action";
        let canonical = format!(
            "POST\n/\n\ncontent-type:{}\nhost:{}\nx-tc-action:{}\n\n{names}\n{}",
            self.content_type,
            self.host,
            self.action.to_ascii_lowercase(),
            sha256_hex(payload)
        );
        let scope = format!("{date}/{}/tc3_request", self.service);
        let to_sign = format!(
            "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
            sha256_hex(canonical.as_bytes())
        );
        let mut key = hmac_sha256(format!("TC3{}", self.secret_key).as_bytes(), &date);
        for part in [self.service, "tc3_request"] {
            key = hmac_sha256(&key, part);
        }
        format!(
            "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={names}, Signature={}",
            self.secret_id,
            hex(&hmac_sha256(&key, &to_sign))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_the_unreserved_characters() {
        assert_eq!(percent_encode("a b*c~d/é"), "a%20b%2Ac~d%2F%C3%A9");
    }

    #[test]
    fn aliyun_puts_the_signature_last() {
        let params: BTreeMap<String, String> = [("b", "2"), ("a", "1 x")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let body = aliyun_rpc("POST", &params, "s");
        assert!(body.starts_with("a=1%20x&b=2&Signature="), "{body}");
    }
}
