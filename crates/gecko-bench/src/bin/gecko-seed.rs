//! Fills a database with five years of generated data.
//!
//! `gecko-seed sqlite <file>` or `gecko-seed postgres <url>`; options `--seed N` (default 42)
//! and `--scale D` (D times smaller; default 1 = SPEC §11's full volume). The database must be
//! empty; it is created and migrated if needed.

use chrono::{TimeZone, Utc};
use gecko_bench::{seed, Volume};
use gecko_core::db::Db;
use std::time::Instant;

fn usage() -> ! {
    eprintln!("usage: gecko-seed (sqlite <file> | postgres <url>) [--seed N] [--scale D]");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, target) = match (args.first(), args.get(1)) {
        (Some(k), Some(t)) => (k.as_str(), t.as_str()),
        _ => usage(),
    };
    let option = |name: &str, default: i64| -> i64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse().unwrap_or_else(|_| usage()))
            .unwrap_or(default)
    };
    let seed_value = option("--seed", 42) as u64;
    let volume = match option("--scale", 1) {
        1 => Volume::spec(),
        d if d > 1 => Volume::scaled(d),
        _ => usage(),
    };
    let db = match kind {
        "sqlite" => Db::open_sqlite(std::path::Path::new(target)).await,
        "postgres" => Db::open_postgres(target).await,
        _ => usage(),
    }
    .unwrap_or_else(|e| {
        eprintln!("cannot open the database: {}", e.message);
        std::process::exit(1)
    });
    // A fixed "now" keeps runs identical.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let started = Instant::now();
    match seed(&db, volume, seed_value, now).await {
        Ok(report) => {
            for (table, rows) in report.rows {
                println!("{table:>22} {rows:>8}");
            }
            println!("seeded in {:.1} s", started.elapsed().as_secs_f64());
            // Closing checkpoints SQLite's write-ahead log into the file, so the file alone
            // holds the data (the start-up benchmark copies just the file).
            db.close().await;
        }
        Err(e) => {
            eprintln!("seeding failed, nothing was written: {}", e.message);
            std::process::exit(1)
        }
    }
}
