//! User accounts: created and managed by superusers, deactivated rather than deleted.
//!
//! The last active superuser can neither lose the flag nor be deactivated, so the app can
//! never end up with nobody able to manage it.

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::{Db, Tx};
use crate::error::{CoreError, ErrorCode, Result};
use crate::validate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

mod password;

pub(crate) use password::write_password;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub is_active: bool,
    pub is_superuser: bool,
    pub created_at: DateTime<Utc>,
}

const USER_COLUMNS: &str = "id, username, email, full_name, is_active, is_superuser, created_at";

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub password: String,
    pub is_superuser: bool,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct UserUpdate {
    pub id: i64,
    pub email: String,
    pub full_name: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

pub fn validate_username(value: &str) -> Result<String> {
    let value = value.trim();
    let ok = (3..=100).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(CoreError::validation(
            "username",
            "A username has 3 to 100 letters, digits, dots, underscores or hyphens.",
            "用户名须为 3 到 100 个字母、数字、点、下划线或连字符。",
        ));
    }
    Ok(value.to_string())
}

pub fn validate_password(field: &str, value: &str) -> Result<()> {
    // bcrypt only reads the first 72 bytes; a longer password would silently lose its tail.
    if value.chars().count() < 8 || value.len() > 72 {
        return Err(CoreError::validation(
            field,
            "A password has at least 8 characters and at most 72 bytes.",
            "密码至少 8 个字符，最多 72 字节。",
        ));
    }
    Ok(())
}

pub(crate) fn hash_password(password: &str, cost: u32) -> Result<String> {
    bcrypt::hash(password, cost).map_err(|e| {
        tracing::error!(error = %e, "bcrypt failed");
        CoreError::internal()
    })
}

impl NewUser {
    pub(crate) fn validated(self) -> Result<NewUser> {
        let username = validate_username(&self.username)?;
        let email = validate::email("email", &self.email)?;
        let full_name = validate::text("full_name", &self.full_name, 0, 200)?;
        validate_password("password", &self.password)?;
        Ok(NewUser {
            username,
            email,
            full_name,
            ..self
        })
    }
}

pub(crate) async fn find(db: &Db, id: i64) -> Result<Option<UserView>> {
    db.fetch_optional(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"),
        crate::args![id],
    )
    .await
}

fn user_not_found() -> CoreError {
    CoreError::not_found(("user", "用户"))
}

fn taken() -> CoreError {
    CoreError {
        field: Some("username".into()),
        ..CoreError::conflict(
            "This username or email is already in use.",
            "该用户名或邮箱已被使用。",
        )
    }
}

/// Inserts a validated user; a taken name or email is a conflict.
pub(crate) async fn insert(
    tx: &mut Tx,
    user: &NewUser,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let clash: i64 = tx
        .scalar(
            "SELECT count(*) FROM users WHERE lower(username) = lower($1) OR lower(email) = $2",
            crate::args![&user.username, &user.email],
        )
        .await?;
    if clash > 0 {
        return Err(taken());
    }
    tx.scalar(
        "INSERT INTO users (username, email, hashed_password, full_name, is_superuser, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        crate::args![
            &user.username,
            &user.email,
            hash,
            &user.full_name,
            user.is_superuser,
            now
        ],
    )
    .await
}

async fn active_superusers(tx: &mut Tx) -> Result<i64> {
    tx.scalar(
        "SELECT count(*) FROM users WHERE is_superuser AND is_active",
        crate::args![],
    )
    .await
}

fn last_superuser() -> CoreError {
    CoreError::new(
        ErrorCode::Conflict,
        "This is the last active superuser; make someone else a superuser first.",
        "这是最后一位有效的超级管理员，请先授予其他人超级管理员权限。",
    )
}

