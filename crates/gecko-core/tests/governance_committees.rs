//! Committees and their members, with CSV import and export, on both backends.

mod governance_support;

use chrono::NaiveDate;
use gecko_core::governance::committees::MeetingFrequency;
use gecko_core::governance::members::CommitteeMemberInput;
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode};
use governance_support::{audit_count, code, committee, count, meeting, world};

fn member(name: &str, email: Option<&str>) -> CommitteeMemberInput {
    CommitteeMemberInput {
        name: name.into(),
        email: email.map(Into::into),
        roles: vec!["主席".into(), "常务委员".into()],
        is_active: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn committees_have_fixed_unique_slugs_and_delete_with_their_meetings() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;

        let mut input = committee("tsc");
        input.meeting_frequency = Some(MeetingFrequency::Monthly);
        input.notification_email = Some(" TSC@Example.org ".into());
        input.established_on = NaiveDate::from_ymd_opt(2020, 5, 1);
        let tsc = w.alice.create_committee(input).await.unwrap();
        assert_eq!(tsc.slug, "tsc");
        assert_eq!(tsc.meeting_frequency, Some(MeetingFrequency::Monthly));
        assert_eq!(tsc.notification_email.as_deref(), Some("tsc@example.org"));
        assert_eq!(tsc.established_on, NaiveDate::from_ymd_opt(2020, 5, 1));

        // The slug is unique in the community, free in another, and checked.
        let err = w
            .alice
            .create_committee(committee("tsc"))
            .await
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Conflict, Some("slug"))
        );
        w.carol.create_committee(committee("tsc")).await.unwrap();
        let err = w
            .alice
            .create_committee(committee("Bad Slug"))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("slug"));

        // Editing keeps the slug whatever is sent, and logs old → new.
        let mut edit = committee("renamed");
        edit.name = "技术监督委员会".into();
        let edited = w.alice.update_committee(tsc.id, edit).await.unwrap();
        assert_eq!(
            (edited.slug.as_str(), edited.name.as_str()),
            ("tsc", "技术监督委员会")
        );
        assert_eq!(edited.meeting_frequency, None);
        let details: serde_json::Value = w
            .root
            .db()
            .scalar(
                "SELECT details FROM audit_logs WHERE action = 'update_committee'",
                vec![],
            )
            .await
            .map(|v: sqlx::types::Json<serde_json::Value>| v.0)
            .unwrap();
        assert_eq!(details["name"][1], "技术监督委员会");
        assert_eq!(
            details["meeting_frequency"],
            serde_json::json!(["monthly", null])
        );

        // Deactivated committees stay listed, after the active ones.
        let other = w.alice.create_committee(committee("board")).await.unwrap();
        w.alice.set_committee_active(tsc.id, false).await.unwrap();
        let list = w.bob.list_committees().await.unwrap();
        let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![other.id, tsc.id]);
        assert!(!list[1].is_active);

        // Deleting removes its members, meetings and their reminders.
        w.alice
            .create_committee_member(tsc.id, member("张三", None))
            .await
            .unwrap();
        w.alice
            .create_meeting(meeting(tsc.id, "2026-04-01 10:00"))
            .await
            .unwrap();
        w.alice
            .create_meeting(meeting(other.id, "2026-04-02 10:00"))
            .await
            .unwrap();
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM meeting_reminders").await,
            10
        );
        w.alice.delete_committee(tsc.id).await.unwrap();
        assert_eq!(
            code(w.alice.get_committee(tsc.id)).await,
            ErrorCode::NotFound
        );
        assert_eq!(count(&w.root, "SELECT count(*) FROM meetings").await, 1);
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM committee_members").await,
            0
        );
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM meeting_reminders").await,
            5
        );
        for action in [
            "create_committee",
            "update_committee",
            "deactivate_committee",
        ] {
            assert!(
                audit_count(&w.root, action).await >= 1,
                "{action} not audited"
            );
        }
        assert_eq!(audit_count(&w.root, "delete_committee").await, 1);
    })
    .await;
}

