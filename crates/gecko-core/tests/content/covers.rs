//! Cover images: sniffed by their bytes, and replaced files removed.

use super::*;

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend([0u8; 64]);
    b
}

fn media_files(core: &gecko_core::Core) -> Vec<String> {
    match std::fs::read_dir(&core.config().media_dir) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    }
}

#[tokio::test]
async fn cover_images_are_sniffed_and_replaced() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        let c = w.content("Covered").await;

        // The name says PNG, the bytes say otherwise: refused, nothing written.
        for (name, bytes) in [
            ("cover.png", b"<svg onload=alert(1)>".to_vec()),
            ("cover.gif", b"GIF89a\x01\0\x01\0\0\0\0".to_vec()),
            ("empty.jpg", vec![]),
        ] {
            let err = alice
                .set_content_cover(c.summary.id, name.into(), bytes)
                .await
                .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("cover_image"), "{name}");
        }
        let mut huge = png();
        huge.resize(10 * 1024 * 1024 + 1, 0);
        let err = alice
            .set_content_cover(c.summary.id, "big.png".into(), huge)
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("cover_image"));
        let err = w
            .client("dave")
            .set_content_cover(c.summary.id, "x.png".into(), png())
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        let err = w
            .client("frank")
            .set_content_cover(c.summary.id, "x.png".into(), png())
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::NotFound);
        assert!(media_files(alice).is_empty());

        // A JPEG named .png is a JPEG: the stored name says so.
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec();
        let v = alice
            .set_content_cover(c.summary.id, "photo.png".into(), jpeg.clone())
            .await
            .unwrap();
        let first = v.summary.cover_image.clone().unwrap();
        assert!(
            first.starts_with("media/") && first.ends_with(".jpg"),
            "{first}"
        );
        let first_path = alice.media_path(&first).unwrap();
        assert_eq!(std::fs::read(&first_path).unwrap(), jpeg);

        // A new cover (WebP) replaces the old file.
        let mut webp = b"RIFF\x24\0\0\0WEBPVP8 ".to_vec();
        webp.extend([0u8; 32]);
        let v = w
            .client("bob")
            .set_content_cover(c.summary.id, "c.webp".into(), webp)
            .await
            .unwrap();
        let second = v.summary.cover_image.unwrap();
        assert!(second.ends_with(".webp"));
        assert!(!first_path.exists(), "old cover removed");
        assert_eq!(media_files(alice).len(), 1);
        assert_eq!(audit_count(alice, "set_cover", c.summary.id).await, 2);

        // References are never paths: traversal does not resolve.
        assert!(alice.media_path("media/../test.db").is_none());
        assert!(alice.media_path("/etc/passwd").is_none());

        // Deleting the content removes its cover.
        alice.delete_content(c.summary.id).await.unwrap();
        assert!(media_files(alice).is_empty());
    })
    .await;
}
