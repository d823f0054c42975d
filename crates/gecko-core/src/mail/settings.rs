//! SMTP settings of the app (superusers) and of a community (its admins), and the test mail.

use super::send::{self, MailServer, OutgoingMail};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, ErrorCode, Result};
use crate::governance::wire_enum;
use crate::publish::secrets::Secret;
use crate::validate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

wire_enum!(
    /// How the connection to the server is protected: TLS from the first byte (usually port
    /// 465), STARTTLS after connecting (usually 587), or none (a local relay only).
    TlsMode {
        Tls = "tls",
        Starttls = "starttls",
        None = "none",
    }
);

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct SmtpSettingsInput {
    pub host: String,
    pub port: i32,
    pub tls_mode: TlsMode,
    pub username: Option<String>,
    /// A new password. Empty or missing: keep the stored one. Without a username no password
    /// is kept (the server is used without signing in).
    pub password: Option<String>,
    pub from_address: String,
}

/// Stored settings. The password never leaves the core, not even masked: only whether one is
/// stored.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SmtpSettingsView {
    pub community_id: Option<i64>,
    pub host: String,
    pub port: i32,
    pub tls_mode: TlsMode,
    pub username: Option<String>,
    pub password_set: bool,
    pub from_address: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct SmtpRow {
    id: i64,
    community_id: Option<i64>,
    host: String,
    port: i32,
    tls_mode: String,
    username: Option<String>,
    password_encrypted: Option<String>,
    from_address: String,
    updated_at: DateTime<Utc>,
}

const SELECT_SMTP: &str = "SELECT id, community_id, host, port, tls_mode, username, \
     password_encrypted, from_address, updated_at FROM smtp_settings";

fn not_configured() -> CoreError {
    CoreError::new(
        ErrorCode::Unavailable,
        "No mail server is set up. A superuser can set one in Settings.",
        "尚未配置邮件服务器，请超级管理员在“设置”中配置。",
    )
}

struct ValidSmtp {
    host: String,
    port: i32,
    tls_mode: TlsMode,
    username: Option<String>,
    /// A new password to store; `None` keeps the stored one.
    new_password: Option<String>,
    from_address: String,
}

/// Longest password accepted; longer input is a paste gone wrong, not a password.
const MAX_PASSWORD_CHARS: usize = 1024;

fn validated(input: &SmtpSettingsInput) -> Result<ValidSmtp> {
    let host = validate::text("host", &input.host, 1, 255)?;
    if host.contains(char::is_whitespace) || host.contains('/') {
        return Err(CoreError::validation(
            "host",
            "Enter the mail server's host name only, like smtp.example.org.",
            "请只填写邮件服务器主机名，例如 smtp.example.org。",
        ));
    }
    if !(1..=65535).contains(&input.port) {
        return Err(CoreError::validation(
            "port",
            "The port must be between 1 and 65535.",
            "端口须在 1 到 65535 之间。",
        ));
    }
    let username = validate::optional_text("username", input.username.as_deref(), 255)?;
    // Passwords are taken as typed (spaces count); only an empty field means "keep".
    let new_password = input.password.clone().filter(|p| !p.is_empty());
    if let Some(p) = &new_password {
        if p.chars().count() > MAX_PASSWORD_CHARS {
            return Err(CoreError::validation(
                "password",
                "The password is longer than 1024 characters.",
                "密码不能超过 1024 个字符。",
            ));
        }
        if username.is_none() {
            return Err(CoreError::validation(
                "username",
                "Enter the username that goes with the password.",
                "请填写与密码对应的用户名。",
            ));
        }
    }
    Ok(ValidSmtp {
        host,
        port: input.port,
        tls_mode: input.tls_mode,
        username,
        new_password,
        from_address: validate::email("from_address", &input.from_address)?,
    })
}

impl Core {
    async fn smtp_row(&self, community_id: Option<i64>) -> Result<Option<SmtpRow>> {
        match community_id {
            Some(id) => {
                self.db
                    .fetch_optional(
                        &format!("{SELECT_SMTP} WHERE community_id = $1"),
                        crate::args![id],
                    )
                    .await
            }
            None => {
                self.db
                    .fetch_optional(&format!("{SELECT_SMTP} WHERE community_id IS NULL"), vec![])
                    .await
            }
        }
    }

    fn smtp_view(&self, row: SmtpRow) -> SmtpSettingsView {
        SmtpSettingsView {
            community_id: row.community_id,
            host: row.host,
            port: row.port,
            tls_mode: TlsMode::parse(&row.tls_mode).unwrap_or(TlsMode::Starttls),
            username: row.username,
            password_set: row.password_encrypted.is_some(),
            from_address: row.from_address,
            updated_at: row.updated_at,
        }
    }

    /// The server for mail about `community_id` (its own, else the app's), or for the app.
    /// `None` when none is set up.
    pub(crate) async fn mail_server(
        &self,
        community_id: Option<i64>,
    ) -> Result<Option<MailServer>> {
        let mut row = match community_id {
            Some(_) => self.smtp_row(community_id).await?,
            None => None,
        };
        if row.is_none() {
            row = self.smtp_row(None).await?;
        }
        let Some(row) = row else {
            return Ok(None);
        };
        let password = match row.password_encrypted.as_deref() {
            Some(token) => Some(self.decrypt_secret(token)?),
            None => None,
        };
        Ok(Some(MailServer {
            host: row.host,
            port: u16::try_from(row.port).unwrap_or(25),
            tls_mode: TlsMode::parse(&row.tls_mode).unwrap_or(TlsMode::Starttls),
            username: row.username,
            password,
            from_address: row.from_address,
        }))
    }

