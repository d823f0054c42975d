//! Moving data between a local SQLite file and a team PostgreSQL server: every row of every
//! table survives the round trip, ids and identity sequences are right, and a copy that fails
//! part way leaves the target empty and the source untouched.

#[path = "safety_common/mod.rs"]
mod common;

use common::{counts, dump, populate_every_table};
use gecko_core::args;
use gecko_core::db::{Backend, Db};
use gecko_core::safety::tables::{self, TABLES};
use gecko_core::safety::{copy_database, pg_dump_command};
use gecko_core::testing::{self, each_backend, setup_root, sign_in, TestDb};
use gecko_core::ErrorCode;

/// An empty target of the other kind: a fresh PostgreSQL schema, or a new SQLite file.
async fn other_backend(t: &TestDb, name: &str) -> Option<(Db, Option<TestDb>)> {
    match t.backend() {
        Backend::Sqlite => {
            let pg = testing::postgres().await?;
            Some((pg.db.clone(), Some(pg)))
        }
        Backend::Postgres => {
            let db = Db::open_sqlite(&t.dir.path().join(name)).await.unwrap();
            Some((db, None))
        }
    }
}

async fn add_failing_trigger(db: &Db) {
    match db.backend() {
        Backend::Sqlite => db
            .execute(
                "CREATE TRIGGER forced_failure BEFORE INSERT ON audit_logs \
                 BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                args![],
            )
            .await
            .unwrap(),
        Backend::Postgres => {
            db.execute(
                "CREATE FUNCTION forced_failure() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$",
                args![],
            )
            .await
            .unwrap();
            db.execute(
                "CREATE TRIGGER forced_failure BEFORE INSERT ON audit_logs \
                 FOR EACH ROW EXECUTE FUNCTION forced_failure()",
                args![],
            )
            .await
            .unwrap()
        }
    };
}

async fn drop_failing_trigger(db: &Db) {
    let sql = match db.backend() {
        Backend::Sqlite => "DROP TRIGGER forced_failure",
        Backend::Postgres => "DROP TRIGGER forced_failure ON audit_logs",
    };
    db.execute(sql, args![]).await.unwrap();
}

fn all_zero(c: &std::collections::BTreeMap<String, i64>) -> bool {
    c.values().all(|n| *n == 0)
}

#[tokio::test]
async fn the_copy_list_matches_the_schema_on_both_backends() {
    each_backend(|t| async move {
        let t = t; // the whole TestDb: its temp folder must outlive the pool
        let live = tables::live_columns(&t.db).await.unwrap();
        assert_eq!(live, tables::known_columns());
        assert_eq!(TABLES.len(), 22);
    })
    .await;
}

#[tokio::test]
async fn every_row_of_every_table_survives_a_round_trip_between_backends() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        populate_every_table(&root, 3).await;
        let source_counts = counts(&t.db).await;
        assert!(source_counts.values().all(|n| *n > 0), "{source_counts:?}");
        let source = dump(&t.db).await;

        let Some((middle, _pg)) = other_backend(&t, "middle.db").await else {
            return;
        };
        let report = copy_database(&t.db, &middle).await.unwrap();
        assert_eq!(report.tables.len(), tables::TABLES.len());
        for tc in &report.tables {
            assert_eq!(source_counts[&tc.table], tc.rows, "{}", tc.table);
        }
        assert_eq!(dump(&middle).await, source, "first hop differs");

        // Back to the starting kind of database, in a new place.
        let back = match t.backend() {
            Backend::Sqlite => Db::open_sqlite(&t.dir.path().join("back.db"))
                .await
                .unwrap(),
            Backend::Postgres => testing::postgres().await.unwrap().db,
        };
        copy_database(&middle, &back).await.unwrap();
        assert_eq!(dump(&back).await, source, "second hop differs");

        // Independent of the typed reader: on SQLite the raw stored text is identical.
        if t.backend() == Backend::Sqlite {
            for table in TABLES {
                let cols: Vec<String> = table
                    .columns
                    .iter()
                    .map(|c| format!("quote({})", c.0))
                    .collect();
                let sql = format!(
                    "SELECT {} FROM {} ORDER BY {}",
                    cols.join(" || '|' || "),
                    table.name,
                    table.key
                );
                let a: Vec<(String,)> = t.db.fetch_all(&sql, args![]).await.unwrap();
                let b: Vec<(String,)> = back.fetch_all(&sql, args![]).await.unwrap();
                assert_eq!(a, b, "raw rows of {}", table.name);
            }
        }

        // Ids were kept and identities moved past them: new rows go on working everywhere.
        for db in [&middle, &back] {
            let max: i64 = db
                .scalar("SELECT max(id) FROM users", args![])
                .await
                .unwrap();
            let id: i64 = db
                .scalar(
                    "INSERT INTO users (username, email, hashed_password, created_at, \
                     updated_at) VALUES ('fresh', 'fresh@example.org', 'x', $1, $1) RETURNING id",
                    args![clock_now()],
                )
                .await
                .unwrap();
            assert!(id > max, "new id {id} not past {max}");
        }
        // And the copied accounts sign in.
        let moved = gecko_core::Core::new(middle.clone(), t.client(&clock).config().clone());
        sign_in(&moved, "root").await;
        assert_eq!(moved.list_communities().await.unwrap().len(), 3);
    })
    .await;
}

