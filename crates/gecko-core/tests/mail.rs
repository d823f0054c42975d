//! Email on both backends, against a local SMTP server: email reminders sent once with the
//! meeting's ICS, and password reset codes. (Settings and test mails: `mail_settings.rs`.)

mod governance_support;
mod mail_support;

use chrono::Duration;
use gecko_core::governance::participants::ParticipantInput;
use gecko_core::mail::sink::SmtpSink;
use gecko_core::password_reset::PasswordResetInput;
use gecko_core::testing::{self, each_backend, PASSWORD};
use gecko_core::ErrorCode;
use governance_support::{code, committee, count, meeting, world};
use mail_support::{at, client, smtp, unlock};
use mailparse::MailHeaderMap;

#[tokio::test]
async fn an_email_reminder_goes_out_once_with_the_meeting_calendar() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let sink = SmtpSink::start().await;
        unlock(&t, &w.root).await;
        w.root
            .save_app_smtp_settings(smtp(&sink, Some("s3cret-smtp-pw")))
            .await
            .unwrap();
        let c = w.alice.create_committee(committee("tsc")).await.unwrap();
        let mut input = meeting(c.id, "2026-03-10 14:00");
        input.location = Some("Room 5, Building A".into());
        input.agenda = Some("1. 预算\n2. Roadmap".into());
        input.title = "TSC 月度例会".into();
        let m = w
            .alice
            .create_meeting(input.clone())
            .await
            .unwrap()
            .summary
            .id;
        let quiet = w.alice.create_meeting(input).await.unwrap().summary.id;
        for (name, email) in [("Ann", "ann@example.org"), ("Bo", "BOB@example.org")] {
            let p = ParticipantInput {
                name: name.into(),
                email: email.into(),
            };
            w.alice.add_meeting_participant(m, p.clone()).await.unwrap();
            w.alice.add_meeting_participant(quiet, p).await.unwrap();
        }
        w.alice
            .set_meeting_assignees(m, vec![w.bob_id])
            .await
            .unwrap();
        assert!(w.alice.set_meeting_email_reminders(m, true).await.unwrap());
        assert!(w.bob.get_meeting_email_reminders(m).await.unwrap());
        assert!(!w.bob.get_meeting_email_reminders(quiet).await.unwrap());

        // Two more clients (two computers) of the same database, each able to send.
        let second = client(&t, &clock, "alice").await;
        let third = client(&t, &clock, "bob").await;
        unlock(&t, &second).await;
        unlock(&t, &third).await;

        // Before the preparation reminder (24 h ahead): nothing.
        clock.set(at("2026-03-09T05:59:59Z"));
        assert_eq!(w.root.send_due_reminder_emails("dev-1").await.unwrap(), 0);
        clock.set(at("2026-03-09T06:00:00Z"));
        let (a, b, c3) = tokio::join!(
            w.root.send_due_reminder_emails("dev-1"),
            second.send_due_reminder_emails("dev-2"),
            third.send_due_reminder_emails("dev-3"),
        );
        assert_eq!(
            a.unwrap() + b.unwrap() + c3.unwrap(),
            1,
            "one email in total"
        );
        let got = sink.wait_for(1).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.messages().len(), 1);
        // Later ticks send nothing more.
        clock.advance(Duration::minutes(5));
        assert_eq!(second.send_due_reminder_emails("dev-2").await.unwrap(), 0);

        // Envelope: participants and the assignee, once each whatever the case.
        let mut to = got[0].to.clone();
        to.sort();
        assert_eq!(to, vec!["ann@example.org", "bob@example.org"]);
        let parsed = mailparse::parse_mail(got[0].data.as_bytes()).unwrap();
        assert_eq!(
            parsed.headers.get_first_value("Subject").unwrap(),
            "会议提醒 / Meeting reminder: TSC 月度例会"
        );
        assert_eq!(
            parsed.headers.get_first_value("From").unwrap(),
            "gecko@example.org"
        );
        assert_eq!(parsed.subparts.len(), 2, "text and calendar");
        let body = parsed.subparts[0].get_body().unwrap().replace("\r\n", "\n");
        assert!(
            body.contains("2026-03-10 14:00 – 16:00 (Asia/Shanghai, UTC+08:00)"),
            "{body}"
        );
        assert!(body.contains("地点 / Place: Room 5, Building A"));
        assert!(body.contains("1. 预算\n2. Roadmap"));
        let ics = &parsed.subparts[1];
        assert_eq!(ics.ctype.mimetype, "text/calendar");
        let disposition = ics.get_content_disposition();
        assert_eq!(
            disposition.params.get("filename").map(String::as_str),
            Some(format!("meeting-{m}.ics").as_str())
        );
        let calendar = ics.get_body().unwrap();
        let unfolded = calendar.replace("\r\n ", "");
        assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n"), "{calendar}");
        assert!(calendar.contains("SUMMARY:TSC 月度例会"));
        assert!(calendar.contains("DTSTART:20260310T060000Z"));
        assert!(unfolded.contains("mailto:ann@example.org"), "{unfolded}");

        let row: (String, i32) = w
            .root
            .db()
            .fetch_one("SELECT status, recipients FROM reminder_emails", vec![])
            .await
            .unwrap();
        assert_eq!(row, ("sent".to_string(), 2));
    })
    .await;
}