    async fn save_smtp(
        &self,
        actor_id: i64,
        community_id: Option<i64>,
        input: SmtpSettingsInput,
    ) -> Result<SmtpSettingsView> {
        let v = validated(&input)?;
        let before = self.smtp_row(community_id).await?;
        let password = match (&v.username, &v.new_password) {
            (None, _) => None,
            (Some(_), Some(p)) => Some(self.encrypt_secret(&Secret::new(p))?),
            (Some(_), None) => before.as_ref().and_then(|b| b.password_encrypted.clone()),
        };
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let fields = crate::args![
            &v.host,
            v.port,
            v.tls_mode.as_str(),
            &v.username,
            &password,
            &v.from_address,
            now
        ];
        match &before {
            Some(row) => {
                tx.execute(
                    "UPDATE smtp_settings SET host = $1, port = $2, tls_mode = $3, username = $4, \
                     password_encrypted = $5, from_address = $6, updated_at = $7 WHERE id = $8",
                    [fields, crate::args![row.id]].concat(),
                )
                .await?;
            }
            None => {
                tx.execute(
                    "INSERT INTO smtp_settings (host, port, tls_mode, username, \
                     password_encrypted, from_address, updated_at, community_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    [fields, crate::args![community_id]].concat(),
                )
                .await?;
            }
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_smtp_settings", "smtp_settings")
                .by(actor_id)
                .community(community_id)
                .details(json!({
                    "host": v.host,
                    "port": v.port,
                    "tls_mode": v.tls_mode,
                    "username": v.username,
                    "from_address": v.from_address,
                    "password_changed": password != before.and_then(|b| b.password_encrypted),
                })),
        )
        .await?;
        tx.commit().await?;
        let row = self
            .smtp_row(community_id)
            .await?
            .ok_or_else(CoreError::internal)?;
        Ok(self.smtp_view(row))
    }

    async fn test_mail(&self, community_id: Option<i64>, to: &str) -> Result<()> {
        let to = validate::email("to", to)?;
        let server = self
            .mail_server(community_id)
            .await?
            .ok_or_else(not_configured)?;
        send::send(
            &server,
            &OutgoingMail {
                to: vec![to],
                subject: "openGecko test mail / 测试邮件".into(),
                text: "This message shows that openGecko can send mail through this server.\n\
                       这封邮件说明 openGecko 可以通过此服务器发送邮件。\n"
                    .into(),
                attachment: None,
            },
        )
        .await
    }

    /// The app's mail server (superusers).
    pub async fn get_app_smtp_settings(&self) -> Result<Option<SmtpSettingsView>> {
        self.superuser().await?;
        Ok(self.smtp_row(None).await?.map(|r| self.smtp_view(r)))
    }

    pub async fn save_app_smtp_settings(
        &self,
        input: SmtpSettingsInput,
    ) -> Result<SmtpSettingsView> {
        let actor = self.superuser().await?;
        self.save_smtp(actor.id, None, input).await
    }

    /// Sends a test message through the app's server.
    pub async fn send_app_test_mail(&self, to: String) -> Result<()> {
        self.superuser().await?;
        self.test_mail(None, &to).await
    }

    /// The current community's own mail server (its admins).
    pub async fn get_community_smtp_settings(&self) -> Result<Option<SmtpSettingsView>> {
        let scope = self.admin_scope().await?;
        Ok(self
            .smtp_row(Some(scope.community_id))
            .await?
            .map(|r| self.smtp_view(r)))
    }

    pub async fn save_community_smtp_settings(
        &self,
        input: SmtpSettingsInput,
    ) -> Result<SmtpSettingsView> {
        let scope = self.admin_scope().await?;
        self.save_smtp(scope.user_id(), Some(scope.community_id), input)
            .await
    }

    /// Sends a test message through the server the community's mail uses.
    pub async fn send_community_test_mail(&self, to: String) -> Result<()> {
        let scope = self.admin_scope().await?;
        self.test_mail(Some(scope.community_id), &to).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(host: &str, port: i32, from: &str) -> SmtpSettingsInput {
        SmtpSettingsInput {
            host: host.into(),
            port,
            tls_mode: TlsMode::Starttls,
            username: None,
            password: None,
            from_address: from.into(),
        }
    }

    #[test]
    fn settings_are_checked() {
        assert!(validated(&input("smtp.example.org", 587, "no-reply@example.org")).is_ok());
        for bad in [
            input("smtp.example.org/x", 587, "a@example.org"),
            input("smtp example", 587, "a@example.org"),
            input("smtp.example.org", 0, "a@example.org"),
            input("smtp.example.org", 70000, "a@example.org"),
            input("smtp.example.org", 25, "not an address"),
            input(" ", 25, "a@example.org"),
        ] {
            assert!(validated(&bad).is_err(), "{:?}", bad.host);
        }
    }

    #[test]
    fn a_password_needs_a_username_and_empty_means_keep() {
        let mut i = input("smtp.example.org", 587, "a@example.org");
        i.password = Some("pw".into());
        let err = validated(&i).err().expect("a password without a username");
        assert_eq!(err.field.as_deref(), Some("username"));

        i.username = Some("mailer".into());
        assert_eq!(validated(&i).unwrap().new_password.as_deref(), Some("pw"));
        i.password = Some(" spaced pw ".into());
        assert_eq!(
            validated(&i).unwrap().new_password.as_deref(),
            Some(" spaced pw ")
        );
        i.password = Some(String::new());
        assert_eq!(validated(&i).unwrap().new_password, None);
        i.password = Some("x".repeat(MAX_PASSWORD_CHARS + 1));
        let err = validated(&i).err().expect("an overlong password");
        assert_eq!(err.field.as_deref(), Some("password"));
    }
}
