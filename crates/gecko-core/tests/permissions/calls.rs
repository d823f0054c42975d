//! Every command of `testing::COMMANDS` as one call aimed at community B's objects.

use super::*;

/// Calls command `name` aimed at community B's objects. Local and public commands are not
/// core calls and return `None`.
pub(super) async fn call(core: &Core, name: &str, f: &Fixture) -> Option<Result<(), CoreError>> {
    Some(match name {
        "app_info" | "set_language" | "test_database" | "switch_database" | "ui_ready"
        | "first_run" | "login" | "logout" | "current_session" => return None,
        // Public by design (forgot password); their rules are tested in tests/mail.rs.
        "password_reset_available" | "request_password_reset" | "reset_password_with_code" => {
            return None
        }
        "complete_setup" => core
            .complete_setup(SetupInput {
                username: "second".into(),
                email: "second@example.org".into(),
                full_name: String::new(),
                password: PASSWORD.into(),
            })
            .await
            .map(|_| ()),
        "switch_community" => core.switch_community(f.b).await.map(|_| ()),
        "list_users" => core.list_users().await.map(|_| ()),
        "search_users" => core.search_users("car".into()).await.map(|_| ()),
        "create_user" => core.create_user(user("matrix")).await.map(|_| ()),
        "update_user" => core
            .update_user(UserUpdate {
                id: f.carl,
                email: "c2@example.org".into(),
                full_name: "".into(),
            })
            .await
            .map(|_| ()),
        "set_user_active" => core.set_user_active(f.carl, false).await.map(|_| ()),
        "set_superuser" => core.set_superuser(f.carl, true).await.map(|_| ()),
        "set_user_password" => {
            core.set_user_password(f.carl, "another password".into())
                .await
        }
        "change_own_password" => {
            core.change_own_password(PasswordChange {
                current_password: "not my password".into(),
                new_password: "whatever password".into(),
            })
            .await
        }
        "list_communities" => core.list_communities().await.map(|_| ()),
        "get_community" => core.get_community(f.b).await.map(|_| ()),
        "create_community" => core
            .create_community(community("Matrix", "matrix"))
            .await
            .map(|_| ()),
        "update_community" => core
            .update_community(f.b, community("Beta 2", "beta"))
            .await
            .map(|_| ()),
        "set_community_active" => core.set_community_active(f.b, false).await.map(|_| ()),
        "delete_community" => core.delete_community(f.b, "not-the-slug".into()).await,
        "list_members" => core.list_members().await.map(|_| ()),
        "add_member" => core.add_member(f.erin, Role::Admin).await.map(|_| ()),
        "set_member_role" => core.set_member_role(f.bob, Role::Admin).await.map(|_| ()),
        "remove_member" => core.remove_member(f.bob).await.map(|_| ()),
        "get_app_smtp_settings" => core.get_app_smtp_settings().await.map(|_| ()),
        "save_app_smtp_settings" => core.save_app_smtp_settings(smtp()).await.map(|_| ()),
        "send_app_test_mail" => core.send_app_test_mail("x@example.org".into()).await,
        "get_community_smtp_settings" => core.get_community_smtp_settings().await.map(|_| ()),
        "save_community_smtp_settings" => {
            core.save_community_smtp_settings(smtp()).await.map(|_| ())
        }
        "send_community_test_mail" => core.send_community_test_mail("x@example.org".into()).await,
        "get_meeting_email_reminders" => core
            .get_meeting_email_reminders(f.gov.meeting)
            .await
            .map(|_| ()),
        "set_meeting_email_reminders" => core
            .set_meeting_email_reminders(f.gov.meeting, true)
            .await
            .map(|_| ()),
        "unlock_secrets" => core
            .unlock_secrets(&FileKeyStore::in_folder(&f.keys))
            .await
            .map(|_| ()),
        "set_team_key" => {
            core.set_team_key(&FileKeyStore::in_folder(&f.keys), "not a key")
                .await
        }
        "get_channel_configs" => core.get_channel_configs().await.map(|_| ()),
        "save_channel_config" => core
            .save_channel_config(Channel::Zhihu, zhihu_config())
            .await
            .map(|_| ()),
        "list_publish_candidates" => core.list_publish_candidates().await.map(|_| ()),
        "preview_publish" => core
            .preview_publish(f.pub_content, Channel::Zhihu, PublishOptions::default())
            .await
            .map(|_| ()),
        "publish_content" => core
            .publish_content(f.pub_content, Channel::Zhihu, PublishOptions::default())
            .await
            .map(|_| ()),
        "list_publish_records" => core
            .list_publish_records(Some(f.pub_content))
            .await
            .map(|_| ()),
        "mark_publish_record_published" => core
            .mark_publish_record_published(f.record, None)
            .await
            .map(|_| ()),
        "add_content_analytics" => core
            .add_content_analytics(
                f.record,
                AnalyticsInput {
                    read_count: 1,
                    like_count: 1,
                    share_count: 0,
                    comment_count: 0,
                    collected_at: None,
                },
            )
            .await
            .map(|_| ()),
        "list_content_analytics" => core.list_content_analytics(f.record).await.map(|_| ()),
        "my_work" => core.my_work(Default::default()).await.map(|_| ()),
        "set_work_item_status" => {
            core.set_work_item_status(WorkItemKind::Content, f.content_b, WorkStatus::InProgress)
                .await
        }
        "community_overview" => core.community_overview(f.b).await.map(|_| ()),
        "overview_calendar" => core
            .overview_calendar(CalendarRange {
                community_id: f.b,
                from: chrono::Utc::now(),
                to: chrono::Utc::now() + chrono::Duration::days(30),
            })
            .await
            .map(|_| ()),
        "workload_overview" => core.workload_overview().await.map(|_| ()),
        "community_analytics" => core
            .community_analytics(AnalyticsQuery {
                community_id: f.b,
                from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
                granularity: Granularity::Month,
            })
            .await
            .map(|_| ()),
        "list_audit_log" => core
            .list_audit_log(AuditPageRequest {
                filter: audit_b(f),
                after: None,
                limit: None,
            })
            .await
            .map(|_| ()),
        "export_audit_log" => {
            let path = std::env::temp_dir().join(format!("matrix-{}.csv", std::process::id()));
            core.export_audit_log(audit_b(f), path.display().to_string())
                .await
                .map(|_| ())
        }
        // Data safety. The shell lists the backups folder after reading the settings.
        "backup_overview" => match core.get_backup_settings().await {
            Ok(_) => core.list_backups(scratch("backups")).await.map(|_| ()),
            Err(e) => Err(e),
        },
        "set_backup_settings" => core
            .set_backup_settings(BackupSettings::default())
            .await
            .map(|_| ()),
        "backup_now" => core.backup_now(scratch("matrix.tar.gz")).await.map(|_| ()),
        "check_backup" => core
            .check_backup(scratch("matrix.tar.gz"))
            .await
            .map(|_| ()),
        // Restore and undo are shell commands that ask the core this before closing anything.
        "restore_backup" | "undo_restore" => core.superuser().await.map(|_| ()),
        "move_to_postgres" => core
            .move_to_postgres("postgres://nobody@127.0.0.1:9/none".into())
            .await
            .map(|_| ()),
        "copy_to_local_file" => core
            .copy_to_local_file(scratch("matrix-copy.db"))
            .await
            .map(|_| ()),
        "team_backup_command" => core.team_backup_command().await.map(|_| ()),
        "preview_markdown" => core.preview_markdown("# Hi".into()).await.map(|_| ()),
        "list_contents" => core
            .list_contents(ContentFilter::default())
            .await
            .map(|_| ()),
        "get_content" => core.get_content(f.content).await.map(|_| ()),
        "create_content" => core
            .create_content(NewContent {
                title: "Matrix".into(),
                ..NewContent::default()
            })
            .await
            .map(|_| ()),
        "import_content" => core
            .import_content("matrix.md".into(), b"# Matrix\n\ntext".to_vec())
            .await
            .map(|_| ()),
        "update_content" => core
            .update_content(f.content, content_update(f.content_version))
            .await
            .map(|_| ()),
        "delete_content" => core.delete_content(f.content).await,
        "change_content_status" => core
            .change_content_status(f.content, ContentStatus::Reviewing)
            .await
            .map(|_| ()),
        "change_work_status" => core
            .change_work_status(f.content, WorkStatus::Completed)
            .await
            .map(|_| ()),
        "set_content_collaborators" => core
            .set_content_collaborators(f.content, vec![f.bob])
            .await
            .map(|_| ()),
        "set_content_assignees" => core
            .set_content_assignees(f.content, vec![f.bob])
            .await
            .map(|_| ()),
        "transfer_content_ownership" => core
            .transfer_content_ownership(f.content, f.bob)
            .await
            .map(|_| ()),
        "set_content_cover" => core
            .set_content_cover(f.content, "cover.png".into(), PNG_HEADER.to_vec())
            .await
            .map(|_| ()),
        "content_calendar" => {
            let from = chrono::Utc::now();
            core.content_calendar(from, from + chrono::Duration::days(31))
                .await
                .map(|_| ())
        }
        "reschedule_content" => core
            .reschedule_content(
                f.content,
                chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap(),
            )
            .await
            .map(|_| ()),
        other => return governance_call(core, other, &f.gov).await,
    })
}

