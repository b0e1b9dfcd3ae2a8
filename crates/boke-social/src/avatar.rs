//! Commenters' pictures without a tracker: each comment carries a short salted hash of its
//! commenter (their email, else their name), from which the theme draws a pattern itself; only
//! when the operator turns on Gravatar or its Chinese mirror Cravatar does a comment with an
//! email also carry that service's picture URL, and then the reader's browser asks it.

use sha2::{Digest, Sha256};

use crate::keys;
use crate::store::Comment;

/// Where pictures of commenters who left an email come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AvatarSource {
    /// Only the drawn pattern: no request to anyone (default).
    #[default]
    Pattern,
    /// gravatar.com (SHA-256 of the address), the pattern where it has none.
    Gravatar,
    /// cravatar.cn, reachable from mainland China (MD5 of the address), the pattern where it
    /// has none.
    Cravatar,
}

/// Sets `avatar` (the pattern's seed) and, by `source`, `avatar_url` on every comment and
/// reply; the email, read for this, is dropped from each.
pub fn fill(comments: &mut [Comment], salt: &str, source: AvatarSource) {
    Comment::for_each(comments, |comment| {
        let email = comment.email.take();
        let who = match &email {
            Some(email) => format!("email:{email}"),
            None => format!("name:{}", comment.author),
        };
        // Salted, so that the seed cannot be matched against addresses elsewhere.
        comment.avatar = Some(keys::hmac_hex(salt, &format!("avatar\0{who}"))[..12].to_owned());
        comment.avatar_url = email.and_then(|email| url(source, &email));
    });
}

fn url(source: AvatarSource, email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    match source {
        AvatarSource::Pattern => None,
        AvatarSource::Gravatar => Some(format!(
            "https://gravatar.com/avatar/{}?s=80&d=404",
            keys::hex(&Sha256::digest(email.as_bytes()))
        )),
        AvatarSource::Cravatar => Some(format!(
            "https://cravatar.cn/avatar/{}?s=80&d=404",
            keys::hex(&md5::Md5::digest(email.as_bytes()))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_get_the_address_hash_they_expect() {
        // Gravatar's documented example address.
        assert_eq!(
            url(AvatarSource::Gravatar, " MyEmailAddress@example.com ").as_deref(),
            Some(
                "https://gravatar.com/avatar/84059b07d4be67b806386c0aad8070a23f18836bbaae342275dc0a83414c32ee?s=80&d=404"
            )
        );
        assert_eq!(
            url(AvatarSource::Cravatar, "MyEmailAddress@example.com").as_deref(),
            Some("https://cravatar.cn/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=80&d=404")
        );
        assert_eq!(url(AvatarSource::Pattern, "a@example.com"), None);
    }
}
