-- Content list at 12,000 contents: sorting by creation time, and the tag filter
-- (`tags @> jsonb_build_array($n)`, jsonb containment).
CREATE INDEX ix_contents_created ON contents(community_id, created_at);
CREATE INDEX ix_contents_tags ON contents USING GIN (tags jsonb_path_ops);
