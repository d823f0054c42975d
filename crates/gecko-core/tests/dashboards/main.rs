//! Dashboards on both backends: every figure against a fixed dataset with the exact expected
//! numbers, month boundaries in the community's time zone (Asia/Shanghai for A, Europe/Berlin
//! with its daylight-saving change for B), and who may see what.

use chrono::{DateTime, NaiveDate, Utc};
use gecko_core::clock::ManualClock;
use gecko_core::communities::CommunityInput;
use gecko_core::content::WorkStatus;
use gecko_core::dashboards::analytics::AnalyticsQuery;
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPageRequest};
use gecko_core::dashboards::my_work::{MyWorkFilter, WorkCounts, WorkItemKind};
use gecko_core::dashboards::overview::{CalendarKind, CalendarRange};
use gecko_core::dashboards::{Granularity, NamedCount};
use gecko_core::db::Db;
use gecko_core::testing::{self, each_backend, setup_root, sign_in, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, ErrorCode, Role};

mod analytics;
mod audit_log;
mod my_work;
mod overview;
mod workload;
mod world;

use world::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn named(pairs: &[(&str, i64)]) -> Vec<NamedCount> {
    pairs
        .iter()
        .map(|(name, count)| NamedCount {
            name: name.to_string(),
            count: *count,
        })
        .collect()
}

fn counts(planning: i64, in_progress: i64, completed: i64) -> WorkCounts {
    WorkCounts {
        planning,
        in_progress,
        completed,
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, gecko_core::CoreError>) -> ErrorCode {
    r.expect_err("expected an error").code
}
