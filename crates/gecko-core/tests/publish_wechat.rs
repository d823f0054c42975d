//! WeChat publishing against the local contract-faithful server: the whole flow, token
//! caching and refresh, limits checked before any call, and every error code as a sentence.

mod support;

use chrono::Duration;
use gecko_core::clock::ManualClock;
use gecko_core::publish::channels::{ChannelConfigInput, ChannelSettingsInput};
use gecko_core::publish::flow::{PublishOptions, PublishPreview};
use gecko_core::publish::records::RecordStatus;
use gecko_core::publish::secrets::FileKeyStore;
use gecko_core::publish::Channel;
use gecko_core::testing::{self, each_backend, TestDb};
use gecko_core::{Core, ErrorCode};
use support::wechat_server::{WechatServer, WHITELIST_IP};
use support::*;

const APP_ID: &str = "wx0123456789abcdef";
const SECRET: &str = "app-secret-0123456789";

async fn configure(root: &Core, server: &WechatServer, secret: &str) {
    root.save_channel_config(
        Channel::Wechat,
        ChannelConfigInput {
            enabled: true,
            settings: ChannelSettingsInput::Wechat {
                app_id: APP_ID.into(),
                app_secret: Some(secret.into()),
                api_base_url: Some(server.base_url.clone()),
            },
        },
    )
    .await
    .unwrap();
}

/// An approved article with a local image, a remote image and a local cover.
async fn article(root: &Core, cid: i64, server: &WechatServer, title: &str) -> i64 {
    let media = root.config().media_dir.clone();
    std::fs::write(media.join("diagram.png"), png(2000)).unwrap();
    std::fs::write(media.join("cover.jpg"), jpg(3000)).unwrap();
    server.with(|s| s.static_files.insert("remote.png".into(), png(1500)));
    let md = format!(
        "## 中文标题\n\n正文 with ![local](diagram.png) and ![remote]({}/static/remote.png).\n\n\
         - one\n  - two\n\n```\nfn main() {{\n    go();\n}}\n```\n\nSee [docs](https://example.org/docs).\n",
        server.base_url
    );
    insert_content(root, cid, title, &md, "approved", Some("cover.jpg")).await
}

fn opts() -> PublishOptions {
    PublishOptions {
        digest: Some("一段摘要".into()),
        ..Default::default()
    }
}

/// Root in a community whose WeChat channel points at a fresh local server.
async fn wechat_ready(t: &TestDb) -> (ManualClock, Core, i64, WechatServer) {
    let clock = testing::test_clock();
    let (root, cid, _) = root_in_community(t, &clock).await;
    let server = WechatServer::start(APP_ID, SECRET).await;
    configure(&root, &server, SECRET).await;
    (clock, root, cid, server)
}

#[tokio::test]
async fn the_whole_flow_creates_a_draft_with_uploaded_images() {
    each_backend(|t| async move {
        let (_clock, root, cid, server) = wechat_ready(&t).await;
        let id = article(&root, cid, &server, "发布测试").await;

        let out = root
            .publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        assert_eq!(out.record.status, RecordStatus::Draft);
        assert_eq!(out.record.platform_article_id.as_deref(), Some("draft-1"));

        let (drafts, raw, uploads) =
            server.with(|s| (s.drafts.clone(), s.raw_draft_bodies.clone(), s.uploads));
        assert_eq!(uploads, 3, "two images and the cover");
        let d = &drafts[0];
        assert_eq!(d["title"], "发布测试");
        assert_eq!(d["author"], "Gecko");
        assert_eq!(d["digest"], "一段摘要");
        assert!(d["thumb_media_id"].as_str().unwrap().starts_with("mat-"));
        let content = d["content"].as_str().unwrap();
        assert!(content.contains("http://mmbiz.qpic.cn/mmbiz_png/up"));
        assert!(!content.contains("diagram.png") && !content.contains("/static/remote.png"));
        // Raw UTF-8 on the wire.
        assert!(String::from_utf8(raw[0].clone())
            .unwrap()
            .contains("中文标题"));

        // A draft does not publish the content; marking the record does.
        assert_eq!(content_status(&root, id).await, ("approved".to_string(), 1));
        let rec = root
            .mark_publish_record_published(
                out.record.id,
                Some("https://mp.weixin.qq.com/s/x".into()),
            )
            .await
            .unwrap();
        assert_eq!(rec.status, RecordStatus::Published);
        assert_eq!(
            content_status(&root, id).await,
            ("published".to_string(), 2)
        );
    })
    .await;
}

