//! The meeting form's "email reminders" switch, on both backends: it is part of the meeting's
//! input, written in the meeting's own transaction, kept when an edit leaves it empty, audited,
//! and it decides whether the preparation reminder goes out by email.

mod governance_support;
mod mail_support;

use gecko_core::governance::participants::ParticipantInput;
use gecko_core::mail::sink::SmtpSink;
use gecko_core::testing::{self, each_backend};
use gecko_core::ErrorCode;
use governance_support::{code, committee, count, meeting, world};
use mail_support::{at, smtp, unlock};

#[tokio::test]
async fn the_meeting_input_switches_email_reminders() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let sink = SmtpSink::start().await;
        unlock(&t, &w.alice).await;
        w.alice
            .save_community_smtp_settings(smtp(&sink, Some("community-pw")))
            .await
            .unwrap();
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();

        // Created with the switch on; another without it is off.
        let mut on = meeting(c.id, "2026-03-10 14:00");
        on.title = "邮件提醒开".into();
        on.email_reminders = Some(true);
        let created = w.alice.create_meeting(on.clone()).await.unwrap();
        assert!(created.email_reminders);
        let id = created.summary.id;
        assert!(w.bob.get_meeting(id).await.unwrap().email_reminders);
        assert!(w.bob.get_meeting_email_reminders(id).await.unwrap());
        let off = w
            .alice
            .create_meeting(meeting(c.id, "2026-03-10 14:00"))
            .await
            .unwrap();
        assert!(!off.email_reminders);

        // An edit that leaves the switch empty keeps it; turning it off is audited.
        let mut edit = on.clone();
        edit.email_reminders = None;
        edit.title = "邮件提醒 (改)".into();
        assert!(
            w.alice
                .update_meeting(id, edit.clone())
                .await
                .unwrap()
                .email_reminders
        );
        edit.email_reminders = Some(false);
        assert!(
            !w.alice
                .update_meeting(id, edit.clone())
                .await
                .unwrap()
                .email_reminders
        );
        let audited = count(
            &w.root,
            "SELECT count(*) FROM audit_logs WHERE action = 'update_meeting' \
             AND CAST(details AS TEXT) LIKE '%email_reminders%'",
        )
        .await;
        assert_eq!(audited, 1, "only the edit that changed the switch names it");

        // A member who is not an admin cannot switch it, and nothing changes.
        edit.email_reminders = Some(true);
        assert_eq!(
            code(w.bob.update_meeting(id, edit.clone())).await,
            ErrorCode::Forbidden
        );
        assert!(!w.bob.get_meeting(id).await.unwrap().email_reminders);

        // On again through the form: its preparation reminder goes out by email once, through
        // the community's server; the meeting left off sends nothing.
        w.alice.update_meeting(id, edit).await.unwrap();
        for m in [id, off.summary.id] {
            let p = ParticipantInput {
                name: "Ann".into(),
                email: "ann@example.org".into(),
            };
            w.alice.add_meeting_participant(m, p).await.unwrap();
        }
        clock.set(at("2026-03-09T06:00:00Z"));
        assert_eq!(w.alice.send_due_reminder_emails("dev-1").await.unwrap(), 1);
        assert_eq!(w.alice.send_due_reminder_emails("dev-1").await.unwrap(), 0);
        let got = sink.wait_for(1).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.messages().len(), 1);
        assert!(got[0].data.contains("meeting-"), "no calendar attached");
        assert_eq!(
            got[0].auth,
            Some(("mailer".to_string(), "community-pw".to_string()))
        );
    })
    .await;
}
