//! The governance overview: committees, and meetings around now.

use super::*;

#[tokio::test]
async fn the_overview_shows_committees_and_meetings_around_now() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        w.alice
            .create_committee_member(c.id, person("甲", None, true))
            .await
            .unwrap();
        w.alice
            .create_committee_member(c.id, person("乙", None, false))
            .await
            .unwrap();
        let past = w
            .alice
            .create_meeting(meeting(c.id, "2026-02-20 10:00"))
            .await
            .unwrap();
        let soon = w
            .alice
            .create_meeting(meeting(c.id, "2026-03-05 10:00"))
            .await
            .unwrap();
        let mut off = meeting(c.id, "2026-03-04 10:00");
        off.status = Some(MeetingStatus::Cancelled);
        w.alice.create_meeting(off).await.unwrap();

        let o = w.bob.governance_overview().await.unwrap();
        assert_eq!(o.committees.len(), 1);
        assert_eq!(o.committees[0].active_member_count, 1);
        assert_eq!(
            o.upcoming_meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![soon.summary.id]
        );
        assert_eq!(
            o.recent_meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![past.summary.id]
        );
        // A past meeting's reminders were all skipped at creation.
        let skipped = count(
            &w.root,
            &format!(
            "SELECT count(*) FROM meeting_reminders WHERE meeting_id = {} AND status = 'skipped'",
            past.summary.id
        ),
        )
        .await;
        assert_eq!(skipped, 5);
        assert!(w
            .carol
            .governance_overview()
            .await
            .unwrap()
            .committees
            .is_empty());
        assert_eq!(
            code(w.nobody.governance_overview()).await,
            ErrorCode::Unauthenticated
        );
    })
    .await;
}
