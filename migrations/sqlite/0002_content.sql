-- Content list at 12,000 contents: sorting by creation time.
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
