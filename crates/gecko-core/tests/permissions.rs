//! The permission matrix: every command in `testing::COMMANDS`, called by every kind of caller.
//!
//! - signed out, deactivated → Unauthenticated; the default administrator → SetupRequired;
//! - `alice`, admin of community A (current: A), acting on community B's objects → NotFound for
//!   member and admin commands, Forbidden for superuser commands;
//! - `bob`, a plain user of B (current: B) → Forbidden for admin and superuser commands, and
//!   allowed for member and self-service ones.

use gecko_core::auth::SetupInput;
use gecko_core::communities::CommunityInput;
use gecko_core::content::{
    ContentFilter, ContentStatus, ContentUpdate, NewContent, SourceType, WorkStatus,
};
use gecko_core::dashboards::analytics::AnalyticsQuery;
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPageRequest};
use gecko_core::dashboards::my_work::WorkItemKind;
use gecko_core::dashboards::overview::CalendarRange;
use gecko_core::dashboards::Granularity;
use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::governance::committees::CommitteeInput;
use gecko_core::governance::meetings::MeetingInput;
use gecko_core::governance::members::CommitteeMemberInput;
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::mail::{SmtpSettingsInput, TlsMode};
use gecko_core::publish::analytics::AnalyticsInput;
use gecko_core::publish::channels::{ChannelConfigInput, ChannelSettingsInput};
use gecko_core::publish::flow::PublishOptions;
use gecko_core::publish::secrets::FileKeyStore;
use gecko_core::publish::Channel;
use gecko_core::safety::BackupSettings;
use gecko_core::testing::{self, each_backend, setup_root, sign_in, Access, COMMANDS, PASSWORD};
use gecko_core::users::{NewUser, PasswordChange, UserUpdate};
use gecko_core::{Core, CoreError, ErrorCode, Role};

struct Fixture {
    b: i64,
    bob: i64,
    carl: i64,
    /// A user in no community, for `add_member`.
    erin: i64,
    /// An approved content of B, and a Zhihu publish record of it.
    pub_content: i64,
    record: i64,
    /// Where `unlock_secrets` and `set_team_key` keep this computer's key.
    keys: std::path::PathBuf,
    /// A content of B assigned to bob.
    content_b: i64,
    /// A draft of community B created by root: Bob has no part in it.
    content: i64,
    content_version: i64,
    /// Community B's governance objects.
    gov: Governance,
}

/// A committee of B with one member, a meeting with a participant and an attachment, and a
/// members CSV file.
struct Governance {
    committee: i64,
    member: i64,
    meeting: i64,
    participant: i64,
    attachment: String,
    file: std::path::PathBuf,
}

impl Governance {
    /// Ids that name nothing, for callers refused before any lookup.
    fn none() -> Governance {
        Governance {
            committee: 1,
            member: 1,
            meeting: 1,
            participant: 1,
            attachment: "meetings/x.txt".into(),
            file: "/nonexistent.csv".into(),
        }
    }
}

fn committee(name: &str, slug: &str) -> CommitteeInput {
    CommitteeInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        meeting_frequency: None,
        notification_email: None,
        notification_wechat: None,
        established_on: None,
    }
}

fn committee_member(name: &str) -> CommitteeMemberInput {
    CommitteeMemberInput {
        name: name.into(),
        email: Some(format!("{name}@example.org")),
        roles: vec!["委员".into()],
        is_active: true,
        ..Default::default()
    }
}

fn meeting(committee_id: i64) -> MeetingInput {
    MeetingInput {
        committee_id,
        title: "Matrix meeting".into(),
        description: None,
        starts_at: "2026-05-01 10:00".into(),
        duration_minutes: None,
        location_type: None,
        location: None,
        status: None,
        work_status: None,
        agenda: None,
        minutes: None,
        reminder_before_hours: None,
        email_reminders: None,
    }
}

/// Creates B's governance objects as root (whose current community is B).
async fn governance_of_b(root: &Core, dir: &std::path::Path) -> Governance {
    let committee = root
        .create_committee(committee("TSC", "tsc"))
        .await
        .unwrap();
    let member = root
        .create_committee_member(committee.id, committee_member("mia"))
        .await
        .unwrap();
    let meeting = root.create_meeting(meeting(committee.id)).await.unwrap();
    let participant = root
        .add_meeting_participant(
            meeting.summary.id,
            ParticipantInput {
                name: "Pat".into(),
                email: "pat@example.org".into(),
            },
        )
        .await
        .unwrap();
    let attached = dir.join("agenda.txt");
    std::fs::write(&attached, "agenda").unwrap();
    let with = root
        .add_meeting_attachment(meeting.summary.id, attached)
        .await
        .unwrap();
    let file = dir.join("members.csv");
    std::fs::write(&file, "name,email,roles\nNed,ned@example.org,委员\n").unwrap();
    Governance {
        committee: committee.id,
        member: member.id,
        meeting: meeting.summary.id,
        participant: participant.id,
        attachment: with.attachments[0].path.clone(),
        file,
    }
}

