//! Mail through the real window, a local SMTP server started by the test receiving it:
//! a superuser sets the app's SMTP server with its password in Settings and sends a test mail;
//! then, signed out, "forgot password" mails a code that sets a new password. A community admin
//! sets the community's server with its password, and a meeting created with the email-reminder
//! switch on mails exactly one reminder with the meeting's calendar attached. The database is
//! checked to hold the SMTP passwords encrypted.

use gecko_core::mail::sink::SmtpSink;
use gecko_e2e::{open_db, App, ROOT_PASSWORD};
use std::path::Path;

const ALICE_PASSWORD: &str = "alice password 1";
const APP_SMTP_PASSWORD: &str = "app-smtp-s3cret";

/// The text body of the `n`-th mail, decoded.
fn body(sink: &SmtpSink, n: usize) -> String {
    let mail = &sink.messages()[n];
    mailparse::parse_mail(mail.data.as_bytes())
        .unwrap()
        .get_body()
        .unwrap()
}

/// The password field is empty and the password is nowhere in the page.
async fn assert_password_not_shown(app: &App, id: &str, password: &str) {
    let value = app
        .eval(&format!(
            "return document.querySelector('[data-testid=\"{id}\"]').value"
        ))
        .await;
    assert_eq!(value, serde_json::json!(""), "{id} shows a value");
    let page = app.client.source().await.unwrap();
    assert!(!page.contains(password), "the page shows the SMTP password");
}

/// Scrolls the element into view, for a screenshot that shows it.
async fn scroll_to(app: &App, id: &str) {
    app.eval(&format!(
        "document.querySelector('[data-testid=\"{id}\"]').scrollIntoView({{block: 'center'}})"
    ))
    .await;
}

/// The SMTP row matching `condition` holds a Fernet token, not `password`.
async fn assert_encrypted(data_dir: &Path, condition: &str, password: &str) {
    let db = open_db(data_dir).await;
    let stored: Option<String> = db
        .scalar(
            &format!("SELECT password_encrypted FROM smtp_settings WHERE {condition}"),
            vec![],
        )
        .await
        .unwrap();
    let stored = stored.expect("no SMTP password stored");
    assert!(!stored.contains(password), "stored in clear: {stored}");
    assert!(stored.starts_with("gAAAAA"), "not a Fernet token: {stored}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_settings_test_mail_and_password_reset_by_mail() {
    let sink = SmtpSink::start().await;
    let mut app = App::launch("mail").await;
    app.setup_root().await;

    // Settings: the app's mail server, then a test mail.
    app.click("nav-settings").await;
    app.wait("[data-page=\"settings\"]").await;
    app.wait_id("smtp-app-not-set").await;
    app.type_into("smtp-app-host", "127.0.0.1").await;
    app.type_into("smtp-app-port", &sink.port.to_string()).await;
    app.choose("smtp-app-tls", "smtp-app-tls-none", None).await;
    app.type_into("smtp-app-from", "gecko@example.org").await;
    app.type_into("smtp-app-username", "mailer").await;
    app.type_into("smtp-app-password", APP_SMTP_PASSWORD).await;
    app.click("smtp-app-save").await;
    app.wait_gone("[data-testid=\"smtp-app-not-set\"]").await;
    app.wait_id("smtp-app-password-saved").await;
    assert_password_not_shown(&app, "smtp-app-password", APP_SMTP_PASSWORD).await;
    app.type_into("smtp-app-test-to", "ops@example.org").await;
    app.click("smtp-app-test").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].from, "gecko@example.org");
    assert_eq!(got[0].to, vec!["ops@example.org".to_string()]);
    assert_eq!(
        got[0].auth,
        Some(("mailer".to_string(), APP_SMTP_PASSWORD.to_string())),
        "the test mail did not sign in with the password typed in the window"
    );
    assert!(body(&sink, 0).contains("openGecko can send mail"));
    assert_encrypted(&app.data_dir(), "community_id IS NULL", APP_SMTP_PASSWORD).await;
    scroll_to(&app, "smtp-app-test").await;
    app.shot("smtp-settings").await;

    // Back on the page later: the password shows as saved, never as text.
    app.click("nav-communities").await;
    app.wait("[data-page=\"communities\"]").await;
    app.click("nav-settings").await;
    app.wait_id("smtp-app-password-saved").await;
    assert_password_not_shown(&app, "smtp-app-password", APP_SMTP_PASSWORD).await;

    // Signed out: forgot password.
    app.sign_out().await;
    app.click("login-forgot-link").await;
    app.wait("[data-page=\"forgot-password\"]").await;
    app.shot("forgot-zh").await;
    app.click("lang-toggle").await;
    app.wait_text("reset-request", "Send me a code").await;
    app.shot("forgot-en").await;

    // An unknown address gets the same answer and no mail.
    app.type_into("reset-email", "nobody@example.org").await;
    app.click("reset-request").await;
    app.wait_id("reset-sent").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(sink.messages().len(), 1, "mail for an unknown address");

    // Again with the real address (back to the first step).
    app.click("reset-back").await;
    app.wait("[data-page=\"login\"]").await;
    app.click("login-forgot-link").await;
    app.type_into("reset-email", "root@example.org").await;
    app.click("reset-request").await;
    app.wait_id("reset-sent").await;
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].to, vec!["root@example.org".to_string()]);
    let text = body(&sink, 1);
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 8)
        .unwrap_or_else(|| panic!("no code in {text}"))
        .to_string();
    let page = app.client.source().await.unwrap();
    assert!(!page.contains(&code), "the page shows the code");
    app.type_into("reset-code", &code).await;
    app.type_into("reset-password", "a brand new password")
        .await;
    app.type_into("reset-password2", "a brand new password")
        .await;
    app.shot("reset-code-en").await;
    app.click("reset-submit").await;
    app.wait_id("reset-done").await;
    app.shot("reset-done-en").await;

    // The new password signs in.
    app.click("reset-back").await;
    app.wait("[data-page=\"login\"]").await;
    app.type_into("login-username", "root").await;
    app.type_into("login-password", "a brand new password")
        .await;
    app.click("login-submit").await;
    app.wait_text("current-user", "root").await;
    app.quit().await;
}

