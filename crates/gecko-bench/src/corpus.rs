//! The corpus articles that become the generated bodies, found the way the tests find them.

use std::path::PathBuf;

/// `GECKO_CORPUS`, else `shared/corpus` beside the repository, else `/work/shared/corpus`.
pub fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("GECKO_CORPUS") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if beside.exists() {
        return beside;
    }
    PathBuf::from("/work/shared/corpus")
}

/// Every Markdown article of the corpus, by file name, sorted so runs are deterministic.
pub fn markdown_articles() -> Vec<(String, String)> {
    let dir = corpus_dir().join("markdown");
    let mut articles = Vec::new();
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("corpus folder {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "md") {
            let body = std::fs::read_to_string(&path).expect("corpus article is UTF-8");
            articles.push((entry.file_name().to_string_lossy().into_owned(), body));
        }
    }
    articles.sort();
    assert!(
        !articles.is_empty(),
        "no corpus articles in {}",
        dir.display()
    );
    articles
}
