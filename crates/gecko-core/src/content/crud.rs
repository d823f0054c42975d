//! Creating, reading, saving and deleting one content.
//!
//! Saving is optimistic: the editor sends the `version` it started from, and the `UPDATE` only
//! matches that version. Anything else is a conflict that names both versions, so the UI can
//! fetch the stored one with `get_content` and show them side by side. Autosave calls the same
//! command; a save that changes nothing writes nothing, and the HTML is re-rendered only when
//! the Markdown changed.

use super::model::{
    content_columns, search_text, ContentRow, ContentUpdate, ContentView, NewContent, SourceType,
    ValidFields,
};
use super::{content_audit, content_not_found, load_meta, media, Access, ContentMeta, META_SQL};
use crate::audit;
use crate::core::{Core, Scope};
use crate::db::Tx;
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde_json::json;

/// Inserts a validated content owned by the scope's user; returns its id.
pub(crate) async fn insert_content(
    tx: &mut Tx,
    scope: &Scope,
    now: DateTime<Utc>,
    fields: &ValidFields,
    html: &str,
    source_file: Option<&str>,
) -> Result<i64> {
    let id: i64 = tx
        .scalar(
            "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, \
             content_markdown, content_html, source_type, source_file, author, tags, category, \
             scheduled_publish_at, version, created_at, updated_at) \
             VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12) RETURNING id",
            crate::args![
                scope.community_id,
                scope.user_id(),
                &fields.title,
                &fields.content_markdown,
                html,
                fields.source_type.as_str(),
                source_file,
                &fields.author,
                json!(fields.tags),
                &fields.category,
                fields.scheduled_publish_at,
                now
            ],
        )
        .await?;
    tx.execute(
        "INSERT INTO content_search (content_id, community_id, search_text) VALUES ($1, $2, $3)",
        crate::args![
            id,
            scope.community_id,
            search_text(&fields.title, &fields.content_markdown)
        ],
    )
    .await?;
    Ok(id)
}

impl Core {
    /// Renders Markdown exactly as saving and publishing will, for the editor's live preview.
    pub async fn preview_markdown(&self, markdown: String) -> Result<String> {
        self.actor().await?;
        Ok(super::render::render_markdown_async(&markdown).await)
    }

