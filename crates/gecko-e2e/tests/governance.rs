//! Governance through the real window: first-run setup → a community → a committee → members
//! by hand and from CSV (preview first: a bad file writes nothing) → CSV export → a meeting →
//! participants by hand and from the committee → ICS export → the meeting on the calendar,
//! month and week → an attachment; then the same screens in English. The database and the
//! exported files are checked, not only the screen.

use gecko_e2e::{open_db, testid, App};

/// Adds a committee member through the dialog; `shot` names a screenshot of the filled form.
async fn add_member(
    app: &mut App,
    name: &str,
    email: Option<&str>,
    role_option: &str,
    custom_role: Option<&str>,
    shot: Option<&str>,
) {
    app.click("cm-add").await;
    app.type_into("cm-name", name).await;
    if let Some(email) = email {
        app.type_into("cm-email", email).await;
    }
    app.type_into("cm-organization", "openGecko 基金会").await;
    app.choose("cm-roles", role_option, None).await;
    if let Some(role) = custom_role {
        app.type_into("cm-roles", role).await;
        app.press_enter("cm-roles").await;
    }
    // Close the role list before saving.
    app.click("cm-name").await;
    if let Some(shot) = shot {
        app.shot(shot).await;
    }
    app.click("cm-save").await;
    app.wait_id(&format!("cm-row-{name}")).await;
}

