//! Backups: on demand and scheduled, taken while the app keeps writing, on both backends; what
//! they hold restores to the same rows and media; failures are recorded, not hidden.

#[path = "safety_common/mod.rs"]
mod common;

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use common::{
    add_user, assert_communities_whole, community, counts, dump, integrity_ok, populate_every_table,
};
use gecko_core::db::Db;
use gecko_core::safety::{
    app_schema_version, backup_due, list_backups, restore_into, BackupSettings, DB_FILE_NAME,
};
use gecko_core::testing::{self, each_backend, setup_root, sign_in};
use gecko_core::{args, Core, ErrorCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn write_media(core: &Core) {
    let media = &core.config().media_dir;
    std::fs::create_dir_all(media.join("images")).unwrap();
    std::fs::create_dir_all(media.join("covers/2026")).unwrap();
    std::fs::write(
        media.join("images/a.png"),
        [0x89, b'P', b'N', b'G', 0, 1, 2, 3],
    )
    .unwrap();
    std::fs::write(media.join("covers/2026/封面.jpg"), vec![7u8; 100_000]).unwrap();
}

#[tokio::test]
async fn backup_now_holds_every_row_and_media_file_and_restores_them() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        populate_every_table(&root, 2).await;
        write_media(&root);
        let before = dump(&t.db).await;
        let before_counts = counts(&t.db).await;

        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("manual.tar.gz");
        let info = root.backup_now(dest.clone()).await.unwrap();
        assert!(info.ok && info.size > 0);
        let manifest = info.manifest.clone().unwrap();
        assert_eq!(manifest.schema_version, app_schema_version());
        assert_eq!(manifest.source_backend, t.backend());
        assert_eq!(manifest.created_at, root.now());
        assert_eq!(manifest.tables, before_counts);
        assert_eq!(manifest.media_files, 2);
        // No scratch folder or partial file is left beside it.
        let names: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);

        let logged: i64 =
            t.db.scalar(
                "SELECT count(*) FROM audit_logs WHERE action = 'backup_database'",
                args![],
            )
            .await
            .unwrap();
        assert_eq!(logged, 1);
        let status = root.get_backup_settings().await.unwrap();
        let last = status.last_result.unwrap();
        assert!(last.ok && last.file.as_deref() == Some("manual.tar.gz"));

        // Restore into an empty data folder: the same rows, the same media bytes.
        let data = tempfile::tempdir().unwrap();
        let outcome = restore_into(data.path(), &dest).await.unwrap();
        assert_eq!(outcome.previous_saved_as, None);
        let restored = Db::open_sqlite(&data.path().join(DB_FILE_NAME))
            .await
            .unwrap();
        integrity_ok(&restored).await;
        let mut after = dump(&restored).await;
        let audit = after.remove("audit_logs").unwrap();
        let mut expected = before.clone();
        let expected_audit = expected.remove("audit_logs").unwrap();
        assert_eq!(after, expected);
        assert_eq!(&audit[..expected_audit.len()], &expected_audit[..]);
        assert_eq!(
            audit.len(),
            expected_audit.len() + 1,
            "one restore_database entry"
        );
        let media = &root.config().media_dir;
        assert_eq!(
            common::tree(&data.path().join("media")),
            common::tree(media),
            "media differs"
        );
        restored.close().await;
    })
    .await;
}

