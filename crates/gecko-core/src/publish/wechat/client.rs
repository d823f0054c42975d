//! The WeChat official-account API client: access token, image uploads, cover material and
//! drafts.
//!
//! The access token comes from `cgi-bin/stable_token` (normal mode, shared by every client of
//! the account), is cached per community in memory and refreshed five minutes before it
//! expires by the Core's clock; if WeChat still answers "expired" (42001) or "invalid
//! credential" (40001) for a call, the token is refreshed once and the call retried once.
//! Limits are checked here before any call, so an over-long title costs no quota.

use super::errors::wechat_error;
use crate::core::Core;
use crate::error::{CoreError, ErrorCode, Result};
use crate::publish::channels::WechatSettings;
use crate::publish::secrets::Secret;
use chrono::{DateTime, Duration, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const TITLE_MAX_CHARS: usize = 32;
pub const DIGEST_MAX_CHARS: usize = 128;
/// Content must be strictly under both.
pub const CONTENT_MAX_CHARS: usize = 20_000;
pub const CONTENT_MAX_BYTES: usize = 1024 * 1024;
pub const UPLOADIMG_MAX_BYTES: usize = 1024 * 1024;
pub const MATERIAL_MAX_BYTES: usize = 10 * 1024 * 1024;
const REFRESH_MARGIN_SECS: i64 = 300;

#[derive(Clone)]
pub struct CachedToken {
    app_id: String,
    base_url: String,
    token: Secret,
    expires_at: DateTime<Utc>,
}

/// One article of a `draft/add` call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DraftArticle {
    pub title: String,
    pub author: String,
    pub digest: String,
    pub content: String,
    pub content_source_url: String,
    pub thumb_media_id: String,
    pub need_open_comment: i32,
    pub only_fans_can_comment: i32,
}

fn limit_error(field: &str, en: String, zh: String) -> CoreError {
    CoreError::validation(field, en, zh)
}

/// WeChat's documented limits, checked before anything is sent.
pub fn check_limits(title: &str, digest: &str, content: &str) -> Result<()> {
    let title_len = title.chars().count();
    if title_len == 0 || title_len > TITLE_MAX_CHARS {
        return Err(limit_error(
            "title",
            format!("WeChat titles must be 1 to {TITLE_MAX_CHARS} characters; this one has {title_len}. Shorten the title."),
            format!("微信标题须为 1 到 {TITLE_MAX_CHARS} 个字，当前 {title_len} 个字，请缩短标题。"),
        ));
    }
    let digest_len = digest.chars().count();
    if digest_len > DIGEST_MAX_CHARS {
        return Err(limit_error(
            "summary",
            format!("WeChat digests must be at most {DIGEST_MAX_CHARS} characters; this one has {digest_len}. Shorten the summary."),
            format!("微信摘要不能超过 {DIGEST_MAX_CHARS} 个字，当前 {digest_len} 个字，请缩短摘要。"),
        ));
    }
    let chars = content.chars().count();
    if chars >= CONTENT_MAX_CHARS || content.len() >= CONTENT_MAX_BYTES {
        return Err(limit_error(
            "content_markdown",
            format!(
                "The article is too long for WeChat: {chars} characters of HTML ({} KB); it must \
                 stay under {CONTENT_MAX_CHARS} characters and 1 MB. Shorten it or split it in two.",
                content.len() / 1024
            ),
            format!(
                "文章对微信来说过长：HTML 共 {chars} 字（{} KB），须少于 {CONTENT_MAX_CHARS} 字且小于 \
                 1 MB。请删减或拆分为两篇。",
                content.len() / 1024
            ),
        ));
    }
    Ok(())
}

/// `(mime type, extension)` of a JPEG or PNG by its first bytes; `None` for anything else.
pub fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else {
        None
    }
}

/// Checks an image before upload: JPEG/PNG and at most `max` bytes.
pub fn check_image(name: &str, bytes: &[u8], max: usize) -> Result<(&'static str, &'static str)> {
    let kind = image_kind(bytes).ok_or_else(|| {
        CoreError::validation(
            "image",
            format!("WeChat accepts only JPG and PNG images; {name} is neither. Convert it and try again."),
            format!("微信只接受 JPG 和 PNG 图片；{name} 不是这两种格式，请转换后重试。"),
        )
    })?;
    if bytes.len() > max {
        return Err(CoreError::validation(
            "image",
            format!(
                "{name} is {} KB; WeChat allows at most {} KB here. Compress it and try again.",
                bytes.len() / 1024,
                max / 1024
            ),
            format!(
                "{name} 大小为 {} KB，微信此处最多允许 {} KB，请压缩后重试。",
                bytes.len() / 1024,
                max / 1024
            ),
        ));
    }
    Ok(kind)
}

