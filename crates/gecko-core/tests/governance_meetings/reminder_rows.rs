//! A meeting's reminder rows follow its time, status and reminder setting.

use super::*;

#[tokio::test]
async fn reminder_rows_follow_the_meeting() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();

        // Starts in five days: the one-week reminder is already past, so skipped.
        let start = at("2026-03-06T09:00:00Z");
        let mut input = meeting(c.id, "2026-03-06T09:00:00Z");
        input.reminder_before_hours = Some(48);
        let m = w.alice.create_meeting(input.clone()).await.unwrap();
        let rows = reminder_rows(&w.bob, m.summary.id).await;
        let expect =
            |hours: i64, status: &str| (start - Duration::hours(hours), status.to_string());
        let got: Vec<(DateTime<Utc>, String)> = rows.iter().map(|r| (r.1, r.2.clone())).collect();
        assert_eq!(
            got,
            vec![
                expect(48, "pending"),
                expect(168, "skipped"),
                expect(72, "pending"),
                expect(24, "pending"),
                expect(2, "pending"),
            ]
        );

        // The scheduler's view: next due time, then what is due when it comes.
        assert_eq!(
            reminders::next_reminder_at(w.root.db()).await.unwrap(),
            Some(start - Duration::hours(72))
        );
        assert!(reminders::due_reminders(w.root.db(), clock_now(&w.root))
            .await
            .unwrap()
            .is_empty());
        w.alice
            .set_meeting_assignees(m.summary.id, vec![w.bob_id])
            .await
            .unwrap();
        let due = reminders::due_reminders(w.root.db(), start - Duration::hours(47))
            .await
            .unwrap();
        let kinds: Vec<ReminderType> = due.iter().map(|d| d.reminder_type).collect();
        assert_eq!(
            kinds,
            vec![ReminderType::ThreeDays, ReminderType::Preparation]
        );
        assert_eq!(due[0].meeting_starts_local, "2026-03-06T17:00:00+08:00");
        assert_eq!(due[0].user_ids, vec![w.bob_id]);
        let now = start - Duration::hours(47);
        assert!(
            reminders::mark_reminder(w.root.db(), due[0].id, ReminderStatus::Sent, None, now)
                .await
                .unwrap()
        );
        // A second client cannot take the same reminder again.
        assert!(
            !reminders::mark_reminder(w.root.db(), due[0].id, ReminderStatus::Sent, None, now)
                .await
                .unwrap()
        );
        assert_eq!(
            reminders::next_reminder_at(w.root.db()).await.unwrap(),
            Some(start - Duration::hours(48))
        );

        // Moving the meeting recomputes every row, the sent one too; no duplicates.
        let mut moved = input.clone();
        moved.starts_at = "2026-03-20T09:00:00Z".into();
        moved.reminder_before_hours = Some(6);
        w.alice
            .update_meeting(m.summary.id, moved.clone())
            .await
            .unwrap();
        let new_start = at("2026-03-20T09:00:00Z");
        let rows = reminder_rows(&w.bob, m.summary.id).await;
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].1, new_start - Duration::hours(6));
        assert!(rows.iter().all(|r| r.2 == "pending"), "{rows:?}");
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM meeting_reminders").await,
            5
        );

        // An edit that does not move it leaves the rows alone (here: the earliest, failed).
        reminders::mark_reminder(
            w.root.db(),
            w.bob.list_meeting_reminders(m.summary.id).await.unwrap()[0].id,
            ReminderStatus::Failed,
            Some("smtp down"),
            now,
        )
        .await
        .unwrap();
        let mut retitled = moved.clone();
        retitled.title = "改名".into();
        w.alice
            .update_meeting(m.summary.id, retitled.clone())
            .await
            .unwrap();
        let failed: i64 = count(
            &w.root,
            "SELECT count(*) FROM meeting_reminders WHERE status = 'failed'",
        )
        .await;
        assert_eq!(failed, 1);

        // Cancelling cancels the rows that were still to come; the failed one keeps its story.
        let mut cancelled = retitled.clone();
        cancelled.status = Some(MeetingStatus::Cancelled);
        w.alice
            .update_meeting(m.summary.id, cancelled)
            .await
            .unwrap();
        let statuses: Vec<String> = reminder_rows(&w.bob, m.summary.id)
            .await
            .into_iter()
            .map(|r| r.2)
            .collect();
        assert_eq!(statuses.iter().filter(|s| *s == "cancelled").count(), 4);
        assert_eq!(statuses.iter().filter(|s| *s == "failed").count(), 1);
        assert_eq!(
            reminders::next_reminder_at(w.root.db()).await.unwrap(),
            None
        );
        assert!(reminders::due_reminders(w.root.db(), new_start)
            .await
            .unwrap()
            .is_empty());

        // Rescheduling brings them back; time has passed, so the earlier ones are skipped.
        clock.set(new_start - Duration::hours(30));
        w.alice
            .update_meeting(m.summary.id, retitled)
            .await
            .unwrap();
        let statuses: Vec<String> = reminder_rows(&w.bob, m.summary.id)
            .await
            .into_iter()
            .map(|r| r.2)
            .collect();
        // In plan order: preparation, one week (failed before, same time), three days, one day,
        // two hours.
        assert_eq!(
            statuses,
            vec!["pending", "failed", "skipped", "pending", "pending"]
        );

        // After a long sleep: nothing is stale before the start, everything pending after it.
        let db = w.root.db();
        let before_start = new_start - Duration::hours(1);
        assert_eq!(
            reminders::skip_stale_reminders(db, before_start)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            reminders::due_reminders(db, before_start)
                .await
                .unwrap()
                .len(),
            3
        );
        let after_start = new_start + Duration::hours(1);
        assert_eq!(
            reminders::skip_stale_reminders(db, after_start)
                .await
                .unwrap(),
            3
        );
        assert!(reminders::due_reminders(db, after_start)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(reminders::next_reminder_at(db).await.unwrap(), None);

        // Deleting the meeting deletes its rows.
        w.alice.delete_meeting(m.summary.id).await.unwrap();
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM meeting_reminders").await,
            0
        );
    })
    .await;
}