#[tokio::test]
async fn backup_commands_check_who_asks_and_where_it_goes() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        add_user(&root, "bob").await;
        let bob = t.client(&clock);
        sign_in(&bob, "bob").await;
        let nobody = t.client(&clock);
        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("b.tar.gz");

        for (who, code) in [
            (&bob, ErrorCode::Forbidden),
            (&nobody, ErrorCode::Unauthenticated),
        ] {
            assert_eq!(who.backup_now(dest.clone()).await.unwrap_err().code, code);
            assert_eq!(
                who.list_backups(out.path().into()).await.unwrap_err().code,
                code
            );
            assert_eq!(who.check_backup(dest.clone()).await.unwrap_err().code, code);
            assert_eq!(who.get_backup_settings().await.unwrap_err().code, code);
            let err = who
                .set_backup_settings(BackupSettings::default())
                .await
                .unwrap_err();
            assert_eq!(err.code, code);
        }
        assert!(!dest.exists());

        let err = root.backup_now(out.path().join("b.zip")).await.unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Validation, Some("dest"))
        );
        let err = root
            .backup_now(out.path().join("no/such/b.tar.gz"))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

        root.backup_now(dest.clone()).await.unwrap();
        let check = root.check_backup(dest.clone()).await.unwrap();
        assert_eq!(check.migrations_applied, 0);
        assert_eq!(root.list_backups(out.path().into()).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_heavy_writing_restores_to_a_consistent_state() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let writer = t.client(&clock);
        sign_in(&writer, "root").await;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = tokio::spawn(async move {
            let mut i = 0;
            while !flag.load(Ordering::Relaxed) {
                writer
                    .create_community(community(&format!("w{i}"), &format!("w-{i}")))
                    .await
                    .unwrap();
                i += 1;
            }
            i
        });
        while counts(&t.db).await["communities"] < 10 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }

        let out = tempfile::tempdir().unwrap();
        let mut archives = Vec::new();
        for n in 0..3 {
            let dest = out.path().join(format!("busy-{n}.tar.gz"));
            let info = root.backup_now(dest.clone()).await.unwrap();
            archives.push((dest, info.manifest.unwrap()));
        }
        stop.store(true, Ordering::Relaxed);
        let written = handle.await.unwrap();
        let final_count = counts(&t.db).await["communities"];
        assert_eq!(final_count, written);
        eprintln!("writer committed {written} communities during 3 backups");

        for (dest, manifest) in archives {
            let in_backup = manifest.tables["communities"];
            assert!(in_backup >= 10 && in_backup <= final_count);
            let data = tempfile::tempdir().unwrap();
            restore_into(data.path(), &dest).await.unwrap();
            let restored = Db::open_sqlite(&data.path().join(DB_FILE_NAME))
                .await
                .unwrap();
            integrity_ok(&restored).await;
            assert_communities_whole(&restored).await;
            let mut got = counts(&restored).await;
            *got.get_mut("audit_logs").unwrap() -= 1; // the restore's own entry
            assert_eq!(got, manifest.tables);
            restored.close().await;
        }
        assert!(written > 10, "the writer kept writing during the backups");
    })
    .await;
}

#[tokio::test]
async fn scheduled_backups_are_dated_listed_and_pruned_and_failures_are_recorded() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let dir = tempfile::tempdir().unwrap();
        let now = root.now();
        let old = dir.path().join("opengecko-backup-20260101-030000.tar.gz");
        let recent = dir.path().join("opengecko-backup-20260220-030000.tar.gz");
        let mine = dir.path().join("my-own-archive.tar.gz");
        for f in [&old, &recent, &mine] {
            std::fs::write(f, b"not really an archive").unwrap();
        }

        let done = root
            .run_scheduled_backup(dir.path(), 30, now)
            .await
            .unwrap();
        assert_eq!(
            done.backup.file_name,
            "opengecko-backup-20260301-090000.tar.gz"
        );
        assert_eq!(done.pruned, vec!["opengecko-backup-20260101-030000.tar.gz"]);
        assert!(!old.exists() && recent.exists() && mine.exists());

        let listed = list_backups(dir.path()).unwrap();
        let names: Vec<_> = listed
            .iter()
            .map(|b| (b.file_name.as_str(), b.ok))
            .collect();
        assert_eq!(listed.len(), 3);
        assert!(names.contains(&("opengecko-backup-20260301-090000.tar.gz", true)));
        assert!(names.contains(&("opengecko-backup-20260220-030000.tar.gz", false)));
        assert!(names.contains(&("my-own-archive.tar.gz", false)));
        assert!(listed.iter().filter(|b| !b.ok).all(|b| b.problem.is_some()));
        let status = root.backup_schedule().await.unwrap();
        assert!(status.last_result.as_ref().unwrap().ok);

        // A failure: the dated name is taken by a folder. Recorded, and nothing is pruned.
        let later = now + Duration::days(40);
        std::fs::create_dir(dir.path().join("opengecko-backup-20260410-090000.tar.gz")).unwrap();
        let err = root
            .run_scheduled_backup(dir.path(), 30, later)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Io);
        assert!(recent.exists(), "nothing pruned after a failed backup");
        let last = root.backup_schedule().await.unwrap().last_result.unwrap();
        assert!(!last.ok);
        assert_eq!(last.at, later);
        assert_eq!(last.error.as_deref(), Some(err.message.as_str()));
        assert!(last.error_zh.is_some());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty());

        let err = root
            .run_scheduled_backup(dir.path(), 0, now)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
    })
    .await;
}

