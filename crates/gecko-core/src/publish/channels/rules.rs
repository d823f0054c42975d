//! The rules a channel setting must pass before it is saved, each failure naming its field
//! and the fix.

use super::{StoredSettings, DEFAULT_HUGO_CONTENT_DIR, DEFAULT_WECHAT_API};
use crate::error::{CoreError, Result};
use crate::validate;
use std::path::{Component, Path};

/// An API base URL: http(s) with a host, without a trailing slash.
pub(super) fn api_base_url(value: Option<&str>) -> Result<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let Some(value) = value else {
        return Ok(DEFAULT_WECHAT_API.to_string());
    };
    let valid = url::Url::parse(value)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
    if valid.is_none() || value.len() > 500 {
        return Err(CoreError::validation(
            "api_base_url",
            "Enter the API address as a full URL, like https://api.weixin.qq.com.",
            "请输入完整的 API 地址，例如 https://api.weixin.qq.com。",
        ));
    }
    Ok(value.trim_end_matches('/').to_string())
}

/// A content folder inside the site: relative, without `..`.
pub(super) fn content_dir(value: Option<&str>) -> Result<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let Some(value) = value else {
        return Ok(DEFAULT_HUGO_CONTENT_DIR.to_string());
    };
    let path = Path::new(value);
    let inside = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || value.len() > 300 {
        return Err(CoreError::validation(
            "content_dir",
            "The content folder must be a folder inside the site, like content/posts (no '..').",
            "内容文件夹必须位于站点之内，例如 content/posts（不能包含“..”）。",
        ));
    }
    Ok(value.trim_end_matches('/').to_string())
}

pub(super) fn site_path(value: &str) -> Result<String> {
    let value = validate::text("site_path", value, 1, 1000)?;
    if !Path::new(&value).is_absolute() || !Path::new(&value).is_dir() {
        return Err(CoreError::validation(
            "site_path",
            "Choose the Hugo site's folder (an existing folder on this computer).",
            "请选择 Hugo 站点所在的文件夹（本机上已存在的文件夹）。",
        ));
    }
    Ok(value)
}

pub(super) fn app_id(value: &str) -> Result<String> {
    let value = validate::text("app_id", value, 1, 64)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(CoreError::validation(
            "app_id",
            "The AppID is the letters and digits shown in the WeChat back office (like wx1234…).",
            "AppID 应为公众号后台显示的字母与数字（形如 wx1234…）。",
        ));
    }
    Ok(value)
}

pub(super) fn cookie_text(value: &str) -> Result<String> {
    if value.chars().count() > 8000 || value.contains(['\n', '\r']) {
        return Err(CoreError::validation(
            "cookie",
            "Paste the cookie as one line of at most 8000 characters.",
            "请将 Cookie 粘贴为一行，且不超过 8000 个字符。",
        ));
    }
    Ok(value.trim().to_string())
}

pub(super) fn wrong_channel() -> CoreError {
    CoreError::validation(
        "channel",
        "These settings belong to another channel.",
        "设置与所选渠道不一致。",
    )
}

/// Names of the fields that changed; secret fields are named, never shown.
pub(super) fn changed_fields(old: &StoredSettings, new: &StoredSettings) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let pairs: [(&'static str, bool); 7] = [
        ("app_id", old.app_id != new.app_id),
        ("app_secret", old.app_secret != new.app_secret),
        ("api_base_url", old.api_base_url != new.api_base_url),
        ("site_path", old.site_path != new.site_path),
        ("content_dir", old.content_dir != new.content_dir),
        ("front_matter", old.front_matter != new.front_matter),
        ("cookie", old.cookie != new.cookie),
    ];
    for (name, differs) in pairs {
        if differs {
            changed.push(name);
        }
    }
    changed
}
