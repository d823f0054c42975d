//! Importing and exporting a committee's members as CSV (the format is in [`super::csv`]).
//!
//! Import is two steps: a preview that checks every row and writes nothing, then an import
//! that writes all rows in one transaction, or none when any row is wrong. Besides each row's
//! own rules, an email may appear once: not twice in the file, and not for someone already on
//! the committee, so importing the same file twice is refused rather than doubling everyone.

use super::csv::{
    file_error, members_csv, parse_members, ImportPreview, ImportResult, ImportRowError, LineMember,
};
use super::members::{insert_member, CommitteeMemberInput};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::Result;
use serde_json::json;
use std::collections::HashMap;

/// Moves rows whose email is taken (by an earlier row or a current member) to the errors.
fn refuse_duplicates(
    rows: Vec<LineMember>,
    errors: &mut Vec<ImportRowError>,
    existing: &[String],
) -> Vec<CommitteeMemberInput> {
    let mut seen: HashMap<String, u32> = existing.iter().map(|e| (e.to_lowercase(), 0)).collect();
    let mut members = Vec::with_capacity(rows.len());
    for (line, member) in rows {
        let Some(email) = member.email.clone() else {
            members.push(member);
            continue;
        };
        match seen.get(&email) {
            None => {
                seen.insert(email, line);
                members.push(member);
            }
            Some(0) => errors.push(ImportRowError {
                line,
                reason: format!("{email} is already on the committee."),
                reason_zh: format!("{email} 已是该委员会成员。"),
            }),
            Some(first) => errors.push(ImportRowError {
                line,
                reason: format!("{email} is already on line {first}."),
                reason_zh: format!("{email} 已在第 {first} 行出现。"),
            }),
        }
    }
    errors.sort_by_key(|e| e.line);
    members
}

impl Core {
    /// The file's good members and the errors of the others, for a committee of the community.
    async fn read_members_file(
        &self,
        community_id: i64,
        committee_id: i64,
        bytes: &[u8],
    ) -> Result<(Vec<CommitteeMemberInput>, Vec<ImportRowError>)> {
        self.find_committee(community_id, committee_id).await?;
        let (rows, mut errors) = parse_members(bytes)?;
        let existing: Vec<(String,)> = self
            .db
            .fetch_all(
                "SELECT email FROM committee_members WHERE committee_id = $1 \
                 AND email IS NOT NULL",
                crate::args![committee_id],
            )
            .await?;
        let existing: Vec<String> = existing.into_iter().map(|(e,)| e).collect();
        let members = refuse_duplicates(rows, &mut errors, &existing);
        Ok((members, errors))
    }

    /// Checks a members file without writing anything.
    pub async fn preview_committee_member_import(
        &self,
        committee_id: i64,
        bytes: Vec<u8>,
    ) -> Result<ImportPreview> {
        let scope = self.admin_scope().await?;
        let (members, errors) = self
            .read_members_file(scope.community_id, committee_id, &bytes)
            .await?;
        Ok(ImportPreview {
            rows_ok: members.len() as u32,
            errors,
        })
    }

    /// Adds every member of the file in one transaction; refuses the whole file when any row is
    /// wrong (the preview lists them all).
    pub async fn import_committee_members(
        &self,
        committee_id: i64,
        bytes: Vec<u8>,
    ) -> Result<ImportResult> {
        let scope = self.admin_scope().await?;
        let (members, errors) = self
            .read_members_file(scope.community_id, committee_id, &bytes)
            .await?;
        if members.is_empty() && errors.is_empty() {
            return Err(file_error(
                "The file lists no members. Add one row per member under the header.",
                "文件中没有成员，请在表头下每行填写一位成员。",
            ));
        }
        if !errors.is_empty() {
            let first: Vec<String> = errors
                .iter()
                .take(5)
                .map(|e| format!("line {}: {}", e.line, e.reason))
                .collect();
            let first_zh: Vec<String> = errors
                .iter()
                .take(5)
                .map(|e| format!("第 {} 行：{}", e.line, e.reason_zh))
                .collect();
            return Err(file_error(
                format!(
                    "{} rows have errors, so nothing was imported. Fix them and import again. {}",
                    errors.len(),
                    first.join("; ")
                ),
                format!(
                    "有 {} 行存在错误，未导入任何数据；请修正后重新导入。{}",
                    errors.len(),
                    first_zh.join("；")
                ),
            ));
        }
        let now = self.now();

        let mut tx = self.db.begin().await?;
        super::ensure_committee(&mut tx, scope.community_id, committee_id).await?;
        for member in &members {
            insert_member(&mut tx, committee_id, member, now).await?;
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("import_committee_members", "committee")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(committee_id)
                .details(json!({ "imported": members.len() })),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(
            committee = committee_id,
            rows = members.len(),
            "members imported"
        );
        Ok(ImportResult {
            imported: members.len() as u32,
        })
    }

    /// The committee's members as CSV text, in the format the import reads.
    pub async fn export_committee_members(&self, committee_id: i64) -> Result<String> {
        let scope = self.scope().await?;
        self.find_committee(scope.community_id, committee_id)
            .await?;
        let members: Vec<CommitteeMemberInput> = self
            .committee_members(committee_id)
            .await?
            .iter()
            .map(|m| m.to_input())
            .collect();
        members_csv(&members)
    }
}
