//! A meeting's fields: local or exact start times, and every field kept.

use super::*;

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
