//! The JSON shapes comment exports come in, read into one list of records: an array,
//! LeanCloud's `{"results": […]}`, Waline's `{"data": {"Comment": […], "Counter": […]}}`, or
//! JSON lines (one object per line, as LeanCloud's console and Twikoo's database dumps write).

use serde_json::Value;

use super::ImportError;

/// Every record of a JSON export, whatever its shape.
pub(super) fn records(text: &str) -> Result<Vec<Value>, ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let whole = serde_json::from_str::<Value>(trimmed);
    let value = match whole {
        Ok(value) => value,
        Err(error) if trimmed.starts_with('{') && trimmed.lines().count() > 1 => {
            // JSON lines; an error names its own line, not the first object's.
            let mut items = Vec::new();
            for (number, line) in trimmed.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let item = serde_json::from_str(line).map_err(|line_error| {
                    if number == 0 {
                        ImportError::Json(error.to_string())
                    } else {
                        ImportError::Json(format!(
                            "line {}: {line_error} (read as JSON lines)",
                            number + 1
                        ))
                    }
                })?;
                items.push(item);
            }
            return Ok(items);
        }
        Err(error) => return Err(ImportError::Json(error.to_string())),
    };
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut object) => {
            if let Some(Value::Array(items)) = object.remove("results") {
                return Ok(items);
            }
            match object.remove("data") {
                Some(Value::Array(items)) => Ok(items),
                // Waline: a table per class; users carry no comments.
                Some(Value::Object(tables)) => Ok(tables
                    .into_iter()
                    .filter(|(class, _)| class != "Users" && class != "_User")
                    .filter_map(|(_, table)| match table {
                        Value::Array(items) => Some(items),
                        _ => None,
                    })
                    .flatten()
                    .collect()),
                _ => Ok(vec![Value::Object(object)]),
            }
        }
        _ => Err(ImportError::Shape(
            "a JSON array, an object with `results` or `data`, or JSON lines",
        )),
    }
}

/// The text of `key`, when it is a non-blank string.
pub(super) fn text(item: &Value, key: &str) -> Option<String> {
    item.get(key)
        .and_then(Value::as_str)
        .filter(|value| !value.trim().is_empty())
        .map(str::to_owned)
}

/// An identifier that may be a string, a number, or MongoDB's `{"$oid": …}`.
pub(super) fn identifier(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        Value::Object(object) => object
            .get("$oid")
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// A page counter: `url` and a numeric `time` (LeanCloud's and Twikoo's `Counter`), or
/// `views`/`pv`; comments never have these without a `comment`.
pub(super) fn counter(item: &Value) -> Option<(String, i64)> {
    if item.get("comment").is_some() || item.get("content").is_some() {
        return None;
    }
    let url = text(item, "url").or_else(|| text(item, "path"))?;
    let views = ["time", "views", "pv"]
        .iter()
        .find_map(|key| match item.get(*key)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        })?;
    Some((url, views.max(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_gives_the_same_records() {
        let want = 2;
        for text in [
            r#"[{"a":1},{"a":2}]"#,
            r#"{"results":[{"a":1},{"a":2}]}"#,
            r#"{"data":{"Comment":[{"a":1}],"Counter":[{"a":2}],"Users":[{"u":1}]}}"#,
            "{\"a\":1}\n\n{\"a\":2}\n",
            "\u{feff}[{\"a\":1},{\"a\":2}]",
        ] {
            assert_eq!(records(text).unwrap().len(), want, "{text}");
        }
    }

    #[test]
    fn a_broken_json_line_is_named() {
        let error = records("{\"a\":1}\n{\"a\":\n{\"a\":3}\n").unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn counters_are_told_from_comments() {
        let counter_record = serde_json::json!({"url": "/a/", "time": 12});
        assert_eq!(counter(&counter_record), Some(("/a/".into(), 12)));
        let comment_record = serde_json::json!({"url": "/a/", "time": 12, "comment": "x"});
        assert_eq!(counter(&comment_record), None);
        assert_eq!(
            identifier(Some(&serde_json::json!({"$oid": "65ab"}))),
            Some("65ab".into())
        );
    }
}
