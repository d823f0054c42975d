//! Mail through the real window: a superuser sets the app's SMTP server in Settings and sends
//! a test mail; then, signed out, "forgot password" mails a code that sets a new password.
//! A local SMTP server started by the test receives the mail.

use gecko_core::mail::sink::SmtpSink;
use gecko_e2e::App;

const PASSWORD: &str = "correct horse battery";

/// The text body of the `n`-th mail, decoded.
fn body(sink: &SmtpSink, n: usize) -> String {
    let mail = &sink.messages()[n];
    mailparse::parse_mail(mail.data.as_bytes())
        .unwrap()
        .get_body()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_settings_test_mail_and_password_reset_by_mail() {
    let sink = SmtpSink::start().await;
    let mut app = App::launch("mail").await;
    app.first_run_setup("root", "root@example.org", PASSWORD)
        .await;

    // Settings: the app's mail server, then a test mail.
    app.click("nav-settings").await;
    app.wait("[data-page=\"settings\"]").await;
    app.wait_id("smtp-app-not-set").await;
    app.type_into("smtp-app-host", "127.0.0.1").await;
    app.type_into("smtp-app-port", &sink.port.to_string()).await;
    app.choose("smtp-app-tls", "smtp-app-tls-none", None).await;
    app.type_into("smtp-app-from", "gecko@example.org").await;
    app.click("smtp-app-save").await;
    app.wait_gone("[data-testid=\"smtp-app-not-set\"]").await;
    app.type_into("smtp-app-test-to", "ops@example.org").await;
    app.click("smtp-app-test").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].from, "gecko@example.org");
    assert_eq!(got[0].to, vec!["ops@example.org".to_string()]);
    assert!(body(&sink, 0).contains("openGecko can send mail"));
    app.shot("smtp-settings").await;

    // Signed out: forgot password.
    app.click("user-menu").await;
    app.click("logout").await;
    app.wait("[data-page=\"login\"]").await;
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
