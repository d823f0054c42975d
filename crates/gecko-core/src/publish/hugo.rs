//! Hugo: one Markdown file per content item in a local Hugo site, with front matter written by
//! a serialiser (never pasted together), so any title survives.
//!
//! The file is tied to its content by `opengecko_id` in the front matter. Re-publishing finds
//! the file by that id, whatever its name, and rewrites it in place; a new file never takes a
//! name that already belongs to another file, so two articles with the same title get two files.

use super::channels::{FrontMatterFormat, HugoSettings};
use super::markdown;
use super::Article;
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    /// RFC 3339 with the community's UTC offset, e.g. `2026-03-01T17:00:00+08:00`.
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub draft: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    pub opengecko_id: i64,
}

/// One file to copy into the site.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ImageCopy {
    pub from: String,
    /// Path inside the site, e.g. `static/images/opengecko/42/cover.png`.
    pub to: String,
}

/// Exactly what publishing to Hugo will write.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct HugoFile {
    /// Path of the Markdown file inside the site, e.g. `content/posts/hello-world.md`.
    pub path: String,
    pub text: String,
    pub images: Vec<ImageCopy>,
    /// Local images that could not be found; they stay as written.
    pub missing_images: Vec<String>,
}

/// The community-local date as RFC 3339 with offset; an unknown timezone falls back to UTC.
pub fn local_date(article: &Article) -> String {
    match article.timezone.parse::<chrono_tz::Tz>() {
        Ok(tz) => article
            .date
            .with_timezone(&tz)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        Err(_) => article
            .date
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}

/// An ASCII slug of the title (transliterated), or `None` when nothing usable remains.
pub fn slug(title: &str) -> Option<String> {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 60 {
        out.truncate(60);
        if let Some(cut) = out.rfind('-') {
            out.truncate(cut);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn io_error(err: std::io::Error, what: &Path) -> CoreError {
    tracing::warn!(error = %err, path = %what.display(), "hugo file");
    CoreError::io(
        format!(
            "Could not write into the Hugo site ({}). Check that the site folder exists and is \
             writable.",
            what.display()
        ),
        format!(
            "无法写入 Hugo 站点（{}），请确认站点文件夹存在且可写。",
            what.display()
        ),
    )
}

/// The `opengecko_id` in a Hugo file's front matter, YAML or TOML.
pub fn file_content_id(text: &str) -> Option<i64> {
    parse_front_matter(text).map(|fm| fm.opengecko_id)
}

/// Parses a file's front matter back (YAML `---` or TOML `+++`).
pub fn parse_front_matter(text: &str) -> Option<FrontMatter> {
    let text = text.trim_start_matches('\u{feff}');
    for (fence, yaml) in [("---", true), ("+++", false)] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let end = rest.find(&format!("\n{fence}"))?;
        let block = &rest[..end + 1];
        return if yaml {
            yaml_serde::from_str(block).ok()
        } else {
            toml::from_str(block).ok()
        };
    }
    None
}

/// Picks the file for `article` inside `dir`: the one already carrying its id, else a free
/// name from the title.
fn choose_file(dir: &Path, article: &Article) -> Result<PathBuf> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md")
                && std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|t| file_content_id(&t))
                    == Some(article.content_id)
            {
                return Ok(path);
            }
        }
    }
    let base = slug(&article.title).unwrap_or_else(|| article.content_id.to_string());
    let mut candidate = dir.join(format!("{base}.md"));
    let mut n = 1;
    while candidate.exists() {
        candidate = if n == 1 {
            dir.join(format!("{base}-{}.md", article.content_id))
        } else {
            dir.join(format!("{base}-{}-{n}.md", article.content_id))
        };
        n += 1;
    }
    Ok(candidate)
}

fn image_name(src: &Path, taken: &[ImageCopy]) -> String {
    let name: String = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if taken.iter().any(|t| t.to.ends_with(&format!("/{name}"))) {
        format!("{}-{name}", taken.len())
    } else {
        name
    }
}

