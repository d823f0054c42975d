-- PostgreSQL keeps large bodies out of line (TOAST), so reading a row's metadata stays cheap and
-- the wide covering index SQLite needs (see the SQLite migration of the same number) is not
-- created here. The analytics groupings and the workload overview still gain index-only scans.
DROP INDEX ix_contents_created;
CREATE INDEX ix_contents_created ON contents(community_id, created_at, author, category);
DROP INDEX ix_contents_work_status;
CREATE INDEX ix_contents_work_status ON contents(work_status, source_type);
-- Analytics and the overview count publish attempts per channel and status, and published
-- records by the time they were published: both answered from these indexes alone.
DROP INDEX ix_publish_records_community;
CREATE INDEX ix_publish_records_community ON publish_records(community_id, created_at, channel,
    status);
DROP INDEX ix_publish_records_published;
CREATE INDEX ix_publish_records_published ON publish_records(community_id, published_at)
    WHERE status = 'published';
-- Text search reads only the current community's rows (ix_content_search_community) and
-- matches them with LIKE. The trigram index from 0002 made the planner, which cannot estimate
-- how common a word is in long texts, recheck every community's matching rows: 0.3 s for a
-- common word at SPEC §11 size, against 60 ms for the community's scan. A needle under three
-- characters (most Chinese words) could never use it anyway.
DROP INDEX IF EXISTS ix_content_search_trgm;
