//! Both backends end up with the same tables, columns and nullability.

use gecko_core::db::Db;
use gecko_core::testing;
use std::collections::BTreeMap;

#[derive(sqlx::FromRow, Debug)]
struct Column {
    table_name: String,
    column_name: String,
    not_null: bool,
}

async fn columns(db: &Db) -> BTreeMap<(String, String), bool> {
    let rows: Vec<Column> = match db.backend() {
        gecko_core::db::Backend::Sqlite => db
            .fetch_all(
                "SELECT m.name AS table_name, p.name AS column_name, \
                 (p.\"notnull\" = 1 OR p.pk > 0) AS not_null \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name <> '_sqlx_migrations' AND m.name NOT LIKE '%!_fts%' ESCAPE '!'",
                vec![],
            )
            .await
            .unwrap(),
        gecko_core::db::Backend::Postgres => db
            .fetch_all(
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 (is_nullable = 'NO') AS not_null FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                vec![],
            )
            .await
            .unwrap(),
    };
    rows.into_iter()
        .map(|c| ((c.table_name, c.column_name), c.not_null))
        .collect()
}

#[tokio::test]
async fn both_backends_have_the_same_schema() {
    let sqlite = testing::sqlite().await;
    let Some(pg) = testing::postgres().await else {
        return;
    };
    let a = columns(&sqlite.db).await;
    let b = columns(&pg.db).await;
    let tables: std::collections::BTreeSet<_> = a.keys().map(|(t, _)| t.clone()).collect();
    assert!(
        tables.len() >= 18,
        "expected the 17 design tables plus app_settings: {tables:?}"
    );
    for table in [
        "users",
        "communities",
        "community_users",
        "contents",
        "content_collaborators",
        "content_assignees",
        "publish_records",
        "content_analytics",
        "channel_configs",
        "committees",
        "committee_members",
        "meetings",
        "meeting_assignees",
        "meeting_reminders",
        "meeting_participants",
        "audit_logs",
        "password_reset_tokens",
    ] {
        assert!(tables.contains(table), "missing table {table}");
    }
    assert_eq!(a, b, "SQLite and PostgreSQL schemas differ");
}

#[test]
fn migration_folders_are_in_step() {
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(format!(
            "{}/../../migrations/{dir}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