/// Waits until the sink holds `n` messages, up to `limit`.
async fn wait_for_mail(sink: &SmtpSink, n: usize, limit: std::time::Duration) {
    let deadline = tokio::time::Instant::now() + limit;
    while sink.messages().len() < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "expected {n} mails within {limit:?}, got {:?}",
            sink.messages()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn community_smtp_and_a_meeting_email_reminder_by_mail() {
    use chrono::{Duration, DurationRound, Utc};
    use chrono_tz::Asia::Shanghai;
    use gecko_core::users::NewUser;

    let sink = SmtpSink::start().await;
    let mut app = App::launch("mail-community").await;
    app.setup_root().await;

    // Another client sets up a community with a committee and its admin, alice.
    let root = gecko_e2e::seed::signed_in_core(&app.data_dir(), "root", ROOT_PASSWORD).await;
    gecko_e2e::seed::community_with_committee(&root, "mailcomm").await;
    let alice = root
        .create_user(NewUser {
            username: "alice".into(),
            email: "alice@example.org".into(),
            full_name: "Alice Admin".into(),
            password: ALICE_PASSWORD.into(),
            is_superuser: false,
        })
        .await
        .unwrap();
    root.add_member(alice.id, gecko_core::Role::Admin)
        .await
        .unwrap();
    let community: i64 = open_db(&app.data_dir())
        .await
        .scalar("SELECT id FROM communities WHERE slug = 'mailcomm'", vec![])
        .await
        .unwrap();

    // Alice sets the community's mail server with its password.
    app.sign_out().await;
    app.sign_in("alice", ALICE_PASSWORD).await;
    app.click("nav-settings").await;
    app.wait("[data-page=\"settings\"]").await;
    assert!(
        !app.exists("[data-testid=\"smtp-app-section\"]").await,
        "a community admin sees the app's mail server"
    );
    app.wait_id("smtp-community-not-set").await;
    app.type_into("smtp-community-host", "127.0.0.1").await;
    app.type_into("smtp-community-port", &sink.port.to_string())
        .await;
    app.choose("smtp-community-tls", "smtp-community-tls-none", None)
        .await;
    app.type_into("smtp-community-username", "tsc-mailer").await;
    app.type_into("smtp-community-password", "community-s3cret")
        .await;
    app.type_into("smtp-community-from", "tsc@example.org")
        .await;
    app.click("smtp-community-save").await;
    app.wait_id("smtp-community-password-saved").await;
    assert_password_not_shown(&app, "smtp-community-password", "community-s3cret").await;
    app.type_into("smtp-community-test-to", "alice@example.org")
        .await;
    app.click("smtp-community-test").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].from, "tsc@example.org");
    assert_eq!(
        got[0].auth,
        Some(("tsc-mailer".to_string(), "community-s3cret".to_string()))
    );
    assert_encrypted(
        &app.data_dir(),
        &format!("community_id = {community}"),
        "community-s3cret",
    )
    .await;
    scroll_to(&app, "smtp-community-test").await;
    app.shot("community-smtp-zh").await;
    app.click("lang-toggle").await;
    app.wait_text("smtp-community-save", "Save mail server")
        .await;
    app.shot("community-smtp-en").await;
    app.click("lang-toggle").await;
    app.wait_text("smtp-community-save", "保存邮件服务器").await;

    // A meeting with the email-reminder switch on, reminding one hour ahead, so the reminder
    // is due in one to two minutes.
    let start = (Utc::now() + Duration::minutes(62))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let due = start - Duration::hours(1);
    let title = format!("邮件提醒 E2E {}", start.timestamp());
    app.click("nav-governance").await;
    app.wait("[data-page=\"governance\"]").await;
    app.click("committee-row-tsc").await;
    app.wait("[data-page=\"committee\"]").await;
    app.click("meeting-new").await;
    app.type_into("meeting-title", &title).await;
    let local = start.with_timezone(&Shanghai).format("%Y-%m-%d %H:%M");
    app.type_into("meeting-start", &local.to_string()).await;
    app.press_enter("meeting-start").await;
    app.type_into("meeting-reminder", "1\u{E004}").await;
    app.click("meeting-email-reminders").await;
    app.shot("meeting-form-email-zh").await;
    app.click("meeting-save").await;
    app.wait("[data-page=\"meeting\"]").await;
    app.wait_id("meeting-email-on").await;
    app.shot("meeting-email-on-zh").await;
    let db = open_db(&app.data_dir()).await;
    let (meeting, flag, lead): (i64, bool, i32) = db
        .fetch_one(
            "SELECT id, email_reminders, reminder_before_hours FROM meetings WHERE title = $1",
            gecko_core::args![&title],
        )
        .await
        .unwrap();
    assert!(flag, "the switch did not reach the database");
    assert_eq!(lead, 1);

    // The edit dialog shows the switch on.
    app.click("meeting-edit").await;
    app.wait_id("meeting-title").await;
    let class = app
        .attr("meeting-email-reminders", "class")
        .await
        .unwrap_or_default();
    assert!(class.contains("is-checked"), "switch off on edit: {class}");
    app.shot("meeting-form-edit-zh").await;
    app.click_css(".el-dialog__headerbtn").await;
    app.click("lang-toggle").await;
    app.wait_text("meeting-email-on", "Email reminder on").await;
    app.shot("meeting-email-on-en").await;
    app.click("meeting-edit").await;
    app.wait_text("meeting-save", "Save").await;
    app.shot("meeting-form-edit-en").await;
    app.click_css(".el-dialog__headerbtn").await;
    app.click("lang-toggle").await;

    // A participant (another client adds it; the mail goes to participants and assignees).
    root.switch_community(community).await.unwrap();
    root.add_meeting_participant(
        meeting,
        gecko_core::governance::participants::ParticipantInput {
            name: "Ann".into(),
            email: "ann@example.org".into(),
        },
    )
    .await
    .unwrap();

    // Exactly one reminder email, with the calendar, at the due time.
    let wait = (due - Utc::now()).to_std().unwrap_or_default();
    wait_for_mail(&sink, 2, wait + std::time::Duration::from_secs(30)).await;
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let mails = sink.messages();
    assert_eq!(mails.len(), 2, "more than one reminder email: {mails:?}");
    let reminder = &mails[1];
    assert_eq!(reminder.to, vec!["ann@example.org".to_string()]);
    assert_eq!(
        reminder.auth,
        Some(("tsc-mailer".to_string(), "community-s3cret".to_string()))
    );
    let parsed = mailparse::parse_mail(reminder.data.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    assert_eq!(
        parsed.headers.get_first_value("Subject").unwrap(),
        format!("会议提醒 / Meeting reminder: {title}")
    );
    assert_eq!(parsed.subparts.len(), 2, "text and calendar");
    let ics = &parsed.subparts[1];
    assert_eq!(ics.ctype.mimetype, "text/calendar");
    assert_eq!(
        ics.get_content_disposition()
            .params
            .get("filename")
            .map(String::as_str),
        Some(format!("meeting-{meeting}.ics").as_str())
    );
    let calendar = ics.get_body().unwrap();
    assert!(calendar.starts_with("BEGIN:VCALENDAR"), "{calendar}");
    assert!(
        calendar.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))),
        "{calendar}"
    );
    let status: String = db
        .scalar(
            "SELECT e.status FROM reminder_emails e JOIN meeting_reminders r \
             ON r.id = e.reminder_id WHERE r.meeting_id = $1",
            gecko_core::args![meeting],
        )
        .await
        .unwrap();
    assert_eq!(status, "sent");
    app.quit().await;
}
