//! ICS export, read back by an independent parser (Python's `icalendar`, Debian package
//! python3-icalendar) through tests/ics_parse.py, plus the octet and CRLF rules checked here.

mod governance_support;

use chrono::{DateTime, Duration, Utc};
use gecko_core::governance::committees::CommitteeInput;
use gecko_core::governance::meetings::{MeetingStatus, MeetingView};
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode};
use governance_support::{code, meeting, world};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// Parses `ics` with Python's icalendar; the system interpreter has the Debian package.
fn parse_with_python(ics: &str) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics_parse.py");
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import icalendar"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 with the icalendar package is needed: apt-get install python3-icalendar");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "parser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every physical line ends with CRLF and has at most 75 octets before it.
fn assert_wire_format(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    let body = ics.strip_suffix("\r\n").unwrap();
    for line in body.split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "bare line break in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

fn z(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const LONG_TITLE: &str =
    "开源社区技术监督委员会第三季度全体会议：预算、路线图, 以及; 治理\\章程修订";

/// Creates the meetings of one community and checks its calendar parses back field by field.
async fn round_trip(core: &Core, nobody: &Core, outsider: &Core, starts: &[&str]) {
    let committee = core
        .create_committee(CommitteeInput {
            name: "技术监督委员会 \"TSC\"".into(),
            slug: "tsc".into(),
            description: String::new(),
            meeting_frequency: None,
            notification_email: Some("tsc@example.org".into()),
            notification_wechat: None,
            established_on: None,
        })
        .await
        .unwrap();
    let mut made: Vec<MeetingView> = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let mut input = meeting(committee.id, start);
        input.title = format!("{LONG_TITLE} #{i}");
        input.description =
            Some("第一行, 逗号; 分号\\反斜杠\n第二行：链接 https://x.example/a?b=1,2".into());
        input.agenda = Some("1. 开场\r\n2. 讨论".into());
        input.location = Some("北京市海淀区, 中关村; 3 号楼".into());
        input.duration_minutes = Some(90 + i as i32);
        if i == 1 {
            input.status = Some(MeetingStatus::Cancelled);
        }
        let m = core.create_meeting(input).await.unwrap();
        for (name, email) in [
            ("张三, 主席", "zhang@example.org"),
            ("Ann \"A\" Lee", "ann@example.org"),
        ] {
            core.add_meeting_participant(
                m.summary.id,
                ParticipantInput {
                    name: name.into(),
                    email: email.into(),
                },
            )
            .await
            .unwrap();
        }
        made.push(core.get_meeting(m.summary.id).await.unwrap());
    }

    let ics = core.export_community_meetings_ics().await.unwrap();
    assert_wire_format(&ics);
    assert!(
        ics.lines().any(|l| l.starts_with(' ')),
        "long titles were folded"
    );
    // TEXT escaping as written on the wire (the parser would forgive some omissions).
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("路线图\\, 以及\\; 治理\\\\章程修订 #0\r\n"),
        "{unfolded}"
    );
    assert!(unfolded.contains("LOCATION:北京市海淀区\\, 中关村\\; 3 号楼\r\n"));
    let parsed = parse_with_python(&ics);
    assert_eq!(parsed["name"], "Alpha 社区");
    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), made.len());
    let now = core.now();
    for (m, e) in made.iter().zip(events) {
        let s = &m.summary;
        assert_eq!(e["uid"], format!("meeting-{}-alpha@opengecko", s.id));
        assert_eq!(e["summary"], s.title.as_str());
        assert_eq!(
            e["description"],
            "第一行, 逗号; 分号\\反斜杠\n第二行：链接 https://x.example/a?b=1,2\n\n1. 开场\n2. 讨论"
        );
        assert_eq!(e["location"], "北京市海淀区, 中关村; 3 号楼");
        assert_eq!(e["dtstart"], z(s.scheduled_at));
        assert_eq!(
            e["dtend"],
            z(s.scheduled_at + Duration::minutes(i64::from(s.duration_minutes)))
        );
        assert_eq!(e["dtstamp"], z(now));
        let status = if s.status == MeetingStatus::Cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        assert_eq!(e["status"], status);
        assert_eq!(e["organizer"]["email"], "mailto:tsc@example.org");
        assert_eq!(e["organizer"]["cn"], "技术监督委员会 'TSC'");
        let attendees: Vec<(String, String)> = e["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["email"].as_str().unwrap().into(),
                    a["cn"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            attendees,
            vec![
                (
                    "mailto:zhang@example.org".to_string(),
                    "张三, 主席".to_string()
                ),
                (
                    "mailto:ann@example.org".to_string(),
                    "Ann 'A' Lee".to_string()
                ),
            ]
        );
    }

    // One meeting alone: the same event, the same UID, exported by a plain reader too.
    let one = core.export_meeting_ics(made[0].summary.id).await.unwrap();
    assert_wire_format(&one);
    let parsed = parse_with_python(&one);
    assert_eq!(parsed["events"].as_array().unwrap().len(), 1);
    assert_eq!(parsed["events"][0], events[0]);

    assert_eq!(
        code(nobody.export_meeting_ics(made[0].summary.id)).await,
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        code(nobody.export_community_meetings_ics()).await,
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        code(outsider.export_meeting_ics(made[0].summary.id)).await,
        ErrorCode::NotFound
    );
    let theirs = outsider.export_community_meetings_ics().await.unwrap();
    assert!(
        !theirs.contains("BEGIN:VEVENT"),
        "another community's meetings leaked"
    );
}