#[tokio::test]
async fn backup_settings_are_validated_stored_and_audited() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let root = t.client(&clock);
        setup_root(&root).await;
        let status = root.get_backup_settings().await.unwrap();
        assert_eq!(status.settings, BackupSettings::default());
        assert_eq!(status.last_result, None);

        let wanted = BackupSettings {
            enabled: false,
            daily_time: "1:30".into(),
            keep_days: 7,
        };
        let saved = root.set_backup_settings(wanted).await.unwrap().settings;
        assert_eq!(saved.daily_time, "01:30");
        assert_eq!(root.backup_schedule().await.unwrap().settings, saved);

        for bad in [
            BackupSettings {
                daily_time: "25:00".into(),
                ..saved.clone()
            },
            BackupSettings {
                daily_time: "noon".into(),
                ..saved.clone()
            },
            BackupSettings {
                keep_days: 0,
                ..saved.clone()
            },
        ] {
            let err = root.set_backup_settings(bad).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::Validation);
        }
        assert_eq!(root.get_backup_settings().await.unwrap().settings, saved);
        let audited: i64 =
            t.db.scalar(
                "SELECT count(*) FROM audit_logs WHERE action = 'update_backup_settings'",
                args![],
            )
            .await
            .unwrap();
        assert_eq!(audited, 1);
    })
    .await;
}

#[test]
fn the_daily_backup_is_due_once_its_time_has_passed() {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let settings = BackupSettings::default(); // 03:00 local
    let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 3, d, h, m, 0).unwrap();
    // 02:59 Beijing on the 2nd = 18:59 UTC on the 1st; 03:00 Beijing = 19:00 UTC.
    let yesterday_run = Some(at(1, 19, 5));
    assert!(!backup_due(
        &settings,
        yesterday_run,
        at(2, 18, 59),
        beijing
    ));
    assert!(backup_due(&settings, yesterday_run, at(2, 19, 0), beijing));
    assert!(!backup_due(
        &settings,
        Some(at(2, 19, 1)),
        at(2, 23, 0),
        beijing
    ));
    assert!(
        backup_due(&settings, None, at(2, 10, 0), beijing),
        "never backed up: due now"
    );
    let off = BackupSettings {
        enabled: false,
        ..settings
    };
    assert!(!backup_due(&off, None, at(2, 10, 0), beijing));
}

#[tokio::test]
async fn the_background_tick_backs_up_once_per_day_at_the_set_time() {
    each_backend(|t| async move {
        let clock = testing::test_clock(); // 2026-03-01 09:00 UTC
        let root = t.client(&clock);
        setup_root(&root).await;
        let utc = FixedOffset::east_opt(0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let settings = BackupSettings {
            enabled: true,
            daily_time: "10:00".into(),
            keep_days: 30,
        };
        root.set_backup_settings(settings.clone()).await.unwrap();
        let now = root.now();

        // Never backed up: the first tick backs up at once, the next ones wait for 10:00.
        let first = root
            .scheduled_backup_tick(dir.path(), now, utc)
            .await
            .unwrap();
        assert!(first.is_some());
        let later = now + Duration::minutes(30);
        assert!(root
            .scheduled_backup_tick(dir.path(), later, utc)
            .await
            .unwrap()
            .is_none());
        let at_ten = now + Duration::hours(1);
        let second = root
            .scheduled_backup_tick(dir.path(), at_ten, utc)
            .await
            .unwrap();
        assert_eq!(
            second.unwrap().backup.file_name,
            "opengecko-backup-20260301-100000.tar.gz"
        );
        assert_eq!(list_backups(dir.path()).unwrap().len(), 2);

        let off = BackupSettings {
            enabled: false,
            ..settings
        };
        root.set_backup_settings(off).await.unwrap();
        let next_day = now + Duration::days(1);
        assert!(root
            .scheduled_backup_tick(dir.path(), next_day, utc)
            .await
            .unwrap()
            .is_none());
    })
    .await;
}
