//! CSV import and export of a committee's members.
//!
//! This file is the format alone (no database): reading a file into checked members with an
//! error per bad row, and writing members back. Files must be UTF-8 (a byte-order mark is
//! fine; GBK from older Excel is refused with the fix). Roles share one cell,
//! comma-separated. Export guards against spreadsheet formula injection: a cell starting with
//! `=`, `+`, `-`, `@`, tab or CR (after any run of apostrophes) gets one more leading `'`, and
//! import removes exactly one, so export → import → export gives the same bytes.

use super::members::{validated, CommitteeMemberInput};
use crate::error::{CoreError, Result};
use chrono::NaiveDate;
use serde::Serialize;

/// The columns, in export order, with the Chinese headings also accepted on import.
const COLUMNS: [(&str, &str); 13] = [
    ("name", "姓名"),
    ("email", "邮箱"),
    ("phone", "电话"),
    ("wechat", "微信"),
    ("organization", "单位"),
    ("gitcode_id", "GitCode"),
    ("github_id", "GitHub"),
    ("roles", "角色"),
    ("term_start", "任期开始"),
    ("term_end", "任期结束"),
    ("is_active", "在任"),
    ("bio", "简介"),
    ("avatar_url", "头像"),
];

const MAX_BYTES: usize = 10 * 1024 * 1024;
const MAX_ROWS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ImportRowError {
    /// Line in the file, 1 = the header.
    pub line: u32,
    pub reason: String,
    pub reason_zh: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ImportPreview {
    pub rows_ok: u32,
    pub errors: Vec<ImportRowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ImportResult {
    pub imported: u32,
}

pub(crate) fn file_error(en: impl Into<String>, zh: impl Into<String>) -> CoreError {
    CoreError::validation("file", en, zh)
}

/// Prefixes a cell a spreadsheet would run as a formula (see the module docs).
fn neutralise(cell: &str) -> String {
    let rest = cell.trim_start_matches('\'');
    if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Undoes [`neutralise`].
fn restore(cell: &str) -> &str {
    let rest = cell.trim_start_matches('\'');
    if rest.len() < cell.len() && rest.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        &cell[1..]
    } else {
        cell
    }
}

fn parse_bool(cell: &str) -> Option<bool> {
    match cell.trim().to_lowercase().as_str() {
        "" | "true" | "yes" | "1" | "y" | "是" | "在任" => Some(true),
        "false" | "no" | "0" | "n" | "否" | "离任" => Some(false),
        _ => None,
    }
}

fn parse_date(field: &str, cell: &str) -> Result<Option<NaiveDate>> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(cell, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(cell, "%Y/%m/%d"))
        .map(Some)
        .map_err(|_| {
            CoreError::validation(
                field,
                format!("{field}: write the date as YYYY-MM-DD, like 2026-01-31."),
                format!("{field}：日期请写成 YYYY-MM-DD，例如 2026-01-31。"),
            )
        })
}

/// A good row and the line it starts on.
pub type LineMember = (u32, CommitteeMemberInput);

/// One parsed row, or why it is wrong.
fn member_from_row(
    columns: &[usize],
    record: &::csv::StringRecord,
) -> Result<CommitteeMemberInput> {
    let mut cells: [&str; 13] = [""; 13];
    for (position, &column) in columns.iter().enumerate() {
        cells[column] = restore(record.get(position).unwrap_or(""));
    }
    let text = |i: usize| Some(cells[i].to_string());
    let input = CommitteeMemberInput {
        name: cells[0].to_string(),
        email: text(1),
        phone: text(2),
        wechat: text(3),
        organization: text(4),
        gitcode_id: text(5),
        github_id: text(6),
        roles: cells[7]
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect(),
        term_start: parse_date("term_start", cells[8])?,
        term_end: parse_date("term_end", cells[9])?,
        is_active: parse_bool(cells[10]).ok_or_else(|| {
            CoreError::validation(
                "is_active",
                "is_active: write true or false.",
                "在任：请填写 true 或 false（是/否）。",
            )
        })?,
        bio: text(11),
        avatar_url: text(12),
    };
    validated(&input)
}

/// Reads the whole file: the valid members, and an error per bad row.
pub fn parse_members(bytes: &[u8]) -> Result<(Vec<LineMember>, Vec<ImportRowError>)> {
    if bytes.len() > MAX_BYTES {
        return Err(file_error(
            "The file is larger than 10 MB; split it into smaller files.",
            "文件超过 10 MB，请拆分后再导入。",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        file_error(
            format!(
                "The file is not UTF-8 (byte {} is invalid); in Excel choose \"CSV UTF-8\" when \
                 saving, then import again.",
                e.valid_up_to() + 1
            ),
            format!(
                "文件不是 UTF-8 编码（第 {} 字节无效）；请在 Excel 中另存为“CSV UTF-8”后重新导入。",
                e.valid_up_to() + 1
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());

    let headers = reader.headers().map_err(|_| {
        file_error(
            "The first line must name the columns.",
            "第一行必须是列名。",
        )
    })?;
    let mut columns = Vec::with_capacity(headers.len());
    for heading in headers.iter() {
        let heading = heading.trim();
        let known = COLUMNS.iter().position(|(en, zh)| {
            heading.eq_ignore_ascii_case(en) || heading.eq_ignore_ascii_case(zh)
        });
        match known {
            Some(i) if !columns.contains(&i) => columns.push(i),
            _ => {
                let expected: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
                return Err(file_error(
                    format!(
                        "Unknown or repeated column \"{heading}\"; use these headings: {}.",
                        expected.join(", ")
                    ),
                    format!(
                        "未知或重复的列“{heading}”；请使用这些列名：{}。",
                        expected.join(", ")
                    ),
                ));
            }
        }
    }
    if !columns.contains(&0) {
        return Err(file_error(
            "The file needs a \"name\" column.",
            "文件必须包含“name”（姓名）列。",
        ));
    }

    let mut members = Vec::new();
    let mut errors = Vec::new();
    // Lines are counted from byte offsets: on CRLF files (what Excel writes) the reader's own
    // line count, and its offset, stop one short, at the LF ending the previous line.
    let mut counted = (0usize, 1u32);
    let mut line_at = |byte: u64| {
        let mut byte = (byte as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte >= counted.0 {
            let newlines = text.as_bytes()[counted.0..byte]
                .iter()
                .filter(|&&b| b == b'\n');
            counted = (byte, counted.1 + newlines.count() as u32);
        }
        counted.1
    };
    for record in reader.records() {
        let (line, outcome) = match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                if record.len() != columns.len() {
                    (
                        line,
                        Err(file_error(
                            format!("has {} cells, the header {}", record.len(), columns.len()),
                            format!("有 {} 个单元格，表头为 {} 个", record.len(), columns.len()),
                        )),
                    )
                } else {
                    (line, member_from_row(&columns, &record))
                }
            }
            Err(e) => (
                e.position().map_or(0, |p| line_at(p.byte())),
                Err(file_error(
                    "cannot be read as CSV (check the quotes)",
                    "无法按 CSV 读取（请检查引号）",
                )),
            ),
        };
        match outcome {
            Ok(member) => members.push((line, member)),
            Err(e) => errors.push(ImportRowError {
                line,
                reason: e.message,
                reason_zh: e.message_zh,
            }),
        }
        if members.len() + errors.len() > MAX_ROWS {
            return Err(file_error(
                format!("The file has more than {MAX_ROWS} rows; split it."),
                format!("文件超过 {MAX_ROWS} 行，请拆分后再导入。"),
            ));
        }
    }
    Ok((members, errors))
}

/// Writes members as CSV (with a byte-order mark, so Excel reads the Chinese right).
pub fn members_csv(members: &[CommitteeMemberInput]) -> Result<String> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let io = |_| CoreError::internal();
    writer
        .write_record(COLUMNS.iter().map(|c| c.0))
        .map_err(io)?;
    for m in members {
        let opt = |v: &Option<String>| neutralise(v.as_deref().unwrap_or(""));
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        writer
            .write_record([
                neutralise(&m.name),
                opt(&m.email),
                opt(&m.phone),
                opt(&m.wechat),
                opt(&m.organization),
                opt(&m.gitcode_id),
                opt(&m.github_id),
                neutralise(&m.roles.join(",")),
                date(m.term_start),
                date(m.term_end),
                m.is_active.to_string(),
                opt(&m.bio),
                opt(&m.avatar_url),
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|_| CoreError::internal())?;
    let body = String::from_utf8(bytes).map_err(|_| CoreError::internal())?;
    Ok(format!("\u{feff}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_round_trip() {
        for cell in [
            "=cmd", "+86 10", "-1", "@x", "'=x", "''+y", "'plain", "plain", "",
        ] {
            let out = neutralise(cell);
            assert!(!out.starts_with(['=', '+', '-', '@']), "{cell} → {out}");
            assert_eq!(restore(&out), cell);
        }
    }

    #[test]
    fn chinese_headings_and_separators_are_read() {
        let file = "姓名,邮箱,角色,在任\n张三,Zhang@Example.org,主席、委员，顾问,否\n";
        let (rows, errors) = parse_members(file.as_bytes()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let (line, m) = &rows[0];
        assert_eq!(*line, 2);
        assert_eq!(m.email.as_deref(), Some("zhang@example.org"));
        assert_eq!(m.roles, vec!["主席", "委员", "顾问"]);
        assert!(!m.is_active);
        let err = parse_members("name,nickname\nA,B\n".as_bytes()).unwrap_err();
        assert!(err.message.contains("nickname"));
    }

    #[test]
    fn gbk_bytes_are_refused_with_the_fix() {
        // "姓名" in GBK.
        let err = parse_members(b"\xd0\xd5\xc3\xfb\r\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("file"));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn row_errors_name_their_line() {
        let file = "\u{feff}name,roles,term_start,term_end\r\n\
                    张三,\"主席,委员\",2026-01-01,2027-01-01\r\n\
                    ,委员,,\r\n\
                    李四,委员,2026-01-01,2025-01-01\r\n\
                    王五,委员,not a date,\r\n";
        let (ok, errors) = parse_members(file.as_bytes()).unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].1.roles, vec!["主席", "委员"]);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
    }
}
