//! The folder walk accounts for every entry: links out of the folder, broken and looping links,
//! special files and hidden entries are each counted with their reason, and nothing outside the
//! folder is ever read.
#![cfg(unix)]

use std::os::unix::fs::symlink;

use kiosque_core::import::{self, Outcome, Severity};

#[test]
fn every_entry_is_accounted_for_and_nothing_outside_is_read() {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "# Secret\n\nmot-de-passe-hors-du-dossier\n",
    )
    .unwrap();
    let dir = top.path().join("articles");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("2020-01-01-ok.md", "# Bonjour\n\n![pic](pic.png)\n");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/import/images_shared/pic.png"
        ),
        dir.join("pic.png"),
    )
    .unwrap();
    write("2020-01-02-bad.md", "---\ntitle: never closed\n");
    write("notes.csv", "a,b\n");
    write(".brouillon.md", "# Caché\n\nbrouillon\n");
    std::fs::create_dir(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/config"), "x").unwrap();
    // Links: to a file outside, to a folder outside, to a device, broken, looping on itself,
    // and back to a folder above; a link inside the folder is followed.
    symlink(outside.join("secret.md"), dir.join("passwd.md")).unwrap();
    symlink(&outside, dir.join("dehors")).unwrap();
    symlink("/dev/null", dir.join("null.md")).unwrap();
    symlink(dir.join("absent.md"), dir.join("casse.md")).unwrap();
    symlink(dir.join("boucle.md"), dir.join("boucle.md")).unwrap();
    symlink(&dir, sub.join("retour")).unwrap();
    symlink(
        dir.join("2020-01-01-ok.md"),
        sub.join("2020-01-03-alias.md"),
    )
    .unwrap();
    // Special files: a named pipe and a socket.
    assert!(std::process::Command::new("mkfifo")
        .arg(dir.join("tube.md"))
        .status()
        .unwrap()
        .success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("prise.md")).unwrap();

    let report = import::import_dir(&dir);
    let refused: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.outcome == Outcome::Refused)
        .map(|d| (d.path.as_str(), d.message.as_str()))
        .collect();
    let reason = |path: &str| {
        refused
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("{path} not refused: {:#?}", report.diagnostics))
            .1
    };
    assert!(reason("passwd.md").contains("outside the articles folder"));
    assert!(reason("dehors").contains("outside the articles folder"));
    assert!(reason("null.md").contains("outside the articles folder"));
    assert!(reason("casse.md").contains("does not exist"));
    assert!(reason("boucle.md").contains("cannot be followed"));
    assert!(reason("sub/retour").contains("back to a folder above"));
    assert!(reason("tube.md").contains("named pipe"));
    assert!(reason("prise.md").contains("socket"));
    assert_eq!(refused.len(), 8, "{refused:#?}");
    assert!(report
        .diagnostics
        .iter()
        .filter(|d| d.outcome == Outcome::Refused)
        .all(|d| d.severity == Severity::Warning && !d.hint.is_empty()));

    // Nothing from outside was imported; the inside link was.
    for article in &report.articles {
        assert!(
            !article.body.contains("mot-de-passe"),
            "{}",
            article.meta.origin
        );
    }
    let origins: Vec<_> = report
        .articles
        .iter()
        .map(|a| a.meta.origin.as_str())
        .collect();
    assert_eq!(origins, ["2020-01-01-ok.md", "sub/2020-01-03-alias.md"]);

    // seen = imported + skipped + pictures + not articles + refused
    assert_eq!(report.skipped(), 1);
    assert_eq!(report.pictures, 1);
    assert_eq!(report.hidden, 2, "a hidden file and a hidden folder");
    assert_eq!(
        report.not_articles, 3,
        "notes.csv and the two hidden entries"
    );
    assert_eq!(report.refused(), 8);
    assert_eq!(
        report.files_seen,
        report.articles.len()
            + report.drafts
            + report.skipped()
            + report.pictures
            + report.not_articles
            + report.refused()
    );
    assert_eq!(report.files_seen, 2 + 1 + 1 + 3 + 8);
}
