//! The review workflow: every pair of states, for every role.

use super::*;

/// Who may take each step, written out from the product's table.
fn expected(from: ContentStatus, to: ContentStatus, role: &str) -> Result<(), ErrorCode> {
    use ContentStatus::*;
    let editors = ["owner", "collaborator", "admin", "superuser"];
    let admins = ["admin", "superuser"];
    let who: &[&str] = match (from, to) {
        (Draft, Reviewing) | (Approved, Published) => &editors,
        (Draft, Published) | (Reviewing, Approved) | (Reviewing, Draft) | (Approved, Draft) => {
            &admins
        }
        _ => return Err(ErrorCode::InvalidTransition),
    };
    if who.contains(&role) {
        Ok(())
    } else {
        Err(ErrorCode::Forbidden)
    }
}

#[tokio::test]
async fn workflow_every_pair_for_every_role() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let path = |to: ContentStatus| -> Vec<ContentStatus> {
            use ContentStatus::*;
            match to {
                Draft => vec![],
                Reviewing => vec![Reviewing],
                Approved => vec![Reviewing, Approved],
                Published => vec![Published],
            }
        };
        let mut allowed = 0;
        for role in ROLES {
            for &from in ContentStatus::ALL {
                for &to in ContentStatus::ALL {
                    let c = w.content(&format!("{role} {from:?} {to:?}")).await;
                    for step in path(from) {
                        w.root
                            .change_content_status(c.summary.id, step)
                            .await
                            .unwrap();
                    }
                    if to == ContentStatus::Draft {
                        // The view offers exactly the moves the table allows this role.
                        if let Ok(seen) = w.as_role(role).get_content(c.summary.id).await {
                            let moves: Vec<ContentStatus> = ContentStatus::ALL
                                .iter()
                                .copied()
                                .filter(|to| expected(from, *to, role).is_ok())
                                .collect();
                            assert_eq!(seen.next_statuses, moves, "{role} from {from:?}");
                            let admin = ["admin", "superuser"].contains(&role);
                            assert_eq!(
                                seen.can_publish,
                                admin || from == ContentStatus::Approved,
                                "{role} from {from:?}"
                            );
                        }
                    }
                    let result = w
                        .as_role(role)
                        .change_content_status(c.summary.id, to)
                        .await;
                    let stored = w.root.get_content(c.summary.id).await.unwrap();
                    let want = expected(from, to, role);
                    match (&result, want) {
                        (Ok(view), Ok(())) => {
                            allowed += 1;
                            assert_eq!(view.summary.status, to);
                            assert_eq!(stored.summary.status, to);
                            let details: serde_json::Value = w
                                .root
                                .db()
                                .scalar(
                                    "SELECT details FROM audit_logs WHERE action = 'change_status' \
                                     AND resource_id = $1 ORDER BY id DESC LIMIT 1",
                                    gecko_core::args![c.summary.id],
                                )
                                .await
                                .map(|s: sqlx::types::Json<serde_json::Value>| s.0)
                                .unwrap();
                            assert_eq!(details["old_status"], from.as_str());
                            assert_eq!(details["new_status"], to.as_str());
                        }
                        (Err(err), Err(code)) => {
                            assert_eq!(err.code, code, "{role}: {from:?} -> {to:?}");
                            assert_eq!(
                                stored.summary.status, from,
                                "a refused step changes nothing"
                            );
                        }
                        _ => {
                            panic!("{role}: {from:?} -> {to:?} gave {result:?}, expected {want:?}")
                        }
                    }
                }
            }
        }
        // 6 legal steps: 2 for 4 editors, 4 for 2 admins... counted from the table.
        assert_eq!(allowed, 2 * 4 + 4 * 2);

        // Two reviewers approving at once: one wins, the other is told, nothing is doubled.
        let c = w.content("race").await;
        w.root
            .change_content_status(c.summary.id, ContentStatus::Reviewing)
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            w.as_role("admin")
                .change_content_status(c.summary.id, ContentStatus::Approved),
            w.as_role("superuser")
                .change_content_status(c.summary.id, ContentStatus::Approved)
        );
        assert!(a.is_ok() != b.is_ok(), "{a:?} / {b:?}");
        let loser = a.err().or(b.err()).unwrap();
        assert!(
            matches!(
                loser.code,
                ErrorCode::Conflict | ErrorCode::InvalidTransition
            ),
            "{loser:?}"
        );
        assert_eq!(
            common::audit_count(&w.root, "change_status", c.summary.id).await,
            2
        );

        // Another community's content is not found, whatever the step.
        let c = w.content("hidden").await;
        let err = w
            .client("frank")
            .change_content_status(c.summary.id, ContentStatus::Reviewing)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
    })
    .await;
}
