//! Dashboards: the read side across contents, publishing, governance and the audit log.
//!
//! Every figure here is counted in the database or, for time buckets, from instants fetched for
//! one community and period. Buckets (day, ISO week, month) are local to the community's time
//! zone; their UTC boundaries are computed in Rust with chrono-tz, so a month that starts on a
//! daylight-saving day still starts at local midnight, on both backends alike.
//!
//! Each command names the community it reads (`community_id`), so the UI can ask for any
//! community the user belongs to; another community is "not found".

pub mod analytics;
pub mod audit_log;
pub mod my_work;
pub mod overview;
pub mod workload;

use crate::core::{Core, Scope};
use crate::error::Result;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How a trend groups time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Week,
    Month,
}

/// One labelled number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct NamedCount {
    pub name: String,
    pub count: i64,
}

impl Core {
    /// The actor inside `community_id` (member or admin), or "not found".
    pub(crate) async fn scope_in(&self, community_id: i64) -> Result<Scope> {
        let actor = self.actor().await?;
        let role = self.role_in(&actor, community_id).await?;
        Ok(Scope {
            actor,
            community_id,
            role,
        })
    }
}

/// The instant local midnight of `date` happens in `tz` (the first such instant when the day
/// starts twice; the first instant after the gap when midnight does not exist).
pub(crate) fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut naive = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..4 {
        match tz.from_local_datetime(&naive) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => return t.with_timezone(&Utc),
            LocalResult::None => naive += Duration::minutes(30),
        }
    }
    Utc.from_utc_datetime(&naive)
}

/// The first day of the bucket that `date` falls in.
pub(crate) fn bucket_start(date: NaiveDate, granularity: Granularity) -> NaiveDate {
    match granularity {
        Granularity::Day => date,
        Granularity::Week => {
            date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
        }
        Granularity::Month => date.with_day(1).unwrap_or(date),
    }
}

/// The first day of the bucket after the one starting at `start`.
pub(crate) fn next_bucket(start: NaiveDate, granularity: Granularity) -> NaiveDate {
    match granularity {
        Granularity::Day => start + Duration::days(1),
        Granularity::Week => start + Duration::days(7),
        Granularity::Month => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start),
    }
}

/// The label of a bucket: `2026-03` for a month, the first day otherwise.
pub(crate) fn bucket_label(start: NaiveDate, granularity: Granularity) -> String {
    match granularity {
        Granularity::Month => start.format("%Y-%m").to_string(),
        _ => start.format("%Y-%m-%d").to_string(),
    }
}

/// Local buckets covering the dates `from..=to`: their start dates, in order.
pub(crate) fn buckets(from: NaiveDate, to: NaiveDate, granularity: Granularity) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut start = bucket_start(from, granularity);
    while start <= to {
        out.push(start);
        start = next_bucket(start, granularity);
    }
    out
}

/// Counts `instants` into the buckets starting at `starts` (local dates in `tz`); instants
/// outside every bucket are ignored.
pub(crate) fn count_into(
    tz: Tz,
    starts: &[NaiveDate],
    granularity: Granularity,
    instants: &[DateTime<Utc>],
) -> Vec<i64> {
    let mut counts = vec![0; starts.len()];
    for t in instants {
        let local = t.with_timezone(&tz).date_naive();
        let start = bucket_start(local, granularity);
        if let Ok(i) = starts.binary_search(&start) {
            counts[i] += 1;
        }
    }
    counts
}

/// Published records of a community in a period, by the time they were published.
pub(crate) const PUBLISHED_AT_SQL: &str = "SELECT published_at FROM publish_records \
     WHERE community_id = $1 AND status = 'published' AND published_at >= $2 \
     AND published_at < $3";

/// A community's local buckets and the instants a trend counts into them.
pub(crate) struct Buckets<'a> {
    pub community_id: i64,
    pub tz: Tz,
    pub starts: &'a [NaiveDate],
    pub granularity: Granularity,
    /// The instants `[from, to)` the queries select.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Core {
    /// Runs `sql` (one instant column; `$1` community, `$2`..`$3` the period) and counts the
    /// instants into `buckets`.
    pub(crate) async fn count_in_buckets(&self, sql: &str, b: &Buckets<'_>) -> Result<Vec<i64>> {
        let rows: Vec<(DateTime<Utc>,)> = self
            .db
            .fetch_all(sql, crate::args![b.community_id, b.from, b.to])
            .await?;
        let instants: Vec<DateTime<Utc>> = rows.into_iter().map(|(t,)| t).collect();
        Ok(count_into(b.tz, b.starts, b.granularity, &instants))
    }
}