fn clock_now() -> chrono::DateTime<chrono::Utc> {
    use gecko_core::clock::Clock;
    testing::test_clock().now()
}

#[tokio::test]
async fn a_copy_that_fails_part_way_leaves_the_target_empty_and_the_source_untouched() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        populate_every_table(&root, 2).await;
        let before = dump(&t.db).await;

        let Some((target, _pg)) = other_backend(&t, "target.db").await else {
            return;
        };
        // audit_logs comes 20th of 22: users, communities, contents... are already inserted.
        add_failing_trigger(&target).await;
        let err = copy_database(&t.db, &target).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal, "{err:?}");
        assert!(all_zero(&counts(&target).await), "target not left empty");
        assert_eq!(dump(&t.db).await, before, "source changed");

        // The same target takes the copy once the cause is gone.
        drop_failing_trigger(&target).await;
        copy_database(&t.db, &target).await.unwrap();
        assert_eq!(dump(&target).await, before);

        // A target that already holds data is refused before anything is written.
        let err = copy_database(&t.db, &target).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert_eq!(dump(&target).await, before);
    })
    .await;
}

#[tokio::test]
async fn unreadable_stored_json_stops_the_move_and_names_the_row() {
    each_backend(|t| async move {
        if t.backend() != Backend::Sqlite {
            return; // jsonb cannot hold bad JSON: this trap exists only in SQLite files.
        }
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        populate_every_table(&root, 1).await;
        let bad: i64 =
            t.db.scalar("SELECT max(id) FROM audit_logs", args![])
                .await
                .unwrap();
        t.db.execute(
            "UPDATE audit_logs SET details = '{not json' WHERE id = $1",
            args![bad],
        )
        .await
        .unwrap();
        let Some(pg) = testing::postgres().await else {
            return;
        };
        let err = copy_database(&t.db, &pg.db).await.unwrap_err();
        assert!(err.message.contains("audit_logs"), "{}", err.message);
        assert!(err.message.contains(&bad.to_string()), "{}", err.message);
        assert!(all_zero(&counts(&pg.db).await));
    })
    .await;
}

