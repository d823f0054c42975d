//! Input rules shared by every command: each failure names its field and says the fix.

use crate::error::{CoreError, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// Trims `value` and checks its length in characters.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String> {
    no_nul(field, value)?;
    let value = value.trim();
    let len = value.chars().count();
    if len < min || len > max {
        return Err(if min > 0 && len == 0 {
            CoreError::validation(
                field,
                format!("{field} must not be empty."),
                format!("{field} 不能为空。"),
            )
        } else {
            CoreError::validation(
                field,
                format!("{field} must be {min} to {max} characters long."),
                format!("{field} 长度须为 {min} 到 {max} 个字符。"),
            )
        });
    }
    Ok(value.to_string())
}

/// Like [`text`] but an empty value becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(field, v, 1, max).map(Some),
    }
}

/// NUL cannot be stored by PostgreSQL and cuts SQLite's full-text search short: refused with
/// the field named, the same on both backends.
pub fn no_nul(field: &str, value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(CoreError::validation(
            field,
            format!("{field} contains a NUL character; remove it."),
            format!("{field} 含有 NUL 字符，请删除。"),
        ));
    }
    Ok(())
}

/// A date a person entered, within the years both backends store ([`crate::db::YEARS`]).
pub fn date(field: &str, value: NaiveDate) -> Result<NaiveDate> {
    year(field, value.year())?;
    Ok(value)
}

/// An instant a person entered, within the years both backends store.
pub fn instant(field: &str, value: DateTime<Utc>) -> Result<DateTime<Utc>> {
    year(field, value.year())?;
    Ok(value)
}

fn year(field: &str, year: i32) -> Result<()> {
    if !crate::db::YEARS.contains(&year) {
        return Err(CoreError::validation(
            field,
            "Enter a date between the years 1 and 9999.",
            "请输入 1 至 9999 年之间的日期。",
        ));
    }
    Ok(())
}

/// Characters an address may hold besides letters and digits: the unquoted local part's
/// specials of RFC 5322 (no `<>()[],;:"\`, which would break a mail header) and the domain's
/// dots and hyphens.
fn email_char(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
}

pub fn email(field: &str, value: &str) -> Result<String> {
    let value = value.trim().to_lowercase();
    let valid = value.len() <= 200
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.chars().all(email_char)
                    && domain
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if !valid {
        return Err(CoreError::validation(
            field,
            "Enter a valid email address, like name@example.org.",
            "请输入有效的邮箱地址，例如 name@example.org。",
        ));
    }
    Ok(value)
}

pub fn optional_email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => email(field, v).map(Some),
    }
}

/// Lower-case letters, digits and hyphens, 1–100 characters.
pub fn slug(field: &str, value: &str) -> Result<String> {
    let ok = !value.is_empty()
        && value.len() <= 100
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        return Err(CoreError::validation(
            field,
            "Use 1 to 100 lower-case letters, digits or hyphens.",
            "只能使用 1 到 100 个小写字母、数字或连字符。",
        ));
    }
    Ok(value.to_string())
}

pub fn url(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && value.len() <= 500 => {
            Ok(Some(value.to_string()))
        }
        _ => Err(CoreError::validation(
            field,
            "Enter a full web address starting with http:// or https://.",
            "请输入以 http:// 或 https:// 开头的完整网址。",
        )),
    }
}

pub fn timezone(field: &str, value: &str) -> Result<chrono_tz::Tz> {
    value.parse::<chrono_tz::Tz>().map_err(|_| {
        CoreError::validation(
            field,
            "Choose a time zone from the list, like Asia/Shanghai.",
            "请从列表中选择时区，例如 Asia/Shanghai。",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("e", " Ann@Example.ORG ").unwrap(), "ann@example.org");
        for good in [
            "o'brien+tag@example.org",
            "张@例子.中国",
            "a-b.c_d@sub-1.example.org",
        ] {
            assert!(email("e", good).is_ok(), "{good} refused");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@@b.c",
            "a b@c.d",
            "@c.d",
            "a@.c",
            "a@c.",
            "a@c..d",
            "<a>@b.c",
            "a@b.c>",
            "a,b@c.d",
            "a\0@b.c",
            "\"a\"@b.c",
        ] {
            assert!(email("e", bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn slugs() {
        assert!(slug("s", "open-euler-2").is_ok());
        for bad in ["", "Upper", "with space", "ü", "a_b", &"a".repeat(101)] {
            assert!(slug("s", bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn nul_and_far_years_are_refused_with_the_field() {
        assert_eq!(
            text("t", "a\0b", 0, 9).unwrap_err().field.as_deref(),
            Some("t")
        );
        assert!(date("d", NaiveDate::from_ymd_opt(0, 12, 31).unwrap()).is_err());
        assert!(date("d", NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()).is_ok());
        assert!(instant("i", DateTime::<Utc>::MAX_UTC).is_err());
    }

    #[test]
    fn text_counts_characters_not_bytes() {
        assert!(text("t", "中文标题", 1, 4).is_ok());
        assert!(text("t", "   ", 1, 4).unwrap_err().field.as_deref() == Some("t"));
    }
}
