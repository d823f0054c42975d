//! Email: the SMTP servers the app sends through, and sending.
//!
//! There is one server for the whole app (set by a superuser; password-reset codes go through
//! it) and optionally one per community (set by its admins; that community's meeting emails go
//! through it, else through the app's). The SMTP password is Fernet-encrypted in the database
//! with the same key as channel secrets (see [`crate::publish::secrets`]) and never read back,
//! not even masked: the UI only learns whether one is stored, and saving with the password
//! left empty keeps it.

pub mod send;
pub mod settings;
#[cfg(any(test, feature = "testing"))]
pub mod sink;

pub use send::{MailServer, OutgoingMail};
pub use settings::{SmtpSettingsInput, SmtpSettingsView, TlsMode};
