-- Dashboards and the audit log at SPEC §11 size (120,000 audit entries, 48,000 publish records).
-- The audit log pages by keyset on (created_at, id), newest first: each filter's index ends in
-- (created_at, id) so a page is an index range walk, never a sort of the whole log.
CREATE INDEX ix_audit_logs_community_keyset ON audit_logs(community_id, created_at, id);
CREATE INDEX ix_audit_logs_keyset ON audit_logs(created_at, id);
CREATE INDEX ix_audit_logs_user_keyset ON audit_logs(user_id, created_at, id);
DROP INDEX ix_audit_logs_community;
DROP INDEX ix_audit_logs_created;
DROP INDEX ix_audit_logs_user;
-- Publication trends count published records by the time they were published.
CREATE INDEX ix_publish_records_published ON publish_records(community_id, published_at);
