//! `kiosque bundle --format 3` and `kiosque search` on it: the same output as on the format-2
//! bundle of the same articles; a damaged or missing piece is a clear error.

use std::path::Path;

use crate::common::{kiosque, stderr};

fn bundles(dir: &Path) -> (String, String) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let fixtures = fixtures.to_str().unwrap();
    let v2 = dir.join("v2").to_str().unwrap().to_owned();
    let v3 = dir.join("v3").to_str().unwrap().to_owned();
    let out = kiosque(&["bundle", fixtures, "-o", &v2, "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kiosque(&["bundle", fixtures, "-o", &v3, "-q", "--format", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("format 3"), "{}", stderr(&out));
    (v2, v3)
}

#[test]
fn search_prints_the_same_on_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (v2, v3) = bundles(dir.path());
    let manifest = std::fs::read_to_string(Path::new(&v3).join("manifest.json")).unwrap();
    assert!(manifest.contains("\"version\": 3") && manifest.contains("\"sha256\""));
    // The manifest names the head alone (with its SHA-256) and the pictures; the head names the
    // pieces.
    assert!(manifest.contains("\"layout\": 3"), "{manifest}");
    for kind in [
        "terms/", "cards/", "rows/", "bodies/", "similar-", "facets-",
    ] {
        assert!(!manifest.contains(kind), "{manifest}");
    }
    assert!(!Path::new(&v3).join("index.bin").exists());
    let queries: &[&[&str]] = &[
        &["zoom"],
        &["sécu"],
        &["\"de services\""],
        &["fournisseeur"],
        &["title:oracle"],
        &["-zoom", "--limit", "50"],
        &["", "--sort", "oldest", "--from", "2019", "--to", "2021-06"],
        &["", "--tag", "web", "--lang", "en"],
        &["cloud OR jekyll", "--sort", "newest"],
    ];
    for args in queries {
        let run = |bundle: &str| {
            let mut all = vec!["search", bundle];
            all.extend_from_slice(args);
            let out = kiosque(&all);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            let mut json = all.clone();
            json.push("--json");
            let json = kiosque(&json);
            (
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(json.stdout).unwrap(),
            )
        };
        let (text2, json2) = run(&v2);
        assert!(text2.contains("results"), "{args:?}: {text2}");
        assert_eq!((text2, json2), run(&v3), "{args:?}");
    }
}

#[test]
fn a_damaged_or_missing_piece_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v3) = bundles(dir.path());
    let terms: Vec<_> = std::fs::read_dir(Path::new(&v3).join("terms"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Damage every term shard: whichever the query needs is refused by its hash.
    for path in &terms {
        let mut bytes = std::fs::read(path).unwrap();
        bytes[0] ^= 1;
        std::fs::write(path, bytes).unwrap();
    }
    let out = kiosque(&["search", &v3, "zoom"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("terms/") && err.contains("differs from what the bundle's head says"),
        "{err}"
    );
    for path in &terms {
        std::fs::remove_file(path).unwrap();
    }
    let out = kiosque(&["search", &v3, "zoom"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
    // A head that is not the one the manifest names (its SHA-256) is refused too.
    let head = std::fs::read_dir(&v3)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("head-")
        })
        .unwrap();
    let mut bytes = std::fs::read(&head).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&head, bytes).unwrap();
    let out = kiosque(&["search", &v3, "zoom"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("head-") && err.contains("differs from what the manifest says"),
        "{err}"
    );
}

/// The streamed writer reports as format 2 does: every problem with its file and line, the
/// same counts in the summary, the pictures bundled; it leaves no temporary files behind.
#[test]
fn the_streamed_bundle_reports_every_file_and_keeps_the_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let fixtures = fixtures.to_str().unwrap();
    let v2 = dir.path().join("v2");
    let v3 = dir.path().join("v3");
    let out2 = kiosque(&["bundle", fixtures, "-o", v2.to_str().unwrap(), "-v"]);
    let out3 = kiosque(&[
        "bundle",
        fixtures,
        "-o",
        v3.to_str().unwrap(),
        "-v",
        "--format",
        "3",
        "--steps",
    ]);
    assert!(out3.status.success(), "{}", stderr(&out3));
    let (err2, err3) = (stderr(&out2), stderr(&out3));
    let problems = |err: &str| -> Vec<String> {
        err.lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .map(str::to_owned)
            .collect()
    };
    assert!(problems(&err3).iter().any(|l| l.contains("error_yaml/")));
    assert_eq!(problems(&err2), problems(&err3));
    // The same counts; format 2 then says what it wrote, format 3 its pieces, both the time.
    let counts = |err: &str| -> Vec<String> {
        let line = err.lines().find(|l| l.contains(" files seen: ")).unwrap();
        line.split("; ")
            .filter(|f| !f.contains("written") && !f.starts_with("format 3"))
            .map(|f| match f.rsplit_once(" in ") {
                Some((counts, time)) if time.ends_with(" s") => counts.to_owned(),
                _ => f.to_owned(),
            })
            .collect()
    };
    assert!(counts(&err3)[0].starts_with("64 files seen: 37 articles imported"));
    assert!(counts(&err3).iter().any(|f| f.starts_with("12 errors")));
    assert_eq!(counts(&err2), counts(&err3), "{err3}");
    assert!(err3.contains("  import, bodies spilled: "), "{err3}");
    assert!(err3.contains("  total: "), "{err3}");
    let manifest = std::fs::read_to_string(v3.join("manifest.json")).unwrap();
    let v3_manifest = kiosque_core::bundle::v3::read_manifest_v3(manifest.as_bytes()).unwrap();
    assert!(!v3_manifest.images.is_empty());
    for image in &v3_manifest.images {
        assert!(v3.join(&image.file.path).is_file(), "{}", image.file.path);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "only the two bundles remain: {left:?}");
}
