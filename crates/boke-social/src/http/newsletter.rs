//! The newsletter's web archive: `GET /newsletter/` lists the digests, newest first, and the
//! posts mailed one by one (linked to the post itself, which is what that mail held), and
//! `GET /newsletter/{issue}/` shows one digest, in Chinese or English (`?lang=zh|en`, else the
//! request's `Accept-Language`). Plain HTML with no script, no image and nothing fetched from
//! anywhere, so reading the archive is not tracked either.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::extract::ApiPath;
use super::public::html_escape;
use super::{ApiError, Shared};
use crate::digest::{IssuePost, issue_posts};

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

const HEADERS: [(header::HeaderName, &str); 2] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
];

fn chinese(query: &LangQuery, headers: &HeaderMap) -> bool {
    match query.lang.as_deref() {
        Some(lang) => lang.to_ascii_lowercase().starts_with("zh"),
        None => crate::text::prefers_chinese(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok()),
        ),
    }
}

fn date(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|at| at.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn document(status: StatusCode, zh: bool, title: &str, other: &str, body: &str) -> Response {
    let (lang, switch) = if zh {
        (
            "zh-CN",
            format!("<a href=\"{other}?lang=en\" hreflang=\"en\">English</a>"),
        )
    } else {
        (
            "en",
            format!("<a href=\"{other}?lang=zh\" hreflang=\"zh-CN\">中文</a>"),
        )
    };
    let title = html_escape(title);
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.7;max-width:40rem;margin:3rem auto;padding:0 1rem\">\
         <nav>{switch}</nav><h1>{title}</h1>{body}</body></html>"
    );
    (status, HEADERS, Html(html)).into_response()
}

/// `GET /newsletter/`.
pub async fn list(
    State(shared): State<Shared>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let zh = chinese(&query, &headers);
    let site = &shared.app.config.site_title;
    let issues = shared.app.store.issues().await?;
    let mut body = String::from("<ul>");
    for issue in &issues {
        let count = issue_posts(issue)?.len();
        let label = if zh {
            format!("{} · {} 篇 · {}", issue.id, count, date(issue.created_at))
        } else {
            format!(
                "{} · {} posts · {}",
                issue.id,
                count,
                date(issue.created_at)
            )
        };
        body.push_str(&format!(
            "<li><a href=\"{id}/\">{label}</a></li>",
            id = html_escape(&issue.id),
            label = html_escape(&label)
        ));
    }
    body.push_str("</ul>");
    let mailed = shared.app.store.mailed_posts().await?;
    if issues.is_empty() {
        body.clear();
    }
    if !mailed.is_empty() {
        body.push_str(if zh {
            "<h2>单篇文章邮件</h2><ul>"
        } else {
            "<h2>Posts mailed one by one</h2><ul>"
        });
        for (post, seen_at) in &mailed {
            let url = crate::render::safe_website(&post.url).unwrap_or_default();
            body.push_str(&format!(
                "<li><a href=\"{url}\">{title}</a> · {date}</li>",
                url = html_escape(&url),
                title = html_escape(&post.title),
                date = date(*seen_at)
            ));
        }
        body.push_str("</ul>");
    }
    if issues.is_empty() && mailed.is_empty() {
        body = format!(
            "<p>{}</p>",
            if zh {
                "还没有发过邮件。"
            } else {
                "No mail has been sent yet."
            }
        );
    }
    let title = if zh {
        format!("「{site}」邮件存档")
    } else {
        format!("{site}: newsletter archive")
    };
    Ok(document(StatusCode::OK, zh, &title, "", &body))
}

fn post_html(post: &IssuePost) -> String {
    let summary = if post.summary.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", html_escape(&post.summary))
    };
    let url = crate::render::safe_website(&post.url).unwrap_or_default();
    format!(
        "<article><h2><a href=\"{url}\">{title}</a></h2><p><time>{date}</time></p>{summary}</article>",
        url = html_escape(&url),
        title = html_escape(&post.title),
        date = date(post.published),
    )
}

/// `GET /newsletter/{issue}/`.
pub async fn issue(
    State(shared): State<Shared>,
    ApiPath(id): ApiPath<String>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let zh = chinese(&query, &headers);
    let Some(issue) = shared.app.store.issue(&id).await? else {
        let (title, text) = if zh {
            ("没有这一期", "<p><a href=\"../\">所有邮件</a></p>")
        } else {
            ("No such issue", "<p><a href=\"../\">All issues</a></p>")
        };
        return Ok(document(StatusCode::NOT_FOUND, zh, title, "", text));
    };
    let site = &shared.app.config.site_title;
    let title = if zh {
        format!("「{site}」本周文章（{}）", issue.id)
    } else {
        format!("This week on {site} ({})", issue.id)
    };
    let mut body: String = issue_posts(&issue)?.iter().map(post_html).collect();
    body.push_str(if zh {
        "<p><a href=\"../\">所有邮件</a></p>"
    } else {
        "<p><a href=\"../\">All issues</a></p>"
    });
    Ok(document(StatusCode::OK, zh, &title, "", &body))
}