#[tokio::test]
async fn the_token_is_cached_refreshed_before_expiry_and_once_when_expired() {
    each_backend(|t| async move {
        let (clock, root, cid, server) = wechat_ready(&t).await;
        let id = article(&root, cid, &server, "缓存").await;

        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        assert_eq!(server.with(|s| s.token_requests), 1, "cached");

        clock.advance(Duration::seconds(7200 - 200));
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        assert_eq!(
            server.with(|s| s.token_requests),
            2,
            "refreshed before expiry"
        );

        server.expire_tokens();
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        assert_eq!(
            server.with(|s| s.token_requests),
            3,
            "refreshed once on 42001"
        );

        // A token that stays expired is refreshed once, not in a loop.
        server.with(|s| s.knobs.issue_expired_tokens = true);
        server.expire_tokens();
        let err = root
            .publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Remote);
        assert!(err.message.contains("expired"), "{}", err.message);
        assert_eq!(server.with(|s| s.token_requests), 4);
    })
    .await;
}

#[tokio::test]
async fn two_members_of_a_team_share_one_stable_token() {
    each_backend(|t| async move {
        let (clock, root, cid, server) = wechat_ready(&t).await;
        let id = article(&root, cid, &server, "团队").await;
        let editor = member(&t, &clock, &root, "editor", gecko_core::Role::Admin).await;
        let team_keys = FileKeyStore::in_folder(&t.dir.path().join("keys-root"));
        editor.unlock_secrets(&team_keys).await.unwrap();
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        editor
            .publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        // Each client asked once; WeChat issued one token, and nobody's was revoked.
        assert_eq!(server.with(|s| (s.token_requests, s.issued_tokens)), (2, 1));
        assert_eq!(server.with(|s| s.drafts.len()), 3);
    })
    .await;
}

#[tokio::test]
async fn limits_are_checked_before_any_call() {
    each_backend(|t| async move {
        let (_clock, root, cid, server) = wechat_ready(&t).await;

        let long = article(&root, cid, &server, &"长".repeat(33)).await;
        let err = root
            .publish_content(long, Channel::Wechat, opts())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("title"));
        let mut o = opts();
        o.digest = Some("x".repeat(129));
        let ok_title = article(&root, cid, &server, "ok").await;
        let err = root
            .publish_content(ok_title, Channel::Wechat, o)
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("summary"));
        let huge = insert_content(
            &root,
            cid,
            "huge",
            &"段落很长。\n\n".repeat(3000),
            "approved",
            Some("cover.jpg"),
        )
        .await;
        let err = root
            .publish_content(huge, Channel::Wechat, opts())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("content_markdown"));

        std::fs::write(
            root.config().media_dir.join("big.png"),
            png(1024 * 1024 + 1),
        )
        .unwrap();
        std::fs::write(root.config().media_dir.join("anim.gif"), b"GIF89a.........").unwrap();
        for (src, needle) in [("big.png", "KB"), ("anim.gif", "JPG")] {
            let id = insert_content(
                &root,
                cid,
                "img",
                &format!("![x]({src})"),
                "approved",
                Some("cover.jpg"),
            )
            .await;
            let err = root
                .publish_content(id, Channel::Wechat, opts())
                .await
                .unwrap_err();
            assert!(err.message.contains(needle), "{}", err.message);
        }
        assert_eq!(
            server.with(|s| (s.token_requests, s.uploads)),
            (0, 0),
            "nothing was sent"
        );

        let records = root.list_publish_records(None).await.unwrap();
        assert_eq!(records.len(), 5);
        assert!(records
            .iter()
            .all(|r| r.status == RecordStatus::Failed && r.error_message.is_some()));
    })
    .await;
}

#[tokio::test]
async fn every_wechat_error_becomes_a_sentence_and_a_failed_record() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (root, cid, _) = root_in_community(&t, &clock).await;
        let server = WechatServer::start(APP_ID, SECRET).await;
        let id = article(&root, cid, &server, "错误").await;

        type Knob = fn(&mut support::wechat_server::Knobs);
        let cases: Vec<(&str, Knob, &str, &str)> = vec![
            ("wrong secret", |_| {}, "AppSecret", "AppSecret"),
            (
                "whitelist",
                |k| k.ip_not_whitelisted = true,
                WHITELIST_IP,
                WHITELIST_IP,
            ),
            ("quota", |k| k.quota_exceeded = true, "quota", "次数"),
            (
                "unauthorised",
                |k| k.draft_api_unauthorised = true,
                "not authorised",
                "权限",
            ),
            (
                "media id",
                |k| k.forget_materials = true,
                "cover image",
                "封面",
            ),
            ("title", |k| k.title_max = 1, "32 characters", "32"),
            ("digest", |k| k.digest_max = 1, "128 characters", "128"),
            ("content", |k| k.content_max_chars = 50, "too long", "超出"),
        ];
        for (name, knob, en, zh) in cases {
            server.with(|s| {
                s.knobs = Default::default();
                knob(&mut s.knobs);
            });
            let secret = if name == "wrong secret" {
                "not-the-secret"
            } else {
                SECRET
            };
            configure(&root, &server, secret).await;
            let err = root
                .publish_content(id, Channel::Wechat, opts())
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::Remote, "{name}");
            assert!(err.message.contains(en), "{name}: {}", err.message);
            assert!(err.message_zh.contains(zh), "{name}: {}", err.message_zh);
            let last = root.list_publish_records(Some(id)).await.unwrap().remove(0);
            assert_eq!(last.status, RecordStatus::Failed, "{name}");
            assert!(last.error_message.unwrap().contains(en));
        }
        assert_eq!(content_status(&root, id).await.0, "approved");
    })
    .await;
}

