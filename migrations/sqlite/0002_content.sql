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
-- A trigram index over the search text: a search of 3 or more characters is an index lookup
-- instead of a scan. Kept in step with `content_search` by triggers (foreign-key cascades fire
-- them too). PostgreSQL has no such index without an extension; there a search scans.
CREATE VIRTUAL TABLE content_search_fts USING fts5(
    search_text, content = 'content_search', content_rowid = 'content_id', tokenize = 'trigram'
);
INSERT INTO content_search_fts (content_search_fts) VALUES ('rebuild');
CREATE TRIGGER content_search_fts_insert AFTER INSERT ON content_search BEGIN
    INSERT INTO content_search_fts (rowid, search_text) VALUES (new.content_id, new.search_text);
END;
CREATE TRIGGER content_search_fts_delete AFTER DELETE ON content_search BEGIN
    INSERT INTO content_search_fts (content_search_fts, rowid, search_text)
        VALUES ('delete', old.content_id, old.search_text);
END;
CREATE TRIGGER content_search_fts_update AFTER UPDATE ON content_search BEGIN
    INSERT INTO content_search_fts (content_search_fts, rowid, search_text)
        VALUES ('delete', old.content_id, old.search_text);
    INSERT INTO content_search_fts (rowid, search_text) VALUES (new.content_id, new.search_text);
END;
