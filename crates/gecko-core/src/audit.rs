//! The audit log: append-only, written in the same transaction as the change it describes.
//!
//! No command updates or deletes an entry; only deleting a whole community removes its
//! entries (by cascade), and that deletion is itself logged without a community.

use crate::db::Tx;
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// One thing that happened. `details` holds old → new values, never a secret or a body.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub user_id: Option<i64>,
    pub community_id: Option<i64>,
    pub action: &'static str,
    pub resource_type: &'static str,
    pub resource_id: Option<i64>,
    pub details: Value,
}

impl AuditEntry {
    pub fn new(action: &'static str, resource_type: &'static str) -> Self {
        AuditEntry {
            user_id: None,
            community_id: None,
            action,
            resource_type,
            resource_id: None,
            details: Value::Object(Default::default()),
        }
    }

    pub fn by(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    pub fn community(mut self, community_id: impl Into<Option<i64>>) -> Self {
        self.community_id = community_id.into();
        self
    }

    pub fn resource(mut self, id: i64) -> Self {
        self.resource_id = Some(id);
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

pub async fn record(tx: &mut Tx, at: DateTime<Utc>, entry: AuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_logs (user_id, community_id, action, resource_type, resource_id, \
         details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        crate::args![
            entry.user_id,
            entry.community_id,
            entry.action,
            entry.resource_type,
            entry.resource_id,
            entry.details,
            at
        ],
    )
    .await?;
    tracing::info!(action = entry.action, resource = entry.resource_type, id = ?entry.resource_id, "audit");
    Ok(())
}
