//! The permission matrix: every command in `testing::COMMANDS`, called by every kind of caller.
//!
//! - signed out, deactivated → Unauthenticated; the default administrator → SetupRequired;
//! - `alice`, admin of community A (current: A), acting on community B's objects → NotFound for
//!   member and admin commands, Forbidden for superuser commands;
//! - `bob`, a plain user of B (current: B) → Forbidden for admin and superuser commands, and
//!   allowed for member and self-service ones.

use gecko_core::auth::SetupInput;
use gecko_core::communities::CommunityInput;
use gecko_core::governance::committees::CommitteeInput;
use gecko_core::governance::meetings::MeetingInput;
use gecko_core::mail::{SmtpSettingsInput, TlsMode};
use gecko_core::testing::{self, each_backend, setup_root, sign_in, Access, COMMANDS, PASSWORD};
use gecko_core::users::{NewUser, PasswordChange, UserUpdate};
use gecko_core::{Core, CoreError, ErrorCode, Role};

struct Fixture {
    b: i64,
    bob: i64,
    carl: i64,
    /// A user in no community, for `add_member`.
    erin: i64,
    /// A meeting of community B.
    meeting: i64,
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
            .get_meeting_email_reminders(f.meeting)
            .await
            .map(|_| ()),
        "set_meeting_email_reminders" => core
            .set_meeting_email_reminders(f.meeting, true)
            .await
            .map(|_| ()),
        other => panic!("command {other} has no case in the permission matrix"),
    })
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
        let committee = root
            .create_committee(CommitteeInput {
                name: "TSC".into(),
                slug: "tsc".into(),
                description: String::new(),
                meeting_frequency: None,
                notification_email: None,
                notification_wechat: None,
                established_on: None,
            })
            .await
            .unwrap();
        let meeting = root
            .create_meeting(MeetingInput {
                committee_id: committee.id,
                title: "B meeting".into(),
                description: None,
                starts_at: "2026-04-01 10:00".into(),
                duration_minutes: None,
                location_type: None,
                location: None,
                status: None,
                work_status: None,
                agenda: None,
                minutes: None,
                reminder_before_hours: None,
            })
            .await
            .unwrap();
        let f = Fixture {
            b: b.id,
            bob: bob.id,
            carl: carl.id,
            erin: erin.id,
            meeting: meeting.summary.id,
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
                Access::Admin => (Some(ErrorCode::NotFound), Some(ErrorCode::Forbidden)),
                Access::Superuser | Access::Setup => {
                    (Some(ErrorCode::Forbidden), Some(ErrorCode::Forbidden))
                }
                Access::SignedIn => (None, None),
                Access::Local | Access::Public => unreachable!(),
            };
            // Commands on the current community cannot reach B from A: Alice lists her own
            // members and may add any user to her own community.
            let want_outsider = match *name {
                "list_members" | "search_users" | "add_member" => None,
                // Mail settings of the current community: Alice reaches only her own.
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
        meeting: 1,
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
