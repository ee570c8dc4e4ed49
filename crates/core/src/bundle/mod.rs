//! The bundle: what `kiosque bundle` writes and the reader fetches.

mod assemble;
mod format;
mod integrity;
#[cfg(feature = "bundler")]
mod open;
mod read;
pub mod v3;
#[cfg(feature = "bundler")]
mod write;

pub use assemble::{open_parts, CatalogPart, OpenedParts};
pub use format::*;
pub use integrity::{check_agreement, check_digest, check_size};
#[cfg(feature = "bundler")]
pub use integrity::{check_content, content_hash};
#[cfg(feature = "bundler")]
pub use open::{OpenBundle, OpenError};
pub use read::{
    check_manifest, is_bundle_path, read_body_chunk, read_catalog, read_index, read_manifest,
    read_positions, read_similar, BundleError, ManifestProbe,
};
#[cfg(feature = "bundler")]
pub use write::{build, BuiltBundle, ImageFile};

#[cfg(all(test, feature = "bundler"))]
mod tests {
    use super::*;
    use crate::article::{Article, ArticleMeta};
    use crate::date::ArticleDate;

    fn article(id: &str, date: Option<&str>, body: String) -> Article {
        Article {
            meta: ArticleMeta {
                id: id.into(),
                title: id.into(),
                date: date.map(|d| ArticleDate::parse(d).unwrap()),
                authors: vec![],
                tags: vec![],
                source: None,
                lang: "fr".into(),
                summary: String::new(),
                reading_minutes: 1,
                origin: format!("{id}.md"),
            },
            body,
        }
    }

