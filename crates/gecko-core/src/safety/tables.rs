//! The schema as data: every table, in foreign-key order, with each column's kind.
//!
//! Copying between backends goes column by column through these kinds (SQLite text times become
//! `timestamptz`, 0/1 become booleans, JSON text becomes `jsonb`, and back). The list is checked
//! against the live schema before any copy, so a migration that adds a column without updating
//! this file makes the copy refuse instead of silently dropping data.

use crate::db::{Arg, Backend, Db};
use crate::error::{CoreError, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::Row as _;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    I64,
    /// PostgreSQL `integer` (int4).
    I32,
    Text,
    Bool,
    Time,
    Date,
    Json,
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// The primary key: `id` everywhere except `app_settings` (`key`).
    pub key: &'static str,
    pub columns: &'static [(&'static str, Kind)],
}

use Kind::*;

/// Every table of the schema, parents before children.
#[rustfmt::skip]
pub const TABLES: &[Table] = &[
    Table { name: "users", key: "id", columns: &[
        ("id", I64), ("username", Text), ("email", Text), ("hashed_password", Text),
        ("full_name", Text), ("is_active", Bool), ("is_superuser", Bool),
        ("is_default_admin", Bool), ("created_at", Time), ("updated_at", Time),
    ] },
    Table { name: "communities", key: "id", columns: &[
        ("id", I64), ("name", Text), ("slug", Text), ("description", Text), ("url", Text),
        ("logo_url", Text), ("settings", Json), ("is_active", Bool), ("created_at", Time),
        ("updated_at", Time),
    ] },
    Table { name: "community_users", key: "id", columns: &[
        ("id", I64), ("user_id", I64), ("community_id", I64), ("role", Text), ("joined_at", Time),
    ] },
    Table { name: "contents", key: "id", columns: &[
        ("id", I64), ("community_id", I64), ("created_by_user_id", I64), ("owner_id", I64),
        ("title", Text), ("content_markdown", Text), ("content_html", Text),
        ("source_type", Text), ("source_file", Text), ("author", Text), ("tags", Json),
        ("category", Text), ("cover_image", Text), ("status", Text), ("work_status", Text),
        ("scheduled_publish_at", Time), ("version", I64), ("created_at", Time),
        ("updated_at", Time),
    ] },
    // The search text kept beside each content (its FTS5 index on SQLite follows by triggers).
    Table { name: "content_search", key: "content_id", columns: &[
        ("content_id", I64), ("community_id", I64), ("search_text", Text),
    ] },
    Table { name: "content_collaborators", key: "id", columns: &[
        ("id", I64), ("content_id", I64), ("user_id", I64), ("added_at", Time),
    ] },
    Table { name: "content_assignees", key: "id", columns: &[
        ("id", I64), ("content_id", I64), ("user_id", I64), ("assigned_at", Time),
        ("assigned_by_user_id", I64),
    ] },
    Table { name: "publish_records", key: "id", columns: &[
        ("id", I64), ("content_id", I64), ("community_id", I64), ("channel", Text),
        ("status", Text), ("platform_article_id", Text), ("platform_url", Text),
        ("published_at", Time), ("error_message", Text), ("created_at", Time),
    ] },
    Table { name: "content_analytics", key: "id", columns: &[
        ("id", I64), ("publish_record_id", I64), ("read_count", I32), ("like_count", I32),
        ("share_count", I32), ("comment_count", I32), ("collected_at", Time),
    ] },
    Table { name: "channel_configs", key: "id", columns: &[
        ("id", I64), ("community_id", I64), ("channel", Text), ("config", Json),
        ("enabled", Bool),
    ] },
    Table { name: "committees", key: "id", columns: &[
        ("id", I64), ("community_id", I64), ("name", Text), ("slug", Text),
        ("description", Text), ("is_active", Bool), ("meeting_frequency", Text),
        ("notification_email", Text), ("notification_wechat", Text), ("established_at", Time),
        ("created_at", Time), ("updated_at", Time),
    ] },
    Table { name: "committee_members", key: "id", columns: &[
        ("id", I64), ("committee_id", I64), ("name", Text), ("email", Text), ("phone", Text),
        ("wechat", Text), ("organization", Text), ("gitcode_id", Text), ("github_id", Text),
        ("roles", Json), ("term_start", Date), ("term_end", Date), ("is_active", Bool),
        ("bio", Text), ("avatar_url", Text), ("joined_at", Time), ("created_at", Time),
        ("updated_at", Time),
    ] },
    Table { name: "meetings", key: "id", columns: &[
        ("id", I64), ("committee_id", I64), ("community_id", I64), ("title", Text),
        ("description", Text), ("scheduled_at", Time), ("duration", I32),
        ("location_type", Text), ("location", Text), ("status", Text), ("work_status", Text),
        ("agenda", Text), ("minutes", Text), ("attachments", Json), ("reminder_sent", Bool),
        ("reminder_before_hours", I32), ("created_by_user_id", I64), ("created_at", Time),
        ("updated_at", Time), ("email_reminders", Bool),
    ] },
    Table { name: "meeting_assignees", key: "id", columns: &[
        ("id", I64), ("meeting_id", I64), ("user_id", I64), ("assigned_at", Time),
        ("assigned_by_user_id", I64),
    ] },
    Table { name: "meeting_reminders", key: "id", columns: &[
        ("id", I64), ("meeting_id", I64), ("reminder_type", Text), ("scheduled_at", Time),
        ("sent_at", Time), ("notification_channels", Json), ("status", Text),
        ("error_message", Text), ("created_at", Time),
    ] },
    Table { name: "meeting_participants", key: "id", columns: &[
        ("id", I64), ("meeting_id", I64), ("name", Text), ("email", Text), ("source", Text),
        ("created_at", Time),
    ] },
    Table { name: "reminder_deliveries", key: "id", columns: &[
        ("id", I64), ("reminder_id", I64), ("scheduled_at", Time), ("device_id", Text),
        ("user_id", I64), ("status", Text), ("error_message", Text), ("claimed_at", Time),
        ("finished_at", Time),
    ] },
    Table { name: "reminder_emails", key: "id", columns: &[
        ("id", I64), ("reminder_id", I64), ("scheduled_at", Time), ("device_id", Text),
        ("status", Text), ("recipients", I32), ("error_message", Text), ("claimed_at", Time),
        ("finished_at", Time),
    ] },
    Table { name: "smtp_settings", key: "id", columns: &[
        ("id", I64), ("community_id", I64), ("host", Text), ("port", I32), ("tls_mode", Text),
        ("username", Text), ("password_encrypted", Text), ("from_address", Text),
        ("updated_at", Time),
    ] },
    Table { name: "audit_logs", key: "id", columns: &[
        ("id", I64), ("user_id", I64), ("community_id", I64), ("action", Text),
        ("resource_type", Text), ("resource_id", I64), ("details", Json), ("ip_address", Text),
        ("created_at", Time),
    ] },
    Table { name: "password_reset_tokens", key: "id", columns: &[
        ("id", I64), ("user_id", I64), ("token", Text), ("expires_at", Time), ("used", Bool),
        ("created_at", Time), ("attempts", I32),
    ] },
    Table { name: "app_settings", key: "key", columns: &[
        ("key", Text), ("value", Text), ("updated_at", Time),
    ] },
];

