//! Content commands on both backends: saving with optimistic concurrency, the workflow for
//! every pair of states and every role, work status, people, the list, the calendar and covers.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{audit_count, draft, world, ROLES};
use gecko_core::content::{
    ContentFilter, ContentSort, ContentStatus, ContentUpdate, ContentView, SortDirection,
    SourceType, WorkStatus,
};
use gecko_core::testing::{self, each_backend};
use gecko_core::ErrorCode;

fn update_of(c: &ContentView) -> ContentUpdate {
    ContentUpdate {
        version: c.summary.version,
        title: c.summary.title.clone(),
        content_markdown: c.content_markdown.clone(),
        source_type: c.summary.source_type,
        author: c.summary.author.clone(),
        tags: c.summary.tags.clone(),
        category: c.summary.category.clone(),
        scheduled_publish_at: c.summary.scheduled_publish_at,
    }
}

async fn content_count(w: &common::World) -> i64 {
    w.root
        .db()
        .scalar("SELECT count(*) FROM contents", vec![])
        .await
        .unwrap()
}

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

async fn ids_of(w: &common::World, filter: ContentFilter) -> Vec<i64> {
    let page = w.client("dave").list_contents(filter).await.unwrap();
    page.items.iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn list_filters_sorts_and_pages() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        let bob = w.client("bob");
        let specs = [
            (
                "Banana",
                "contains HELLO world",
                SourceType::Contribution,
                vec!["rust", "db"],
                "news",
            ),
            (
                "apple",
                "nothing",
                SourceType::ReleaseNote,
                vec!["rust"],
                "release",
            ),
            (
                "Cherry 100%",
                "hello again",
                SourceType::EventSummary,
                vec!["go"],
                "news",
            ),
            ("date_x", "plain", SourceType::Contribution, vec![], ""),
        ];
        let mut ids = Vec::new();
        for (title, body, source_type, tags, category) in specs {
            clock.advance(chrono::Duration::minutes(5));
            let c = alice
                .create_content(gecko_core::content::NewContent {
                    title: title.into(),
                    content_markdown: body.into(),
                    source_type: Some(source_type),
                    tags: tags.into_iter().map(String::from).collect(),
                    category: category.into(),
                    ..Default::default()
                })
                .await
                .unwrap();
            ids.push(c.summary.id);
        }
        let by_bob = bob.create_content(draft("Bob's own")).await.unwrap();
        w.client("frank")
            .create_content(draft("hello from B"))
            .await
            .unwrap();
        alice
            .set_content_assignees(ids[2], vec![w.id("carol")])
            .await
            .unwrap();
        w.root
            .change_content_status(ids[1], ContentStatus::Reviewing)
            .await
            .unwrap();
        alice
            .change_work_status(ids[3], WorkStatus::Completed)
            .await
            .unwrap();
        clock.advance(chrono::Duration::minutes(5));
        let c0 = alice.get_content(ids[0]).await.unwrap();
        let mut scheduled = update_of(&c0);
        scheduled.scheduled_publish_at = Some(Utc.with_ymd_and_hms(2026, 4, 1, 2, 0, 0).unwrap());
        alice.update_content(ids[0], scheduled).await.unwrap();

        let sorted = |mut v: Vec<i64>| {
            v.sort();
            v
        };
        let all = ids_of(&w, ContentFilter::default()).await;
        assert_eq!(all.len(), 5, "community B's content is not listed");
        assert_eq!(all[0], ids[0], "most recently updated first");
        let f = |edit: &dyn Fn(&mut ContentFilter)| {
            let mut f = ContentFilter::default();
            edit(&mut f);
            f
        };
        assert_eq!(
            ids_of(&w, f(&|f| f.search = Some("hello".into())))
                .await
                .len(),
            2
        );
        assert_eq!(
            sorted(ids_of(&w, f(&|f| f.search = Some("HeLLo".into()))).await),
            vec![ids[0], ids[2]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.search = Some("100%".into()))).await,
            vec![ids[2]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.search = Some("_".into()))).await,
            vec![ids[3]]
        );
        assert_eq!(
            sorted(ids_of(&w, f(&|f| f.tag = Some("rust".into()))).await),
            vec![ids[0], ids[1]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.tag = Some("ru".into()))).await,
            Vec::<i64>::new()
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.status = Some(ContentStatus::Reviewing))).await,
            vec![ids[1]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.work_status = Some(WorkStatus::Completed))).await,
            vec![ids[3]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.source_type = Some(SourceType::EventSummary))).await,
            vec![ids[2]]
        );
        assert_eq!(
            sorted(ids_of(&w, f(&|f| f.category = Some("news".into()))).await),
            vec![ids[0], ids[2]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.owner_id = Some(w.id("bob")))).await,
            vec![by_bob.summary.id]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.assignee_id = Some(w.id("carol")))).await,
            vec![ids[2]]
        );
        assert_eq!(
            ids_of(&w, f(&|f| f.scheduled = Some(true))).await,
            vec![ids[0]]
        );
        assert_eq!(ids_of(&w, f(&|f| f.scheduled = Some(false))).await.len(), 4);
        let combined = f(&|f| {
            f.tag = Some("rust".into());
            f.category = Some("news".into());
            f.search = Some("world".into());
        });
        assert_eq!(ids_of(&w, combined).await, vec![ids[0]]);

        // Search follows edits and deletions, folds non-ASCII case, and takes any text.
        let search = |text: &str| {
            let text = text.to_string();
            f(&move |f| f.search = Some(text.clone()))
        };
        let c3 = alice.get_content(ids[3]).await.unwrap();
        let mut edit = update_of(&c3);
        edit.content_markdown = "Now about CAFÉ culture, 社区运营 and \"quotes\".".into();
        alice.update_content(ids[3], edit).await.unwrap();
        assert_eq!(
            ids_of(&w, search("plain")).await,
            Vec::<i64>::new(),
            "old text gone"
        );
        assert_eq!(ids_of(&w, search("café")).await, vec![ids[3]]);
        assert_eq!(
            ids_of(&w, search("社区")).await,
            vec![ids[3]],
            "two CJK characters"
        );
        assert_eq!(ids_of(&w, search("社区运营")).await, vec![ids[3]]);
        assert_eq!(ids_of(&w, search("\"quotes\"")).await, vec![ids[3]]);
        assert_eq!(
            ids_of(&w, search("date_x")).await,
            vec![ids[3]],
            "title is searched"
        );
        let gone = alice.create_content(draft("Zebra crossing")).await.unwrap();
        alice.delete_content(gone.summary.id).await.unwrap();
        let reused = alice.create_content(draft("Other")).await.unwrap();
        assert_eq!(
            ids_of(&w, search("zebra")).await,
            Vec::<i64>::new(),
            "{reused:?}"
        );
        alice.delete_content(reused.summary.id).await.unwrap();

        // Sorting and paging.
        let by_title = ids_of(
            &w,
            f(&|f| {
                f.sort = ContentSort::Title;
                f.direction = SortDirection::Asc;
            }),
        )
        .await;
        assert_eq!(
            by_title,
            vec![ids[1], ids[0], by_bob.summary.id, ids[2], ids[3]]
        );
        let by_created = ids_of(
            &w,
            f(&|f| {
                f.sort = ContentSort::CreatedAt;
                f.direction = SortDirection::Asc;
            }),
        )
        .await;
        assert_eq!(
            by_created,
            vec![ids[0], ids[1], ids[2], ids[3], by_bob.summary.id]
        );
        let by_schedule = ids_of(
            &w,
            f(&|f| {
                f.sort = ContentSort::ScheduledPublishAt;
                f.direction = SortDirection::Desc;
            }),
        )
        .await;
        assert_eq!(
            by_schedule[0], ids[0],
            "unscheduled last whichever the direction"
        );
        let page = w
            .client("dave")
            .list_contents(f(&|f| {
                f.sort = ContentSort::CreatedAt;
                f.direction = SortDirection::Asc;
                f.page = Some(2);
                f.page_size = Some(2);
            }))
            .await
            .unwrap();
        assert_eq!(page.total, 5);
        assert_eq!(
            page.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![ids[2], ids[3]]
        );
        let json = serde_json::to_string(&page).unwrap();
        assert!(
            !json.contains("content_markdown") && !json.contains("plain"),
            "{json}"
        );
        assert_eq!(page.items[0].tags, vec!["go"]);
        for size in [0, 201] {
            let err = alice
                .list_contents(f(&|f| f.page_size = Some(size)))
                .await
                .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("page_size"));
        }
        let nobody = t.client(&clock);
        assert_eq!(
            nobody
                .list_contents(ContentFilter::default())
                .await
                .unwrap_err()
                .code,
            ErrorCode::Unauthenticated
        );
    })
    .await;
}

