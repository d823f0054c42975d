//! Work status, the assignees and the other people of a content.

use super::*;

#[tokio::test]
async fn work_status_and_people() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.content("People").await;

        // Work status: owner, collaborator, assignee, admin, superuser; not a plain member.
        let states = [
            WorkStatus::InProgress,
            WorkStatus::Completed,
            WorkStatus::Planning,
        ];
        for (i, role) in ["owner", "collaborator", "assignee", "admin", "superuser"]
            .iter()
            .enumerate()
        {
            let to = states[i % 3];
            let v = w
                .as_role(role)
                .change_work_status(c.summary.id, to)
                .await
                .unwrap();
            assert_eq!(v.summary.work_status, to, "{role}");
        }
        let err = w
            .as_role("member")
            .change_work_status(c.summary.id, WorkStatus::Completed)
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        let err = w
            .client("frank")
            .change_work_status(c.summary.id, WorkStatus::Completed)
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(
            audit_count(&w.root, "change_work_status", c.summary.id).await,
            5
        );

        // Collaborators and assignees: owner and admins choose; members only.
        let bob = w.client("bob");
        let err = bob
            .set_content_collaborators(c.summary.id, vec![])
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden);
        let err = w
            .client("alice")
            .set_content_collaborators(c.summary.id, vec![w.id("dave"), w.id("frank")])
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("user_ids"));
        assert_eq!(
            w.root
                .get_content(c.summary.id)
                .await
                .unwrap()
                .collaborator_ids,
            vec![w.id("bob")],
            "a refused change changes nothing"
        );
        let v = w
            .client("erin")
            .set_content_collaborators(c.summary.id, vec![w.id("dave"), w.id("dave")])
            .await
            .unwrap();
        assert_eq!(v.collaborator_ids, vec![w.id("dave")]);
        assert!(
            w.client("dave")
                .get_content(c.summary.id)
                .await
                .unwrap()
                .can_edit
        );
        assert!(!bob.get_content(c.summary.id).await.unwrap().can_edit);
        let v = w
            .client("alice")
            .set_content_assignees(c.summary.id, vec![w.id("carol"), w.id("erin")])
            .await
            .unwrap();
        assert_eq!(v.assignee_ids, vec![w.id("carol"), w.id("erin")]);
        let by: Option<i64> = w
            .root
            .db()
            .scalar(
                "SELECT assigned_by_user_id FROM content_assignees WHERE content_id = $1 \
                 AND user_id = $2",
                gecko_core::args![c.summary.id, w.id("erin")],
            )
            .await
            .unwrap();
        assert_eq!(by, Some(w.id("alice")));
        let err = w
            .client("alice")
            .set_content_assignees(c.summary.id, vec![w.id("frank")])
            .await;
        assert_eq!(err.unwrap_err().field.as_deref(), Some("user_ids"));
        assert_eq!(
            audit_count(&w.root, "set_collaborators", c.summary.id).await,
            2
        );
        assert_eq!(audit_count(&w.root, "set_assignees", c.summary.id).await, 2);

        // Ownership: only the owner or an admin hands it on, to a member; the creator stays.
        let err = w
            .client("dave")
            .transfer_content_ownership(c.summary.id, w.id("dave"))
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        let err = w
            .client("alice")
            .transfer_content_ownership(c.summary.id, w.id("frank"))
            .await;
        assert_eq!(err.unwrap_err().field.as_deref(), Some("user_ids"));
        let v = w
            .client("alice")
            .transfer_content_ownership(c.summary.id, w.id("carol"))
            .await
            .unwrap();
        assert_eq!(v.summary.owner_id, Some(w.id("carol")));
        assert_eq!(v.created_by_user_id, Some(w.id("alice")));
        assert!(
            !w.client("alice")
                .get_content(c.summary.id)
                .await
                .unwrap()
                .can_edit
        );
        let err = w
            .client("alice")
            .transfer_content_ownership(c.summary.id, w.id("alice"))
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        w.client("erin")
            .transfer_content_ownership(c.summary.id, w.id("alice"))
            .await
            .unwrap();
        assert_eq!(
            audit_count(&w.root, "transfer_ownership", c.summary.id).await,
            2
        );
    })
    .await;
}
