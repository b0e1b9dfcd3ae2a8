//! Every error the service answers is `{"error": "…"}` in the reader's language: the API's
//! own refusals, storage failures (503, logged), and what the framework rejects (malformed
//! JSON, a wrong content type, an oversized body, bad query or path parameters, unknown
//! routes), rewritten so that no Rust type name or parser internals reach a reader.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::Refusal;
use crate::store::StoreError;
use crate::text::Text;

/// An error answered as `{"error": "…"}` with a fitting status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    text: Text,
}

impl ApiError {
    pub fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError {
            status,
            text: Text::new(zh, en),
        }
    }

    pub fn from_text(status: StatusCode, text: Text) -> ApiError {
        ApiError { status, text }
    }

    /// The status answered.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(serde_json::json!({ "error": self.text.en })),
        )
            .into_response();
        response.extensions_mut().insert(self.text);
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        eprintln!("boke social: storage error: {error}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "存储暂时不可用，没有保存任何内容，请稍后再试",
            "storage is unavailable and nothing was saved; try again later",
        )
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        match refusal {
            Refusal::Invalid(text) => ApiError::from_text(StatusCode::UNPROCESSABLE_ENTITY, text),
            Refusal::Blocked => ApiError::new(
                StatusCode::FORBIDDEN,
                "你已被禁止在这里评论",
                "you are blocked from commenting here",
            ),
            Refusal::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                "回复的评论不存在",
                "the comment replied to does not exist",
            ),
            Refusal::NoMail => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "这个服务没有配置邮件，暂时不能订阅",
                "email is not configured on this service, so subscribing is not possible",
            ),
            Refusal::TooMany(text) => ApiError::from_text(StatusCode::TOO_MANY_REQUESTS, text),
            Refusal::Challenge(text) => ApiError::from_text(StatusCode::FORBIDDEN, text),
            Refusal::Store(error) => error.into(),
        }
    }
}

/// The outermost layer: answers each error in the language the request prefers, and turns
/// any error the framework wrote as plain text into the documented JSON.
pub async fn localize(request: Request, next: Next) -> Response {
    let language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let text = match response.extensions_mut().remove::<Text>() {
        Some(text) => text,
        None => {
            let is_plain = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .is_none_or(|value| value.starts_with("text/plain"));
            if !is_plain {
                // HTML notices (confirm and unsubscribe pages) and JSON already written.
                return response;
            }
            generic(status)
        }
    };
    let body = serde_json::json!({ "error": text.for_reader(language.as_deref()) }).to_string();
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// What to say for a status when nothing more specific is known.
fn generic(status: StatusCode) -> Text {
    match status {
        StatusCode::NOT_FOUND => Text::new("这个地址没有内容", "there is nothing at this address"),
        StatusCode::METHOD_NOT_ALLOWED => Text::new(
            "这个地址不接受这种请求方法",
            "this address does not accept that request method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => Text::new(
            "请求内容太大，请缩短后再发",
            "the request body is too large; send less",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Text::new(
            "请用 JSON 发送，并带上 Content-Type: application/json",
            "send the body as JSON with Content-Type: application/json",
        ),
        StatusCode::REQUEST_TIMEOUT => {
            Text::new("请求超时，请再试一次", "the request timed out; try again")
        }
        status if status.is_server_error() => Text::new(
            "服务出错了，请稍后再试",
            "the service failed; try again later",
        ),
        _ => Text::new("请求无效", "the request is not valid"),
    }
}

/// A JSON body the framework could not read: say what is wrong in the reader's terms.
pub fn json_rejection(status: StatusCode, detail: &str) -> ApiError {
    match status {
        StatusCode::BAD_REQUEST => ApiError::new(
            status,
            "请求内容不是有效的 JSON",
            "the request body is not valid JSON",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => {
            let detail = detail
                .split_once("target type: ")
                .map_or(detail, |(_, rest)| rest);
            ApiError::from_text(status, field_problem(detail, "字段", "field"))
        }
        _ => ApiError::from_text(status, generic(status)),
    }
}

/// A query string that does not fit the endpoint.
pub fn query_rejection(status: StatusCode, detail: &str) -> ApiError {
    let detail = detail
        .split_once("query string: ")
        .map_or(detail, |(_, rest)| rest);
    ApiError::from_text(status, field_problem(detail, "查询参数", "query parameter"))
}

/// A path parameter that does not fit (every one is a numeric id).
pub fn path_rejection(status: StatusCode) -> ApiError {
    if status.is_server_error() {
        return ApiError::from_text(status, generic(status));
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "地址中的编号必须是整数",
        "the id in the address must be a whole number",
    )
}

/// Names the field a deserializer complained about, without its words for Rust types.
fn field_problem(detail: &str, zh_kind: &str, en_kind: &str) -> Text {
    let quoted = |marker: &str| {
        detail
            .split_once(marker)
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(name, _)| name.to_owned())
    };
    if let Some(name) = quoted("missing field `") {
        return Text::new(
            format!("缺少{zh_kind} `{name}`"),
            format!("the {en_kind} `{name}` is missing"),
        );
    }
    if let Some(name) = quoted("duplicate field `") {
        return Text::new(
            format!("{zh_kind} `{name}` 出现了不止一次"),
            format!("the {en_kind} `{name}` is given more than once"),
        );
    }
    // serde_path_to_error writes `path.to.field: message`; a path has no spaces.
    if let Some((path, _)) = detail.split_once(": ")
        && !path.is_empty()
        && !path.contains(' ')
        && path != "."
    {
        return Text::new(
            format!("{zh_kind} `{path}` 的值不对，请按文档填写"),
            format!(
                "the {en_kind} `{path}` has a value of the wrong kind; see the API documentation"
            ),
        );
    }
    Text::new(
        "请求内容必须是一个 JSON 对象，字段见文档",
        "the request must be a JSON object with the documented fields",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_problems_name_the_field_and_no_types() {
        let missing = field_problem("missing field `page` at line 1 column 2", "字段", "field");
        assert_eq!(missing.en, "the field `page` is missing");
        let wrong = field_problem(
            "page: invalid type: integer `5`, expected a string at line 1 column 10",
            "字段",
            "field",
        );
        assert!(wrong.en.contains("`page`"), "{}", wrong.en);
        assert!(!wrong.en.contains("integer"));
        let top = field_problem(
            "invalid type: sequence, expected struct CommentInput at line 1 column 0",
            "字段",
            "field",
        );
        assert!(!top.en.contains("struct") && !top.zh.contains("struct"));
    }
}
