//! The vendors' signature checks, as their servers make them, written from the vendors'
//! documentation apart from the crate's signer: each rebuilds what was signed from the request
//! as it arrived and compares. `tests/cdn.rs` checks each against its vendor's worked example.

use base64::Engine as _;
use ring::{digest, hmac};

use super::Seen;

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256(text: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, text).as_ref())
}

pub fn hmac256(key: &[u8], text: &str) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), text.as_bytes())
        .as_ref()
        .to_vec()
}

/// `name=value` pairs of an `Authorization` header after its algorithm, split at `, `.
fn fields(authorization: &str, algorithm: &str) -> Result<Vec<(String, String)>, String> {
    let rest = authorization
        .strip_prefix(algorithm)
        .ok_or_else(|| format!("not {algorithm}: {authorization}"))?;
    Ok(rest
        .split(',')
        .filter_map(|part| part.trim().split_once('='))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect())
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Result<&'a str, String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| format!("no {name}"))
}

/// The `name:value\n` lines of the headers named in `signed` (`;`-separated), each as it
/// arrived, trimmed, `lowercase_values` lower-casing the values as Tencent does.
fn canonical_headers(seen: &Seen, signed: &str, lowercase_values: bool) -> Result<String, String> {
    let mut lines = String::new();
    for name in signed.split(';') {
        let value = seen
            .header(name)
            .ok_or_else(|| format!("signed header {name} not sent"))?
            .trim();
        let value = if lowercase_values {
            value.to_lowercase()
        } else {
            value.to_string()
        };
        lines.push_str(&format!("{name}:{value}\n"));
    }
    Ok(lines)
}

// AWS Signature Version 4.

pub fn sigv4_canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &str,
    signed: &str,
    payload_hash: &str,
) -> String {
    [method, path, query, headers, signed, payload_hash].join("\n")
}

pub fn sigv4_string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256(canonical_request.as_bytes())
    )
}

pub fn sigv4_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac256(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac256(&k_date, region);
    let k_service = hmac256(&k_region, service);
    hmac256(&k_service, "aws4_request")
}

/// Checks a request's SigV4 `Authorization` against `secret`, for `region` and `service`.
pub fn sigv4(seen: &Seen, secret: &str, region: &str, service: &str) -> Result<(), String> {
    let fields = fields(
        seen.header("authorization").unwrap_or(""),
        "AWS4-HMAC-SHA256 ",
    )?;
    let credential: Vec<&str> = field(&fields, "Credential")?.split('/').collect();
    let [_, date, cred_region, cred_service, "aws4_request"] = credential[..] else {
        return Err(format!("bad credential {credential:?}"));
    };
    if (cred_region, cred_service) != (region, service) {
        return Err(format!("signed for {cred_region}/{cred_service}"));
    }
    let amz_date = seen.header("x-amz-date").ok_or("no x-amz-date")?;
    if !amz_date.starts_with(date) {
        return Err("x-amz-date is not the credential's date".into());
    }
    let payload = sha256(seen.body.as_bytes());
    if seen.header("x-amz-content-sha256") != Some(payload.as_str()) {
        return Err("x-amz-content-sha256 is not the body's".into());
    }
    let signed = field(&fields, "SignedHeaders")?;
    if !signed.split(';').any(|name| name == "host") {
        return Err("host not signed".into());
    }
    let (path, query) = seen.target.split_once('?').unwrap_or((&seen.target, ""));
    let canonical = sigv4_canonical_request(
        &seen.method,
        path,
        query,
        &canonical_headers(seen, signed, false)?,
        signed,
        &payload,
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = sigv4_string_to_sign(amz_date, &scope, &canonical);
    let expected = hex(&hmac256(
        &sigv4_key(secret, date, region, service),
        &to_sign,
    ));
    if field(&fields, "Signature")? == expected {
        Ok(())
    } else {
        Err("SignatureDoesNotMatch".into())
    }
}

// Aliyun RPC signature, HMAC-SHA1 version 1.0.

fn aliyun_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form or query string's parameters, decoded.
pub fn form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(n, v)| (percent_decode(n), percent_decode(v)))
        .collect()
}

pub fn aliyun_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(name, _)| name != "Signature")
        .map(|(n, v)| (aliyun_encode(n), aliyun_encode(v)))
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
    format!(
        "{method}&{}&{}",
        aliyun_encode("/"),
        aliyun_encode(&query.join("&"))
    )
}

pub fn aliyun_signature(secret: &str, string_to_sign: &str) -> String {
    let key = hmac::Key::new(
        hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        format!("{secret}&").as_bytes(),
    );
    base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, string_to_sign.as_bytes()))
}

/// Checks the `Signature` of an Aliyun RPC call sent as a form.
pub fn aliyun(seen: &Seen, secret: &str) -> Result<(), String> {
    let params = form(&seen.body);
    let given = params
        .iter()
        .find(|(n, _)| n == "Signature")
        .map(|(_, v)| v.clone())
        .ok_or("no Signature")?;
    for required in ["AccessKeyId", "SignatureNonce", "Timestamp"] {
        if !params.iter().any(|(n, _)| n == required) {
            return Err(format!("no {required}"));
        }
    }
    let expected = aliyun_signature(secret, &aliyun_string_to_sign(&seen.method, &params));
    if given == expected {
        Ok(())
    } else {
        Err("SignatureDoesNotMatch".into())
    }
}

// Tencent Cloud TC3-HMAC-SHA256.

pub fn tc3_canonical_request(headers: &str, signed: &str, payload: &[u8]) -> String {
    format!("POST\n/\n\n{headers}\n{signed}\n{}", sha256(payload))
}

pub fn tc3_signature(secret: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let secret_date = hmac256(format!("TC3{secret}").as_bytes(), date);
    let secret_service = hmac256(&secret_date, service);
    let secret_signing = hmac256(&secret_service, "tc3_request");
    hex(&hmac256(&secret_signing, string_to_sign))
}

/// The UTC date of a Unix time, `2019-02-25`, by the civil-from-days rule.
fn utc_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Checks a TC3 `Authorization` against `secret` for `service`.
pub fn tc3(seen: &Seen, secret: &str, service: &str) -> Result<(), String> {
    let fields = fields(
        seen.header("authorization").unwrap_or(""),
        "TC3-HMAC-SHA256 ",
    )?;
    let credential: Vec<&str> = field(&fields, "Credential")?.split('/').collect();
    let [_, date, cred_service, "tc3_request"] = credential[..] else {
        return Err(format!("bad credential {credential:?}"));
    };
    if cred_service != service {
        return Err(format!("signed for {cred_service}"));
    }
    let timestamp = seen.header("x-tc-timestamp").ok_or("no X-TC-Timestamp")?;
    let seconds: i64 = timestamp.parse().map_err(|_| "bad X-TC-Timestamp")?;
    if utc_date(seconds) != date {
        return Err("the credential's date is not the timestamp's".into());
    }
    let signed = field(&fields, "SignedHeaders")?;
    if !signed.contains("content-type") || !signed.contains("host") {
        return Err("content-type and host must be signed".into());
    }
    let canonical = tc3_canonical_request(
        &canonical_headers(seen, signed, true)?,
        signed,
        seen.body.as_bytes(),
    );
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{}",
        sha256(canonical.as_bytes())
    );
    if field(&fields, "Signature")? == tc3_signature(secret, date, service, &to_sign) {
        Ok(())
    } else {
        Err("AuthFailure.SignatureFailure".into())
    }
}
