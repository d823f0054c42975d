//! Workload per user across communities, for superusers only.

use super::*;

#[tokio::test]
async fn workload_is_per_user_across_communities_for_superusers_only() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let rows = w.root.workload_overview().await.unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.username.as_str()).collect();
        assert_eq!(names, ["bob", "alice", "root", "carl"]);
        let bob = &rows[0];
        assert_eq!(bob.user_id, w.bob_id);
        assert_eq!(bob.contents, counts(2, 1, 1));
        assert_eq!(bob.meetings, counts(1, 1, 1));
        assert_eq!(
            (
                bob.content_sources.contribution,
                bob.content_sources.release_note,
                bob.content_sources.event_summary
            ),
            (2, 1, 1)
        );
        assert_eq!(bob.total, 7);
        assert_eq!(rows[1].contents, counts(1, 0, 0));
        assert_eq!(rows[1].total, 1);
        assert_eq!(rows[3].total, 0);

        assert_eq!(
            code(w.alice.workload_overview().await),
            ErrorCode::Forbidden
        );
        assert_eq!(code(w.bob.workload_overview().await), ErrorCode::Forbidden);
    })
    .await;
}
