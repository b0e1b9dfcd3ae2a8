//! External links, checked over HTTP with a few requests at a time and a time limit on each
//! and on all. A link that does not answer in time is a warning, never an error: the other
//! site may only be slow. A link the other site says is gone (404, 410) is an error.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

/// Requests in flight at once.
#[cfg(feature = "check-external")]
const CONCURRENCY: usize = 8;
/// Per request.
#[cfg(feature = "check-external")]
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// For all requests together; links not reached in this time are reported as unchecked.
#[cfg(feature = "check-external")]
const BUDGET: std::time::Duration = std::time::Duration::from_secs(120);

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "check-external"), allow(dead_code))]
pub(crate) enum Outcome {
    Ok,
    /// The site says the page is not there (404, 410).
    Gone(u16),
    /// Another error status, a timeout, or no connection.
    Uncertain(String),
}

/// Checks `links` (URL → pages linking to it) and adds a problem for each that fails.
pub(crate) fn check(links: &BTreeMap<String, Vec<String>>, problems: &mut Vec<Diagnostic>) {
    for (url, outcome) in fetch_all(links.keys().cloned().collect()) {
        let pages = links.get(&url).map(Vec::as_slice).unwrap_or_default();
        let file = pages.first().cloned().unwrap_or_default();
        let hint = format!(
            "linked from {}",
            pages.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        );
        match outcome {
            Outcome::Ok => {}
            Outcome::Gone(status) => problems.push(
                Diagnostic::error(file, format!("external link `{url}` answers {status}"))
                    .with_hint(hint),
            ),
            Outcome::Uncertain(why) => problems.push(
                Diagnostic::warning(file, format!("external link `{url}`: {why}")).with_hint(hint),
            ),
        }
    }
}

#[cfg(feature = "check-external")]
fn fetch_all(urls: Vec<String>) -> Vec<(String, Outcome)> {
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    let started = Instant::now();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("boke-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Arc::new(Mutex::new(urls));
    let results = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            let (queue, results, agent) = (Arc::clone(&queue), Arc::clone(&results), agent.clone());
            scope.spawn(move || {
                loop {
                    let Some(url) = queue.lock().ok().and_then(|mut q| q.pop()) else {
                        return;
                    };
                    let outcome = if started.elapsed() > BUDGET {
                        Outcome::Uncertain(
                            "not checked: the time for external links ran out".into(),
                        )
                    } else {
                        fetch(&agent, &url)
                    };
                    if let Ok(mut results) = results.lock() {
                        results.push((url, outcome));
                    }
                }
            });
        }
    });
    let mut results = match Arc::try_unwrap(results) {
        Ok(results) => results.into_inner().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

#[cfg(feature = "check-external")]
fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    // HEAD first; some servers refuse it, so a refusal is asked again with GET.
    let status = match agent.head(url).call() {
        Ok(response) if !matches!(response.status().as_u16(), 403 | 405 | 501) => {
            Ok(response.status().as_u16())
        }
        _ => agent.get(url).call().map(|r| r.status().as_u16()),
    };
    match status {
        Ok(status) if status < 400 => Outcome::Ok,
        Ok(status @ (404 | 410)) => Outcome::Gone(status),
        Ok(status) => Outcome::Uncertain(format!("answers {status}")),
        Err(ureq::Error::Timeout(_)) => Outcome::Uncertain("no answer in time".into()),
        Err(error) => Outcome::Uncertain(error.to_string()),
    }
}

#[cfg(not(feature = "check-external"))]
fn fetch_all(urls: Vec<String>) -> Vec<(String, Outcome)> {
    eprintln!(
        "warning: this boke was built without the `check-external` feature; {} external links not checked",
        urls.len()
    );
    Vec::new()
}
