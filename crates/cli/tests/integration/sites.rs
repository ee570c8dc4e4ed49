//! `kiosque` on site-generator sources: drafts, `--strict` on an ordinary docs tree, reports
//! that stay readable on large folders, and queries that start with `-`.

use std::path::{Path, PathBuf};

use crate::common::{kiosque, stderr};

fn site(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/sites")
        .join(name)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

// Drafts are left out and counted; `--drafts` imports them; `--strict` passes on a Zola site
// whose docs hold two `overview.md`.
#[test]
fn drafts_are_counted_and_strict_passes_on_a_docs_tree() {
    let hugo = site("hugo");
    let out = kiosque(&[
        "check",
        path(&hugo.join("content")),
        "--site-root",
        path(&hugo),
        "--strict",
    ]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{summary}{}", stderr(&out));
    assert!(
        summary.contains("4 articles imported")
            && summary.contains("1 drafts left out (--drafts imports them)"),
        "{summary}"
    );
    let out = kiosque(&[
        "check",
        path(&hugo.join("content")),
        "--site-root",
        path(&hugo),
        "--drafts",
    ]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("5 articles imported") && !summary.contains("drafts left out"),
        "{summary}"
    );

    let zola = site("zola");
    let out = kiosque(&[
        "check",
        path(&zola.join("content")),
        "--site-root",
        path(&zola),
        "--strict",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["drafts_left_out"], 0);
}

// Past 20 problems, the rest are counted by kind; `--verbose` and `--json` keep them all.
#[test]
fn many_warnings_are_summarised_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        std::fs::write(
            dir.path().join(format!("page-{i:02}.md")),
            format!("# Page {i}\n\nText."),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("bad.md"),
        "---\ntitle: x\ndate: 2021-02-30\n---\nText.",
    )
    .unwrap();
    let out = kiosque(&["check", path(dir.path())]);
    let err = stderr(&out);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
            .count(),
        20,
        "{err}"
    );
    assert!(
        err.contains("… and 11 more (--verbose shows them all, --json keeps them all)"),
        "{err}"
    );
    assert!(
        err.contains("     30 × warning: no date found; the article is imported as undated"),
        "{err}"
    );
    assert!(
        err.contains("      1 × error: `…` names day …, but that month has … days"),
        "{err}"
    );
    let out = kiosque(&["check", path(dir.path()), "--verbose"]);
    assert_eq!(
        stderr(&out)
            .lines()
            .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
            .count(),
        31
    );
    let out = kiosque(&["check", path(dir.path()), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 31);
}

// `kiosque search BUNDLE -word` excludes the word instead of failing as an unknown option.
#[test]
fn a_query_may_start_with_a_hyphen() {
    let jekyll = site("jekyll");
    let out_dir = tempfile::tempdir().unwrap();
    let bundle = out_dir.path().join("bundle");
    let out = kiosque(&[
        "bundle",
        path(&jekyll),
        "--site-root",
        path(&jekyll),
        "-o",
        path(&bundle),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kiosque(&["search", path(&bundle), "-midlife", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 0, "both posts speak of a midlife: {json:#}");
    let out = kiosque(&["search", path(&bundle), "-incremental", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2022-12-01-welcome-to-tessera"]);
}
