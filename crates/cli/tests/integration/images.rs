//! Pictures through the `kiosque` command: `--site-root`, `--max-image-size`, the summary's image
//! figures and the files written under `assets/`, on `tests/fixtures/import/images_*` and the
//! end-to-end fixture `tests/fixtures/images/`.

use std::path::{Path, PathBuf};

use crate::common::{kiosque, stderr};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn manifest(bundle: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(bundle.join("manifest.json")).unwrap()).unwrap()
}

// A Jekyll post's `/assets/…` picture is found under --site-root, written under `assets/` with
// its size in the manifest, and counted in the summary with its bytes.
#[test]
fn bundle_writes_pictures_found_under_the_site_root() {
    let site = fixtures().join("import/images_jekyll/site");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("bundle");
    let result = kiosque(&[
        "bundle",
        arg(&site.join("_posts")),
        "--site-root",
        arg(&site),
        "-o",
        arg(&target),
    ]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    let photo = std::fs::read(site.join("assets/img/photo.jpg")).unwrap();
    assert!(
        err.contains(&format!(
            "1 files seen: 1 articles imported, 0 skipped, 1 images ({} B), 0 not articles; 0 errors, 0 warnings",
            photo.len()
        )),
        "{err}"
    );
    let manifest = manifest(&target);
    let image = &manifest["images"][0];
    assert_eq!(
        (image["width"].as_u64(), image["height"].as_u64()),
        (Some(40), Some(30))
    );
    let path = image["file"]["path"].as_str().unwrap();
    assert!(
        path.starts_with("assets/") && path.ends_with(".jpg"),
        "{path}"
    );
    assert_eq!(std::fs::read(target.join(path)).unwrap(), photo);
}

// Without --site-root the same post is checked with a warning that says which option to pass;
// --json counts images.
#[test]
fn check_names_the_site_root_option_for_absolute_paths() {
    let posts = fixtures().join("import/images_jekyll/site/_posts");
    let result = kiosque(&["check", arg(&posts)]);
    assert!(result.status.success());
    let err = stderr(&result);
    assert!(
        err.starts_with("2022-05-10-marche-du-samedi.md:9:26: warning: the picture `/assets/img/photo.jpg` is not in the articles folder"),
        "{err}"
    );
    assert!(err.contains("pass `--site-root DIR`"), "{err}");
    let result = kiosque(&["check", arg(&posts), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(
        (report["images"].as_u64(), report["image_bytes"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        report["diagnostics"][0]["outcome"]["field_dropped"],
        "picture"
    );
}

// --max-image-size is in MiB and its limit is said in the warning; a --site-root that is not a
// folder is refused before anything is read.
#[test]
fn image_options_are_checked_and_applied() {
    let problems = fixtures().join("import/images_problems");
    let result = kiosque(&["check", arg(&problems), "--max-image-size", "0.004"]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(
        err.contains(
            "2021-06-01-problemes.md:12:16: warning: the picture `grande.png` is 7.1 KiB, over the 4.1 KiB limit for an image"
        ),
        "{err}"
    );
    let result = kiosque(&["check", arg(&problems)]);
    assert!(!stderr(&result).contains("grande.png"));
    let result = kiosque(&["check", arg(&problems), "--site-root", "/no/such/site"]);
    assert!(!result.status.success());
    assert!(stderr(&result).contains("--site-root /no/such/site is not a folder"));
    let result = kiosque(&["check", arg(&problems), "--max-image-size", "0"]);
    assert!(!result.status.success());
}

// The end-to-end fixture bundles as the reader's tests expect: the folder post's and the
// Jekyll post's pictures at their sizes, the missing one a warning, the remote one untouched.
#[test]
fn end_to_end_fixture_bundles() {
    let root = fixtures().join("images");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("bundle");
    let result = kiosque(&[
        "bundle",
        arg(&root.join("articles")),
        "--site-root",
        arg(&root.join("site")),
        "-o",
        arg(&target),
    ]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(
        err.starts_with(
            "2022-05-06-photo-disparue.md:9:19: warning: the picture `absente.jpg` was not found"
        ),
        "{err}"
    );
    assert!(
        err.contains("5 files seen: 4 articles imported, 0 skipped, 2 images (986 B), 0 not articles; 0 errors, 1 warnings"),
        "{err}"
    );
    let manifest = manifest(&target);
    let mut sizes: Vec<_> = manifest["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["width"].as_u64().unwrap(), i["height"].as_u64().unwrap()))
        .collect();
    sizes.sort();
    assert_eq!(sizes, [(64, 64), (120, 80)]);
}
