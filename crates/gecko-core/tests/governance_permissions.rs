//! Who may run the meeting commands: signed-out clients nothing, plain members read only,
//! another community's admin not even that. Every refusal leaves the data as it was.

mod governance_support;

use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode};
use governance_support::{code, count, meeting, world_with_meeting};

fn someone() -> ParticipantInput {
    ParticipantInput {
        name: "X".into(),
        email: "x@example.org".into(),
    }
}

/// What the write commands are tried on.
struct Targets {
    meeting: i64,
    committee: i64,
    participant: i64,
    attachment: String,
    user: i64,
    file: std::path::PathBuf,
}

/// Runs every meeting write command as `who` and checks each fails with `expected`.
async fn writes_fail(who: &Core, t: &Targets, expected: ErrorCode) {
    let (id, c, p, u) = (t.meeting, t.committee, t.participant, t.user);
    assert_eq!(
        code(who.create_meeting(meeting(c, "2026-05-01 10:00"))).await,
        expected
    );
    assert_eq!(
        code(who.update_meeting(id, meeting(c, "2026-05-01 10:00"))).await,
        expected
    );
    assert_eq!(code(who.delete_meeting(id)).await, expected);
    assert_eq!(code(who.set_meeting_assignees(id, vec![u])).await, expected);
    assert_eq!(
        code(who.add_meeting_participant(id, someone())).await,
        expected
    );
    assert_eq!(code(who.remove_meeting_participant(p)).await, expected);
    assert_eq!(
        code(who.import_participants_from_committee(id)).await,
        expected
    );
    assert_eq!(
        code(who.add_meeting_attachment(id, t.file.clone())).await,
        expected
    );
    assert_eq!(
        code(who.remove_meeting_attachment(id, t.attachment.clone())).await,
        expected
    );
}

#[tokio::test]
async fn meeting_commands_check_who_asks() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (w, c, id) = world_with_meeting(&t, &clock).await;
        let p = w
            .alice
            .add_meeting_participant(
                id,
                ParticipantInput {
                    name: "Y".into(),
                    email: "y@example.org".into(),
                },
            )
            .await
            .unwrap();
        let file = t.dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let with = w
            .alice
            .add_meeting_attachment(id, file.clone())
            .await
            .unwrap();
        let path = with.attachments[0].path.clone();
        let snapshot = |core: &Core| {
            let core = core.db().clone();
            async move {
                let n: i64 = core
                    .scalar(
                        "SELECT (SELECT count(*) FROM meetings) + (SELECT count(*) FROM \
                         meeting_participants) + (SELECT count(*) FROM meeting_assignees) + \
                         (SELECT count(*) FROM meeting_reminders)",
                        vec![],
                    )
                    .await
                    .unwrap();
                n
            }
        };
        let targets = || Targets {
            meeting: id,
            committee: c,
            participant: p.id,
            attachment: path.clone(),
            user: w.bob_id,
            file: file.clone(),
        };
        let before = snapshot(&w.root).await;
        let before_meeting = w.alice.get_meeting(id).await.unwrap();

        // Signed out: nothing at all.
        let n = &w.nobody;
        writes_fail(
            n,
            &Targets {
                user: w.bob_id,
                ..targets()
            },
            ErrorCode::Unauthenticated,
        )
        .await;
        assert_eq!(code(n.get_meeting(id)).await, ErrorCode::Unauthenticated);
        assert_eq!(
            code(n.meeting_calendar(MeetingFilter::default())).await,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            code(n.list_meeting_participants(id)).await,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            code(n.list_meeting_reminders(id)).await,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            code(n.meeting_attachment_file(id, path.clone())).await,
            ErrorCode::Unauthenticated
        );

        // A plain member reads everything and writes nothing.
        let u = &w.bob;
        writes_fail(
            u,
            &Targets {
                user: w.bob_id,
                ..targets()
            },
            ErrorCode::Forbidden,
        )
        .await;
        u.get_meeting(id).await.unwrap();
        assert_eq!(
            u.meeting_calendar(MeetingFilter::default())
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(u.list_meeting_participants(id).await.unwrap().len(), 1);
        assert_eq!(u.list_meeting_reminders(id).await.unwrap().len(), 5);
        u.meeting_attachment_file(id, path.clone()).await.unwrap();

        // Another community's admin: not found, for reads and writes alike.
        let o = &w.carol;
        writes_fail(
            o,
            &Targets {
                user: w.carol_id,
                ..targets()
            },
            ErrorCode::NotFound,
        )
        .await;
        assert_eq!(code(o.get_meeting(id)).await, ErrorCode::NotFound);
        assert!(o
            .meeting_calendar(MeetingFilter::default())
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            code(o.list_meeting_participants(id)).await,
            ErrorCode::NotFound
        );
        assert_eq!(
            code(o.list_meeting_reminders(id)).await,
            ErrorCode::NotFound
        );
        assert_eq!(
            code(o.meeting_attachment_file(id, path.clone())).await,
            ErrorCode::NotFound
        );

        assert_eq!(snapshot(&w.root).await, before);
        assert_eq!(w.alice.get_meeting(id).await.unwrap(), before_meeting);
        assert_eq!(count(&w.root, "SELECT count(*) FROM meetings").await, 1);
    })
    .await;
}
