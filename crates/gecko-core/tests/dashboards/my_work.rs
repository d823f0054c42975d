//! My work: every assignment, soonest first, and changing a work status in place.

use super::*;

#[tokio::test]
async fn my_work_lists_every_assignment_soonest_first_with_counts() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mine = w.bob.my_work(MyWorkFilter::default()).await.unwrap();
        let titles: Vec<&str> = mine.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["M2", "M1", "B1", "A2", "MB", "A1", "A3"]);
        assert_eq!(mine.counts, counts(3, 2, 2));
        assert_eq!(mine.items[2].community_name, "Beta");
        assert_eq!(mine.items[0].kind, WorkItemKind::Meeting);
        assert_eq!(mine.items[0].due_at, Some(at("2026-04-01T06:00:00Z")));

        let meetings = w
            .bob
            .my_work(MyWorkFilter {
                kind: Some(WorkItemKind::Meeting),
                work_status: None,
            })
            .await
            .unwrap();
        assert_eq!(meetings.counts, counts(1, 1, 1));
        assert_eq!(meetings.items.len(), 3);
        let planning = w
            .bob
            .my_work(MyWorkFilter {
                kind: None,
                work_status: Some(WorkStatus::Planning),
            })
            .await
            .unwrap();
        let titles: Vec<&str> = planning.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["B1", "MB", "A1"]);
        assert_eq!(planning.counts, counts(3, 2, 2));

        // Alice has one content; carl nothing.
        let alice = w.alice.my_work(MyWorkFilter::default()).await.unwrap();
        assert_eq!(alice.items.len(), 1);
        assert_eq!(alice.counts, counts(1, 0, 0));
        assert!(w
            .carl
            .my_work(MyWorkFilter::default())
            .await
            .unwrap()
            .items
            .is_empty());
    })
    .await;
}

#[tokio::test]
async fn work_status_changes_in_place_with_the_items_own_rules() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let audits_before: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        // Bob (current community: none chosen) changes a meeting of A and a content of B.
        w.bob
            .set_work_item_status(WorkItemKind::Meeting, w.ids["M1"], WorkStatus::Completed)
            .await
            .unwrap();
        w.bob
            .set_work_item_status(WorkItemKind::Content, w.ids["B1"], WorkStatus::InProgress)
            .await
            .unwrap();
        let mine = w.bob.my_work(MyWorkFilter::default()).await.unwrap();
        assert_eq!(mine.counts, counts(2, 2, 3));
        let audits_after: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        assert_eq!(audits_after, audits_before + 2);

        // Not assigned and not admin: refused. Admin of A: allowed. Admin of B on A: not found.
        assert_eq!(
            code(
                w.bob
                    .set_work_item_status(WorkItemKind::Meeting, w.ids["M3"], WorkStatus::Completed)
                    .await
            ),
            ErrorCode::Forbidden
        );
        w.alice
            .set_work_item_status(WorkItemKind::Meeting, w.ids["M3"], WorkStatus::InProgress)
            .await
            .unwrap();
        assert_eq!(
            code(
                w.carl
                    .set_work_item_status(WorkItemKind::Meeting, w.ids["M1"], WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.carl
                    .set_work_item_status(WorkItemKind::Content, w.ids["A1"], WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.bob
                    .set_work_item_status(WorkItemKind::Content, 999_999, WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
    })
    .await;
}
