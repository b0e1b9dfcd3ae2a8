//! Bounce and complaint reports from the mail service, read from the bodies its webhooks
//! post: Amazon SES through SNS, Postmark, and a generic `{email, kind}` form. Each report
//! names addresses that bounced for good or complained; soft bounces are left alone (the next
//! mail may arrive), so only what says "never again" reaches the suppression list.
//!
//! SNS signs its messages with RSA over a certificate that the message names by URL; checking
//! that signature needs the certificate fetched from Amazon, which this service does not do
//! (it makes no outgoing call on a reader-facing path). What can be checked without the
//! network is: the signature version is one SNS uses (1 or 2) and the certificate URL is an
//! HTTPS `.pem` on an `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`) host, as in every
//! genuine message. Beyond that the endpoints require the shared secret, which SNS sends as
//! basic-auth credentials written into the subscription URL
//! (`https://bounce:SECRET@comments.example.com/api/bounces/ses`), and, when the operator
//! names it, the topic ARN.

use serde::Deserialize;
use serde_json::Value;

/// Why an address stops getting mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bounce,
    Complaint,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bounce => "bounce",
            Kind::Complaint => "complaint",
        }
    }
}

/// What one webhook body says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Addresses to suppress, lower-cased, with why.
    pub suppress: Vec<(String, Kind)>,
    /// Recipients reported but not suppressed (soft bounces, deliveries, other events).
    pub ignored: usize,
    /// An SNS subscription to confirm by opening this URL (logged for the operator).
    pub subscribe_url: Option<String>,
    /// The SNS topic the message came from.
    pub topic: Option<String>,
}

/// A body that is not the format its endpoint expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadReport(pub String);

fn json(body: &str) -> Result<Value, BadReport> {
    serde_json::from_str(body).map_err(|error| BadReport(format!("not JSON: {error}")))
}

fn address(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(|email| email.trim().to_lowercase())
        .filter(|email| email.contains('@'))
}

/// Reads an SNS HTTP(S) delivery from SES: a `Notification` whose `Message` is the SES
/// bounce or complaint (SES notifications name the type `notificationType`, event publishing
/// `eventType`), a `SubscriptionConfirmation`, or the SES message itself when the
/// subscription has raw message delivery on.
pub fn ses(body: &str) -> Result<Report, BadReport> {
    let envelope = json(body)?;
    let mut report = Report {
        topic: envelope["TopicArn"].as_str().map(str::to_owned),
        ..Report::default()
    };
    if envelope["Type"].is_string() {
        signed_like_sns(&envelope)?;
    }
    let message = match envelope["Type"].as_str() {
        Some("Notification") => {
            let text = envelope["Message"]
                .as_str()
                .ok_or_else(|| BadReport("an SNS notification without a Message".into()))?;
            json(text)?
        }
        Some("SubscriptionConfirmation") => {
            report.subscribe_url = envelope["SubscribeURL"].as_str().map(str::to_owned);
            return Ok(report);
        }
        Some(_) => return Ok(report),
        None => envelope,
    };
    let kind = message["notificationType"]
        .as_str()
        .or_else(|| message["eventType"].as_str())
        .ok_or_else(|| BadReport("an SES message without notificationType or eventType".into()))?;
    match kind {
        "Bounce" => {
            let bounce = &message["bounce"];
            // Transient and Undetermined bounces may still be delivered another day.
            let permanent = bounce["bounceType"].as_str() == Some("Permanent");
            for recipient in bounce["bouncedRecipients"].as_array().into_iter().flatten() {
                match address(&recipient["emailAddress"]) {
                    Some(email) if permanent => report.suppress.push((email, Kind::Bounce)),
                    _ => report.ignored += 1,
                }
            }
        }
        "Complaint" => {
            let complaint = &message["complaint"];
            for recipient in complaint["complainedRecipients"]
                .as_array()
                .into_iter()
                .flatten()
            {
                match address(&recipient["emailAddress"]) {
                    // "not-spam" feedback is the opposite of a complaint.
                    Some(email) if complaint["complaintFeedbackType"] != "not-spam" => {
                        report.suppress.push((email, Kind::Complaint));
                    }
                    _ => report.ignored += 1,
                }
            }
        }
        _ => report.ignored += 1,
    }
    Ok(report)
}

