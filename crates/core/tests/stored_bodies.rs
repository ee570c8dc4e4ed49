//! Every article the repository holds (the sample articles, the importer's fixtures, the hostile
//! ones), imported as `kiosque bundle` imports it: its stored body shows in the reader exactly the
//! HTML and plain text its Markdown gave when the app rendered Markdown itself, for both choices
//! about remote pictures, and the reader's guard would keep every tag and attribute of it.

use std::path::{Path, PathBuf};

use kiosque_core::markdown::pictures::{BundledPicture, Pictures};
use kiosque_core::markdown::stored::{self, allowed_attribute, allowed_element};
use kiosque_core::markdown::{plain_text, render};
use kiosque_core::{html_tag, import};

/// The folders of articles in the repository.
fn folders() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut folders = vec![root.join("articles"), root.join("tests/fixtures/hostile")];
    let fixtures = root.join("tests/fixtures/import");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("the importer's fixtures")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    folders.extend(cases);
    folders
}

/// Every bundled picture found, as a reader of the bundle would load it.
fn bundled(path: &str) -> Option<BundledPicture> {
    path.starts_with("assets/").then(|| BundledPicture {
        url: format!("bundle/{path}?v=0"),
        width: 10,
        height: 20,
    })
}

fn check_guard_keeps(html: &str, load_remote: bool, origin: &Path) {
    for (at, _) in html.match_indices('<') {
        let Some(tag) = html_tag::start_tag(html, at) else {
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        assert!(allowed_element(&name), "{}: <{name}>", origin.display());
        for attribute in &tag.attributes {
            let value = html_tag::decode_value(attribute.value);
            assert!(
                allowed_attribute(attribute.name, &value, load_remote),
                "{}: {}={value:?}",
                origin.display(),
                attribute.name
            );
        }
    }
}

#[test]
fn every_article_in_the_repository_renders_the_same_stored() {
    let mut seen = 0;
    for folder in folders() {
        for article in import::import_dir(&folder).articles {
            let markdown = &article.body;
            let stored = stored::store(markdown, &plain_text(markdown));
            let body = stored::read(&stored).expect("a stored body reads back");
            // The bundler's source holds no NUL; what the old reader made of that source is
            // what the stored body must give.
            let clean = markdown.replace('\0', "\u{FFFD}");
            assert_eq!(body.text(), plain_text(&clean), "{}", folder.display());
            for load_remote in [false, true] {
                let pictures = Pictures {
                    bundled: &bundled,
                    load_remote,
                    ..Pictures::none()
                };
                let expected = render(&clean, &pictures);
                let got = body.render(&pictures);
                assert_eq!(got, expected, "{}: {}", folder.display(), article.meta.id);
                check_guard_keeps(&got.html, load_remote, &folder);
            }
            seen += 1;
        }
    }
    assert!(seen > 40, "only {seen} articles were found");
}
