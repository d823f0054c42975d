//! Governance: a community's committees, their members (people, not app users), meetings,
//! participants, assignees, reminder rows and calendar export.
//!
//! Everything here hangs off a committee, and a committee off a community, so every lookup
//! joins back to the session's community: another community's committee or meeting is "not
//! found", never leaked. Members of the community read; only its admins write. Meeting times
//! are stored as UTC instants and shown in the community's time zone (see [`time`]).

pub mod assignees;
pub mod attachments;
pub mod calendar;
pub mod committees;
pub mod csv;
pub mod ics;
mod meeting_input;
pub mod meetings;
pub mod member_import;
pub mod members;
pub mod participants;
pub mod reminders;
pub mod time;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use serde_json::{Map, Value};

/// A closed set of words stored as text: a Rust enum with its wire form for the database and
/// the UI (`snake_case`, the same spelling everywhere).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use wire_enum;

pub(crate) fn committee_not_found() -> CoreError {
    CoreError::not_found(("committee", "委员会"))
}

pub(crate) fn meeting_not_found() -> CoreError {
    CoreError::not_found(("meeting", "会议"))
}

/// The fields of `after` whose values differ from `before`, as `{field: [old, new]}`, for the
/// audit log. Fields named in `skip` (long bodies) are reported as changed without values.
pub(crate) fn changes(before: &Value, after: &Value, skip: &[&str]) -> Value {
    let mut out = Map::new();
    let (Some(before), Some(after)) = (before.as_object(), after.as_object()) else {
        return Value::Object(out);
    };
    for (key, new) in after {
        let old = before.get(key).unwrap_or(&Value::Null);
        if old == new {
            continue;
        }
        let value = if skip.contains(&key.as_str()) {
            Value::String("changed".into())
        } else {
            Value::Array(vec![old.clone(), new.clone()])
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Checks the committee belongs to the community, inside a write transaction.
pub(crate) async fn ensure_committee(tx: &mut Tx, community_id: i64, id: i64) -> Result<()> {
    let found: i64 = tx
        .scalar(
            "SELECT count(*) FROM committees WHERE id = $1 AND community_id = $2",
            crate::args![id, community_id],
        )
        .await?;
    if found == 0 {
        return Err(committee_not_found());
    }
    Ok(())
}

/// Checks the meeting belongs to the community, inside a write transaction; on PostgreSQL the
/// row is locked so that read-modify-write of its JSON columns cannot lose a concurrent edit
/// (SQLite write transactions are already exclusive).
pub(crate) async fn lock_meeting(tx: &mut Tx, community_id: i64, id: i64) -> Result<()> {
    let lock = match tx.backend() {
        crate::db::Backend::Postgres => " FOR UPDATE",
        crate::db::Backend::Sqlite => "",
    };
    let found: Option<i64> = tx
        .scalar_optional(
            &format!("SELECT id FROM meetings WHERE id = $1 AND community_id = $2{lock}"),
            crate::args![id, community_id],
        )
        .await?;
    found.map(|_| ()).ok_or_else(meeting_not_found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_lists_only_what_moved() {
        let before = json!({"a": 1, "b": "x", "agenda": "old"});
        let after = json!({"a": 1, "b": "y", "agenda": "new"});
        assert_eq!(
            changes(&before, &after, &["agenda"]),
            json!({"b": ["x", "y"], "agenda": "changed"})
        );
    }
}