#[tokio::test]
async fn committee_members_keep_several_roles_and_sane_terms() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();

        let mut input = member("  李四 ", Some("Li.Si@Example.org"));
        input.roles = vec!["委员".into(), "社区顾问".into(), "委员".into()];
        input.term_start = NaiveDate::from_ymd_opt(2026, 1, 1);
        input.term_end = NaiveDate::from_ymd_opt(2027, 12, 31);
        input.organization = Some("开源基金会".into());
        let m = w
            .alice
            .create_committee_member(c.id, input.clone())
            .await
            .unwrap();
        assert_eq!(m.name, "李四");
        assert_eq!(m.email.as_deref(), Some("li.si@example.org"));
        assert_eq!(m.roles.0, vec!["委员", "社区顾问"]);
        assert_eq!(m.joined_at, m.created_at);

        // A term that ends before it starts, a role with a comma, a bad email: refused.
        let mut bad = input.clone();
        bad.term_end = NaiveDate::from_ymd_opt(2025, 1, 1);
        let err = w
            .alice
            .update_committee_member(m.id, bad)
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("term_end"));
        let mut bad = input.clone();
        bad.roles = vec!["主席,委员".into()];
        assert_eq!(
            w.alice
                .create_committee_member(c.id, bad)
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("roles")
        );
        let mut bad = input.clone();
        bad.email = Some("not an email".into());
        assert_eq!(
            w.alice
                .create_committee_member(c.id, bad)
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("email")
        );
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM committee_members").await,
            1
        );

        // An edit, seen by a plain member, and the committee's counts.
        let mut edit = input.clone();
        edit.is_active = false;
        edit.roles = vec!["副主席".into()];
        w.alice.update_committee_member(m.id, edit).await.unwrap();
        let seen = w.bob.get_committee_member(m.id).await.unwrap();
        assert_eq!(
            (seen.is_active, seen.roles.0.clone()),
            (false, vec!["副主席".to_string()])
        );
        w.alice
            .create_committee_member(c.id, member("王五", None))
            .await
            .unwrap();
        let c = w.bob.get_committee(c.id).await.unwrap();
        assert_eq!((c.member_count, c.active_member_count), (2, 1));
        assert_eq!(
            w.bob.list_committee_members(c.id).await.unwrap()[0].name,
            "王五"
        );

        w.alice.delete_committee_member(m.id).await.unwrap();
        assert_eq!(
            code(w.bob.get_committee_member(m.id)).await,
            ErrorCode::NotFound
        );
        for action in [
            "create_committee_member",
            "update_committee_member",
            "delete_committee_member",
        ] {
            assert!(
                audit_count(&w.root, action).await >= 1,
                "{action} not audited"
            );
        }
    })
    .await;
}

/// 1,000 members with every kind of awkward cell.
fn big_file() -> String {
    let mut csv = String::from(
        "\u{feff}name,email,phone,wechat,organization,gitcode_id,github_id,roles,term_start,\
         term_end,is_active,bio,avatar_url\r\n",
    );
    for i in 0..1000 {
        let bio = match i % 4 {
            0 => format!("\"第 {i} 位，简介含逗号, 分号; 和\n换行\""),
            1 => "=HYPERLINK(\"http://evil.example\")"
                .replace('"', "\"\"")
                .to_string(),
            2 => "'=already quoted".into(),
            _ => String::new(),
        };
        let bio = if i % 4 == 1 {
            format!("\"{bio}\"")
        } else {
            bio
        };
        csv.push_str(&format!(
            "成员{i},m{i}@example.org,+86 138 0000 {i:04},wx{i},\"机构 {i}, 北京\",gc{i},-gh{i},\
             \"主席,常务委员\",2026-01-01,2028-12-31,{},{bio},https://example.org/a/{i}.png\r\n",
            i % 3 != 0
        ));
    }
    csv
}

