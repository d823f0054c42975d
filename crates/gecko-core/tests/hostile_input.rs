//! Hostile input on both backends: every command that takes text, numbers, dates or files from a
//! person is fed empty, huge, control, NUL, right-to-left, SQL-looking and FTS-looking values,
//! out-of-range numbers and broken files. Each refusal must be a typed error naming the field
//! at fault, never `internal`, never leaking SQL, and must leave every table as it was.

mod governance_support;

use chrono::{NaiveDate, TimeZone, Utc};
use gecko_core::communities::CommunityInput;
use gecko_core::content::{ContentFilter, ContentUpdate, ContentView, NewContent, SourceType};
use gecko_core::db::Arg;
use gecko_core::governance::committees::{CommitteeInput, CommitteeView};
use gecko_core::governance::meetings::MeetingInput;
use gecko_core::governance::members::CommitteeMemberInput;
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::safety::tables::TABLES;
use gecko_core::safety::transfer::read_table;
use gecko_core::testing::{self, each_backend, TestDb, PASSWORD};
use gecko_core::users::{NewUser, UserUpdate};
use gecko_core::{Core, CoreError, ErrorCode};
use governance_support::meeting;
use std::fmt::Debug;

type Snapshot = Vec<(&'static str, Vec<Vec<Arg>>)>;

/// Every row of every table.
async fn snapshot(t: &TestDb) -> Snapshot {
    let mut out = Vec::new();
    for table in TABLES {
        out.push((table.name, read_table(&t.db, table).await.unwrap()));
    }
    out
}

/// Words that must never reach a person: SQL, driver and Rust internals.
const LEAKS: [&str; 9] = [
    "SELECT",
    "INSERT",
    "UPDATE ",
    "sqlx",
    "SQLSTATE",
    "syntax error",
    "returned from database",
    "panicked",
    "Error {",
];

/// Collects every wrong answer so one run lists them all.
#[derive(Default)]
struct Probe {
    failures: Vec<String>,
}

impl Probe {
    /// The call must fail with `code`, naming `field` when given.
    fn refused<T: Debug>(
        &mut self,
        label: &str,
        result: Result<T, CoreError>,
        code: ErrorCode,
        field: Option<&str>,
    ) {
        match result {
            Ok(v) => self
                .failures
                .push(format!("{label}: accepted ({:.120})", format!("{v:?}"))),
            Err(e) => {
                if e.code != code || (field.is_some() && e.field.as_deref() != field) {
                    self.failures.push(format!(
                        "{label}: got {:?} field {:?} ({}), want {code:?} field {field:?}",
                        e.code, e.field, e.message
                    ));
                }
                self.no_leak(label, &e);
            }
        }
    }

    /// Either answer is fine as long as a refusal is typed and clean.
    fn handled<T: Debug>(&mut self, label: &str, result: Result<T, CoreError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                if e.code == ErrorCode::Internal {
                    self.failures.push(format!("{label}: internal error"));
                }
                self.no_leak(label, &e);
                None
            }
        }
    }

    fn no_leak(&mut self, label: &str, e: &CoreError) {
        for word in LEAKS {
            if e.message.contains(word) || e.message_zh.contains(word) {
                self.failures
                    .push(format!("{label}: message leaks {word:?}: {}", e.message));
            }
        }
    }

    /// Names the tables whose rows differ.
    fn unchanged(&mut self, label: &str, before: &Snapshot, after: &Snapshot) {
        for ((name, a), (_, b)) in before.iter().zip(after) {
            if a != b {
                self.failures.push(format!(
                    "{label}: table {name} changed ({} → {} rows)",
                    a.len(),
                    b.len()
                ));
            }
        }
    }

    fn done(self, backend: &str) {
        assert!(
            self.failures.is_empty(),
            "{backend}:\n{}",
            self.failures.join("\n")
        );
    }
}

/// Strings a hostile or careless person types.
fn hostile_texts() -> Vec<(&'static str, String)> {
    vec![
        ("control", "bell\u{7}escape\u{1b}[31m".into()),
        ("rtl-emoji", "\u{202e}مرحبا 🦎 שלום".into()),
        ("sql", "'; DROP TABLE users; --".into()),
        ("like", "100% _under\\score\"".into()),
        ("fts", "a AND b OR NOT c NEAR(d e) * \"unbalanced".into()),
    ]
}

const HUGE: usize = 100 * 1024;

fn community(name: &str, slug: &str) -> CommunityInput {
    governance_support::community(name, slug, "Asia/Shanghai")
}

fn committee(name: &str, slug: &str) -> CommitteeInput {
    CommitteeInput {
        name: name.into(),
        ..governance_support::committee(slug)
    }
}

/// Root with committee `tsc` and a draft titled `title`.
async fn with_committee_and_content(t: &TestDb, title: &str) -> (Core, CommitteeView, ContentView) {
    let root = root(t).await;
    let tsc = root
        .create_committee(committee("TSC", "tsc"))
        .await
        .unwrap();
    let c = root.create_content(draft(title)).await.unwrap();
    (root, tsc, c)
}

