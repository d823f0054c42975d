//! What the tests read besides the window: the app's own database, to check what the UI did,
//! and the shared test corpus (real documents and images too large for the repository).

use std::path::{Path, PathBuf};

/// Opens the app's SQLite database read-side through the core, to check what the UI did.
pub async fn open_db(data_dir: &Path) -> gecko_core::db::Db {
    gecko_core::db::Db::open_sqlite(&data_dir.join("opengecko.db"))
        .await
        .expect("open app database")
}

/// The shared test corpus: `GECKO_CORPUS`, else `shared/corpus` beside the repository (as CI
/// lays it out), else the workplace's copy.
pub fn corpus_file(relative: &str) -> PathBuf {
    let candidates = [
        std::env::var("GECKO_CORPUS").ok().map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    let dir = candidates
        .into_iter()
        .flatten()
        .find(|d| d.join(relative).exists())
        .unwrap_or_else(|| panic!("corpus file {relative} not found; set GECKO_CORPUS"));
    dir.join(relative)
}
