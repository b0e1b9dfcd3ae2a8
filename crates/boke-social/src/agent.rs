//! The commenter's browser and operating system as short names ("Chrome 131", "iOS 17.1",
//! "WeChat 8.0"), read from the User-Agent header when a comment arrives; the header itself
//! is never stored.

/// Browser and system names, each `None` when the User-Agent does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agent {
    pub browser: Option<String>,
    pub os: Option<String>,
}

/// Apps whose built-in browsers readers in China use most; the general parser reports the
/// engine underneath them (Chrome, Safari) instead.
const IN_APP: [(&str, &str); 6] = [
    ("MicroMessenger/", "WeChat"),
    ("QQ/", "QQ"),
    ("DingTalk/", "DingTalk"),
    ("Weibo", "Weibo"),
    ("Quark/", "Quark"),
    ("UCBrowser/", "UC"),
];

/// Reads `user_agent`.
pub fn describe(user_agent: &str) -> Agent {
    let user_agent = user_agent.trim();
    if user_agent.is_empty() {
        return Agent::default();
    }
    let parsed = woothee::parser::Parser::new().parse(user_agent);
    let known = |text: &str| !text.is_empty() && text != woothee::woothee::VALUE_UNKNOWN;
    let in_app = IN_APP.iter().find_map(|(marker, name)| {
        let at = user_agent.find(marker)?;
        let version = user_agent[at + marker.len()..]
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        Some(named(name, version))
    });
    let browser = in_app.or_else(|| {
        let result = parsed.as_ref()?;
        known(result.name).then(|| named(result.name, result.version))
    });
    let os = parsed.as_ref().and_then(|result| {
        known(result.os).then(|| {
            let version = result.os_version.as_ref();
            // Windows carries its version in the name ("Windows 10"); others apart.
            if result.os.starts_with("Windows") || !known(version) {
                result.os.to_owned()
            } else {
                named(result.os, version)
            }
        })
    });
    Agent {
        browser: browser.map(|name| clip(&name)),
        os: os.map(|name| clip(&name)),
    }
}

/// `name major.minor` (longer versions say nothing a reader cares about).
fn named(name: &str, version: &str) -> String {
    let short: Vec<&str> = version
        .split('.')
        .filter(|part| !part.is_empty())
        .take(2)
        .collect();
    let short = match short.as_slice() {
        [major, "0"] => (*major).to_owned(),
        parts => parts.join("."),
    };
    if short.is_empty() || short == "UNKNOWN" {
        name.to_owned()
    } else {
        format!("{name} {short}")
    }
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(browser: &str, os: &str) -> Agent {
        Agent {
            browser: Some(browser.to_owned()),
            os: Some(os.to_owned()),
        }
    }

    #[test]
    fn common_browsers_and_systems_get_short_names() {
        assert_eq!(
            describe(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Safari/537.36"
            ),
            agent("Chrome 131", "Windows 10")
        );
        assert_eq!(
            describe(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) \
                 NetType/WIFI Language/zh_CN"
            )
            .browser
            .as_deref(),
            Some("WeChat 8")
        );
        assert_eq!(
            describe("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                .browser
                .as_deref(),
            Some("Firefox 133")
        );
        assert_eq!(describe(""), Agent::default());
        assert_eq!(describe("curl/8.5.0").os, None);
    }
}
