//! The `kiosque` command as publishers run it.

use std::path::Path;

use crate::common::{kiosque, stderr};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A folder with one good clipping, one good post, one broken post and a picture.
fn sample(dir: &Path) {
    write(
        dir,
        "001_0123456789abcdef.txt",
        " date 2020-04 Un lede de test. La suite.\n\nUn titre\n\nUn paragraphe.",
    );
    write(
        dir,
        "2021-03-10-post.md",
        "---\ntitle: Post\n---\nBody text.",
    );
    write(dir, "broken.md", "---\ntitle: [unclosed\n---\nBody");
    write(dir, "images/photo.png", "not really a png");
}

// A broken file is reported with its place and skipped; the rest is bundled and counted.
#[test]
fn bundle_reports_errors_and_writes_the_rest() {
    let articles = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    sample(articles.path());
    let target = out.path().join("bundle");
    let result = kiosque(&[
        "bundle",
        articles.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(err.contains("broken.md:2:"), "{err}");
    assert!(err.contains("(file skipped)"), "{err}");
    assert!(
        err.contains("4 files seen: 2 articles imported, 1 skipped, 0 images, 1 not articles; 1 errors, 0 warnings; 0 undated"),
        "{err}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(target.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["articles"], 2);
    assert!(target.join("catalog.bin").is_file());
    assert!(target.join("bodies/0000.bin").is_file());
}

// --strict turns errors into a failing exit status, for publishing pipelines.
#[test]
fn strict_fails_on_errors() {
    let articles = tempfile::tempdir().unwrap();
    sample(articles.path());
    let result = kiosque(&["check", articles.path().to_str().unwrap(), "--strict"]);
    assert!(!result.status.success());
    let result = kiosque(&["check", articles.path().to_str().unwrap()]);
    assert!(result.status.success());
}

// --json gives a machine-readable report with every diagnostic.
#[test]
fn check_json_is_machine_readable() {
    let articles = tempfile::tempdir().unwrap();
    sample(articles.path());
    let result = kiosque(&["check", articles.path().to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(report["articles"], 2);
    assert_eq!(report["diagnostics"][0]["path"], "broken.md");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert_eq!(report["imported"][0]["title"], "Un lede de test");
}

// Re-bundling replaces the previous bundle entirely, but never a folder that is not a bundle.
#[test]
fn bundle_replaces_only_bundles() {
    let articles = tempfile::tempdir().unwrap();
    sample(articles.path());
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("bundle");
    std::fs::create_dir_all(target.join("bodies")).unwrap();
    std::fs::write(target.join("manifest.json"), "{}").unwrap();
    std::fs::write(target.join("bodies/0042.bin"), "stale").unwrap();
    let result = kiosque(&[
        "bundle",
        articles.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        !target.join("bodies/0042.bin").exists(),
        "stale files are removed"
    );

    let precious = out.path().join("precious");
    write(&precious, "notes.txt", "keep me");
    let result = kiosque(&[
        "bundle",
        articles.path().to_str().unwrap(),
        "-o",
        precious.to_str().unwrap(),
    ]);
    assert!(!result.status.success());
    assert!(stderr(&result).contains("is not a Kiosque bundle; refusing to replace it"));
    assert!(precious.join("notes.txt").is_file());
}

// An empty or missing folder is an error, not an empty site.
#[test]
fn nothing_to_bundle_is_an_error() {
    let articles = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = kiosque(&[
        "bundle",
        articles.path().to_str().unwrap(),
        "-o",
        out.path().join("b").to_str().unwrap(),
    ]);
    assert!(!result.status.success());
    assert!(stderr(&result).contains("no article could be imported"));
    let result = kiosque(&["check", "/no/such/folder"]);
    assert!(stderr(&result).contains("is not a folder of articles"));
}
