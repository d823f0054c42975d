-- A content row carries its Markdown and HTML bodies (often tens of kilobytes) before the
-- metadata columns, so on SQLite reading status, category or author from the row walks the
-- body's overflow pages. At SPEC §11 size that made every filtered count, the workload overview
-- and the analytics groupings read most of the file. These indexes hold the metadata the lists,
-- counts and dashboards read, so those queries are answered from the index alone.
CREATE INDEX ix_contents_summary ON contents(community_id, updated_at, status, work_status,
    category, source_type, author, owner_id, created_at, scheduled_publish_at, title, tags,
    cover_image, version);
DROP INDEX ix_contents_created;
CREATE INDEX ix_contents_created ON contents(community_id, created_at, author, category);
DROP INDEX ix_contents_work_status;
CREATE INDEX ix_contents_work_status ON contents(work_status, source_type);
-- The summary index starts with (community_id, updated_at): the older index is its prefix.
DROP INDEX ix_contents_community;
-- Analytics and the overview count publish attempts per channel and status, and published
-- records by the time they were published: both answered from these indexes alone.
DROP INDEX ix_publish_records_community;
CREATE INDEX ix_publish_records_community ON publish_records(community_id, created_at, channel,
    status);
DROP INDEX ix_publish_records_published;
CREATE INDEX ix_publish_records_published ON publish_records(community_id, published_at)
    WHERE status = 'published';
