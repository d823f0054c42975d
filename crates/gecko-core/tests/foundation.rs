//! Accounts, first run, sign-in, communities and memberships, on both backends.

use chrono::Duration;
use gecko_core::auth::{FirstRun, LoginInput, SetupInput};
use gecko_core::communities::CommunityInput;
use gecko_core::testing::{self, each_backend, setup_root, sign_in, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, ErrorCode, Role};

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

fn new_user(name: &str) -> NewUser {
    NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.to_uppercase(),
        password: PASSWORD.into(),
        is_superuser: false,
    }
}

async fn audit_count(core: &Core, action: &str) -> i64 {
    core.db()
        .scalar(
            "SELECT count(*) FROM audit_logs WHERE action = $1",
            gecko_core::args![action],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn first_run_allows_only_setup_then_removes_the_default_admin() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let core = t.client(&clock);
        let first = core.first_run().await.unwrap();
        let FirstRun::SetupRequired {
            username,
            one_time_password,
        } = first
        else {
            panic!("expected setup, got {first:?}")
        };
        assert_eq!(username, "admin");
        // Shown once on a shared server, never on a local file.
        assert_eq!(
            one_time_password.is_some(),
            t.backend() == gecko_core::db::Backend::Postgres
        );

        // Everything but setup is refused for the default administrator.
        let err = core.list_users().await.unwrap_err();
        assert_eq!(err.code, ErrorCode::SetupRequired);
        let err = core
            .create_community(community("A", "a"))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::SetupRequired);

        // A second client sees setup pending, not a second default admin.
        let other = t.client(&clock);
        assert!(matches!(
            other.first_run().await.unwrap(),
            FirstRun::AwaitingSetup { .. }
        ));
        if let Some(password) = one_time_password {
            other
                .login(LoginInput {
                    login: "admin".into(),
                    password,
                })
                .await
                .unwrap();
            assert_eq!(
                other.list_users().await.unwrap_err().code,
                ErrorCode::SetupRequired
            );
        }

        // Bad setup input changes nothing.
        let bad = SetupInput {
            username: "x".into(),
            email: "root@example.org".into(),
            full_name: String::new(),
            password: PASSWORD.into(),
        };
        assert_eq!(
            core.complete_setup(bad).await.unwrap_err().field.as_deref(),
            Some("username")
        );
        let defaults: i64 = core
            .db()
            .scalar("SELECT count(*) FROM users WHERE is_default_admin", vec![])
            .await
            .unwrap();
        assert_eq!(defaults, 1);

        let info = core
            .complete_setup(SetupInput {
                username: "root".into(),
                email: "root@example.org".into(),
                full_name: "Root".into(),
                password: PASSWORD.into(),
            })
            .await
            .unwrap();
        assert!(info.user.is_superuser && !info.is_default_admin);
        let users: Vec<(String, bool)> = core
            .db()
            .fetch_all("SELECT username, is_default_admin FROM users", vec![])
            .await
            .unwrap();
        assert_eq!(users, vec![("root".to_string(), false)]);
        assert_eq!(core.first_run().await.unwrap().kind(), "ready");
        // The default admin's session elsewhere is dead now.
        assert_eq!(
            other.list_users().await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        assert_eq!(audit_count(&core, "complete_setup").await, 1);
    })
    .await;
}

