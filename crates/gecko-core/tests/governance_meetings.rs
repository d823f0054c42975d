//! Meetings, their reminder rows, participants, assignees, attachments and the overview, on
//! both backends.

mod governance_support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use gecko_core::governance::attachments::MAX_ATTACHMENT_BYTES;
use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::governance::meetings::{LocationType, MeetingStatus, WorkStatus};
use gecko_core::governance::members::CommitteeMemberInput;
use gecko_core::governance::participants::{ParticipantImport, ParticipantInput};
use gecko_core::governance::reminders::{self, ReminderStatus, ReminderType};
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode};
use governance_support::{audit_count, code, committee, count, meeting, world, world_with_meeting};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// (type, time, status) of a meeting's reminder rows, in plan order.
async fn reminder_rows(core: &Core, meeting_id: i64) -> Vec<(String, DateTime<Utc>, String)> {
    let mut rows: Vec<(String, DateTime<Utc>, String)> = core
        .list_meeting_reminders(meeting_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let kind = r.reminder_type.as_str().to_string();
            (kind, r.scheduled_at, r.status.as_str().to_string())
        })
        .collect();
    let order = [
        "preparation",
        "one_week",
        "three_days",
        "one_day",
        "two_hours",
    ];
    rows.sort_by_key(|r| order.iter().position(|o| *o == r.0));
    rows
}

#[tokio::test]
async fn meetings_take_local_or_exact_times_and_keep_their_fields() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let other = w.carol.create_committee(committee("tsc")).await.unwrap();

        // Local wall-clock time in the community's zone.
        let mut input = meeting(c.id, "2026-03-10 14:00");
        input.location_type = Some(LocationType::Online);
        input.location = Some("https://meeting.example.org/j/123".into());
        input.agenda = Some("# 议程\n1. 预算".into());
        input.description = Some("季度评审".into());
        let m = w.alice.create_meeting(input.clone()).await.unwrap();
        let s = &m.summary;
        assert_eq!(s.scheduled_at, at("2026-03-10T06:00:00Z"));
        assert_eq!(s.scheduled_local, "2026-03-10T14:00:00+08:00");
        assert_eq!(s.timezone, "Asia/Shanghai");
        assert_eq!((s.duration_minutes, s.reminder_before_hours), (120, 24));
        assert_eq!(s.ends_at, at("2026-03-10T08:00:00Z"));
        assert_eq!(
            (s.status, s.work_status),
            (MeetingStatus::Scheduled, WorkStatus::Planning)
        );
        assert_eq!(s.committee_name, c.name);
        assert_eq!(m.agenda.as_deref(), Some("# 议程\n1. 预算"));
        assert!(m.created_by_user_id.is_some());

        // An exact instant is taken as it is.
        let exact = w
            .alice
            .create_meeting(meeting(c.id, "2026-03-10T14:00:00-05:00"))
            .await
            .unwrap();
        assert_eq!(exact.summary.scheduled_at, at("2026-03-10T19:00:00Z"));
        assert_eq!(exact.summary.scheduled_local, "2026-03-11T03:00:00+08:00");

        // Bad input changes nothing.
        let before = count(&w.root, "SELECT count(*) FROM meetings").await;
        let mut bad = meeting(c.id, "2026-03-10 14:00");
        bad.duration_minutes = Some(0);
        let err = w.alice.create_meeting(bad).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some("duration_minutes"));
        let err = w
            .alice
            .create_meeting(meeting(c.id, "10 March"))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("starts_at"));
        let mut bad = meeting(c.id, "2026-03-10 14:00");
        bad.title = "  ".into();
        assert_eq!(
            w.alice
                .create_meeting(bad)
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("title")
        );
        // A committee of another community is not found.
        let err = w
            .alice
            .create_meeting(meeting(other.id, "2026-03-10 14:00"))
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM meetings").await,
            before
        );

        // An update replaces the fields and logs what changed, not the bodies.
        let mut edit = input.clone();
        edit.title = "第一季度评审会".into();
        edit.status = Some(MeetingStatus::Completed);
        edit.work_status = Some(WorkStatus::Completed);
        edit.minutes = Some("## 纪要\n通过预算。".into());
        edit.duration_minutes = Some(90);
        let edited = w.alice.update_meeting(m.summary.id, edit).await.unwrap();
        assert_eq!(edited.summary.title, "第一季度评审会");
        assert_eq!(edited.summary.ends_at, at("2026-03-10T07:30:00Z"));
        assert_eq!(edited.minutes.as_deref(), Some("## 纪要\n通过预算。"));
        let details: sqlx::types::Json<serde_json::Value> = w
            .root
            .db()
            .scalar(
                "SELECT details FROM audit_logs WHERE action = 'update_meeting'",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            details.0["title"],
            serde_json::json!(["月度例会", "第一季度评审会"])
        );
        assert_eq!(details.0["minutes"], "changed");
        assert!(details.0.get("agenda").is_none());
        assert_eq!(w.bob.get_meeting(m.summary.id).await.unwrap(), edited);

        w.alice.delete_meeting(exact.summary.id).await.unwrap();
        assert_eq!(
            code(w.bob.get_meeting(exact.summary.id)).await,
            ErrorCode::NotFound
        );
        for action in ["create_meeting", "update_meeting", "delete_meeting"] {
            assert!(
                audit_count(&w.root, action).await >= 1,
                "{action} not audited"
            );
        }
    })
    .await;
}

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

