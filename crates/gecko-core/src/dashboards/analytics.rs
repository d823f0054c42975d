//! Analytics of one community over a chosen period of local dates: contents created, publish
//! attempts and their success rate, by channel, by author and by category, a trend by day,
//! week or month, and the read/like/share/comment totals.
//!
//! Engagement figures are snapshots: a publish record may have several, collected over time,
//! and only its latest one counts, so collecting twice never doubles a total.

use super::{
    bucket_label, buckets, local_midnight, Buckets, Granularity, NamedCount, PUBLISHED_AT_SQL,
};
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::governance::time::community_timezone;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest period per granularity, so a chart never has thousands of bars.
const MAX_BUCKETS: usize = 400;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct AnalyticsQuery {
    pub community_id: i64,
    /// First local date of the period.
    pub from: NaiveDate,
    /// Last local date of the period (included).
    pub to: NaiveDate,
    pub granularity: Granularity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChannelStats {
    pub channel: String,
    pub attempts: i64,
    pub published: i64,
    pub failed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct TrendPoint {
    /// `2026-03` for a month, the first local day otherwise (weeks start on Monday).
    pub bucket: String,
    pub contents: i64,
    pub attempts: i64,
    pub published: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct Engagement {
    pub reads: i64,
    pub likes: i64,
    pub shares: i64,
    pub comments: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CommunityAnalytics {
    pub timezone: String,
    /// Contents created in the period.
    pub total_contents: i64,
    /// Publish records created in the period.
    pub publish_attempts: i64,
    pub published: i64,
    pub failed: i64,
    /// Published / attempts, 0 to 1 (0 without attempts).
    pub success_rate: f64,
    pub by_channel: Vec<ChannelStats>,
    /// Contents created in the period per author byline ("" when none), most first.
    pub by_author: Vec<NamedCount>,
    /// Contents created in the period per category ("" when none), most first.
    pub by_category: Vec<NamedCount>,
    pub trend: Vec<TrendPoint>,
    /// Latest snapshot of each publish record created in the period.
    pub engagement: Engagement,
}

fn named(rows: Vec<(String, i64)>) -> Vec<NamedCount> {
    let mut out: Vec<NamedCount> = rows
        .into_iter()
        .map(|(name, count)| NamedCount { name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    out
}

impl Core {
    pub async fn community_analytics(&self, query: AnalyticsQuery) -> Result<CommunityAnalytics> {
        let scope = self.scope_in(query.community_id).await?;
        let cid = scope.community_id;
        if query.to < query.from {
            return Err(CoreError::validation(
                "to",
                "The period must end on or after its first day.",
                "结束日期不能早于开始日期。",
            ));
        }
        let starts = buckets(query.from, query.to, query.granularity);
        if starts.len() > MAX_BUCKETS {
            return Err(CoreError::validation(
                "granularity",
                "That period has too many points for this grouping; group by week or month.",
                "该时间段按此粒度点数过多，请按周或按月统计。",
            ));
        }
        let tz = community_timezone(&self.db, cid).await?;
        let from = local_midnight(tz, query.from);
        let to = local_midnight(tz, query.to + Duration::days(1));
        let period = || crate::args![cid, from, to];

        let total_contents: i64 = self
            .db
            .scalar(
                "SELECT COUNT(*) FROM contents WHERE community_id = $1 \
                 AND created_at >= $2 AND created_at < $3",
                period(),
            )
            .await?;

        let channel_rows: Vec<(String, String, i64)> = self
            .db
            .fetch_all(
                "SELECT channel, status, COUNT(*) FROM publish_records WHERE community_id = $1 \
                 AND created_at >= $2 AND created_at < $3 GROUP BY channel, status",
                period(),
            )
            .await?;
        let mut by_channel: Vec<ChannelStats> = Vec::new();
        for (channel, status, n) in channel_rows {
            let i = match by_channel.iter().position(|c| c.channel == channel) {
                Some(i) => i,
                None => {
                    by_channel.push(ChannelStats {
                        channel,
                        attempts: 0,
                        published: 0,
                        failed: 0,
                    });
                    by_channel.len() - 1
                }
            };
            let c = &mut by_channel[i];
            c.attempts += n;
            match status.as_str() {
                "published" => c.published += n,
                "failed" => c.failed += n,
                _ => {}
            }
        }
        by_channel.sort_by(|a, b| b.attempts.cmp(&a.attempts).then(a.channel.cmp(&b.channel)));
        let publish_attempts = by_channel.iter().map(|c| c.attempts).sum::<i64>();
        let published = by_channel.iter().map(|c| c.published).sum::<i64>();
        let failed = by_channel.iter().map(|c| c.failed).sum::<i64>();
        let success_rate = if publish_attempts == 0 {
            0.0
        } else {
            published as f64 / publish_attempts as f64
        };

        let by_author = named(
            self.db
                .fetch_all(
                    "SELECT author, COUNT(*) FROM contents WHERE community_id = $1 \
                     AND created_at >= $2 AND created_at < $3 GROUP BY author",
                    period(),
                )
                .await?,
        );
        let by_category = named(
            self.db
                .fetch_all(
                    "SELECT category, COUNT(*) FROM contents WHERE community_id = $1 \
                     AND created_at >= $2 AND created_at < $3 GROUP BY category",
                    period(),
                )
                .await?,
        );

        // The trend: instants of the period, bucketed locally.
        let g = query.granularity;
        let trend_buckets = Buckets {
            community_id: cid,
            tz,
            starts: &starts,
            granularity: g,
            from,
            to,
        };
        let c = self
            .count_in_buckets(
                "SELECT created_at FROM contents WHERE community_id = $1 \
                 AND created_at >= $2 AND created_at < $3",
                &trend_buckets,
            )
            .await?;
        let a = self
            .count_in_buckets(
                "SELECT created_at FROM publish_records WHERE community_id = $1 \
                 AND created_at >= $2 AND created_at < $3",
                &trend_buckets,
            )
            .await?;
        let p = self
            .count_in_buckets(PUBLISHED_AT_SQL, &trend_buckets)
            .await?;
        let trend = starts
            .iter()
            .enumerate()
            .map(|(i, s)| TrendPoint {
                bucket: bucket_label(*s, g),
                contents: c[i],
                attempts: a[i],
                published: p[i],
            })
            .collect();

        let (reads, likes, shares, comments): (i64, i64, i64, i64) = self
            .db
            .fetch_one(
                "SELECT COALESCE(SUM(a.read_count), 0), COALESCE(SUM(a.like_count), 0), \
                        COALESCE(SUM(a.share_count), 0), COALESCE(SUM(a.comment_count), 0) \
                 FROM content_analytics a JOIN publish_records p ON p.id = a.publish_record_id \
                 WHERE p.community_id = $1 AND p.created_at >= $2 AND p.created_at < $3 \
                 AND NOT EXISTS (SELECT 1 FROM content_analytics later \
                     WHERE later.publish_record_id = a.publish_record_id \
                     AND (later.collected_at > a.collected_at \
                          OR (later.collected_at = a.collected_at AND later.id > a.id)))",
                period(),
            )
            .await?;

        Ok(CommunityAnalytics {
            timezone: tz.name().to_string(),
            total_contents,
            publish_attempts,
            published,
            failed,
            success_rate,
            by_channel,
            by_author,
            by_category,
            trend,
            engagement: Engagement {
                reads,
                likes,
                shares,
                comments,
            },
        })
    }
}
