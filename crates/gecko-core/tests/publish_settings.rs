//! Secrets and channel settings on both backends: the key never reaches the database, a wrong
//! key is refused before anything is decrypted, secrets come back masked and a mask keeps the
//! stored secret; only admins may read or change settings, and every change is audited
//! without the secret.

mod support;

use gecko_core::publish::channels::{
    ChannelConfigInput, ChannelSettingsInput, ChannelSettingsView, FrontMatterFormat,
};
use gecko_core::publish::secrets::{FileKeyStore, KeyStatus, KeyStore, Secret};
use gecko_core::publish::Channel;
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode, Role};
use support::*;

const PLAIN: &str = "plain-app-secret-9f3kabcd";

fn wechat(secret: Option<&str>, app_id: &str) -> ChannelConfigInput {
    ChannelConfigInput {
        enabled: true,
        settings: ChannelSettingsInput::Wechat {
            app_id: app_id.into(),
            app_secret: secret.map(Into::into),
            api_base_url: None,
        },
    }
}

async fn stored_config(core: &Core) -> String {
    let rows: Vec<(String,)> = core
        .db()
        .fetch_all("SELECT CAST(config AS TEXT) FROM channel_configs", vec![])
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
}

async fn whole_database_text(core: &Core) -> String {
    let mut all = stored_config(core).await;
    for sql in [
        "SELECT value FROM app_settings",
        "SELECT CAST(details AS TEXT) FROM audit_logs",
    ] {
        let rows: Vec<(String,)> = core.db().fetch_all(sql, vec![]).await.unwrap();
        for r in rows {
            all.push_str(&r.0);
            all.push('\n');
        }
    }
    all
}

fn wechat_secret_view(
    views: &[gecko_core::publish::channels::ChannelConfigView],
) -> Option<String> {
    views.iter().find_map(|v| match &v.settings {
        ChannelSettingsView::Wechat { app_secret, .. } => app_secret.clone(),
        _ => None,
    })
}

#[tokio::test]
async fn secrets_are_encrypted_and_the_key_stays_out_of_the_database() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, _, keys) = root_in_community(&t, &clock).await;
        root.save_channel_config(Channel::Wechat, wechat(Some(PLAIN), "wx1"))
            .await
            .unwrap();

        let key = keys.load().unwrap().unwrap();
        let db_text = whole_database_text(&root).await;
        assert!(!db_text.contains(PLAIN), "plain secret in the database");
        assert!(!db_text.contains(key.expose()), "key in the database");
        assert!(
            stored_config(&root).await.contains("gAAAAA"),
            "a Fernet token is stored"
        );

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(keys.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    })
    .await;
}

#[tokio::test]
async fn a_second_client_needs_the_team_key_and_a_wrong_key_is_refused() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        testing::setup_root(&root).await;
        let keys = FileKeyStore::in_folder(&t.dir.path().join("first"));
        let team_key = match root.unlock_secrets(&keys).await.unwrap() {
            KeyStatus::Created { team_key } => {
                // Shown once on a shared server only.
                assert_eq!(
                    team_key.is_some(),
                    t.backend() == gecko_core::db::Backend::Postgres
                );
                keys.load().unwrap().unwrap()
            }
            other => panic!("{other:?}"),
        };
        let c = root
            .create_community(community("Alpha", "alpha"))
            .await
            .unwrap();
        root.switch_community(c.id).await.unwrap();
        root.save_channel_config(Channel::Wechat, wechat(Some(PLAIN), "wx1"))
            .await
            .unwrap();

        // A second computer without a key is asked for the team key.
        let other = t.client(&clock);
        testing::sign_in(&other, "root").await;
        other.switch_community(c.id).await.unwrap();
        let other_keys = FileKeyStore::in_folder(&t.dir.path().join("second"));
        assert_eq!(
            other.unlock_secrets(&other_keys).await.unwrap(),
            KeyStatus::TeamKeyRequired
        );
        assert_eq!(
            wechat_secret_view(&other.get_channel_configs().await.unwrap()).as_deref(),
            Some("••••")
        );

        // A wrong key is refused with a clear error, and nothing is stored.
        let wrong = fernet::Fernet::generate_key();
        let err = other.set_team_key(&other_keys, &wrong).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some("team_key"));
        assert!(err.message.contains("team key"));
        assert!(other_keys.load().unwrap().is_none());
        assert!(other.set_team_key(&other_keys, "garbage").await.is_err());
        // Saving a secret while locked is refused rather than encrypted with nothing.
        assert_eq!(
            other
                .save_channel_config(Channel::Wechat, wechat(Some("new-secret-value"), "wx1"))
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("team_key")
        );

        // A stale wrong key already on disk is refused at unlock too.
        let stale = FileKeyStore::in_folder(&t.dir.path().join("stale"));
        stale.save(&Secret::new(wrong)).unwrap();
        assert_eq!(
            other
                .unlock_secrets(&stale)
                .await
                .unwrap_err()
                .field
                .as_deref(),
            Some("team_key")
        );

        // The right key works and opens the secrets.
        other
            .set_team_key(&other_keys, team_key.expose())
            .await
            .unwrap();
        assert_eq!(
            wechat_secret_view(&other.get_channel_configs().await.unwrap()).as_deref(),
            Some("••••abcd")
        );
        let third = t.client(&clock);
        testing::sign_in(&third, "root").await;
        assert_eq!(
            third.unlock_secrets(&other_keys).await.unwrap(),
            KeyStatus::Unlocked
        );
    })
    .await;
}

