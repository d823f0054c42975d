//! Reading the audit log: admins see their community's entries, superusers every entry
//! (including those with no community, like logins). Read-only: nothing here edits or deletes.
//!
//! Pages are keyset-paginated on `(created_at, id)`, newest first: the next page starts after
//! the last entry seen, so page 500 costs what page 1 costs (an index range walk on the
//! `*_keyset` indexes of migration 0007), where an OFFSET would scan every skipped row.

use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;

const PAGE_DEFAULT: i64 = 50;
const PAGE_MAX: i64 = 500;
/// An export larger than this is refused; narrow the filter.
const EXPORT_MAX: i64 = 200_000;

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AuditCursor {
    pub created_at: DateTime<Utc>,
    pub id: i64,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct AuditFilter {
    /// The community whose log to read; `None` (superusers only) reads every entry.
    pub community_id: Option<i64>,
    /// Exact username (case-insensitive).
    pub username: Option<String>,
    pub action: Option<String>,
    pub resource_type: Option<String>,
    /// Entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct AuditPageRequest {
    pub filter: AuditFilter,
    pub after: Option<AuditCursor>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AuditLogEntry {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub community_id: Option<i64>,
    pub community_name: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<i64>,
    /// The details as JSON text (old → new values).
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AuditPage {
    pub entries: Vec<AuditLogEntry>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<AuditCursor>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    created_at: DateTime<Utc>,
    user_id: Option<i64>,
    username: Option<String>,
    community_id: Option<i64>,
    community_name: Option<String>,
    action: String,
    resource_type: String,
    resource_id: Option<i64>,
    details: Json<serde_json::Value>,
}

impl EntryRow {
    fn entry(self) -> AuditLogEntry {
        AuditLogEntry {
            id: self.id,
            created_at: self.created_at,
            user_id: self.user_id,
            username: self.username,
            community_id: self.community_id,
            community_name: self.community_name,
            action: self.action,
            resource_type: self.resource_type,
            resource_id: self.resource_id,
            details: self.details.0.to_string(),
        }
    }
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Core {
    /// Checks who may read `filter.community_id` and builds the WHERE clause and its args.
    async fn audit_where(&self, filter: &AuditFilter) -> Result<(String, Vec<crate::db::Arg>)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<crate::db::Arg> = Vec::new();
        match filter.community_id {
            Some(cid) => {
                let scope = self.scope_in(cid).await?;
                if !scope.is_admin() {
                    return Err(CoreError::forbidden());
                }
                args.push(cid.into());
                clauses.push(format!("l.community_id = ${}", args.len()));
            }
            None => {
                self.superuser().await?;
            }
        }
        if let Some(name) = trimmed(&filter.username) {
            args.push(name.to_lowercase().into());
            clauses.push(format!(
                "l.user_id = (SELECT id FROM users WHERE lower(username) = ${})",
                args.len()
            ));
        }
        if let Some(action) = trimmed(&filter.action) {
            args.push(action.into());
            clauses.push(format!("l.action = ${}", args.len()));
        }
        if let Some(resource) = trimmed(&filter.resource_type) {
            args.push(resource.into());
            clauses.push(format!("l.resource_type = ${}", args.len()));
        }
        if let Some(from) = filter.from {
            args.push(from.into());
            clauses.push(format!("l.created_at >= ${}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(to.into());
            clauses.push(format!("l.created_at < ${}", args.len()));
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        Ok((sql, args))
    }

    async fn audit_rows(
        &self,
        filter: &AuditFilter,
        after: Option<&AuditCursor>,
        limit: i64,
    ) -> Result<Vec<EntryRow>> {
        let (mut where_sql, mut args) = self.audit_where(filter).await?;
        if let Some(c) = after {
            args.push(c.created_at.into());
            args.push(c.id.into());
            let cond = format!(
                "(l.created_at, l.id) < (${}, ${})",
                args.len() - 1,
                args.len()
            );
            where_sql = if where_sql.is_empty() {
                format!(" WHERE {cond}")
            } else {
                format!("{where_sql} AND {cond}")
            };
        }
        args.push(limit.into());
        let sql = format!(
            "SELECT l.id, l.created_at, l.user_id, u.username, l.community_id, \
             c.name AS community_name, l.action, l.resource_type, l.resource_id, l.details \
             FROM audit_logs l LEFT JOIN users u ON u.id = l.user_id \
             LEFT JOIN communities c ON c.id = l.community_id{where_sql} \
             ORDER BY l.created_at DESC, l.id DESC LIMIT ${}",
            args.len()
        );
        self.db.fetch_all(&sql, args).await
    }

    /// One page of the log, newest first.
    pub async fn list_audit_log(&self, request: AuditPageRequest) -> Result<AuditPage> {
        let limit = request.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
        let rows = self
            .audit_rows(&request.filter, request.after.as_ref(), limit + 1)
            .await?;
        let more = rows.len() as i64 > limit;
        let entries: Vec<AuditLogEntry> = rows
            .into_iter()
            .take(limit as usize)
            .map(EntryRow::entry)
            .collect();
        let next = match (more, entries.last()) {
            (true, Some(last)) => Some(AuditCursor {
                created_at: last.created_at,
                id: last.id,
            }),
            _ => None,
        };
        Ok(AuditPage { entries, next })
    }

    /// The filtered log as CSV text (UTF-8 with a byte-order mark, CRLF), newest first.
    pub async fn audit_log_csv(&self, filter: AuditFilter) -> Result<String> {
        let rows = self.audit_rows(&filter, None, EXPORT_MAX + 1).await?;
        if rows.len() as i64 > EXPORT_MAX {
            return Err(CoreError::validation(
                "filter",
                format!("More than {EXPORT_MAX} entries match; narrow the filter to export."),
                format!("匹配的记录超过 {EXPORT_MAX} 条，请缩小筛选范围后再导出。"),
            ));
        }
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let io = |_| CoreError::internal();
        writer
            .write_record([
                "id",
                "time",
                "user",
                "community",
                "action",
                "resource_type",
                "resource_id",
                "details",
            ])
            .map_err(io)?;
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        for r in rows {
            let e = r.entry();
            writer
                .write_record([
                    e.id.to_string(),
                    e.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                    cell(e.username.as_deref().unwrap_or("")),
                    cell(e.community_name.as_deref().unwrap_or("")),
                    cell(&e.action),
                    cell(&e.resource_type),
                    opt(e.resource_id),
                    cell(&e.details),
                ])
                .map_err(io)?;
        }
        let bytes = writer.into_inner().map_err(|_| CoreError::internal())?;
        let text = String::from_utf8(bytes).map_err(|_| CoreError::internal())?;
        Ok(format!("\u{feff}{text}"))
    }

    /// Writes the filtered log as CSV to `path` (chosen by the user); returns the entry count.
    pub async fn export_audit_log(&self, filter: AuditFilter, path: String) -> Result<u64> {
        let text = self.audit_log_csv(filter).await?;
        let count = text.matches("\r\n").count().saturating_sub(1) as u64;
        let path = std::path::PathBuf::from(path.trim());
        if path.as_os_str().is_empty() || path.is_dir() {
            return Err(CoreError::validation(
                "path",
                "Choose a file to save the CSV to.",
                "请选择保存 CSV 的文件。",
            ));
        }
        tokio::fs::write(&path, text.as_bytes())
            .await
            .map_err(|e| {
                CoreError::validation(
                    "path",
                    format!("Could not write {}: {e}", path.display()),
                    format!("无法写入 {}：{e}", path.display()),
                )
            })?;
        tracing::info!(entries = count, "audit log exported");
        Ok(count)
    }
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-` or `@` as a formula.
fn cell(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}
