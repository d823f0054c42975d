//! The publish flow on both backends: who may publish what, records from `pending` to their
//! end, content becoming `published`, previews equal to what is written, clipboard channels,
//! and hand-entered analytics.

mod support;

use gecko_core::publish::analytics::AnalyticsInput;
use gecko_core::publish::channels::{ChannelConfigInput, ChannelSettingsInput, FrontMatterFormat};
use gecko_core::publish::flow::{PublishOptions, PublishPreview};
use gecko_core::publish::hugo::parse_front_matter;
use gecko_core::publish::records::RecordStatus;
use gecko_core::publish::Channel;
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode, Role};
use support::*;

async fn enable_hugo(root: &Core, site: &std::path::Path, enabled: bool) {
    std::fs::create_dir_all(site).unwrap();
    root.save_channel_config(
        Channel::Hugo,
        ChannelConfigInput {
            enabled,
            settings: ChannelSettingsInput::Hugo {
                site_path: site.to_string_lossy().into_owned(),
                content_dir: None,
                front_matter: FrontMatterFormat::Yaml,
            },
        },
    )
    .await
    .unwrap();
}

async fn enable_clipboard(root: &Core, channel: Channel) {
    let settings = if channel == Channel::Csdn {
        ChannelSettingsInput::Csdn { cookie: None }
    } else {
        ChannelSettingsInput::Zhihu { cookie: None }
    };
    root.save_channel_config(
        channel,
        ChannelConfigInput {
            enabled: true,
            settings,
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn hugo_publishing_writes_the_previewed_file_and_publishes_the_content() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        let site = t.dir.path().join("site");
        enable_hugo(&root, &site, true).await;
        std::fs::write(root.config().media_dir.join("pic.png"), png(100)).unwrap();
        let id = insert_content(
            &root,
            cid,
            "Hello: \"Hugo\"",
            "Intro ![p](pic.png)",
            "approved",
            Some("pic.png"),
        )
        .await;

        let PublishPreview::Hugo { file } = root
            .preview_publish(id, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap()
        else {
            panic!()
        };
        assert!(!site.join(&file.path).exists(), "preview writes nothing");
        let out = root
            .publish_content(id, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap();
        assert_eq!(out.record.status, RecordStatus::Published);
        assert_eq!(
            out.record.platform_article_id.as_deref(),
            Some(file.path.as_str())
        );
        assert!(out.record.published_at.is_some());
        let written = std::fs::read_to_string(site.join(&file.path)).unwrap();
        assert_eq!(
            written, file.text,
            "the preview is exactly what was written"
        );
        let fm = parse_front_matter(&written).unwrap();
        assert_eq!(fm.opengecko_id, id);
        assert_eq!(fm.title, "Hello: \"Hugo\"");
        assert_eq!(fm.date, "2026-03-01T17:00:00+08:00", "community offset");
        assert_eq!(fm.tags, vec!["rust".to_string(), "社区".to_string()]);
        assert!(site
            .join(format!("static/images/opengecko/{id}/pic.png"))
            .is_file());
        assert_eq!(
            content_status(&root, id).await,
            ("published".to_string(), 2)
        );

        // Republishing (admin, published content) rewrites the same file.
        let again = root
            .publish_content(id, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap();
        assert_eq!(
            again.record.platform_article_id,
            out.record.platform_article_id
        );
        assert_eq!(
            content_status(&root, id).await,
            ("published".to_string(), 2)
        );
        // A missing local image fails the attempt instead of publishing a broken page.
        let broken = insert_content(&root, cid, "Broken", "![x](gone.png)", "approved", None).await;
        let err = root
            .publish_content(broken, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap_err();
        assert!(err.message.contains("gone.png"));
        assert_eq!(content_status(&root, broken).await.0, "approved");

        let audits: i64 = root
            .db()
            .scalar(
                "SELECT count(*) FROM audit_logs WHERE action = 'publish_attempt'",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(audits, 3);
    })
    .await;
}

#[tokio::test]
async fn who_may_publish_what() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        let site = t.dir.path().join("site");
        enable_hugo(&root, &site, true).await;
        let user = member(&t, &clock, &root, "alice", Role::User).await;
        let draft = insert_content(&root, cid, "Draft", "x", "draft", None).await;
        let approved = insert_content(&root, cid, "Approved", "x", "approved", None).await;

        let err = user
            .publish_content(draft, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidTransition);
        assert!(user
            .publish_content(approved, Channel::Hugo, PublishOptions::default())
            .await
            .is_ok());
        // An admin may publish straight from draft.
        assert!(root
            .publish_content(draft, Channel::Hugo, PublishOptions::default())
            .await
            .is_ok());

        // A disabled channel cannot be published to.
        enable_hugo(&root, &site, false).await;
        let other = insert_content(&root, cid, "Other", "x", "approved", None).await;
        let err = root
            .publish_content(other, Channel::Hugo, PublishOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("channel"));
        let err = root
            .publish_content(other, Channel::Wechat, PublishOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("channel"));

        // Another community's content and records are not found.
        let b = root
            .create_community(community("Beta", "beta"))
            .await
            .unwrap();
        let records = root.list_publish_records(None).await.unwrap();
        root.switch_community(b.id).await.unwrap();
        assert_eq!(
            root.publish_content(other, Channel::Hugo, PublishOptions::default())
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert_eq!(
            root.preview_publish(other, Channel::Zhihu, PublishOptions::default())
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert_eq!(
            root.mark_publish_record_published(records[0].id, None)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        let input = AnalyticsInput {
            read_count: 1,
            like_count: 0,
            share_count: 0,
            comment_count: 0,
            collected_at: None,
        };
        assert_eq!(
            root.add_content_analytics(records[0].id, input)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert!(root.list_publish_records(None).await.unwrap().is_empty());

        user.logout().await.unwrap();
        assert_eq!(
            user.publish_content(approved, Channel::Hugo, PublishOptions::default())
                .await
                .unwrap_err()
                .code,
            ErrorCode::Unauthenticated
        );
        assert_eq!(
            user.list_publish_records(None).await.unwrap_err().code,
            ErrorCode::Unauthenticated
        );
    })
    .await;
}

#[tokio::test]
async fn clipboard_channels_wait_for_the_user_then_publish() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        enable_clipboard(&root, Channel::Csdn).await;
        enable_clipboard(&root, Channel::Zhihu).await;
        let md = "# Title\n\n![local](shot.png) ![remote](https://cdn.example/a.png)\n\n<div class=\"x\">raw</div>\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n";
        let id = insert_content(&root, cid, "Clip", md, "approved", None).await;

        let csdn = root.publish_content(id, Channel::Csdn, PublishOptions::default()).await.unwrap();
        assert_eq!(csdn.record.status, RecordStatus::Draft);
        let clip = csdn.clipboard.unwrap();
        assert_eq!(clip.images_to_upload, vec!["shot.png".to_string()]);
        assert!(clip.text.contains("https://cdn.example/a.png"));
        let zhihu = root.publish_content(id, Channel::Zhihu, PublishOptions::default()).await.unwrap();
        let html = zhihu.clipboard.unwrap().html;
        assert!(html.contains("<table>") && html.contains("<h1>"));
        assert!(!html.contains("style=") && !html.contains("class="));
        assert_eq!(content_status(&root, id).await.0, "approved");

        let bad = root.mark_publish_record_published(csdn.record.id, Some("not a url".into())).await.unwrap_err();
        assert_eq!(bad.field.as_deref(), Some("url"));
        let done = root
            .mark_publish_record_published(csdn.record.id, Some("https://blog.csdn.net/x/1".into()))
            .await
            .unwrap();
        assert_eq!(done.platform_url.as_deref(), Some("https://blog.csdn.net/x/1"));
        assert_eq!(content_status(&root, id).await, ("published".to_string(), 2));
        // A record is marked once.
        let again = root.mark_publish_record_published(csdn.record.id, None).await.unwrap_err();
        assert_eq!(again.code, ErrorCode::InvalidTransition);
    })
    .await;
}

#[tokio::test]
async fn analytics_are_entered_by_hand_and_listed() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        enable_clipboard(&root, Channel::Zhihu).await;
        let id = insert_content(&root, cid, "Stats", "x", "approved", None).await;
        let rec = root
            .publish_content(id, Channel::Zhihu, PublishOptions::default())
            .await
            .unwrap()
            .record;
        let input = |read: i32, at| AnalyticsInput {
            read_count: read,
            like_count: 2,
            share_count: 3,
            comment_count: 4,
            collected_at: at,
        };

        let first = root
            .add_content_analytics(
                rec.id,
                input(10, Some(root.now() - chrono::Duration::days(1))),
            )
            .await
            .unwrap();
        let second = root
            .add_content_analytics(rec.id, input(25, None))
            .await
            .unwrap();
        assert_eq!(second.collected_at, root.now());
        let list = root.list_content_analytics(rec.id).await.unwrap();
        assert_eq!(list, vec![second, first]);

        let err = root
            .add_content_analytics(rec.id, input(-1, None))
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("read_count"));
        let err = root
            .add_content_analytics(
                rec.id,
                input(1, Some(root.now() + chrono::Duration::days(1))),
            )
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("collected_at"));
        assert_eq!(root.list_content_analytics(rec.id).await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn csdn_makes_site_paths_absolute_and_lists_local_images() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        root.db()
            .execute(
                "UPDATE communities SET url = 'https://alpha.example.org/' WHERE id = $1",
                gecko_core::args![cid],
            )
            .await
            .unwrap();
        enable_clipboard(&root, Channel::Csdn).await;
        let md = "![a](/images/a.png) ![b](shots/b.png) ![c](https://cdn.example/c.png)";
        let id = insert_content(&root, cid, "Paths", md, "approved", None).await;
        let PublishPreview::Csdn { clipboard } = root
            .preview_publish(id, Channel::Csdn, PublishOptions::default())
            .await
            .unwrap()
        else {
            panic!()
        };
        assert!(clipboard
            .text
            .contains("![a](https://alpha.example.org/images/a.png)"));
        assert!(clipboard.text.contains("![c](https://cdn.example/c.png)"));
        assert_eq!(clipboard.images_to_upload, vec!["shots/b.png".to_string()]);
        // The preview is what publishing hands to the clipboard.
        let out = root
            .publish_content(id, Channel::Csdn, PublishOptions::default())
            .await
            .unwrap();
        assert_eq!(out.clipboard, Some(clipboard));
    })
    .await;
}
