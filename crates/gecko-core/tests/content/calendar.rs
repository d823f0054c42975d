//! The content calendar: rescheduling in the community's time zone.

use super::*;

#[tokio::test]
async fn calendar_reschedules_in_the_community_time_zone() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "America/New_York").await;
        let alice = w.client("alice");
        let at = |y, m, d, h, min| Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let schedule = |id: i64, when| async move {
            let c = alice.get_content(id).await.unwrap();
            let mut u = update_of(&c);
            u.scheduled_publish_at = Some(when);
            alice.update_content(id, u).await.unwrap()
        };

        // 09:30 EST on Friday 6 March → Tuesday 10 March, after the switch to EDT: still 09:30.
        let c = w.content("Across DST").await;
        schedule(c.summary.id, at(2026, 3, 6, 14, 30)).await;
        let v = alice
            .reschedule_content(c.summary.id, day(2026, 3, 10))
            .await
            .unwrap();
        assert_eq!(
            v.summary.scheduled_publish_at,
            Some(at(2026, 3, 10, 13, 30))
        );
        assert_eq!(
            audit_count(alice, "reschedule_content", c.summary.id).await,
            1
        );

        // 02:30 does not exist on 8 March 2026 in New York: it becomes 03:30 EDT.
        let gap = w.content("Into the gap").await;
        schedule(gap.summary.id, at(2026, 3, 7, 7, 30)).await;
        let v = alice
            .reschedule_content(gap.summary.id, day(2026, 3, 8))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 3, 8, 7, 30)));

        // 01:30 exists twice on 1 November 2026: the earlier (EDT) one is taken.
        let twice = w.content("Twice").await;
        schedule(twice.summary.id, at(2026, 10, 30, 5, 30)).await;
        let v = alice
            .reschedule_content(twice.summary.id, day(2026, 11, 1))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 11, 1, 5, 30)));
        // And back across the change: 01:30 EST on 2 November.
        let v = alice
            .reschedule_content(twice.summary.id, day(2026, 11, 2))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 11, 2, 6, 30)));

        // An unscheduled content dropped on a day gets 09:00 local.
        let tray = w.content("Unscheduled").await;
        let unscheduled = w
            .client("dave")
            .list_contents(ContentFilter {
                scheduled: Some(false),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            unscheduled.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![tray.summary.id]
        );
        let v = alice
            .reschedule_content(tray.summary.id, day(2026, 3, 20))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 3, 20, 13, 0)));

        // The calendar returns what is in the range, earliest first.
        let march = w
            .client("dave")
            .content_calendar(at(2026, 3, 1, 5, 0), at(2026, 4, 1, 4, 0))
            .await
            .unwrap();
        assert_eq!(
            march.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![gap.summary.id, c.summary.id, tray.summary.id]
        );
        let err = alice
            .content_calendar(at(2026, 4, 1, 0, 0), at(2026, 3, 1, 0, 0))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("to"));
        assert_eq!(
            w.client("dave")
                .reschedule_content(c.summary.id, day(2026, 3, 11))
                .await
                .unwrap_err()
                .code,
            ErrorCode::Forbidden
        );
        assert_eq!(
            w.client("frank")
                .reschedule_content(c.summary.id, day(2026, 3, 11))
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert!(w
            .client("frank")
            .content_calendar(at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}
