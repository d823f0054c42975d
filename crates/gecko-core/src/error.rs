//! The one error type that crosses the command boundary.
//!
//! Every failure becomes a stable `code` the UI can branch on, a message a person understands in
//! English and Chinese, and, for validation, the field at fault. Internal details (SQL, paths,
//! secrets) are logged, never put into a message.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed a rule; `field` names it.
    Validation,
    /// The object does not exist, or belongs to a community the caller cannot see.
    NotFound,
    /// The caller is known but may not do this.
    Forbidden,
    /// No one is signed in, or the account was deactivated.
    Unauthenticated,
    /// The default administrator may only complete the first-run setup.
    SetupRequired,
    /// Sign-in failed; the same for wrong password, unknown and inactive user.
    InvalidCredentials,
    /// Too many failed attempts; try again later.
    RateLimited,
    /// A unique name is taken, or the row changed since it was read.
    Conflict,
    /// The workflow does not allow this transition.
    InvalidTransition,
    /// The database server cannot be reached.
    Unavailable,
    /// The database is newer than this app.
    AppTooOld,
    /// A file could not be read or written.
    Io,
    /// A remote platform refused the request.
    Remote,
    /// Something unexpected; details are in the log.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CoreError {
    pub code: ErrorCode,
    /// English message.
    pub message: String,
    /// Chinese message.
    pub message_zh: String,
    /// The input field at fault, for validation errors.
    pub field: Option<String>,
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn new(code: ErrorCode, en: impl Into<String>, zh: impl Into<String>) -> Self {
        CoreError {
            code,
            message: en.into(),
            message_zh: zh.into(),
            field: None,
        }
    }

    pub fn validation(field: &str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        CoreError {
            field: Some(field.to_string()),
            ..Self::new(ErrorCode::Validation, en, zh)
        }
    }

    /// `what` is the thing looked for, in both languages, e.g. `("content", "内容")`.
    pub fn not_found(what: (&str, &str)) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("The {} was not found.", what.0),
            format!("未找到该{}。", what.1),
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            ErrorCode::Forbidden,
            "You do not have permission to do this.",
            "您没有执行此操作的权限。",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::Unauthenticated,
            "Please sign in first.",
            "请先登录。",
        )
    }

    pub fn conflict(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, en, zh)
    }

    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "Something went wrong. The details are in the app's log.",
            "出现意外错误，详情见应用日志。",
        )
    }

    pub fn io(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self::new(ErrorCode::Io, en, zh)
    }

    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == code
    }
}

impl From<sqlx::Error> for CoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => CoreError::not_found(("record", "记录")),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                tracing::debug!(error = %db, "unique violation");
                CoreError::conflict(
                    "That name or value is already taken.",
                    "该名称或值已被占用。",
                )
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                tracing::debug!(error = %db, "foreign key violation");
                CoreError::not_found(("related record", "关联记录"))
            }
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_) => {
                tracing::warn!(error = %err, "database unreachable");
                CoreError::new(
                    ErrorCode::Unavailable,
                    "The database cannot be reached. Your edit was not saved; try again when the \
                     server is back.",
                    "无法连接数据库，本次修改未保存；请在服务器恢复后重试。",
                )
            }
            _ => {
                tracing::error!(error = %err, "database error");
                CoreError::internal()
            }
        }
    }
}

impl From<serde_json::Error> for CoreError {
    fn from(err: serde_json::Error) -> Self {
        tracing::error!(error = %err, "stored JSON could not be read");
        CoreError::internal()
    }
}
