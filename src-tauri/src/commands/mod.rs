//! The typed command surface the UI calls: each command finds the open core and forwards to
//! one core method. No rule lives here; the core checks identity, community and role.
//!
//! `specta_builder` lists every command; the committed TypeScript bindings are generated from
//! it (see the `bindings` test).

mod committees;
mod communities;
mod content;
mod dashboards;
mod files;
mod mail;
mod meetings;
mod publishing;
mod safety;
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
            committees::list_committees,
            committees::get_committee,
            committees::create_committee,
            committees::update_committee,
            committees::set_committee_active,
            committees::delete_committee,
            committees::list_committee_members,
            committees::create_committee_member,
            committees::update_committee_member,
            committees::delete_committee_member,
            committees::preview_committee_member_import,
            committees::import_committee_members,
            committees::export_committee_members,
            meetings::governance_overview,
            meetings::meeting_calendar,
            meetings::get_meeting,
            meetings::create_meeting,
            meetings::update_meeting,
            meetings::delete_meeting,
            meetings::set_meeting_assignees,
            meetings::list_meeting_participants,
            meetings::add_meeting_participant,
            meetings::remove_meeting_participant,
            meetings::import_participants_from_committee,
            meetings::add_meeting_attachment,
            meetings::remove_meeting_attachment,
            meetings::open_meeting_attachment,
            meetings::list_meeting_reminders,
            meetings::export_meeting_ics,
            meetings::export_community_meetings_ics,
            safety::backup_overview,
            safety::set_backup_settings,
            safety::backup_now,
            safety::check_backup,
            safety::restore_backup,
            safety::undo_restore,
            safety::move_to_postgres,
            safety::copy_to_local_file,
            safety::team_backup_command,
            content::preview_markdown,
            content::list_contents,
            content::get_content,
            content::create_content,
            content::import_content,
            content::update_content,
            content::delete_content,
            content::change_content_status,
            content::change_work_status,
            content::set_content_collaborators,
            content::set_content_assignees,
            content::transfer_content_ownership,
            content::set_content_cover,
            content::content_calendar,
            content::reschedule_content,
            dashboards::my_work,
            dashboards::set_work_item_status,
            dashboards::community_overview,
            dashboards::overview_calendar,
            dashboards::workload_overview,
            dashboards::community_analytics,
            dashboards::list_audit_log,
            dashboards::export_audit_log,
            publishing::unlock_secrets,
            publishing::set_team_key,
            publishing::get_channel_configs,
            publishing::save_channel_config,
            publishing::list_publish_candidates,
            publishing::preview_publish,
            publishing::publish_content,
            publishing::list_publish_records,
            publishing::mark_publish_record_published,
            publishing::add_content_analytics,
            publishing::list_content_analytics,
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
