//! The notification schedule on both backends: who gets which reminder when, once per device,
//! after moves, cancellations and gaps, in a zone with daylight-saving time.

mod governance_support;

use chrono::{DateTime, Duration, Utc};
use gecko_core::clock::ManualClock;
use gecko_core::governance::meetings::{MeetingInput, MeetingStatus};
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::governance::reminders::{ReminderStatus, ReminderType};
use gecko_core::reminders::Notification;
use gecko_core::testing::{self, each_backend, TestDb};
use gecko_core::Core;
use governance_support::{committee, count, meeting, world, World};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A meeting of community A with bob assigned and alice a participant by email.
async fn concerned_meeting(w: &World, input: MeetingInput) -> i64 {
    let m = w.alice.create_meeting(input).await.unwrap();
    let id = m.summary.id;
    w.alice
        .set_meeting_assignees(id, vec![w.bob_id])
        .await
        .unwrap();
    w.alice
        .add_meeting_participant(
            id,
            ParticipantInput {
                name: "Alice".into(),
                email: "ALICE@example.org".into(),
            },
        )
        .await
        .unwrap();
    id
}

async fn take(core: &Core, device: &str) -> Vec<Notification> {
    core.take_due_notifications(device).await.unwrap()
}

fn kinds(ns: &[Notification]) -> Vec<ReminderType> {
    ns.iter().map(|n| n.reminder_type).collect()
}

async fn client(t: &TestDb, clock: &ManualClock, login: &str) -> Core {
    let c = t.client(clock);
    testing::sign_in(&c, login).await;
    c
}

#[tokio::test]
async fn each_reminder_fires_at_its_time_for_the_people_concerned() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let mut input = meeting(c.id, "2026-03-10 14:00");
        input.reminder_before_hours = Some(48);
        input.location = Some("https://meet.example.org/j/42".into());
        let id = concerned_meeting(&w, input).await;

        // Nothing is due yet; the next one is the week-ahead reminder.
        assert!(take(&w.bob, "dev-1").await.is_empty());
        let expected = [
            ("2026-03-03T06:00:00Z", ReminderType::OneWeek),
            ("2026-03-07T06:00:00Z", ReminderType::ThreeDays),
            ("2026-03-08T06:00:00Z", ReminderType::Preparation),
            ("2026-03-09T06:00:00Z", ReminderType::OneDay),
            ("2026-03-10T04:00:00Z", ReminderType::TwoHours),
        ];
        for (due, kind) in expected {
            let due = at(due);
            assert_eq!(
                w.bob.next_notification_at("dev-1").await.unwrap(),
                Some(due)
            );
            // One microsecond early: not yet.
            clock.set(due - Duration::microseconds(1));
            assert!(
                take(&w.bob, "dev-1").await.is_empty(),
                "{kind:?} fired early"
            );
            clock.set(due);
            let shown = take(&w.bob, "dev-1").await;
            assert_eq!(kinds(&shown), vec![kind]);
            let n = &shown[0];
            assert_eq!((n.meeting_id, n.due_at), (id, due));
            assert_eq!(n.title, "月度例会");
            assert_eq!(
                n.body,
                "2026-03-10 14:00 Asia/Shanghai · https://meet.example.org/j/42"
            );
            w.bob.record_notification(n, Ok(())).await.unwrap();
            // Twice on one device: never.
            assert!(take(&w.bob, "dev-1").await.is_empty());
            // Alice is a participant by email (whatever its case): she gets it too.
            assert_eq!(kinds(&take(&w.alice, "dev-1").await), vec![kind]);
        }
        assert_eq!(w.bob.next_notification_at("dev-1").await.unwrap(), None);

        // Not concerned: root and carol never see it.
        assert!(take(&w.root, "dev-1").await.is_empty());
        assert!(take(&w.carol, "dev-1").await.is_empty());

        // The reminder rows record the outcome.
        let rows = w.alice.list_meeting_reminders(id).await.unwrap();
        assert!(
            rows.iter().all(|r| r.status == ReminderStatus::Sent),
            "{rows:?}"
        );
        assert!(rows.iter().all(|r| r.sent_at.is_some()));
    })
    .await;
}