#[tokio::test]
async fn move_commands_are_for_superusers_and_copy_to_a_new_file() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        common::add_user(&root, "bob").await;
        let bob = t.client(&clock);
        sign_in(&bob, "bob").await;
        let nobody = t.client(&clock);
        let file = t.dir.path().join("copy.db");

        for (who, code) in [
            (&bob, ErrorCode::Forbidden),
            (&nobody, ErrorCode::Unauthenticated),
        ] {
            let err = who.copy_to_local_file(file.clone()).await.unwrap_err();
            assert_eq!(err.code, code);
            let err = who
                .move_to_postgres("postgres://x@127.0.0.1/x".into())
                .await
                .unwrap_err();
            assert_eq!(err.code, code);
            assert_eq!(who.team_backup_command().await.unwrap_err().code, code);
        }
        assert!(!file.exists());

        let report = root.copy_to_local_file(file.clone()).await.unwrap();
        assert_eq!(
            report
                .tables
                .iter()
                .find(|c| c.table == "users")
                .unwrap()
                .rows,
            2
        );
        let copy = Db::open_sqlite(&file).await.unwrap();
        assert_eq!(counts(&copy).await["community_users"], 0);
        copy.close().await;
        // An existing file is never overwritten.
        let err = root.copy_to_local_file(file.clone()).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);

        match t.backend() {
            Backend::Sqlite => {
                assert_eq!(
                    root.team_backup_command().await.unwrap_err().code,
                    ErrorCode::Validation
                );
                let Ok(url) = std::env::var("GECKO_TEST_PG_URL") else {
                    return;
                };
                // The test database's public schema is shared: moving into it must refuse
                // or succeed cleanly, never half-write. Use a fresh schema through the URL.
                let pg = testing::postgres().await.unwrap();
                let schema: String = pg
                    .db
                    .scalar("SELECT current_schema()::text", args![])
                    .await
                    .unwrap();
                let sep = if url.contains('?') { '&' } else { '?' };
                let target_url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
                let report = root.move_to_postgres(target_url).await.unwrap();
                assert!(report.total_rows > 0);
                assert_eq!(counts(&pg.db).await["users"], 2);
                let moved: i64 = pg
                    .db
                    .scalar(
                        "SELECT count(*) FROM audit_logs WHERE action = 'move_database'",
                        args![],
                    )
                    .await
                    .unwrap();
                assert_eq!(moved, 1);
            }
            Backend::Postgres => {
                let cmd = root.team_backup_command().await.unwrap();
                assert_eq!(cmd.program, "pg_dump");
                assert!(cmd.args.iter().any(|a| a == "--format=custom"));
                assert!(cmd.environment.iter().any(|e| e.starts_with("PGPASSWORD=")));
            }
        }
    })
    .await;
}

#[test]
fn the_pg_dump_line_never_carries_the_password() {
    let now = testing::test_clock();
    let now = gecko_core::clock::Clock::now(&now);
    let cmd = pg_dump_command(
        "postgres://gecko:s3cr3t@db.example.org:5433/team?sslmode=require",
        now,
    )
    .unwrap();
    let all = serde_json::to_string(&cmd).unwrap();
    assert!(!all.contains("s3cr3t"), "{all}");
    assert_eq!(
        cmd.command_line,
        "pg_dump --host=db.example.org --port=5433 --username=gecko --format=custom \
         --file=opengecko-20260301.dump team"
    );
    assert!(cmd.environment.contains(&"PGSSLMODE=require".to_string()));
    let err = pg_dump_command("mysql://x", now).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
}

/// A database of another program, reached without migrating it.
async fn foreign_database(t: &TestDb) -> Option<Db> {
    let db = match t.backend() {
        Backend::Postgres => {
            let path = t.dir.path().join("foreign.db");
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true);
            Db::Sqlite(sqlx::SqlitePool::connect_with(options).await.unwrap())
        }
        Backend::Sqlite => {
            let url = std::env::var("GECKO_TEST_PG_URL").ok()?;
            let base: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
            let schema = format!("foreign_{}", rand::random::<u32>());
            let admin = Db::connect_postgres(base.clone()).await.unwrap();
            admin
                .execute(&format!("CREATE SCHEMA {schema}"), args![])
                .await
                .unwrap();
            admin.close().await;
            Db::connect_postgres(base.options([("search_path", schema.as_str())]))
                .await
                .unwrap()
        }
    };
    db.execute(
        "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT)",
        args![],
    )
    .await
    .unwrap();
    Some(db)
}

#[tokio::test]
async fn another_programs_database_is_refused_and_not_migrated() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let Some(foreign) = foreign_database(&t).await else {
            return;
        };
        let err = copy_database(&t.db, &foreign).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert!(err.message.contains("another program"), "{}", err.message);
        let live = tables::live_columns(&foreign).await.unwrap();
        let tables: std::collections::BTreeSet<_> = live.into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            tables.into_iter().collect::<Vec<_>>(),
            vec!["notes".to_string()]
        );
    })
    .await;
}