/// A transport failure. The URL is stripped before logging: the token request carries the
/// AppSecret in its query string, and every other call the access token.
fn unreachable_error(base: &str, err: reqwest::Error) -> CoreError {
    let err = err.without_url();
    tracing::warn!(error = %err, base, "wechat unreachable");
    CoreError::new(
        ErrorCode::Remote,
        format!("Could not reach the WeChat API at {base}. Check the network or the API base URL in the channel settings."),
        format!("无法连接微信接口 {base}，请检查网络或渠道设置中的 API 地址。"),
    )
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    expires_in: i64,
}

#[derive(Deserialize)]
struct UrlReply {
    url: String,
}

#[derive(Deserialize)]
struct MediaReply {
    media_id: String,
}

/// A client for one community's account.
pub struct WechatClient<'a> {
    core: &'a Core,
    community_id: i64,
    settings: WechatSettings,
    http: reqwest::Client,
}

enum Body {
    Json(Vec<u8>),
    Media {
        bytes: Vec<u8>,
        name: String,
        mime: &'static str,
    },
}

impl<'a> WechatClient<'a> {
    pub fn new(core: &'a Core, community_id: i64, settings: WechatSettings) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| {
                tracing::error!(error = %e, "http client");
                CoreError::internal()
            })?;
        Ok(WechatClient {
            core,
            community_id,
            settings,
            http,
        })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    fn base(&self) -> &str {
        &self.settings.api_base_url
    }

    /// A valid access token: the cached one unless it is about to expire or `force`.
    async fn token(&self, force: bool) -> Result<Secret> {
        let now = self.core.now();
        if !force {
            let cache = self
                .core
                .publish
                .tokens
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if let Some(t) = cache.get(&self.community_id) {
                if t.app_id == self.settings.app_id
                    && t.base_url == self.settings.api_base_url
                    && now + Duration::seconds(REFRESH_MARGIN_SECS) < t.expires_at
                {
                    return Ok(t.token.clone());
                }
            }
        }
        // The stable token: every client of a team asking in normal mode gets the same token,
        // so two members publishing for one account never invalidate each other's token (the
        // classic `cgi-bin/token` issues a new token per call and revokes the previous one).
        let body = serde_json::to_vec(&serde_json::json!({
            "grant_type": "client_credential",
            "appid": self.settings.app_id,
            "secret": self.settings.app_secret.expose(),
            "force_refresh": false,
        }))?;
        let reply = self
            .http
            .post(format!("{}/cgi-bin/stable_token", self.base()))
            .header("Content-Type", "application/json; charset=utf-8")
            .body(body)
            .send()
            .await
            .map_err(|e| unreachable_error(self.base(), e))?;
        let reply: TokenReply = self.decode(reply).await?;
        let token = Secret::new(reply.access_token);
        let cached = CachedToken {
            app_id: self.settings.app_id.clone(),
            base_url: self.settings.api_base_url.clone(),
            token: token.clone(),
            expires_at: now + Duration::seconds(reply.expires_in),
        };
        self.core
            .publish
            .tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(self.community_id, cached);
        tracing::info!(
            community = self.community_id,
            "wechat access token refreshed"
        );
        Ok(token)
    }

    /// Reads a reply: an `errcode` other than 0 becomes a readable error.
    async fn decode<T: DeserializeOwned>(&self, reply: reqwest::Response) -> Result<T> {
        self.decode_raw(reply).await?.map_err(CoreError::from)
    }

    /// Reads a reply, keeping an `errcode` apart so the caller can decide to retry.
    async fn decode_raw<T: DeserializeOwned>(
        &self,
        reply: reqwest::Response,
    ) -> Result<std::result::Result<T, ApiError>> {
        let bytes = reply
            .bytes()
            .await
            .map_err(|e| unreachable_error(self.base(), e))?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|_| {
            CoreError::new(
                ErrorCode::Remote,
                "WeChat answered with something that is not JSON. Check the API base URL.",
                "微信接口返回的不是 JSON，请检查 API 地址。",
            )
        })?;
        if let Some(code) = value.get("errcode").and_then(Value::as_i64) {
            if code != 0 {
                let msg = value.get("errmsg").and_then(Value::as_str).unwrap_or("");
                return Ok(Err(ApiError {
                    code,
                    msg: msg.to_string(),
                }));
            }
        }
        serde_json::from_value(value).map(Ok).map_err(|_| {
            CoreError::new(
                ErrorCode::Remote,
                "WeChat's answer was missing a field. Check the API base URL.",
                "微信接口的返回缺少字段，请检查 API 地址。",
            )
        })
    }

    /// Calls `path` with the access token; on an expired/invalid token, refreshes once and
    /// retries once.
    async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        body: Body,
    ) -> Result<T> {
        let mut force = false;
        loop {
            let token = self.token(force).await?;
            let mut q: Vec<(&str, &str)> = vec![("access_token", token.expose())];
            q.extend_from_slice(query);
            let request = self.http.post(format!("{}/{path}", self.base())).query(&q);
            let request = match &body {
                Body::Json(bytes) => request
                    .header("Content-Type", "application/json; charset=utf-8")
                    .body(bytes.clone()),
                Body::Media { bytes, name, mime } => {
                    let part = reqwest::multipart::Part::bytes(bytes.clone())
                        .file_name(name.clone())
                        .mime_str(mime)
                        .map_err(|_| CoreError::internal())?;
                    request.multipart(reqwest::multipart::Form::new().part("media", part))
                }
            };
            let reply = request
                .send()
                .await
                .map_err(|e| unreachable_error(self.base(), e))?;
            match self.decode_raw::<T>(reply).await? {
                Ok(value) => return Ok(value),
                Err(api) if !force && matches!(api.code, 40001 | 42001) => {
                    tracing::info!(code = api.code, "wechat token rejected; refreshing once");
                    force = true;
                }
                Err(api) => return Err(api.into()),
            }
        }
    }

    /// Uploads an image for use inside an article; returns WeChat's URL for it.
    pub async fn upload_image(&self, name: &str, bytes: Vec<u8>) -> Result<String> {
        let (mime, ext) = check_image(name, &bytes, UPLOADIMG_MAX_BYTES)?;
        let body = Body::Media {
            bytes,
            name: upload_name(name, ext),
            mime,
        };
        let reply: UrlReply = self.call("cgi-bin/media/uploadimg", &[], body).await?;
        Ok(reply.url)
    }

    /// Uploads the cover as permanent image material; returns its media id.
    pub async fn add_cover(&self, name: &str, bytes: Vec<u8>) -> Result<String> {
        let (mime, ext) = check_image(name, &bytes, MATERIAL_MAX_BYTES)?;
        let body = Body::Media {
            bytes,
            name: upload_name(name, ext),
            mime,
        };
        let reply: MediaReply = self
            .call("cgi-bin/material/add_material", &[("type", "image")], body)
            .await?;
        Ok(reply.media_id)
    }

    /// Creates a draft; returns its media id.
    pub async fn add_draft(&self, article: &DraftArticle) -> Result<String> {
        check_limits(&article.title, &article.digest, &article.content)?;
        // serde_json writes non-ASCII as raw UTF-8 (never \uXXXX), which WeChat requires.
        let body = serde_json::to_vec(&serde_json::json!({ "articles": [article] }))?;
        let reply: MediaReply = self
            .call("cgi-bin/draft/add", &[], Body::Json(body))
            .await?;
        Ok(reply.media_id)
    }
}

fn upload_name(name: &str, ext: &str) -> String {
    let stem: String = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let stem = if stem.is_empty() {
        "image".to_string()
    } else {
        stem
    };
    format!("{stem}.{ext}")
}

/// An `errcode` reply, kept apart so the retry logic can look at the code.
#[derive(Debug, Clone)]
struct ApiError {
    code: i64,
    msg: String,
}

impl From<ApiError> for CoreError {
    fn from(e: ApiError) -> Self {
        wechat_error(e.code, &e.msg)
    }
}
