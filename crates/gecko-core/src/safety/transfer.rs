//! Moving data between backends: every row of every table of one database into another, empty
//! one, ids kept, in ONE transaction on the target.
//!
//! The source is read inside one snapshot (a deferred read transaction on SQLite, `REPEATABLE
//! READ` on PostgreSQL), so a copy taken while the app keeps writing is still consistent. The
//! target either receives everything, with per-table counts checked before the commit, or
//! nothing: any failure rolls the whole transaction back and leaves it empty.

use super::tables::{self, Table, TABLES};
use crate::db::{Arg, Backend, Db, Tx};
use crate::error::{CoreError, ErrorCode, Result};
use serde::Serialize;
use sqlx::{AssertSqlSafe, Postgres, Sqlite, Transaction};
use std::collections::BTreeSet;
use std::time::Instant;

/// Rows read from the source per query.
const PAGE: i64 = 2000;
/// Bound parameters per insert statement (both backends accept well over this).
const PARAMS_PER_INSERT: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct TableCount {
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TransferReport {
    /// Rows copied per table, in copy order; each was counted again on the target.
    pub tables: Vec<TableCount>,
    pub total_rows: i64,
    pub millis: i64,
}

/// A consistent read view of the source.
enum Snapshot {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Snapshot {
    async fn open(db: &Db) -> Result<Snapshot> {
        Ok(match db {
            Db::Sqlite(pool) => Snapshot::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Snapshot::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }

    async fn count(&mut self, table: &Table) -> Result<i64> {
        let sql = AssertSqlSafe(format!("SELECT count(*) FROM {}", table.name));
        Ok(match self {
            Snapshot::Sqlite(tx) => sqlx::query_scalar(sql).fetch_one(&mut **tx).await?,
            Snapshot::Postgres(tx) => sqlx::query_scalar(sql).fetch_one(&mut **tx).await?,
        })
    }

    /// Rows with a key after `after` (all rows for tables not keyed by `id`).
    async fn page(&mut self, table: &Table, after: i64) -> Result<Vec<Vec<Arg>>> {
        let cols = table.column_list();
        let sql = if table.key == "id" {
            format!(
                "SELECT {cols} FROM {} WHERE id > $1 ORDER BY id LIMIT {PAGE}",
                table.name
            )
        } else {
            format!(
                "SELECT {cols} FROM {} WHERE $1 = $1 ORDER BY {}",
                table.name, table.key
            )
        };
        let sql = AssertSqlSafe(sql);
        match self {
            Snapshot::Sqlite(tx) => {
                let rows = sqlx::query(sql).bind(after).fetch_all(&mut **tx).await?;
                rows.iter()
                    .map(|r| tables::decode_sqlite(table, r))
                    .collect()
            }
            Snapshot::Postgres(tx) => {
                let rows = sqlx::query(sql).bind(after).fetch_all(&mut **tx).await?;
                rows.iter().map(|r| tables::decode_pg(table, r)).collect()
            }
        }
    }
}

/// Every row of `table` as typed values, in key order: the normalised form both backends share.
pub async fn read_table(db: &Db, table: &Table) -> Result<Vec<Vec<Arg>>> {
    let mut snapshot = Snapshot::open(db).await?;
    read_all(&mut snapshot, table).await
}

async fn read_all(snapshot: &mut Snapshot, table: &Table) -> Result<Vec<Vec<Arg>>> {
    let mut out = Vec::new();
    let mut after = i64::MIN;
    loop {
        let page = snapshot.page(table, after).await?;
        let done = table.key != "id" || (page.len() as i64) < PAGE;
        if let Some(Arg::I64(Some(id))) = page.last().and_then(|r| r.first()) {
            after = *id;
        }
        out.extend(page);
        if done {
            return Ok(out);
        }
    }
}

async fn insert_rows(tx: &mut Tx, table: &Table, rows: Vec<Vec<Arg>>) -> Result<()> {
    let width = table.columns.len();
    let per_statement = (PARAMS_PER_INSERT / width).max(1);
    let cols = table.column_list();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Arg>> = rows.by_ref().take(per_statement).collect();
        let placeholders: Vec<String> = (0..batch.len())
            .map(|r| {
                let cells: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {} ({cols}) VALUES {}",
            table.name,
            placeholders.join(", ")
        );
        tx.execute(&sql, batch.into_iter().flatten().collect())
            .await?;
    }
    Ok(())
}

fn foreign_tables() -> CoreError {
    CoreError::conflict(
        "The target database holds tables of another program. Choose a new, empty database; \
         nothing was copied.",
        "目标数据库中有其他程序的表。请选择一个新的空数据库；未复制任何数据。",
    )
}

fn not_empty(table: &str, rows: i64) -> CoreError {
    CoreError::conflict(
        format!(
            "The target database is not empty (table {table} has {rows} rows). Choose a new, \
             empty database; nothing was copied."
        ),
        format!("目标数据库不是空的（表 {table} 有 {rows} 行）。请选择一个新的空数据库；未复制任何数据。"),
    )
}

/// The target holds nothing: no table of another program, no row in any of ours.
async fn ensure_empty(target: &Db) -> Result<()> {
    let live = tables::live_columns(target).await?;
    let present: BTreeSet<&str> = live.iter().map(|(table, _)| table.as_str()).collect();
    for table in &present {
        if !TABLES.iter().any(|t| t.name == *table) {
            tracing::warn!(table, "target has a table of another program");
            return Err(foreign_tables());
        }
    }
    for table in TABLES.iter().filter(|t| present.contains(t.name)) {
        let rows: i64 = target
            .scalar(&format!("SELECT count(*) FROM {}", table.name), vec![])
            .await?;
        if rows > 0 {
            return Err(not_empty(table.name, rows));
        }
    }
    Ok(())
}

fn count_mismatch(table: &str, expected: i64, found: i64) -> CoreError {
    tracing::error!(table, expected, found, "copy count mismatch");
    CoreError::new(
        ErrorCode::Internal,
        format!(
            "The copy of table {table} has {found} rows instead of {expected}; nothing was kept \
             in the target. Try again."
        ),
        format!("表 {table} 复制后有 {found} 行而非 {expected} 行；目标中未保留任何数据，请重试。"),
    )
}

/// Copies every row of `source` into `target`, which must be empty (no rows, no table of another
/// program) and is then migrated.
///
/// All-or-nothing on the target; the source is only read.
pub async fn copy_database(source: &Db, target: &Db) -> Result<TransferReport> {
    let started = Instant::now();
    if source.pending_migrations().await? > 0 {
        return Err(CoreError::new(
            ErrorCode::Validation,
            "The source database is not up to date. Open it with this app first, then copy.",
            "源数据库尚未升级。请先用本应用打开它，再复制。",
        ));
    }
    tables::check_schema_known(source).await?;
    // Checked before migrating: another program's database must not get our tables added.
    ensure_empty(target).await?;
    target.migrate().await?;
    tables::check_schema_known(target).await?;

    let mut snapshot = Snapshot::open(source).await?;
    let mut tx = target.begin().await?;
    for table in TABLES {
        let rows: i64 = tx
            .scalar(&format!("SELECT count(*) FROM {}", table.name), vec![])
            .await?;
        if rows > 0 {
            return Err(not_empty(table.name, rows));
        }
    }

    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let expected = snapshot.count(table).await?;
        let rows = read_all(&mut snapshot, table).await?;
        let read = rows.len() as i64;
        insert_rows(&mut tx, table, rows).await?;
        let found: i64 = tx
            .scalar(&format!("SELECT count(*) FROM {}", table.name), vec![])
            .await?;
        if found != expected || read != expected {
            return Err(count_mismatch(table.name, expected, found));
        }
        tracing::debug!(table = table.name, rows = found, "table copied");
        counts.push(TableCount {
            table: table.name.to_string(),
            rows: found,
        });
    }

    if tx.backend() == Backend::Postgres {
        // Ids were copied as they are; move each identity past them so new rows don't collide.
        for table in TABLES.iter().filter(|t| t.key == "id") {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0} \
                     HAVING max(id) IS NOT NULL",
                    table.name
                ),
                vec![],
            )
            .await?;
        }
    }
    tx.commit().await?;
    drop(snapshot);

    let total_rows = counts.iter().map(|c| c.rows).sum();
    let millis = started.elapsed().as_millis() as i64;
    tracing::info!(total_rows, millis, "database copied");
    Ok(TransferReport {
        tables: counts,
        total_rows,
        millis,
    })
}
