//! Shared fixtures for the publishing tests: a community with unlocked secrets, contents
//! inserted straight into the table, and small images.

#![allow(dead_code)]

pub mod wechat_server;

use gecko_core::communities::CommunityInput;
use gecko_core::publish::secrets::{FileKeyStore, KeyStatus};
use gecko_core::testing::{self, TestDb, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, Role};

/// The shared corpus: `GECKO_CORPUS`, else `shared/` beside the repository, else /work/shared.
pub fn corpus_dir() -> std::path::PathBuf {
    let beside =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/markdown");
    let candidates = [
        std::env::var("GECKO_CORPUS").ok().map(Into::into),
        Some(beside),
        Some("/work/shared/corpus/markdown".into()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p: &std::path::PathBuf| p.is_dir())
        .expect("the Markdown corpus (set GECKO_CORPUS)")
}

/// Every corpus article as (file name, text), sorted by name.
pub fn corpus() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "corpus has {} articles", out.len());
    out
}

pub fn png(size: usize) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.resize(size.max(16), 0);
    v
}

pub fn jpg(size: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    v.resize(size.max(16), 0);
    v
}

pub fn community(name: &str, slug: &str) -> CommunityInput {
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

/// `root`, signed in, inside a fresh community, with secrets unlocked by a key file.
pub async fn root_in_community(
    t: &TestDb,
    clock: &gecko_core::clock::ManualClock,
) -> (Core, i64, FileKeyStore) {
    let root = t.client(clock);
    testing::setup_root(&root).await;
    let c = root
        .create_community(community("Alpha", "alpha"))
        .await
        .unwrap();
    root.switch_community(c.id).await.unwrap();
    let keys = FileKeyStore::in_folder(&t.dir.path().join("keys-root"));
    let status = root.unlock_secrets(&keys).await.unwrap();
    assert!(matches!(status, KeyStatus::Created { .. }), "{status:?}");
    std::fs::create_dir_all(root.config().media_dir.clone()).unwrap();
    (root, c.id, keys)
}

/// A signed-in plain member (`role`) of the root's current community.
pub async fn member(
    t: &TestDb,
    clock: &gecko_core::clock::ManualClock,
    root: &Core,
    name: &str,
    role: Role,
) -> Core {
    let user = root
        .create_user(NewUser {
            username: name.into(),
            email: format!("{name}@example.org"),
            full_name: name.into(),
            password: PASSWORD.into(),
            is_superuser: false,
        })
        .await
        .unwrap();
    root.add_member(user.id, role).await.unwrap();
    let c = t.client(clock);
    testing::sign_in(&c, name).await;
    let session = root.current_session().await.unwrap().unwrap();
    c.switch_community(session.current_community_id.unwrap())
        .await
        .unwrap();
    c
}

/// Inserts a content row directly (the content module is not part of this branch).
pub async fn insert_content(
    core: &Core,
    community_id: i64,
    title: &str,
    markdown: &str,
    status: &str,
    cover: Option<&str>,
) -> i64 {
    core.db()
        .scalar(
            "INSERT INTO contents (community_id, title, content_markdown, author, tags, category, \
             cover_image, status, created_at, updated_at) \
             VALUES ($1, $2, $3, 'Gecko', $4, 'news', $5, $6, $7, $7) RETURNING id",
            gecko_core::args![
                community_id,
                title,
                markdown,
                serde_json::json!(["rust", "社区"]),
                cover,
                status,
                core.now()
            ],
        )
        .await
        .unwrap()
}

pub async fn content_status(core: &Core, id: i64) -> (String, i64) {
    let status: String = core
        .db()
        .scalar(
            "SELECT status FROM contents WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    let version: i64 = core
        .db()
        .scalar(
            "SELECT CAST(version AS BIGINT) FROM contents WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    (status, version)
}
