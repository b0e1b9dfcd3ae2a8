//! The email magic link: a reader asks for a link to the address they type, opens it from
//! their inbox, presses the button on the page it shows, and becomes a trusted commenter
//! (their browser gets the commenter secret as with GitHub). The link works once (its id is
//! spent like a proof-of-work challenge), expires after 30 minutes and names no address; a
//! button, not the link itself, signs in, because mail scanners open links.

use crate::keys;
use crate::mail::Letter;

/// How long a link works.
pub const LINK_SECONDS: i64 = 30 * 60;

fn purpose(page: &str) -> String {
    format!("email-sign-in\0{page}")
}

/// A new link token for signing in from `page`: `id.expires.mac`.
pub fn token(key: &str, page: &str, now: i64) -> Result<String, keys::KeyError> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|error| keys::KeyError::Random(error.to_string()))?;
    let id = i64::from_le_bytes(random) & i64::MAX;
    Ok(keys::sign_link(key, &purpose(page), id, now + LINK_SECONDS))
}

/// The token's id and expiry, while it is genuine for `page` and unexpired.
pub fn check(key: &str, page: &str, token: &str, now: i64) -> Option<(i64, i64)> {
    let id = keys::verify_link(key, &purpose(page), token, now)?;
    let expires = token.split('.').nth(1)?.parse().ok()?;
    Some((id, expires))
}

/// The letter with the link.
pub fn letter(to: &str, lang: &str, site: &str, url: &str) -> Letter {
    let (subject, text) = if lang.to_ascii_lowercase().starts_with("zh") {
        (
            format!("登录「{site}」的评论"),
            format!(
                "你好！\n\n有人（希望是你）想用这个邮箱在「{site}」发表评论。\n\
                 打开下面的链接并按下按钮即可登录，之后发的评论无需审核：\n\n{url}\n\n\
                 链接 30 分钟内有效，只能用一次。如果不是你本人操作，忽略这封邮件即可。\n"
            ),
        )
    } else {
        (
            format!("Sign in to comment on {site}"),
            format!(
                "Hello!\n\nSomeone (hopefully you) wants to comment on {site} with this address.\n\
                 Open this link and press its button to sign in; your comments then need no review:\n\n\
                 {url}\n\nThe link works once, for 30 minutes. If it was not you, ignore this message.\n"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_for_one_page_and_expire() {
        let token = token("key", "/posts/a/", 1_000).unwrap();
        assert!(check("key", "/posts/a/", &token, 1_000 + LINK_SECONDS).is_some());
        assert!(
            check("key", "/posts/b/", &token, 1_000).is_none(),
            "another page"
        );
        assert!(check("key", "/posts/a/", &token, 1_001 + LINK_SECONDS).is_none());
    }
}
