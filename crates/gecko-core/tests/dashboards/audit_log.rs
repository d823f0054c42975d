//! The audit log: keyset pages, filters and the export, per role.

use super::*;

#[tokio::test]
async fn audit_log_pages_by_keyset_filters_and_exports_per_role() {
    each_backend(|t| async move {
        let w = world(&t).await;
        // A fixed log in place of what setting up wrote: 5 entries in A (two at the same
        // instant), 3 in B, 2 without a community.
        w.db.execute("DELETE FROM audit_logs", vec![])
            .await
            .unwrap();
        let alice_id: i64 =
            w.db.scalar("SELECT id FROM users WHERE username = 'alice'", vec![])
                .await
                .unwrap();
        let entries: [(Option<i64>, Option<i64>, &str, &str, &str); 10] = [
            (
                Some(w.a),
                Some(alice_id),
                "create",
                "content",
                "2026-04-01T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(w.bob_id),
                "update",
                "content",
                "2026-04-02T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(alice_id),
                "update",
                "meeting",
                "2026-04-03T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(w.bob_id),
                "update",
                "content",
                "2026-04-03T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(alice_id),
                "=cmd",
                "content",
                "2026-04-04T00:00:00Z",
            ),
            (
                Some(w.b),
                Some(w.bob_id),
                "create",
                "content",
                "2026-04-01T00:00:00Z",
            ),
            (Some(w.b), None, "update", "content", "2026-04-02T00:00:00Z"),
            (Some(w.b), None, "delete", "content", "2026-04-03T00:00:00Z"),
            (
                None,
                Some(alice_id),
                "login",
                "user",
                "2026-04-01T00:00:00Z",
            ),
            (None, None, "login_failed", "user", "2026-04-02T00:00:00Z"),
        ];
        for (community, user, action, resource, time) in entries {
            w.db.execute(
                "INSERT INTO audit_logs (user_id, community_id, action, resource_type, details, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                gecko_core::args![
                    user,
                    community,
                    action,
                    resource,
                    serde_json::json!({"n": 1}),
                    at(time)
                ],
            )
            .await
            .unwrap();
        }

        let filter = |c: Option<i64>| AuditFilter {
            community_id: c,
            ..Default::default()
        };
        // Pages of 2 through A's 5 entries: 2, 2, 1, newest first, none twice.
        let mut seen = Vec::new();
        let mut after = None;
        let mut sizes = Vec::new();
        loop {
            let page = w
                .alice
                .list_audit_log(AuditPageRequest {
                    filter: filter(Some(w.a)),
                    after: after.clone(),
                    limit: Some(2),
                })
                .await
                .unwrap();
            sizes.push(page.entries.len());
            seen.extend(
                page.entries
                    .iter()
                    .map(|e| (e.created_at, e.id, e.action.clone())),
            );
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(sizes, [2, 2, 1]);
        let actions: Vec<&str> = seen.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(actions, ["=cmd", "update", "update", "update", "create"]);
        assert!(seen.windows(2).all(|p| (p[0].0, p[0].1) > (p[1].0, p[1].1)));

        let all = w
            .root
            .list_audit_log(AuditPageRequest {
                filter: filter(None),
                after: None,
                limit: None,
            })
            .await
            .unwrap();
        assert_eq!(all.entries.len(), 10);
        assert_eq!(all.next, None);

        let count = |f: AuditFilter| {
            let alice = &w.alice;
            async move {
                alice
                    .list_audit_log(AuditPageRequest {
                        filter: f,
                        after: None,
                        limit: Some(100),
                    })
                    .await
                    .unwrap()
                    .entries
                    .len()
            }
        };
        assert_eq!(
            count(AuditFilter {
                username: Some("BOB".into()),
                ..filter(Some(w.a))
            })
            .await,
            2
        );
        assert_eq!(
            count(AuditFilter {
                action: Some("update".into()),
                ..filter(Some(w.a))
            })
            .await,
            3
        );
        assert_eq!(
            count(AuditFilter {
                resource_type: Some("meeting".into()),
                ..filter(Some(w.a))
            })
            .await,
            1
        );
        assert_eq!(
            count(AuditFilter {
                from: Some(at("2026-04-02T00:00:00Z")),
                to: Some(at("2026-04-04T00:00:00Z")),
                ..filter(Some(w.a))
            })
            .await,
            3
        );

        // Admin of A: only A. Plain user: refused. Nobody but superusers reads everything.
        assert_eq!(
            code(
                w.alice
                    .list_audit_log(AuditPageRequest {
                        filter: filter(Some(w.b)),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.alice
                    .list_audit_log(AuditPageRequest {
                        filter: filter(None),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(
                w.bob
                    .list_audit_log(AuditPageRequest {
                        filter: filter(Some(w.a)),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::Forbidden
        );
        assert_eq!(
            w.carl
                .list_audit_log(AuditPageRequest {
                    filter: filter(Some(w.b)),
                    after: None,
                    limit: None
                })
                .await
                .unwrap()
                .entries
                .len(),
            3
        );

        // Export: BOM, header + 5 rows, a formula-looking cell neutralised, the file written.
        let csv = w.alice.audit_log_csv(filter(Some(w.a))).await.unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv.matches("\r\n").count(), 6);
        assert!(csv.contains(",'=cmd,"));
        let path = t.dir.path().join("audit.csv");
        let n = w
            .alice
            .export_audit_log(filter(Some(w.a)), path.display().to_string())
            .await
            .unwrap();
        assert_eq!(n, 5);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
        assert_eq!(
            code(w.alice.audit_log_csv(filter(Some(w.b))).await),
            ErrorCode::NotFound
        );

        // Reading never wrote to the log.
        let total: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        assert_eq!(total, 10);
        let _ = &w.clock;
    })
    .await;
}
