//! Sending one message through an SMTP server with lettre (TLS, STARTTLS or plain, rustls).
//!
//! Errors are turned into a sentence for the person: the server's own words can contain the
//! username, never the password, and are kept for the log and the row's error column.

use super::settings::TlsMode;
use crate::error::{CoreError, ErrorCode, Result};
use crate::publish::secrets::Secret;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// A server ready to send through (password decrypted).
#[derive(Debug, Clone)]
pub struct MailServer {
    pub host: String,
    pub port: u16,
    pub tls_mode: TlsMode,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub from_address: String,
}

/// One message: plain text, optionally one attachment (name, MIME type, bytes).
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub attachment: Option<(String, String, Vec<u8>)>,
}

fn mail_error(en: impl Into<String>, zh: impl Into<String>) -> CoreError {
    CoreError::new(ErrorCode::Remote, en, zh)
}

fn mailbox(address: &str) -> Result<Mailbox> {
    address.parse::<Mailbox>().map_err(|_| {
        CoreError::validation(
            "email",
            format!("{address} is not an email address the mail server accepts."),
            format!("{address} 不是可用的邮件地址。"),
        )
    })
}

fn build(server: &MailServer, mail: &OutgoingMail) -> Result<Message> {
    let mut builder = Message::builder()
        .from(mailbox(&server.from_address)?)
        .subject(mail.subject.clone());
    for to in &mail.to {
        builder = builder.to(mailbox(to)?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone());
    let message = match &mail.attachment {
        None => builder.singlepart(text),
        Some((name, mime, bytes)) => {
            let kind = ContentType::parse(mime).unwrap_or(ContentType::TEXT_PLAIN);
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(name.clone()).body(bytes.clone(), kind)),
            )
        }
    };
    message.map_err(|e| {
        tracing::warn!(error = %e, "mail not built");
        mail_error("The email could not be composed.", "无法生成邮件。")
    })
}

fn transport(server: &MailServer) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
    let bad_host = |_| {
        CoreError::validation(
            "host",
            "The mail server's name is not valid.",
            "邮件服务器地址无效。",
        )
    };
    let mut builder = match server.tls_mode {
        TlsMode::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&server.host).map_err(bad_host)?
        }
        TlsMode::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&server.host).map_err(bad_host)?
        }
        // Limitation: `none` sends the password and the mail in clear text; meant for a relay
        // on the local network or a test server.
        TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host),
    };
    builder = builder
        .port(server.port)
        .timeout(Some(Duration::from_secs(20)));
    if let Some(user) = server.username.as_deref().filter(|u| !u.is_empty()) {
        let password = server.password.as_ref().map(|p| p.expose()).unwrap_or("");
        builder = builder.credentials(Credentials::new(user.to_string(), password.to_string()));
    }
    Ok(builder.build())
}

/// Sends `mail` through `server`. On failure the error says what to check; the server's own
/// answer goes to the log.
pub async fn send(server: &MailServer, mail: &OutgoingMail) -> Result<()> {
    let message = build(server, mail)?;
    let transport = transport(server)?;
    match transport.send(message).await {
        Ok(_) => {
            tracing::info!(recipients = mail.to.len(), "mail sent");
            Ok(())
        }
        Err(e) => {
            tracing::warn!(error = %e, host = %server.host, "mail not sent");
            let detail = e.to_string();
            Err(if e.is_permanent() && detail.contains("535") {
                mail_error(
                    "The mail server refused the username or password.",
                    "邮件服务器拒绝了用户名或密码。",
                )
            } else if e.is_permanent() || e.is_transient() {
                mail_error(
                    format!("The mail server refused the message: {detail}"),
                    format!("邮件服务器拒绝了此邮件：{detail}"),
                )
            } else {
                mail_error(
                    format!(
                        "The mail server {}:{} could not be reached over {}. Check the host, \
                         port and security mode.",
                        server.host,
                        server.port,
                        server.tls_mode.as_str()
                    ),
                    format!(
                        "无法通过 {} 连接邮件服务器 {}:{}，请检查地址、端口和加密方式。",
                        server.tls_mode.as_str(),
                        server.host,
                        server.port
                    ),
                )
            })
        }
    }
}
