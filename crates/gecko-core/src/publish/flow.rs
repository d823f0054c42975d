//! The publish commands: preview exactly what a channel will get, publish it, and record the
//! outcome.
//!
//! Every attempt that passes the access checks leaves a record, even one refused by WeChat's
//! limits, so the user sees what happened and why. The slow part (uploads, file writes) runs
//! between the `pending` commit and the settling transaction.

use super::channels::HugoSettings;
use super::clipboard::{self, ClipboardPayload};
use super::hugo::{self, HugoFile};
use super::records::{PublishRecordView, RecordStatus, Settle};
use super::wechat::client::{
    check_limits, DraftArticle, WechatClient, MATERIAL_MAX_BYTES, UPLOADIMG_MAX_BYTES,
};
use super::wechat::{self, WechatTheme};
use super::{markdown, Article, Channel};
use crate::core::{Core, Scope};
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct PublishOptions {
    /// WeChat theme; `default` when absent.
    pub theme: Option<WechatTheme>,
    /// WeChat digest / Hugo description; an excerpt of the body when absent.
    pub digest: Option<String>,
    /// WeChat "read more" link.
    pub content_source_url: Option<String>,
}

/// Exactly what publishing will send or write.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum PublishPreview {
    /// The draft as it will be sent, except that image sources are replaced by WeChat URLs
    /// during the upload. `problem` is the limit the draft breaks, if any.
    Wechat {
        draft: DraftArticle,
        images: Vec<String>,
        cover: Option<String>,
        problem: Option<CoreError>,
    },
    Hugo {
        file: HugoFile,
    },
    Csdn {
        clipboard: ClipboardPayload,
    },
    Zhihu {
        clipboard: ClipboardPayload,
    },
}

/// The settled record, plus what to copy for the clipboard channels.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PublishResult {
    pub record: PublishRecordView,
    pub clipboard: Option<ClipboardPayload>,
}

#[derive(sqlx::FromRow)]
struct ContentRow {
    id: i64,
    title: String,
    content_markdown: String,
    author: String,
    tags: sqlx::types::Json<Vec<String>>,
    category: String,
    cover_image: Option<String>,
    status: String,
    scheduled_publish_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    timezone: Option<String>,
    site_url: Option<String>,
}

/// What a content row gives the renderers.
struct Loaded {
    article: Article,
    status: String,
    /// The community's website, for making site-relative image paths absolute.
    site_url: Option<String>,
}

/// The clipboard payload of CSDN or Zhihu.
fn clipboard_for(channel: Channel, loaded: &Loaded) -> ClipboardPayload {
    if channel == Channel::Csdn {
        clipboard::csdn(&loaded.article, loaded.site_url.as_deref())
    } else {
        clipboard::zhihu(&loaded.article)
    }
}