/// The first bytes of a PNG file: enough for the cover's type sniffing.
const PNG_HEADER: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
];

fn content_update(version: i64) -> ContentUpdate {
    ContentUpdate {
        version,
        title: "Changed".into(),
        content_markdown: "changed".into(),
        source_type: SourceType::Contribution,
        author: String::new(),
        tags: vec![],
        category: String::new(),
        scheduled_publish_at: None,
    }
}

/// B's publishing objects, made by root inside B: an approved content, the Zhihu channel
/// enabled, and one publish record (a Zhihu draft).
async fn publishing_objects(root: &Core) -> (i64, i64) {
    let content = root
        .create_content(NewContent {
            title: "Beta news".into(),
            content_markdown: "# Beta\n\nHello.".into(),
            source_type: None,
            author: "Root".into(),
            tags: vec![],
            category: String::new(),
            scheduled_publish_at: None,
        })
        .await
        .unwrap();
    for status in [ContentStatus::Reviewing, ContentStatus::Approved] {
        root.change_content_status(content.summary.id, status)
            .await
            .unwrap();
    }
    root.save_channel_config(Channel::Zhihu, zhihu_config())
        .await
        .unwrap();
    let published = root
        .publish_content(
            content.summary.id,
            Channel::Zhihu,
            PublishOptions::default(),
        )
        .await
        .unwrap();
    (content.summary.id, published.record.id)
}

fn zhihu_config() -> ChannelConfigInput {
    ChannelConfigInput {
        enabled: true,
        settings: ChannelSettingsInput::Zhihu { cookie: None },
    }
}

fn community(name: &str, slug: &str) -> CommunityInput {
    CommunityInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        url: None,
        logo_url: None,
        timezone: "Asia/Shanghai".into(),
        language: "zh-CN".into(),
    }
}

fn user(name: &str) -> NewUser {
    NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.into(),
        password: PASSWORD.into(),
        is_superuser: false,
    }
}

/// A path no caller is allowed to write: every case using it must be refused first.
fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir()
        .join("gecko-permission-matrix")
        .join(name)
}

/// SMTP settings that fail validation (port 0), so a permitted call writes nothing.
fn smtp() -> SmtpSettingsInput {
    SmtpSettingsInput {
        host: "smtp.example.org".into(),
        port: 0,
        tls_mode: TlsMode::Starttls,
        username: None,
        password: None,
        from_address: "gecko@example.org".into(),
    }
}

