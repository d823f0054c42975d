//! The community overview and its calendar, in the community's time zone.

use super::*;

#[tokio::test]
async fn overview_counts_and_the_12_months_are_in_the_communitys_time_zone() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let o = w.alice.community_overview(w.a).await.unwrap();
        assert_eq!(o.timezone, "Asia/Shanghai");
        assert_eq!(
            (
                o.contents.draft,
                o.contents.reviewing,
                o.contents.approved,
                o.contents.published
            ),
            (1, 1, 1, 2)
        );
        assert_eq!(
            (o.members, o.committees, o.upcoming_meeting_count),
            (3, 1, 1)
        );
        assert_eq!(o.enabled_channels, ["wechat", "hugo"]);
        assert_eq!(
            o.published_by_channel,
            named(&[("wechat", 1), ("hugo", 2), ("csdn", 1), ("zhihu", 1)])
        );
        assert_eq!(
            o.monthly_published,
            named(&[
                ("2025-05", 2),
                ("2025-06", 0),
                ("2025-07", 0),
                ("2025-08", 0),
                ("2025-09", 0),
                ("2025-10", 0),
                ("2025-11", 0),
                ("2025-12", 0),
                ("2026-01", 0),
                ("2026-02", 0),
                ("2026-03", 1),
                ("2026-04", 1),
            ])
        );
        let recent: Vec<&str> = o.recent_contents.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(recent, ["A2", "A1", "A5", "A4", "A3"]);
        let upcoming: Vec<&str> = o
            .upcoming_meetings
            .iter()
            .map(|m| m.title.as_str())
            .collect();
        assert_eq!(upcoming, ["M1"]);

        // Berlin: 23:30 on 31 March (summer time) is March, 00:30 on 1 April is April.
        let ob = w.bob.community_overview(w.b).await.unwrap();
        let last2: Vec<_> = ob.monthly_published[10..].to_vec();
        assert_eq!(last2, named(&[("2026-03", 1), ("2026-04", 1)]));
        assert_eq!(ob.monthly_published.iter().map(|m| m.count).sum::<i64>(), 2);
        assert_eq!(
            (ob.contents.draft, ob.contents.published, ob.members),
            (1, 1, 3)
        );
        assert!(ob.enabled_channels.is_empty());

        // Nobody sees another community's numbers.
        assert_eq!(
            code(w.carl.community_overview(w.a).await),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(w.alice.community_overview(w.b).await),
            ErrorCode::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn calendar_shows_scheduled_contents_publications_and_meetings() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let events = w
            .alice
            .overview_calendar(CalendarRange {
                community_id: w.a,
                from: at("2026-03-31T00:00:00Z"),
                to: at("2026-04-30T00:00:00Z"),
            })
            .await
            .unwrap();
        let seen: Vec<(CalendarKind, &str)> =
            events.iter().map(|e| (e.kind, e.title.as_str())).collect();
        assert_eq!(
            seen,
            [
                (CalendarKind::Publication, "A4"),
                (CalendarKind::Publication, "A5"),
                (CalendarKind::Meeting, "M2"),
                (CalendarKind::Meeting, "M1"),
                (CalendarKind::ScheduledContent, "A2"),
                (CalendarKind::ScheduledContent, "A1"),
            ]
        );
        assert_eq!(events[0].channel.as_deref(), Some("wechat"));
        let range = |c| CalendarRange {
            community_id: c,
            from: at("2026-03-31T00:00:00Z"),
            to: at("2026-04-30T00:00:00Z"),
        };
        assert_eq!(
            code(w.carl.overview_calendar(range(w.a)).await),
            ErrorCode::NotFound
        );
        let too_long = CalendarRange {
            community_id: w.a,
            from: at("2026-01-01T00:00:00Z"),
            to: at("2026-06-01T00:00:00Z"),
        };
        assert_eq!(
            code(w.alice.overview_calendar(too_long).await),
            ErrorCode::Validation
        );
    })
    .await;
}
