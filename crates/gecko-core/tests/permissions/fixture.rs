//! What the permission matrix aims at: community B's users, contents, publish record and
//! governance objects, and the inputs the commands take.

use super::*;

pub(super) struct Fixture {
    pub(super) b: i64,
    pub(super) bob: i64,
    pub(super) carl: i64,
    /// A user in no community, for `add_member`.
    pub(super) erin: i64,
    /// An approved content of B, and a Zhihu publish record of it.
    pub(super) pub_content: i64,
    pub(super) record: i64,
    /// Where `unlock_secrets` and `set_team_key` keep this computer's key.
    pub(super) keys: std::path::PathBuf,
    /// A content of B assigned to bob.
    pub(super) content_b: i64,
    /// A draft of community B created by root: Bob has no part in it.
    pub(super) content: i64,
    pub(super) content_version: i64,
    /// Community B's governance objects.
    pub(super) gov: Governance,
}

/// A committee of B with one member, a meeting with a participant and an attachment, and a
/// members CSV file.
pub(super) struct Governance {
    pub(super) committee: i64,
    pub(super) member: i64,
    pub(super) meeting: i64,
    pub(super) participant: i64,
    pub(super) attachment: String,
    pub(super) file: std::path::PathBuf,
}

impl Governance {
    /// Ids that name nothing, for callers refused before any lookup.
    pub(super) fn none() -> Governance {
        Governance {
            committee: 1,
            member: 1,
            meeting: 1,
            participant: 1,
            attachment: "meetings/x.txt".into(),
            file: "/nonexistent.csv".into(),
        }
    }
}

pub(super) fn committee(name: &str, slug: &str) -> CommitteeInput {
    CommitteeInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        meeting_frequency: None,
        notification_email: None,
        notification_wechat: None,
        established_on: None,
    }
}

pub(super) fn committee_member(name: &str) -> CommitteeMemberInput {
    CommitteeMemberInput {
        name: name.into(),
        email: Some(format!("{name}@example.org")),
        roles: vec!["委员".into()],
        is_active: true,
        ..Default::default()
    }
}

pub(super) fn meeting(committee_id: i64) -> MeetingInput {
    MeetingInput {
        committee_id,
        title: "Matrix meeting".into(),
        description: None,
        starts_at: "2026-05-01 10:00".into(),
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

/// Creates B's governance objects as root (whose current community is B).
pub(super) async fn governance_of_b(root: &Core, dir: &std::path::Path) -> Governance {
    let committee = root
        .create_committee(committee("TSC", "tsc"))
        .await
        .unwrap();
    let member = root
        .create_committee_member(committee.id, committee_member("mia"))
        .await
        .unwrap();
    let meeting = root.create_meeting(meeting(committee.id)).await.unwrap();
    let participant = root
        .add_meeting_participant(
            meeting.summary.id,
            ParticipantInput {
                name: "Pat".into(),
                email: "pat@example.org".into(),
            },
        )
        .await
        .unwrap();
    let attached = dir.join("agenda.txt");
    std::fs::write(&attached, "agenda").unwrap();
    let with = root
        .add_meeting_attachment(meeting.summary.id, attached)
        .await
        .unwrap();
    let file = dir.join("members.csv");
    std::fs::write(&file, "name,email,roles\nNed,ned@example.org,委员\n").unwrap();
    Governance {
        committee: committee.id,
        member: member.id,
        meeting: meeting.summary.id,
        participant: participant.id,
        attachment: with.attachments[0].path.clone(),
        file,
    }
}

/// The first bytes of a PNG file: enough for the cover's type sniffing.
pub(super) const PNG_HEADER: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
];

pub(super) fn content_update(version: i64) -> ContentUpdate {
    ContentUpdate {
        version,
        title: "Changed".into(),
        content_markdown: "changed".into(),
        source_type: SourceType::Contribution,
        author: String::new(),
        tags: vec![],
        category: String::new(),
        scheduled_publish_at: None,
    }
}

/// B's publishing objects, made by root inside B: an approved content, the Zhihu channel
/// enabled, and one publish record (a Zhihu draft).
pub(super) async fn publishing_objects(root: &Core) -> (i64, i64) {
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

pub(super) fn zhihu_config() -> ChannelConfigInput {
    ChannelConfigInput {
        enabled: true,
        settings: ChannelSettingsInput::Zhihu { cookie: None },
    }
}

pub(super) fn community(name: &str, slug: &str) -> CommunityInput {
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

pub(super) fn user(name: &str) -> NewUser {
    NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.into(),
        password: PASSWORD.into(),
        is_superuser: false,
    }
}

/// A path no caller is allowed to write: every case using it must be refused first.
pub(super) fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir()
        .join("gecko-permission-matrix")
        .join(name)
}

/// SMTP settings that fail validation (port 0), so a permitted call writes nothing.
pub(super) fn smtp() -> SmtpSettingsInput {
    SmtpSettingsInput {
        host: "smtp.example.org".into(),
        port: 0,
        tls_mode: TlsMode::Starttls,
        username: None,
        password: None,
        from_address: "gecko@example.org".into(),
    }
}
