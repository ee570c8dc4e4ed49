//! SVG pictures through the whole import: every disguise of script named in issue 13 is refused
//! with a warning at the picture's place in the article, and a benign drawing is bundled,
//! rewritten, with its look.

use kiosque_core::import::{self, Diagnostic, Outcome, Severity};

/// Each hostile picture, by file name.
const HOSTILE: &[(&str, &str)] = &[
    (
        "prefixed.svg",
        r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10" height="10"><svg:script>fetch('/steal')</svg:script></svg:svg>"#,
    ),
    (
        "xhtml.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" width="10" height="10"><foreignObject width="10" height="10"><h:script>fetch('/steal')</h:script></foreignObject></svg>"#,
    ),
    (
        "entity.svg",
        "<!DOCTYPE svg [\n  <!ENTITY s \"&#60;script&#62;fetch('/steal')&#60;/script&#62;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">&s;</svg>",
    ),
    (
        "srcdoc.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;fetch('/steal')&lt;/script&gt;"/></foreignObject></svg>"#,
    ),
    (
        "encoded-link.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><a href="javascript&#58;fetch('/steal')"><rect width="10" height="10"/></a></svg>"#,
    ),
    (
        "handler.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" onmouseover="fetch('/steal')"/></svg>"#,
    ),
    (
        "animated-link.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><a href="#r"><set attributeName="href" to="javascript:fetch('/steal')"/><rect id="r" width="10" height="10"/></a></svg>"##,
    ),
    (
        "remote-style.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>@import url("https://example.org/track.css");</style></svg>"#,
    ),
];

const BENIGN: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 30">
  <defs><radialGradient id="sun"><stop offset="0" stop-color="gold"/><stop offset="1" stop-color="orange"/></radialGradient>
  <path id="ray" d="M0 0 h5"/></defs>
  <circle cx="20" cy="15" r="10" fill="url(#sun)"/>
  <use xlink:href="#ray" x="30" y="15" stroke="orange"/>
  <text x="2" y="28" font-size="4">Soleil</text>
</svg>"##;

#[test]
fn hostile_svgs_are_refused_and_benign_ones_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("---\ntitle: Dessins\ndate: 2021-06-01\n---\n\n");
    for (name, svg) in HOSTILE {
        std::fs::write(dir.path().join(name), svg).unwrap();
        body.push_str(&format!("![{name}]({name})\n\n"));
    }
    std::fs::write(dir.path().join("sun.svg"), BENIGN).unwrap();
    body.push_str("![sun](sun.svg)\n");
    std::fs::write(dir.path().join("2021-06-01-dessins.md"), &body).unwrap();

    let report = import::import_dir(dir.path());
    assert_eq!(report.articles.len(), 1, "{:#?}", report.diagnostics);
    let refusals: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("it was not bundled"))
        .collect();
    for (i, (name, _)) in HOSTILE.iter().enumerate() {
        let d = refusals
            .iter()
            .find(|d| d.message.contains(&format!("`{name}`")))
            .unwrap_or_else(|| panic!("{name} was not refused: {:#?}", report.diagnostics));
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.outcome, Outcome::FieldDropped("picture"));
        // The article's line where the picture is written, past the front matter.
        assert_eq!(
            (d.line, d.column),
            (6 + 2 * i, 1 + 2 + name.len() + 2),
            "{d}"
        );
        assert!(d.message.contains("(line "), "{d}");
        assert!(d.hint.contains("remove"), "{d}");
    }
    assert_eq!(refusals.len(), HOSTILE.len());

    // Only the sun is bundled, rewritten: same drawing, no script anywhere.
    assert_eq!(report.images.len(), 1);
    let bundled = String::from_utf8(report.images[0].bytes.clone()).unwrap();
    for kept in [
        "viewBox=\"0 0 40 30\"",
        "<radialGradient id=\"sun\">",
        "fill=\"url(#sun)\"",
        "<use xlink:href=\"#ray\" x=\"30\" y=\"15\" stroke=\"orange\">",
        ">Soleil</text>",
    ] {
        assert!(bundled.contains(kept), "{kept} missing from {bundled}");
    }
    let entry = &report.images[0].entry;
    assert_eq!((entry.width, entry.height), (40, 30));
    let body = &report.articles[0].body;
    assert!(
        body.contains(&format!("![sun]({})", entry.file.path)),
        "{body}"
    );
    for (name, _) in HOSTILE {
        assert!(body.contains(&format!("]({name})")), "{body}");
    }
}
