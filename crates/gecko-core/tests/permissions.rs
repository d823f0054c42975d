//! The permission matrix: every command in `testing::COMMANDS`, called by every kind of caller.
//!
//! - signed out, deactivated → Unauthenticated; the default administrator → SetupRequired;
//! - `alice`, admin of community A (current: A), acting on community B's objects → NotFound for
//!   member and admin commands, Forbidden for superuser commands;
//! - `bob`, a plain user of B (current: B) → Forbidden for admin and superuser commands, and
//!   allowed for member and self-service ones.

use gecko_core::auth::SetupInput;
use gecko_core::communities::CommunityInput;
use gecko_core::content::{ContentStatus, NewContent};
use gecko_core::publish::analytics::AnalyticsInput;
use gecko_core::publish::channels::{ChannelConfigInput, ChannelSettingsInput};
use gecko_core::publish::flow::PublishOptions;
use gecko_core::publish::secrets::FileKeyStore;
use gecko_core::publish::Channel;
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
    content: i64,
    record: i64,
    /// Where `unlock_secrets` and `set_team_key` keep this computer's key.
    keys: std::path::PathBuf,
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

/// Calls command `name` aimed at community B's objects. Local and public commands are not
/// core calls and return `None`.
async fn call(core: &Core, name: &str, f: &Fixture) -> Option<Result<(), CoreError>> {
    Some(match name {
        "app_info" | "set_language" | "test_database" | "switch_database" | "ui_ready"
        | "first_run" | "login" | "logout" | "current_session" => return None,
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
            .preview_publish(f.content, Channel::Zhihu, PublishOptions::default())
            .await
            .map(|_| ()),
        "publish_content" => core
            .publish_content(f.content, Channel::Zhihu, PublishOptions::default())
            .await
            .map(|_| ()),
        "list_publish_records" => core.list_publish_records(Some(f.content)).await.map(|_| ()),
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
        let (content, record) = publishing_objects(&root).await;
        let f = Fixture {
            b: b.id,
            bob: bob.id,
            carl: carl.id,
            erin: erin.id,
            content,
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
                Access::Admin => (Some(ErrorCode::NotFound), Some(ErrorCode::Forbidden)),
                Access::Superuser | Access::Setup => {
                    (Some(ErrorCode::Forbidden), Some(ErrorCode::Forbidden))
                }
                Access::SignedIn => (None, None),
                Access::Local | Access::Public => unreachable!(),
            };
            // Commands on the current community cannot reach B from A: Alice lists her own
            // members and may add any user to her own community; she sees and saves her own
            // channels, lists her own publishing (B's content id finds no records in A).
            let want_outsider = match *name {
                "list_members"
                | "search_users"
                | "add_member"
                | "get_channel_configs"
                | "save_channel_config"
                | "list_publish_candidates"
                | "list_publish_records" => None,
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
        content: 1,
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
