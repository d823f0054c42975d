//! Restoring: every kind of bad file is refused before anything is replaced, and changes not a
//! byte of the data folder; a good backup replaces the database and media, keeping the old ones
//! aside, and the restore can be undone.

#[path = "safety_common/mod.rs"]
mod common;

use common::{community, integrity_ok, populate_every_table, tree};
use flate2::write::GzEncoder;
use gecko_core::clock::ManualClock;
use gecko_core::db::Db;
use gecko_core::safety::{restore_into, undo_restore, verify_backup, DB_FILE_NAME};
use gecko_core::testing::{self, each_backend, setup_root, sign_in, TestDb};
use gecko_core::{args, Core, CoreConfig, ErrorCode};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The app as the shell runs it: `opengecko.db` and `media/` inside a data folder.
async fn local_app(dir: &Path, clock: &ManualClock) -> Core {
    let db = Db::open_sqlite(&dir.join(DB_FILE_NAME)).await.unwrap();
    let mut config = CoreConfig::new(dir.join("media"));
    config.bcrypt_cost = 4;
    Core::with_clock(db, config, Arc::new(clock.clone()))
}

/// A data folder with a live local database (closed again, as the shell closes it) and media.
async fn local_data(clock: &ManualClock) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let app = local_app(data.path(), clock).await;
    setup_root(&app).await;
    app.create_community(community("Local only", "local-only"))
        .await
        .unwrap();
    std::fs::create_dir_all(data.path().join("media")).unwrap();
    std::fs::write(data.path().join("media/local.png"), b"local image").unwrap();
    app.db().close().await;
    data
}

/// A good backup of the test database, taken by `root`.
async fn good_backup(t: &TestDb, clock: &ManualClock) -> PathBuf {
    let root = t.client(clock);
    setup_root(&root).await;
    populate_every_table(&root, 1).await;
    std::fs::create_dir_all(&root.config().media_dir).unwrap();
    std::fs::write(root.config().media_dir.join("team.png"), b"team image").unwrap();
    let dest = t.dir.path().join("good.tar.gz");
    root.backup_now(dest.clone()).await.unwrap();
    dest
}

fn tar_gz(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut tar = tar::Builder::new(GzEncoder::new(file, flate2::Compression::fast()));
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        // Written raw so that even a `..` name gets into the archive.
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_cksum();
        tar.append(&header, data.as_slice()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

/// The named entries of one of our archives.
fn entries_of(archive: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.header().entry_type().is_file() {
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            out.push((name, data));
        }
    }
    out
}

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries.iter().find(|e| e.0 == name).unwrap().1
}

async fn sqlite_file_of_another_app(path: &Path) -> Vec<u8> {
    let other = Db::open_sqlite(path).await.unwrap();
    other
        .execute(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            args![],
        )
        .await
        .unwrap();
    other
        .execute("INSERT INTO notes (body) VALUES ('hello')", args![])
        .await
        .unwrap();
    other
        .execute("DROP TABLE _sqlx_migrations", args![])
        .await
        .unwrap();
    for t in gecko_core::safety::tables::TABLES.iter().rev() {
        other
            .execute(&format!("DROP TABLE {}", t.name), args![])
            .await
            .unwrap();
    }
    other.close().await;
    std::fs::read(path).unwrap()
}

/// Our archive with its database (and optionally manifest) replaced.
fn rebuilt(dest: &Path, good: &[(String, Vec<u8>)], database: Vec<u8>, manifest: Option<Vec<u8>>) {
    let manifest = manifest.unwrap_or_else(|| entry(good, "manifest.json").to_vec());
    tar_gz(
        dest,
        &[("manifest.json", manifest), ("database.sqlite3", database)],
    );
}

