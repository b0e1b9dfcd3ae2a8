//! `POST /api/bounces/{ses,postmark,generic}`: the mail service's bounce and complaint
//! webhooks, each behind the shared `--bounce-secret`, feeding the suppression list. Without
//! a secret configured the endpoints do not exist (404).

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};

use super::extract::ApiPath;
use super::{ApiError, Shared};
use crate::bounce::{self, BadReport, Report};

async fn receive(
    shared: &Shared,
    source: &str,
    headers: &HeaderMap,
    query: Option<&str>,
    report: Result<Report, BadReport>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let config = &shared.app.config;
    let Some(secret) = config.bounce_secret.as_deref() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "这个地址没有内容",
            "there is nothing at this address",
        ));
    };
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if !bounce::authorized(
        secret,
        text(header::AUTHORIZATION.as_str()),
        text("x-boke-secret"),
        query,
    ) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "缺少或弄错了退信回调的密钥",
            "the bounce webhook secret is missing or wrong",
        ));
    }
    let report = report.map_err(|BadReport(why)| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("无法读取 {source} 的回调：{why}"),
            format!("cannot read this {source} webhook: {why}"),
        )
    })?;
    if let (Some(expected), Some(topic)) = (config.ses_topic_arn.as_deref(), &report.topic)
        && expected != topic
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "消息来自另一个 SNS 主题",
            "the message comes from another SNS topic",
        ));
    }
    if let Some(url) = &report.subscribe_url {
        eprintln!(
            "boke social: Amazon SNS asks to confirm the subscription of {}: open {url}",
            report.topic.as_deref().unwrap_or("a topic")
        );
    }
    let mut suppressed = 0;
    for (email, kind) in &report.suppress {
        if shared
            .app
            .store
            .suppress(email, kind.as_str(), source)
            .await?
        {
            suppressed += 1;
        }
    }
    Ok(Json(serde_json::json!({
        "suppressed": suppressed,
        "known": report.suppress.len() - suppressed,
        "ignored": report.ignored,
    })))
}

/// A vendor's body reader.
type Reader = fn(&str) -> Result<Report, BadReport>;

/// `POST /api/bounces/{source}`: `ses`, `postmark` or `generic`.
pub async fn receive_from(
    State(shared): State<Shared>,
    ApiPath(source): ApiPath<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: String,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (source, read): (&str, Reader) = match source.as_str() {
        "ses" => ("ses", bounce::ses),
        "postmark" => ("postmark", bounce::postmark),
        "generic" => ("generic", bounce::generic),
        _ => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "这个地址没有内容",
                "there is nothing at this address",
            ));
        }
    };
    receive(&shared, source, &headers, query.as_deref(), read(&body)).await
}
