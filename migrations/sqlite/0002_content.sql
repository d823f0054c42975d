-- Content list at 12,000 contents (SPEC §11).
-- Text search reads `content_search.search_text`: title and body lower-cased by the app
-- (Unicode-aware, unlike SQLite's ASCII-only lower()), so a search is one substring scan with
-- no per-row lower(). It lives in its own table because SQLite reaches a row's last column only
-- by walking the overflow pages of the body and HTML before it.
CREATE TABLE content_search (
    content_id INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    search_text TEXT NOT NULL
);
CREATE INDEX ix_content_search_community ON content_search(community_id);
INSERT INTO content_search (content_id, community_id, search_text)
    SELECT id, community_id, lower(title) || char(10) || lower(content_markdown) FROM contents;
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
