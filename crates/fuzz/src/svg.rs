//! The SVG rewriter on generated hostile pictures.
//!
//! Inputs are built from a grammar of SVG pieces, benign and hostile (script in every namespace,
//! foreignObject, handlers, `javascript:` in every spelling, entities, outside references,
//! animations of links), then mutated as text. Whatever is written back must be well-formed,
//! hold nothing active, and come out the same when rewritten again.

use std::path::Path;

use kiosque_core::import::{rewrite_svg, SvgError};

use crate::mutate::mutate;
use crate::Target;

const OPENINGS: &[&str] = &[
    r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30">"#,
    r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" viewBox="0 0 4 4">"#,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\">",
    "<!DOCTYPE svg [<!ENTITY e \"&#60;script&#62;x()&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">",
    "<svg>",
];

const PIECES: &[&str] = &[
    r#"<rect width="10" height="10" fill="url(#g)"/>"#,
    r#"<linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>"#,
    r#"<text x="1" y="9">Texte &amp; «accents»</text>"#,
    r##"<use xlink:href="#g"/>"##,
    r#"<path d="M0 0L4 4" style="stroke: blue"/>"#,
    r#"<g transform="scale(2)"><circle r="1"/></g>"#,
    "<!-- a comment -->",
    "<![CDATA[ <script>cdata()</script> ]]>",
    "<script>alert(1)</script>",
    r#"<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>"#,
    r#"<foreignObject><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></foreignObject>"#,
    r#"<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/>"#,
    r#"<rect onload="alert(1)"/>"#,
    r#"<rect x:onclick="alert(1)" xmlns:x="urn:x"/>"#,
    r#"<a href="javascript&#58;alert(1)"><text>x</text></a>"#,
    "<a href=\"java\tscript:alert(1)\"><text>x</text></a>",
    r#"<a xlink:href="&#x6A;avascript:alert(1)"><text>x</text></a>"#,
    r#"<image href="https://example.org/x.png"/>"#,
    r#"<image href="data:image/png;base64,iVBORw0KGgo="/>"#,
    r#"<use href="other.svg#a"/>"#,
    r#"<style>@import url(https://example.org/x.css);</style>"#,
    r#"<style>rect { fill: url(#g) }</style>"#,
    r##"<a href="#a"><set attributeName="href" to="javascript:alert(1)"/></a>"##,
    r#"<animate attributeName="xlink:href" values="javascript:alert(1)"/>"#,
    r#"<rect filter="url(https://example.org/f#x)"/>"#,
    "&e;",
    r#"<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>"#,
    r#"<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>"#,
];

/// The SVG rewriter target.
#[derive(Default)]
pub struct SvgTarget {
    last: Vec<u8>,
}

impl Target for SvgTarget {
    fn name(&self) -> &'static str {
        "svg"
    }

    fn run(&mut self, rng: &mut fastrand::Rng) -> Result<(), String> {
        let opening = rng.choice(OPENINGS).unwrap();
        let mut text = String::from(*opening);
        let mut depth = 0;
        for _ in 0..rng.usize(0..12) {
            if rng.u8(0..5) == 0 {
                text.push_str("<g>");
                depth += 1;
            }
            text.push_str(rng.choice(PIECES).unwrap());
            if depth > 0 && rng.u8(0..4) == 0 {
                text.push_str("</g>");
                depth -= 1;
            }
        }
        text.push_str(&"</g>".repeat(depth));
        text.push_str(if opening.starts_with("<svg:svg") {
            "</svg:svg>"
        } else {
            "</svg>"
        });
        let mut bytes = text.into_bytes();
        if rng.bool() {
            mutate(&mut bytes, rng);
        }
        self.last = bytes.clone();
        match rewrite_svg(&bytes) {
            Err(SvgError::Unsafe { line, column, .. }) if line == 0 || column == 0 => {
                Err(format!("a refusal at line {line}, column {column}"))
            }
            Err(_) => Ok(()),
            Ok(out) => check_output(&out),
        }
    }

    fn save_last(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("input.svg"), &self.last)
    }
}

/// What a rewritten SVG must be: well-formed, nothing active in it, and a fixed point.
fn check_output(out: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| format!("output is not well-formed ({e}): {text}"))?;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name();
        if name.namespace() != Some("http://www.w3.org/2000/svg") {
            return Err(format!(
                "element {:?} outside the SVG namespace: {text}",
                name
            ));
        }
        let local = name.name().to_ascii_lowercase();
        if ["script", "foreignobject", "iframe", "object", "embed"].contains(&local.as_str()) {
            return Err(format!("active element {local}: {text}"));
        }
        for attribute in node.attributes() {
            let folded: String = attribute
                .value()
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attribute.name().to_ascii_lowercase().starts_with("on")
                || folded.contains("javascript:")
                || (attribute.name() == "href"
                    && !folded.starts_with('#')
                    && !folded.starts_with("data:image/"))
            {
                return Err(format!("active attribute {}: {text}", attribute.name()));
            }
        }
    }
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return Err(format!("a DTD survived: {text}"));
    }
    let again = rewrite_svg(out).map_err(|e| format!("output refused on a second pass: {e:?}"))?;
    if again != out {
        return Err(format!(
            "a second pass changes the output:\n{text}\n{}",
            String::from_utf8_lossy(&again)
        ));
    }
    Ok(())
}
