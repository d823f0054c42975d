//! "Forgot password": a one-time code sent by email, valid for one hour.
//!
//! The answer to a request is the same whether the address belongs to an account or not, and
//! never carries the code; the mail is sent in the background so the time to answer does not
//! tell either. Only a bcrypt hash of the code is stored. A newer request voids the older
//! codes, a code works once, and five wrong guesses void it. Without a mail server there is no
//! reset by mail: the screen tells the user to ask a superuser.

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::send::{self, OutgoingMail};
use crate::users::{hash_password, validate_password, write_password};
use crate::validate;
use chrono::Duration;
use serde::Deserialize;

pub const CODE_VALID_HOURS: i64 = 1;
const MAX_ATTEMPTS: i32 = 5;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PasswordResetInput {
    pub email: String,
    pub code: String,
    pub new_password: String,
}

fn bad_code() -> CoreError {
    CoreError::validation(
        "code",
        "This code is wrong, used or expired. Ask for a new one.",
        "验证码错误、已使用或已过期，请重新获取。",
    )
}

fn no_mail() -> CoreError {
    CoreError::new(
        ErrorCode::Unavailable,
        "Password reset by email is not set up. Ask a superuser to set a new password for you.",
        "未配置邮件重置密码，请联系超级管理员为你设置新密码。",
    )
}

fn new_code() -> String {
    format!("{:08}", rand::random_range(0..100_000_000u32))
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    token: String,
}

impl Core {
    /// The active account with this email, if any.
    async fn reset_user(&self, email: &str) -> Result<Option<i64>> {
        self.db
            .scalar_optional(
                "SELECT id FROM users WHERE lower(email) = lower($1) AND is_active \
                 AND NOT is_default_admin",
                crate::args![email],
            )
            .await
    }

    /// Whether a reset code can be mailed (an app mail server is set up).
    pub async fn password_reset_available(&self) -> Result<bool> {
        Ok(self.mail_server(None).await.ok().flatten().is_some())
    }

    /// Mails a reset code to `email` if an active account has it. The answer does not say.
    pub async fn request_password_reset(&self, email: String) -> Result<()> {
        let email = validate::email("email", &email)?;
        let server = self
            .mail_server(None)
            .await
            .ok()
            .flatten()
            .ok_or_else(no_mail)?;
        let user = self.reset_user(&email).await?;
        let Some(user_id) = user else {
            tracing::info!("password reset asked for an unknown address");
            return Ok(());
        };

        let code = new_code();
        let hash = hash_password(&code, self.config.bcrypt_cost)?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        tx.execute(
            "UPDATE password_reset_tokens SET used = TRUE WHERE user_id = $1 AND NOT used",
            crate::args![user_id],
        )
        .await?;
        tx.execute(
            "INSERT INTO password_reset_tokens (user_id, token, expires_at, used, created_at, \
             attempts) VALUES ($1, $2, $3, FALSE, $4, 0)",
            crate::args![user_id, hash, now + Duration::hours(CODE_VALID_HOURS), now],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("request_password_reset", "user").resource(user_id),
        )
        .await?;
        tx.commit().await?;

        let mail = OutgoingMail {
            to: vec![email],
            subject: "openGecko 密码重置验证码 / password reset code".into(),
            text: format!(
                "你的 openGecko 密码重置验证码：{code}\n一小时内有效，仅可使用一次。\n\n\
                 Your openGecko password reset code: {code}\n\
                 It works once, within one hour.\n\n\
                 如果不是你本人操作，请忽略此邮件。If you did not ask for it, ignore this mail.\n"
            ),
            attachment: None,
        };
        tokio::spawn(async move {
            if send::send(&server, &mail).await.is_err() {
                tracing::warn!("password reset mail not sent");
            }
        });
        Ok(())
    }

    /// Sets a new password with a mailed code.
    pub async fn reset_password_with_code(&self, input: PasswordResetInput) -> Result<()> {
        let email = validate::email("email", &input.email)?;
        validate_password("new_password", &input.new_password)?;
        let code = input.code.trim();
        let now = self.now();
        let user = self.reset_user(&email).await?;
        let Some(user_id) = user else {
            return Err(bad_code());
        };
        let token: Option<TokenRow> = self
            .db
            .fetch_optional(
                "SELECT id, token FROM password_reset_tokens \
                 WHERE user_id = $1 AND NOT used AND expires_at > $2 \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
                crate::args![user_id, now],
            )
            .await?;
        let Some(token) = token else {
            return Err(bad_code());
        };
        if !bcrypt::verify(code, &token.token).unwrap_or(false) {
            self.db
                .execute(
                    "UPDATE password_reset_tokens SET attempts = attempts + 1, \
                     used = (attempts + 1 >= $1) WHERE id = $2",
                    crate::args![MAX_ATTEMPTS, token.id],
                )
                .await?;
            return Err(bad_code());
        }

        let hash = hash_password(&input.new_password, self.config.bcrypt_cost)?;
        let mut tx = self.db.begin().await?;
        // Used once: a second use racing this one finds the row already used.
        let taken = tx
            .execute(
                "UPDATE password_reset_tokens SET used = TRUE WHERE id = $1 AND NOT used",
                crate::args![token.id],
            )
            .await?;
        if taken != 1 {
            return Err(bad_code());
        }
        write_password(&mut tx, now, user_id, user_id, &hash, "reset_password").await?;
        tx.commit().await?;
        tracing::info!(user = user_id, "password reset with a mailed code");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_have_eight_digits() {
        for _ in 0..100 {
            let c = super::new_code();
            assert_eq!(c.len(), 8);
            assert!(c.chars().all(|ch| ch.is_ascii_digit()));
        }
    }
}
