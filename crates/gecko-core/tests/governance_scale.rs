//! The governance reads at the size the product must stay fast at (SPEC §11: 600 meetings,
//! 200 committee members), on both backends. Timings are printed; the bounds are loose
//! because tests run unoptimised on a shared machine.

mod governance_support;

use chrono::{Duration, TimeZone, Utc};
use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::governance::reminders;
use gecko_core::testing::{self, each_backend};
use governance_support::{committee, meeting, world};
use std::time::Instant;

#[tokio::test]
async fn calendar_overview_and_export_stay_fast_with_600_meetings() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let mut csv = String::from("name,email,roles\n");
        for i in 0..200 {
            csv.push_str(&format!("成员{i},m{i}@example.org,委员\n"));
        }
        let mut committees = Vec::new();
        for slug in ["tsc", "board", "marketing", "security", "infra"] {
            committees.push(w.alice.create_committee(committee(slug)).await.unwrap().id);
        }
        w.alice
            .import_committee_members(committees[0], csv.into_bytes())
            .await
            .unwrap();
        let start = Utc.with_ymd_and_hms(2024, 1, 1, 2, 0, 0).unwrap();
        let created = Instant::now();
        for i in 0..600 {
            let at = (start + Duration::days(3 * i)).to_rfc3339();
            let m = meeting(committees[i as usize % committees.len()], &at);
            w.alice.create_meeting(m).await.unwrap();
        }
        eprintln!("600 create_meeting: {:?}", created.elapsed());

        let timed = Instant::now();
        let month = MeetingFilter {
            from: Some(Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()),
            ..Default::default()
        };
        let list = w.bob.meeting_calendar(month).await.unwrap();
        let month_took = timed.elapsed();
        assert!((10..=11).contains(&list.len()), "{}", list.len());

        let timed = Instant::now();
        let all = w
            .bob
            .meeting_calendar(MeetingFilter::default())
            .await
            .unwrap();
        let all_took = timed.elapsed();
        assert_eq!(all.len(), 600);

        let timed = Instant::now();
        let overview = w.bob.governance_overview().await.unwrap();
        let overview_took = timed.elapsed();
        assert_eq!(overview.committees.len(), 5);
        assert_eq!(overview.upcoming_meetings.len(), 10);

        let timed = Instant::now();
        let ics = w.bob.export_community_meetings_ics().await.unwrap();
        let ics_took = timed.elapsed();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 600);

        let timed = Instant::now();
        let next = reminders::next_reminder_at(w.root.db()).await.unwrap();
        let due = reminders::due_reminders(w.root.db(), w.root.now())
            .await
            .unwrap();
        let reminders_took = timed.elapsed();
        assert!(next.is_some() && due.is_empty());

        let timed = Instant::now();
        let members = w.bob.list_committee_members(committees[0]).await.unwrap();
        let members_took = timed.elapsed();
        assert_eq!(members.len(), 200);

        eprintln!(
            "{:?}: month {month_took:?}, all 600 {all_took:?}, overview {overview_took:?}, \
             ics {ics_took:?}, reminders {reminders_took:?}, 200 members {members_took:?}",
            t.backend()
        );
        for took in [
            month_took,
            all_took,
            overview_took,
            ics_took,
            reminders_took,
            members_took,
        ] {
            assert!(took.as_millis() < 250, "{took:?}");
        }
    })
    .await;
}
