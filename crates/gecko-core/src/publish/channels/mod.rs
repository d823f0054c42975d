//! Channel settings: one config per (community, channel), with secrets encrypted at rest and
//! masked on the way out.
//!
//! The UI gets secrets back as `••••abcd`; when it sends such a mask back unchanged, the stored
//! secret is kept. So a settings form can round-trip without ever holding a plain secret.

use super::secrets::{is_masked, Secret};
use super::Channel;
use crate::audit::{self, AuditEntry};
use crate::core::{Core, Scope};
use crate::error::{CoreError, Result};
use rules::{
    api_base_url, app_id, changed_fields, content_dir, cookie_text, site_path, wrong_channel,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::PathBuf;

mod rules;

pub const DEFAULT_WECHAT_API: &str = "https://api.weixin.qq.com";
pub const DEFAULT_HUGO_CONTENT_DIR: &str = "content/posts";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FrontMatterFormat {
    #[default]
    Yaml,
    Toml,
}

/// Settings as the UI sends them. A secret field that is `None` or a mask keeps the stored
/// value; an empty string clears an optional secret.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum ChannelSettingsInput {
    Wechat {
        app_id: String,
        app_secret: Option<String>,
        api_base_url: Option<String>,
    },
    Hugo {
        site_path: String,
        content_dir: Option<String>,
        front_matter: FrontMatterFormat,
    },
    Csdn {
        cookie: Option<String>,
    },
    Zhihu {
        cookie: Option<String>,
    },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ChannelConfigInput {
    pub enabled: bool,
    pub settings: ChannelSettingsInput,
}

/// Settings as the UI sees them: secrets masked.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum ChannelSettingsView {
    Wechat {
        app_id: String,
        app_secret: Option<String>,
        api_base_url: String,
    },
    Hugo {
        site_path: String,
        content_dir: String,
        front_matter: FrontMatterFormat,
    },
    Csdn {
        cookie: Option<String>,
    },
    Zhihu {
        cookie: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ChannelConfigView {
    pub channel: Channel,
    pub enabled: bool,
    /// False when no config was ever saved for this channel.
    pub configured: bool,
    pub settings: ChannelSettingsView,
}

/// The stored JSON of each channel (secrets as Fernet tokens).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct StoredSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) app_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) api_base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) site_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) content_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) front_matter: Option<FrontMatterFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) cookie: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ConfigRow {
    channel: String,
    config: sqlx::types::Json<Value>,
    enabled: bool,
}

/// WeChat settings, decrypted, for the client.
#[derive(Debug, Clone)]
pub struct WechatSettings {
    pub app_id: String,
    pub app_secret: Secret,
    pub api_base_url: String,
}

/// Hugo settings for the writer.
#[derive(Debug, Clone, PartialEq)]
pub struct HugoSettings {
    pub site_path: PathBuf,
    pub content_dir: String,
    pub front_matter: FrontMatterFormat,
}

impl Core {
    async fn config_row(&self, community_id: i64, channel: Channel) -> Result<Option<ConfigRow>> {
        self.db
            .fetch_optional(
                "SELECT channel, config, enabled FROM channel_configs \
                 WHERE community_id = $1 AND channel = $2",
                crate::args![community_id, channel.as_str()],
            )
            .await
    }

    /// A stored secret shown as a mask; `••••` alone while secrets are locked.
    fn masked(&self, token: &Option<String>) -> Option<String> {
        token.as_ref().map(|t| match self.decrypt_secret(t) {
            Ok(secret) => secret.masked(),
            Err(_) => "••••".to_string(),
        })
    }

    fn view(&self, channel: Channel, row: Option<&ConfigRow>) -> ChannelConfigView {
        let stored: StoredSettings = row
            .and_then(|r| serde_json::from_value(r.config.0.clone()).ok())
            .unwrap_or_default();
        let settings = match channel {
            Channel::Wechat => ChannelSettingsView::Wechat {
                app_id: stored.app_id.clone().unwrap_or_default(),
                app_secret: self.masked(&stored.app_secret),
                api_base_url: stored
                    .api_base_url
                    .clone()
                    .unwrap_or_else(|| DEFAULT_WECHAT_API.into()),
            },
            Channel::Hugo => ChannelSettingsView::Hugo {
                site_path: stored.site_path.clone().unwrap_or_default(),
                content_dir: stored
                    .content_dir
                    .clone()
                    .unwrap_or_else(|| DEFAULT_HUGO_CONTENT_DIR.into()),
                front_matter: stored.front_matter.unwrap_or_default(),
            },
            Channel::Csdn => ChannelSettingsView::Csdn {
                cookie: self.masked(&stored.cookie),
            },
            Channel::Zhihu => ChannelSettingsView::Zhihu {
                cookie: self.masked(&stored.cookie),
            },
        };
        ChannelConfigView {
            channel,
            enabled: row.is_some_and(|r| r.enabled),
            configured: row.is_some(),
            settings,
        }
    }

    /// Every channel of the current community, secrets masked (admins only).
    pub async fn get_channel_configs(&self) -> Result<Vec<ChannelConfigView>> {
        let scope = self.admin_scope().await?;
        let rows: Vec<ConfigRow> = self
            .db
            .fetch_all(
                "SELECT channel, config, enabled FROM channel_configs WHERE community_id = $1",
                crate::args![scope.community_id],
            )
            .await?;
        Ok(Channel::ALL
            .into_iter()
            .map(|c| self.view(c, rows.iter().find(|r| r.channel == c.as_str())))
            .collect())
    }

    /// A secret field's new stored value: kept when absent or masked, cleared when empty,
    /// encrypted otherwise.
    fn next_secret(&self, input: Option<&str>, old: Option<String>) -> Result<Option<String>> {
        match input.map(str::trim) {
            None => Ok(old),
            Some(v) if is_masked(v) => Ok(old),
            Some("") => Ok(None),
            Some(v) => Ok(Some(self.encrypt_secret(&Secret::new(v))?)),
        }
    }

    /// Saves one channel's settings (admins only). Audited without any secret.
    pub async fn save_channel_config(
        &self,
        channel: Channel,
        input: ChannelConfigInput,
    ) -> Result<ChannelConfigView> {
        let scope = self.admin_scope().await?;
        let old_row = self.config_row(scope.community_id, channel).await?;
        let old: StoredSettings = old_row
            .as_ref()
            .and_then(|r| serde_json::from_value(r.config.0.clone()).ok())
            .unwrap_or_default();
        let mut secret_changed = false;

        let new = match (channel, &input.settings) {
            (
                Channel::Wechat,
                ChannelSettingsInput::Wechat {
                    app_id: id,
                    app_secret,
                    api_base_url: base,
                },
            ) => {
                let app_secret = self.next_secret(app_secret.as_deref(), old.app_secret.clone())?;
                if app_secret.is_none() {
                    return Err(CoreError::validation(
                        "app_secret",
                        "Enter the AppSecret from the WeChat back office.",
                        "请输入公众号后台的 AppSecret。",
                    ));
                }
                secret_changed = app_secret != old.app_secret;
                StoredSettings {
                    app_id: Some(app_id(id)?),
                    app_secret,
                    api_base_url: Some(api_base_url(base.as_deref())?),
                    ..Default::default()
                }
            }
            (
                Channel::Hugo,
                ChannelSettingsInput::Hugo {
                    site_path: site,
                    content_dir: dir,
                    front_matter,
                },
            ) => StoredSettings {
                site_path: Some(site_path(site)?),
                content_dir: Some(content_dir(dir.as_deref())?),
                front_matter: Some(*front_matter),
                ..Default::default()
            },
            (Channel::Csdn, ChannelSettingsInput::Csdn { cookie })
            | (Channel::Zhihu, ChannelSettingsInput::Zhihu { cookie }) => {
                let cookie = cookie.as_deref().map(cookie_text).transpose()?;
                let cookie = self.next_secret(cookie.as_deref(), old.cookie.clone())?;
                secret_changed = cookie != old.cookie;
                StoredSettings {
                    cookie,
                    ..Default::default()
                }
            }
            _ => return Err(wrong_channel()),
        };

        let config = serde_json::to_value(&new)?;
        let mut tx = self.db.begin().await?;
        let id: i64 = tx
            .scalar(
                "INSERT INTO channel_configs (community_id, channel, config, enabled) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (community_id, channel) \
                 DO UPDATE SET config = excluded.config, enabled = excluded.enabled RETURNING id",
                crate::args![scope.community_id, channel.as_str(), config, input.enabled],
            )
            .await?;
        audit::record(
            &mut tx,
            self.now(),
            AuditEntry::new("save_channel_config", "channel_config")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({
                    "channel": channel.as_str(),
                    "enabled": [old_row.as_ref().map(|r| r.enabled), input.enabled],
                    "changed": changed_fields(&old, &new),
                    "secret_changed": secret_changed,
                })),
        )
        .await?;
        tx.commit().await?;
        if channel == Channel::Wechat {
            // New credentials must not keep using a token fetched with the old ones.
            self.publish
                .tokens
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&scope.community_id);
        }
        tracing::info!(channel = channel.as_str(), "channel config saved");

        let row = self.config_row(scope.community_id, channel).await?;
        Ok(self.view(channel, row.as_ref()))
    }

    /// The channel's row, refused when missing or disabled.
    async fn enabled_config(&self, scope: &Scope, channel: Channel) -> Result<StoredSettings> {
        let row = self.config_row(scope.community_id, channel).await?;
        match row {
            Some(r) if r.enabled => Ok(serde_json::from_value(r.config.0)?),
            _ => Err(CoreError::validation(
                "channel",
                format!(
                    "The {} channel is not set up or is turned off. An admin can enable it in \
                     Settings → Channels.",
                    channel.as_str()
                ),
                format!(
                    "{} 渠道尚未配置或已停用，管理员可在“设置 → 渠道”中启用。",
                    channel.as_str()
                ),
            )),
        }
    }

    pub(crate) async fn wechat_settings(&self, scope: &Scope) -> Result<WechatSettings> {
        let s = self.enabled_config(scope, Channel::Wechat).await?;
        let token = s.app_secret.ok_or_else(|| {
            CoreError::validation("app_secret", "Enter the AppSecret.", "请填写 AppSecret。")
        })?;
        Ok(WechatSettings {
            app_id: s.app_id.unwrap_or_default(),
            app_secret: self.decrypt_secret(&token)?,
            api_base_url: s.api_base_url.unwrap_or_else(|| DEFAULT_WECHAT_API.into()),
        })
    }

    pub(crate) async fn hugo_settings(&self, scope: &Scope) -> Result<HugoSettings> {
        let s = self.enabled_config(scope, Channel::Hugo).await?;
        Ok(HugoSettings {
            site_path: PathBuf::from(s.site_path.unwrap_or_default()),
            content_dir: s
                .content_dir
                .unwrap_or_else(|| DEFAULT_HUGO_CONTENT_DIR.into()),
            front_matter: s.front_matter.unwrap_or_default(),
        })
    }

    pub(crate) async fn require_enabled(&self, scope: &Scope, channel: Channel) -> Result<()> {
        self.enabled_config(scope, channel).await.map(|_| ())
    }
}
