//! Webhooks that tell the blog owner about new comments: where they go (`KIND=URL`), the body
//! each chat service expects (Telegram, WeCom 企业微信, DingTalk 钉钉, Feishu 飞书, Bark,
//! Server酱) or boke's own signed JSON, and one delivery over HTTP with its verdict.

use std::time::Duration;

use crate::store::{AdminComment, CommentStatus};

/// The services a webhook can speak to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// boke's JSON, signed with the webhook secret.
    Generic,
    Telegram,
    Wecom,
    Dingtalk,
    Feishu,
    Bark,
    Serverchan,
}

impl Channel {
    const ALL: [(Channel, &'static str); 7] = [
        (Channel::Generic, "generic"),
        (Channel::Telegram, "telegram"),
        (Channel::Wecom, "wecom"),
        (Channel::Dingtalk, "dingtalk"),
        (Channel::Feishu, "feishu"),
        (Channel::Bark, "bark"),
        (Channel::Serverchan, "serverchan"),
    ];

    pub fn as_str(self) -> &'static str {
        Channel::ALL
            .iter()
            .find(|(channel, _)| *channel == self)
            .map_or("generic", |(_, name)| name)
    }

    pub fn from_name(name: &str) -> Option<Channel> {
        Channel::ALL
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(channel, _)| *channel)
    }
}

/// One configured webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub channel: Channel,
    pub url: String,
}

impl Webhook {
    /// Reads `--webhook` values: `URL` (generic JSON) or `KIND=URL`, e.g.
    /// `wecom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`.
    pub fn parse(spec: &str) -> Result<Webhook, String> {
        let spec = spec.trim();
        let (channel, url) = match spec.split_once('=') {
            Some((kind, url)) if !kind.contains(':') && !kind.contains('/') => {
                let channel = Channel::from_name(kind).ok_or_else(|| {
                    let known: Vec<_> = Channel::ALL.iter().map(|(_, name)| *name).collect();
                    format!(
                        "unknown webhook kind `{kind}`: use one of {}",
                        known.join(", ")
                    )
                })?;
                (channel, url)
            }
            _ => (Channel::Generic, spec),
        };
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!(
                "`{url}` is not an http(s) URL (expected KIND=URL or URL)"
            ));
        }
        Ok(Webhook {
            channel,
            url: url.to_owned(),
        })
    }
}

/// What a notification says about a comment.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub comment: &'a AdminComment,
    pub site_title: &'a str,
    /// The page's address on the site.
    pub page_url: String,
    pub admin_url: String,
    /// The outbox row, so a receiver can tell a repeat (after a crash mid-send) from news.
    pub delivery: i64,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

const EXCERPT_CHARS: usize = 300;

impl Notice<'_> {
    fn title(&self) -> String {
        match self.comment.status {
            CommentStatus::Pending => format!("「{}」有新评论待审核", self.site_title),
            _ => format!("「{}」有新评论", self.site_title),
        }
    }

    fn excerpt(&self) -> String {
        let body = self.comment.body.trim();
        let mut excerpt: String = body.chars().take(EXCERPT_CHARS).collect();
        if body.chars().count() > EXCERPT_CHARS {
            excerpt.push('…');
        }
        excerpt
    }

    /// The message as plain text, for the chat services.
    fn text(&self) -> String {
        format!(
            "{}\n{} 评论了 {}：\n{}\n\n管理：{}",
            self.title(),
            self.comment.author,
            self.page_url,
            self.excerpt(),
            self.admin_url
        )
    }

    /// The request for `webhook`; generic bodies are signed with `secret` at `timestamp`.
    pub fn request(&self, webhook: &Webhook, secret: Option<&str>, timestamp: i64) -> Request {
        let json = |value: serde_json::Value| value.to_string();
        let body = match webhook.channel {
            Channel::Generic => json(serde_json::json!({
                "event": "comment.created",
                "delivery": self.delivery,
                "site": self.site_title,
                "comment": {
                    "id": self.comment.id,
                    "page": self.comment.page,
                    "url": self.page_url,
                    "parent_id": self.comment.parent_id,
                    "author": self.comment.author,
                    "website": self.comment.website,
                    "body": self.comment.body,
                    "status": self.comment.status.as_str(),
                    "created_at": self.comment.created_at,
                },
                "admin": self.admin_url,
            })),
            Channel::Telegram => json(serde_json::json!({
                "chat_id": query_value(&webhook.url, "chat_id"),
                "text": self.text(),
                "disable_web_page_preview": true,
            })),
            Channel::Wecom | Channel::Dingtalk => json(serde_json::json!({
                "msgtype": "text",
                "text": { "content": self.text() },
            })),
            Channel::Feishu => json(serde_json::json!({
                "msg_type": "text",
                "content": { "text": self.text() },
            })),
            Channel::Bark => json(serde_json::json!({
                "title": self.title(),
                "body": format!("{}：{}", self.comment.author, self.excerpt()),
                "url": self.admin_url,
                "group": self.site_title,
            })),
            Channel::Serverchan => json(serde_json::json!({
                "title": self.title(),
                "desp": format!(
                    "**{}** 评论了 [{}]({})：\n\n{}\n\n[管理]({})",
                    self.comment.author,
                    self.page_url,
                    self.page_url,
                    self.excerpt(),
                    self.admin_url
                ),
            })),
        };
        let mut headers = vec![
            ("Content-Type", "application/json".to_owned()),
            ("X-Boke-Event", "comment.created".to_owned()),
            ("X-Boke-Delivery", self.delivery.to_string()),
        ];
        if let (Channel::Generic, Some(secret)) = (webhook.channel, secret) {
            headers.push(("X-Boke-Timestamp", timestamp.to_string()));
            headers.push((
                "X-Boke-Signature",
                format!("sha256={}", signature(secret, timestamp, &body)),
            ));
        }
        Request {
            url: webhook.url.clone(),
            body,
            headers,
        }
    }
}

