//! Analytics over a period, bucketed by local days, weeks and months.

use super::*;

#[tokio::test]
async fn analytics_over_a_period_with_local_buckets() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let q = |g, from, to| AnalyticsQuery {
            community_id: w.a,
            from: day(from),
            to: day(to),
            granularity: g,
        };
        let m = w
            .bob
            .community_analytics(q(Granularity::Month, "2026-03-01", "2026-04-30"))
            .await
            .unwrap();
        assert_eq!(m.total_contents, 5);
        assert_eq!((m.publish_attempts, m.published, m.failed), (4, 2, 1));
        assert!((m.success_rate - 0.5).abs() < 1e-9);
        let channels: Vec<(&str, i64, i64, i64)> = m
            .by_channel
            .iter()
            .map(|c| (c.channel.as_str(), c.attempts, c.published, c.failed))
            .collect();
        assert_eq!(
            channels,
            [("wechat", 2, 1, 1), ("csdn", 1, 0, 0), ("hugo", 1, 1, 0)]
        );
        assert_eq!(m.by_author, named(&[("Ann", 3), ("Ben", 2)]));
        assert_eq!(
            m.by_category,
            named(&[("news", 3), ("", 1), ("release", 1)])
        );
        let trend: Vec<(&str, i64, i64, i64)> = m
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts, p.published))
            .collect();
        assert_eq!(trend, [("2026-03", 2, 1, 1), ("2026-04", 3, 3, 1)]);
        assert_eq!(
            (
                m.engagement.reads,
                m.engagement.likes,
                m.engagement.shares,
                m.engagement.comments
            ),
            (190, 16, 9, 2)
        );

        let d = w
            .bob
            .community_analytics(q(Granularity::Day, "2026-03-31", "2026-04-01"))
            .await
            .unwrap();
        let trend: Vec<(&str, i64, i64, i64)> = d
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts, p.published))
            .collect();
        assert_eq!(trend, [("2026-03-31", 1, 1, 1), ("2026-04-01", 1, 1, 1)]);

        let wk = w
            .bob
            .community_analytics(q(Granularity::Week, "2026-04-01", "2026-04-12"))
            .await
            .unwrap();
        let trend: Vec<(&str, i64, i64)> = wk
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts))
            .collect();
        assert_eq!(trend, [("2026-03-30", 3, 2), ("2026-04-06", 0, 1)]);
        assert_eq!(wk.total_contents, 3);

        // An empty period gives zeros, not a division by zero.
        let none = w
            .bob
            .community_analytics(q(Granularity::Month, "2024-01-01", "2024-01-31"))
            .await
            .unwrap();
        assert_eq!((none.publish_attempts, none.success_rate), (0, 0.0));

        assert_eq!(
            code(
                w.carl
                    .community_analytics(q(Granularity::Month, "2026-03-01", "2026-04-30"))
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.bob
                    .community_analytics(q(Granularity::Month, "2026-04-30", "2026-03-01"))
                    .await
            ),
            ErrorCode::Validation
        );
        assert_eq!(
            code(
                w.bob
                    .community_analytics(q(Granularity::Day, "2020-01-01", "2026-01-01"))
                    .await
            ),
            ErrorCode::Validation
        );
    })
    .await;
}
