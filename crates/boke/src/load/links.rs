//! `data/links.toml`: the friend links (友链) a links page shows, in groups, checked as it is read.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, line_column};

/// Where a site keeps its friend links, relative to its root.
pub(crate) const LINKS_FILE: &str = "data/links.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinksFile {
    #[serde(default)]
    groups: Vec<LinkGroup>,
}

/// A group of friends' sites, shown under its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkGroup {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) links: Vec<FriendLink>,
}

/// One friend's site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FriendLink {
    pub(crate) name: String,
    pub(crate) url: String,
    #[serde(default)]
    pub(crate) avatar: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// The friend links of the site at `root`; none when it has no `data/links.toml`.
pub(crate) fn load(root: &Path) -> Result<Vec<LinkGroup>, Diagnostic> {
    let path = root.join(LINKS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(Diagnostic::error(
                &path,
                format!("cannot read the friend links: {error}"),
            ));
        }
    };
    parse(&text, &path)
}

/// Parses the text of `data/links.toml`; `path` is only used in messages.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Vec<LinkGroup>, Diagnostic> {
    let file: LinksFile = toml::from_str(text).map_err(|error| {
        let mut diagnostic = Diagnostic::error(path, error.message().to_owned()).with_hint(
            "[[groups]] with name, then [[groups.links]] with name, url, avatar, description",
        );
        if let Some(span) = error.span() {
            let (line, column) = line_column(text, span.start);
            diagnostic = diagnostic.at(text, line, column);
        }
        diagnostic
    })?;
    for link in file.groups.iter().flat_map(|group| &group.links) {
        let web = |url: &str| {
            (url.starts_with("https://") || url.starts_with("http://"))
                && !url.chars().any(char::is_whitespace)
        };
        let avatar_ok = link
            .avatar
            .as_deref()
            .is_none_or(|avatar| web(avatar) || avatar.starts_with('/') && !avatar.contains(' '));
        if web(&link.url) && avatar_ok {
            continue;
        }
        let (what, value) = if web(&link.url) {
            ("avatar", link.avatar.as_deref().unwrap_or_default())
        } else {
            ("url", link.url.as_str())
        };
        let mut diagnostic = Diagnostic::error(
            path,
            format!(
                "the {what} of friend `{}` is not an http(s) URL: `{value}`",
                link.name
            ),
        )
        .with_hint(if what == "url" {
            "a friend's site is an absolute URL such as \"https://friend.example.com/\""
        } else {
            "an http(s) URL, or a path under static/ such as \"/images/friend.png\""
        });
        if let Some(at) = text.find(value).filter(|_| !value.is_empty()) {
            let (line, column) = line_column(text, at);
            diagnostic = diagnostic.at(text, line, column);
        }
        return Err(diagnostic);
    }
    Ok(file.groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<LinkGroup>, String> {
        super::parse(text, Path::new("data/links.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn groups_and_links_are_read_in_order() {
        let groups = parse(
            "[[groups]]\nname = \"朋友\"\n\n[[groups.links]]\nname = \"甲\"\nurl = \"https://a.example.com/\"\ndescription = \"写 Rust\"\n\n[[groups.links]]\nname = \"乙\"\nurl = \"https://b.example.org/\"\navatar = \"/images/b.png\"\n",
        )
        .expect("valid links");
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "朋友");
        let names: Vec<_> = groups[0].links.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["甲", "乙"]);
        assert_eq!(groups[0].links[1].avatar.as_deref(), Some("/images/b.png"));
    }

    #[test]
    fn bad_links_are_errors_at_their_line() {
        let error = parse("[[groups]]\nname = \"朋友\"\n[[groups.links]]\nname = \"甲\"\nurl = \"a.example.com\"\n")
            .err()
            .unwrap_or_default();
        assert!(error.contains("data/links.toml:5:"), "{error}");
        assert!(error.contains("not an http(s) URL"), "{error}");
        let error = parse("[[groups]]\nname = \"朋友\"\n[[groups.links]]\nname = \"甲\"\nurl = \"https://a.example.com/\"\nlogo = \"x\"\n")
            .err()
            .unwrap_or_default();
        assert!(error.contains("data/links.toml:6:"), "{error}");
        assert!(error.contains("logo"), "{error}");
        let error = parse(
            "[[groups]]\n[[groups.links]]\nname = \"甲\"\nurl = \"https://a.example.com/\"\n",
        )
        .err()
        .unwrap_or_default();
        assert!(error.contains("name"), "{error}");
    }
}