#[tokio::test]
async fn moves_cancellations_and_failures_change_what_fires() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let input = meeting(c.id, "2026-03-10 14:00");
        let id = concerned_meeting(&w, input.clone()).await;
        let mut changes = w.alice.watch_reminders();

        // The week-ahead reminder fires, then the meeting moves ten days later.
        clock.set(at("2026-03-03T06:00:00Z"));
        let shown = take(&w.bob, "dev-1").await;
        assert_eq!(kinds(&shown), vec![ReminderType::OneWeek]);
        w.bob
            .record_notification(&shown[0], Err("no notification service".into()))
            .await
            .unwrap();
        let rows = w.alice.list_meeting_reminders(id).await.unwrap();
        let week = rows
            .iter()
            .find(|r| r.reminder_type == ReminderType::OneWeek)
            .unwrap();
        assert_eq!(week.status, ReminderStatus::Failed);
        assert_eq!(
            week.error_message.as_deref(),
            Some("no notification service")
        );

        changes.borrow_and_update();
        let mut moved = input.clone();
        moved.starts_at = "2026-03-20 14:00".into();
        w.alice.update_meeting(id, moved.clone()).await.unwrap();
        assert!(
            changes.has_changed().unwrap(),
            "a move must wake the scheduler"
        );
        // The week-ahead reminder is owed again, at its new time.
        assert_eq!(
            w.bob.next_notification_at("dev-1").await.unwrap(),
            Some(at("2026-03-13T06:00:00Z"))
        );
        clock.set(at("2026-03-13T06:00:00Z"));
        assert_eq!(
            kinds(&take(&w.bob, "dev-1").await),
            vec![ReminderType::OneWeek]
        );

        // Cancelled: nothing more fires, even when its times pass.
        let mut cancelled = moved.clone();
        cancelled.status = Some(MeetingStatus::Cancelled);
        w.alice.update_meeting(id, cancelled).await.unwrap();
        assert_eq!(w.bob.next_notification_at("dev-1").await.unwrap(), None);
        clock.set(at("2026-03-19T06:00:00Z"));
        assert!(take(&w.bob, "dev-1").await.is_empty());

        // Deleted: the same, and its delivery rows go with it.
        let other = concerned_meeting(&w, meeting(c.id, "2026-03-25 14:00")).await;
        assert!(w.bob.next_notification_at("dev-1").await.unwrap().is_some());
        w.alice.delete_meeting(other).await.unwrap();
        assert_eq!(w.bob.next_notification_at("dev-1").await.unwrap(), None);

        // Signed out: nothing is owed to nobody.
        assert_eq!(w.nobody.next_notification_at("dev-1").await.unwrap(), None);
        assert!(take(&w.nobody, "dev-1").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn after_a_gap_only_the_latest_reminder_of_a_meeting_not_started_fires() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let mut input = meeting(c.id, "2026-03-10 14:00");
        input.reminder_before_hours = Some(48);
        let later = concerned_meeting(&w, input).await;
        let started = concerned_meeting(&w, meeting(c.id, "2026-03-08 10:00")).await;

        // The computer sleeps from 03-01 until 03-09 07:00 UTC.
        clock.set(at("2026-03-09T07:00:00Z"));
        let shown = take(&w.bob, "dev-1").await;
        assert_eq!(shown.len(), 1, "one notification per meeting after a gap");
        assert_eq!(
            (shown[0].meeting_id, shown[0].reminder_type),
            (later, ReminderType::OneDay)
        );
        // The older ones are recorded as skipped for this device; nothing fires again.
        let skipped = count(
            &w.bob,
            "SELECT count(*) FROM reminder_deliveries WHERE status = 'skipped'",
        )
        .await;
        assert_eq!(skipped, 3, "one week, three days, preparation");
        assert!(take(&w.bob, "dev-1").await.is_empty());
        // The meeting that started during the gap is skipped for everyone.
        let rows = w.alice.list_meeting_reminders(started).await.unwrap();
        assert!(
            rows.iter().all(|r| r.status == ReminderStatus::Skipped),
            "{rows:?}"
        );
        // Next: the two-hour reminder of the later meeting.
        assert_eq!(
            w.bob.next_notification_at("dev-1").await.unwrap(),
            Some(at("2026-03-10T04:00:00Z"))
        );
    })
    .await;
}

#[tokio::test]
async fn each_user_sees_each_reminder_once_per_device() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        concerned_meeting(&w, meeting(c.id, "2026-03-10 14:00")).await;
        // Two more clients of bob, as two app windows on one computer would be.
        let bob_again = client(&t, &clock, "bob").await;
        let bob_third = client(&t, &clock, "bob").await;
        let alice_again = client(&t, &clock, "alice").await;

        clock.set(at("2026-03-03T06:00:00Z"));
        // Three clients of bob on dev-1 race: exactly one wins.
        let (a, b, c3) = tokio::join!(
            take(&w.bob, "dev-1"),
            take(&bob_again, "dev-1"),
            take(&bob_third, "dev-1")
        );
        assert_eq!(a.len() + b.len() + c3.len(), 1, "bob on dev-1");
        // Bob's other computer, and alice on both computers, get their own.
        assert_eq!(take(&bob_again, "dev-2").await.len(), 1);
        assert!(take(&w.bob, "dev-2").await.is_empty());
        let (x, y) = tokio::join!(take(&w.alice, "dev-1"), take(&alice_again, "dev-1"));
        assert_eq!(x.len() + y.len(), 1, "alice on dev-1");
        assert_eq!(take(&w.alice, "dev-2").await.len(), 1);
        let rows = count(&w.bob, "SELECT count(*) FROM reminder_deliveries").await;
        assert_eq!(rows, 4);
    })
    .await;
}

#[tokio::test]
async fn reminders_count_real_hours_across_a_clock_change_and_show_local_time() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "America/New_York").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        // New York moves to summer time at 02:00 on 2026-03-08: 10:00 EDT is 14:00 UTC.
        let mut input = meeting(c.id, "2026-03-08 10:00");
        input.location = Some("Room 5".into());
        input.reminder_before_hours = Some(48);
        concerned_meeting(&w, input).await;

        // The day-ahead reminder is 24 real hours before: 09:00 EST, not 10:00.
        clock.set(at("2026-03-07T13:59:59Z"));
        let caught_up = take(&w.bob, "dev-1").await;
        assert_eq!(kinds(&caught_up), vec![ReminderType::Preparation]);
        assert_eq!(
            w.bob.next_notification_at("dev-1").await.unwrap(),
            Some(at("2026-03-07T14:00:00Z"))
        );
        assert!(take(&w.bob, "dev-1").await.is_empty());
        clock.set(at("2026-03-07T14:00:00Z"));
        let shown = take(&w.bob, "dev-1").await;
        assert_eq!(kinds(&shown), vec![ReminderType::OneDay]);
        assert_eq!(shown[0].body, "2026-03-08 10:00 America/New_York · Room 5");
        assert_eq!(shown[0].timezone, "America/New_York");
    })
    .await;
}
