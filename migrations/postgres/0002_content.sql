-- Content list at 12,000 contents (SPEC §11).
-- `search_text` is the title and body lower-cased by the app, so a text search is one
-- substring scan with no per-row lower(). The tag filter uses jsonb containment
-- (`tags @> jsonb_build_array($n)`), served by the GIN index.
ALTER TABLE contents ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- Stored uncompressed: a search reads every row's copy, and decompressing them all took most
-- of the time at 12,000 contents.
ALTER TABLE contents ALTER COLUMN search_text SET STORAGE EXTERNAL;
UPDATE contents SET search_text = lower(title) || chr(10) || lower(content_markdown);
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
CREATE INDEX ix_contents_tags ON contents USING GIN (tags jsonb_path_ops);