impl Core {
    async fn load_article(
        &self,
        scope: &Scope,
        content_id: i64,
        options: &PublishOptions,
    ) -> Result<Loaded> {
        let row: ContentRow = self
            .db
            .fetch_optional(
                "SELECT c.id, c.title, c.content_markdown, c.author, c.tags, c.category, \
                 c.cover_image, c.status, c.scheduled_publish_at, c.created_at, \
                 m.settings ->> 'timezone' AS timezone, m.url AS site_url \
                 FROM contents c JOIN communities m ON m.id = c.community_id \
                 WHERE c.id = $1 AND c.community_id = $2",
                crate::args![content_id, scope.community_id],
            )
            .await?
            .ok_or_else(|| CoreError::not_found(("content", "内容")))?;
        let summary = match options.digest.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => d.to_string(),
            _ => markdown::excerpt(&row.content_markdown, 120),
        };
        let article = Article {
            content_id: row.id,
            title: row.title,
            author: row.author,
            markdown: row.content_markdown,
            tags: row.tags.0,
            category: row.category,
            cover: row.cover_image.filter(|c| !c.is_empty()),
            summary,
            date: row.scheduled_publish_at.unwrap_or(row.created_at),
            timezone: row
                .timezone
                .unwrap_or_else(|| crate::communities::DEFAULT_TIMEZONE.into()),
        };
        Ok(Loaded {
            article,
            status: row.status,
            site_url: row.site_url,
        })
    }

    fn wechat_draft(
        &self,
        article: &Article,
        options: &PublishOptions,
        images: &HashMap<String, String>,
    ) -> DraftArticle {
        let html = wechat::render_with_images(
            &article.markdown,
            options.theme.unwrap_or_default(),
            images,
        );
        DraftArticle {
            title: article.title.clone(),
            // Limitation: WeChat refuses long bylines (45110) without documenting the limit;
            // the author is cut to 16 characters rather than failing the whole draft.
            author: article.author.chars().take(16).collect(),
            digest: article.summary.clone(),
            content: html.html,
            content_source_url: options.content_source_url.clone().unwrap_or_default(),
            thumb_media_id: String::new(),
            need_open_comment: 0,
            only_fans_can_comment: 0,
        }
    }

    /// What `publish_content` would send or write, without sending or writing anything.
    pub async fn preview_publish(
        &self,
        content_id: i64,
        channel: Channel,
        options: PublishOptions,
    ) -> Result<PublishPreview> {
        let scope = self.scope().await?;
        let loaded = self.load_article(&scope, content_id, &options).await?;
        let article = &loaded.article;
        Ok(match channel {
            Channel::Wechat => {
                let draft = self.wechat_draft(article, &options, &HashMap::new());
                let problem = check_limits(&draft.title, &draft.digest, &draft.content).err();
                PublishPreview::Wechat {
                    images: markdown::image_sources(&article.markdown),
                    cover: article.cover.clone(),
                    draft,
                    problem,
                }
            }
            Channel::Hugo => {
                let settings = self.hugo_settings(&scope).await?;
                PublishPreview::Hugo {
                    file: hugo::plan(&settings, article, &self.config.media_dir)?,
                }
            }
            Channel::Csdn => PublishPreview::Csdn {
                clipboard: clipboard_for(channel, &loaded),
            },
            Channel::Zhihu => PublishPreview::Zhihu {
                clipboard: clipboard_for(channel, &loaded),
            },
        })
    }

    /// Publishes a content item to one channel and records the attempt.
    pub async fn publish_content(
        &self,
        content_id: i64,
        channel: Channel,
        options: PublishOptions,
    ) -> Result<PublishResult> {
        let scope = self.scope().await?;
        let loaded = self.load_article(&scope, content_id, &options).await?;
        let article = &loaded.article;
        let status = crate::content::ContentStatus::stored(&loaded.status)?;
        if !crate::content::workflow::may_publish(status, scope.is_admin()) {
            return Err(CoreError::new(
                ErrorCode::InvalidTransition,
                "Only approved content can be published. Submit it for review, or ask an admin.",
                "只有已审核通过的内容才能发布。请先提交审核，或请管理员发布。",
            ));
        }
        self.require_enabled(&scope, channel).await?;

        let record_id = self.start_record(&scope, content_id, channel).await?;
        let mut clipboard = None;
        let outcome = match channel {
            Channel::Wechat => self.send_to_wechat(&scope, article, &options).await,
            Channel::Hugo => self.write_to_hugo(&scope, article).await,
            Channel::Csdn | Channel::Zhihu => {
                clipboard = Some(clipboard_for(channel, &loaded));
                Ok(Settle::Draft {
                    platform_id: String::new(),
                })
            }
        };
        match outcome {
            Ok(settle) => {
                let record = self
                    .settle_record(&scope, record_id, RecordStatus::Pending, settle)
                    .await?;
                Ok(PublishResult { record, clipboard })
            }
            Err(err) => {
                self.settle_record(
                    &scope,
                    record_id,
                    RecordStatus::Pending,
                    Settle::Failed(err.clone()),
                )
                .await?;
                Err(err)
            }
        }
    }

    async fn write_to_hugo(&self, scope: &Scope, article: &Article) -> Result<Settle> {
        let settings: HugoSettings = self.hugo_settings(scope).await?;
        let file = hugo::plan(&settings, article, &self.config.media_dir)?;
        if !file.missing_images.is_empty() {
            let names = file.missing_images.join(", ");
            return Err(CoreError::validation(
                "image",
                format!("These images are missing from the media folder: {names}. Re-add them to the article."),
                format!("媒体文件夹中缺少这些图片：{names}。请重新添加到文章中。"),
            ));
        }
        hugo::write(&settings, &file)?;
        Ok(Settle::Published {
            platform_id: Some(file.path),
            url: None,
        })
    }

    async fn send_to_wechat(
        &self,
        scope: &Scope,
        article: &Article,
        options: &PublishOptions,
    ) -> Result<Settle> {
        // Limits first: a title that is too long must cost no upload and no quota.
        let draft = self.wechat_draft(article, options, &HashMap::new());
        check_limits(&draft.title, &draft.digest, &draft.content)?;
        let cover_src = article
            .cover
            .clone()
            .or_else(|| {
                markdown::image_sources(&article.markdown)
                    .into_iter()
                    .next()
            })
            .ok_or_else(|| {
                CoreError::validation(
                    "cover_image",
                    "WeChat drafts need a cover image. Add a cover (JPG or PNG) to the content.",
                    "微信草稿需要封面图片，请为内容添加封面（JPG 或 PNG）。",
                )
            })?;

        let settings = self.wechat_settings(scope).await?;
        let client = WechatClient::new(self, scope.community_id, settings)?;
        // Fetch and check every image before the first upload.
        let mut files = Vec::new();
        for src in markdown::image_sources(&article.markdown) {
            let bytes = self.image_bytes(&client, &src, UPLOADIMG_MAX_BYTES).await?;
            super::wechat::client::check_image(&src, &bytes, UPLOADIMG_MAX_BYTES)?;
            files.push((src, bytes));
        }
        let cover = self
            .image_bytes(&client, &cover_src, MATERIAL_MAX_BYTES)
            .await?;
        super::wechat::client::check_image(&cover_src, &cover, MATERIAL_MAX_BYTES)?;

        let mut urls = HashMap::new();
        for (src, bytes) in files {
            let url = client.upload_image(&src, bytes).await?;
            urls.insert(src, url);
        }
        let thumb = client.add_cover(&cover_src, cover).await?;
        let mut draft = self.wechat_draft(article, options, &urls);
        draft.thumb_media_id = thumb;
        let media_id = client.add_draft(&draft).await?;
        tracing::info!(content = article.content_id, "wechat draft created");
        Ok(Settle::Draft {
            platform_id: media_id,
        })
    }

    /// An image's bytes: a file in the media folder, or a download of at most `max` bytes
    /// (anything longer is cut and then refused by the size check).
    async fn image_bytes(
        &self,
        client: &WechatClient<'_>,
        src: &str,
        max: usize,
    ) -> Result<Vec<u8>> {
        let unreadable = || {
            CoreError::validation(
                "image",
                format!("The image {src} could not be read. Re-add it to the article."),
                format!("无法读取图片 {src}，请重新添加到文章中。"),
            )
        };
        if let Some(path) = markdown::resolve_local(&self.config.media_dir, src) {
            return tokio::fs::read(&path).await.map_err(|_| unreadable());
        }
        if !markdown::is_remote(src) {
            return Err(unreadable());
        }
        let mut reply = client
            .http()
            .get(src)
            .send()
            .await
            .map_err(|_| unreadable())?;
        if !reply.status().is_success() {
            return Err(unreadable());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = reply.chunk().await.map_err(|_| unreadable())? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max {
                break;
            }
        }
        Ok(bytes)
    }
}
