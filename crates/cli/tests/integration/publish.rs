//! The publisher's commands that need no app inside the binary: `init`, and what `build` and
//! `serve` say when the binary has none (as one built by a plain `cargo build`).

use crate::common::{kiosque, stderr};

// The starter folder imports cleanly: two articles, the README counted as no article.
#[test]
fn init_writes_a_starter_folder_that_imports_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("starter");
    let out = kiosque(&["init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = kiosque(&["check", dir.to_str().unwrap(), "--strict", "--json"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["articles"], 2);
    assert_eq!(report["warnings"], 0);
    assert_eq!(report["not_articles"], 1, "the README is not an article");
    let titles: Vec<&str> = report["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Welcome to your Kiosque"), "{titles:?}");
}

// init never writes into a folder that holds anything.
#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.md"), "# Mine").unwrap();
    let out = kiosque(&["init", tmp.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

// A binary without the app says how to get one, before reading or writing anything.
#[test]
fn build_without_the_app_says_how_to_get_a_binary_that_has_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for args in [
        vec!["build", "articles", "-o", site.to_str().unwrap()],
        vec!["serve", "articles"],
    ] {
        let out = kiosque(&args);
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(
            message.contains("built without the reader app")
                && message.contains("cargo xtask dist"),
            "{message}"
        );
    }
    assert!(!site.exists());
}
