//! Saving a content: optimistic concurrency and the checks on every field.

use super::*;

#[tokio::test]
async fn saving_is_optimistic_and_checked() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");

        // Bad input changes nothing.
        for title in ["   ", &"长".repeat(501)] {
            let err = alice.create_content(draft(title)).await.unwrap_err();
            assert_eq!(err.field.as_deref(), Some("title"));
        }
        assert_eq!(content_count(&w).await, 0);

        let c = w.content("First").await;
        assert_eq!(c.created_by_user_id, Some(w.id("alice")));
        assert_eq!(c.summary.owner_id, Some(w.id("alice")));
        assert_eq!(c.summary.status, ContentStatus::Draft);
        assert_eq!(c.summary.work_status, WorkStatus::Planning);
        assert_eq!(c.collaborator_ids, vec![w.id("bob")]);
        assert_eq!(c.assignee_ids, vec![w.id("carol")]);
        assert!(
            c.content_html.contains("<h1>First</h1>"),
            "{}",
            c.content_html
        );
        assert_eq!(c.summary.version, 3, "create + two people changes");
        assert!(c.can_edit);
        // On the wire the summary's fields sit beside the body, not under "summary".
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["id"], c.summary.id);
        assert_eq!(json["version"], c.summary.version);
        assert!(json.get("summary").is_none() && json["content_markdown"].is_string());
        assert_eq!(audit_count(alice, "create_content", c.summary.id).await, 1);

        // A save bumps the version, re-renders, and is audited.
        clock.advance(chrono::Duration::minutes(1));
        let mut edit = update_of(&c);
        edit.content_markdown = "Now with **bold**".into();
        edit.tags = vec![" rust ".into(), "rust".into(), "db".into()];
        let saved = alice
            .update_content(c.summary.id, edit.clone())
            .await
            .unwrap();
        assert_eq!(saved.summary.version, c.summary.version + 1);
        assert_eq!(saved.summary.tags, vec!["rust", "db"]);
        assert!(saved.content_html.contains("<strong>bold</strong>"));
        assert!(saved.summary.updated_at > c.summary.updated_at);
        assert_eq!(audit_count(alice, "update_content", c.summary.id).await, 1);

        // Autosave of an unchanged editor writes nothing.
        let again = alice
            .update_content(c.summary.id, update_of(&saved))
            .await
            .unwrap();
        assert_eq!(again.summary.version, saved.summary.version);
        assert_eq!(audit_count(alice, "update_content", c.summary.id).await, 1);

        // Bob saves from the old version: refused, nothing lost, both versions reachable.
        let bob = w.client("bob");
        let mut stale = update_of(&c);
        stale.content_markdown = "Bob's text".into();
        let err = bob.update_content(c.summary.id, stale).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert_eq!(err.field.as_deref(), Some("version"));
        assert!(
            err.message
                .contains(&format!("version {}", c.summary.version)),
            "{}",
            err.message
        );
        let stored = bob.get_content(c.summary.id).await.unwrap();
        assert_eq!(stored.content_markdown, "Now with **bold**");
        assert_eq!(stored.summary.version, saved.summary.version);

        // Two saves from the same version at once: exactly one wins.
        let mut from_alice = update_of(&stored);
        from_alice.title = "Alice's".into();
        let mut from_bob = update_of(&stored);
        from_bob.title = "Bob's".into();
        let (ra, rb) = tokio::join!(
            alice.update_content(c.summary.id, from_alice),
            bob.update_content(c.summary.id, from_bob)
        );
        assert!(ra.is_ok() != rb.is_ok(), "{ra:?} / {rb:?}");
        let loser = ra.err().or(rb.err()).unwrap();
        assert_eq!(loser.code, ErrorCode::Conflict);

        // Readers and strangers.
        let dave = w.client("dave");
        let seen = dave.get_content(c.summary.id).await.unwrap();
        assert!(!seen.can_edit);
        let err = dave
            .update_content(c.summary.id, update_of(&seen))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden);
        let frank = w.client("frank");
        assert_eq!(
            frank.get_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            frank
                .update_content(c.summary.id, update_of(&seen))
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert_eq!(
            frank.delete_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::NotFound
        );
        let nobody = t.client(&clock);
        assert_eq!(
            nobody.get_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            nobody.create_content(draft("x")).await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            nobody.preview_markdown("x".into()).await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        let preview = dave
            .preview_markdown("<script>x</script>\n\n*hi*".into())
            .await
            .unwrap();
        assert_eq!(preview.trim(), "<p><em>hi</em></p>");

        // A large body (rendered off the async workers) saves and renders like a small one.
        let mut big = draft("Big");
        big.content_markdown = "Line with *emphasis* <script>x</script>.\n\n".repeat(20_000);
        let big = alice.create_content(big).await.unwrap();
        assert_eq!(
            big.content_html.matches("<em>emphasis</em>").count(),
            20_000
        );
        assert!(!big.content_html.contains("<script"));
        let mut too_big = draft("Too big");
        too_big.content_markdown = "x".repeat(10 * 1024 * 1024 + 1);
        let err = alice.create_content(too_big).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some("content_markdown"));

        // Deleting: not a plain member or an assignee; a collaborator may.
        assert_eq!(
            dave.delete_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::Forbidden
        );
        let carol = w.client("carol");
        assert_eq!(
            carol.delete_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::Forbidden
        );
        bob.delete_content(c.summary.id).await.unwrap();
        assert_eq!(
            alice.get_content(c.summary.id).await.unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(audit_count(alice, "delete_content", c.summary.id).await, 1);
        let people: i64 = w
            .root
            .db()
            .scalar(
                "SELECT (SELECT count(*) FROM content_collaborators) + \
                 (SELECT count(*) FROM content_assignees)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(people, 0);
    })
    .await;
}