/// The text of a file the app writes, once it is there.
async fn written(path: &std::path::Path) -> String {
    for _ in 0..50 {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("{} was not written", path.display());
}

/// Closes the open dialogs with their close buttons.
async fn close_dialogs(app: &App) {
    app.client
        .execute(
            "document.querySelectorAll('.el-dialog__headerbtn')\
             .forEach(b => b.offsetParent && b.click())",
            vec![],
        )
        .await
        .unwrap();
    // Wait for the closing animation: a fading overlay still takes the clicks.
    for _ in 0..50 {
        let open = app
            .client
            .execute(
                "return [...document.querySelectorAll('.el-overlay')]\
                 .some(o => getComputedStyle(o).display !== 'none')",
                vec![],
            )
            .await
            .unwrap();
        if open == serde_json::Value::Bool(false) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("a dialog did not close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn governance_flow() {
    let mut app = App::launch("governance").await;
    let files = tempfile::tempdir().unwrap();
    app.setup_root().await;

    // A community to govern.
    app.create_community("Open Euler", "openeuler", true).await;

    // The governance page, empty, then a committee.
    app.click("nav-governance").await;
    app.wait("[data-page=\"governance\"]").await;
    app.shot("governance-empty-zh").await;
    app.click("committee-new").await;
    app.type_into("committee-name", "技术委员会").await;
    app.type_into("committee-slug", "tsc").await;
    app.type_into("committee-description", "负责技术路线与版本规划")
        .await;
    app.choose("committee-frequency", "frequency-option-quarterly", None)
        .await;
    app.type_into("committee-email", "tsc@openeuler.org").await;
    app.type_into("committee-wechat", "openEuler TSC 群").await;
    app.shot("committee-form-zh").await;
    app.click("committee-save").await;
    app.wait_id("committee-row-tsc").await;
    app.shot("governance-with-committee-zh").await;

    // Members by hand: two with an email, one without.
    app.click("committee-row-tsc").await;
    app.wait("[data-page=\"committee\"]").await;
    add_member(
        &mut app,
        "张三",
        Some("zhangsan@example.org"),
        "cm-role-option-0",
        Some("秘书长"),
        Some("member-form-zh"),
    )
    .await;
    add_member(
        &mut app,
        "李四",
        Some("lisi@example.org"),
        "cm-role-option-2",
        None,
        None,
    )
    .await;
    add_member(&mut app, "王五", None, "cm-role-option-3", None, None).await;
    app.shot("committee-members-zh").await;

    // CSV import: a file with a bad row is previewed with its line and reason; nothing is
    // written and the import button stays disabled.
    let bad = files.path().join("bad.csv");
    std::fs::write(
        &bad,
        "\u{feff}姓名,邮箱,角色\n赵六,zhaoliu@example.org,委员\n,nobody@example.org,委员\n钱七,lisi@example.org,委员\n",
    )
    .unwrap();
    app.click("member-import").await;
    app.type_into("import-path", bad.to_str().unwrap()).await;
    app.click("import-check").await;
    app.wait_id("import-has-errors").await;
    app.wait_id("import-error-3").await;
    app.wait_text("import-error-4", "lisi@example.org").await;
    assert!(!app.exists(&testid("import-error-2")).await);
    let import_button = app.wait_id("import-run").await;
    assert_eq!(
        import_button.attr("disabled").await.unwrap().as_deref(),
        Some("true"),
        "import must stay disabled while rows are wrong"
    );
    app.shot("import-preview-errors-zh").await;
    let db = open_db(&app.data_dir()).await;
    let members: i64 = db
        .scalar("SELECT count(*) FROM committee_members", vec![])
        .await
        .unwrap();
    assert_eq!(members, 3, "the preview wrote nothing");

    // A good file: preview, then import.
    let good = files.path().join("good.csv");
    std::fs::write(
        &good,
        "name,email,roles,organization\n赵六,zhaoliu@example.org,\"委员,常务委员\",华为\n",
    )
    .unwrap();
    app.type_into("import-path", good.to_str().unwrap()).await;
    app.click("import-check").await;
    app.shot("import-preview-ok-zh").await;
    app.wait_id("import-ok").await;
    app.click("import-run").await;
    app.wait_id("cm-row-赵六").await;
    let roles: String = db
        .scalar(
            "SELECT roles FROM committee_members WHERE name = '赵六'",
            vec![],
        )
        .await
        .unwrap();
    assert!(roles.contains("常务委员"), "{roles}");
    let roles: String = db
        .scalar(
            "SELECT roles FROM committee_members WHERE name = '张三'",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        roles.contains("主席") && roles.contains("秘书长"),
        "{roles}"
    );

    // CSV export to a chosen path.
    let csv_out = files.path().join("tsc-members.csv");
    app.click("member-export").await;
    app.type_into("export-path", csv_out.to_str().unwrap())
        .await;
    app.click("export-save").await;
    let exported = written(&csv_out).await;
    assert!(exported.contains("张三") && exported.contains("zhaoliu@example.org"));
    assert_eq!(
        exported.lines().count(),
        5,
        "header + 4 members:\n{exported}"
    );

    // A meeting tomorrow at 14:00, community time.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    app.click("meeting-new").await;
    app.type_into("meeting-title", "TSC 例会").await;
    app.type_into("meeting-start", &format!("{tomorrow} 14:00"))
        .await;
    app.press_enter("meeting-start").await;
    app.type_into("meeting-location", "https://meeting.example.org/tsc")
        .await;
    app.type_into(
        "meeting-agenda",
        "# 议程\u{E007}\u{E007}1. 版本计划\u{E007}2. 新项目孵化",
    )
    .await;
    app.shot("meeting-form-zh").await;
    app.click("meeting-save").await;
    app.wait("[data-page=\"meeting\"]").await;
    app.wait_text("meeting-when", &format!("{tomorrow} 14:00"))
        .await;
    let (meeting_id, starts): (i64, String) = db
        .fetch_one(
            "SELECT id, scheduled_at FROM meetings WHERE title = 'TSC 例会'",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        starts.contains("T06:00:00") || starts.contains(" 06:00:00"),
        "14:00 in Shanghai is 06:00 UTC, stored {starts}"
    );
    // The agenda is rendered Markdown: its numbered lines become a list of two items.
    app.wait("[data-testid=\"meeting-agenda-text\"] ol li")
        .await;
    let agenda = app.text("meeting-agenda-text").await;
    assert!(
        agenda.contains("版本计划") && agenda.contains("新项目孵化"),
        "the agenda shows both items: {agenda:?}"
    );
    let items = app
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid=\"meeting-agenda-text\"] ol li",
        ))
        .await
        .unwrap();
    assert_eq!(items.len(), 2, "one list item per agenda line");
    app.shot("meeting-zh").await;

    // Participants: one by hand, then the committee (one duplicate, one without email).
    app.click("meeting-tab-participants").await;
    app.type_into("participant-name", "张三").await;
    app.type_into("participant-email", "ZhangSan@example.org")
        .await;
    app.click("participant-add").await;
    app.wait_id("participant-row-zhangsan@example.org").await;
    app.click("participant-import").await;
    app.wait_id("participant-import-result").await;
    let result = app.text("participant-import-result").await;
    assert!(
        result.contains('2') && result.contains('1'),
        "added 2, skipped 1 duplicate and 1 without email: {result}"
    );
    app.wait_id("participant-row-zhaoliu@example.org").await;
    let participants: i64 = db
        .scalar(
            "SELECT count(*) FROM meeting_participants WHERE meeting_id = $1",
            vec![meeting_id.into()],
        )
        .await
        .unwrap();
    assert_eq!(participants, 3);
    app.shot("meeting-participants-zh").await;

    // Root (a member of the community) is responsible for it; the reminders were planned.
    app.click("meeting-tab-assignees").await;
    app.choose("meeting-assignees", "assignee-option-root", None)
        .await;
    app.click("meeting-assignees-save").await;
    for _ in 0..50 {
        let n: i64 = db
            .scalar(
                "SELECT count(*) FROM meeting_assignees WHERE meeting_id = $1",
                vec![meeting_id.into()],
            )
            .await
            .unwrap();
        if n == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.shot("meeting-assignees-zh").await;
    let assigned: i64 = db
        .scalar(
            "SELECT count(*) FROM meeting_assignees WHERE meeting_id = $1",
            vec![meeting_id.into()],
        )
        .await
        .unwrap();
    assert_eq!(assigned, 1);
    app.click("meeting-tab-reminders").await;
    app.shot("meeting-reminders-zh").await;

    // An attachment, copied into the app's media folder.
    let notes = files.path().join("notes.txt");
    std::fs::write(&notes, "预读材料").unwrap();
    app.click("meeting-tab-attachments").await;
    app.type_into("attachment-path", notes.to_str().unwrap())
        .await;
    app.click("attachment-add").await;
    app.wait_id("attachment-notes.txt").await;
    let copies: Vec<_> = std::fs::read_dir(app.data_dir().join("media/meetings"))
        .expect("media folder")
        .collect();
    assert_eq!(copies.len(), 1);
    app.shot("meeting-attachments-zh").await;

    // ICS export of the meeting.
    let ics_out = files.path().join("tsc.ics");
    app.click("meeting-export-ics").await;
    app.type_into("export-path", ics_out.to_str().unwrap())
        .await;
    app.shot("export-ics-zh").await;
    app.click("export-save").await;
    let ics = written(&ics_out).await;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.trim_end().ends_with("END:VCALENDAR"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    assert!(
        ics.replace("\r\n ", "").contains("SUMMARY:TSC 例会"),
        "{ics}"
    );
    assert!(
        ics.replace("\r\n ", "").contains("zhaoliu@example.org"),
        "attendees listed"
    );

    // The meeting on the calendar, month and week.
    app.click("nav-meeting-calendar").await;
    app.wait("[data-page=\"meeting-calendar\"]").await;
    app.wait_id(&format!("calendar-event-{meeting_id}")).await;
    app.shot("calendar-month-zh").await;
    app.click_css(".fc-timeGridWeek-button").await;
    // The week view opens on today's week, and zh-CN weeks run Monday to Sunday: on a Sunday,
    // tomorrow is in the next week. Either way the meeting must be in tomorrow's column.
    app.wait(".fc-timeGridWeek-view").await;
    let tomorrow_column = format!(".fc-timegrid-col[data-date=\"{tomorrow}\"]");
    if !app.exists(&tomorrow_column).await {
        app.click_css(".fc-next-button").await;
    }
    app.wait(&format!(
        "{tomorrow_column} {}",
        testid(&format!("calendar-event-{meeting_id}"))
    ))
    .await;
    app.shot("calendar-week-zh").await;
    // Filtering by a status it does not have hides it.
    app.choose("calendar-status", "calendar-status-option-cancelled", None)
        .await;
    app.wait_gone(&testid(&format!("calendar-event-{meeting_id}")))
        .await;
    app.choose("calendar-status", "calendar-status-option-scheduled", None)
        .await;
    app.wait_id(&format!("calendar-event-{meeting_id}")).await;
    app.click(&format!("calendar-event-{meeting_id}")).await;
    app.wait("[data-page=\"meeting\"]").await;

    // The overview lists it as upcoming, with the committee's member counts.
    app.click("nav-governance").await;
    app.wait_text("governance-upcoming", "TSC 例会").await;
    app.wait_text("committee-count-tsc", "4").await;
    app.shot("governance-overview-zh").await;

    // English.
    app.click("lang-toggle").await;
    app.wait_text("nav-governance", "Governance").await;
    app.shot("governance-overview-en").await;
    let all_out = files.path().join("openeuler.ics");
    app.click("governance-export-ics").await;
    app.type_into("export-path", all_out.to_str().unwrap())
        .await;
    app.click("export-save").await;
    let all = written(&all_out).await;
    assert!(all.starts_with("BEGIN:VCALENDAR\r\n") && all.contains("BEGIN:VEVENT"));
    app.click("committee-row-tsc").await;
    app.wait("[data-page=\"committee\"]").await;
    app.wait_id("cm-row-赵六").await;
    app.shot("committee-en").await;

    // The slug is shown but cannot be changed.
    app.click("committee-edit").await;
    let slug = app.wait_id("committee-slug").await;
    assert_eq!(
        slug.attr("disabled").await.unwrap().as_deref(),
        Some("true")
    );
    app.shot("committee-edit-en").await;
    close_dialogs(&app).await;
    app.click("member-import").await;
    app.type_into("import-path", bad.to_str().unwrap()).await;
    app.click("import-check").await;
    app.wait_text("import-error-4", "already").await;
    app.shot("import-preview-errors-en").await;
    close_dialogs(&app).await;
    app.click(&format!("meeting-link-{meeting_id}")).await;
    app.wait("[data-page=\"meeting\"]").await;
    app.shot("meeting-en").await;
    app.click("meeting-edit").await;
    app.wait_id("meeting-title").await;
    app.shot("meeting-form-en").await;
    close_dialogs(&app).await;
    app.click("nav-meeting-calendar").await;
    app.wait_id(&format!("calendar-event-{meeting_id}")).await;
    app.shot("calendar-month-en").await;

    // The audit log has the governance changes.
    let audited: Vec<(String,)> = db
        .fetch_all(
            "SELECT DISTINCT action FROM audit_logs WHERE resource_type IN \
             ('committee', 'committee_member', 'meeting', 'meeting_participant') ORDER BY action",
            vec![],
        )
        .await
        .unwrap();
    let audited: Vec<String> = audited.into_iter().map(|(a,)| a).collect();
    assert!(
        audited.iter().any(|a| a == "create_committee"),
        "{audited:?}"
    );
    assert!(audited.iter().any(|a| a == "create_meeting"), "{audited:?}");
    app.quit().await;
}
