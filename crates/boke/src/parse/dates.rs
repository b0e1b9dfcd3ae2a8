//! Reading dates written by people (front matter, file names) in the site's time zone.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Parses `2026-01-05`, `2026-01-05 10:30`, `2026-01-05T10:30:00` (site time zone) or any
/// RFC 3339 timestamp with an offset.
pub(crate) fn parse(text: &str, time_zone: &TimeZone) -> Result<ZonedDateTime, String> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Ok(timestamp.to_zoned_datetime(time_zone.clone()));
    }
    let civil = text
        .parse::<DateTime>()
        .or_else(|_| text.replacen(' ', "T", 1).parse::<DateTime>())
        .or_else(|_| {
            text.parse::<Date>()
                .map(|date| date.to_datetime(jiff::civil::Time::midnight()))
        });
    match civil {
        Ok(datetime) => datetime
            .to_zoned_datetime(time_zone.clone())
            .map_err(|error| format!("`{text}` does not exist in the site's time zone: {error}")),
        // The parser's own words (digits expected, bytes seen) say nothing a writer can use.
        Err(_) => Err(format!("`{text}` is not a date")),
    }
}

/// The `YYYY-MM-DD` prefix of a file name such as `2026-01-05-hello.md`, and the rest.
pub(crate) fn split_date_prefix(stem: &str) -> Option<(Date, &str)> {
    let prefix = stem.get(..10)?;
    let date = prefix.parse::<Date>().ok()?;
    let rest = stem[10..].trim_start_matches(['-', '_']);
    Some((date, rest))
}

/// RFC 3339 with the zone's offset, e.g. `2026-01-05T00:00:00+08:00`.
pub(crate) fn rfc3339(zoned: &ZonedDateTime) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// RFC 2822, as RSS wants it.
pub(crate) fn rfc2822(zoned: &ZonedDateTime) -> String {
    zoned.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap_or(TimeZone::UTC)
    }

    #[test]
    fn plain_date_is_midnight_in_site_zone() {
        let zoned = parse("2026-01-05", &shanghai()).ok();
        assert_eq!(
            zoned.map(|z| rfc3339(&z)).as_deref(),
            Some("2026-01-05T00:00:00+08:00")
        );
    }

    #[test]
    fn date_time_with_space() {
        let zoned = parse("2026-01-05 10:30", &shanghai()).ok();
        assert_eq!(
            zoned.map(|z| rfc3339(&z)).as_deref(),
            Some("2026-01-05T10:30:00+08:00")
        );
    }

    #[test]
    fn offset_is_kept_as_instant() {
        let zoned = parse("2026-01-05T00:00:00Z", &shanghai()).ok();
        assert_eq!(
            zoned.map(|z| rfc3339(&z)).as_deref(),
            Some("2026-01-05T08:00:00+08:00")
        );
    }

    #[test]
    fn rfc2822_for_rss() {
        let zoned = parse("2026-01-05", &shanghai()).ok();
        assert_eq!(
            zoned.map(|z| rfc2822(&z)).as_deref(),
            Some("Mon, 05 Jan 2026 00:00:00 +0800")
        );
    }

    #[test]
    fn bad_dates_are_rejected() {
        assert!(parse("2026-13-45", &shanghai()).is_err());
        assert!(parse("yesterday", &shanghai()).is_err());
    }

    #[test]
    fn file_name_prefix() {
        let split = split_date_prefix("2026-01-05-2026-ai-trends");
        assert_eq!(
            split.map(|(d, rest)| (d.to_string(), rest.to_owned())),
            Some(("2026-01-05".to_owned(), "2026-ai-trends".to_owned()))
        );
        assert!(split_date_prefix("hello").is_none());
    }
}
