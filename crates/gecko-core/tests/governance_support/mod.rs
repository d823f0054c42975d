//! Shared set-up of the governance tests: two communities and clients in every role.
#![allow(dead_code)]

use gecko_core::clock::ManualClock;
use gecko_core::communities::CommunityInput;
use gecko_core::governance::committees::CommitteeInput;
use gecko_core::governance::meetings::MeetingInput;
use gecko_core::testing::{self, TestDb, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, ErrorCode, Role};
use std::future::Future;

pub struct World {
    /// Superuser, in community A.
    pub root: Core,
    /// Admin of A.
    pub alice: Core,
    /// Plain user of A.
    pub bob: Core,
    pub bob_id: i64,
    /// Admin of B only.
    pub carol: Core,
    pub carol_id: i64,
    /// Never signed in.
    pub nobody: Core,
    pub a: i64,
    pub b: i64,
}

pub fn community(name: &str, slug: &str, timezone: &str) -> CommunityInput {
    CommunityInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        url: None,
        logo_url: None,
        timezone: timezone.into(),
        language: "zh-CN".into(),
    }
}

async fn user(root: &Core, name: &str) -> i64 {
    root.create_user(NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.to_uppercase(),
        password: PASSWORD.into(),
        is_superuser: false,
    })
    .await
    .unwrap()
    .id
}

async fn client_in(t: &TestDb, clock: &ManualClock, login: &str, community: i64) -> Core {
    let c = t.client(clock);
    testing::sign_in(&c, login).await;
    c.switch_community(community).await.unwrap();
    c
}

/// Community A (in `timezone`, slug `alpha`) and B (slug `beta`), with root, alice (admin of
/// A), bob (user of A) and carol (admin of B).
pub async fn world(t: &TestDb, clock: &ManualClock, timezone: &str) -> World {
    let root = t.client(clock);
    testing::setup_root(&root).await;
    let a = root
        .create_community(community("Alpha 社区", "alpha", timezone))
        .await
        .unwrap()
        .id;
    let b = root
        .create_community(community("Beta", "beta", "Asia/Shanghai"))
        .await
        .unwrap()
        .id;
    let alice_id = user(&root, "alice").await;
    let bob_id = user(&root, "bob").await;
    let carol_id = user(&root, "carol").await;
    root.switch_community(a).await.unwrap();
    root.add_member(alice_id, Role::Admin).await.unwrap();
    root.add_member(bob_id, Role::User).await.unwrap();
    root.switch_community(b).await.unwrap();
    root.add_member(carol_id, Role::Admin).await.unwrap();
    root.switch_community(a).await.unwrap();
    World {
        alice: client_in(t, clock, "alice", a).await,
        bob: client_in(t, clock, "bob", a).await,
        bob_id,
        carol: client_in(t, clock, "carol", b).await,
        carol_id,
        nobody: t.client(clock),
        root,
        a,
        b,
    }
}

pub fn committee(slug: &str) -> CommitteeInput {
    CommitteeInput {
        name: format!("委员会 {slug}"),
        slug: slug.into(),
        description: "技术方向与治理".into(),
        meeting_frequency: None,
        notification_email: None,
        notification_wechat: None,
        established_on: None,
    }
}

pub fn meeting(committee_id: i64, starts_at: &str) -> MeetingInput {
    MeetingInput {
        committee_id,
        title: "月度例会".into(),
        description: None,
        starts_at: starts_at.into(),
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

/// The error code a command failed with (panics when it succeeded).
pub async fn code<T: std::fmt::Debug>(
    fut: impl Future<Output = gecko_core::Result<T>>,
) -> ErrorCode {
    fut.await.expect_err("the command should have failed").code
}

pub async fn audit_count(core: &Core, action: &str) -> i64 {
    core.db()
        .scalar(
            "SELECT count(*) FROM audit_logs WHERE action = $1",
            gecko_core::args![action],
        )
        .await
        .unwrap()
}

pub async fn count(core: &Core, sql: &str) -> i64 {
    core.db().scalar(sql, vec![]).await.unwrap()
}

/// A [`world`] in Shanghai with committee `tsc` and one meeting on 2026-04-01 10:00:
/// (world, committee id, meeting id).
pub async fn world_with_meeting(t: &TestDb, clock: &ManualClock) -> (World, i64, i64) {
    let w = world(t, clock, "Asia/Shanghai").await;
    let c = w.alice.create_committee(committee("tsc")).await.unwrap();
    let m = w
        .alice
        .create_meeting(meeting(c.id, "2026-04-01 10:00"))
        .await
        .unwrap();
    (w, c.id, m.summary.id)
}