    /// Creates a content owned by the signed-in user, in draft.
    pub async fn create_content(&self, input: NewContent) -> Result<ContentView> {
        let scope = self.scope().await?;
        let fields = ValidFields::new(
            &input.title,
            input.content_markdown,
            input.source_type.unwrap_or(SourceType::Contribution),
            &input.author,
            &input.tags,
            &input.category,
            input.scheduled_publish_at,
        )?;
        let html = super::render::render_markdown_async(&fields.content_markdown).await;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let id = insert_content(&mut tx, &scope, now, &fields, &html, None).await?;
        audit::record(
            &mut tx,
            now,
            content_audit("create_content", &scope, id)
                .details(json!({ "title": fields.title, "source_type": fields.source_type })),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }

    /// One content of the current community, with its body. Every member may read it.
    pub async fn get_content(&self, id: i64) -> Result<ContentView> {
        let scope = self.scope().await?;
        self.content_view(&scope, id).await
    }

    /// Saves the editor's state. `input.version` must be the stored version, else nothing is
    /// written and the error (code `conflict`, field `version`) says which versions clashed.
    pub async fn update_content(&self, id: i64, input: ContentUpdate) -> Result<ContentView> {
        let scope = self.scope().await?;
        let fields = ValidFields::new(
            &input.title,
            input.content_markdown,
            input.source_type,
            &input.author,
            &input.tags,
            &input.category,
            input.scheduled_publish_at,
        )?;

        // Compare and render before the write transaction: a large body's HTML can take a
        // moment, and SQLite's write lock should not wait for it. The version check in the
        // UPDATE below makes sure what was compared is still what is stored.
        let meta: ContentMeta = self
            .db
            .fetch_optional(
                META_SQL,
                crate::args![id, scope.community_id, scope.user_id()],
            )
            .await?
            .ok_or_else(content_not_found)?;
        Access::require(meta.access(&scope).may_edit())?;
        if meta.version != input.version {
            return Err(stale_version(input.version, meta.version));
        }
        let before: ContentRow = self
            .db
            .fetch_optional(
                &format!(
                    "SELECT {} FROM contents c WHERE c.id = $1 AND c.version = $2",
                    content_columns()
                ),
                crate::args![id, input.version],
            )
            .await?
            .ok_or_else(|| stale_version(input.version, input.version + 1))?;
        let changes = changed_fields(&before, &fields);
        if changes.is_empty() {
            // An autosave of an unchanged editor: nothing to write, nothing to audit.
            return self.content_view(&scope, id).await;
        }
        let html = if before.content_markdown != fields.content_markdown {
            super::render::render_markdown_async(&fields.content_markdown).await
        } else {
            before.content_html
        };
        let text_changed = before.summary.title != fields.title
            || before.content_markdown != fields.content_markdown;
        let search = text_changed.then(|| search_text(&fields.title, &fields.content_markdown));

        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (_, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_edit())?;
        let updated = tx
            .execute(
                "UPDATE contents SET title = $1, content_markdown = $2, content_html = $3, \
                 source_type = $4, author = $5, tags = $6, category = $7, \
                 scheduled_publish_at = $8, version = version + 1, updated_at = $9 \
                 WHERE id = $10 AND version = $11",
                crate::args![
                    &fields.title,
                    &fields.content_markdown,
                    html,
                    fields.source_type.as_str(),
                    &fields.author,
                    json!(fields.tags),
                    &fields.category,
                    fields.scheduled_publish_at,
                    now,
                    id,
                    input.version
                ],
            )
            .await?;
        if updated == 0 {
            return Err(stale_version(input.version, input.version + 1));
        }
        if let Some(search) = search {
            tx.execute(
                "UPDATE content_search SET search_text = $1 WHERE content_id = $2",
                crate::args![search, id],
            )
            .await?;
        }
        audit::record(
            &mut tx,
            now,
            content_audit("update_content", &scope, id).details(
                json!({ "changes": changes, "version": [input.version, input.version + 1] }),
            ),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }

    /// Deletes a content (owner, collaborators, admins). Its cover file goes with it.
    pub async fn delete_content(&self, id: i64) -> Result<()> {
        let scope = self.scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (meta, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_edit())?;
        tx.execute("DELETE FROM contents WHERE id = $1", crate::args![id])
            .await?;
        audit::record(
            &mut tx,
            now,
            content_audit("delete_content", &scope, id)
                .details(json!({ "title": meta.title, "status": meta.status })),
        )
        .await?;
        tx.commit().await?;
        if let Some(cover) = &meta.cover_image {
            media::remove_media_file(&self.config.media_dir, cover).await;
        }
        Ok(())
    }

    /// The view of one content as `scope`'s user sees it.
    pub(crate) async fn content_view(&self, scope: &Scope, id: i64) -> Result<ContentView> {
        let row: ContentRow = self
            .db
            .fetch_optional(
                &format!(
                    "SELECT {} FROM contents c WHERE c.id = $1 AND c.community_id = $2",
                    content_columns()
                ),
                crate::args![id, scope.community_id],
            )
            .await?
            .ok_or_else(content_not_found)?;
        let people: Vec<(String, i64)> = self
            .db
            .fetch_all(
                "SELECT 'collaborator', user_id FROM content_collaborators WHERE content_id = $1 \
                 UNION ALL SELECT 'assignee', user_id FROM content_assignees WHERE content_id = $1 \
                 ORDER BY 2",
                crate::args![id],
            )
            .await?;
        let pick = |kind: &str| -> Vec<i64> {
            people
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, id)| *id)
                .collect()
        };
        let collaborator_ids = pick("collaborator");
        let assignee_ids = pick("assignee");
        let access = Access {
            owner: row.summary.owner_id == Some(scope.user_id()),
            collaborator: collaborator_ids.contains(&scope.user_id()),
            assignee: assignee_ids.contains(&scope.user_id()),
            admin: scope.is_admin(),
        };
        let summary = row.summary.into_summary()?;
        Ok(ContentView {
            next_statuses: super::workflow::next_statuses(summary.status, access),
            can_publish: super::workflow::may_publish(summary.status, access.admin),
            summary,
            community_id: row.community_id,
            content_markdown: row.content_markdown,
            content_html: row.content_html,
            source_file: row.source_file,
            created_by_user_id: row.created_by_user_id,
            collaborator_ids,
            assignee_ids,
            can_edit: access.may_edit(),
        })
    }
}

fn stale_version(yours: i64, stored: i64) -> CoreError {
    CoreError {
        field: Some("version".into()),
        ..CoreError::new(
            ErrorCode::Conflict,
            format!(
                "Someone saved this content after you opened it (you edited version {yours}, the \
                 saved one is version {stored} or newer). Nothing was overwritten: open the saved \
                 version, compare it with yours, then save again."
            ),
            format!(
                "在您打开之后，已有人保存了此内容（您编辑的是第 {yours} 版，已保存的是第 {stored} \
                 版或更新）。未覆盖任何内容：请打开已保存的版本与您的修改对比后再保存。"
            ),
        )
    }
}

/// Names of the fields that differ, with old → new for the small ones (never the body).
fn changed_fields(
    before: &ContentRow,
    after: &ValidFields,
) -> serde_json::Map<String, serde_json::Value> {
    let mut changes = serde_json::Map::new();
    let mut small = |name: &str, old: serde_json::Value, new: serde_json::Value| {
        if old != new {
            changes.insert(name.into(), json!([old, new]));
        }
    };
    small("title", json!(before.summary.title), json!(after.title));
    small(
        "source_type",
        json!(before.summary.source_type),
        json!(after.source_type.as_str()),
    );
    small("author", json!(before.summary.author), json!(after.author));
    small("tags", json!(before.summary.tags.0), json!(after.tags));
    small(
        "category",
        json!(before.summary.category),
        json!(after.category),
    );
    small(
        "scheduled_publish_at",
        json!(before.summary.scheduled_publish_at),
        json!(after.scheduled_publish_at),
    );
    if before.content_markdown != after.content_markdown {
        changes.insert(
            "content_markdown".into(),
            json!({ "bytes": [before.content_markdown.len(), after.content_markdown.len()] }),
        );
    }
    changes
}
