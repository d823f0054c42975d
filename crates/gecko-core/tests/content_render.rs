//! The Markdown renderer against hostile and huge input: nothing executable survives, nothing
//! crashes.

use gecko_core::content::render::{events, render_markdown};
use std::time::Instant;

/// Nothing in `html` can run script or load anything but an image.
fn assert_inert(html: &str) {
    let lower = html.to_lowercase();
    for bad in [
        "<script",
        "=\"javascript:",
        "onerror",
        "onclick",
        "onload",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<link",
        "<form",
        "<svg",
        "<math",
        "<video",
        "<audio",
        "srcdoc",
        "vbscript:",
        "data:text",
        "<meta",
        "<base",
        "style=\"background",
        "formaction",
    ] {
        assert!(!lower.contains(bad), "{bad} survived in {html}");
    }
}

#[test]
fn scripts_handlers_and_frames_are_removed() {
    let md = r#"
# Hi <script>alert(1)</script>

<script>alert(2)</script>
<img src="x.png" onerror="alert(3)">
<iframe src="https://evil.example"></iframe>
<a href="javascript:alert(4)">click</a>
[md link](javascript:alert(5))
[encoded](jav&#x09;ascript:alert(6))
![img](javascript:alert(7))
<div style="background:url(https://tracker.example/x)">styled</div>
<svg onload="alert(8)"><circle r="1"/></svg>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example"><button formaction="x">go</button></form>
<video src="https://tracker.example/v.mp4"></video>
<a href="vbscript:msgbox(1)">vb</a> <a href="data:text/html,<script>alert(9)</script>">data</a>
<div id="config">clobber</div>

[md link](javascript:alert(5)) [encoded](jav&#x09;ascript:alert(6)) ![img](javascript:alert(7))
[upper](JAVASCRIPT:alert(10)) <javascript:alert(11)> [ok](https://example.org)
"#;
    let html = render_markdown(md);
    assert_inert(&html);
    // Safe things stay.
    assert!(html.contains("<img src=\"x.png\""), "{html}");
    assert!(html.contains("<h1>"));
    assert!(html.contains("href=\"https://example.org\""), "{html}");
    assert!(
        !html.contains("id=\"config\""),
        "ids outside footnotes are dropped: {html}"
    );
}

#[test]
fn dialect_features_render() {
    let md = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ and a note[^n].\n\n[^n]: The note.\n\n```rust\nfn main() {}\n```\n";
    let html = render_markdown(md);
    assert!(html.contains("<table>") && html.contains("<td"), "{html}");
    assert!(
        html.contains("text-align: right") || html.contains("text-align:right"),
        "{html}"
    );
    assert!(
        html.contains("type=\"checkbox\"") && html.contains("checked"),
        "{html}"
    );
    assert!(html.contains("<del>gone</del>"), "{html}");
    assert!(
        html.contains("href=\"#fn-n\"") && html.contains("id=\"fn-n\""),
        "{html}"
    );
    assert!(html.contains("class=\"language-rust\""), "{html}");
}

fn run_with_small_stack(f: impl FnOnce() + Send + 'static) {
    // A tokio worker's stack (2 MiB) is what the app gives a command.
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("renderer crashed");
}

#[test]
fn ten_thousand_nested_quotes_and_lists_do_not_overflow() {
    run_with_small_stack(|| {
        let quotes = format!("{} deep", ">".repeat(10_000));
        let html = render_markdown(&quotes);
        assert!(html.contains("deep"));
        assert!(html.matches("<blockquote>").count() <= 64);

        let lists = format!("{}item", "- ".repeat(10_000));
        let html = render_markdown(&lists);
        assert!(html.contains("item"));
        assert!(html.matches("<ul>").count() <= 64);

        let brackets = "[".repeat(10_000) + &"]".repeat(10_000);
        render_markdown(&brackets);
        let emphasis = "*".repeat(10_000) + "x" + &"*".repeat(10_000);
        render_markdown(&emphasis);
        let html_nesting = "<div>".repeat(10_000) + "x" + &"</div>".repeat(10_000);
        let html = render_markdown(&html_nesting);
        assert!(html.contains('x'));
        assert!(events(&quotes).count() > 0);
    });
}

#[test]
fn a_five_megabyte_body_renders() {
    let paragraph =
        "Some **bold** text with a [link](https://example.org) and <b onclick=x>html</b>.\n\n";
    let body = paragraph.repeat(5 * 1024 * 1024 / paragraph.len() + 1);
    assert!(body.len() >= 5 * 1024 * 1024);
    let started = Instant::now();
    let html = render_markdown(&body);
    eprintln!(
        "rendered {} bytes of Markdown in {:?}",
        body.len(),
        started.elapsed()
    );
    assert!(html.len() > body.len() / 2);
    assert!(!html.contains("onclick"));
}
