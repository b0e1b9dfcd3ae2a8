//! Hexo's tag plugins (the built-in ones, NexT's, Butterfly's and Fluid's) as boke components
//! or plain Markdown and HTML.

use super::scan::Tag;
use super::{Context, block_component, open_component, words};

/// The tag converted, or `None` when it is not known.
pub(crate) fn tag(tag: &Tag, body: Option<&str>, context: &mut Context<'_>) -> Option<String> {
    let args = words(&tag.args);
    let commas = || -> Vec<String> { tag.args.split(',').map(|s| s.trim().to_owned()).collect() };
    let arg = |index: usize| args.get(index).cloned().unwrap_or_default();
    Some(match (tag.name.as_str(), body) {
        ("note" | "alert" | "callout", Some(body)) => {
            block_component("note", &[("type", note_type(&args))], body)
        }
        ("hideToggle" | "hideBlock" | "fold" | "folding" | "spoiler" | "collapse", Some(body)) => {
            let summary = match tag.name.as_str() {
                "fold" => args
                    .iter()
                    .find_map(|a| a.strip_prefix('@'))
                    .map(str::to_owned)
                    .unwrap_or_else(|| tag.args.clone()),
                _ => commas().first().cloned().unwrap_or_default(),
            };
            block_component("details", &[("summary", summary)], body)
        }
        ("hideInline", None) => {
            let parts = commas();
            let summary = parts.get(1).cloned().unwrap_or_else(|| "Click".into());
            format!(
                "<details><summary>{}</summary>{}</details>",
                html(&summary),
                html(&parts[0])
            )
        }
        ("tabs" | "tab", Some(body)) => tabs(body),
        ("btn" | "button" | "btns", None) => {
            let parts = commas();
            let (url, text) = match tag.name.as_str() {
                "button" => (
                    parts.first().cloned().unwrap_or_default(),
                    parts.get(1).cloned().unwrap_or_default(),
                ),
                _ => (
                    parts.first().cloned().unwrap_or_default(),
                    parts.get(1).cloned().unwrap_or_default(),
                ),
            };
            let text = if text.is_empty() { url.clone() } else { text };
            format!("[{text}]({url})")
        }
        ("label", None) => {
            // Butterfly: `{% label text color %}`; Fluid: `{% label primary @text %}`.
            let text = args
                .iter()
                .find_map(|a| a.strip_prefix('@'))
                .map(str::to_owned)
                .unwrap_or_else(|| arg(0));
            format!("<mark>{}</mark>", html(&text))
        }
        ("kbd", None) => format!("<kbd>{}</kbd>", html(&tag.args)),
        ("post_link" | "post_path", None) => {
            let target = context.target(&arg(0))?.clone();
            if tag.name == "post_path" {
                target.url
            } else {
                let text = args
                    .get(1)
                    .cloned()
                    .filter(|t| !t.is_empty())
                    .unwrap_or(target.title);
                open_component("link", &[("to", target.content_path), ("text", text)])
            }
        }
        ("asset_img" | "asset_image", None) => {
            // `{% asset_img [class] slug [width] [height] [title text [alt text]] %}`
            if args.is_empty() {
                return None;
            }
            // A name without an extension is still the file when it is the only one.
            let file = args.iter().position(|a| a.contains('.')).unwrap_or(0);
            let rest: Vec<&String> = args[file + 1..]
                .iter()
                .filter(|a| !a.chars().all(|c| c.is_ascii_digit()))
                .collect();
            let title = rest.first().map(|s| s.as_str()).unwrap_or_default();
            let alt = rest.get(1).map(|s| s.as_str()).unwrap_or(title);
            asset_image(&args[file], alt, title)
        }
        ("img" | "image" | "inlineImg", None) => {
            let file = args
                .iter()
                .position(|a| a.contains('/') || a.contains('.'))?;
            let alt = args
                .get(file + 1)
                .filter(|a| !a.chars().all(|c| c.is_ascii_digit()))
                .cloned()
                .unwrap_or_default();
            format!("![{alt}]({})", args[file])
        }
        ("asset_link", None) => {
            let text = args.get(1).cloned().unwrap_or_else(|| arg(0));
            format!("[{text}]({})", arg(0))
        }
        ("asset_path", None) => arg(0),
        ("link", None) if args.len() >= 2 => format!("[{}]({})", arg(0), arg(1)),
        ("codeblock" | "code", Some(body)) => code_fence(&args, body),
        ("blockquote" | "quote" | "pullquote" | "cq" | "centerquote", Some(body)) => {
            let source = if tag.name == "pullquote" {
                String::new()
            } else {
                tag.args.clone()
            };
            blockquote(body, &source)
        }
        ("raw", Some(body)) => body.to_owned(),
        ("include_code" | "include_raw", None) => include(&args, context)?,
        ("youtube", None) => open_component("youtube", &[("id", arg(0))]),
        ("bilibili", None) => {
            let id = arg(0);
            let page = args
                .get(1)
                .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
                .cloned()
                .unwrap_or_default();
            open_component("bilibili", &[("id", id), ("p", page)])
        }
        ("iframe", None) => {
            let mut out = format!("<iframe src=\"{}\"", arg(0));
            for (key, index) in [("width", 1), ("height", 2)] {
                if let Some(value) = args.get(index) {
                    out.push_str(&format!(" {key}=\"{value}\""));
                }
            }
            out.push_str(" loading=\"lazy\" allowfullscreen></iframe>");
            out
        }
        ("gist", None) => format!("[gist {}](https://gist.github.com/{})", arg(0), arg(0)),
        ("jsfiddle", None) => format!("[jsfiddle {}](https://jsfiddle.net/{}/)", arg(0), arg(0)),
        ("vimeo", None) => format!("[Vimeo {}](https://vimeo.com/{})", arg(0), arg(0)),
        ("pdf", None) => format!("[PDF]({})", arg(0)),
        ("video", None) => format!("<video src=\"{}\" controls></video>", arg(0)),
        ("audio", None) => format!("<audio src=\"{}\" controls></audio>", arg(0)),
        ("math" | "katex" | "latex", Some(body)) => {
            format!("\n$$\n{}\n$$\n", body.trim_matches('\n'))
        }
        ("mermaid", Some(body)) => format!("\n```mermaid\n{}\n```\n", body.trim_matches('\n')),
        ("gallery" | "grouppicture" | "group-picture", Some(body)) => {
            format!("\n{}\n", body.trim_matches('\n'))
        }
        ("galleryGroup", None) => {
            // `{% galleryGroup name description link img-url %}`
            let (name, description, link, image) = (arg(0), arg(1), arg(2), arg(3));
            format!("[![{name}]({image})]({link})\n{description}\n")
        }
        ("timeline", Some(body)) => timeline(&tag.args, body),
        ("span" | "p", None) => commas().get(1).cloned().unwrap_or_default(),
        ("center", Some(body)) => format!("<div align=\"center\">\n\n{}\n\n</div>\n", body.trim()),
        _ => return None,
    })
}