/// The 8-digit code in the `n`-th mail.
fn code_in(sink: &SmtpSink, n: usize) -> String {
    let mail = &sink.messages()[n];
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).unwrap();
    let body = parsed.get_body().unwrap();
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 8)
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_string()
}

fn reset(email: &str, code: &str, password: &str) -> PasswordResetInput {
    PasswordResetInput {
        email: email.into(),
        code: code.into(),
        new_password: password.into(),
    }
}

#[tokio::test]
async fn a_mailed_code_resets_a_password_once_within_the_hour() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let anon = t.client(&clock);

        // Without a mail server: no reset by mail, and the screen can say so.
        assert!(!anon.password_reset_available().await.unwrap());
        assert_eq!(
            code(anon.request_password_reset("bob@example.org".into())).await,
            ErrorCode::Unavailable
        );

        let sink = SmtpSink::start().await;
        w.root
            .save_app_smtp_settings(smtp(&sink, None))
            .await
            .unwrap();
        assert!(anon.password_reset_available().await.unwrap());

        // Known and unknown addresses get the same answer; only the known one gets mail.
        anon.request_password_reset("nobody@example.org".into())
            .await
            .unwrap();
        anon.request_password_reset("Bob@Example.org".into())
            .await
            .unwrap();
        let mails = sink.wait_for(1).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.messages().len(), 1);
        assert_eq!(mails[0].to, vec!["bob@example.org".to_string()]);
        let first = code_in(&sink, 0);
        let stored = count(
            &anon,
            &format!("SELECT count(*) FROM password_reset_tokens WHERE token = '{first}'"),
        )
        .await;
        assert_eq!(stored, 0, "the code itself is stored");

        // A newer request voids the older code.
        anon.request_password_reset("bob@example.org".into())
            .await
            .unwrap();
        sink.wait_for(2).await;
        let second = code_in(&sink, 1);
        let refused = anon
            .reset_password_with_code(reset("bob@example.org", &first, "brand new password"))
            .await;
        if first != second {
            assert_eq!(refused.unwrap_err().code, ErrorCode::Validation);
        }
        anon.reset_password_with_code(reset("bob@example.org", &second, "brand new password"))
            .await
            .unwrap();
        // Works once.
        assert_eq!(
            code(anon.reset_password_with_code(reset(
                "bob@example.org",
                &second,
                "another new password"
            )))
            .await,
            ErrorCode::Validation
        );
        let bob = t.client(&clock);
        bob.login(gecko_core::auth::LoginInput {
            login: "bob".into(),
            password: "brand new password".into(),
        })
        .await
        .expect("the new password works");
        assert!(bob
            .login(gecko_core::auth::LoginInput {
                login: "bob".into(),
                password: PASSWORD.into(),
            })
            .await
            .is_err());

        // Expired after an hour.
        anon.request_password_reset("bob@example.org".into())
            .await
            .unwrap();
        sink.wait_for(3).await;
        let third = code_in(&sink, 2);
        clock.advance(Duration::minutes(61));
        assert_eq!(
            code(anon.reset_password_with_code(reset(
                "bob@example.org",
                &third,
                "late password 1"
            )))
            .await,
            ErrorCode::Validation
        );

        // Five wrong guesses void the code.
        anon.request_password_reset("bob@example.org".into())
            .await
            .unwrap();
        sink.wait_for(4).await;
        let fourth = code_in(&sink, 3);
        let wrong = if fourth == "00000000" {
            "00000001"
        } else {
            "00000000"
        };
        for _ in 0..5 {
            assert_eq!(
                code(anon.reset_password_with_code(reset(
                    "bob@example.org",
                    wrong,
                    "guess pass 1"
                )))
                .await,
                ErrorCode::Validation
            );
        }
        assert_eq!(
            code(anon.reset_password_with_code(reset(
                "bob@example.org",
                &fourth,
                "right too late"
            )))
            .await,
            ErrorCode::Validation
        );
        // An unknown address is refused like a wrong code.
        assert_eq!(
            code(anon.reset_password_with_code(reset(
                "nobody@example.org",
                &fourth,
                "whatever 12"
            )))
            .await,
            ErrorCode::Validation
        );
    })
    .await;
}
