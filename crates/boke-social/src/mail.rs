//! Outgoing email: the SMTP transport (lettre) and the three letters the service sends —
//! subscription confirmation, new post, and reply notification — in Chinese or English.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// Errors setting up or sending mail.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid SMTP URL: {0}")]
    Url(String),
    #[error("invalid email address `{address}`: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("SMTP server refused the message: {0}")]
    Refused(String),
    #[error("cannot reach the SMTP server: {0}")]
    Unreachable(String),
    #[error("the SMTP connection broke while sending: {0}")]
    Interrupted(String),
}

impl MailError {
    /// True when the server definitely did not take the message (safe to retry later): it
    /// answered with a refusal, or no connection was ever made.
    pub fn definitely_not_sent(&self) -> bool {
        !matches!(self, MailError::Interrupted(_))
    }
}

/// An SMTP transport and the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// One letter, before it becomes a MIME message.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// One-click unsubscribe URL, sent as `List-Unsubscribe` (RFC 2369, RFC 8058).
    pub unsubscribe: Option<String>,
}

impl Mailer {
    /// Connects lazily to `smtp_url` (`smtp://host:port` for plain loopback relays,
    /// `smtp://user:pass@host:587?tls=required` for STARTTLS, `smtps://…` for TLS).
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|error| MailError::Url(error.to_string()))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Mailer {
            transport,
            from: mailbox(from)?,
        })
    }

    /// Sends one letter.
    pub async fn send(&self, letter: &Letter) -> Result<(), MailError> {
        let message = self.message(letter)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() || error.is_transient() => {
                Err(MailError::Refused(error.to_string()))
            }
            Err(error) if never_connected(&error) => Err(MailError::Unreachable(error.to_string())),
            Err(error) => Err(MailError::Interrupted(error.to_string())),
        }
    }

    fn message(&self, letter: &Letter) -> Result<Message, MailError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(mailbox(&letter.to)?)
            .subject(letter.subject.clone());
        if let Some(url) = &letter.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(letter.text.clone())
            .map_err(|error| MailError::Build(error.to_string()))
    }
}

/// Whether sending failed before a session with the server existed: the address did not
/// resolve, nothing listened, or TLS could not be set up. lettre reports those as its
/// connection kind (shown as "Connection error") and TLS kind; a break later is its network
/// kind, after which the message may have arrived.
fn never_connected(error: &lettre::transport::smtp::Error) -> bool {
    error.is_tls() || error.to_string().starts_with("Connection error")
}

fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address
        .parse()
        .map_err(|error: lettre::address::AddressError| MailError::Address {
            address: address.to_owned(),
            reason: error.to_string(),
        })
}

fn chinese(lang: &str) -> bool {
    lang.to_ascii_lowercase().starts_with("zh")
}

/// The double opt-in letter.
pub fn confirmation(to: &str, lang: &str, site: &str, confirm_url: &str) -> Letter {
    let (subject, text) = if chinese(lang) {
        (
            format!("请确认订阅「{site}」"),
            format!(
                "你好！\n\n有人（希望是你）用这个邮箱订阅了「{site}」的新文章通知。\n\
                 请打开下面的链接确认订阅：\n\n{confirm_url}\n\n\
                 如果不是你本人操作，忽略这封邮件即可，我们不会再给你发信。\n"
            ),
        )
    } else {
        (
            format!("Confirm your subscription to {site}"),
            format!(
                "Hello!\n\nSomeone (hopefully you) subscribed this address to new posts on {site}.\n\
                 Open this link to confirm:\n\n{confirm_url}\n\n\
                 If it was not you, ignore this message and you will hear nothing more.\n"
            ),
        )
    };
    Letter {
        to: to.to_owned(),
        subject,
        text,
        unsubscribe: None,
    }
}

/// The new-post letter, with its unsubscribe link.
pub fn new_post(
    to: &str,
    lang: &str,
    site: &str,
    post: &crate::store::FeedPost,
    unsubscribe_url: &str,
) -> Letter {
    let text = if chinese(lang) {
        format!(
            "「{site}」发布了新文章：\n\n{title}\n\n{summary}\n\n阅读全文：{url}\n\n\
             ——\n不想再收到这些邮件？一键退订：{unsubscribe_url}\n",
            title = post.title,
            summary = post.summary,
            url = post.url,
        )
    } else {
        format!(
            "New on {site}:\n\n{title}\n\n{summary}\n\nRead it: {url}\n\n\
             --\nUnsubscribe with one click: {unsubscribe_url}\n",
            title = post.title,
            summary = post.summary,
            url = post.url,
        )
    };
    Letter {
        to: to.to_owned(),
        subject: post.title.clone(),
        text,
        unsubscribe: Some(unsubscribe_url.to_owned()),
    }
}

/// The letter telling a commenter that someone replied.
pub fn reply(to: &str, site: &str, replier: &str, reply_text: &str, link: &str) -> Letter {
    Letter {
        to: to.to_owned(),
        subject: format!("{replier} 回复了你在「{site}」的评论 / {replier} replied to you"),
        text: format!(
            "{replier} 回复了你的评论 / {replier} replied to your comment:\n\n{reply_text}\n\n\
             查看 / View: {link}\n"
        ),
        unsubscribe: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the classification against a lettre upgrade that renames its error kinds.
    #[tokio::test]
    async fn a_refused_connection_is_never_connected() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "a@example.com").unwrap();
        let letter = Letter {
            to: "b@example.com".into(),
            subject: "s".into(),
            text: "t".into(),
            unsubscribe: None,
        };
        let error = mailer.send(&letter).await.unwrap_err();
        assert!(matches!(error, MailError::Unreachable(_)), "{error:?}");
        assert!(error.definitely_not_sent());
    }
}