impl Table {
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.0)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A stored value the copy cannot carry (bad JSON or time text), named precisely.
fn bad_value(table: &str, column: &str, key: &str, detail: impl std::fmt::Display) -> CoreError {
    tracing::error!(table, column, key, %detail, "unreadable stored value");
    CoreError::new(
        crate::ErrorCode::Internal,
        format!(
            "Row {key} of table {table} has an unreadable {column} value; nothing was copied. \
             Fix or remove that row, then try again."
        ),
        format!("表 {table} 的第 {key} 行 {column} 列的值无法读取，未复制任何数据。请修正或删除该行后重试。"),
    )
}

/// SQLite keeps whatever time text it was given: accept RFC 3339 and SQLite's own
/// `YYYY-MM-DD HH:MM:SS` (UTC), and keep microseconds as PostgreSQL does.
pub fn parse_sqlite_time(text: &str) -> Option<DateTime<Utc>> {
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })?;
    Some(parsed.trunc_subsecs(6))
}

pub fn decode_sqlite(table: &Table, row: &SqliteRow) -> Result<Vec<Arg>> {
    let key = row
        .try_get::<Option<String>, _>(0)
        .ok()
        .flatten()
        .or_else(|| row.try_get::<i64, _>(0).ok().map(|k| k.to_string()))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(table.columns.len());
    for (i, &(column, kind)) in table.columns.iter().enumerate() {
        let bad = |d: &dyn std::fmt::Display| bad_value(table.name, column, &key, d);
        out.push(match kind {
            I64 => Arg::I64(row.try_get(i)?),
            I32 => Arg::I32(row.try_get(i)?),
            Text => Arg::Str(row.try_get(i)?),
            Bool => Arg::Bool(row.try_get(i)?),
            Time => match row.try_get::<Option<String>, _>(i)? {
                None => Arg::Time(None),
                Some(t) => Arg::Time(Some(parse_sqlite_time(&t).ok_or_else(|| bad(&t))?)),
            },
            Date => match row.try_get::<Option<String>, _>(i)? {
                None => Arg::Date(None),
                Some(d) => Arg::Date(Some(
                    NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| bad(&e))?,
                )),
            },
            Json => {
                let text: Option<String> = row.try_get(i)?;
                let text = text.ok_or_else(|| bad(&"NULL"))?;
                Arg::Json(serde_json::from_str(&text).map_err(|e| bad(&e))?)
            }
        });
    }
    Ok(out)
}