fn clock_now(core: &Core) -> DateTime<Utc> {
    core.now()
}

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

fn person(name: &str, email: Option<&str>, active: bool) -> CommitteeMemberInput {
    CommitteeMemberInput {
        name: name.into(),
        email: email.map(Into::into),
        is_active: active,
        ..Default::default()
    }
}

#[tokio::test]
async fn participants_are_unique_per_meeting_and_import_from_the_committee() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        for (name, email, active) in [
            ("张三", Some("zhang@example.org"), true),
            ("李四", Some("li@example.org"), true),
            ("王五", None, true),
            ("赵六", Some("zhao@example.org"), false),
            ("张三 (again)", Some("ZHANG@example.org"), true),
        ] {
            w.alice
                .create_committee_member(c.id, person(name, email, active))
                .await
                .unwrap();
        }
        let m = w
            .alice
            .create_meeting(meeting(c.id, "2026-04-01 10:00"))
            .await
            .unwrap();

        let li = w
            .alice
            .add_meeting_participant(
                m.summary.id,
                ParticipantInput {
                    name: "Li Si".into(),
                    email: "Li@Example.org".into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (li.email.as_str(), li.source.as_str()),
            ("li@example.org", "manual")
        );
        let err = w
            .alice
            .add_meeting_participant(
                m.summary.id,
                ParticipantInput {
                    name: "Again".into(),
                    email: "LI@EXAMPLE.ORG".into(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Conflict, Some("email"))
        );

        let outcome = w
            .alice
            .import_participants_from_committee(m.summary.id)
            .await
            .unwrap();
        assert_eq!(
            outcome,
            ParticipantImport {
                added: 1,
                skipped_duplicates: 2,
                skipped_without_email: 1
            }
        );
        // Again: everyone is there already.
        let again = w
            .alice
            .import_participants_from_committee(m.summary.id)
            .await
            .unwrap();
        assert_eq!((again.added, again.skipped_duplicates), (0, 3));
        let list = w.bob.list_meeting_participants(m.summary.id).await.unwrap();
        let emails: Vec<&str> = list.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails, vec!["li@example.org", "zhang@example.org"]);
        assert_eq!(
            w.bob
                .get_meeting(m.summary.id)
                .await
                .unwrap()
                .participant_count,
            2
        );

        w.alice.remove_meeting_participant(li.id).await.unwrap();
        assert_eq!(
            w.bob
                .list_meeting_participants(m.summary.id)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(audit_count(&w.root, "add_participant").await, 1);
        assert_eq!(audit_count(&w.root, "import_participants").await, 2);
        assert_eq!(audit_count(&w.root, "remove_participant").await, 1);
    })
    .await;
}

