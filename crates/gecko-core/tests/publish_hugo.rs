//! Hugo output built by the real `hugo` binary: every corpus article becomes a page, front
//! matter round-trips whatever the title holds, dates carry the community's offset, and file
//! names stay stable and never collide.

mod support;

use chrono::{TimeZone, Utc};
use gecko_core::publish::channels::{FrontMatterFormat, HugoSettings};
use gecko_core::publish::hugo::{self, parse_front_matter};
use gecko_core::publish::Article;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::corpus;

fn site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("layouts/_default")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Test'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n",
    )
    .unwrap();
    std::fs::write(
        site.join("layouts/_default/single.html"),
        "<html><body><h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02T15:04:05-07:00\" }}</time>{{ .Content }}</body></html>",
    )
    .unwrap();
    std::fs::write(
        site.join("layouts/_default/list.html"),
        "<html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>",
    )
    .unwrap();
    site
}

fn settings(site: &Path, format: FrontMatterFormat) -> HugoSettings {
    HugoSettings {
        site_path: site.to_path_buf(),
        content_dir: "content/posts".into(),
        front_matter: format,
    }
}

fn article(id: i64, title: &str, markdown: &str) -> Article {
    Article {
        content_id: id,
        title: title.into(),
        author: "Gecko \"Editor\"".into(),
        markdown: markdown.into(),
        tags: vec!["rust".into(), "云原生".into()],
        category: "news: weekly".into(),
        cover: Some("cover.png".into()),
        summary: "A summary: with # and 'quotes'".into(),
        date: Utc.with_ymd_and_hms(2024, 5, 7, 1, 30, 0).unwrap(),
        timezone: "Asia/Shanghai".into(),
    }
}

fn hugo_build(site: &Path) {
    let out = Command::new("hugo")
        .args([
            "--source",
            site.to_str().unwrap(),
            "--destination",
            "public",
            "--quiet",
        ])
        .output()
        .expect("the hugo binary (apt-get install hugo)");
    assert!(
        out.status.success(),
        "hugo failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn publish(settings: &HugoSettings, a: &Article, media: &Path) -> String {
    let file = hugo::plan(settings, a, media).unwrap();
    hugo::write(settings, &file).unwrap();
    file.path
}

#[test]
fn every_corpus_article_builds_with_real_hugo_in_both_formats() {
    for format in [FrontMatterFormat::Yaml, FrontMatterFormat::Toml] {
        let tmp = tempfile::tempdir().unwrap();
        let site = site(tmp.path());
        let media = tmp.path().join("media");
        std::fs::create_dir_all(&media).unwrap();
        std::fs::write(media.join("cover.png"), b"\x89PNG\r\n\x1a\nfake").unwrap();
        let s = settings(&site, format);

        let mut pages = Vec::new();
        for (i, (name, md)) in corpus().into_iter().enumerate() {
            let title = format!("{name}: \"quoted\" #hash 🎉\nsecond line");
            let a = article(i as i64 + 1, &title, &md);
            let path = publish(&s, &a, &media);
            let text = std::fs::read_to_string(site.join(&path)).unwrap();
            let fm = parse_front_matter(&text).unwrap_or_else(|| panic!("{name}: front matter"));
            assert_eq!(fm.title, title, "{name}: title round-trips");
            assert_eq!(fm.opengecko_id, a.content_id);
            assert_eq!(fm.date, "2024-05-07T09:30:00+08:00");
            assert_eq!(fm.author, a.author);
            assert_eq!(fm.categories, vec!["news: weekly".to_string()]);
            assert_eq!(fm.description, a.summary);
            assert!(!fm.draft);
            assert_eq!(
                fm.images,
                vec![format!("/images/opengecko/{}/cover.png", a.content_id)]
            );
            assert!(site
                .join(format!(
                    "static/images/opengecko/{}/cover.png",
                    a.content_id
                ))
                .is_file());
            pages.push((name, path));
        }
        hugo_build(&site);
        for (name, path) in pages {
            let stem = Path::new(&path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let html = site.join("public/posts").join(&stem).join("index.html");
            let page =
                std::fs::read_to_string(&html).unwrap_or_else(|_| panic!("{name}: {html:?}"));
            assert!(
                page.contains("2024-05-07T09:30:00&#43;08:00"),
                "{name}: date offset"
            );
            assert!(
                page.contains("&#34;quoted&#34;") || page.contains("&quot;quoted&quot;"),
                "{name}"
            );
        }
    }
}

#[test]
fn names_are_stable_and_same_titles_get_their_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let media = tmp.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(media.join("cover.png"), b"png").unwrap();
    std::fs::write(media.join("diagram one.png"), b"png").unwrap();
    let s = settings(&site, FrontMatterFormat::Yaml);

    let first = article(
        7,
        "Release 1.0: what's new",
        "![d](<diagram one.png>)\n\nBody one",
    );
    let p1 = publish(&s, &first, &media);
    assert_eq!(p1, "content/posts/release-1-0-what-s-new.md");
    let text = std::fs::read_to_string(site.join(&p1)).unwrap();
    assert!(text.contains("![d](</images/opengecko/7/diagram-one.png>)"));

    // Another content with the same title gets another file; the first is untouched.
    let twin = article(8, "Release 1.0: what's new", "Body two");
    let p2 = publish(&s, &twin, &media);
    assert_ne!(p1, p2);
    assert!(std::fs::read_to_string(site.join(&p1))
        .unwrap()
        .contains("Body one"));

    // Re-publishing with a changed title and body updates the same file.
    let mut again = first.clone();
    again.title = "Renamed entirely".into();
    again.markdown = "Body one, edited".into();
    assert_eq!(publish(&s, &again, &media), p1);
    let text = std::fs::read_to_string(site.join(&p1)).unwrap();
    assert!(text.contains("Body one, edited") && text.contains("Renamed entirely"));
    assert_eq!(
        std::fs::read_dir(site.join("content/posts"))
            .unwrap()
            .count(),
        2
    );

    // A title without any usable character falls back to the content id.
    let p3 = publish(&s, &article(9, "！？", "x"), &media);
    assert_eq!(p3, "content/posts/9.md");

    // Shortcode-looking text in a body is inert.
    publish(
        &s,
        &article(10, "Shortcodes", "Use {{< youtube abc >}} here"),
        &media,
    );
    hugo_build(&site);
    let page = std::fs::read_to_string(site.join("public/posts/shortcodes/index.html")).unwrap();
    assert!(page.contains("youtube abc"));
}
