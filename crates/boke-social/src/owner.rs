//! Mail to the blog owner about each new comment (published or waiting), queued in the
//! outbox with the comment and sent by its sender, so an SMTP server that is down delays the
//! mail and loses none. The mail carries approve and spam links: signed, naming only the
//! comment, expiring after [`LINK_SECONDS`], and acting once and only on POST (the link
//! opens a page with a button), because mail scanners open every link in a message.

use crate::keys;
use crate::mail::Letter;
use crate::store::{AdminComment, CommentStatus};

/// The outbox channel of owner mail; the row's target is the owner's address.
pub const CHANNEL: &str = "email";

/// How long the links in an owner's mail work.
pub const LINK_SECONDS: i64 = 7 * 24 * 3600;

/// What a link in the owner's mail does to its comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Approve,
    Spam,
}

impl Action {
    /// The path segment (`/moderate/approve`) and the recorded action.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Spam => "spam",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "approve" => Some(Action::Approve),
            "spam" => Some(Action::Spam),
            _ => None,
        }
    }

    /// The state the comment moves to.
    pub fn status(self) -> CommentStatus {
        match self {
            Action::Approve => CommentStatus::Approved,
            Action::Spam => CommentStatus::Spam,
        }
    }

    /// The signing purpose: a spam link cannot be turned into an approve link.
    fn purpose(self) -> &'static str {
        match self {
            Action::Approve => "moderate-approve",
            Action::Spam => "moderate-spam",
        }
    }

    /// What was done, for the page a used link opens.
    pub fn done(action: &str) -> (&'static str, &'static str) {
        match action {
            "approve" => ("已通过", "approved"),
            _ => ("已标为垃圾评论", "marked as spam"),
        }
    }
}

/// The key under which a use of any moderation link of comment `id` is recorded: the approve
/// and the spam link of one comment share it, so using one spends both.
pub fn link_key(comment_id: i64) -> String {
    format!("moderate:{comment_id}")
}

/// A signed link token for `action` on comment `id`, valid until `expires_at`.
pub fn token(secret: &str, action: Action, comment_id: i64, expires_at: i64) -> String {
    keys::sign_link(secret, action.purpose(), comment_id, expires_at)
}

/// What a token from an owner's mail says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Valid(i64),
    /// Genuine, but past its time.
    Expired,
    /// Not made by this service for this action.
    Invalid,
}

/// Checks `token` for `action` at `now`.
pub fn check(secret: &str, action: Action, token: &str, now: i64) -> Token {
    if let Some(id) = keys::verify_link(secret, action.purpose(), token, now) {
        return Token::Valid(id);
    }
    // Checked again as of the earliest moment: genuine then means genuine but expired.
    match keys::verify_link(secret, action.purpose(), token, i64::MIN) {
        Some(_) => Token::Expired,
        None => Token::Invalid,
    }
}

/// What the owner's mail needs besides the comment.
pub struct OwnerMail<'a> {
    pub site_title: &'a str,
    /// The page's address on the site.
    pub page_url: String,
    /// The service's public URL, for the links.
    pub public_url: &'a str,
    pub link_key: &'a str,
    pub now: i64,
}

const EXCERPT_CHARS: usize = 1000;

impl OwnerMail<'_> {
    /// The letter to `to` about `comment`, in Chinese and English.
    pub fn letter(&self, to: &str, comment: &AdminComment) -> Letter {
        let site = self.site_title;
        let expires_at = self.now + LINK_SECONDS;
        let link = |action: Action| {
            format!(
                "{}/moderate/{}?token={}",
                self.public_url,
                action.as_str(),
                token(self.link_key, action, comment.id, expires_at)
            )
        };
        let pending = comment.status == CommentStatus::Pending;
        let subject = if pending {
            format!(
                "「{site}」有新评论待审核 / New comment to review: {}",
                comment.author
            )
        } else {
            format!("「{site}」有新评论 / New comment: {}", comment.author)
        };
        let mut body: String = comment.body.trim().chars().take(EXCERPT_CHARS).collect();
        if comment.body.trim().chars().count() > EXCERPT_CHARS {
            body.push('…');
        }
        let from = match (&comment.email, &comment.website) {
            (Some(email), Some(website)) => format!("{} <{email}> {website}", comment.author),
            (Some(email), None) => format!("{} <{email}>", comment.author),
            (None, Some(website)) => format!("{} {website}", comment.author),
            (None, None) => comment.author.clone(),
        };
        let mut text = format!(
            "{from} 评论了 / commented on {page}：\n\n{body}\n\n",
            page = self.page_url
        );
        if pending {
            text.push_str(&format!("通过 / Approve: {}\n", link(Action::Approve)));
        }
        text.push_str(&format!(
            "垃圾评论 / Spam: {}\n\n\
             链接 7 天内有效，只能用一次；打开后还要点一下按钮才会生效。\n\
             The links work once, for 7 days; each opens a page with a button that acts.\n\
             管理 / Moderate: {}/admin\n",
            link(Action::Spam),
            self.public_url
        ));
        Letter {
            to: to.to_owned(),
            subject,
            text,
            unsubscribe: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_name_their_action_and_expire() {
        let approve = token("k", Action::Approve, 7, 100);
        assert_eq!(check("k", Action::Approve, &approve, 100), Token::Valid(7));
        assert_eq!(check("k", Action::Approve, &approve, 101), Token::Expired);
        assert_eq!(check("k", Action::Spam, &approve, 50), Token::Invalid);
        assert_eq!(
            check("other", Action::Approve, &approve, 50),
            Token::Invalid
        );
        assert_eq!(check("k", Action::Approve, "7.100.00", 50), Token::Invalid);
    }
}