fn user(username: &str, email: &str, full_name: &str) -> NewUser {
    NewUser {
        username: username.into(),
        email: email.into(),
        full_name: full_name.into(),
        password: PASSWORD.into(),
        is_superuser: false,
    }
}

/// Root, signed in and inside community A.
async fn root(t: &TestDb) -> Core {
    governance_support::world(t, &testing::test_clock(), "Asia/Shanghai")
        .await
        .root
}

fn draft(title: &str) -> NewContent {
    NewContent {
        title: title.into(),
        content_markdown: "body".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn hostile_text_is_refused_or_stored_verbatim_never_internal() {
    each_backend(|t| async move {
        let root = root(&t).await;
        let tsc = root
            .create_committee(committee("TSC", "tsc"))
            .await
            .unwrap();
        let m = root
            .create_meeting(meeting(tsc.id, "2026-05-01 10:00"))
            .await
            .unwrap();
        let mut p = Probe::default();
        let huge = "x".repeat(HUGE);

        // Empty, blank and huge values are refused with the field named.
        for (label, blank) in [("empty", ""), ("blank", " \t\n ")] {
            let before = snapshot(&t).await;
            p.refused(
                &format!("content title {label}"),
                root.create_content(draft(blank)).await,
                ErrorCode::Validation,
                Some("title"),
            );
            p.refused(
                &format!("community name {label}"),
                root.create_community(community(blank, "x1")).await,
                ErrorCode::Validation,
                Some("name"),
            );
            p.refused(
                &format!("committee name {label}"),
                root.create_committee(committee(blank, "x1")).await,
                ErrorCode::Validation,
                Some("name"),
            );
            p.refused(
                &format!("meeting title {label}"),
                root.create_meeting(MeetingInput {
                    title: blank.into(),
                    ..meeting(tsc.id, "2026-05-01 10:00")
                })
                .await,
                ErrorCode::Validation,
                Some("title"),
            );
            p.refused(
                &format!("member name {label}"),
                root.create_committee_member(
                    tsc.id,
                    CommitteeMemberInput {
                        name: blank.into(),
                        ..Default::default()
                    },
                )
                .await,
                ErrorCode::Validation,
                Some("name"),
            );
            p.refused(
                &format!("participant {label}"),
                root.add_meeting_participant(
                    m.summary.id,
                    ParticipantInput {
                        name: blank.into(),
                        email: blank.into(),
                    },
                )
                .await,
                ErrorCode::Validation,
                None,
            );
            p.refused(
                &format!("user {label}"),
                root.create_user(user(&blank, "u@example.org", "")).await,
                ErrorCode::Validation,
                Some("username"),
            );
            p.unchanged(
                &format!("{label} changed the data"),
                &before,
                &snapshot(&t).await,
            );
        }

        let before = snapshot(&t).await;
        p.refused(
            "content title huge",
            root.create_content(draft(&huge)).await,
            ErrorCode::Validation,
            Some("title"),
        );
        p.refused(
            "community name huge",
            root.create_community(community(&huge, "x1")).await,
            ErrorCode::Validation,
            Some("name"),
        );
        p.refused(
            "community slug huge",
            root.create_community(community("X", &huge)).await,
            ErrorCode::Validation,
            Some("slug"),
        );
        p.refused(
            "committee slug huge",
            root.create_committee(committee("X", &huge)).await,
            ErrorCode::Validation,
            Some("slug"),
        );
        p.refused(
            "meeting title huge",
            root.create_meeting(MeetingInput {
                title: huge.clone(),
                ..meeting(tsc.id, "2026-05-01 10:00")
            })
            .await,
            ErrorCode::Validation,
            Some("title"),
        );
        p.refused(
            "content tag huge",
            root.create_content(NewContent {
                tags: vec![huge.clone()],
                ..draft("t")
            })
            .await,
            ErrorCode::Validation,
            Some("tags"),
        );
        p.refused(
            "content category huge",
            root.create_content(NewContent {
                category: huge.clone(),
                ..draft("t")
            })
            .await,
            ErrorCode::Validation,
            Some("category"),
        );
        p.refused(
            "user email huge",
            root.create_user(user("huge", &format!("{huge}@example.org"), ""))
                .await,
            ErrorCode::Validation,
            Some("email"),
        );
        p.refused(
            "search huge",
            root.list_contents(ContentFilter {
                search: Some(huge.clone()),
                ..Default::default()
            })
            .await,
            ErrorCode::Validation,
            Some("search"),
        );
        p.unchanged(
            &format!("huge values changed the data"),
            &before,
            &snapshot(&t).await,
        );

        // Odd but printable text is either stored as typed or refused cleanly; searching for
        // it finds it and never breaks the query.
        for (i, (label, text)) in hostile_texts().into_iter().enumerate() {
            let created = p.handled(
                &format!("content {label}"),
                root.create_content(NewContent {
                    title: text.clone(),
                    content_markdown: text.clone(),
                    tags: vec![text.clone()],
                    category: text.clone(),
                    author: text.clone(),
                    ..Default::default()
                })
                .await,
            );
            if let Some(c) = &created {
                if c.summary.title != text.trim() {
                    p.failures.push(format!(
                        "content {label}: title stored as {:?}",
                        c.summary.title
                    ));
                }
            }
            for search in [text.clone(), text.chars().take(2).collect()] {
                let found = p.handled(
                    &format!("search {label} {search:?}"),
                    root.list_contents(ContentFilter {
                        search: Some(search.clone()),
                        ..Default::default()
                    })
                    .await,
                );
                if let (Some(c), Some(page)) = (&created, found) {
                    if !page.items.iter().any(|s| s.id == c.summary.id) {
                        p.failures
                            .push(format!("search {label} {search:?} misses its content"));
                    }
                }
            }
            p.handled(
                &format!("tag filter {label}"),
                root.list_contents(ContentFilter {
                    tag: Some(text.clone()),
                    category: Some(text.clone()),
                    ..Default::default()
                })
                .await,
            );
            p.handled(
                &format!("search users {label}"),
                root.search_users(text.clone()).await,
            );
            p.handled(
                &format!("community {label}"),
                root.create_community(CommunityInput {
                    description: text.clone(),
                    ..community(&text, &format!("h{i}"))
                })
                .await,
            );
            p.handled(
                &format!("committee {label}"),
                root.create_committee(CommitteeInput {
                    description: text.clone(),
                    notification_wechat: Some(text.clone()),
                    ..committee(&text, &format!("h{i}"))
                })
                .await,
            );
            p.handled(
                &format!("member {label}"),
                root.create_committee_member(
                    tsc.id,
                    CommitteeMemberInput {
                        name: text.clone(),
                        organization: Some(text.clone()),
                        roles: vec![text.clone()],
                        bio: Some(text.clone()),
                        ..Default::default()
                    },
                )
                .await,
            );
            p.handled(
                &format!("meeting {label}"),
                root.create_meeting(MeetingInput {
                    title: text.clone(),
                    location: Some(text.clone()),
                    agenda: Some(text.clone()),
                    ..meeting(tsc.id, "2026-05-01 10:00")
                })
                .await,
            );
            p.handled(
                &format!("user {label}"),
                root.create_user(user(&text, &format!("u{i}@example.org"), &text))
                    .await,
            );
            p.handled(
                &format!("preview markdown {label}"),
                root.preview_markdown(text.clone()).await,
            );
        }

        // NUL cannot be stored by PostgreSQL: refused on both backends, naming the field.
        let before = snapshot(&t).await;
        let nul = || "before\0after".to_string();
        for (field, input) in [
            (
                "title",
                NewContent {
                    title: nul(),
                    ..draft("t")
                },
            ),
            (
                "content_markdown",
                NewContent {
                    content_markdown: nul(),
                    ..draft("t")
                },
            ),
            (
                "tags",
                NewContent {
                    tags: vec![nul()],
                    ..draft("t")
                },
            ),
            (
                "category",
                NewContent {
                    category: nul(),
                    ..draft("t")
                },
            ),
            (
                "author",
                NewContent {
                    author: nul(),
                    ..draft("t")
                },
            ),
        ] {
            p.refused(
                &format!("content {field} with NUL"),
                root.create_content(input).await,
                ErrorCode::Validation,
                Some(field),
            );
        }
        p.refused(
            "search with NUL",
            root.list_contents(ContentFilter {
                search: Some(nul()),
                ..Default::default()
            })
            .await,
            ErrorCode::Validation,
            Some("search"),
        );
        p.refused(
            "community with NUL",
            root.create_community(community(&nul(), "nul")).await,
            ErrorCode::Validation,
            Some("name"),
        );
        p.refused(
            "committee with NUL",
            root.create_committee(committee(&nul(), "nul")).await,
            ErrorCode::Validation,
            Some("name"),
        );
        p.refused(
            "member with NUL",
            root.create_committee_member(
                tsc.id,
                CommitteeMemberInput {
                    name: "N".into(),
                    bio: Some(nul()),
                    ..Default::default()
                },
            )
            .await,
            ErrorCode::Validation,
            Some("bio"),
        );
        p.refused(
            "meeting with NUL",
            root.create_meeting(MeetingInput {
                agenda: Some(nul()),
                ..meeting(tsc.id, "2026-05-01 10:00")
            })
            .await,
            ErrorCode::Validation,
            Some("agenda"),
        );
        p.refused(
            "user with NUL",
            root.create_user(user("nul", "nul@example.org", &nul()))
                .await,
            ErrorCode::Validation,
            Some("full_name"),
        );
        for text in [nul(), "\0".into()] {
            p.handled("search users with NUL", root.search_users(text).await);
        }
        p.unchanged("NUL changed the data", &before, &snapshot(&t).await);

        // Emails and slugs that only look valid.
        let before = snapshot(&t).await;
        for bad in [
            "a@b",
            "a b@c.d",
            "\0@x.org",
            "a@x.org\0",
            "<a>@x.org",
            "a@x.org>\r\nBcc: z@y.org",
        ] {
            p.refused(
                &format!("user email {bad:?}"),
                root.create_user(user("mail", &bad, "")).await,
                ErrorCode::Validation,
                Some("email"),
            );
            p.refused(
                &format!("participant email {bad:?}"),
                root.add_meeting_participant(
                    m.summary.id,
                    ParticipantInput {
                        name: "P".into(),
                        email: bad.into(),
                    },
                )
                .await,
                ErrorCode::Validation,
                Some("email"),
            );
        }
        for bad in ["UPPER", "a b", "ü", "a_b", "'; --", "\0"] {
            p.refused(
                &format!("community slug {bad:?}"),
                root.create_community(community("S", bad)).await,
                ErrorCode::Validation,
                Some("slug"),
            );
        }
        for bad in [
            "javascript:alert(1)",
            "ftp://x",
            "http://",
            "not a url",
            "http://\0x",
        ] {
            p.refused(
                &format!("community url {bad:?}"),
                root.create_community(CommunityInput {
                    url: Some(bad.into()),
                    ..community("U", "u1")
                })
                .await,
                ErrorCode::Validation,
                Some("url"),
            );
        }
        for bad in ["", "Mars/Olympus", "UTC'; --", "\0"] {
            p.refused(
                &format!("community timezone {bad:?}"),
                root.create_community(CommunityInput {
                    timezone: bad.into(),
                    ..community("Z", "z1")
                })
                .await,
                ErrorCode::Validation,
                Some("timezone"),
            );
        }
        p.refused(
            "update user bad email",
            root.update_user(UserUpdate {
                id: 1,
                email: "nope".into(),
                full_name: String::new(),
            })
            .await,
            ErrorCode::Validation,
            Some("email"),
        );
        p.unchanged(
            &format!("bad emails/slugs changed the data"),
            &before,
            &snapshot(&t).await,
        );

        p.done(&format!("{:?}", t.backend()));
    })
    .await;
}

#[tokio::test]
async fn hostile_numbers_ids_and_dates_are_refused() {
    each_backend(|t| async move {
        let (root, tsc, c) = with_committee_and_content(&t, "Keep").await;
        let mut p = Probe::default();
        let before = snapshot(&t).await;

        for id in [0, -1, i64::MIN, i64::MAX, i64::from(i32::MAX) + 1] {
            p.refused(
                &format!("get content {id}"),
                root.get_content(id).await,
                ErrorCode::NotFound,
                None,
            );
            p.refused(
                &format!("delete content {id}"),
                root.delete_content(id).await,
                ErrorCode::NotFound,
                None,
            );
            p.refused(
                &format!("get committee {id}"),
                root.get_committee(id).await,
                ErrorCode::NotFound,
                None,
            );
            p.refused(
                &format!("get meeting {id}"),
                root.get_meeting(id).await,
                ErrorCode::NotFound,
                None,
            );
            p.refused(
                &format!("meeting in committee {id}"),
                root.create_meeting(meeting(id, "2026-05-01 10:00")).await,
                ErrorCode::NotFound,
                None,
            );
            p.refused(
                &format!("collaborator {id}"),
                root.set_content_collaborators(c.summary.id, vec![id]).await,
                ErrorCode::Validation,
                None,
            );
            p.handled(
                &format!("list contents owner {id}"),
                root.list_contents(ContentFilter {
                    owner_id: Some(id),
                    assignee_id: Some(id),
                    ..Default::default()
                })
                .await,
            );
        }

        for size in [0u32, 201, u32::MAX] {
            p.refused(
                &format!("page size {size}"),
                root.list_contents(ContentFilter {
                    page_size: Some(size),
                    ..Default::default()
                })
                .await,
                ErrorCode::Validation,
                Some("page_size"),
            );
        }
        for page in [0u32, u32::MAX] {
            p.handled(
                &format!("page {page}"),
                root.list_contents(ContentFilter {
                    page: Some(page),
                    ..Default::default()
                })
                .await,
            );
        }

        for (duration, lead) in [
            (Some(0), None),
            (Some(-5), None),
            (Some(i32::MAX), None),
            (Some(i32::MIN), None),
            (None, Some(-1)),
            (None, Some(i32::MAX)),
            (None, Some(i32::MIN)),
        ] {
            let field = if duration.is_some() {
                "duration_minutes"
            } else {
                "reminder_before_hours"
            };
            p.refused(
                &format!("meeting duration {duration:?} lead {lead:?}"),
                root.create_meeting(MeetingInput {
                    duration_minutes: duration,
                    reminder_before_hours: lead,
                    ..meeting(tsc.id, "2026-05-01 10:00")
                })
                .await,
                ErrorCode::Validation,
                Some(field),
            );
        }
        for start in [
            "2026-02-30 10:00",
            "2026-05-01 24:00",
            "2026-13-01 10:00",
            "",
            "   ",
            "tomorrow",
            "2026-05-01 10:00'; --",
            "2026-05-01\010:00",
            // Asia/Shanghai has no DST, but an explicit bad offset is still bad.
            "2026-05-01T10:00:00+25:00",
        ] {
            p.refused(
                &format!("meeting start {start:?}"),
                root.create_meeting(meeting(tsc.id, start)).await,
                ErrorCode::Validation,
                Some("starts_at"),
            );
        }
        p.unchanged(
            &format!("refused numbers changed the data"),
            &before,
            &snapshot(&t).await,
        );

        // Dates outside the years 1–9999 are refused with the field named: PostgreSQL cannot
        // store some of them and SQLite would sort them wrongly.
        p.refused(
            "meeting in year 0",
            root.create_meeting(meeting(tsc.id, "0000-01-01 00:00"))
                .await,
            ErrorCode::Validation,
            Some("starts_at"),
        );
        for date in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        ] {
            p.refused(
                &format!("reschedule to {date}"),
                root.reschedule_content(c.summary.id, date).await,
                ErrorCode::Validation,
                Some("date"),
            );
            p.refused(
                &format!("member term {date}"),
                root.create_committee_member(
                    tsc.id,
                    CommitteeMemberInput {
                        name: format!("T {date}"),
                        term_start: Some(date),
                        ..Default::default()
                    },
                )
                .await,
                ErrorCode::Validation,
                Some("term_start"),
            );
            p.refused(
                &format!("committee established {date}"),
                root.create_committee(CommitteeInput {
                    established_on: Some(date),
                    ..committee("Old", "old")
                })
                .await,
                ErrorCode::Validation,
                Some("established_on"),
            );
        }
        let far = [
            chrono::DateTime::<Utc>::MIN_UTC,
            chrono::DateTime::<Utc>::MAX_UTC,
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
        ];
        for at in far {
            p.refused(
                &format!("schedule at {at}"),
                root.create_content(NewContent {
                    scheduled_publish_at: Some(at),
                    ..draft("far")
                })
                .await,
                ErrorCode::Validation,
                Some("scheduled_publish_at"),
            );
        }
        p.unchanged("far dates changed the data", &before, &snapshot(&t).await);

        // Far queries answer or refuse cleanly; far but storable dates are kept and exported.
        for (from, to) in [(far[0], far[1]), (far[1], far[0]), (far[2], far[1])] {
            p.handled(
                &format!("content calendar {from} {to}"),
                root.content_calendar(from, to).await,
            );
        }
        for start in [
            "0001-01-01 00:00",
            "9999-12-31 23:59",
            "1900-01-01T00:00:00Z",
        ] {
            if let Some(m) = p.handled(
                &format!("meeting start {start:?}"),
                root.create_meeting(meeting(tsc.id, start)).await,
            ) {
                p.handled(
                    &format!("ics {start:?}"),
                    root.export_meeting_ics(m.summary.id).await,
                );
                p.handled(
                    &format!("reminders {start:?}"),
                    root.list_meeting_reminders(m.summary.id).await,
                );
            }
        }
        for date in [
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        ] {
            p.handled(
                &format!("reschedule to {date}"),
                root.reschedule_content(c.summary.id, date).await,
            );
        }
        p.done(&format!("{:?}", t.backend()));
    })
    .await;
}

#[tokio::test]
async fn stale_versions_conflict_and_double_deletes_are_not_found() {
    each_backend(|t| async move {
        let root = root(&t).await;
        let c = root.create_content(draft("Versioned")).await.unwrap();
        let update = |version: i64| ContentUpdate {
            version,
            title: "Changed".into(),
            content_markdown: "changed".into(),
            source_type: SourceType::Contribution,
            author: String::new(),
            tags: vec![],
            category: String::new(),
            scheduled_publish_at: None,
        };
        root.update_content(c.summary.id, update(c.summary.version))
            .await
            .unwrap();
        let mut p = Probe::default();
        let before = snapshot(&t).await;
        for version in [c.summary.version, c.summary.version + 100, -1, i64::MAX] {
            p.refused(
                &format!("stale version {version}"),
                root.update_content(c.summary.id, update(version)).await,
                ErrorCode::Conflict,
                None,
            );
        }
        p.unchanged(
            &format!("a stale update changed the data"),
            &before,
            &snapshot(&t).await,
        );

        root.delete_content(c.summary.id).await.unwrap();
        p.refused(
            "delete content twice",
            root.delete_content(c.summary.id).await,
            ErrorCode::NotFound,
            None,
        );
        let tsc = root
            .create_committee(committee("TSC", "tsc"))
            .await
            .unwrap();
        root.delete_committee(tsc.id).await.unwrap();
        p.refused(
            "delete committee twice",
            root.delete_committee(tsc.id).await,
            ErrorCode::NotFound,
            None,
        );
        p.done(&format!("{:?}", t.backend()));
    })
    .await;
}

/// A zip archive with the given (name, bytes) entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn broken_files_are_refused_and_import_nothing() {
    each_backend(|t| async move {
        let (root, tsc, c) = with_committee_and_content(&t, "Cover me").await;
        let mut p = Probe::default();
        let before = snapshot(&t).await;

        // Committee member CSV files.
        let mut many = String::from("name,email,roles\n");
        for i in 0..10_000 {
            many.push_str(&format!("N{i},n{i}@example.org,委员\n"));
        }
        let csvs: Vec<(&str, Vec<u8>)> = vec![
            ("empty", vec![]),
            ("header only", b"name,email,roles\n".to_vec()),
            (
                "header only with BOM",
                b"\xef\xbb\xbfname,email,roles\r\n".to_vec(),
            ),
            ("wrong columns", b"foo,bar\n1,2\n".to_vec()),
            (
                "non-utf8",
                b"name,email\n\xff\xfe\xfd,a@example.org\n".to_vec(),
            ),
            ("utf16", b"\xff\xfen\0a\0m\0e\0\n\0".to_vec()),
            (
                "unbalanced quote",
                b"name,email\n\"Ann,a@example.org\n".to_vec(),
            ),
            (
                "ragged",
                b"name,email\nAnn,a@example.org,x,y,z\nBob\n".to_vec(),
            ),
            ("bad email", b"name,email\nAnn,not-an-email\n".to_vec()),
            ("nul", b"name,email\nA\0nn,a@example.org\n".to_vec()),
            (
                "huge cell",
                format!("name\n{}\n", "x".repeat(HUGE)).into_bytes(),
            ),
            ("binary", (0..=255u8).cycle().take(4096).collect()),
        ];
        for (label, bytes) in &csvs {
            p.handled(
                &format!("csv preview {label}"),
                root.preview_committee_member_import(tsc.id, bytes.clone())
                    .await,
            );
            p.refused(
                &format!("csv import {label}"),
                root.import_committee_members(tsc.id, bytes.clone()).await,
                ErrorCode::Validation,
                Some("file"),
            );
        }
        p.unchanged("broken CSV changed the data", &before, &snapshot(&t).await);

        // A BOM and a big valid file work; the big one all or nothing.
        p.handled(
            "csv with BOM",
            root.import_committee_members(
                tsc.id,
                b"\xef\xbb\xbfname,email,roles\nAnn,ann@example.org,\xe5\xa7\x94\xe5\x91\x98\n"
                    .to_vec(),
            )
            .await,
        );
        p.handled(
            "csv 10k rows",
            root.import_committee_members(tsc.id, many.into_bytes())
                .await,
        );
        let members = root.list_committee_members(tsc.id).await.unwrap();
        if !members.iter().any(|m| m.name == "Ann") {
            p.failures.push("csv with BOM: Ann not imported".into());
        }

        // Markdown and Word imports.
        let before = snapshot(&t).await;
        let mut bomb = Vec::new();
        bomb.resize(130 * 1024 * 1024, b'a');
        let bomb = zip_of(&[("word/document.xml", &bomb)]);
        let docx = zip_of(&[("word/document.xml", b"<w:document><w:body>")]);
        let imports: Vec<(&str, &str, Vec<u8>)> = vec![
            ("md empty", "a.md", vec![]),
            ("md non-utf8", "a.md", b"# T\n\xff\xfe".to_vec()),
            ("md nul", "a.md", b"# T\0itle\n\nbody".to_vec()),
            (
                "md broken yaml",
                "a.md",
                b"---\ntitle: [unclosed\ntags: {a: \n---\nbody".to_vec(),
            ),
            (
                "md yaml wrong types",
                "a.md",
                b"---\ntitle: 5\ntags: 7\ndate: yesterday\n---\nbody".to_vec(),
            ),
            (
                "md huge front matter",
                "a.md",
                format!("---\ntitle: {}\n---\nbody", "x".repeat(HUGE)).into_bytes(),
            ),
            (
                "md yaml alias bomb",
                "a.md",
                b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
                  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                  g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\ntitle: Bomb\n---\nbody"
                    .to_vec(),
            ),
            (
                "md unterminated front matter",
                "a.md",
                b"---\ntitle: x\nbody".to_vec(),
            ),
            (
                "md far date",
                "a.md",
                b"---\ntitle: Far\ndate: 0000-01-01\n---\nbody".to_vec(),
            ),
            (
                "docx random",
                "a.docx",
                (0..=255u8).cycle().take(5000).collect(),
            ),
            ("docx empty", "a.docx", vec![]),
            ("docx truncated", "a.docx", docx[..docx.len() / 2].to_vec()),
            ("docx not word", "a.docx", zip_of(&[("x.txt", b"hello")])),
            ("docx broken xml", "a.docx", docx),
            ("docx bomb", "a.docx", bomb),
            (
                "docx that is text",
                "a.docx",
                b"# Just text\n\nHello".to_vec(),
            ),
            ("no extension", "noext", b"# T".to_vec()),
            ("exe", "a.exe", b"MZ\x90\0".to_vec()),
            ("empty name", "", b"# T".to_vec()),
            ("path name", "../../etc/passwd.md", b"# T\n\nx".to_vec()),
        ];
        for (label, name, bytes) in imports {
            // Front matter is read leniently (see content::import_md): broken or odd front
            // matter, an empty file and an odd file name still import.
            let expect_ok = label.starts_with("md ") && label != "md non-utf8" && label != "md nul"
                || label == "path name";
            let result = root.import_content(name.into(), bytes).await;
            if expect_ok {
                if let Some(c) = p.handled(label, result) {
                    if c.summary.title.chars().count() > 500 || c.summary.title.contains('/') {
                        p.failures
                            .push(format!("{label}: title {:.60}", c.summary.title));
                    }
                    if c.summary.scheduled_publish_at.is_some() {
                        p.failures.push(format!("{label}: far date kept"));
                    }
                }
            } else {
                p.refused(label, result, ErrorCode::Validation, Some("file"));
            }
        }
        let mut after = snapshot(&t).await;
        // The accepted imports add contents; everything else must be as it was.
        after.retain(|(name, _)| !name.starts_with("content") && *name != "audit_logs");
        let mut kept = before.clone();
        kept.retain(|(name, _)| !name.starts_with("content") && *name != "audit_logs");
        p.unchanged("broken imports changed the data", &kept, &after);

        // Cover images that are not images.
        let before = snapshot(&t).await;
        for (label, name, bytes) in [
            ("cover empty", "c.png", vec![]),
            ("cover text", "c.png", b"not an image".to_vec()),
            ("cover exe", "c.png", b"MZ\x90\0".to_vec()),
            (
                "cover svg script",
                "c.svg",
                b"<svg onload=alert(1)>".to_vec(),
            ),
            ("cover path", "../../x.png", b"junk".to_vec()),
        ] {
            p.refused(
                label,
                root.set_content_cover(c.summary.id, name.into(), bytes)
                    .await,
                ErrorCode::Validation,
                None,
            );
        }
        p.unchanged("bad covers changed the data", &before, &snapshot(&t).await);

        // Backups that are not backups.
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.tar.gz");
        root.backup_now(good.clone()).await.unwrap();
        let good_bytes = std::fs::read(&good).unwrap();
        let before = snapshot(&t).await;
        for (label, bytes) in [
            ("backup empty", vec![]),
            ("backup garbage", b"garbage".repeat(1000)),
            (
                "backup truncated",
                good_bytes[..good_bytes.len() / 2].to_vec(),
            ),
            ("backup gzip of text", {
                let mut e =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                std::io::Write::write_all(&mut e, b"hello").unwrap();
                e.finish().unwrap()
            }),
            ("backup zip", zip_of(&[("x", b"y")])),
        ] {
            let path = dir.path().join(format!("{label}.tar.gz"));
            std::fs::write(&path, bytes).unwrap();
            let result = root.check_backup(path).await;
            match &result {
                Err(e) if e.code != ErrorCode::Internal => p.no_leak(label, e),
                _ => p.failures.push(format!("{label}: {result:?}")),
            }
        }
        p.refused(
            "backup missing",
            root.check_backup(dir.path().join("missing.tar.gz")).await,
            ErrorCode::NotFound,
            None,
        );
        p.handled(
            "backup into a folder path",
            root.backup_now(dir.path().to_path_buf()).await,
        );
        p.handled(
            "audit export to folder",
            root.export_audit_log(Default::default(), dir.path().display().to_string())
                .await,
        );
        p.handled(
            "audit export to empty path",
            root.export_audit_log(Default::default(), "  ".into()).await,
        );
        // A failed backup records its failure in app_settings (the backup status); nothing else.
        let mut after = snapshot(&t).await;
        after.retain(|(name, _)| *name != "app_settings");
        let mut kept = before.clone();
        kept.retain(|(name, _)| *name != "app_settings");
        p.unchanged("bad backups changed the data", &kept, &after);
        p.done(&format!("{:?}", t.backend()));
    })
    .await;
}

