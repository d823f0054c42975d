//! WeChat's numeric error codes as sentences a person can act on, in English and Chinese.
//!
//! The errmsg WeChat sends is English jargon plus a request id; we keep it only in the log,
//! except for the caller's IP in 40164, which the user needs to add to the whitelist.

use crate::error::{CoreError, ErrorCode};

/// The IP address WeChat names in a 40164 errmsg ("invalid ip 1.2.3.4 ipv6 …, not in whitelist").
pub fn ip_from_errmsg(errmsg: &str) -> Option<String> {
    let rest = &errmsg[errmsg.find("invalid ip")? + "invalid ip".len()..];
    rest.split_whitespace()
        .next()
        .map(|ip| ip.trim_matches(|c: char| c == ',' || c == ';').to_string())
        .filter(|ip| {
            ip.chars()
                .all(|c| c.is_ascii_hexdigit() || c == '.' || c == ':')
        })
}

pub fn wechat_error(errcode: i64, errmsg: &str) -> CoreError {
    tracing::warn!(errcode, errmsg, "wechat api error");
    let (en, zh) = match errcode {
        40001 | 40125 => (
            "WeChat refused the AppSecret (invalid credential). Copy the AppSecret again from \
             the WeChat back office (Settings → Basic configuration) and save it in the channel \
             settings."
                .to_string(),
            "微信认为 AppSecret 无效（凭证错误）。请从公众号后台“设置与开发 → 基本配置”重新复制 \
             AppSecret 并保存到渠道设置。"
                .to_string(),
        ),
        40164 => {
            let ip = ip_from_errmsg(errmsg).unwrap_or_else(|| "?".into());
            (
                format!(
                    "This computer's IP address {ip} is not on the account's IP whitelist. Add \
                     {ip} in the WeChat back office (Settings → Basic configuration → IP \
                     whitelist), or set an API base URL whose proxy is whitelisted."
                ),
                format!(
                    "本机 IP 地址 {ip} 不在公众号的 IP 白名单中。请在公众号后台“基本配置 → IP \
                     白名单”中加入 {ip}，或在渠道设置中填写已加入白名单的代理 API 地址。"
                ),
            )
        }
        42001 => (
            "The WeChat access token expired. Try again; the app fetches a new one.".into(),
            "微信 access token 已过期，请重试，应用会重新获取。".into(),
        ),
        45002 => (
            "The article is too long for WeChat. Shorten it (the content must stay under \
             20,000 characters and 1 MB)."
                .into(),
            "文章内容超出微信限制，请删减（须少于 20000 字且小于 1 MB）。".into(),
        ),
        45003 => (
            "The title is too long for WeChat: keep it to 32 characters.".into(),
            "标题超出微信限制：请控制在 32 个字以内。".into(),
        ),
        45004 => (
            "The digest (summary) is too long for WeChat: keep it to 128 characters.".into(),
            "摘要超出微信限制：请控制在 128 个字以内。".into(),
        ),
        40007 => (
            "WeChat does not know the cover image (invalid media id). Publish again so the \
             cover is uploaded anew."
                .into(),
            "微信无法识别封面图片（media id 无效）。请重新发布以再次上传封面。".into(),
        ),
        45009 => (
            "The account has used up today's WeChat API quota. Try again tomorrow, or reset the \
             quota in the WeChat back office."
                .into(),
            "公众号今日的接口调用次数已用完。请明天再试，或在公众号后台重置调用次数。".into(),
        ),
        48001 => (
            "This WeChat account is not authorised to use this API (drafts and material need a \
             verified account). Check the account's interface permissions in the back office."
                .into(),
            "该公众号没有此接口的权限（草稿与素材接口需要认证的公众号），请在后台“接口权限”中确认。"
                .into(),
        ),
        40004 | 40005 | 40113 => (
            "WeChat rejected the image type: use JPG or PNG.".into(),
            "微信不接受该图片格式：请使用 JPG 或 PNG。".into(),
        ),
        40006 | 40009 => (
            "An image is too large for WeChat (inline images ≤ 1 MB, cover ≤ 10 MB).".into(),
            "图片超出微信大小限制（正文图片 ≤ 1 MB，封面 ≤ 10 MB）。".into(),
        ),
        -1 => (
            "WeChat is busy right now. Try again in a minute.".into(),
            "微信服务繁忙，请稍后再试。".into(),
        ),
        code => (
            format!("WeChat refused the request (error {code}). Check the channel settings and try again."),
            format!("微信拒绝了请求（错误码 {code}），请检查渠道设置后重试。"),
        ),
    };
    CoreError::new(ErrorCode::Remote, en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whitelist_error_names_the_ip() {
        let msg = "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1";
        assert_eq!(ip_from_errmsg(msg).as_deref(), Some("203.0.113.7"));
        let err = wechat_error(40164, msg);
        assert!(err.message.contains("203.0.113.7") && err.message_zh.contains("203.0.113.7"));
    }
}
