//! Attachments: copied in, size-checked and removed with their meeting.

use super::*;

#[tokio::test]
async fn attachments_are_copied_in_and_removed_with_their_meeting() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let (w, _, id) = world_with_meeting(&t, &clock).await;
        let source = t.dir.path().join("会议材料.PDF");
        std::fs::write(&source, b"%PDF-1.4 test").unwrap();

        let with = w
            .alice
            .add_meeting_attachment(id, source.clone())
            .await
            .unwrap();
        assert_eq!(with.attachments.len(), 1);
        let a = &with.attachments[0];
        assert_eq!(a.name, "会议材料.PDF");
        assert!(
            a.path.starts_with("meetings/") && a.path.ends_with(".pdf"),
            "{}",
            a.path
        );
        let stored = w
            .bob
            .meeting_attachment_file(id, a.path.clone())
            .await
            .unwrap();
        assert_eq!(std::fs::read(&stored).unwrap(), b"%PDF-1.4 test");

        // Folders and missing files are refused; a second file is kept beside the first.
        let err = w
            .alice
            .add_meeting_attachment(id, t.dir.path().to_path_buf())
            .await;
        assert_eq!(err.unwrap_err().field.as_deref(), Some("source"));
        let err = w
            .alice
            .add_meeting_attachment(id, t.dir.path().join("missing.pdf"))
            .await;
        assert_eq!(err.unwrap_err().code, ErrorCode::Io);
        // Over 50 MB (a sparse file: no real bytes written) is refused before any copy.
        let big = t.dir.path().join("big.zip");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_ATTACHMENT_BYTES + 1)
            .unwrap();
        let err = w.alice.add_meeting_attachment(id, big).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some("source"));
        let copies = std::fs::read_dir(stored.parent().unwrap()).unwrap().count();
        assert_eq!(copies, 1);
        let two = w
            .alice
            .add_meeting_attachment(id, source.clone())
            .await
            .unwrap();
        assert_eq!(two.attachments.len(), 2);
        assert_ne!(two.attachments[0].path, two.attachments[1].path);

        let one = w
            .alice
            .remove_meeting_attachment(id, a.path.clone())
            .await
            .unwrap();
        assert_eq!(one.attachments.len(), 1);
        assert!(!stored.exists());
        let second = w
            .bob
            .meeting_attachment_file(id, one.attachments[0].path.clone())
            .await
            .unwrap();
        w.alice.delete_meeting(id).await.unwrap();
        assert!(!second.exists());
        assert!(source.exists(), "the user's own file is never touched");
        assert_eq!(audit_count(&w.root, "add_meeting_attachment").await, 2);
        assert_eq!(audit_count(&w.root, "remove_meeting_attachment").await, 1);
    })
    .await;
}
