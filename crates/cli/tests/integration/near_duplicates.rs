//! `kiosque check` reports the near-duplicates of tests/fixtures/similar (one dispatch republished
//! by three outlets), for people and with `--json`.

use crate::common::kiosque;

fn fixture() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/similar")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_lists_each_group_with_sources_and_dates() {
    let out = kiosque(&["check", &fixture()]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let at = stdout
        .find("1 group of near-duplicates (3 articles; estimated similarity ≥ 0.5")
        .unwrap_or_else(|| panic!("{stdout}"));
    let lines: Vec<&str> = stdout[at..].lines().collect();
    assert_eq!(lines[1].trim(), "group 1:");
    assert!(
        lines[2]
            .trim()
            .starts_with("2024-03-04  La Gazette de Bretagne  2024-03-04-crue-vilaine-gazette.md"),
        "{stdout}"
    );
    assert!(
        lines[4]
            .trim()
            .starts_with("2024-03-05  Le Courrier du Matin"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 5, "{stdout}");
}

#[test]
fn check_json_has_the_groups() {
    let out = kiosque(&["check", "--json", &fixture()]);
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let groups = value["near_duplicates"]
        .as_array()
        .expect("an array of groups");
    assert_eq!(groups.len(), 1);
    let ids: Vec<&str> = groups[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "2024-03-04-crue-vilaine-gazette",
            "2024-03-04-crue-vilaine-ouest",
            "2024-03-05-crue-vilaine-courrier"
        ]
    );
    assert_eq!(groups[0][2]["source"], "Le Courrier du Matin");
    assert_eq!(groups[0][2]["date"], "2024-03-05");
}
