//! One Hexo post read: its front matter (BOMs, lenient dates in the site's zone, Hexo's
//! category lists), its name as `new_post_name` matches the file, and its asset folder.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::Value;

use super::urls::post_slug;
use crate::error::{ImportError, read};
use crate::model::Doc;
use crate::report::Report;
use crate::source::{self, text_of};
use crate::{dates, front};

pub(super) fn read_post(
    path: &Path,
    relative: &Path,
    shown: &Path,
    draft: bool,
    name_pattern: &str,
    zone: &TimeZone,
    report: &mut Report,
) -> Result<Doc, ImportError> {
    let raw = std::fs::read_to_string(path).map_err(read(path))?;
    let mut text = source::split(&raw);
    if let Some(error) = &text.front_error {
        Report::note(
            &mut report.front_matter,
            shown,
            format!("front matter unreadable ({error}); imported with none"),
        );
    }
    if text.boms > 1 {
        Report::note(
            &mut report.front_matter,
            shown,
            format!("{} byte order marks at the start, removed", text.boms),
        );
    }
    if draft {
        text.front.insert("draft".into(), Value::Bool(true));
    }
    let inside = relative.iter().skip(1).collect::<PathBuf>();
    let name = post_slug(name_pattern, &inside.to_string_lossy().replace('\\', "/"));
    let date = match text.front.get("date").and_then(text_of) {
        Some(value) => match dates::read(&value, zone) {
            Ok(read) => {
                if read.normalised {
                    Report::note(
                        &mut report.dates,
                        shown,
                        format!("date `{value}` → `{}`", dates::rfc3339(&read.zoned)),
                    );
                }
                Some(read.zoned)
            }
            Err(error) => {
                Report::note(
                    &mut report.front_matter,
                    shown,
                    format!("date dropped: {error}; the file's time is used"),
                );
                None
            }
        },
        None => None,
    };
    let date = date.or_else(|| {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        let zoned = jiff::Timestamp::try_from(modified)
            .ok()?
            .to_zoned_datetime(zone.clone());
        Report::note(
            &mut report.dates,
            shown,
            format!(
                "no date: the file's time `{}` is used, as Hexo did",
                dates::rfc3339(&zoned)
            ),
        );
        Some(zoned)
    });
    let tags = front::names(text.front.get("tags").or_else(|| text.front.get("tag")));
    let categories = hexo_categories(
        text.front
            .get("categories")
            .or_else(|| text.front.get("category")),
    );
    for level in categories
        .iter()
        .flatten()
        .filter(|level| level.contains('/'))
    {
        Report::note(
            &mut report.categories,
            shown,
            format!(
                "category `{level}`: a `/` separates levels in boke, so it is filed as `{}`",
                level.replace('/', "／")
            ),
        );
    }
    Ok(Doc {
        categories,
        tags,
        ..Doc::post(shown.to_path_buf(), text, date, name)
    })
}

/// Hexo categories: a list is one hierarchy; a list of lists, parallel hierarchies.
fn hexo_categories(value: Option<&Value>) -> Vec<Vec<String>> {
    match value {
        Some(Value::Array(items)) if items.iter().any(Value::is_array) => items
            .iter()
            .map(|item| front::names(Some(item)))
            .filter(|path| !path.is_empty())
            .collect(),
        Some(value) => {
            let path = front::names(Some(value));
            if path.is_empty() {
                Vec::new()
            } else {
                vec![path]
            }
        }
        None => Vec::new(),
    }
}