/// The checks of an SNS envelope that need no network: a signature version SNS uses and a
/// certificate URL on Amazon's SNS hosts.
fn signed_like_sns(envelope: &Value) -> Result<(), BadReport> {
    let not_sns = |why: &str| BadReport(format!("not a message from Amazon SNS: {why}"));
    if !matches!(envelope["SignatureVersion"].as_str(), Some("1" | "2")) {
        return Err(not_sns("SignatureVersion is not 1 or 2"));
    }
    let url = envelope["SigningCertURL"].as_str().unwrap_or("");
    let (host, path) = url
        .strip_prefix("https://")
        .and_then(|rest| rest.split_once('/'))
        .ok_or_else(|| not_sns("SigningCertURL is not an https:// URL"))?;
    let amazon = host.strip_prefix("sns.").is_some_and(|rest| {
        let region = rest
            .strip_suffix(".amazonaws.com")
            .or_else(|| rest.strip_suffix(".amazonaws.com.cn"));
        region.is_some_and(|region| {
            !region.is_empty()
                && region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
    });
    if !amazon || !path.ends_with(".pem") || path.contains('?') {
        return Err(not_sns(
            "SigningCertURL is not a certificate on an SNS host",
        ));
    }
    Ok(())
}

/// Reads a Postmark bounce or spam-complaint webhook. A hard bounce, a bad address, or any
/// record after which Postmark deactivated the address (`Inactive`) suppresses it.
pub fn postmark(body: &str) -> Result<Report, BadReport> {
    let record = json(body)?;
    let email = address(&record["Email"])
        .ok_or_else(|| BadReport("a Postmark record without an Email".into()))?;
    let record_type = record["RecordType"].as_str().unwrap_or("Bounce");
    let bounce_type = record["Type"].as_str().unwrap_or("");
    let kind = match (record_type, bounce_type) {
        ("SpamComplaint", _) | (_, "SpamComplaint") => Some(Kind::Complaint),
        ("Bounce", "HardBounce" | "BadEmailAddress" | "ManuallyDeactivated") => Some(Kind::Bounce),
        ("Bounce", _) if record["Inactive"] == true => Some(Kind::Bounce),
        _ => None,
    };
    Ok(match kind {
        Some(kind) => Report {
            suppress: vec![(email, kind)],
            ..Report::default()
        },
        None => Report {
            ignored: 1,
            ..Report::default()
        },
    })
}

#[derive(Deserialize)]
struct Generic {
    email: String,
    kind: String,
}

/// Reads the generic form: `{"email": "…", "kind": "bounce" | "complaint"}`.
pub fn generic(body: &str) -> Result<Report, BadReport> {
    let form: Generic = serde_json::from_str(body)
        .map_err(|error| BadReport(format!("expected {{\"email\", \"kind\"}}: {error}")))?;
    let kind = match form.kind.as_str() {
        "bounce" => Kind::Bounce,
        "complaint" => Kind::Complaint,
        other => {
            return Err(BadReport(format!(
                "unknown kind `{other}`: use bounce or complaint"
            )));
        }
    };
    let email = address(&Value::String(form.email))
        .ok_or_else(|| BadReport("`email` is not an address".into()))?;
    Ok(Report {
        suppress: vec![(email, kind)],
        ..Report::default()
    })
}

/// Whether a request carries `secret`: as the password of basic auth (any user name, the
/// form SNS and Postmark send when the URL holds credentials), an `X-Boke-Secret` header, or
/// a `secret` query parameter.
pub fn authorized(
    secret: &str,
    authorization: Option<&str>,
    header: Option<&str>,
    query: Option<&str>,
) -> bool {
    use base64::Engine;
    let same = |given: &str| crate::keys::sha256_hex(given) == crate::keys::sha256_hex(secret);
    let basic = authorization
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
        })
        .and_then(|decoded| String::from_utf8(decoded).ok())
        .and_then(|pair| {
            pair.split_once(':')
                .map(|(_, password)| password.to_owned())
        });
    let from_query = query.and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "secret")
            .map(|(_, value)| value.into_owned())
    });
    [basic.as_deref(), header, from_query.as_deref()]
        .into_iter()
        .flatten()
        .any(same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_comes_in_any_of_three_places() {
        // base64("bounce:s3cret")
        let basic = Some("Basic Ym91bmNlOnMzY3JldA==");
        assert!(authorized("s3cret", basic, None, None));
        assert!(authorized("s3cret", None, Some("s3cret"), None));
        assert!(authorized("s3cret", None, None, Some("a=1&secret=s3cret")));
        assert!(!authorized("s3cret", None, None, None));
        assert!(!authorized(
            "other",
            basic,
            Some("s3cret"),
            Some("secret=s3cret")
        ));
    }

    #[test]
    fn sns_envelopes_must_look_signed_by_sns() {
        let envelope = |version: &str, url: &str| {
            serde_json::json!({
                "Type": "Notification", "SignatureVersion": version, "SigningCertURL": url,
                "Message": r#"{"notificationType":"Delivery"}"#,
            })
            .to_string()
        };
        let good = "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem";
        assert!(ses(&envelope("2", good)).is_ok());
        for (version, url) in [
            ("3", good),
            ("1", "http://sns.us-east-1.amazonaws.com/a.pem"),
            (
                "1",
                "https://sns.us-east-1.amazonaws.com.evil.example/a.pem",
            ),
            (
                "1",
                "https://evil.example/sns.us-east-1.amazonaws.com/a.pem",
            ),
            ("1", "https://sns.us-east-1.amazonaws.com/a.txt"),
            ("1", ""),
        ] {
            let error = ses(&envelope(version, url)).unwrap_err();
            assert!(
                error.0.contains("not a message from Amazon SNS"),
                "{url}: {error}"
            );
        }
    }

    #[test]
    fn generic_kinds_are_checked() {
        let report = generic(r#"{"email":" A@Example.com ","kind":"complaint"}"#).unwrap();
        assert_eq!(
            report.suppress,
            vec![("a@example.com".into(), Kind::Complaint)]
        );
        assert!(generic(r#"{"email":"a@example.com","kind":"soft"}"#).is_err());
        assert!(generic(r#"{"email":"nobody","kind":"bounce"}"#).is_err());
    }
}
