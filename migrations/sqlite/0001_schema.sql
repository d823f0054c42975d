-- The 17 tables of the design, for the embedded SQLite file.
-- Times are RFC 3339 UTC text written by the app (never CURRENT_TIMESTAMP, which sorts differently).
-- Booleans are 0/1, JSON is text. Kept in step with ../postgres/0001_schema.sql.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
    email TEXT NOT NULL UNIQUE,
    hashed_password TEXT NOT NULL,
    full_name TEXT NOT NULL DEFAULT '',
    is_active BOOLEAN NOT NULL DEFAULT 1,
    is_superuser BOOLEAN NOT NULL DEFAULT 0,
    is_default_admin BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE communities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    url TEXT,
    logo_url TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    is_active BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE community_users (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
    joined_at TEXT NOT NULL,
    UNIQUE (user_id, community_id)
);
CREATE INDEX ix_community_users_community ON community_users(community_id);

CREATE TABLE contents (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    content_markdown TEXT NOT NULL DEFAULT '',
    content_html TEXT NOT NULL DEFAULT '',
    source_type TEXT NOT NULL DEFAULT 'contribution'
        CHECK (source_type IN ('contribution', 'release_note', 'event_summary')),
    source_file TEXT,
    author TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    category TEXT NOT NULL DEFAULT '',
    cover_image TEXT,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'reviewing', 'approved', 'published')),
    work_status TEXT NOT NULL DEFAULT 'planning'
        CHECK (work_status IN ('planning', 'in_progress', 'completed')),
    scheduled_publish_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_contents_community ON contents(community_id, updated_at);
CREATE INDEX ix_contents_created_by ON contents(created_by_user_id);
CREATE INDEX ix_contents_owner ON contents(owner_id);
CREATE INDEX ix_contents_scheduled ON contents(community_id, scheduled_publish_at);
CREATE INDEX ix_contents_work_status ON contents(work_status);
CREATE INDEX ix_contents_status ON contents(community_id, status);

CREATE TABLE content_collaborators (
    id INTEGER PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    UNIQUE (content_id, user_id)
);
CREATE INDEX ix_content_collaborators_user ON content_collaborators(user_id);

CREATE TABLE content_assignees (
    id INTEGER PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    assigned_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (content_id, user_id)
);
CREATE INDEX ix_content_assignees_user ON content_assignees(user_id);

CREATE TABLE publish_records (
    id INTEGER PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('wechat', 'hugo', 'csdn', 'zhihu')),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'draft', 'published', 'failed')),
    platform_article_id TEXT,
    platform_url TEXT,
    published_at TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_publish_records_community ON publish_records(community_id, created_at);
CREATE INDEX ix_publish_records_content ON publish_records(content_id);

CREATE TABLE content_analytics (
    id INTEGER PRIMARY KEY,
    publish_record_id INTEGER NOT NULL REFERENCES publish_records(id) ON DELETE CASCADE,
    read_count INTEGER NOT NULL DEFAULT 0 CHECK (read_count >= 0),
    like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    share_count INTEGER NOT NULL DEFAULT 0 CHECK (share_count >= 0),
    comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    collected_at TEXT NOT NULL
);
CREATE INDEX ix_content_analytics_record ON content_analytics(publish_record_id);

CREATE TABLE channel_configs (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('wechat', 'hugo', 'csdn', 'zhihu')),
    config TEXT NOT NULL DEFAULT '{}',
    enabled BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (community_id, channel)
);

CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    is_active BOOLEAN NOT NULL DEFAULT 1,
    meeting_frequency TEXT CHECK (meeting_frequency IN ('monthly', 'quarterly', 'yearly')),
    notification_email TEXT,
    notification_wechat TEXT,
    established_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (community_id, slug)
);

CREATE TABLE committee_members (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    wechat TEXT,
    organization TEXT,
    gitcode_id TEXT,
    github_id TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    term_start TEXT,
    term_end TEXT,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    bio TEXT,
    avatar_url TEXT,
    joined_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_committee_members_committee ON committee_members(committee_id);
CREATE INDEX ix_committee_members_email ON committee_members(email);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT,
    scheduled_at TEXT NOT NULL,
    duration INTEGER NOT NULL DEFAULT 120 CHECK (duration > 0),
    location_type TEXT CHECK (location_type IN ('online', 'offline', 'hybrid')),
    location TEXT,
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    work_status TEXT NOT NULL DEFAULT 'planning'
        CHECK (work_status IN ('planning', 'in_progress', 'completed')),
    agenda TEXT,
    minutes TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    reminder_sent BOOLEAN NOT NULL DEFAULT 0,
    reminder_before_hours INTEGER NOT NULL DEFAULT 24 CHECK (reminder_before_hours >= 0),
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_meetings_committee ON meetings(committee_id);
CREATE INDEX ix_meetings_community ON meetings(community_id, scheduled_at);
CREATE INDEX ix_meetings_scheduled ON meetings(scheduled_at);
CREATE INDEX ix_meetings_status ON meetings(status);
CREATE INDEX ix_meetings_work_status ON meetings(work_status);

CREATE TABLE meeting_assignees (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    assigned_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (meeting_id, user_id)
);
CREATE INDEX ix_meeting_assignees_user ON meeting_assignees(user_id);

CREATE TABLE meeting_reminders (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    reminder_type TEXT NOT NULL
        CHECK (reminder_type IN ('preparation', 'one_week', 'three_days', 'one_day', 'two_hours')),
    scheduled_at TEXT NOT NULL,
    sent_at TEXT,
    notification_channels TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'cancelled')),
    error_message TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (meeting_id, reminder_type)
);
CREATE INDEX ix_meeting_reminders_due ON meeting_reminders(scheduled_at, status);

CREATE TABLE meeting_participants (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'committee_import')),
    created_at TEXT NOT NULL,
    UNIQUE (meeting_id, email)
);
CREATE INDEX ix_meeting_participants_email ON meeting_participants(email);

-- user_id is nullable: a failed login for an unknown name has no user, and deleting the
-- default administrator must not erase the trail it left.
CREATE TABLE audit_logs (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    community_id INTEGER REFERENCES communities(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id INTEGER,
    details TEXT NOT NULL DEFAULT '{}',
    ip_address TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_audit_logs_user ON audit_logs(user_id, created_at);
CREATE INDEX ix_audit_logs_community ON audit_logs(community_id, created_at);
CREATE INDEX ix_audit_logs_created ON audit_logs(created_at);

CREATE TABLE password_reset_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_password_reset_tokens_user ON password_reset_tokens(user_id);

-- Small app-wide settings shared by every client of one database (for example the
-- check value of the team's encryption key). Not one of the design's 17 tables.
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Sign-in names and addresses are unique whatever their case.
CREATE UNIQUE INDEX ux_users_username_lower ON users(lower(username));
CREATE UNIQUE INDEX ux_users_email_lower ON users(lower(email));