/// The governance commands, aimed at community B's committee and meeting.
pub(super) async fn governance_call(
    core: &Core,
    name: &str,
    g: &Governance,
) -> Option<Result<(), CoreError>> {
    let csv = || std::fs::read(&g.file).unwrap_or_default();
    Some(match name {
        "list_committees" => core.list_committees().await.map(|_| ()),
        "get_committee" => core.get_committee(g.committee).await.map(|_| ()),
        "create_committee" => core
            .create_committee(committee("Matrix", "matrix"))
            .await
            .map(|_| ()),
        "update_committee" => core
            .update_committee(g.committee, committee("TSC 2", "tsc"))
            .await
            .map(|_| ()),
        "set_committee_active" => core
            .set_committee_active(g.committee, false)
            .await
            .map(|_| ()),
        "delete_committee" => core.delete_committee(g.committee).await,
        "list_committee_members" => core.list_committee_members(g.committee).await.map(|_| ()),
        "create_committee_member" => core
            .create_committee_member(g.committee, committee_member("zed"))
            .await
            .map(|_| ()),
        "update_committee_member" => core
            .update_committee_member(g.member, committee_member("mia2"))
            .await
            .map(|_| ()),
        "delete_committee_member" => core.delete_committee_member(g.member).await,
        "preview_committee_member_import" => core
            .preview_committee_member_import(g.committee, csv())
            .await
            .map(|_| ()),
        "import_committee_members" => core
            .import_committee_members(g.committee, csv())
            .await
            .map(|_| ()),
        "export_committee_members" => core.export_committee_members(g.committee).await.map(|_| ()),
        "governance_overview" => core.governance_overview().await.map(|_| ()),
        "meeting_calendar" => core
            .meeting_calendar(MeetingFilter::default())
            .await
            .map(|_| ()),
        "get_meeting" => core.get_meeting(g.meeting).await.map(|_| ()),
        "create_meeting" => core.create_meeting(meeting(g.committee)).await.map(|_| ()),
        "update_meeting" => core
            .update_meeting(g.meeting, meeting(g.committee))
            .await
            .map(|_| ()),
        "delete_meeting" => core.delete_meeting(g.meeting).await,
        "set_meeting_assignees" => core
            .set_meeting_assignees(g.meeting, vec![])
            .await
            .map(|_| ()),
        "list_meeting_participants" => core.list_meeting_participants(g.meeting).await.map(|_| ()),
        "add_meeting_participant" => core
            .add_meeting_participant(
                g.meeting,
                ParticipantInput {
                    name: "Q".into(),
                    email: "q@example.org".into(),
                },
            )
            .await
            .map(|_| ()),
        "remove_meeting_participant" => core.remove_meeting_participant(g.participant).await,
        "import_participants_from_committee" => core
            .import_participants_from_committee(g.meeting)
            .await
            .map(|_| ()),
        "add_meeting_attachment" => core
            .add_meeting_attachment(g.meeting, g.file.clone())
            .await
            .map(|_| ()),
        "remove_meeting_attachment" => core
            .remove_meeting_attachment(g.meeting, g.attachment.clone())
            .await
            .map(|_| ()),
        "open_meeting_attachment" => core
            .meeting_attachment_file(g.meeting, g.attachment.clone())
            .await
            .map(|_| ()),
        "list_meeting_reminders" => core.list_meeting_reminders(g.meeting).await.map(|_| ()),
        "export_meeting_ics" => core.export_meeting_ics(g.meeting).await.map(|_| ()),
        "export_community_meetings_ics" => core.export_community_meetings_ics().await.map(|_| ()),
        other => panic!("command {other} has no case in the permission matrix"),
    })
}