/// NexT, Butterfly and Fluid name the same five kinds differently (and by colour).
fn note_type(args: &[String]) -> String {
    let kind = args.iter().map(|a| a.to_lowercase()).find_map(|a| {
        Some(match a.as_str() {
            "info" | "primary" | "default" | "blue" | "light" | "secondary" | "dark" => "info",
            "tip" | "purple" | "pink" => "tip",
            "success" | "green" => "success",
            "warning" | "orange" | "yellow" => "warning",
            "danger" | "error" | "red" => "danger",
            _ => return None,
        })
    });
    kind.unwrap_or("info").to_owned()
}

/// NexT's and Butterfly's `<!-- tab Title -->…<!-- endtab -->` panes.
fn tabs(body: &str) -> String {
    let mut panes = Vec::new();
    let mut rest = body;
    let mut number = 1;
    while let Some(start) = rest.find("<!-- tab") {
        let after = &rest[start + "<!-- tab".len()..];
        let Some(head_end) = after.find("-->") else {
            break;
        };
        let mut title = after[..head_end].trim().to_owned();
        if let Some((name, _icon)) = title.split_once('@') {
            title = name.trim().to_owned();
        }
        if title.is_empty() {
            title = format!("{number}");
        }
        let content = &after[head_end + 3..];
        let end = content.find("<!-- endtab -->").unwrap_or(content.len());
        panes.push(block_component("tab", &[("title", title)], &content[..end]));
        rest = content.get(end + "<!-- endtab -->".len()..).unwrap_or("");
        number += 1;
    }
    if panes.is_empty() {
        return format!("\n{}\n", body.trim_matches('\n'));
    }
    format!(
        "\n{{{{< tabs >}}}}\n{}\n{{{{< /tabs >}}}}\n",
        panes.concat()
    )
}