#[tokio::test]
async fn csv_import_previews_refuses_half_files_and_round_trips_1000_rows() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let first = w.alice.create_committee(committee("first")).await.unwrap();
        let second = w.alice.create_committee(committee("second")).await.unwrap();
        let file = big_file().into_bytes();

        // The preview checks everything and writes nothing.
        let preview = w
            .alice
            .preview_committee_member_import(first.id, file.clone())
            .await
            .unwrap();
        assert_eq!((preview.rows_ok, preview.errors.len()), (1000, 0));
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM committee_members").await,
            0
        );

        // A file with bad rows: each named by line, nothing imported.
        let bad = "name,email,term_start,term_end,is_active\n\
                   好人,ok@example.org,,,true\n\
                   ,x@example.org,,,true\n\
                   坏邮箱,nope,,,true\n\
                   \"多行\n名字\",y@example.org,2026-02-01,2026-01-01,true\n\
                   状态,z@example.org,,,maybe\n\
                   重复,OK@example.org,,,true\n";
        let preview = w
            .alice
            .preview_committee_member_import(first.id, bad.as_bytes().to_vec())
            .await
            .unwrap();
        let lines: Vec<u32> = preview.errors.iter().map(|e| e.line).collect();
        assert_eq!((preview.rows_ok, lines), (1, vec![3, 4, 5, 7, 8]));
        assert_eq!(
            preview.errors[4].reason,
            "ok@example.org is already on line 2."
        );
        let err = w
            .alice
            .import_committee_members(first.id, bad.as_bytes().to_vec())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("file"));
        assert!(err.message.contains("line 3"), "{}", err.message);
        assert_eq!(
            count(&w.root, "SELECT count(*) FROM committee_members").await,
            0
        );

        // GBK is refused with the fix.
        let gbk = b"name\r\n\xd5\xc5\xc8\xfd\r\n".to_vec();
        let err = w
            .alice
            .import_committee_members(first.id, gbk)
            .await
            .unwrap_err();
        assert!(err.message.contains("UTF-8") && err.message_zh.contains("UTF-8"));

        // Import, export, import elsewhere, export again: the same bytes, the same members.
        let started = std::time::Instant::now();
        let done = w
            .alice
            .import_committee_members(first.id, file)
            .await
            .unwrap();
        eprintln!("import of 1000 rows: {:?}", started.elapsed());
        assert_eq!(done.imported, 1000);
        // The same file again would list everyone twice: refused row by row.
        let again = w
            .alice
            .preview_committee_member_import(first.id, big_file().into_bytes())
            .await
            .unwrap();
        assert_eq!((again.rows_ok, again.errors.len()), (0, 1000));
        assert_eq!(
            again.errors[0].reason,
            "m0@example.org is already on the committee."
        );
        let err = w
            .alice
            .import_committee_members(first.id, big_file().into_bytes())
            .await
            .unwrap_err();
        assert!(
            err.message.starts_with("1000 rows have errors"),
            "{}",
            err.message
        );
        let started = std::time::Instant::now();
        let exported = w.bob.export_committee_members(first.id).await.unwrap();
        eprintln!("export of 1000 rows: {:?}", started.elapsed());
        assert!(exported.starts_with('\u{feff}'));
        // Formula-looking cells leave the app neutralised.
        for line in exported.lines() {
            for cell in line.split(',') {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "unsafe cell {cell}"
                );
            }
        }
        w.alice
            .import_committee_members(second.id, exported.clone().into_bytes())
            .await
            .unwrap();
        assert_eq!(
            w.bob.export_committee_members(second.id).await.unwrap(),
            exported
        );

        let strip = |list: Vec<gecko_core::governance::members::CommitteeMemberView>| {
            list.into_iter().map(|m| m.to_input()).collect::<Vec<_>>()
        };
        let a = strip(w.bob.list_committee_members(first.id).await.unwrap());
        let b = strip(w.bob.list_committee_members(second.id).await.unwrap());
        assert_eq!(a, b);
        let m1 = a.iter().find(|m| m.name == "成员1").unwrap();
        assert_eq!(
            m1.bio.as_deref(),
            Some("=HYPERLINK(\"http://evil.example\")")
        );
        assert_eq!(m1.phone.as_deref(), Some("+86 138 0000 0001"));
        assert_eq!(m1.github_id.as_deref(), Some("-gh1"));
        assert_eq!(m1.roles, vec!["主席", "常务委员"]);
        let m0 = a.iter().find(|m| m.name == "成员0").unwrap();
        assert_eq!(
            m0.bio.as_deref(),
            Some("第 0 位，简介含逗号, 分号; 和\n换行")
        );
        assert!(!m0.is_active);
        let m2 = a.iter().find(|m| m.name == "成员2").unwrap();
        // A spreadsheet's own guard apostrophe is taken off, as for our exports.
        assert_eq!(m2.bio.as_deref(), Some("=already quoted"));
        assert_eq!(audit_count(&w.root, "import_committee_members").await, 2);
    })
    .await;
}