#[tokio::test]
async fn secrets_come_back_masked_and_a_mask_keeps_the_stored_secret() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, _, _) = root_in_community(&t, &clock).await;
        let view = root
            .save_channel_config(Channel::Wechat, wechat(Some(PLAIN), "wx1"))
            .await
            .unwrap();
        let ChannelSettingsView::Wechat {
            app_secret,
            api_base_url,
            ..
        } = &view.settings
        else {
            panic!()
        };
        assert_eq!(app_secret.as_deref(), Some("••••abcd"));
        assert_eq!(api_base_url, "https://api.weixin.qq.com");
        let before = stored_config(&root).await;

        // The mask sent back, and an absent secret, both keep the stored ciphertext.
        root.save_channel_config(Channel::Wechat, wechat(Some("••••abcd"), "wx2"))
            .await
            .unwrap();
        let after = stored_config(&root).await;
        assert_ne!(before, after, "app id changed");
        let token = |s: &str| {
            s.split("\"app_secret\"")
                .nth(1)
                .unwrap()
                .split('"')
                .nth(1)
                .unwrap()
                .to_string()
        };
        assert_eq!(token(&before), token(&after));
        root.save_channel_config(Channel::Wechat, wechat(None, "wx2"))
            .await
            .unwrap();
        assert_eq!(token(&after), token(&stored_config(&root).await));

        // A new value replaces it.
        root.save_channel_config(Channel::Wechat, wechat(Some("another-secret-wxyz"), "wx2"))
            .await
            .unwrap();
        let views = root.get_channel_configs().await.unwrap();
        assert_eq!(views.len(), 4);
        assert_eq!(wechat_secret_view(&views).as_deref(), Some("••••wxyz"));

        // Optional cookies: set, masked, cleared with an empty string.
        let cookie = |c: Option<&str>| ChannelConfigInput {
            enabled: true,
            settings: ChannelSettingsInput::Zhihu {
                cookie: c.map(Into::into),
            },
        };
        for (sent, kept) in [
            (Some("z_c0=abcdef123456"), Some("••••3456")),
            (Some("••••3456"), Some("••••3456")),
            (None, Some("••••3456")),
            (Some(""), None),
        ] {
            let v = root
                .save_channel_config(Channel::Zhihu, cookie(sent))
                .await
                .unwrap();
            let expected = ChannelSettingsView::Zhihu {
                cookie: kept.map(Into::into),
            };
            assert_eq!(v.settings, expected, "{sent:?}");
        }

        // Audited, without the secret.
        let details: Vec<(String,)> = root
            .db()
            .fetch_all(
                "SELECT CAST(details AS TEXT) FROM audit_logs WHERE action = 'save_channel_config'",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(details.len(), 8);
        assert!(details
            .iter()
            .all(|d| !d.0.contains(PLAIN) && !d.0.contains("another-secret")));
        assert!(details
            .iter()
            .any(|d| d.0.contains("\"secret_changed\":true")
                || d.0.contains("\"secret_changed\": true")));
    })
    .await;
}

#[tokio::test]
async fn settings_are_validated() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, _, _) = root_in_community(&t, &clock).await;
        let bad_url = ChannelConfigInput {
            enabled: true,
            settings: ChannelSettingsInput::Wechat {
                app_id: "wx1".into(),
                app_secret: Some(PLAIN.into()),
                api_base_url: Some("ftp://proxy".into()),
            },
        };
        let err = root
            .save_channel_config(Channel::Wechat, bad_url)
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("api_base_url"));
        let err = root
            .save_channel_config(Channel::Wechat, wechat(None, "wx1"))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("app_secret"));
        let site = t.dir.path().to_string_lossy().into_owned();
        let hugo = |dir: &str, site: &str| ChannelConfigInput {
            enabled: true,
            settings: ChannelSettingsInput::Hugo {
                site_path: site.into(),
                content_dir: Some(dir.into()),
                front_matter: FrontMatterFormat::Toml,
            },
        };
        let err = root
            .save_channel_config(Channel::Hugo, hugo("../outside", &site))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("content_dir"));
        let err = root
            .save_channel_config(Channel::Hugo, hugo("/etc", &site))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("content_dir"));
        let err = root
            .save_channel_config(Channel::Hugo, hugo("content", "/no/such/site"))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("site_path"));
        let err = root
            .save_channel_config(Channel::Csdn, hugo("content", &site))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("channel"));
        assert!(root
            .save_channel_config(Channel::Hugo, hugo("content/blog", &site))
            .await
            .is_ok());
        // Nothing invalid was written.
        let count: i64 = root
            .db()
            .scalar("SELECT count(*) FROM channel_configs", vec![])
            .await
            .unwrap();
        assert_eq!(count, 1);
    })
    .await;
}

#[tokio::test]
async fn only_admins_read_or_change_settings() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, _, _) = root_in_community(&t, &clock).await;
        let user = member(&t, &clock, &root, "alice", Role::User).await;
        assert_eq!(
            user.get_channel_configs().await.unwrap_err().code,
            ErrorCode::Forbidden
        );
        assert_eq!(
            user.save_channel_config(Channel::Wechat, wechat(Some(PLAIN), "wx1"))
                .await
                .unwrap_err()
                .code,
            ErrorCode::Forbidden
        );
        let admin = member(&t, &clock, &root, "bob", Role::Admin).await;
        assert!(admin.get_channel_configs().await.is_ok());
        user.logout().await.unwrap();
        assert_eq!(
            user.get_channel_configs().await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        let outsider = t.client(&clock);
        assert_eq!(
            outsider
                .unlock_secrets(&FileKeyStore::in_folder(t.dir.path()))
                .await
                .unwrap_err()
                .code,
            ErrorCode::Unauthenticated
        );
    })
    .await;
}