#[tokio::test]
async fn calendar_reschedules_in_the_community_time_zone() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "America/New_York").await;
        let alice = w.client("alice");
        let at = |y, m, d, h, min| Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let schedule = |id: i64, when| async move {
            let c = alice.get_content(id).await.unwrap();
            let mut u = update_of(&c);
            u.scheduled_publish_at = Some(when);
            alice.update_content(id, u).await.unwrap()
        };

        // 09:30 EST on Friday 6 March → Tuesday 10 March, after the switch to EDT: still 09:30.
        let c = w.content("Across DST").await;
        schedule(c.summary.id, at(2026, 3, 6, 14, 30)).await;
        let v = alice
            .reschedule_content(c.summary.id, day(2026, 3, 10))
            .await
            .unwrap();
        assert_eq!(
            v.summary.scheduled_publish_at,
            Some(at(2026, 3, 10, 13, 30))
        );
        assert_eq!(
            audit_count(alice, "reschedule_content", c.summary.id).await,
            1
        );

        // 02:30 does not exist on 8 March 2026 in New York: it becomes 03:30 EDT.
        let gap = w.content("Into the gap").await;
        schedule(gap.summary.id, at(2026, 3, 7, 7, 30)).await;
        let v = alice
            .reschedule_content(gap.summary.id, day(2026, 3, 8))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 3, 8, 7, 30)));

        // 01:30 exists twice on 1 November 2026: the earlier (EDT) one is taken.
        let twice = w.content("Twice").await;
        schedule(twice.summary.id, at(2026, 10, 30, 5, 30)).await;
        let v = alice
            .reschedule_content(twice.summary.id, day(2026, 11, 1))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 11, 1, 5, 30)));
        // And back across the change: 01:30 EST on 2 November.
        let v = alice
            .reschedule_content(twice.summary.id, day(2026, 11, 2))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 11, 2, 6, 30)));

        // An unscheduled content dropped on a day gets 09:00 local.
        let tray = w.content("Unscheduled").await;
        let unscheduled = w
            .client("dave")
            .list_contents(ContentFilter {
                scheduled: Some(false),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            unscheduled.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![tray.summary.id]
        );
        let v = alice
            .reschedule_content(tray.summary.id, day(2026, 3, 20))
            .await
            .unwrap();
        assert_eq!(v.summary.scheduled_publish_at, Some(at(2026, 3, 20, 13, 0)));

        // The calendar returns what is in the range, earliest first.
        let march = w
            .client("dave")
            .content_calendar(at(2026, 3, 1, 5, 0), at(2026, 4, 1, 4, 0))
            .await
            .unwrap();
        assert_eq!(
            march.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![gap.summary.id, c.summary.id, tray.summary.id]
        );
        let err = alice
            .content_calendar(at(2026, 4, 1, 0, 0), at(2026, 3, 1, 0, 0))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("to"));
        assert_eq!(
            w.client("dave")
                .reschedule_content(c.summary.id, day(2026, 3, 11))
                .await
                .unwrap_err()
                .code,
            ErrorCode::Forbidden
        );
        assert_eq!(
            w.client("frank")
                .reschedule_content(c.summary.id, day(2026, 3, 11))
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert!(w
            .client("frank")
            .content_calendar(at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend([0u8; 64]);
    b
}

fn media_files(core: &gecko_core::Core) -> Vec<String> {
    match std::fs::read_dir(&core.config().media_dir) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    }
}

#[tokio::test]
async fn cover_images_are_sniffed_and_replaced() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        let c = w.content("Covered").await;

        // The name says PNG, the bytes say otherwise: refused, nothing written.
        for (name, bytes) in [
            ("cover.png", b"<svg onload=alert(1)>".to_vec()),
            ("cover.gif", b"GIF89a\x01\0\x01\0\0\0\0".to_vec()),
            ("empty.jpg", vec![]),
        ] {
            let err = alice
                .set_content_cover(c.summary.id, name.into(), bytes)
                .await
                .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("cover_image"), "{name}");
        }
        let mut huge = png();
        huge.resize(10 * 1024 * 1024 + 1, 0);
        let err = alice
            .set_content_cover(c.summary.id, "big.png".into(), huge)
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("cover_image"));
        let err = w
            .client("dave")
            .set_content_cover(c.summary.id, "x.png".into(), png())
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        let err = w
            .client("frank")
            .set_content_cover(c.summary.id, "x.png".into(), png())
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::NotFound);
        assert!(media_files(alice).is_empty());

        // A JPEG named .png is a JPEG: the stored name says so.
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec();
        let v = alice
            .set_content_cover(c.summary.id, "photo.png".into(), jpeg.clone())
            .await
            .unwrap();
        let first = v.summary.cover_image.clone().unwrap();
        assert!(
            first.starts_with("media/") && first.ends_with(".jpg"),
            "{first}"
        );
        let first_path = alice.media_path(&first).unwrap();
        assert_eq!(std::fs::read(&first_path).unwrap(), jpeg);

        // A new cover (WebP) replaces the old file.
        let mut webp = b"RIFF\x24\0\0\0WEBPVP8 ".to_vec();
        webp.extend([0u8; 32]);
        let v = w
            .client("bob")
            .set_content_cover(c.summary.id, "c.webp".into(), webp)
            .await
            .unwrap();
        let second = v.summary.cover_image.unwrap();
        assert!(second.ends_with(".webp"));
        assert!(!first_path.exists(), "old cover removed");
        assert_eq!(media_files(alice).len(), 1);
        assert_eq!(audit_count(alice, "set_cover", c.summary.id).await, 2);

        // References are never paths: traversal does not resolve.
        assert!(alice.media_path("media/../test.db").is_none());
        assert!(alice.media_path("/etc/passwd").is_none());

        // Deleting the content removes its cover.
        alice.delete_content(c.summary.id).await.unwrap();
        assert!(media_files(alice).is_empty());
    })
    .await;
}
