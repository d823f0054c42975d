//! openGecko's core: the domain, storage and rules of the desktop app, with no Tauri in sight.
//!
//! The app shell (`src-tauri`) opens a [`Core`] on a database and forwards each UI command to
//! one of its methods. Every method re-checks who is signed in, in which community, with which
//! role, before it reads or writes anything.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod communities;
pub mod content;
pub mod core;
pub mod dashboards;
pub mod db;
pub mod error;
pub mod governance;
pub mod mail;
pub mod members;
pub mod password_reset;
pub mod publish;
pub mod reminders;
pub mod safety;
pub mod users;
pub mod validate;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use crate::core::{Actor, Core, CoreConfig, Role, Scope};
pub use crate::error::{CoreError, ErrorCode, Result};