/// Neutralises Hugo shortcode openers so article text can never run a shortcode.
fn defuse_shortcodes(body: &str) -> String {
    if !body.contains("{{<") && !body.contains("{{%") {
        return body.to_string();
    }
    body.replace("{{<", "{{</*")
        .replace(">}}", "*/>}}")
        .replace("{{%", "{{%/*")
        .replace("%}}", "*/%}}")
}

/// Plans the file and image copies for `article` (reads the site to find an existing file).
pub fn plan(settings: &HugoSettings, article: &Article, media_dir: &Path) -> Result<HugoFile> {
    let dir = settings.site_path.join(&settings.content_dir);
    let file = choose_file(&dir, article)?;
    let image_dir = format!("images/opengecko/{}", article.content_id);
    let mut images: Vec<ImageCopy> = Vec::new();
    let mut missing = Vec::new();
    let mut copy = |src: &str, images: &mut Vec<ImageCopy>| -> Option<String> {
        let path = markdown::resolve_local(media_dir, src)?;
        if !path.is_file() {
            missing.push(src.to_string());
            return None;
        }
        if let Some(done) = images.iter().find(|i| i.from == path.to_string_lossy()) {
            return Some(format!("/{}", done.to.trim_start_matches("static/")));
        }
        let name = image_name(&path, images);
        let to = format!("static/{image_dir}/{name}");
        images.push(ImageCopy {
            from: path.to_string_lossy().into_owned(),
            to,
        });
        Some(format!("/{image_dir}/{name}"))
    };

    let cover = match article.cover.as_deref() {
        Some(c) if markdown::is_remote(c) => vec![c.to_string()],
        Some(c) => copy(c, &mut images).into_iter().collect(),
        None => vec![],
    };
    let clean = markdown::strip_zero_width(&article.markdown);
    let body = markdown::body(&clean);
    let body = markdown::rewrite_images(body, |src| copy(src, &mut images));

    let fm = FrontMatter {
        title: markdown::strip_zero_width(&article.title),
        date: local_date(article),
        author: article.author.clone(),
        tags: article.tags.clone(),
        categories: if article.category.is_empty() {
            vec![]
        } else {
            vec![article.category.clone()]
        },
        description: markdown::strip_zero_width(&article.summary),
        draft: false,
        images: cover,
        opengecko_id: article.content_id,
    };
    let head = match settings.front_matter {
        FrontMatterFormat::Yaml => {
            let yaml = yaml_serde::to_string(&fm).map_err(|e| {
                tracing::error!(error = %e, "yaml front matter");
                CoreError::internal()
            })?;
            format!("---\n{yaml}---\n")
        }
        FrontMatterFormat::Toml => {
            let toml = toml::to_string(&fm).map_err(|e| {
                tracing::error!(error = %e, "toml front matter");
                CoreError::internal()
            })?;
            format!("+++\n{toml}+++\n")
        }
    };
    let relative = file
        .strip_prefix(&settings.site_path)
        .unwrap_or(&file)
        .to_string_lossy()
        .into_owned();
    Ok(HugoFile {
        path: relative,
        text: format!("{head}\n{}\n", defuse_shortcodes(body.trim_end())),
        images,
        missing_images: missing,
    })
}

/// Writes a planned file and its images into the site; returns the file's full path.
pub fn write(settings: &HugoSettings, file: &HugoFile) -> Result<PathBuf> {
    let site = &settings.site_path;
    for image in &file.images {
        let to = site.join(&image.to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(e, parent))?;
        }
        std::fs::copy(&image.from, &to).map_err(|e| io_error(e, &to))?;
    }
    let path = site.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(e, parent))?;
    }
    // Write beside, then rename: a half-written page never reaches the site.
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, &file.text).map_err(|e| io_error(e, &tmp))?;
    std::fs::rename(&tmp, &path).map_err(|e| io_error(e, &path))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_never_empty_when_possible() {
        assert_eq!(
            slug("Hello, World: 2.0!").as_deref(),
            Some("hello-world-2-0")
        );
        assert_eq!(
            slug("云原生 Meetup").as_deref(),
            Some("yun-yuan-sheng-meetup")
        );
        assert_eq!(slug("！？——"), None);
        assert!(slug(&"word ".repeat(40)).unwrap().len() <= 60);
    }
}
