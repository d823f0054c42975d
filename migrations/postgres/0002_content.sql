-- Content list at 12,000 contents (SPEC §11).
-- Text search reads `content_search.search_text`: title and body lower-cased by the app, so a
-- search is one substring scan with no per-row lower(). Kept in step with SQLite, where a
-- separate table spares walking the body's overflow pages.
CREATE TABLE content_search (
    content_id BIGINT PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    search_text TEXT NOT NULL
);
CREATE INDEX ix_content_search_community ON content_search(community_id);
INSERT INTO content_search (content_id, community_id, search_text)
    SELECT id, community_id, lower(title) || chr(10) || lower(content_markdown) FROM contents;
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
-- The tag filter (`tags @> jsonb_build_array($n)`, jsonb containment).
CREATE INDEX ix_contents_tags ON contents USING GIN (tags jsonb_path_ops);
