//! Hugo's shortcodes (the built-in ones and those of LoveIt, FixIt, DoIt, Stack and PaperMod)
//! as boke components or plain Markdown.

use super::scan::Tag;
use super::{Context, block_component, open_component, words};

/// Named (`key="v"`) and positional arguments of a shortcode.
struct Args {
    named: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Args {
    fn parse(text: &str) -> Args {
        let mut named = Vec::new();
        let mut positional = Vec::new();
        // `words` keeps `key="a b"` together as `key=a b`.
        for word in words(text) {
            match word.split_once('=') {
                Some((key, value))
                    if !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-') =>
                {
                    named.push((key.to_owned(), value.to_owned()))
                }
                _ => positional.push(word),
            }
        }
        Args { named, positional }
    }

    fn get(&self, key: &str, position: usize) -> String {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| self.positional.get(position).cloned())
            .unwrap_or_default()
    }

    fn named(&self, key: &str) -> String {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

pub(crate) fn shortcode(
    tag: &Tag,
    body: Option<&str>,
    context: &mut Context<'_>,
) -> Option<String> {
    let args = Args::parse(&tag.args);
    Some(match (tag.name.as_str(), body) {
        ("figure" | "img" | "image", None) => {
            let caption = match args.named("caption") {
                c if c.is_empty() => args.named("title"),
                c => c,
            };
            open_component(
                "figure",
                &[
                    ("src", args.get("src", 0)),
                    ("alt", args.named("alt")),
                    ("caption", caption),
                    ("link", args.named("link")),
                    ("width", args.named("width")),
                ],
            )
        }
        ("highlight", Some(body)) => {
            let lang = args.get("lang", 0);
            format!("\n```{lang}\n{}\n```\n", body.trim_matches('\n'))
        }
        ("ref" | "relref", None) => context.target(&args.get("path", 0))?.url.clone(),
        ("youtube", None) => open_component(
            "youtube",
            &[("id", args.get("id", 0)), ("t", args.named("start"))],
        ),
        ("bilibili", None) => {
            let page = match args.named("p") {
                p if p.is_empty() => args.positional.get(1).cloned().unwrap_or_default(),
                p => p,
            };
            open_component("bilibili", &[("id", args.get("id", 0)), ("p", page)])
        }
        ("details" | "expand" | "collapse" | "toggle", Some(body)) => {
            let summary = args.get("summary", 0);
            let summary = if summary.is_empty() {
                args.named("title")
            } else {
                summary
            };
            block_component(
                "details",
                &[("summary", summary), ("open", args.named("open"))],
                body,
            )
        }
        (
            "admonition" | "notice" | "alert" | "callout" | "hint" | "note" | "tip" | "warning",
            Some(body),
        ) => {
            let kind = match tag.name.as_str() {
                "note" | "tip" | "warning" => match args.named("type") {
                    kind if kind.is_empty() => tag.name.clone(),
                    kind => kind,
                },
                _ => args.get("type", 0),
            };
            let title = args.get("title", if args.named("type").is_empty() { 1 } else { 0 });
            let title = if tag.name == "admonition" || !title.is_empty() {
                title
            } else {
                String::new()
            };
            block_component(
                "note",
                &[("type", admonition_type(&kind).into()), ("title", title)],
                body,
            )
        }
        ("tabs", Some(body)) => format!(
            "\n{{{{< tabs >}}}}\n{}\n{{{{< /tabs >}}}}\n",
            body.trim_matches('\n')
        ),
        ("tab", Some(body)) => block_component("tab", &[("title", args.get("title", 0))], body),
        ("gist", None) => {
            let (user, id) = (args.get("user", 0), args.get("id", 1));
            format!("[gist {user}/{id}](https://gist.github.com/{user}/{id})")
        }
        ("tweet" | "x", None) => {
            let (user, id) = (args.named("user"), args.get("id", 0));
            format!("[tweet {id}](https://x.com/{user}/status/{id})")
        }
        ("vimeo", None) => format!("[Vimeo {0}](https://vimeo.com/{0})", args.get("id", 0)),
        ("mermaid", Some(body)) => format!("\n```mermaid\n{}\n```\n", body.trim_matches('\n')),
        ("raw" | "rawhtml", Some(body)) => body.to_owned(),
        ("center", Some(body)) => format!("<div align=\"center\">\n\n{}\n\n</div>\n", body.trim()),
        ("link", None) => {
            let href = args.get("href", 0);
            let text = args.get("content", 1);
            format!("[{}]({href})", if text.is_empty() { &href } else { &text })
        }
        ("style", Some(body)) => body.to_owned(),
        _ => return None,
    })
}

fn admonition_type(kind: &str) -> &'static str {
    match kind.to_lowercase().as_str() {
        "tip" | "hint" => "tip",
        "success" | "done" | "check" => "success",
        "warning" | "caution" | "attention" => "warning",
        "danger" | "failure" | "fail" | "missing" | "bug" | "error" => "danger",
        _ => "info",
    }
}
