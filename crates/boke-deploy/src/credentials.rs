//! Where S3 credentials come from: the environment (`AWS_ACCESS_KEY_ID`, a web identity, a
//! container's role), else the shared credentials file (`~/.aws/credentials`, profile
//! `AWS_PROFILE` or `default`). Never from `boke.toml`.

use std::path::PathBuf;

pub struct Keys {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

pub enum Found {
    /// The S3 client reads them from the environment itself.
    Environment,
    File(Keys),
    /// None anywhere; the file that was looked in, for the message.
    Nothing(String),
}

fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| !value.is_empty())
}

pub fn find() -> Found {
    if set("AWS_ACCESS_KEY_ID")
        || set("AWS_WEB_IDENTITY_TOKEN_FILE")
        || set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || set("AWS_CONTAINER_CREDENTIALS_FULL_URI")
    {
        return Found::Environment;
    }
    let file = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| std::env::home_dir().map(|home| home.join(".aws").join("credentials")));
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    let looked = file.as_ref().map_or_else(
        || "~/.aws/credentials".to_string(),
        |path| format!("{} [{profile}]", path.display()),
    );
    let keys = file
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| from_file(&text, &profile));
    keys.map_or(Found::Nothing(looked), Found::File)
}

/// The keys of `[profile]` in a credentials file's INI text.
pub fn from_file(text: &str, profile: &str) -> Option<Keys> {
    let mut inside = false;
    let (mut id, mut secret, mut token) = (None, None, None);
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == profile;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if !inside {
            continue;
        }
        let value = Some(value.trim().to_string());
        match key.trim() {
            "aws_access_key_id" => id = value,
            "aws_secret_access_key" => secret = value,
            "aws_session_token" => token = value,
            _ => {}
        }
    }
    Some(Keys {
        access_key_id: id?,
        secret_access_key: secret?,
        session_token: token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_profile_only() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n\
                    [blog]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token=E\n";
        let keys = from_file(text, "blog").unwrap();
        assert_eq!(
            (keys.access_key_id.as_str(), keys.secret_access_key.as_str()),
            ("C", "D")
        );
        assert_eq!(keys.session_token.as_deref(), Some("E"));
        assert_eq!(from_file(text, "default").unwrap().access_key_id, "A");
        assert!(from_file(text, "other").is_none());
    }
}
