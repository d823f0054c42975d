-- Content list at 12,000 contents (SPEC §11).
-- `search_text` is the title and body lower-cased by the app (Unicode-aware, unlike SQLite's
-- ASCII-only lower()), so a text search is one substring scan with no per-row lower().
ALTER TABLE contents ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE contents SET search_text = lower(title) || char(10) || lower(content_markdown);
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
