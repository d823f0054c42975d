//! A community with one user per content role, shared by the content tests.
#![allow(dead_code)]

use gecko_core::clock::ManualClock;
use gecko_core::communities::CommunityInput;
use gecko_core::content::{ContentView, NewContent};
use gecko_core::testing::{self, sign_in, TestDb, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, Role};
use std::collections::HashMap;

pub const ROLES: [&str; 6] = [
    "owner",
    "collaborator",
    "assignee",
    "member",
    "admin",
    "superuser",
];

/// Community A with: alice (owner of test contents), bob (collaborator), carol (assignee only),
/// dave (plain member), erin (community admin), sam (superuser, not a member); community B with
/// frank. `root` is a superuser and admin of both.
pub struct World {
    pub root: Core,
    pub a: i64,
    pub b: i64,
    pub ids: HashMap<&'static str, i64>,
    pub clients: HashMap<&'static str, Core>,
}

impl World {
    pub fn client(&self, name: &str) -> &Core {
        &self.clients[name]
    }

    pub fn id(&self, name: &str) -> i64 {
        self.ids[name]
    }

    /// The client acting in `role` (see [`ROLES`]).
    pub fn as_role(&self, role: &str) -> &Core {
        self.client(match role {
            "owner" => "alice",
            "collaborator" => "bob",
            "assignee" => "carol",
            "member" => "dave",
            "admin" => "erin",
            "superuser" => "sam",
            other => panic!("unknown role {other}"),
        })
    }

    /// A content owned by alice with bob collaborating and carol assigned.
    pub async fn content(&self, title: &str) -> ContentView {
        let alice = self.client("alice");
        let c = alice.create_content(draft(title)).await.unwrap();
        alice
            .set_content_collaborators(c.summary.id, vec![self.id("bob")])
            .await
            .unwrap();
        alice
            .set_content_assignees(c.summary.id, vec![self.id("carol")])
            .await
            .unwrap()
    }
}

pub fn draft(title: &str) -> NewContent {
    NewContent {
        title: title.into(),
        content_markdown: format!("# {title}\n\nBody of {title}."),
        ..Default::default()
    }
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

pub fn new_user(name: &str, superuser: bool) -> NewUser {
    NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.to_uppercase(),
        password: PASSWORD.into(),
        is_superuser: superuser,
    }
}

pub async fn world(t: &TestDb, clock: &ManualClock, timezone: &str) -> World {
    let root = t.client(clock);
    testing::setup_root(&root).await;
    let a = root
        .create_community(community("Alpha", "alpha", timezone))
        .await
        .unwrap()
        .id;
    let b = root
        .create_community(community("Beta", "beta", timezone))
        .await
        .unwrap()
        .id;
    let mut ids = HashMap::new();
    let people: [(&'static str, i64, Option<Role>, bool); 7] = [
        ("alice", a, Some(Role::User), false),
        ("bob", a, Some(Role::User), false),
        ("carol", a, Some(Role::User), false),
        ("dave", a, Some(Role::User), false),
        ("erin", a, Some(Role::Admin), false),
        ("sam", a, None, true),
        ("frank", b, Some(Role::User), false),
    ];
    for (name, community, role, superuser) in people {
        let user = root.create_user(new_user(name, superuser)).await.unwrap();
        ids.insert(name, user.id);
        if let Some(role) = role {
            root.switch_community(community).await.unwrap();
            root.add_member(user.id, role).await.unwrap();
        }
    }
    root.switch_community(a).await.unwrap();
    let mut clients = HashMap::new();
    for (name, community, _, _) in people {
        let client = t.client(clock);
        sign_in(&client, name).await;
        client.switch_community(community).await.unwrap();
        clients.insert(name, client);
    }
    World {
        root,
        a,
        b,
        ids,
        clients,
    }
}

pub async fn audit_count(core: &Core, action: &str, resource_id: i64) -> i64 {
    core.db()
        .scalar(
            "SELECT count(*) FROM audit_logs WHERE action = $1 AND resource_id = $2",
            gecko_core::args![action, resource_id],
        )
        .await
        .unwrap()
}