#[tokio::test]
async fn sign_in_failures_look_alike_and_slow_down() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        root.create_user(new_user("alice")).await.unwrap();
        let bob = root.create_user(new_user("bob")).await.unwrap();
        root.set_user_active(bob.id, false).await.unwrap();

        let client = t.client(&clock);
        let attempt = |login: &str, password: &str| {
            client.login(LoginInput {
                login: login.into(),
                password: password.into(),
            })
        };
        let wrong = attempt("alice", "wrong password").await.unwrap_err();
        let unknown = attempt("nobody", PASSWORD).await.unwrap_err();
        let inactive = attempt("bob", PASSWORD).await.unwrap_err();
        assert_eq!(wrong, unknown);
        assert_eq!(wrong, inactive);
        assert_eq!(wrong.code, ErrorCode::InvalidCredentials);

        // By email, any case.
        let info = attempt("ALICE@example.org", PASSWORD).await.unwrap();
        assert_eq!(info.user.username, "alice");
        client.logout().await.unwrap();
        assert!(client.current_session().await.unwrap().is_none());
        assert_eq!(
            client.list_members().await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );

        // Five failures lock the name, even for the right password, until time passes.
        for _ in 0..5 {
            attempt("alice", "nope nope nope").await.unwrap_err();
        }
        assert_eq!(
            attempt("alice", PASSWORD).await.unwrap_err().code,
            ErrorCode::RateLimited
        );
        clock.advance(Duration::seconds(31));
        attempt("alice", PASSWORD).await.unwrap();
        assert_eq!(audit_count(&root, "login_failed").await, 8);
        assert!(audit_count(&root, "login").await >= 2);
    })
    .await;
}

#[tokio::test]
async fn superusers_manage_users_and_the_last_one_stays() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let me = root.current_session().await.unwrap().unwrap().user;

        assert_eq!(
            root.set_superuser(me.id, false).await.unwrap_err().code,
            ErrorCode::Conflict
        );
        assert_eq!(
            root.set_user_active(me.id, false).await.unwrap_err().code,
            ErrorCode::Conflict
        );

        let alice = root.create_user(new_user("alice")).await.unwrap();
        assert_eq!(
            root.create_user(new_user("Alice")).await.unwrap_err().code,
            ErrorCode::Conflict,
            "usernames are unique whatever their case"
        );
        let mut bad = new_user("carol");
        bad.email = "not-an-email".into();
        assert_eq!(
            root.create_user(bad).await.unwrap_err().field.as_deref(),
            Some("email")
        );
        let mut short = new_user("dave");
        short.password = "short".into();
        assert_eq!(
            root.create_user(short).await.unwrap_err().field.as_deref(),
            Some("password")
        );

        root.set_superuser(alice.id, true).await.unwrap();
        root.set_superuser(me.id, false).await.unwrap();
        assert_eq!(
            root.list_users().await.unwrap_err().code,
            ErrorCode::Forbidden
        );

        let alice_client = t.client(&clock);
        sign_in(&alice_client, "alice").await;
        alice_client
            .set_user_password(me.id, "a brand new secret".into())
            .await
            .unwrap();
        let old = root
            .login(LoginInput {
                login: "root".into(),
                password: PASSWORD.into(),
            })
            .await;
        assert_eq!(old.unwrap_err().code, ErrorCode::InvalidCredentials);
        root.login(LoginInput {
            login: "root".into(),
            password: "a brand new secret".into(),
        })
        .await
        .unwrap();

        // Deactivation ends the session on its next command.
        alice_client.set_superuser(me.id, true).await.unwrap();
        root.set_user_active(alice.id, false).await.unwrap();
        assert_eq!(
            alice_client.list_users().await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
    })
    .await;
}