/// Butterfly's `<!-- timeline 2020 -->…<!-- endtimeline -->` items as a list.
fn timeline(args: &str, body: &str) -> String {
    let title = args.split(',').next().unwrap_or("").trim();
    let mut out = String::from("\n");
    if !title.is_empty() {
        out.push_str(&format!("**{title}**\n\n"));
    }
    let mut rest = body;
    while let Some(start) = rest.find("<!-- timeline") {
        let after = &rest[start + "<!-- timeline".len()..];
        let Some(head_end) = after.find("-->") else {
            break;
        };
        let when = after[..head_end].trim();
        let content = &after[head_end + 3..];
        let end = content
            .find("<!-- endtimeline -->")
            .unwrap_or(content.len());
        let text: Vec<&str> = content[..end].trim().lines().collect();
        out.push_str(&format!("- **{when}**: {}\n", text.join("\n  ")));
        rest = content
            .get(end + "<!-- endtimeline -->".len()..)
            .unwrap_or("");
    }
    out
}

fn code_fence(args: &[String], body: &str) -> String {
    let lang = args
        .iter()
        .find_map(|a| a.strip_prefix("lang:"))
        .unwrap_or_default();
    let title: Vec<&str> = args
        .iter()
        .take_while(|a| !a.contains(':') && !a.starts_with("http"))
        .map(String::as_str)
        .collect();
    let mut out = String::from("\n");
    if !title.is_empty() {
        out.push_str(&format!("*{}*\n\n", title.join(" ")));
    }
    let longest = body
        .lines()
        .map(|l| l.trim_start().chars().take_while(|c| *c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push_str(&format!(
        "{fence}{lang}\n{}\n{fence}\n",
        body.trim_matches('\n')
    ));
    out
}

fn blockquote(body: &str, source: &str) -> String {
    let mut out = String::from("\n");
    for line in body.trim_matches('\n').lines() {
        out.push_str(if line.is_empty() { ">" } else { "> " });
        out.push_str(line);
        out.push('\n');
    }
    let words = words(source);
    let (link, credit): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| w.starts_with("http"));
    if !credit.is_empty() || !link.is_empty() {
        let credit = credit
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let credit = match link.first() {
            Some(url) if credit.is_empty() => format!("<{url}>"),
            Some(url) => format!("[{credit}]({url})"),
            None => credit,
        };
        out.push_str(&format!(">\n> —— {credit}\n"));
    }
    out
}

fn asset_image(file: &str, alt: &str, title: &str) -> String {
    if title.is_empty() || title == alt {
        format!("![{alt}]({file})")
    } else {
        format!("![{alt}]({file} \"{}\")", title.replace('"', "'"))
    }
}

/// `{% include_code [title] [lang:x] [from:n] [to:m] path %}`: the file goes beside the post.
fn include(args: &[String], context: &mut Context<'_>) -> Option<String> {
    let path = args.last()?;
    let dir = context.code_dir?;
    let file = dir.join(path);
    if !file.is_file() {
        return None;
    }
    let name = std::path::Path::new(path)
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let lang = args
        .iter()
        .find_map(|a| a.strip_prefix("lang:"))
        .unwrap_or_default()
        .to_owned();
    let from = args
        .iter()
        .find_map(|a| a.strip_prefix("from:"))
        .unwrap_or_default();
    let to = args
        .iter()
        .find_map(|a| a.strip_prefix("to:"))
        .unwrap_or_default();
    let lines = match (from.is_empty(), to.is_empty()) {
        (true, true) => String::new(),
        _ => format!("{}-{}", if from.is_empty() { "1" } else { from }, to),
    };
    context.includes.push((file, name.clone()));
    Some(open_component(
        "include",
        &[("file", name), ("lang", lang), ("lines", lines)],
    ))
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