#[tokio::test]
async fn garbage_settings_and_addresses_are_refused() {
    use gecko_core::mail::{SmtpSettingsInput, TlsMode};
    use gecko_core::publish::channels::{ChannelConfigInput, ChannelSettingsInput};
    use gecko_core::publish::Channel;
    use gecko_core::safety::BackupSettings;

    // Database addresses, checked before anything is opened.
    let mut p = Probe::default();
    for url in [
        "",
        "garbage",
        "mysql://x@y/z",
        "postgres://",
        "postgres://u@127.0.0.1:1/none",
        "postgres://u@[::1/none",
        "postgres://u@host:99999/db",
        "postgres://u@host/db?sslmode=nonsense",
        "postgres://u@host\0/db",
    ] {
        match gecko_core::db::test_postgres(url).await {
            Err(e) if matches!(e.code, ErrorCode::Validation | ErrorCode::Unavailable) => {
                p.no_leak(&format!("pg url {url:?}"), &e)
            }
            other => p.failures.push(format!("pg url {url:?}: {other:?}")),
        }
    }
    p.done("no backend");

    each_backend(|t| async move {
        let root = root(&t).await;
        let mut p = Probe::default();
        let before = snapshot(&t).await;
        let smtp = |host: &str, port: i32, from: &str| SmtpSettingsInput {
            host: host.into(),
            port,
            tls_mode: TlsMode::Starttls,
            username: None,
            password: None,
            from_address: from.into(),
        };
        for (label, input, field) in [
            ("smtp empty host", smtp("", 587, "a@example.org"), "host"),
            (
                "smtp host with space",
                smtp("a b", 587, "a@example.org"),
                "host",
            ),
            ("smtp host NUL", smtp("a\0b", 587, "a@example.org"), "host"),
            (
                "smtp huge host",
                smtp(&"h".repeat(HUGE), 587, "a@example.org"),
                "host",
            ),
            (
                "smtp port 0",
                smtp("smtp.example.org", 0, "a@example.org"),
                "port",
            ),
            (
                "smtp port -1",
                smtp("smtp.example.org", -1, "a@example.org"),
                "port",
            ),
            (
                "smtp port 65536",
                smtp("smtp.example.org", 65536, "a@example.org"),
                "port",
            ),
            (
                "smtp port max",
                smtp("smtp.example.org", i32::MAX, "a@example.org"),
                "port",
            ),
            (
                "smtp bad from",
                smtp("smtp.example.org", 587, "nobody"),
                "from_address",
            ),
        ] {
            p.refused(
                &format!("app {label}"),
                root.save_app_smtp_settings(input.clone()).await,
                ErrorCode::Validation,
                Some(field),
            );
            p.refused(
                &format!("community {label}"),
                root.save_community_smtp_settings(input).await,
                ErrorCode::Validation,
                Some(field),
            );
        }
        for to in ["", "nobody", "a@b.c\r\nBcc: x@y.z"] {
            p.refused(
                &format!("test mail to {to:?}"),
                root.send_app_test_mail(to.into()).await,
                ErrorCode::Validation,
                None,
            );
        }

        let wechat = |app_id: &str, base: Option<&str>| ChannelConfigInput {
            enabled: true,
            settings: ChannelSettingsInput::Wechat {
                app_id: app_id.into(),
                app_secret: Some("secret".into()),
                api_base_url: base.map(Into::into),
            },
        };
        for (label, input) in [
            ("wechat empty app id", wechat("", None)),
            ("wechat NUL app id", wechat("wx\0", None)),
            ("wechat huge app id", wechat(&"w".repeat(HUGE), None)),
            (
                "wechat garbage base url",
                wechat("wx1234567890abcdef", Some("not a url")),
            ),
            (
                "wechat file base url",
                wechat("wx1234567890abcdef", Some("file:///etc")),
            ),
            (
                "hugo empty path",
                ChannelConfigInput {
                    enabled: true,
                    settings: ChannelSettingsInput::Hugo {
                        site_path: " ".into(),
                        content_dir: Some("../../etc".into()),
                        front_matter: Default::default(),
                    },
                },
            ),
        ] {
            let channel = match input.settings {
                ChannelSettingsInput::Hugo { .. } => Channel::Hugo,
                _ => Channel::Wechat,
            };
            p.refused(
                label,
                root.save_channel_config(channel, input).await,
                ErrorCode::Validation,
                None,
            );
        }

        for (label, settings, field) in [
            ("backup time 24:00", ("24:00", 7), "daily_time"),
            ("backup time garbage", ("noon", 7), "daily_time"),
            ("backup time empty", ("", 7), "daily_time"),
            ("backup keep 0", ("02:00", 0), "keep_days"),
            ("backup keep -1", ("02:00", -1), "keep_days"),
            ("backup keep max", ("02:00", i32::MAX), "keep_days"),
        ] {
            p.refused(
                label,
                root.set_backup_settings(BackupSettings {
                    enabled: true,
                    daily_time: settings.0.into(),
                    keep_days: settings.1,
                })
                .await,
                ErrorCode::Validation,
                Some(field),
            );
        }
        p.refused(
            "move to garbage postgres",
            root.move_to_postgres("garbage".into()).await,
            ErrorCode::Validation,
            // A team server refuses the move before reading the address.
            Some(match t.backend() {
                gecko_core::db::Backend::Sqlite => "url",
                gecko_core::db::Backend::Postgres => "database",
            }),
        );
        p.unchanged(
            "garbage settings changed the data",
            &before,
            &snapshot(&t).await,
        );
        p.done(&format!("{:?}", t.backend()));
    })
    .await;
}