/// Calls command `name` aimed at community B's objects. Local and public commands are not
/// core calls and return `None`.
async fn call(core: &Core, name: &str, f: &Fixture) -> Option<Result<(), CoreError>> {
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
async fn governance_call(core: &Core, name: &str, g: &Governance) -> Option<Result<(), CoreError>> {
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

fn audit_b(f: &Fixture) -> AuditFilter {
    AuditFilter {
        community_id: Some(f.b),
        ..Default::default()
    }
}

fn denied(result: &Result<(), CoreError>) -> Option<ErrorCode> {
    match result {
        Err(e)
            if matches!(
                e.code,
                ErrorCode::NotFound
                    | ErrorCode::Forbidden
                    | ErrorCode::Unauthenticated
                    | ErrorCode::SetupRequired
            ) =>
        {
            Some(e.code)
        }
        _ => None,
    }
}

#[tokio::test]
async fn every_command_checks_identity_community_and_role() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let a = root
            .create_community(community("Alpha", "alpha"))
            .await
            .unwrap();
        let b = root
            .create_community(community("Beta", "beta"))
            .await
            .unwrap();
        let alice = root.create_user(user("alice")).await.unwrap();
        let bob = root.create_user(user("bob")).await.unwrap();
        let carl = root.create_user(user("carl")).await.unwrap();
        let dave = root.create_user(user("dave")).await.unwrap();
        let erin = root.create_user(user("erin")).await.unwrap();
        root.switch_community(a.id).await.unwrap();
        root.add_member(alice.id, Role::Admin).await.unwrap();
        root.switch_community(b.id).await.unwrap();
        root.add_member(bob.id, Role::User).await.unwrap();
        root.add_member(carl.id, Role::Admin).await.unwrap();
        root.add_member(dave.id, Role::Admin).await.unwrap();
        let content_b = root
            .create_content(NewContent {
                title: "B's content".into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .summary
            .id;
        root.set_content_assignees(content_b, vec![bob.id])
            .await
            .unwrap();
        let gov = governance_of_b(&root, t.dir.path()).await;
        let draft = root
            .create_content(NewContent {
                title: "Beta's draft".into(),
                ..NewContent::default()
            })
            .await
            .unwrap();
        let (pub_content, record) = publishing_objects(&root).await;
        let f = Fixture {
            b: b.id,
            bob: bob.id,
            carl: carl.id,
            erin: erin.id,
            gov,
            content: draft.summary.id,
            content_version: draft.summary.version,
            content_b,
            pub_content,
            record,
            keys: t.dir.path().join("matrix-keys"),
        };

        let signed_out = t.client(&clock);
        let alice_c = t.client(&clock);
        sign_in(&alice_c, "alice").await;
        let bob_c = t.client(&clock);
        sign_in(&bob_c, "bob").await;
        let dave_c = t.client(&clock);
        sign_in(&dave_c, "dave").await;
        root.set_user_active(dave.id, false).await.unwrap();

        for (name, access) in COMMANDS {
            let Some(out) = call(&signed_out, name, &f).await else {
                continue;
            };
            assert_eq!(
                denied(&out),
                Some(ErrorCode::Unauthenticated),
                "{name}: signed out"
            );
            let out = call(&dave_c, name, &f).await.unwrap();
            assert_eq!(
                denied(&out),
                Some(ErrorCode::Unauthenticated),
                "{name}: deactivated"
            );

            let outsider = denied(&call(&alice_c, name, &f).await.unwrap());
            let plain = denied(&call(&bob_c, name, &f).await.unwrap());
            let (want_outsider, want_plain) = match access {
                Access::Member => (Some(ErrorCode::NotFound), None),
                Access::Admin | Access::Editor => {
                    (Some(ErrorCode::NotFound), Some(ErrorCode::Forbidden))
                }
                Access::Superuser | Access::Setup => {
                    (Some(ErrorCode::Forbidden), Some(ErrorCode::Forbidden))
                }
                Access::SignedIn => (None, None),
                Access::Local | Access::Public => unreachable!(),
            };
            // Commands on the current community cannot reach B from A: Alice lists her own
            // members and may add any user to her own community. The same holds for the
            // governance and content reads of the current community, for what she creates
            // (it lands in her own community), for her own channels and publishing lists, and
            // for her community's mail settings.
            let want_outsider = match *name {
                "list_members"
                | "search_users"
                | "add_member"
                | "list_committees"
                | "create_committee"
                | "governance_overview"
                | "meeting_calendar"
                | "export_community_meetings_ics"
                | "list_contents"
                | "create_content"
                | "import_content"
                | "content_calendar" => None,
                "get_channel_configs"
                | "save_channel_config"
                | "list_publish_candidates"
                | "list_publish_records" => None,
                "get_community_smtp_settings"
                | "save_community_smtp_settings"
                | "send_community_test_mail" => None,
                _ => want_outsider,
            };
            assert_eq!(
                outsider, want_outsider,
                "{name}: admin of another community"
            );
            assert_eq!(plain, want_plain, "{name}: plain user");
        }
    })
    .await;
}

#[tokio::test]
async fn the_default_administrator_can_only_complete_setup() {
    let t = testing::sqlite().await;
    let clock = testing::test_clock();
    let core = t.client(&clock);
    core.first_run().await.unwrap();
    let f = Fixture {
        b: 1,
        bob: 1,
        carl: 1,
        erin: 1,
        gov: Governance::none(),
        content: 1,
        content_version: 1,
        content_b: 1,
        pub_content: 1,
        record: 1,
        keys: t.dir.path().join("keys"),
    };
    for (name, access) in COMMANDS {
        if matches!(access, Access::Setup) {
            continue;
        }
        let Some(out) = call(&core, name, &f).await else {
            continue;
        };
        assert_eq!(
            denied(&out),
            Some(ErrorCode::SetupRequired),
            "{name}: default admin"
        );
    }
    assert_eq!(call(&core, "complete_setup", &f).await.unwrap(), Ok(()));
}