/// Runs every committee and member write command on committee `c` and member `m` as `who`,
/// checking each fails with `expected`.
async fn writes_fail(who: &Core, c: i64, m: i64, expected: ErrorCode) {
    let csv = || b"name\nX\n".to_vec();
    assert_eq!(code(who.create_committee(committee("x"))).await, expected);
    assert_eq!(
        code(who.update_committee(c, committee("x"))).await,
        expected
    );
    assert_eq!(code(who.set_committee_active(c, false)).await, expected);
    assert_eq!(code(who.delete_committee(c)).await, expected);
    assert_eq!(
        code(who.create_committee_member(c, member("x", None))).await,
        expected
    );
    assert_eq!(
        code(who.update_committee_member(m, member("x", None))).await,
        expected
    );
    assert_eq!(code(who.delete_committee_member(m)).await, expected);
    assert_eq!(
        code(who.preview_committee_member_import(c, csv())).await,
        expected
    );
    assert_eq!(code(who.import_committee_members(c, csv())).await, expected);
}

#[tokio::test]
async fn committee_commands_check_who_asks() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let m = w
            .alice
            .create_committee_member(c.id, member("张三", Some("z@example.org")))
            .await
            .unwrap();
        use ErrorCode::{Forbidden, NotFound, Unauthenticated};

        // Signed out: nothing.
        let n = &w.nobody;
        writes_fail(n, c.id, m.id, Unauthenticated).await;
        assert_eq!(code(n.list_committees()).await, Unauthenticated);
        assert_eq!(code(n.get_committee(c.id)).await, Unauthenticated);
        assert_eq!(code(n.list_committee_members(c.id)).await, Unauthenticated);
        assert_eq!(code(n.get_committee_member(m.id)).await, Unauthenticated);
        assert_eq!(
            code(n.export_committee_members(c.id)).await,
            Unauthenticated
        );

        // A plain user reads but does not write.
        let u = &w.bob;
        writes_fail(u, c.id, m.id, Forbidden).await;
        u.list_committees().await.unwrap();
        u.get_committee(c.id).await.unwrap();
        u.list_committee_members(c.id).await.unwrap();
        u.get_committee_member(m.id).await.unwrap();
        u.export_committee_members(c.id).await.unwrap();

        // Another community's admin does not even see it (creating in its own community is
        // its right, so that one command is left out).
        let o = &w.carol;
        assert!(o.list_committees().await.unwrap().is_empty());
        assert_eq!(code(o.get_committee(c.id)).await, NotFound);
        assert_eq!(
            code(o.update_committee(c.id, committee("x"))).await,
            NotFound
        );
        assert_eq!(code(o.set_committee_active(c.id, false)).await, NotFound);
        assert_eq!(code(o.delete_committee(c.id)).await, NotFound);
        assert_eq!(code(o.list_committee_members(c.id)).await, NotFound);
        assert_eq!(code(o.get_committee_member(m.id)).await, NotFound);
        assert_eq!(
            code(o.create_committee_member(c.id, member("x", None))).await,
            NotFound
        );
        assert_eq!(
            code(o.update_committee_member(m.id, member("x", None))).await,
            NotFound
        );
        assert_eq!(code(o.delete_committee_member(m.id)).await, NotFound);
        let csv = b"name\nX\n".to_vec();
        assert_eq!(
            code(o.preview_committee_member_import(c.id, csv.clone())).await,
            NotFound
        );
        assert_eq!(code(o.import_committee_members(c.id, csv)).await, NotFound);
        assert_eq!(code(o.export_committee_members(c.id)).await, NotFound);

        // Nothing changed.
        let after = w.alice.get_committee(c.id).await.unwrap();
        assert_eq!(
            (after.name.as_str(), after.is_active, after.member_count),
            (c.name.as_str(), true, 1)
        );
        assert_eq!(w.alice.list_committees().await.unwrap().len(), 1);
    })
    .await;
}
