//! iCalendar (RFC 5545) export of one meeting or of a community's whole meeting calendar.
//!
//! The serialisation is written here rather than taken from a crate because the few rules that
//! matter are exactly the ones to get right and check: CRLF after every line, folding at 75
//! octets without cutting a UTF-8 character, TEXT escaping of `\` `;` `,` and newlines, and
//! quoted parameter values. Times are written in UTC (`Z`), so no VTIMEZONE is needed and every
//! calendar app shows them in its own zone. UIDs are `meeting-<id>-<community slug>@opengecko`,
//! stable across exports, so a re-import updates the event instead of duplicating it.

use super::meetings::MeetingStatus;
use crate::core::Core;
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};

/// Longest physical line, in octets, without its CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape_text(value: &str) -> String {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(value.len() + 8);
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (such as a CN), always quoted; a DQUOTE cannot be escaped in iCalendar,
/// so it becomes a single quote.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    format!("\"{clean}\"")
}

/// Appends one content line, folded at 75 octets on character boundaries, ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut budget = MAX_LINE_OCTETS;
    let mut used = 0;
    for ch in line.chars() {
        if used + ch.len_utf8() > budget {
            out.push_str("\r\n ");
            // The leading space of a continuation line counts toward its 75 octets.
            budget = MAX_LINE_OCTETS - 1;
            used = 0;
        }
        out.push(ch);
        used += ch.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A person on an event: the organiser or an attendee.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsPerson {
    pub name: String,
    pub email: String,
}

/// What one VEVENT says.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsEvent {
    pub uid: String,
    pub start: DateTime<Utc>,
    pub duration_minutes: i32,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub cancelled: bool,
    pub organizer: Option<IcsPerson>,
    pub attendees: Vec<IcsPerson>,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
}

/// A whole VCALENDAR with `events`, stamped at `now`.
// Limitation: events carry no SEQUENCE (nothing counts a meeting's revisions), so a calendar
// app that compares SEQUENCE to decide whether a re-imported event is newer may keep the old
// copy of a moved meeting; LAST-MODIFIED and DTSTAMP do change.
pub fn calendar(name: &str, events: &[IcsEvent], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |l: &str| push_line(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//openGecko//openGecko Desktop//EN");
    line("CALSCALE:GREGORIAN");
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", e.uid));
        line(&format!("DTSTAMP:{}", utc(now)));
        line(&format!("DTSTART:{}", utc(e.start)));
        let end = e.start + Duration::minutes(i64::from(e.duration_minutes));
        line(&format!("DTEND:{}", utc(end)));
        line(&format!("CREATED:{}", utc(e.created)));
        line(&format!("LAST-MODIFIED:{}", utc(e.last_modified)));
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(d) = &e.description {
            line(&format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(l) = &e.location {
            line(&format!("LOCATION:{}", escape_text(l)));
        }
        let status = if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&format!("STATUS:{status}"));
        if let Some(o) = &e.organizer {
            line(&format!(
                "ORGANIZER;CN={}:mailto:{}",
                param_value(&o.name),
                o.email
            ));
        }
        for a in &e.attendees {
            line(&format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{}",
                param_value(&a.name),
                a.email
            ));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    title: String,
    description: Option<String>,
    agenda: Option<String>,
    scheduled_at: DateTime<Utc>,
    duration: i32,
    location: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    committee_name: String,
    notification_email: Option<String>,
    creator_name: Option<String>,
    creator_email: Option<String>,
}

impl Core {
    async fn community_calendar(&self, meeting_id: Option<i64>) -> Result<String> {
        let scope = self.scope().await?;
        if let Some(id) = meeting_id {
            self.meeting_row(scope.community_id, id).await?;
        }
        self.calendar_of(scope.community_id, meeting_id).await
    }

    /// The calendar of a community (or of one of its meetings), without a session check: for
    /// callers that already checked, and for the email reminders sent in the background.
    pub(crate) async fn calendar_of(
        &self,
        community_id: i64,
        meeting_id: Option<i64>,
    ) -> Result<String> {
        let (slug, name): (String, String) = self
            .db
            .fetch_one(
                "SELECT slug, name FROM communities WHERE id = $1",
                crate::args![community_id],
            )
            .await?;
        let (only, args) = match meeting_id {
            Some(id) => (" AND m.id = $2", crate::args![community_id, id]),
            None => ("", crate::args![community_id]),
        };
        let rows: Vec<EventRow> = self
            .db
            .fetch_all(
                &format!(
                    "SELECT m.id, m.title, m.description, m.agenda, m.scheduled_at, m.duration, \
                     m.location, m.status, m.created_at, m.updated_at, c.name AS committee_name, \
                     c.notification_email, u.full_name AS creator_name, u.email AS creator_email \
                     FROM meetings m JOIN committees c ON c.id = m.committee_id \
                     LEFT JOIN users u ON u.id = m.created_by_user_id \
                     WHERE m.community_id = $1{only} ORDER BY m.scheduled_at, m.id"
                ),
                args.clone(),
            )
            .await?;
        let participants: Vec<(i64, String, String)> = self
            .db
            .fetch_all(
                &format!(
                    "SELECT p.meeting_id, p.name, p.email FROM meeting_participants p \
                     JOIN meetings m ON m.id = p.meeting_id \
                     WHERE m.community_id = $1{only} ORDER BY p.meeting_id, p.id"
                ),
                args,
            )
            .await?;

        let events: Vec<IcsEvent> = rows
            .into_iter()
            .map(|r| {
                let organizer = match (&r.notification_email, &r.creator_email) {
                    (Some(email), _) => Some(IcsPerson {
                        name: r.committee_name.clone(),
                        email: email.clone(),
                    }),
                    (None, Some(email)) => Some(IcsPerson {
                        name: r.creator_name.clone().unwrap_or_default(),
                        email: email.clone(),
                    }),
                    (None, None) => None,
                };
                let text: Vec<&str> = [r.description.as_deref(), r.agenda.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                IcsEvent {
                    uid: format!("meeting-{}-{slug}@opengecko", r.id),
                    start: r.scheduled_at,
                    duration_minutes: r.duration,
                    summary: r.title,
                    description: (!text.is_empty()).then(|| text.join("\n\n")),
                    location: r.location,
                    cancelled: r.status == MeetingStatus::Cancelled.as_str(),
                    organizer,
                    attendees: participants
                        .iter()
                        .filter(|p| p.0 == r.id)
                        .map(|p| IcsPerson {
                            name: p.1.clone(),
                            email: p.2.clone(),
                        })
                        .collect(),
                    created: r.created_at,
                    last_modified: r.updated_at,
                }
            })
            .collect();
        Ok(calendar(&name, &events, self.now()))
    }

    /// One meeting as an `.ics` file's text.
    pub async fn export_meeting_ics(&self, meeting_id: i64) -> Result<String> {
        self.community_calendar(Some(meeting_id)).await
    }

    /// Every meeting of the current community as one `.ics` calendar.
    pub async fn export_community_meetings_ics(&self) -> Result<String> {
        self.community_calendar(None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "委员会季度会议，讨论预算;路线图\\".repeat(8));
        push_line(&mut out, &long);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert!(out.ends_with("\r\n"));
        assert_eq!(out.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(param_value("Ann \"A\"; B"), "\"Ann 'A'; B\"");
    }
}
