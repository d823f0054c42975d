//! The content calendar: scheduled contents in a range, and moving one to another day.
//!
//! A day is a day in the community's time zone (settings `timezone`, Asia/Shanghai by default),
//! not in UTC: dragging a 09:30 article from Tuesday to Friday keeps it at 09:30 local time even
//! when a daylight-saving change lies between. A local time that does not exist on the new day
//! (the spring-forward gap) moves forward by the gap; one that exists twice (fall-back) takes
//! the earlier instant. An unscheduled content dropped on a day gets 09:00 local time.

use super::model::{ContentSummary, SummaryRow, SUMMARY_COLUMNS};
use super::{content_audit, load_meta, touch, Access, ContentView};
use crate::audit;
use crate::communities::DEFAULT_TIMEZONE;
use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;

/// A calendar view never spans more than this (a year plus a margin for week rows).
const RANGE_MAX_DAYS: i64 = 400;

/// The local time given to a content that had none when it was dropped on a day.
const DEFAULT_LOCAL_TIME: (u32, u32) = (9, 0);

/// `local` on `date` in `tz`, resolving DST gaps forward and overlaps to the earlier instant.
pub fn local_instant(tz: Tz, date: NaiveDate, local: NaiveTime) -> DateTime<Utc> {
    let naive = NaiveDateTime::new(date, local);
    let mut probe = naive;
    // A gap is at most a few hours long; step forward a minute-exact hour at a time.
    for _ in 0..4 {
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => return earlier.with_timezone(&Utc),
            LocalResult::None => probe += Duration::hours(1),
        }
    }
    // Unreachable for real zones; fall back to reading the wall time as UTC.
    Utc.from_utc_datetime(&naive)
}

impl Core {
    /// The community's time zone.
    pub(crate) async fn community_timezone(&self, community_id: i64) -> Result<Tz> {
        let name: Option<String> = self
            .db
            .scalar_optional(
                "SELECT settings ->> 'timezone' FROM communities WHERE id = $1",
                crate::args![community_id],
            )
            .await?
            .flatten();
        Ok(name
            .as_deref()
            .and_then(|n| n.parse::<Tz>().ok())
            .or_else(|| DEFAULT_TIMEZONE.parse::<Tz>().ok())
            .unwrap_or(chrono_tz::Asia::Shanghai))
    }

    /// Scheduled contents with `from <= scheduled_publish_at < to`, earliest first.
    pub async fn content_calendar(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ContentSummary>> {
        let scope = self.scope().await?;
        if to <= from || to - from > Duration::days(RANGE_MAX_DAYS) {
            return Err(CoreError::validation(
                "to",
                format!("Choose an end after the start, at most {RANGE_MAX_DAYS} days later."),
                format!("结束时间须晚于开始时间，且相差不超过 {RANGE_MAX_DAYS} 天。"),
            ));
        }
        let rows: Vec<SummaryRow> = self
            .db
            .fetch_all(
                &format!(
                    "SELECT {SUMMARY_COLUMNS} FROM contents c WHERE c.community_id = $1 \
                     AND c.scheduled_publish_at >= $2 AND c.scheduled_publish_at < $3 \
                     ORDER BY c.scheduled_publish_at, c.id"
                ),
                crate::args![scope.community_id, from, to],
            )
            .await?;
        rows.into_iter().map(SummaryRow::into_summary).collect()
    }

    /// Moves a content to another day of the community's calendar, keeping its local time.
    pub async fn reschedule_content(&self, id: i64, date: NaiveDate) -> Result<ContentView> {
        let scope = self.scope().await?;
        let date = crate::validate::date("date", date)?;
        let tz = self.community_timezone(scope.community_id).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (meta, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_edit())?;
        let local_time = match meta.scheduled_publish_at {
            Some(at) => at.with_timezone(&tz).time(),
            None => NaiveTime::from_hms_opt(DEFAULT_LOCAL_TIME.0, DEFAULT_LOCAL_TIME.1, 0)
                .unwrap_or_default(),
        };
        let at = local_instant(tz, date, local_time);
        if meta.scheduled_publish_at == Some(at) {
            drop(tx);
            return self.content_view(&scope, id).await;
        }
        tx.execute(
            "UPDATE contents SET scheduled_publish_at = $1 WHERE id = $2",
            crate::args![at, id],
        )
        .await?;
        touch(&mut tx, id, now).await?;
        audit::record(
            &mut tx,
            now,
            content_audit("reschedule_content", &scope, id).details(json!({
                "scheduled_publish_at": [meta.scheduled_publish_at, at],
                "timezone": tz.name(),
            })),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }
}