#[tokio::test]
async fn assignees_must_belong_to_the_community() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (w, _, id) = world_with_meeting(&t, &clock).await;

        let err = w
            .alice
            .set_meeting_assignees(id, vec![w.bob_id, w.carol_id])
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("user_ids"));
        assert!(w.bob.get_meeting(id).await.unwrap().assignees.is_empty());

        let set = w
            .alice
            .set_meeting_assignees(id, vec![w.bob_id, w.bob_id])
            .await
            .unwrap();
        assert_eq!(
            set.iter().map(|a| a.username.as_str()).collect::<Vec<_>>(),
            vec!["bob"]
        );
        assert_eq!(w.bob.get_meeting(id).await.unwrap().assignees, set);
        assert!(w
            .alice
            .set_meeting_assignees(id, vec![])
            .await
            .unwrap()
            .is_empty());
        assert_eq!(audit_count(&w.root, "set_meeting_assignees").await, 2);
    })
    .await;
}

#[tokio::test]
async fn attachments_are_copied_in_and_removed_with_their_meeting() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (w, _, id) = world_with_meeting(&t, &clock).await;
        let source = t.dir.path().join("会议材料.PDF");
        std::fs::write(&source, b"%PDF-1.4 test").unwrap();

        let with = w
            .alice
            .add_meeting_attachment(id, source.clone())
            .await
            .unwrap();
        assert_eq!(with.attachments.len(), 1);
        let a = &with.attachments[0];
        assert_eq!(a.name, "会议材料.PDF");
        assert!(
            a.path.starts_with("meetings/") && a.path.ends_with(".pdf"),
            "{}",
            a.path
        );
        let stored = w
            .bob
            .meeting_attachment_file(id, a.path.clone())
            .await
            .unwrap();
        assert_eq!(std::fs::read(&stored).unwrap(), b"%PDF-1.4 test");

        // Folders and missing files are refused; a second file is kept beside the first.
        let err = w
            .alice
            .add_meeting_attachment(id, t.dir.path().to_path_buf())
            .await;
        assert_eq!(err.unwrap_err().field.as_deref(), Some("source"));
        let err = w
            .alice
            .add_meeting_attachment(id, t.dir.path().join("missing.pdf"))
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Io);
        // Over 50 MB (a sparse file: no real bytes written) is refused before any copy.
        let big = t.dir.path().join("big.zip");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_ATTACHMENT_BYTES + 1)
            .unwrap();
        let err = w.alice.add_meeting_attachment(id, big).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some("source"));
        let copies = std::fs::read_dir(stored.parent().unwrap()).unwrap().count();
        assert_eq!(copies, 1);
        let two = w
            .alice
            .add_meeting_attachment(id, source.clone())
            .await
            .unwrap();
        assert_eq!(two.attachments.len(), 2);
        assert_ne!(two.attachments[0].path, two.attachments[1].path);

        let one = w
            .alice
            .remove_meeting_attachment(id, a.path.clone())
            .await
            .unwrap();
        assert_eq!(one.attachments.len(), 1);
        assert!(!stored.exists());
        let second = w
            .bob
            .meeting_attachment_file(id, one.attachments[0].path.clone())
            .await
            .unwrap();
        w.alice.delete_meeting(id).await.unwrap();
        assert!(!second.exists());
        assert!(source.exists(), "the user's own file is never touched");
        assert_eq!(audit_count(&w.root, "add_meeting_attachment").await, 2);
        assert_eq!(audit_count(&w.root, "remove_meeting_attachment").await, 1);
    })
    .await;
}

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
