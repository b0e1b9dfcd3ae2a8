//! Dates as the old engines read them: Hexo's lenient forms (`2022-05-1 18:30:48`, seconds
//! past 59 rolling over) in the site's time zone, Hugo's RFC 3339 with UTC as its default.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp, ZonedDateTime};

/// A date read from front matter, and whether its text was not in a form boke reads as it is.
#[derive(Debug, Clone)]
pub(crate) struct ReadDate {
    pub(crate) zoned: ZonedDateTime,
    pub(crate) normalised: bool,
}

/// Reads `text` in `zone` when it has no offset of its own.
pub(crate) fn read(text: &str, zone: &TimeZone) -> Result<ReadDate, String> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Ok(ReadDate {
            zoned: timestamp.to_zoned_datetime(zone.clone()),
            normalised: false,
        });
    }
    let strict = text
        .parse::<DateTime>()
        .or_else(|_| text.replacen(' ', "T", 1).parse::<DateTime>())
        .or_else(|_| {
            text.parse::<Date>()
                .map(|d| d.to_datetime(Time::midnight()))
        });
    if let Ok(civil) = strict {
        return civil
            .to_zoned_datetime(zone.clone())
            .map(|zoned| ReadDate {
                zoned,
                normalised: false,
            })
            .map_err(|e| e.to_string());
    }
    lenient(text, zone).map(|zoned| ReadDate {
        zoned,
        normalised: true,
    })
}

/// Numbers in order (year, month, day, hour, minute, second), then an optional offset.
fn lenient(text: &str, zone: &TimeZone) -> Result<ZonedDateTime, String> {
    let not_a_date = || format!("`{text}` is not a date");
    let (main, offset) = split_offset(text);
    let numbers: Vec<i64> = main
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<i64>().map_err(|_| not_a_date()))
        .collect::<Result<_, _>>()?;
    if numbers.len() < 3 {
        return Err(not_a_date());
    }
    let year = i16::try_from(numbers[0]).map_err(|_| not_a_date())?;
    let month = i8::try_from(numbers[1]).map_err(|_| not_a_date())?;
    let day = i8::try_from(numbers[2]).map_err(|_| not_a_date())?;
    let date = Date::new(year, month, day).map_err(|e| format!("`{text}`: {e}"))?;
    let at = |index: usize| numbers.get(index).copied().unwrap_or(0);
    let span = Span::new()
        .try_hours(at(3))
        .and_then(|s| s.try_minutes(at(4)))
        .and_then(|s| s.try_seconds(at(5)))
        .map_err(|e| format!("`{text}`: {e}"))?;
    let civil = date
        .to_datetime(Time::midnight())
        .checked_add(span)
        .map_err(|e| format!("`{text}`: {e}"))?;
    match offset {
        Some(offset) => civil
            .to_zoned_datetime(TimeZone::fixed(offset))
            .map(|z| z.with_time_zone(zone.clone()))
            .map_err(|e| e.to_string()),
        None => civil
            .to_zoned_datetime(zone.clone())
            .map_err(|e| e.to_string()),
    }
}

/// `…Z`, `…+08:00`, `… +0800` split off the end.
fn split_offset(text: &str) -> (&str, Option<Offset>) {
    if let Some(main) = text.strip_suffix(['Z', 'z']) {
        return (main, Some(Offset::UTC));
    }
    let Some(sign_at) = text.rfind(['+', '-']) else {
        return (text, None);
    };
    let tail = &text[sign_at + 1..];
    let digits: String = tail.chars().filter(char::is_ascii_digit).collect();
    // A date's own dashes (`2022-05-01`) are followed by more than an offset's four digits.
    if !(tail.len() <= 5 && digits.len() == 4 && text[..sign_at].contains(':')) {
        return (text, None);
    }
    let hours: i32 = digits[..2].parse().unwrap_or(0);
    let minutes: i32 = digits[2..].parse().unwrap_or(0);
    let seconds = (hours * 3600 + minutes * 60)
        * if text[sign_at..].starts_with('-') {
            -1
        } else {
            1
        };
    match Offset::from_seconds(seconds) {
        Ok(offset) => (text[..sign_at].trim_end(), Some(offset)),
        Err(_) => (text, None),
    }
}

/// The offset written in a date's text (`…+08:00`, `…Z`), if any.
pub(crate) fn written_offset(text: &str) -> Option<Offset> {
    split_offset(text.trim()).1
}

/// RFC 3339 with the zone's offset, as boke reads it.
pub(crate) fn rfc3339(zoned: &ZonedDateTime) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap_or(TimeZone::UTC)
    }

    fn show(text: &str) -> (String, bool) {
        match read(text, &shanghai()) {
            Ok(date) => (rfc3339(&date.zoned), date.normalised),
            Err(error) => (error, false),
        }
    }

    #[test]
    fn plain_forms_in_the_site_zone() {
        assert_eq!(
            show("2020-01-02 03:04:05"),
            ("2020-01-02T03:04:05+08:00".into(), false)
        );
        assert_eq!(
            show("2020-01-02"),
            ("2020-01-02T00:00:00+08:00".into(), false)
        );
        assert_eq!(
            show("2020-01-02T03:04:05Z"),
            ("2020-01-02T11:04:05+08:00".into(), false)
        );
    }

    #[test]
    fn lenient_forms_are_normalised() {
        assert_eq!(
            show("2022-05-1 18:30:48"),
            ("2022-05-01T18:30:48+08:00".into(), true)
        );
        assert_eq!(
            show("2021-3-4 21:43:79"),
            ("2021-03-04T21:44:19+08:00".into(), true)
        );
        assert_eq!(
            show("2021/03/04 9:05"),
            ("2021-03-04T09:05:00+08:00".into(), true)
        );
        assert_eq!(
            show("2021-3-4 10:00:00 +0000"),
            ("2021-03-04T18:00:00+08:00".into(), true)
        );
        assert!(read("soon", &shanghai()).is_err());
        assert!(read("2021-02-30", &shanghai()).is_err());
    }
}
