//! Reminders that really fire: what this device must show to its signed-in user, and when.
//!
//! The meeting's reminder rows (see [`crate::governance::reminders`]) say *when*; this module
//! decides *who sees what where*. A notification is owed to the signed-in user when they are
//! an assignee of the meeting or a participant with their email, once per device: before a
//! notification is shown, a row of `reminder_deliveries` (reminder at its time, device, user)
//! is claimed with `INSERT … ON CONFLICT DO NOTHING`, so two clients of one PostgreSQL on the
//! same device cannot both show it, while another device or another user still gets theirs.
//!
//! Catch-up after a gap (app closed, computer asleep): every reminder that fell due while away
//! is considered at the next tick. If its meeting has started it is dropped (and the row marked
//! `skipped` globally); otherwise only the latest due reminder of each meeting is shown, the
//! older ones are recorded `skipped` for this device, so waking up never shows a burst of
//! notifications about the same meeting.
//!
//! All times come from the core's clock; the app's task only sleeps until
//! [`Core::next_notification_at`] (capped by [`sleep_for`]) and calls
//! [`Core::take_due_notifications`].

pub mod email;
pub mod schedule;

pub use schedule::{new_device_id, sleep_for, Notification, MAX_SLEEP};
