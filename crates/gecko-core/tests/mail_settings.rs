//! SMTP settings on both backends, against a local SMTP server: the password is stored
//! encrypted, never read back (not even masked), kept when the field is left empty, dropped
//! with the username; test mails go through the app's or the community's server.

mod governance_support;
mod mail_support;

use gecko_core::mail::sink::SmtpSink;
use gecko_core::testing::{self, each_backend};
use gecko_core::ErrorCode;
use governance_support::{code, world};
use mail_support::{smtp, stored_password, unlock};
use mailparse::MailHeaderMap;

#[tokio::test]
async fn smtp_settings_keep_the_password_encrypted_and_send_a_test_mail() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let sink = SmtpSink::start().await;
        unlock(&t, &w.root).await;

        let saved = w
            .root
            .save_app_smtp_settings(smtp(&sink, Some("s3cret-smtp-pw")))
            .await
            .unwrap();
        assert!(saved.password_set);
        let view = serde_json::to_string(&saved).unwrap();
        assert!(!view.contains("s3cret") && !view.contains("p-pw"), "{view}");
        let stored = stored_password(&w.root, None).await.expect("a stored password");
        assert!(!stored.contains("s3cret"), "the password is stored in clear");
        // Saving with the password left empty keeps it (the very same ciphertext).
        let again = w
            .root
            .save_app_smtp_settings(smtp(&sink, Some("")))
            .await
            .unwrap();
        assert!(again.password_set);
        assert_eq!(stored_password(&w.root, None).await, Some(stored.clone()));
        let read = w.root.get_app_smtp_settings().await.unwrap().unwrap();
        assert_eq!(read, again);
        // A password without a username is refused and changes nothing.
        let mut lone = smtp(&sink, Some("other-pw"));
        lone.username = None;
        lone.host = "changed.example.org".into();
        let err = w.root.save_app_smtp_settings(lone).await.unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Validation, Some("username"))
        );
        assert_eq!(w.root.get_app_smtp_settings().await.unwrap().unwrap(), read);
        assert_eq!(stored_password(&w.root, None).await, Some(stored.clone()));
        let audit: String = w
            .root
            .db()
            .scalar(
                "SELECT CAST(details AS TEXT) FROM audit_logs WHERE action = 'update_smtp_settings' LIMIT 1",
                vec![],
            )
            .await
            .unwrap();
        assert!(!audit.contains("s3cret"), "{audit}");

        w.root
            .send_app_test_mail("ops@example.org".into())
            .await
            .unwrap();
        let got = sink.wait_for(1).await;
        assert_eq!(got[0].from, "gecko@example.org");
        assert_eq!(got[0].to, vec!["ops@example.org".to_string()]);
        assert_eq!(
            got[0].auth,
            Some(("mailer".to_string(), "s3cret-smtp-pw".to_string()))
        );
        let parsed = mailparse::parse_mail(got[0].data.as_bytes()).unwrap();
        assert_eq!(
            parsed.headers.get_first_value("Subject").unwrap(),
            "openGecko test mail / 测试邮件"
        );
        assert!(parsed.get_body().unwrap().contains("openGecko can send mail"));

        // A community admin's test mail goes through the app's server until the community
        // has its own; an unreachable server gives a message that names it.
        unlock(&t, &w.alice).await;
        w.alice
            .send_community_test_mail("alice@example.org".into())
            .await
            .unwrap();
        assert_eq!(sink.wait_for(2).await[1].to, vec!["alice@example.org".to_string()]);
        let mut dead = smtp(&sink, None);
        dead.port = 1;
        w.alice.save_community_smtp_settings(dead).await.unwrap();
        let err = w
            .alice
            .send_community_test_mail("alice@example.org".into())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Remote);
        assert!(err.message.contains("127.0.0.1:1"), "{}", err.message);
        assert_eq!(
            code(w.alice.send_community_test_mail("not an address".into())).await,
            ErrorCode::Validation
        );
    })
    .await;
}

#[tokio::test]
async fn a_community_server_with_its_own_password_carries_the_community_mail() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let app_sink = SmtpSink::start().await;
        let community_sink = SmtpSink::start().await;
        unlock(&t, &w.root).await;
        unlock(&t, &w.alice).await;
        w.root
            .save_app_smtp_settings(smtp(&app_sink, Some("app-pw")))
            .await
            .unwrap();
        let app_stored = stored_password(&w.root, None).await;

        // Alice, admin of community a, sets its own server with its own password.
        assert!(w
            .alice
            .get_community_smtp_settings()
            .await
            .unwrap()
            .is_none());
        let saved = w
            .alice
            .save_community_smtp_settings(smtp(&community_sink, Some("community-pw")))
            .await
            .unwrap();
        assert_eq!(saved.community_id, Some(w.a));
        assert!(saved.password_set);
        let stored = stored_password(&w.alice, Some(w.a)).await.expect("stored");
        assert!(
            !stored.contains("community-pw"),
            "stored in clear: {stored}"
        );
        assert_eq!(
            stored_password(&w.root, None).await,
            app_stored,
            "app's touched"
        );
        w.alice
            .send_community_test_mail("alice@example.org".into())
            .await
            .unwrap();
        let got = community_sink.wait_for(1).await;
        assert_eq!(
            got[0].auth,
            Some(("mailer".to_string(), "community-pw".to_string()))
        );
        assert!(
            app_sink.messages().is_empty(),
            "went through the app's server"
        );

        // Leaving the password empty keeps it; removing the username drops it.
        w.alice
            .save_community_smtp_settings(smtp(&community_sink, Some("")))
            .await
            .unwrap();
        assert_eq!(stored_password(&w.alice, Some(w.a)).await, Some(stored));
        let plain = w
            .alice
            .save_community_smtp_settings(smtp(&community_sink, None))
            .await
            .unwrap();
        assert!(!plain.password_set);
        assert_eq!(stored_password(&w.alice, Some(w.a)).await, None);
        w.alice
            .send_community_test_mail("alice@example.org".into())
            .await
            .unwrap();
        assert_eq!(community_sink.wait_for(2).await[1].auth, None);

        // Not an admin: no reading, no saving, and nothing changes.
        assert_eq!(
            code(w.bob.get_community_smtp_settings()).await,
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(
                w.bob
                    .save_community_smtp_settings(smtp(&community_sink, Some("x")))
            )
            .await,
            ErrorCode::Forbidden
        );
        assert!(
            !w.alice
                .get_community_smtp_settings()
                .await
                .unwrap()
                .unwrap()
                .password_set
        );
    })
    .await;
}