impl Core {
    /// Every account, for superusers.
    pub async fn list_users(&self) -> Result<Vec<UserView>> {
        self.superuser().await?;
        self.db
            .fetch_all(
                &format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE NOT is_default_admin ORDER BY username"
                ),
                crate::args![],
            )
            .await
    }

    /// Active accounts matching `query`, for admins choosing a member, collaborator or
    /// assignee. Shows names only where the caller may manage its community.
    pub async fn search_users(&self, query: String) -> Result<Vec<UserView>> {
        self.admin_scope().await?;
        let pattern = crate::db::like_pattern(query.trim());
        self.db
            .fetch_all(
                &format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE is_active AND NOT is_default_admin \
                     AND (lower(username) LIKE $1 ESCAPE '\\' OR lower(full_name) LIKE $1 \
                     ESCAPE '\\' OR lower(email) LIKE $1 ESCAPE '\\') ORDER BY username LIMIT 50"
                ),
                crate::args![pattern],
            )
            .await
    }

    pub async fn create_user(&self, input: NewUser) -> Result<UserView> {
        let actor = self.superuser().await?;
        let user = input.validated()?;
        let hash = hash_password(&user.password, self.config.bcrypt_cost)?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let id = insert(&mut tx, &user, &hash, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_user", "user").by(actor.id).resource(id).details(json!({
                "username": user.username, "email": user.email, "is_superuser": user.is_superuser
            })),
        )
        .await?;
        tx.commit().await?;
        find(&self.db, id).await?.ok_or_else(user_not_found)
    }

    /// Superusers edit anyone; everyone may edit their own name and email.
    pub async fn update_user(&self, input: UserUpdate) -> Result<UserView> {
        let actor = self.actor().await?;
        if !actor.is_superuser && actor.id != input.id {
            return Err(CoreError::forbidden());
        }
        let email = validate::email("email", &input.email)?;
        let full_name = validate::text("full_name", &input.full_name, 0, 200)?;
        let before = find(&self.db, input.id).await?.ok_or_else(user_not_found)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let clash: i64 = tx
            .scalar(
                "SELECT count(*) FROM users WHERE lower(email) = $1 AND id <> $2",
                crate::args![&email, input.id],
            )
            .await?;
        if clash > 0 {
            return Err(CoreError {
                field: Some("email".into()),
                ..taken()
            });
        }
        tx.execute(
            "UPDATE users SET email = $1, full_name = $2, updated_at = $3 WHERE id = $4",
            crate::args![&email, &full_name, now, input.id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_user", "user")
                .by(actor.id)
                .resource(input.id)
                .details(json!({
                    "email": [before.email, email], "full_name": [before.full_name, full_name]
                })),
        )
        .await?;
        tx.commit().await?;
        find(&self.db, input.id).await?.ok_or_else(user_not_found)
    }

    pub async fn set_user_active(&self, user_id: i64, active: bool) -> Result<UserView> {
        self.set_user_flag(user_id, UserFlag::Active, active).await
    }

    pub async fn set_superuser(&self, user_id: i64, superuser: bool) -> Result<UserView> {
        self.set_user_flag(user_id, UserFlag::Superuser, superuser)
            .await
    }

    /// Turns one of a user's two flags on or off, audited. Turning either off for the last
    /// active superuser is refused: someone must stay able to administer the app.
    async fn set_user_flag(&self, user_id: i64, flag: UserFlag, on: bool) -> Result<UserView> {
        let actor = self.superuser().await?;
        let before = find(&self.db, user_id).await?.ok_or_else(user_not_found)?;
        let was = flag.of(&before);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if !on && before.is_superuser && before.is_active && active_superusers(&mut tx).await? <= 1
        {
            return Err(last_superuser());
        }
        tx.execute(
            &format!(
                "UPDATE users SET {} = $1, updated_at = $2 WHERE id = $3",
                flag.column()
            ),
            crate::args![on, now, user_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new(flag.action(on), "user")
                .by(actor.id)
                .resource(user_id)
                .details(json!({ flag.column(): [was, on] })),
        )
        .await?;
        tx.commit().await?;
        find(&self.db, user_id).await?.ok_or_else(user_not_found)
    }
}

#[derive(Clone, Copy)]
enum UserFlag {
    Active,
    Superuser,
}

impl UserFlag {
    fn column(self) -> &'static str {
        match self {
            UserFlag::Active => "is_active",
            UserFlag::Superuser => "is_superuser",
        }
    }

    fn of(self, user: &UserView) -> bool {
        match self {
            UserFlag::Active => user.is_active,
            UserFlag::Superuser => user.is_superuser,
        }
    }

    fn action(self, on: bool) -> &'static str {
        match (self, on) {
            (UserFlag::Active, true) => "activate_user",
            (UserFlag::Active, false) => "deactivate_user",
            (UserFlag::Superuser, true) => "grant_superuser",
            (UserFlag::Superuser, false) => "revoke_superuser",
        }
    }
}
