//! Participants (unique per meeting, imported from the committee) and assignees (members of
//! the community only).

use super::*;

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
