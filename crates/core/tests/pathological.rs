//! Inputs built to make the importer slow: each must be handled in time linear in its size, with
//! the same diagnostics as a small case.

use kiosque_core::import::{self, Diagnostic, Severity};

// 40,000 nested `[` in YAML and TOML front matter are refused at the bracket that goes too
// deep, before a parser sees them.
#[test]
fn deeply_nested_front_matter_is_refused_before_parsing() {
    for (text, line) in [
        (
            format!("---\ntitle: x\ntags: {}\n---\nBody.\n", "[".repeat(40_000)),
            3,
        ),
        (
            format!(
                "+++\ntitle = \"x\"\n\ntags = {}\n+++\nBody.\n",
                "[".repeat(40_000)
            ),
            4,
        ),
        (
            format!("---\nextra: {}\n---\nBody.\n", "{a: ".repeat(200_000)),
            2,
        ),
    ] {
        let mut diagnostics = Vec::new();
        assert!(
            import::import_file("2020-01-01-x.md", text.as_bytes(), &mut diagnostics).is_none()
        );
        let d: &Diagnostic = &diagnostics[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.line, line, "{d}");
        assert!(d.message.contains("nests lists or tables"), "{d}");
    }
}

// 100,000 lines of a missing picture: one warning per line, each at its own line, counted in
// one pass over the text (each counted from the start took 80 s).
#[test]
fn a_hundred_thousand_missing_pictures_are_each_placed() {
    let dir = tempfile::tempdir().unwrap();
    let lines = 100_000;
    let text = format!("# Beaucoup\n\n{}", "![x](absente.png)\n".repeat(lines));
    std::fs::write(dir.path().join("beaucoup.md"), text).unwrap();
    let report = import::import_dir(dir.path());
    assert_eq!(report.articles.len(), 1);
    let pictures: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("absente.png"))
        .collect();
    assert_eq!(pictures.len(), lines);
    assert_eq!((pictures[0].line, pictures[0].column), (3, 6));
    assert_eq!(
        (pictures[lines - 1].line, pictures[lines - 1].column),
        (lines + 2, 6)
    );
}
