//! The community overview, the page a community's admin lands on: counts, the publishing trend
//! of the last 12 calendar months in the community's time zone, recent contents, upcoming
//! meetings, and a calendar of scheduled contents, publications and meetings.

use super::{buckets, local_midnight, Buckets, Granularity, NamedCount, PUBLISHED_AT_SQL};
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::governance::time::community_timezone;
use chrono::{DateTime, Datelike, Months, Utc};
use serde::{Deserialize, Serialize};

/// How many recent contents and upcoming meetings the overview lists.
const LIST_LENGTH: i64 = 8;
/// A calendar range longer than this is refused (a month view spans six weeks).
const CALENDAR_MAX_DAYS: i64 = 62;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct ContentStatusCounts {
    pub draft: i64,
    pub reviewing: i64,
    pub approved: i64,
    pub published: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct RecentContent {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UpcomingMeeting {
    pub id: i64,
    pub title: String,
    pub committee_name: String,
    pub scheduled_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CommunityOverview {
    pub community_id: i64,
    pub timezone: String,
    pub contents: ContentStatusCounts,
    pub members: i64,
    pub committees: i64,
    /// Meetings not started yet and not cancelled.
    pub upcoming_meeting_count: i64,
    /// Enabled channels, in the order wechat, hugo, csdn, zhihu.
    pub enabled_channels: Vec<String>,
    /// Published records per channel (every channel with at least one).
    pub published_by_channel: Vec<NamedCount>,
    /// Publications per local calendar month, the last 12 months, oldest first (`2026-03`).
    pub monthly_published: Vec<NamedCount>,
    pub recent_contents: Vec<RecentContent>,
    pub upcoming_meetings: Vec<UpcomingMeeting>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    ScheduledContent,
    Publication,
    Meeting,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CalendarEvent {
    pub kind: CalendarKind,
    /// The content's id (for scheduled contents and publications) or the meeting's.
    pub id: i64,
    pub title: String,
    pub at: DateTime<Utc>,
    /// The channel of a publication.
    pub channel: Option<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct CalendarRange {
    pub community_id: i64,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

const CHANNEL_ORDER: [&str; 4] = ["wechat", "hugo", "csdn", "zhihu"];

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    id: i64,
    title: String,
    at: DateTime<Utc>,
    channel: Option<String>,
}

impl Core {
    pub async fn community_overview(&self, community_id: i64) -> Result<CommunityOverview> {
        let scope = self.scope_in(community_id).await?;
        let cid = scope.community_id;
        let tz = community_timezone(&self.db, cid).await?;
        let now = self.now();

        let mut contents = ContentStatusCounts::default();
        let by_status: Vec<(String, i64)> = self
            .db
            .fetch_all(
                "SELECT status, COUNT(*) FROM contents WHERE community_id = $1 GROUP BY status",
                crate::args![cid],
            )
            .await?;
        for (status, n) in by_status {
            match status.as_str() {
                "draft" => contents.draft = n,
                "reviewing" => contents.reviewing = n,
                "approved" => contents.approved = n,
                "published" => contents.published = n,
                _ => {}
            }
        }

        let (members, committees, upcoming_meeting_count): (i64, i64, i64) = self
            .db
            .fetch_one(
                "SELECT (SELECT COUNT(*) FROM community_users WHERE community_id = $1), \
                 (SELECT COUNT(*) FROM committees WHERE community_id = $1), \
                 (SELECT COUNT(*) FROM meetings WHERE community_id = $1 AND scheduled_at >= $2 \
                  AND status <> 'cancelled')",
                crate::args![cid, now],
            )
            .await?;

        let mut enabled: Vec<String> = self
            .db
            .fetch_all::<(String,)>(
                "SELECT channel FROM channel_configs WHERE community_id = $1 AND enabled",
                crate::args![cid],
            )
            .await?
            .into_iter()
            .map(|(c,)| c)
            .collect();
        enabled.sort_by_key(|c| CHANNEL_ORDER.iter().position(|o| o == c));

        let mut published_by_channel: Vec<NamedCount> = self
            .db
            .fetch_all::<(String, i64)>(
                "SELECT channel, COUNT(*) FROM publish_records WHERE community_id = $1 \
                 AND status = 'published' GROUP BY channel",
                crate::args![cid],
            )
            .await?
            .into_iter()
            .map(|(name, count)| NamedCount { name, count })
            .collect();
        published_by_channel.sort_by_key(|c| CHANNEL_ORDER.iter().position(|o| *o == c.name));

        // The 12 local calendar months ending with the current one.
        let this_month = now
            .with_timezone(&tz)
            .date_naive()
            .with_day(1)
            .unwrap_or_default();
        let first = this_month
            .checked_sub_months(Months::new(11))
            .unwrap_or(this_month);
        let starts = buckets(first, this_month, Granularity::Month);
        let end = this_month
            .checked_add_months(Months::new(1))
            .unwrap_or(this_month);
        let counts = self
            .count_in_buckets(
                PUBLISHED_AT_SQL,
                &Buckets {
                    community_id: cid,
                    tz,
                    starts: &starts,
                    granularity: Granularity::Month,
                    from: local_midnight(tz, first),
                    to: local_midnight(tz, end),
                },
            )
            .await?;
        let monthly_published = starts
            .iter()
            .zip(counts)
            .map(|(s, count)| NamedCount {
                name: s.format("%Y-%m").to_string(),
                count,
            })
            .collect();

        let recent: Vec<(i64, String, String, DateTime<Utc>)> = self
            .db
            .fetch_all(
                "SELECT id, title, status, updated_at FROM contents WHERE community_id = $1 \
                 ORDER BY updated_at DESC, id DESC LIMIT $2",
                crate::args![cid, LIST_LENGTH],
            )
            .await?;
        let upcoming: Vec<(i64, String, String, DateTime<Utc>)> = self
            .db
            .fetch_all(
                "SELECT m.id, m.title, c.name, m.scheduled_at FROM meetings m \
                 JOIN committees c ON c.id = m.committee_id WHERE m.community_id = $1 \
                 AND m.scheduled_at >= $2 AND m.status <> 'cancelled' \
                 ORDER BY m.scheduled_at, m.id LIMIT $3",
                crate::args![cid, now, LIST_LENGTH],
            )
            .await?;

        Ok(CommunityOverview {
            community_id: cid,
            timezone: tz.name().to_string(),
            contents,
            members,
            committees,
            upcoming_meeting_count,
            enabled_channels: enabled,
            published_by_channel,
            monthly_published,
            recent_contents: recent
                .into_iter()
                .map(|(id, title, status, updated_at)| RecentContent {
                    id,
                    title,
                    status,
                    updated_at,
                })
                .collect(),
            upcoming_meetings: upcoming
                .into_iter()
                .map(
                    |(id, title, committee_name, scheduled_at)| UpcomingMeeting {
                        id,
                        title,
                        committee_name,
                        scheduled_at,
                    },
                )
                .collect(),
        })
    }

    /// Scheduled contents, publications and meetings of a community in `[from, to)`.
    pub async fn overview_calendar(&self, range: CalendarRange) -> Result<Vec<CalendarEvent>> {
        let scope = self.scope_in(range.community_id).await?;
        if range.to <= range.from || (range.to - range.from).num_days() > CALENDAR_MAX_DAYS {
            return Err(CoreError::validation(
                "to",
                "Choose a range of at most two months, ending after it starts.",
                "请选择不超过两个月、结束晚于开始的时间范围。",
            ));
        }
        let rows: Vec<EventRow> = self
            .db
            .fetch_all(
                "SELECT 'scheduled_content' AS kind, id, title, scheduled_publish_at AS at, \
                        CAST(NULL AS TEXT) AS channel \
                 FROM contents WHERE community_id = $1 AND scheduled_publish_at >= $2 \
                 AND scheduled_publish_at < $3 \
                 UNION ALL \
                 SELECT 'publication' AS kind, c.id, c.title, p.published_at AS at, p.channel \
                 FROM publish_records p JOIN contents c ON c.id = p.content_id \
                 WHERE p.community_id = $1 AND p.status = 'published' AND p.published_at >= $2 \
                 AND p.published_at < $3 \
                 UNION ALL \
                 SELECT 'meeting' AS kind, id, title, scheduled_at AS at, CAST(NULL AS TEXT) AS channel \
                 FROM meetings WHERE community_id = $1 AND scheduled_at >= $2 \
                 AND scheduled_at < $3 AND status <> 'cancelled' \
                 ORDER BY at, kind, id",
                crate::args![scope.community_id, range.from, range.to],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CalendarEvent {
                kind: match r.kind.as_str() {
                    "publication" => CalendarKind::Publication,
                    "meeting" => CalendarKind::Meeting,
                    _ => CalendarKind::ScheduledContent,
                },
                id: r.id,
                title: r.title,
                at: r.at,
                channel: r.channel,
            })
            .collect())
    }
}
