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

mod calls;
mod fixture;

use calls::*;
use fixture::*;

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