#[tokio::test]
async fn ics_of_a_shanghai_community_parses_back_exactly() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        round_trip(
            &w.alice,
            &w.nobody,
            &w.carol,
            &["2026-03-10 14:00", "2026-03-11 09:30"],
        )
        .await;
        // A plain member may export too.
        let ics = w.bob.export_community_meetings_ics().await.unwrap();
        let parsed = parse_with_python(&ics);
        assert_eq!(parsed["events"][0]["dtstart"], "2026-03-10T06:00:00Z");
    })
    .await;
}

#[tokio::test]
async fn ics_of_a_new_york_community_keeps_instants_across_the_dst_change() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "America/New_York").await;
        // Before, across and after the 2026-03-08 change (UTC−5 → UTC−4).
        let starts = ["2026-03-07 10:00", "2026-03-08 01:30", "2026-03-09 10:00"];
        round_trip(&w.alice, &w.nobody, &w.carol, &starts).await;
        let parsed = parse_with_python(&w.bob.export_community_meetings_ics().await.unwrap());
        let got: Vec<(&str, &str)> = parsed["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["dtstart"].as_str().unwrap(), e["dtend"].as_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-03-07T15:00:00Z", "2026-03-07T16:30:00Z"),
                ("2026-03-08T06:30:00Z", "2026-03-08T08:01:00Z"),
                ("2026-03-09T14:00:00Z", "2026-03-09T15:32:00Z"),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_bare_meeting_has_its_creator_as_organiser_and_no_empty_fields() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let c = w
            .alice
            .create_committee(governance_support::committee("board"))
            .await
            .unwrap();
        let m = w
            .alice
            .create_meeting(meeting(c.id, "2026-06-01 09:00"))
            .await
            .unwrap();
        let ics = w.bob.export_meeting_ics(m.summary.id).await.unwrap();
        assert_wire_format(&ics);
        for absent in ["DESCRIPTION", "LOCATION", "ATTENDEE"] {
            assert!(!ics.contains(absent), "{absent} in {ics}");
        }
        let e = &parse_with_python(&ics)["events"][0];
        assert_eq!(e["organizer"]["email"], "mailto:alice@example.org");
        assert_eq!(e["organizer"]["cn"], "ALICE");
        assert_eq!(e["dtstart"], "2026-06-01T01:00:00Z");
        assert_eq!(e["dtend"], "2026-06-01T03:00:00Z");
        assert_eq!(e["status"], "CONFIRMED");
    })
    .await;
}
