//! Telling search engines about the pages a deploy added, changed or removed: IndexNow's JSON
//! submission (one key for Bing, Yandex, Seznam and Naver) and Baidu's URL push, which Chinese
//! sites rely on because Baidu's crawler is refused by some hosts (GitHub Pages answers 403).

use std::time::Duration;

use crate::Error;
use crate::config::Notify;
use crate::plan::Plan;

pub const INDEXNOW_API: &str = "https://api.indexnow.org/indexnow";
pub const BAIDU_API: &str = "http://data.zz.baidu.com/urls";
/// IndexNow takes at most this many URLs a call.
const INDEXNOW_BATCH: usize = 10_000;
/// Baidu's push takes at most this many URLs a call.
const BAIDU_BATCH: usize = 2_000;

/// The pages' URLs (`/posts/a/` for `posts/a/index.html`): uploaded (new or changed), and
/// deleted.
fn page_urls(plan: &Plan, base: &str) -> (Vec<String>, Vec<String>) {
    let url = |path: &str| {
        let path = match path.strip_suffix("index.html") {
            Some(folder) => folder,
            None => path,
        };
        format!("{base}{}", crate::plan::url_path(&format!("/{path}")))
    };
    let page = |path: &&str| path.ends_with(".html") && *path != "404.html";
    let live = plan
        .uploads()
        .map(|u| u.path.as_str())
        .filter(page)
        .map(url)
        .collect();
    let gone = plan
        .deletes
        .iter()
        .map(|d| d.path.as_str())
        .filter(page)
        .map(url)
        .collect();
    (live, gone)
}

/// The Baidu token from the environment, read before a deploy starts.
pub fn baidu_token(notify: &Notify) -> Result<Option<String>, Error> {
    if !notify.baidu {
        return Ok(None);
    }
    std::env::var("BAIDU_PUSH_TOKEN")
        .ok()
        .filter(|token| !token.is_empty())
        .map(Some)
        .ok_or_else(|| {
            Error::target(
                "Baidu push",
                "no BAIDU_PUSH_TOKEN in the environment: the token is on ziyuan.baidu.com, \
                 普通收录 → API提交",
            )
        })
}

/// Notifies the engines of `plan`'s pages under `site_url`; how many URLs were sent.
pub fn notify(
    notify: &Notify,
    baidu_token: Option<&str>,
    site_url: &str,
    plan: &Plan,
) -> Result<usize, Error> {
    let base = site_url.trim_end_matches('/');
    let (live, gone) = page_urls(plan, base);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut sent = 0;
    if let Some(key) = &notify.indexnow_key {
        let host = base
            .split_once("://")
            .map_or(base, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        let all: Vec<&String> = live.iter().chain(&gone).collect();
        let api = notify.indexnow_endpoint.as_deref().unwrap_or(INDEXNOW_API);
        for batch in all.chunks(INDEXNOW_BATCH) {
            let body = serde_json::json!({ "host": host, "key": key, "urlList": batch });
            let mut response = agent
                .post(api)
                .header("Content-Type", "application/json; charset=utf-8")
                .send(body.to_string().as_str())
                .map_err(|e| Error::target("IndexNow", e))?;
            let status = response.status().as_u16();
            if !(200..300).contains(&status) {
                let text = response.body_mut().read_to_string().unwrap_or_default();
                return Err(Error::target(
                    "IndexNow",
                    format!("refused ({status}): {text}; is /{key}.txt on the site?"),
                ));
            }
            sent += batch.len();
        }
    }
    if let Some(token) = baidu_token {
        let api = notify.baidu_endpoint.as_deref().unwrap_or(BAIDU_API);
        let address = format!("{api}?site={base}&token={token}");
        for batch in live.chunks(BAIDU_BATCH) {
            let mut response = agent
                .post(&address)
                .header("Content-Type", "text/plain")
                .send(batch.join("\n").as_str())
                .map_err(|e| Error::target("Baidu push", e))?;
            let status = response.status().as_u16();
            let text = response.body_mut().read_to_string().unwrap_or_default();
            if status != 200 {
                return Err(Error::target(
                    "Baidu push",
                    format!("refused ({status}): {text}"),
                ));
            }
            sent += batch.len();
        }
    }
    Ok(sent)
}
