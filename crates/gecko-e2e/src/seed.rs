//! Writing to the app's database from the test, as a second client of the same file would:
//! for data whose screens belong to another part of the app, and to prove the app notices rows
//! it did not write itself.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use gecko_core::communities::CommunityInput;
use gecko_core::governance::committees::CommitteeInput;
use gecko_core::governance::meetings::{LocationType, MeetingInput};
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::{Core, CoreConfig};
use std::path::Path;

/// A client of the app's SQLite file, signed in as `login`.
pub async fn signed_in_core(data_dir: &Path, login: &str, password: &str) -> Core {
    let db = crate::open_db(data_dir).await;
    let core = Core::new(db, CoreConfig::new(data_dir.join("media")));
    core.login(gecko_core::auth::LoginInput {
        login: login.into(),
        password: password.into(),
    })
    .await
    .expect("sign in to the app's database");
    core
}

/// Creates community `slug` (Asia/Shanghai) with committee `tsc`, switches to it, and returns
/// the committee's id.
pub async fn community_with_committee(core: &Core, slug: &str) -> i64 {
    let community = core
        .create_community(CommunityInput {
            name: format!("Community {slug}"),
            slug: slug.into(),
            description: String::new(),
            url: None,
            logo_url: None,
            timezone: "Asia/Shanghai".into(),
            language: "zh-CN".into(),
        })
        .await
        .expect("create community");
    core.switch_community(community.id).await.unwrap();
    core.create_committee(CommitteeInput {
        name: "技术委员会".into(),
        slug: "tsc".into(),
        description: String::new(),
        meeting_frequency: None,
        notification_email: None,
        notification_wechat: None,
        established_on: None,
    })
    .await
    .expect("create committee")
    .id
}

/// A meeting whose `two_hours` reminder is due at `due` (it starts two hours later), with
/// `email` as a participant. Returns the meeting's id.
pub async fn meeting_reminding_at(
    core: &Core,
    committee_id: i64,
    title: &str,
    due: DateTime<Utc>,
    email: &str,
) -> i64 {
    let start = due + Duration::hours(2);
    let meeting = core
        .create_meeting(MeetingInput {
            committee_id,
            title: title.into(),
            description: None,
            starts_at: start.to_rfc3339_opts(SecondsFormat::Secs, true),
            duration_minutes: Some(60),
            location_type: Some(LocationType::Online),
            location: Some("https://meet.example.org/j/e2e".into()),
            status: None,
            work_status: None,
            agenda: None,
            minutes: None,
            reminder_before_hours: None,
            email_reminders: None,
        })
        .await
        .expect("create meeting");
    core.add_meeting_participant(
        meeting.summary.id,
        ParticipantInput {
            name: "Root".into(),
            email: email.into(),
        },
    )
    .await
    .expect("add participant");
    meeting.summary.id
}

/// The next whole second at least `ahead` from now.
pub fn whole_second_after(ahead: Duration) -> DateTime<Utc> {
    let t = Utc::now() + ahead + Duration::seconds(1);
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
