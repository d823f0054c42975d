//! The meeting calendar: filters by range, committee and status.

use super::*;

#[tokio::test]
async fn the_calendar_filters_by_range_committee_and_status() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "America/New_York").await;
        let tsc = w.alice.create_committee(committee("tsc")).await.unwrap();
        let board = w.alice.create_committee(committee("board")).await.unwrap();
        for (c, start) in [
            (tsc.id, "2026-03-02 10:00"),
            (board.id, "2026-03-15 10:00"),
            (tsc.id, "2026-03-31 22:00"), // April 1st in UTC
            (tsc.id, "2026-04-10 10:00"),
        ] {
            w.alice.create_meeting(meeting(c, start)).await.unwrap();
        }
        let march = MeetingFilter {
            from: Some(Utc.with_ymd_and_hms(2026, 3, 1, 5, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2026, 4, 1, 4, 0, 0).unwrap()),
            ..Default::default()
        };
        let list = w.bob.meeting_calendar(march.clone()).await.unwrap();
        let locals: Vec<&str> = list.iter().map(|m| m.scheduled_local.as_str()).collect();
        assert_eq!(
            locals,
            vec![
                "2026-03-02T10:00:00-05:00",
                "2026-03-15T10:00:00-04:00",
                "2026-03-31T22:00:00-04:00"
            ]
        );
        let tsc_only = MeetingFilter {
            committee_id: Some(tsc.id),
            ..march.clone()
        };
        assert_eq!(w.bob.meeting_calendar(tsc_only).await.unwrap().len(), 2);

        let mut cancel = meeting(board.id, "2026-03-15 10:00");
        cancel.status = Some(MeetingStatus::Cancelled);
        w.alice.update_meeting(list[1].id, cancel).await.unwrap();
        let cancelled = MeetingFilter {
            status: Some(MeetingStatus::Cancelled),
            ..Default::default()
        };
        let found = w.bob.meeting_calendar(cancelled).await.unwrap();
        assert_eq!(
            found.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![list[1].id]
        );
        assert_eq!(
            w.bob
                .meeting_calendar(MeetingFilter::default())
                .await
                .unwrap()
                .len(),
            4
        );
        assert!(w
            .carol
            .meeting_calendar(MeetingFilter::default())
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}
