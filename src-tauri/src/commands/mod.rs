//! The typed command surface the UI calls: each command finds the open core and forwards to
//! one core method. No rule lives here; the core checks identity, community and role.
//!
//! `specta_builder` lists every command; the committed TypeScript bindings are generated from
//! it (see the `bindings` test).

mod communities;
mod mail;
mod session;
mod settings;
mod users;

use crate::state::AppState;
use gecko_core::{Core, CoreError};
use std::sync::Arc;
use tauri::State;

pub type CmdResult<T> = Result<T, CoreError>;

pub(crate) async fn core(state: &State<'_, AppState>) -> CmdResult<Arc<Core>> {
    state.core().await
}

pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            settings::app_info,
            settings::set_language,
            settings::test_database,
            settings::switch_database,
            settings::ui_ready,
            session::first_run,
            session::complete_setup,
            session::login,
            session::logout,
            session::current_session,
            session::switch_community,
            users::list_users,
            users::search_users,
            users::create_user,
            users::update_user,
            users::set_user_active,
            users::set_superuser,
            users::set_user_password,
            users::change_own_password,
            communities::list_communities,
            communities::get_community,
            communities::create_community,
            communities::update_community,
            communities::set_community_active,
            communities::delete_community,
            communities::list_members,
            communities::add_member,
            communities::set_member_role,
            communities::remove_member,
            mail::get_app_smtp_settings,
            mail::save_app_smtp_settings,
            mail::send_app_test_mail,
            mail::get_community_smtp_settings,
            mail::save_community_smtp_settings,
            mail::send_community_test_mail,
            mail::get_meeting_email_reminders,
            mail::set_meeting_email_reminders,
            mail::password_reset_available,
            mail::request_password_reset,
            mail::reset_password_with_code,
        ])
        .dangerously_cast_bigints_to_number()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    fn bindings_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
    }

    /// The committed bindings must be what the code generates; `UPDATE_BINDINGS=1` rewrites them.
    #[test]
    fn bindings_are_current() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::specta_builder()
            .export(specta_typescript::Typescript::default(), &fresh)
            .expect("export bindings");
        let fresh = std::fs::read_to_string(fresh).unwrap();
        if std::env::var("UPDATE_BINDINGS").is_ok() {
            std::fs::write(bindings_path(), &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(bindings_path()).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p opengecko bindings`"
        );
    }

    /// The permission matrix in the core walks `testing::COMMANDS`; it must name exactly the
    /// commands registered here, so no command escapes it.
    #[test]
    fn permission_matrix_covers_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bindings.ts");
        super::specta_builder()
            .export(specta_typescript::Typescript::default(), &path)
            .expect("export bindings");
        let text = std::fs::read_to_string(path).unwrap();
        let mut registered: Vec<&str> = text
            .split("__TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        registered.sort();
        let mut listed: Vec<&str> = gecko_core::testing::COMMANDS
            .iter()
            .map(|(name, _)| *name)
            .collect();
        listed.sort();
        assert_eq!(registered, listed);
    }
}