    fn file<'a>(built: &'a BuiltBundle, path: &str) -> &'a [u8] {
        built.file(path).unwrap()
    }

    #[test]
    fn round_trips_in_date_order() {
        let built = build(
            vec![
                article("b", Some("2021-03-10"), "B".into()),
                article("u", None, "U".into()),
                article("a", Some("2020-04"), "A".into()),
            ],
            Vec::new(),
            "test",
        );
        let manifest = read_manifest(file(&built, "manifest.json")).unwrap();
        assert_eq!(manifest.articles, 3);
        assert_eq!(manifest.undated, 1);
        assert_eq!(manifest.first_date.as_deref(), Some("2020-04"));
        assert_eq!(manifest.last_date.as_deref(), Some("2021-03-10"));
        let catalog = read_catalog(&manifest.catalog, file(&built, "catalog.bin")).unwrap();
        let ids: Vec<_> = catalog.entries.iter().map(|e| e.meta.id.as_str()).collect();
        assert_eq!(ids, ["u", "a", "b"]);
        let chunk = read_body_chunk(&manifest.bodies[0], file(&built, "bodies/0000.bin")).unwrap();
        let body = &chunk.bodies[catalog.entries[2].body.index as usize];
        let body = crate::markdown::stored::read(body).unwrap();
        assert_eq!(body.text(), "B\n");
        let pictures = crate::markdown::pictures::Pictures::none();
        assert_eq!(body.render(&pictures).html, "<p>B</p>\n");
    }

    #[test]
    fn large_bodies_split_into_chunks() {
        let big = "x".repeat(BODY_CHUNK_BYTES / 2 + 1);
        let built = build(
            (0..5)
                .map(|i| article(&format!("a{i}"), None, big.clone()))
                .collect(),
            Vec::new(),
            "test",
        );
        assert_eq!(built.manifest.bodies.len(), 5);
        let catalog = read_catalog(&built.manifest.catalog, file(&built, "catalog.bin")).unwrap();
        assert_eq!(catalog.entries[4].body, BodyRef { chunk: 4, index: 0 });
    }

    #[test]
    fn images_are_stored_once_under_their_content_hash() {
        let picture = ImageFile::new(b"picture bytes".to_vec(), "png", 40, 30);
        let other = ImageFile::new(b"other bytes".to_vec(), "svg", 8, 8);
        let built = build(
            vec![article("a", None, "![x](assets/whatever.png)".into())],
            vec![picture.clone(), other.clone(), picture.clone()],
            "test",
        );
        let path = &picture.entry.file.path;
        assert!(path.starts_with(ASSETS_DIR) && path.ends_with(".png"));
        assert_eq!(path.len(), ASSETS_DIR.len() + 16 + 4);
        assert_eq!(&path[ASSETS_DIR.len()..][..16], picture.entry.file.hash);
        assert_eq!(file(&built, path), b"picture bytes");
        let manifest = read_manifest(file(&built, "manifest.json")).unwrap();
        assert_eq!(manifest.images.len(), 2);
        assert_eq!(manifest.image(path), Some(&picture.entry));
        assert_eq!(
            built.files.iter().filter(|(p, _)| p == path).count(),
            1,
            "a picture given twice is written once"
        );
        assert_eq!(
            manifest.files().count(),
            7,
            "catalog, index, positions, near-duplicates, a body chunk, two pictures"
        );
    }

    #[test]
    fn damaged_files_are_named_in_the_error() {
        let built = build(vec![article("a", None, "A".into())], Vec::new(), "test");
        let manifest = &built.manifest;
        let bytes = file(&built, "catalog.bin");
        let truncated = read_catalog(&manifest.catalog, &bytes[..bytes.len() - 3]).unwrap_err();
        assert!(matches!(truncated, BundleError::Truncated { .. }));
        assert!(truncated
            .to_string()
            .starts_with("catalog.bin is incomplete"));

        // One byte changed, size kept: refused by its hash before anything is decoded.
        let mut flipped = bytes.to_vec();
        flipped[HEADER_LEN + 1] ^= 1;
        let altered = check_content(&manifest.catalog, &flipped).unwrap_err();
        assert_eq!(
            altered,
            BundleError::Altered {
                file: "catalog.bin".into()
            }
        );
        assert!(altered
            .to_string()
            .contains("upload the whole bundle again"));

        // A file whose manifest entry matches it (a hand-made bundle) is still checked inside.
        let entry_for = |bytes: &[u8]| FileEntry {
            bytes: bytes.len() as u64,
            hash: content_hash(bytes),
            ..manifest.catalog.clone()
        };
        let mut other_version = bytes.to_vec();
        other_version[MAGIC.len()] = 9;
        assert_eq!(
            read_catalog(&entry_for(&other_version), &other_version).unwrap_err(),
            BundleError::Version {
                found: 9,
                supported: FORMAT_VERSION
            }
        );
        let mut garbage = bytes.to_vec();
        garbage[0] = b'X';
        assert!(matches!(
            read_catalog(&entry_for(&garbage), &garbage),
            Err(BundleError::NotKiosque { .. })
        ));
        // A count of 2^60 articles in a file of a few bytes fails to decode, without trying
        // to make room for them.
        let mut huge = bytes[..HEADER_LEN].to_vec();
        huge.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
        assert!(matches!(
            read_catalog(&entry_for(&huge), &huge),
            Err(BundleError::Corrupt { .. })
        ));
    }

    #[test]
    fn near_duplicate_groups_travel_in_their_own_file() {
        let text = |step: usize| {
            (0..80)
                .map(|i| format!("mot{}", (i * step) % 97))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let built = build(
            vec![
                article("b", Some("2021-03-10"), text(7)),
                article("c", Some("2021-03-11"), text(13)),
                article("a", Some("2021-03-09"), text(7)),
            ],
            Vec::new(),
            "test",
        );
        let manifest = read_manifest(file(&built, "manifest.json")).unwrap();
        let entry = manifest.similar.as_ref().unwrap();
        let groups = read_similar(entry, file(&built, "similar.bin"), 3).unwrap();
        assert_eq!(
            groups.groups(),
            &[vec![0, 1]],
            "a and b, numbered in date order"
        );
        // A manifest written before near-duplicates still opens, without them.
        let json = String::from_utf8(file(&built, "manifest.json").to_vec()).unwrap();
        let start = json.find("\"similar\"").unwrap();
        let end = start + json[start..].find('}').unwrap() + 2;
        let older =
            read_manifest(format!("{}{}", &json[..start], &json[end..]).as_bytes()).unwrap();
        assert_eq!(older.similar, None);
        // Any bytes give groups or an error, never a panic; a wrong kind is named.
        let bytes = file(&built, "similar.bin");
        let mut wrong_kind = bytes.to_vec();
        wrong_kind[HEADER_LEN - 1] = FileKind::Catalog as u8;
        assert!(matches!(
            read_similar(entry, &wrong_kind, 3),
            Err(BundleError::Corrupt { .. })
        ));
        let mut state = 7u32;
        for len in 0..200 {
            let mut noise = bytes[..HEADER_LEN].to_vec();
            noise.extend((0..len).map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            }));
            let noisy_entry = FileEntry {
                bytes: noise.len() as u64,
                ..entry.clone()
            };
            let _ = read_similar(&noisy_entry, &noise, 1000);
        }
    }

    #[test]
    fn parts_open_into_a_searcher_only_when_they_agree() {
        let built = build(
            vec![
                article("a", Some("2020-04"), "Zoom et Oracle".into()),
                article("b", None, "Teams".into()),
            ],
            Vec::new(),
            "test",
        );
        let (manifest, opened) = built.open().unwrap();
        assert_eq!(opened.entries.len(), 2);
        assert!(opened.searcher.index().has_positions());
        let request = |q: &str| crate::search::SearchRequest {
            query: crate::search::Query::parse(q),
            ..Default::default()
        };
        assert_eq!(opened.searcher.search(&request("oracle ")).hits.len(), 1);
        // Without positions, as the app opens a bundle at first.
        let without = open_parts(
            &manifest,
            file(&built, "catalog.bin"),
            file(&built, "index.bin").to_vec(),
            None,
        )
        .unwrap();
        assert!(!without.searcher.index().has_positions());
        // Another bundle's index (three articles) with this catalog (two): refused, named.
        let other = build(
            (0..3)
                .map(|i| article(&format!("x{i}"), None, "X".into()))
                .collect(),
            Vec::new(),
            "test",
        );
        let mut mixed = manifest.clone();
        mixed.index = other.manifest.index.clone();
        let error = open_parts(
            &mixed,
            file(&built, "catalog.bin"),
            file(&other, "index.bin").to_vec(),
            None,
        )
        .err()
        .unwrap();
        assert_eq!(
            error,
            BundleError::Corrupt {
                file: "index.bin".into(),
                detail: "its article count differs from the catalog's".into()
            }
        );
        // A catalog the manifest does not describe is refused before it is decoded.
        assert!(matches!(
            CatalogPart::read(&manifest, file(&other, "catalog.bin")),
            Err(BundleError::Truncated { .. } | BundleError::Altered { .. })
        ));
    }

    #[test]
    fn manifest_paths_stay_inside_the_bundle() {
        for good in ["catalog.bin", "bodies/0000.bin", "assets/0123abcd.svg"] {
            assert!(is_bundle_path(good), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "C:\\x",
            "c:x",
            "https://example.org/x",
            "//example.org/x",
            "%2e%2e/x",
            "a\nb",
            "a b",
        ] {
            assert!(!is_bundle_path(bad), "{bad}");
        }
        let built = build(vec![article("a", None, "A".into())], Vec::new(), "test");
        let json = String::from_utf8(file(&built, "manifest.json").to_vec()).unwrap();
        let bad = json.replace("\"catalog.bin\"", "\"/etc/passwd\"");
        assert!(matches!(
            read_manifest(bad.as_bytes()),
            Err(BundleError::BadManifest(m)) if m.contains("outside the bundle folder")
        ));
    }

    #[test]
    fn manifest_of_another_version_is_refused_before_its_shape_is_checked() {
        let err = read_manifest(br#"{"format":"kiosque-bundle","version":7,"whatever":true}"#)
            .unwrap_err();
        assert_eq!(
            err,
            BundleError::Version {
                found: 7,
                supported: FORMAT_VERSION
            }
        );
        assert!(matches!(
            read_manifest(b"<html>"),
            Err(BundleError::BadManifest(_))
        ));
    }
}
