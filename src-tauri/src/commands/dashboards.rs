//! Dashboards: my work, the community overview and its calendar, workload, analytics and the
//! audit log (read and export only).

use super::{core, CmdResult};
use crate::state::AppState;
use gecko_core::content::WorkStatus;
use gecko_core::dashboards::analytics::{AnalyticsQuery, CommunityAnalytics};
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPage, AuditPageRequest};
use gecko_core::dashboards::my_work::{MyWork, MyWorkFilter, WorkItemKind};
use gecko_core::dashboards::overview::{CalendarEvent, CalendarRange, CommunityOverview};
use gecko_core::dashboards::workload::UserWorkload;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn my_work(state: State<'_, AppState>, filter: MyWorkFilter) -> CmdResult<MyWork> {
    core(&state).await?.my_work(filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_work_item_status(
    state: State<'_, AppState>,
    kind: WorkItemKind,
    id: i64,
    work_status: WorkStatus,
) -> CmdResult<()> {
    core(&state)
        .await?
        .set_work_item_status(kind, id, work_status)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn community_overview(
    state: State<'_, AppState>,
    community_id: i64,
) -> CmdResult<CommunityOverview> {
    core(&state).await?.community_overview(community_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn overview_calendar(
    state: State<'_, AppState>,
    range: CalendarRange,
) -> CmdResult<Vec<CalendarEvent>> {
    core(&state).await?.overview_calendar(range).await
}

#[tauri::command]
#[specta::specta]
pub async fn workload_overview(state: State<'_, AppState>) -> CmdResult<Vec<UserWorkload>> {
    core(&state).await?.workload_overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn community_analytics(
    state: State<'_, AppState>,
    query: AnalyticsQuery,
) -> CmdResult<CommunityAnalytics> {
    core(&state).await?.community_analytics(query).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_audit_log(
    state: State<'_, AppState>,
    request: AuditPageRequest,
) -> CmdResult<AuditPage> {
    core(&state).await?.list_audit_log(request).await
}

/// Writes the filtered log as CSV to `path` (from the save dialog or typed by the user).
#[tauri::command]
#[specta::specta]
pub async fn export_audit_log(
    state: State<'_, AppState>,
    filter: AuditFilter,
    path: String,
) -> CmdResult<u64> {
    core(&state).await?.export_audit_log(filter, path).await
}
