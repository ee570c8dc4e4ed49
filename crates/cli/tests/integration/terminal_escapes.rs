//! Text from the articles never reaches the terminal raw: control sequences in a title and a
//! newline or a direction override in a file name are printed as visible escapes by `check`,
//! `bundle` and `search`, in text and in JSON.

use crate::common::{kiosque, stderr};

/// What a terminal would obey: C0/C1 controls (other than the line breaks between records) and
/// direction overrides.
fn active(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn titles_and_file_names_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    // A title that would write the clipboard and clear the screen, and a file name with a
    // newline and a right-to-left override, whose article has a problem to report.
    std::fs::write(
        articles.join("2020-01-01-clip.md"),
        "---\ntitle: \"Piège \\e]52;c;SGVsbG8=\\a\\e[2J\u{202e}txt.exe\"\nlang: fr\n---\n\nLe piège du presse-papiers.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("2020-01-02-bad\nname\u{202e}.md"),
        "---\ntitle: Image\n---\n\n![x](absente.png)\n",
    )
    .unwrap();
    let arg = |p: &std::path::Path| p.to_str().unwrap().to_owned();

    let check = kiosque(&["check", &arg(&articles)]);
    let (out, err) = (String::from_utf8_lossy(&check.stdout), stderr(&check));
    assert_eq!(active(&out), Vec::<char>::new(), "{out}");
    assert_eq!(active(&err), Vec::<char>::new(), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("absente.png"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.starts_with("2020-01-02-bad\\nname\\u{202e}.md:5:6: "),
        "{line}"
    );

    let json = kiosque(&["check", "--json", &arg(&articles)]);
    let text = String::from_utf8_lossy(&json.stdout);
    assert_eq!(active(&text), Vec::<char>::new(), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value["imported"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["title"].as_str().unwrap().contains("\u{1b}]52")));

    let bundle = dir.path().join("bundle");
    let built = kiosque(&["bundle", &arg(&articles), "-o", &arg(&bundle)]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(active(&stderr(&built)), Vec::<char>::new());
    let bundle = arg(&bundle);
    for args in [
        ["search", bundle.as_str(), "piège", "--limit=5"],
        ["search", "--json", bundle.as_str(), "piege"],
    ] {
        let found = kiosque(&args);
        let out = String::from_utf8_lossy(&found.stdout);
        assert!(found.status.success(), "{}", stderr(&found));
        assert!(out.contains("Pi"), "{out}");
        assert_eq!(active(&out), Vec::<char>::new(), "{out}");
    }
}
