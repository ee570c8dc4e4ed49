//! `kiosque check` on the importer's fixture folders (`tests/fixtures/import/`), as a publishing
//! pipeline would run it.

use std::path::PathBuf;
use std::process::Output;

use crate::common::kiosque;

fn fixture(case: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(case)
        .to_string_lossy()
        .into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("check --json prints JSON")
}

// Every diagnostic is one `path:line:col: severity: message (outcome); hint` line on stderr, and
// the summary counts what was skipped.
#[test]
fn diagnostics_name_the_place_and_the_outcome() {
    let out = kiosque(&["check", &fixture("error_yaml")]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("crochet.md:3:7: error: the YAML front matter is malformed"));
    assert!(lines[0].contains("(file skipped); fix the front matter"));
    assert!(lines[1].starts_with("deux-points.md:2:15: error:"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "3 files seen: 1 articles imported, 2 skipped, 0 images, 0 not articles; 2 errors, 0 warnings; 0 undated in "
        ),
        "{stdout}"
    );
}

// --strict fails on an id collision, which is an error even though both articles are kept.
#[test]
fn strict_fails_on_duplicate_ids() {
    let dir = fixture("error_duplicate_id");
    let out = kiosque(&["check", &dir, "--strict", "--json"]);
    assert!(!out.status.success());
    let report = json(&out);
    assert_eq!(report["articles"], 2);
    assert_eq!(report["errors"], 1);
    assert_eq!(report["diagnostics"][0]["outcome"], "renamed");
    assert_eq!(report["diagnostics"][0]["line"], 4);
    assert_eq!(report["imported"][1]["id"], "2022-03-01-meme-sujet-2");
    assert!(kiosque(&["check", &dir]).status.success());
}

// Warnings alone never fail --strict.
#[test]
fn strict_passes_on_warnings() {
    let out = kiosque(&["check", &fixture("windows_1252"), "--strict"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "revue-de-presse.txt:1:21: warning: the file is not UTF-8 (byte 0xE9 here); it was read as Windows-1252"
    ));
}

// The JSON report holds what each article will show: date, precision, time with its zone,
// authors, tags, language; and the dropped field of a refused date.
#[test]
fn json_report_describes_each_article() {
    let report = json(&kiosque(&["check", &fixture("yaml_jekyll"), "--json"]));
    let first = &report["imported"][0];
    assert_eq!(first["id"], "2016-05-12-premier-billet");
    assert_eq!(first["date"], "2016-05-12");
    assert_eq!(first["precision"], "day");
    assert_eq!(first["time"], "09:15:00+02:00");
    assert_eq!(first["authors"], serde_json::json!(["Hélène Garnier"]));
    assert_eq!(first["tags"], serde_json::json!(["carnet", "annonces"]));
    assert_eq!(first["lang"], "fr");

    let report = json(&kiosque(&["check", &fixture("clipping_seed"), "--json"]));
    assert_eq!(report["imported"][0]["precision"], "month");
    assert_eq!(report["imported"][0]["time"], serde_json::Value::Null);

    let report = json(&kiosque(&["check", &fixture("error_bad_day"), "--json"]));
    assert_eq!(
        report["diagnostics"][0]["outcome"],
        serde_json::json!({"field_dropped": "date"})
    );
    assert_eq!(report["undated"], 1);
    assert_eq!(report["imported"][0]["date"], serde_json::Value::Null);
}

// Skipped, not-article and hidden entries are counted in the summary of a real bundle run too.
#[test]
fn bundle_summary_counts_everything() {
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("bundle");
    let out = kiosque(&[
        "bundle",
        &fixture("not_articles"),
        "-o",
        target.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "6 files seen: 1 articles imported, 0 skipped, 0 images, 5 not articles (1 hidden); 0 errors, 0 warnings; 0 undated; "
        ),
        "{stderr}"
    );
    assert!(target.join("manifest.json").is_file());
}

// `--quiet` hides the warnings one by one (the summary still counts them) and keeps the errors.
#[test]
fn quiet_prints_only_errors_and_the_summary() {
    let undated = kiosque(&["check", &fixture("undated")]);
    let quiet = kiosque(&["check", "--quiet", &fixture("undated")]);
    assert!(String::from_utf8_lossy(&undated.stderr).contains(": warning: "));
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert!(String::from_utf8_lossy(&quiet.stdout).contains("; 0 errors, 2 warnings;"));
    let errors = kiosque(&["check", "-q", &fixture("error_yaml")]);
    assert_eq!(String::from_utf8_lossy(&errors.stderr).lines().count(), 2);
}
