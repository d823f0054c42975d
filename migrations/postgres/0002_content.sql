-- Content list at 12,000 contents (SPEC §11).
-- Text search reads `content_search.search_text`: title and body lower-cased by the app, so a
-- search is one substring scan with no per-row lower(). Kept in step with SQLite, where a
-- separate table spares walking the body's overflow pages.
CREATE TABLE content_search (
    content_id BIGINT PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    search_text TEXT NOT NULL
);
-- Kept in the table (compressed) rather than out of line: with the text in TOAST the planner
-- thinks a scan is nearly free and never picks the trigram index below.
ALTER TABLE content_search ALTER COLUMN search_text SET STORAGE MAIN;
CREATE INDEX ix_content_search_community ON content_search(community_id);
INSERT INTO content_search (content_id, community_id, search_text)
    SELECT id, community_id, lower(title) || chr(10) || lower(content_markdown) FROM contents;
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
-- The tag filter (`tags @> jsonb_build_array($n)`, jsonb containment).
CREATE INDEX ix_contents_tags ON contents USING GIN (tags jsonb_path_ops);
-- A trigram index makes a search of 3+ characters an index lookup, as FTS5 does on SQLite.
-- pg_trgm ships with PostgreSQL and is a trusted extension, but a team database may still
-- refuse it (no CREATE right): then the index is skipped and a search scans, still correct.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm unavailable (%); content search will scan', SQLERRM;
END $$;
DO $$
DECLARE
    trgm_schema text;
BEGIN
    SELECT n.nspname INTO trgm_schema FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format(
            'CREATE INDEX ix_content_search_trgm ON content_search USING GIN (search_text %I.gin_trgm_ops)',
            trgm_schema);
    END IF;
END $$;
