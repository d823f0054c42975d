//! The WeChat renderer over every corpus article and crafted edge cases: inline styles only,
//! markers for every list item, code that keeps its lines, references instead of links.

mod support;

use gecko_core::publish::markdown;
use gecko_core::publish::wechat::{render, WechatTheme, LIST_MARKER_STYLE};
use pulldown_cmark::{Event, Parser, Tag};
use support::corpus;

/// List items and ordered-list starts in the source, as pulldown-cmark parses it.
fn source_lists(md: &str) -> (usize, Vec<u64>) {
    let mut items = 0;
    let mut starts = Vec::new();
    for e in Parser::new_ext(markdown::body(md), markdown::options()) {
        match e {
            Event::Start(Tag::Item) => items += 1,
            Event::Start(Tag::List(Some(n))) => starts.push(n),
            _ => {}
        }
    }
    (items, starts)
}

fn pre_blocks(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<pre") {
        let end = rest[i..].find("</pre>").expect("closed pre") + i;
        out.push(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

fn external_hrefs(html: &str) -> Vec<String> {
    html.match_indices("<a href=\"")
        .map(|(i, m)| {
            let s = &html[i + m.len()..];
            s[..s.find('"').unwrap()].to_string()
        })
        .filter(|u| {
            !u.starts_with("https://mp.weixin.qq.com") && !u.starts_with("http://mp.weixin.qq.com")
        })
        .collect()
}

#[test]
fn every_corpus_article_renders_clean_for_wechat() {
    for (name, md) in corpus() {
        for theme in [WechatTheme::Default, WechatTheme::Tech] {
            let out = render(&md, theme);
            let html = &out.html;
            assert!(!html.contains("class="), "{name}: class attribute");
            assert!(!html.contains("<style"), "{name}: <style>");
            assert!(!html.contains("<script"), "{name}: <script>");
            assert!(
                !html.contains("<ul") && !html.contains("<ol"),
                "{name}: bare list tags"
            );
            assert!(
                external_hrefs(html).is_empty(),
                "{name}: external links {:?}",
                external_hrefs(html)
            );
            assert!(
                !html.chars().any(markdown::is_zero_width),
                "{name}: zero-width char"
            );
            for pre in pre_blocks(html) {
                assert!(
                    !pre.contains('\n') && !pre.contains('\r'),
                    "{name}: newline in <pre>"
                );
            }
            // Every tag carrying presentation carries it inline.
            for tag in [
                "<p>", "<h1>", "<h2>", "<h3>", "<table>", "<td>", "<th>", "<pre>",
            ] {
                assert!(!html.contains(tag), "{name}: {tag} without inline style");
            }
            let fitted = html.matches("max-width:100%;height:auto").count();
            assert_eq!(html.matches("<img ").count(), fitted, "{name}: image width");

            let (items, starts) = source_lists(&md);
            assert_eq!(
                html.matches(LIST_MARKER_STYLE).count(),
                items,
                "{name}: list markers"
            );
            for start in starts {
                assert!(
                    html.contains(&format!("\">{start}.</span>")),
                    "{name}: start {start}"
                );
            }
            let images = markdown::image_sources(&md).len();
            assert_eq!(out.images.len(), images, "{name}: images");
            // Tables scroll sideways.
            assert_eq!(
                html.matches("<table").count(),
                html.matches("overflow-x:auto;max-width:100%").count(),
                "{name}: table wrap"
            );
        }
    }
}

#[test]
fn the_corpus_keeps_references_and_code_lines() {
    let all = corpus();
    let (_, cargo) = all
        .iter()
        .find(|(n, _)| n.starts_with("en-devcycle"))
        .unwrap();
    let out = render(cargo, WechatTheme::Default);
    assert!(out.references.len() > 10, "links became references");
    let refs_section = out.html.rfind("参考资料").unwrap();
    assert!(out.html[refs_section..].contains("https://github.com/rust-lang/cargo"));

    let (_, footnotes) = all.iter().find(|(n, _)| n.contains("footnotes")).unwrap();
    let out = render(footnotes, WechatTheme::Tech);
    assert!(
        out.references.iter().any(|r| r.url.is_none()),
        "footnotes are numbered"
    );
    let numbers: Vec<u32> = out.references.iter().map(|r| r.number).collect();
    assert_eq!(
        numbers,
        (1..=out.references.len() as u32).collect::<Vec<_>>()
    );
}

#[test]
fn five_levels_of_nesting_keep_depth_and_markers() {
    let md =
        "- level1\n  - level2\n    - level3\n      1. level4\n         - level5\n- back to 1\n";
    let html = render(md, WechatTheme::Default).html;
    assert_eq!(html.matches(LIST_MARKER_STYLE).count(), 6);
    // Depth = list sections still open where each item's text appears.
    let list_style = "margin:0.4em 0 0.8em 0;padding-left:1.2em;";
    for (level, text) in ["level1", "level2", "level3", "level4", "level5"]
        .iter()
        .enumerate()
    {
        let at = html.find(text).unwrap();
        let before = &html[..at];
        let opened = before.matches(list_style).count();
        let sections_open =
            before.matches("<section").count() - before.matches("</section>").count();
        assert!(opened > level);
        // root + one list and one item section per level
        assert_eq!(sections_open, 1 + 2 * (level + 1), "{text}");
    }
    assert!(html.contains("\">1.</span>level4"));
    assert!(html.contains("\">▫</span>") || html.contains("\">•</span>level5"));
}

#[test]
fn ordered_lists_keep_their_start_and_loose_items_their_paragraphs() {
    let md = "7. seven\n\n   more of seven\n8. eight\n";
    let html = render(md, WechatTheme::Default).html;
    assert!(html.contains("\">7.</span>seven<br>more of seven"));
    assert!(html.contains("\">8.</span>eight"));
}

#[test]
fn code_blocks_keep_lines_and_indentation_without_newlines() {
    let md = "```rust\nfn main() {\n    if x < 1 {\n\tgo();\n    }\n}\n```\n";
    let html = render(md, WechatTheme::Tech).html;
    assert!(html
        .contains("fn&nbsp;main()&nbsp;{<br>&nbsp;&nbsp;&nbsp;&nbsp;if&nbsp;x&nbsp;&lt;&nbsp;1"));
    assert!(html.contains("<br>&nbsp;&nbsp;&nbsp;&nbsp;go();<br>"));
    assert!(!pre_blocks(&html)[0].contains('\n'));
}

#[test]
fn links_share_one_numbering_with_footnotes() {
    let md = "See [a](https://a.example/) and [again](https://a.example/) and [b](https://b.example)\
              [^n] and [wx](https://mp.weixin.qq.com/s/abc) and [rel](docs/x.md).\n\n[^n]: A note.\n";
    let out = render(md, WechatTheme::Default);
    let html = &out.html;
    assert_eq!(
        html.matches("[1]</sup>").count(),
        2,
        "same URL, same number"
    );
    assert!(html.contains("[2]</sup>") && html.contains("[3]</sup>"));
    assert!(html.contains("<a href=\"https://mp.weixin.qq.com/s/abc\""));
    assert!(!html.contains("docs/x.md"));
    assert_eq!(out.references.len(), 3);
    assert_eq!(out.references[2].url, None);
    assert!(html.contains("[3] A note."));
}

#[test]
fn raw_html_and_zero_width_characters_never_pass_through() {
    let md = "Hi\u{200B}there <span style=\"color:red\" class=\"x\">red</span> a<br>b\n\n\
              <div class=\"box\"><script>alert(1)</script>inside</div>\n\n<style>p{}</style>\n";
    let html = render(md, WechatTheme::Default).html;
    assert!(html.contains("Hithere"));
    assert!(!html.contains("class=") && !html.contains("<script") && !html.contains("<style"));
    assert!(!html.contains("alert(1)"));
    assert!(html.contains("red") && html.contains("inside") && html.contains("a<br>b"));
    assert!(!html.contains("color:red"));
}

#[test]
fn themes_differ_and_images_fit() {
    let md = "## Title\n\n![pic](https://x.example/a.png)\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n";
    let a = render(md, WechatTheme::Default).html;
    let b = render(md, WechatTheme::Tech).html;
    assert_ne!(a, b);
    assert!(a.contains("max-width:100%;height:auto"));
    assert!(a.contains("text-align:right;"));
    assert!(a.contains("overflow-x:auto"));
}

#[test]
fn soft_breaks_inside_chinese_add_no_space() {
    let html = render("第一行\n第二行 and\nEnglish", WechatTheme::Default).html;
    assert!(html.contains("第一行第二行 and English"), "{html}");
}

#[test]
#[ignore = "writes a preview page for a person to look at"]
fn write_preview_page() {
    let (_, md) = corpus()
        .into_iter()
        .find(|(n, _)| n.contains("kubevela"))
        .unwrap();
    let html = render(&md, WechatTheme::Tech).html;
    let page =
        format!("<meta charset=utf-8><body style=\"max-width:680px;margin:auto\">{html}</body>");
    std::fs::write(std::env::temp_dir().join("wechat-preview.html"), page).unwrap();
}

#[test]
#[ignore = "prints sizes for a person to read"]
fn print_rendered_sizes() {
    for (name, md) in corpus() {
        let start = std::time::Instant::now();
        let html = render(&md, WechatTheme::Default).html;
        let took = start.elapsed();
        let chars = html.chars().count();
        println!(
            "{name}: md {} chars -> html {chars} chars, {} bytes, {took:?}",
            md.chars().count(),
            html.len()
        );
    }
}

#[test]
fn ordinary_corpus_articles_fit_wechat_limits() {
    // Inline styles are paid per element; articles under 10,000 Markdown characters must stay
    // under WeChat's 20,000-character content limit in both themes.
    for (name, md) in corpus()
        .into_iter()
        .filter(|(_, md)| md.chars().count() < 10_000)
    {
        for theme in [WechatTheme::Default, WechatTheme::Tech] {
            let html = render(&md, theme).html;
            let fits = gecko_core::publish::wechat::client::check_limits("t", "", &html);
            assert!(fits.is_ok(), "{name}: {} chars", html.chars().count());
        }
    }
}