#[tokio::test]
async fn files_outside_the_media_folder_are_never_uploaded() {
    each_backend(|t| async move {
        let (_clock, root, cid, server) = wechat_ready(&t).await;
        std::fs::write(root.config().media_dir.join("cover.jpg"), jpg(100)).unwrap();
        let outside = t.dir.path().join("private.png");
        std::fs::write(&outside, png(100)).unwrap();
        let md = format!("![x]({})", outside.display());
        let id = insert_content(&root, cid, "外部文件", &md, "approved", Some("cover.jpg")).await;
        let err = root
            .publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("image"));
        assert_eq!(server.with(|s| s.uploads), 0);
    })
    .await;
}

#[tokio::test]
async fn the_preview_is_the_draft_that_will_be_sent() {
    each_backend(|t| async move {
        let (_clock, root, cid, server) = wechat_ready(&t).await;
        let id = article(&root, cid, &server, "预览").await;
        let PublishPreview::Wechat {
            draft,
            problem,
            images,
            cover,
        } = root
            .preview_publish(id, Channel::Wechat, opts())
            .await
            .unwrap()
        else {
            panic!()
        };
        assert!(problem.is_none());
        assert_eq!(images.len(), 2);
        assert_eq!(cover.as_deref(), Some("cover.jpg"));
        root.publish_content(id, Channel::Wechat, opts())
            .await
            .unwrap();
        let sent = server.with(|s| s.drafts[0].clone());
        assert_eq!(sent["title"], draft.title);
        assert_eq!(sent["digest"], draft.digest);
        // Identical except for the image addresses WeChat issued.
        let mut expected = draft.content.clone();
        for (i, src) in images.iter().enumerate() {
            expected = expected.replace(
                src,
                &format!("http://mmbiz.qpic.cn/mmbiz_png/up{}/0", i + 1),
            );
        }
        assert_eq!(sent["content"], expected);

        let long = article(&root, cid, &server, &"长".repeat(40)).await;
        let PublishPreview::Wechat { problem, .. } = root
            .preview_publish(long, Channel::Wechat, opts())
            .await
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(problem.unwrap().field.as_deref(), Some("title"));
    })
    .await;
}

async fn answer(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

fn media(field: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(field.to_string(), reqwest::multipart::Part::bytes(bytes))
}

#[tokio::test]
async fn the_server_holds_the_contract() {
    let server = WechatServer::start(APP_ID, SECRET).await;
    let http = reqwest::Client::new();
    let base = &server.base_url;
    let token = answer(http.get(format!(
        "{base}/cgi-bin/token?grant_type=client_credential&appid={APP_ID}&secret={SECRET}"
    )))
    .await;
    let token = token["access_token"].as_str().unwrap().to_string();
    let call = |path: &str| http.post(format!("{base}/cgi-bin/{path}?access_token={token}"));

    // `\uXXXX` escapes are refused: WeChat wants raw UTF-8.
    let escaped = answer(call("draft/add").body(r#"{"articles":[{"title":"\u4e2d"}]}"#)).await;
    assert_eq!(escaped["errcode"], 40033);
    let no_token = answer(http.post(format!("{base}/cgi-bin/draft/add")).body("{}")).await;
    assert_eq!(no_token["errcode"], 41001);
    let wrong_field = answer(call("media/uploadimg").multipart(media("file", png(100)))).await;
    assert_eq!(wrong_field["errcode"], 41005);
    let too_big =
        answer(call("media/uploadimg").multipart(media("media", png(1024 * 1024 + 10)))).await;
    assert_eq!(too_big["errcode"], 40009);
    let gif =
        answer(call("media/uploadimg").multipart(media("media", b"GIF89a.....".to_vec()))).await;
    assert_eq!(gif["errcode"], 40005);

    // A draft whose image was not uploaded through uploadimg is refused.
    let material = answer(
        call("material/add_material")
            .query(&[("type", "image")])
            .multipart(media("media", jpg(100))),
    )
    .await;
    let body = serde_json::to_vec(&serde_json::json!({"articles": [{
        "title": "t", "digest": "", "content": "<img src=\"https://elsewhere.example/a.png\">",
        "thumb_media_id": material["media_id"]}]}))
    .unwrap();
    let foreign = answer(call("draft/add").body(body)).await;
    assert_eq!(foreign["errcode"], 45166);
}
