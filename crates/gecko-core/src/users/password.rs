//! Setting a password: a superuser for anyone, or anyone for themselves given the current one.
//! The hash is written and audited in one transaction.

use super::*;

impl Core {
    /// A superuser sets a new password for anyone.
    pub async fn set_user_password(&self, user_id: i64, password: String) -> Result<()> {
        let actor = self.superuser().await?;
        validate_password("password", &password)?;
        find(&self.db, user_id).await?.ok_or_else(user_not_found)?;
        self.store_password(actor.id, user_id, &password, "set_password")
            .await
    }

    /// Anyone changes their own password, given the current one.
    pub async fn change_own_password(&self, input: PasswordChange) -> Result<()> {
        let actor = self.actor().await?;
        let hash: String = self
            .db
            .scalar(
                "SELECT hashed_password FROM users WHERE id = $1",
                crate::args![actor.id],
            )
            .await?;
        if !bcrypt::verify(&input.current_password, &hash).unwrap_or(false) {
            return Err(CoreError {
                field: Some("current_password".into()),
                ..CoreError::new(
                    ErrorCode::Validation,
                    "The current password is incorrect.",
                    "当前密码不正确。",
                )
            });
        }
        validate_password("new_password", &input.new_password)?;
        self.store_password(actor.id, actor.id, &input.new_password, "change_password")
            .await
    }

    pub(crate) async fn store_password(
        &self,
        actor_id: i64,
        user_id: i64,
        password: &str,
        action: &'static str,
    ) -> Result<()> {
        let hash = hash_password(password, self.config.bcrypt_cost)?;
        let mut tx = self.db.begin().await?;
        write_password(&mut tx, self.now(), actor_id, user_id, &hash, action).await?;
        tx.commit().await
    }
}

/// Stores a new password hash for `user_id` and audits it as `action` by `actor_id`, inside
/// the caller's transaction.
pub(crate) async fn write_password(
    tx: &mut Tx,
    now: DateTime<Utc>,
    actor_id: i64,
    user_id: i64,
    hash: &str,
    action: &'static str,
) -> Result<()> {
    tx.execute(
        "UPDATE users SET hashed_password = $1, updated_at = $2 WHERE id = $3",
        crate::args![hash, now, user_id],
    )
    .await?;
    audit::record(
        tx,
        now,
        AuditEntry::new(action, "user")
            .by(actor_id)
            .resource(user_id),
    )
    .await
}