#[tokio::test]
async fn communities_keep_apart_and_keep_an_admin() {
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
        assert_eq!(
            root.create_community(community("Alpha", "alpha-2"))
                .await
                .unwrap_err()
                .code,
            ErrorCode::Conflict
        );
        assert_eq!(
            root.create_community(community("Gamma", "Bad Slug"))
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("slug")
        );
        let mut bad_tz = community("Gamma", "gamma");
        bad_tz.timezone = "Mars/Olympus".into();
        assert_eq!(
            root.create_community(bad_tz)
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("timezone")
        );

        let alice = root.create_user(new_user("alice")).await.unwrap();
        let bob = root.create_user(new_user("bob")).await.unwrap();
        root.switch_community(a.id).await.unwrap();
        root.add_member(alice.id, Role::Admin).await.unwrap();
        root.switch_community(b.id).await.unwrap();
        root.add_member(bob.id, Role::User).await.unwrap();
        assert_eq!(
            root.add_member(bob.id, Role::Admin).await.unwrap_err().code,
            ErrorCode::Conflict
        );

        // Alice sees only Alpha; Beta and its members are "not found" to her.
        let alice_client = t.client(&clock);
        sign_in(&alice_client, "alice").await;
        let info = alice_client.current_session().await.unwrap().unwrap();
        assert_eq!(
            info.communities
                .iter()
                .map(|c| c.slug.as_str())
                .collect::<Vec<_>>(),
            ["alpha"]
        );
        assert_eq!(info.current_community_id, Some(a.id));
        assert_eq!(
            alice_client.switch_community(b.id).await.unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            alice_client.get_community(b.id).await.unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            alice_client
                .set_member_role(bob.id, Role::Admin)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        let mut rename = community("Beta 2", "beta");
        rename.description = "x".into();
        assert_eq!(
            alice_client
                .update_community(b.id, rename)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );

        // Bob, a plain user of Beta, may look but not manage.
        let bob_client = t.client(&clock);
        sign_in(&bob_client, "bob").await;
        assert_eq!(bob_client.list_members().await.unwrap().len(), 2);
        assert_eq!(
            bob_client
                .add_member(alice.id, Role::User)
                .await
                .unwrap_err()
                .code,
            ErrorCode::Forbidden
        );

        // The last admin of Alpha stays admin; with a second admin the first may step down.
        let root_id = root.current_session().await.unwrap().unwrap().user.id;
        root.switch_community(a.id).await.unwrap();
        root.remove_member(root_id).await.unwrap();
        assert_eq!(
            alice_client.remove_member(alice.id).await.unwrap_err().code,
            ErrorCode::Conflict
        );
        assert_eq!(
            alice_client
                .set_member_role(alice.id, Role::User)
                .await
                .unwrap_err()
                .code,
            ErrorCode::Conflict
        );
        alice_client.add_member(bob.id, Role::Admin).await.unwrap();
        let members = alice_client
            .set_member_role(alice.id, Role::User)
            .await
            .unwrap();
        assert!(members
            .iter()
            .any(|m| m.username == "alice" && m.role == "user"));

        // The slug never changes, even when an update sends another one.
        let mut update = community("Alpha Renamed", "other-slug");
        update.timezone = "America/New_York".into();
        let updated = root.update_community(a.id, update).await.unwrap();
        assert_eq!(
            (updated.slug.as_str(), updated.timezone.as_str()),
            ("alpha", "America/New_York")
        );

        // Delete asks for the slug; it then takes members and audit entries with it.
        assert_eq!(
            root.delete_community(b.id, "wrong".into())
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("confirm_slug")
        );
        root.delete_community(b.id, "beta".into()).await.unwrap();
        let left: i64 = root
            .db()
            .scalar(
                "SELECT (SELECT count(*) FROM community_users WHERE community_id = $1) + \
                 (SELECT count(*) FROM audit_logs WHERE community_id = $1)",
                gecko_core::args![b.id],
            )
            .await
            .unwrap();
        assert_eq!(left, 0);
        assert_eq!(audit_count(&root, "delete_community").await, 1);
        assert!(bob_client
            .current_session()
            .await
            .unwrap()
            .unwrap()
            .communities
            .iter()
            .all(|c| c.id != b.id));

        // A deactivated community disappears for members, not for superusers.
        root.set_community_active(a.id, false).await.unwrap();
        assert!(alice_client
            .current_session()
            .await
            .unwrap()
            .unwrap()
            .communities
            .is_empty());
        assert_eq!(
            alice_client.list_members().await.unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(root.list_communities().await.unwrap().len(), 1);
    })
    .await;
}
