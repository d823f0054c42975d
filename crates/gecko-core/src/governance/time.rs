//! Meeting times: stored as UTC instants, entered and shown in the community's time zone.
//!
//! A start time is accepted in two forms: an RFC 3339 instant with an offset
//! (`2026-03-10T14:00:00+08:00`, taken as is), or a local date-time without offset
//! (`2026-03-10T14:00` or `2026-03-10 14:00`), read as wall-clock time in the community's time
//! zone (settings key `timezone`, default Asia/Shanghai). A local time that falls into a
//! daylight-saving gap does not exist and is refused; one that occurs twice (the hour repeated
//! when clocks go back) means the first occurrence.

use crate::communities::DEFAULT_TIMEZONE;
use crate::db::Db;
use crate::error::{CoreError, Result};
use chrono::{DateTime, LocalResult, NaiveDateTime, SecondsFormat, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;

const LOCAL_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
];

/// The community's time zone; an unset or unknown value falls back to the default.
pub async fn community_timezone(db: &Db, community_id: i64) -> Result<Tz> {
    let name: Option<Option<String>> = db
        .scalar_optional(
            "SELECT settings ->> 'timezone' FROM communities WHERE id = $1",
            crate::args![community_id],
        )
        .await?;
    Ok(parse_timezone(name.flatten().as_deref()))
}

pub(crate) fn parse_timezone(name: Option<&str>) -> Tz {
    name.and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or_else(|| DEFAULT_TIMEZONE.parse().unwrap_or(Tz::Asia__Shanghai))
}

/// Reads a start time typed by a person (see the module docs for the accepted forms).
pub fn parse_start(field: &str, input: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let input = input.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(input) {
        return crate::validate::instant(field, instant.with_timezone(&Utc).trunc_subsecs(6));
    }
    let naive = LOCAL_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())
        .ok_or_else(|| {
            CoreError::validation(
                field,
                "Enter the start as a date and time, like 2026-03-10 14:00.",
                "请按“2026-03-10 14:00”的格式填写开始时间。",
            )
        })?;
    let start = match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => Err(CoreError::validation(
            field,
            format!(
                "{input} does not exist in {} (the clocks jump forward then); pick another time.",
                tz.name()
            ),
            format!(
                "{input} 在 {} 因夏令时调整而不存在，请选择其他时间。",
                tz.name()
            ),
        ))?,
    };
    crate::validate::instant(field, start.with_timezone(&Utc).trunc_subsecs(6))
}

/// An instant as ISO 8601 text with the community's offset, e.g. `2026-03-10T14:00:00+08:00`.
pub fn local_text(instant: DateTime<Utc>, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_follow_the_zone_and_its_clock_changes() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let sh: Tz = "Asia/Shanghai".parse().unwrap();
        let t = parse_start("s", "2026-03-10 14:00", sh).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-10T06:00:00+00:00");
        assert_eq!(local_text(t, sh), "2026-03-10T14:00:00+08:00");
        // Before and after the 2026-03-08 change in New York.
        let before = parse_start("s", "2026-03-07T10:00", ny).unwrap();
        let after = parse_start("s", "2026-03-09T10:00", ny).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-07T15:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-03-09T14:00:00+00:00");
        // The skipped hour is refused; the repeated one means the first.
        assert!(parse_start("s", "2026-03-08 02:30", ny).is_err());
        let repeated = parse_start("s", "2026-11-01 01:30", ny).unwrap();
        assert_eq!(repeated.to_rfc3339(), "2026-11-01T05:30:00+00:00");
        // An instant with an offset is taken as is.
        let exact = parse_start("s", "2026-03-10T14:00:00+09:00", ny).unwrap();
        assert_eq!(exact.to_rfc3339(), "2026-03-10T05:00:00+00:00");
        assert!(parse_start("s", "next tuesday", sh).is_err());
    }

    #[test]
    fn a_missing_or_unknown_zone_means_shanghai() {
        assert_eq!(parse_timezone(None), Tz::Asia__Shanghai);
        assert_eq!(parse_timezone(Some("Mars/Olympus")), Tz::Asia__Shanghai);
        assert_eq!(parse_timezone(Some("Europe/Berlin")), Tz::Europe__Berlin);
    }
}
