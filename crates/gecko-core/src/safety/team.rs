//! Team servers: moving the local database onto a PostgreSQL server, copying a team database
//! into a new local file, and the `pg_dump` line administrators use for server-side backups.
//!
//! The shell switches databases; these commands only copy. The `pg_dump` line never carries
//! the password: it names `PGPASSWORD` (or `~/.pgpass`) instead, so it can be shown and pasted.

use super::transfer::{copy_database, TransferReport};
use super::with_suffix;
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::{parse_pg_url, Backend, Db};
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PgDumpCommand {
    pub program: String,
    pub args: Vec<String>,
    /// The whole line, quoted for a POSIX shell.
    pub command_line: String,
    /// Environment to set first; the password is never included.
    pub environment: Vec<String>,
    pub hint: String,
    pub hint_zh: String,
}

fn shell_quote(arg: &str) -> String {
    let plain = arg
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_=./:@,+".contains(c));
    if plain && !arg.is_empty() {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

fn dump_command(options: &PgConnectOptions, now: DateTime<Utc>) -> PgDumpCommand {
    let database = options.get_database().unwrap_or("postgres").to_string();
    let args = vec![
        format!("--host={}", options.get_host()),
        format!("--port={}", options.get_port()),
        format!("--username={}", options.get_username()),
        "--format=custom".to_string(),
        format!("--file=opengecko-{}.dump", now.format("%Y%m%d")),
        database,
    ];
    let mut environment = vec!["PGPASSWORD=<password>".to_string()];
    let ssl = match options.get_ssl_mode() {
        PgSslMode::Require => Some("require"),
        PgSslMode::VerifyCa => Some("verify-ca"),
        PgSslMode::VerifyFull => Some("verify-full"),
        _ => None,
    };
    if let Some(mode) = ssl {
        environment.push(format!("PGSSLMODE={mode}"));
    }
    let command_line = std::iter::once("pg_dump".to_string())
        .chain(args.iter().map(|a| shell_quote(a)))
        .collect::<Vec<_>>()
        .join(" ");
    PgDumpCommand {
        program: "pg_dump".into(),
        args,
        command_line,
        environment,
        hint: "Run it on a machine with the PostgreSQL client tools, with PGPASSWORD set to the \
               server password (or a ~/.pgpass file). Restore with pg_restore into an empty \
               database."
            .into(),
        hint_zh:
            "请在装有 PostgreSQL 客户端工具的机器上运行，并先将 PGPASSWORD 设为服务器密码（或使用 \
                  ~/.pgpass 文件）。恢复时用 pg_restore 导入一个空数据库。"
                .into(),
    }
}

/// The `pg_dump` command line for a server URL, without its password.
pub fn pg_dump_command(url: &str, now: DateTime<Utc>) -> Result<PgDumpCommand> {
    Ok(dump_command(&parse_pg_url(url)?, now))
}

impl Core {
    /// The `pg_dump` line for the team server this app is connected to (superusers).
    pub async fn team_backup_command(&self) -> Result<PgDumpCommand> {
        self.superuser().await?;
        match &self.db {
            Db::Postgres(pool) => Ok(dump_command(&pool.connect_options(), self.now())),
            Db::Sqlite(_) => Err(CoreError::validation(
                "database",
                "This app uses a local file; back it up with \"Back up now\" instead.",
                "当前使用本地数据库文件，请改用“立即备份”。",
            )),
        }
    }

    /// Copies every row of the local database into the EMPTY PostgreSQL database at `url`
    /// (migrated first), all or nothing. The shell then switches to the server.
    pub async fn move_to_postgres(&self, url: String) -> Result<TransferReport> {
        let actor = self.superuser().await?;
        if self.db.backend() != Backend::Sqlite {
            return Err(CoreError::validation(
                "database",
                "This app already uses a team server.",
                "当前已在使用团队服务器。",
            ));
        }
        // Not `open_postgres`: the copy checks the server is empty before it migrates it.
        let target = Db::connect_postgres(parse_pg_url(&url)?).await?;
        let outcome = copy_database(&self.db, &target).await;
        if let Ok(report) = &outcome {
            let details = json!({ "rows": report.total_rows, "direction": "local_to_team" });
            let entry = AuditEntry::new("move_database", "database").by(actor.id);
            self.log_move(&target, entry.clone().details(details.clone()))
                .await?;
            self.log_move(&self.db, entry.details(details)).await?;
        }
        target.close().await;
        outcome
    }

    /// Copies every row of the current database into a NEW local SQLite file at `path`.
    /// On failure the new file is removed.
    pub async fn copy_to_local_file(&self, path: PathBuf) -> Result<TransferReport> {
        let actor = self.superuser().await?;
        if path.exists() {
            return Err(CoreError {
                field: Some("path".into()),
                ..CoreError::conflict(
                    "A file with this name already exists. Choose a new file name.",
                    "该文件已存在，请选择一个新的文件名。",
                )
            });
        }
        let target = Db::open_sqlite(&path).await?;
        let outcome = copy_database(&self.db, &target).await;
        target.close().await;
        match outcome {
            Ok(report) => {
                let details = json!({ "rows": report.total_rows, "direction": "to_local_file" });
                let entry = AuditEntry::new("copy_database", "database").by(actor.id);
                self.log_move(&self.db, entry.details(details)).await?;
                Ok(report)
            }
            Err(e) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(with_suffix(&path, suffix));
                }
                Err(e)
            }
        }
    }

    async fn log_move(&self, db: &Db, entry: AuditEntry) -> Result<()> {
        let mut tx = db.begin().await?;
        audit::record(&mut tx, self.now(), entry).await?;
        tx.commit().await
    }
}
