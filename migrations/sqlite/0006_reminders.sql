-- Reminders that really fire: per-device deliveries, email reminders, SMTP settings.

-- One row per (reminder at its time, device, user): claimed with INSERT … ON CONFLICT DO
-- NOTHING before a notification is shown, so each user sees each reminder once per device
-- even when several clients share one PostgreSQL. A meeting that moves gets new rows (the
-- reminder's time is part of the key).
CREATE TABLE reminder_deliveries (
    id INTEGER PRIMARY KEY,
    reminder_id INTEGER NOT NULL REFERENCES meeting_reminders(id) ON DELETE CASCADE,
    scheduled_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'claimed'
        CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
    error_message TEXT,
    claimed_at TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (reminder_id, scheduled_at, device_id, user_id)
);
CREATE INDEX ix_reminder_deliveries_device ON reminder_deliveries(device_id, user_id);

-- Email reminders are optional per meeting.
ALTER TABLE meetings ADD COLUMN email_reminders BOOLEAN NOT NULL DEFAULT 0;

-- One row per reminder at its time: whoever inserts it first sends the email, so it goes
-- out once in total whatever the number of clients.
CREATE TABLE reminder_emails (
    id INTEGER PRIMARY KEY,
    reminder_id INTEGER NOT NULL REFERENCES meeting_reminders(id) ON DELETE CASCADE,
    scheduled_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'sent', 'failed')),
    recipients INTEGER NOT NULL DEFAULT 0,
    error_message TEXT,
    claimed_at TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (reminder_id, scheduled_at)
);

-- SMTP servers: one for the whole app (community_id NULL, superuser) and optionally one per
-- community (its admins). The password is stored encrypted, or not at all (see the code).
CREATE TABLE smtp_settings (
    id INTEGER PRIMARY KEY,
    community_id INTEGER REFERENCES communities(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port > 0 AND port < 65536),
    tls_mode TEXT NOT NULL CHECK (tls_mode IN ('tls', 'starttls', 'none')),
    username TEXT,
    password_encrypted TEXT,
    from_address TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_smtp_settings_scope ON smtp_settings(COALESCE(community_id, 0));

-- Wrong guesses at a password-reset code; the code is void after five.
ALTER TABLE password_reset_tokens ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
