//! The content list: filters, sorting and pages.

use super::*;

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