pub fn decode_pg(table: &Table, row: &PgRow) -> Result<Vec<Arg>> {
    let mut out = Vec::with_capacity(table.columns.len());
    for (i, &(column, kind)) in table.columns.iter().enumerate() {
        out.push(match kind {
            I64 => Arg::I64(row.try_get(i)?),
            I32 => Arg::I32(row.try_get(i)?),
            Text => Arg::Str(row.try_get(i)?),
            Bool => Arg::Bool(row.try_get(i)?),
            Time => Arg::Time(row.try_get(i)?),
            Date => Arg::Date(row.try_get(i)?),
            Json => {
                let v: Option<sqlx::types::Json<serde_json::Value>> = row.try_get(i)?;
                let v = v.ok_or_else(|| bad_value(table.name, column, "?", "NULL"))?;
                Arg::Json(v.0)
            }
        });
    }
    Ok(out)
}

/// The live tables and columns of `db` (without sqlx's bookkeeping table).
pub async fn live_columns(db: &Db) -> Result<BTreeSet<(String, String)>> {
    let rows: Vec<(String, String)> = match db.backend() {
        Backend::Sqlite => {
            db.fetch_all(
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name <> '_sqlx_migrations' \
                 AND NOT EXISTS (SELECT 1 FROM sqlite_master v \
                     WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' \
                     AND (m.name = v.name OR m.name LIKE v.name || '\\_%' ESCAPE '\\'))",
                vec![],
            )
            .await?
        }
        Backend::Postgres => {
            db.fetch_all(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                vec![],
            )
            .await?
        }
    };
    Ok(rows.into_iter().collect())
}

/// The columns this module knows how to copy.
pub fn known_columns() -> BTreeSet<(String, String)> {
    TABLES
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(|c| (t.name.to_string(), c.0.to_string()))
        })
        .collect()
}

/// Refuses when the live schema has a table or column the copy does not know about.
pub async fn check_schema_known(db: &Db) -> Result<()> {
    let live = live_columns(db).await?;
    let known = known_columns();
    if live != known {
        let unknown: Vec<_> = live.symmetric_difference(&known).collect();
        tracing::error!(?unknown, "schema and copy list differ");
        return Err(CoreError::new(
            crate::ErrorCode::Internal,
            "This database's tables differ from what this version of openGecko can copy; nothing \
             was copied. Update the app, then try again.",
            "该数据库的表结构与本版本 openGecko 可复制的不一致，未复制任何数据。请更新应用后重试。",
        ));
    }
    Ok(())
}