#[tokio::test]
async fn damaged_or_foreign_files_are_refused_and_change_nothing() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let good = good_backup(&t, &clock).await;
        let data = local_data(&clock).await;
        let before = tree(data.path());
        let bad_dir = tempfile::tempdir().unwrap();
        let bad = |name: &str| bad_dir.path().join(name);
        let good_bytes = std::fs::read(&good).unwrap();
        let good_entries = entries_of(&good);
        let good_db = entry(&good_entries, "database.sqlite3").to_vec();
        let manifest: serde_json::Value =
            serde_json::from_slice(entry(&good_entries, "manifest.json")).unwrap();

        // Control: the same rebuilding with nothing altered is accepted, so each refusal below
        // is for the alteration it names.
        rebuilt(&bad("control.tar.gz"), &good_entries, good_db.clone(), None);
        verify_backup(&bad("control.tar.gz")).await.unwrap();

        let mut cases: Vec<(&str, PathBuf)> = Vec::new();
        std::fs::write(bad("truncated.tar.gz"), &good_bytes[..good_bytes.len() / 2]).unwrap();
        cases.push(("truncated archive", bad("truncated.tar.gz")));
        let noise: Vec<u8> = (0..65_536).map(|_| rand::random::<u8>()).collect();
        std::fs::write(bad("noise.tar.gz"), noise).unwrap();
        cases.push(("random bytes", bad("noise.tar.gz")));
        std::fs::write(bad("empty.tar.gz"), b"").unwrap();
        cases.push(("empty file", bad("empty.tar.gz")));
        tar_gz(
            &bad("other.tar.gz"),
            &[("README.md", b"# another project".to_vec())],
        );
        cases.push(("a valid tar.gz of something else", bad("other.tar.gz")));

        let foreign = sqlite_file_of_another_app(&bad("foreign.sqlite")).await;
        rebuilt(&bad("foreign.tar.gz"), &good_entries, foreign, None);
        cases.push(("a SQLite file of another app", bad("foreign.tar.gz")));

        let mut damaged = good_db.clone();
        let middle = damaged.len() / 2;
        damaged[middle..middle + 4096].fill(0xA5);
        rebuilt(&bad("damaged.tar.gz"), &good_entries, damaged, None);
        cases.push((
            "our archive with damaged database pages",
            bad("damaged.tar.gz"),
        ));

        let mut lying = manifest.clone();
        lying["tables"]["users"] = serde_json::json!(999);
        rebuilt(
            &bad("lying.tar.gz"),
            &good_entries,
            good_db.clone(),
            Some(lying.to_string().into()),
        );
        cases.push((
            "a manifest that does not match its database",
            bad("lying.tar.gz"),
        ));

        let mut other_format = manifest.clone();
        other_format["format"] = serde_json::json!("someone-elses-backup");
        let other_format = Some(other_format.to_string().into());
        rebuilt(
            &bad("format.tar.gz"),
            &good_entries,
            good_db.clone(),
            other_format,
        );
        cases.push(("another program's manifest", bad("format.tar.gz")));

        tar_gz(
            &bad("escape.tar.gz"),
            &[
                (
                    "manifest.json",
                    entry(&good_entries, "manifest.json").to_vec(),
                ),
                ("database.sqlite3", good_db.clone()),
                ("media/../../escaped.txt", b"out".to_vec()),
            ],
        );
        cases.push(("an entry climbing out of the folder", bad("escape.tar.gz")));

        for (what, archive) in &cases {
            let err = restore_into(data.path(), archive).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::Validation, "{what}: {err:?}");
            assert_eq!(err.field.as_deref(), Some("archive"), "{what}");
            assert!(err.message.contains("Nothing was changed"), "{what}");
            assert!(verify_backup(archive).await.is_err(), "{what}");
            assert_eq!(tree(data.path()), before, "{what} changed the data folder");
        }
        assert!(!data.path().parent().unwrap().join("escaped.txt").exists());
        let missing = restore_into(data.path(), &bad("missing.tar.gz"))
            .await
            .unwrap_err();
        assert_eq!(missing.code, ErrorCode::NotFound);

        // The local app opens as before.
        let app = local_app(data.path(), &clock).await;
        integrity_ok(app.db()).await;
        sign_in(&app, "root").await;
        assert_eq!(app.list_communities().await.unwrap()[0].slug, "local-only");
    })
    .await;
}

#[tokio::test]
async fn a_backup_from_a_newer_app_is_refused_with_update_the_app() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let good = good_backup(&t, &clock).await;
        let data = local_data(&clock).await;
        let before = tree(data.path());
        let entries = entries_of(&good);
        let work = tempfile::tempdir().unwrap();
        let db_path = work.path().join("future.sqlite3");
        std::fs::write(&db_path, entry(&entries, "database.sqlite3")).unwrap();
        let future = 29_991_231_000_000_i64;
        let db = Db::open_sqlite(&db_path).await.unwrap();
        db.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
             execution_time) VALUES ($1, 'from the future', TRUE, x'00', 0)",
            args![future],
        )
        .await
        .unwrap();
        db.close().await;
        let mut manifest: serde_json::Value =
            serde_json::from_slice(entry(&entries, "manifest.json")).unwrap();
        manifest["schema_version"] = serde_json::json!(future);
        let archive = work.path().join("future.tar.gz");
        rebuilt(
            &archive,
            &entries,
            std::fs::read(&db_path).unwrap(),
            Some(manifest.to_string().into()),
        );

        let err = restore_into(data.path(), &archive).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::AppTooOld, "{err:?}");
        assert_eq!(tree(data.path()), before);
    })
    .await;
}

#[tokio::test]
async fn a_restore_keeps_the_previous_database_aside_and_can_be_undone() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let good = good_backup(&t, &clock).await;
        let data = local_data(&clock).await;
        let before = tree(data.path());

        let outcome = restore_into(data.path(), &good).await.unwrap();
        let tag = outcome.previous_saved_as.clone().unwrap();
        assert!(data.path().join(format!("{DB_FILE_NAME}.{tag}")).exists());
        assert!(data.path().join(format!("media.{tag}/local.png")).exists());
        assert_eq!(
            std::fs::read(data.path().join("media/team.png")).unwrap(),
            b"team image"
        );
        assert!(!data.path().join("media/local.png").exists());
        assert_eq!(
            outcome.check.manifest.tables["communities"], 1,
            "the team backup holds one community"
        );

        // The restored database works: the team's accounts and communities are there.
        let app = local_app(data.path(), &clock).await;
        integrity_ok(app.db()).await;
        sign_in(&app, "root").await;
        let slugs: Vec<_> = app
            .list_communities()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.slug)
            .collect();
        assert_eq!(slugs, vec!["c-0"]);
        let logged: i64 = app
            .db()
            .scalar(
                "SELECT count(*) FROM audit_logs WHERE action = 'restore_database'",
                args![],
            )
            .await
            .unwrap();
        assert_eq!(logged, 1);
        app.db().close().await;

        let undone = undo_restore(data.path()).unwrap();
        let now = tree(data.path());
        let kept: std::collections::BTreeMap<_, _> = now
            .iter()
            .filter(|(name, _)| before.contains_key(*name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(
            kept, before,
            "the previous database and media are back, byte for byte"
        );
        assert!(now.keys().any(|k| k.contains(&undone.restored_saved_as)));
        assert_eq!(
            undo_restore(data.path()).unwrap_err().code,
            ErrorCode::NotFound
        );

        let app = local_app(data.path(), &clock).await;
        sign_in(&app, "root").await;
        assert_eq!(app.list_communities().await.unwrap()[0].slug, "local-only");
    })
    .await;
}