/// HMAC-SHA-256 of `timestamp.body`, in hex: what a receiver recomputes to trust a call (the
/// timestamp in the signed text stops an old call being replayed as new).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    crate::keys::hmac_hex(secret, &format!("{timestamp}.{body}"))
}

fn query_value(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == key).then(|| value.to_owned())
    })
}

/// Sends one request; `Err` says why it did not count as delivered (the chat services answer
/// 200 with an error code when, say, a key is wrong).
pub async fn deliver(channel: Channel, request: Request, timeout: Duration) -> Result<(), String> {
    tokio::task::spawn_blocking(move || deliver_blocking(channel, &request, timeout))
        .await
        .unwrap_or_else(|error| Err(error.to_string()))
}

fn deliver_blocking(channel: Channel, request: &Request, timeout: Duration) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut call = agent.post(&request.url);
    for (name, value) in &request.headers {
        call = call.header(*name, value);
    }
    let mut response = call
        .send(request.body.as_bytes())
        .map_err(|error| error.to_string())?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(16 * 1024)
        .read_to_string()
        .unwrap_or_default();
    if !status.is_success() {
        return Err(format!("HTTP {status}: {}", first_line(&body)));
    }
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let code = |key: &str| answer.get(key).and_then(serde_json::Value::as_i64);
    let refused = match channel {
        Channel::Telegram => answer.get("ok").and_then(serde_json::Value::as_bool) == Some(false),
        Channel::Wecom | Channel::Dingtalk => code("errcode").is_some_and(|code| code != 0),
        Channel::Feishu => code("code")
            .or_else(|| code("StatusCode"))
            .is_some_and(|code| code != 0),
        Channel::Serverchan | Channel::Bark => {
            code("code").is_some_and(|code| code != 0 && code != 200)
        }
        Channel::Generic => false,
    };
    if refused {
        return Err(format!("refused: {}", first_line(&body)));
    }
    Ok(())
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_parse_with_and_without_a_kind() {
        assert_eq!(
            Webhook::parse("https://hooks.example/boke")
                .unwrap()
                .channel,
            Channel::Generic
        );
        let wecom =
            Webhook::parse("wecom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k").unwrap();
        assert_eq!(wecom.channel, Channel::Wecom);
        assert!(wecom.url.ends_with("key=k"));
        assert!(
            Webhook::parse("slack=https://x.example")
                .unwrap_err()
                .contains("dingtalk")
        );
        assert!(Webhook::parse("ftp://x.example").is_err());
    }

    #[test]
    fn signatures_cover_time_and_body() {
        let a = signature("s3cret", 100, "{}");
        assert_eq!(a.len(), 64);
        assert_ne!(a, signature("s3cret", 101, "{}"));
        assert_ne!(a, signature("s3cret", 100, "{ }"));
        assert_ne!(a, signature("other", 100, "{}"));
    }
}
