//! Making an SVG picture safe to serve from the site's own origin.
//!
//! A bundled picture lives beside the app: opened directly (an article may link to its own
//! picture's address), an SVG is a document, and any script in it runs with the site's rights.
//! So the file is parsed with a real XML parser (namespaces resolved, character references
//! decoded, so that `svg:script`, `javascript&#58;` or a tab inside a scheme disguise nothing)
//! and written again from an allow-list of SVG elements and attributes. Anything that could run
//! script or reach outside the picture refuses the whole picture, with its line and column, so
//! the publisher knows; harmless extras (editor metadata, unknown attributes) are simply left out.

use std::fmt::Write as _;

use roxmltree::{Document, Node, NodeType, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Namespaces whose elements are active content in a browser.
const ACTIVE_NAMESPACES: [&str; 3] = [
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2001/xml-events",
    "http://www.mozilla.org/keymaster/gatekeeper/there.is.only.xul",
];

/// Why an SVG was not bundled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgError {
    /// The file is not well-formed XML, or its root is not `<svg>`; says why.
    Unreadable(String),
    /// Something that could run script or load outside files: what, and where in the picture.
    Unsafe {
        /// What was found, for the publisher (`a <script> element`).
        what: String,
        /// 1-based line in the SVG file.
        line: u32,
        /// 1-based column in the SVG file.
        column: u32,
    },
}

/// The SVG in `bytes` written again from the allow-list, or why it cannot be. The importer
/// bundles only what this returns; it is public for tools and fuzzing.
pub fn rewrite(bytes: &[u8]) -> Result<Vec<u8>, SvgError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| SvgError::Unreadable("the SVG file is not UTF-8 text".to_owned()))?;
    if let Some(at) = internal_subset(text) {
        return Err(unsafe_at(
            text,
            at,
            "a DOCTYPE with its own declarations (entities can hide markup)",
        ));
    }
    let options = ParsingOptions {
        // A DOCTYPE naming the SVG DTD is common in exported files; one that declares
        // anything was refused above, and no external DTD or entity is ever loaded.
        allow_dtd: true,
        // A 10 MiB file cannot hold more nodes than this; it bounds memory on odd input.
        nodes_limit: 4_000_000,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| SvgError::Unreadable(format!("the SVG is not well-formed XML ({e})")))?;
    let root = doc.root_element();
    let root_ns = root.tag_name().namespace();
    if root.tag_name().name() != "svg" || !matches!(root_ns, None | Some(SVG_NS)) {
        return Err(SvgError::Unreadable(
            "the file does not open with an <svg> tag".to_owned(),
        ));
    }
    let mut out = String::with_capacity(text.len());
    write_tree(&doc, root, root_ns, &mut out)?;
    Ok(out.into_bytes())
}

/// Writes `root` and what it holds, iteratively (a deep file must not exhaust the stack).
fn write_tree(
    doc: &Document<'_>,
    root: Node<'_, '_>,
    svg_ns: Option<&str>,
    out: &mut String,
) -> Result<(), SvgError> {
    // Depth of the element being left out, while inside one: its content is left out too.
    let mut skipping: Option<usize> = None;
    let mut depth = 0usize;
    for edge in edges(root) {
        match edge {
            Edge::Open(node) => {
                if node.is_element() {
                    depth += 1;
                    // A dangerous element refuses the picture even inside a dropped one.
                    check_element(doc, node)?;
                    if skipping.is_some() {
                        continue;
                    }
                    if !allowed_element(node, svg_ns) {
                        skipping = Some(depth);
                        continue;
                    }
                    open_tag(doc, node, node == root, out)?;
                } else if skipping.is_none() {
                    if let NodeType::Text = node.node_type() {
                        escape_text(node.text().unwrap_or_default(), out);
                    }
                }
            }
            Edge::Close(node) => {
                if !node.is_element() {
                    continue;
                }
                if skipping == Some(depth) {
                    skipping = None;
                } else if skipping.is_none() {
                    out.push_str("</");
                    out.push_str(node.tag_name().name());
                    out.push('>');
                }
                depth -= 1;
            }
        }
    }
    Ok(())
}

/// Entering or leaving a node, in document order.
enum Edge<'a, 'input> {
    Open(Node<'a, 'input>),
    Close(Node<'a, 'input>),
}

/// Every node under `root` (itself included), opened and closed in document order, without
/// recursion.
fn edges<'a, 'input>(root: Node<'a, 'input>) -> impl Iterator<Item = Edge<'a, 'input>> {
    let mut next = Some(Edge::Open(root));
    std::iter::from_fn(move || {
        let edge = next.take()?;
        next = match &edge {
            Edge::Open(node) => Some(match node.first_child() {
                Some(child) => Edge::Open(child),
                None => Edge::Close(*node),
            }),
            Edge::Close(node) if *node == root => None,
            Edge::Close(node) => match node.next_sibling() {
                Some(sibling) => Some(Edge::Open(sibling)),
                None => node.parent().map(Edge::Close),
            },
        };
        Some(edge)
    })
}

/// Refuses elements that run script or embed other documents, in any namespace.
fn check_element(doc: &Document<'_>, node: Node<'_, '_>) -> Result<(), SvgError> {
    let name = node.tag_name();
    let local = name.name().to_ascii_lowercase();
    let active_ns = name
        .namespace()
        .is_some_and(|ns| ACTIVE_NAMESPACES.contains(&ns));
    if active_ns
        || matches!(
            local.as_str(),
            "script" | "foreignobject" | "iframe" | "object" | "embed" | "handler" | "listener"
        )
    {
        return Err(unsafe_at(
            doc.input_text(),
            node.range().start,
            &format!("a <{}> element", name.name()),
        ));
    }
    Ok(())
}

fn allowed_element(node: Node<'_, '_>, svg_ns: Option<&str>) -> bool {
    let name = node.tag_name();
    name.namespace() == svg_ns && ELEMENTS.binary_search(&name.name()).is_ok()
}

/// Writes the start tag of an allowed element with its allowed attributes, refusing the picture
/// on an event handler or a reference out of it.
fn open_tag(
    doc: &Document<'_>,
    node: Node<'_, '_>,
    is_root: bool,
    out: &mut String,
) -> Result<(), SvgError> {
    let element = node.tag_name().name();
    out.push('<');
    out.push_str(element);
    if is_root {
        let _ = write!(out, " xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\"");
    }
    let text = doc.input_text();
    for attribute in node.attributes() {
        let local = attribute.name();
        let namespace = attribute.namespace();
        let value = attribute.value();
        let at = attribute.range().start;
        let fail = |what: String| Err(unsafe_at(text, at, &what));
        if local.to_ascii_lowercase().starts_with("on") {
            return fail(format!("an event handler `{local}`"));
        }
        let folded = fold_url(value);
        if ["javascript:", "vbscript:", "livescript:"]
            .iter()
            .any(|scheme| folded.contains(scheme))
        {
            return fail(format!("a script address in `{local}`"));
        }
        let written_name = match (namespace, local) {
            (None | Some(XLINK_NS), "href") => {
                if !local_reference(&folded, element) {
                    return fail(format!(
                        "a link to `{}`, outside the picture",
                        value.chars().take(60).collect::<String>()
                    ));
                }
                if namespace.is_some() {
                    "xlink:href"
                } else {
                    "href"
                }
            }
            (Some(XLINK_NS), "title") => "xlink:title",
            (Some(XML_NS), "space") => "xml:space",
            (Some(XML_NS), "lang") => "xml:lang",
            (None, "attributeName") => {
                let target = value.trim().rsplit(':').next().unwrap_or_default();
                let target = target.to_ascii_lowercase();
                if target == "href" || target.starts_with("on") {
                    return fail(format!("an animation that changes `{}`", value.trim()));
                }
                local
            }
            (None, name) if ATTRIBUTES.binary_search(&name).is_ok() => name,
            // Editor data (`inkscape:label`, `data-…`) and unknown attributes: left out.
            _ => continue,
        };
        if !css_is_local(value) {
            return fail(format!(
                "a style or address in `{local}` that loads an outside file"
            ));
        }
        out.push(' ');
        out.push_str(written_name);
        out.push_str("=\"");
        escape_attribute(value, out);
        out.push('"');
    }
    if element == "style" {
        let css: String = node.children().filter_map(|child| child.text()).collect();
        if !css_is_local(&css) {
            return Err(unsafe_at(
                text,
                node.range().start,
                "a <style> that loads an outside file",
            ));
        }
    }
    out.push('>');
    Ok(())
}

/// Whether an address (already folded by [`fold_url`]) stays inside the picture: a `#fragment`,
/// or for `<image>` a PNG, JPEG, GIF or WebP picture written inline (which runs nothing).
fn local_reference(folded: &str, element: &str) -> bool {
    folded.starts_with('#')
        || (matches!(element, "image" | "feImage")
            && ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|kind| {
                folded.starts_with(&format!("data:image/{kind};"))
                    || folded.starts_with(&format!("data:image/{kind},"))
            }))
}

/// An address as a browser reads its scheme: ASCII whitespace and control characters removed
/// (browsers skip tabs and newlines inside a URL), lowercase. Character references were already
/// decoded by the XML parser.
fn fold_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether CSS text (a `<style>` element or a presentation attribute) only ever refers inside
/// the picture: every `url(` leads to a `#fragment`; no `@import`, no image functions taking
/// an address, no escapes (`\75rl(` spells `url(`) and no legacy script hooks.
fn css_is_local(css: &str) -> bool {
    let folded = fold_url(css);
    if folded.contains('\\')
        || [
            "@import",
            "expression(",
            "-moz-binding",
            "behavior:",
            "image-set(",
            "src(",
            "image(",
        ]
        .iter()
        .any(|bad| folded.contains(bad))
    {
        return false;
    }
    folded.match_indices("url(").all(|(at, _)| {
        let rest = folded[at + 4..].trim_start_matches(['"', '\'']);
        rest.starts_with('#')
    })
}

/// The start of a DOCTYPE's internal subset (`<!DOCTYPE svg [ … ]>`), where entities would be
/// declared, if there is one. Quoted public and system identifiers are skipped, so a `[` or `>`
/// inside them is not mistaken for the subset or the end.
fn internal_subset(text: &str) -> Option<usize> {
    let start = text.find("<!DOCTYPE")?;
    let bytes = text.as_bytes();
    let mut i = start + "<!DOCTYPE".len();
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' | b'\'' => {
                i += 1 + bytes[i + 1..].iter().position(|&c| c == b)?;
            }
            b'[' => return Some(i),
            b'>' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

fn unsafe_at(text: &str, at: usize, what: &str) -> SvgError {
    let before = &text[..at.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    SvgError::Unsafe {
        what: what.to_owned(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
    }
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// SVG elements kept, sorted (binary search): shapes, text, paint servers, structure,
/// filters and declarative animation. Nothing here runs script or embeds a document.
const ELEMENTS: &[&str] = &[
    "a",
    "animate",
    "animateMotion",
    "animateTransform",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "set",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Attributes kept (in no namespace), sorted: geometry, presentation, paint servers, filters,
/// animation timing. `href` is checked apart; no `on…` handler is here.
const ATTRIBUTES: &[&str] = &[
    "accumulate",
    "additive",
    "alignment-baseline",
    "amplitude",
    "attributeType",
    "azimuth",
    "baseFrequency",
    "baseProfile",
    "baseline-shift",
    "begin",
    "bias",
    "by",
    "calcMode",
    "class",
    "clip",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "cx",
    "cy",
    "d",
    "diffuseConstant",
    "direction",
    "display",
    "divisor",
    "dominant-baseline",
    "dur",
    "dx",
    "dy",
    "edgeMode",
    "elevation",
    "end",
    "exponent",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "filterUnits",
    "flood-color",
    "flood-opacity",
    "font",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "fr",
    "from",
    "fx",
    "fy",
    "gradientTransform",
    "gradientUnits",
    "height",
    "id",
    "image-rendering",
    "in",
    "in2",
    "intercept",
    "isolation",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lang",
    "lengthAdjust",
    "letter-spacing",
    "lighting-color",
    "limitingConeAngle",
    "marker",
    "marker-end",
    "marker-mid",
    "marker-start",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "mask",
    "maskContentUnits",
    "maskUnits",
    "max",
    "media",
    "method",
    "min",
    "mix-blend-mode",
    "mode",
    "numOctaves",
    "offset",
    "opacity",
    "operator",
    "order",
    "orient",
    "overflow",
    "paint-order",
    "path",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointer-events",
    "points",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "r",
    "radius",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "restart",
    "result",
    "rotate",
    "rx",
    "ry",
    "scale",
    "seed",
    "shape-rendering",
    "side",
    "slope",
    "spacing",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "style",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "targetX",
    "targetY",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "textLength",
    "to",
    "transform",
    "transform-origin",
    "type",
    "unicode-bidi",
    "values",
    "vector-effect",
    "version",
    "viewBox",
    "visibility",
    "width",
    "word-spacing",
    "writing-mode",
    "x",
    "x1",
    "x2",
    "xChannelSelector",
    "y",
    "y1",
    "y2",
    "yChannelSelector",
    "z",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(svg: &str) -> String {
        String::from_utf8(rewrite(svg.as_bytes()).unwrap_or_else(|e| panic!("{e:?}: {svg}")))
            .unwrap()
    }

    fn refused(svg: &str) -> (String, u32, u32) {
        match rewrite(svg.as_bytes()) {
            Err(SvgError::Unsafe { what, line, column }) => (what, line, column),
            other => panic!("not refused as unsafe: {other:?}: {svg}"),
        }
    }

    #[test]
    fn allow_lists_are_sorted_for_binary_search() {
        assert!(ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn each_disguise_of_script_is_refused() {
        let cases = [
            // Plain script, and the same under a namespace prefix.
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>fetch('/x')</svg:script></svg:svg>"#,
            // XHTML script inside foreignObject, under a prefix; and the foreignObject alone.
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><foreignObject><h:script>fetch('/x')</h:script></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><g><h:div>text</h:div></g></svg>"#,
            // An iframe whose srcdoc is a document with script.
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;fetch('/x')&lt;/script&gt;"/></foreignObject></svg>"#,
            // A DTD entity spelling <script>.
            "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;fetch('/x')&#60;/script&#62;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>",
            // Event handlers, in any case and namespace.
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="alert(1)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:e="urn:x"><rect e:onmouseover="alert(1)"/></svg>"#,
            // javascript: links in every spelling.
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript&#58;alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>"#,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"java\tscript:alert(1)\"><text>x</text></a></svg>",
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="java&#x0A;script:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href=" &#13;JaVaScRiPt:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>"#,
            // External references, by href and by CSS.
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="https://example.org/sprite.svg#a"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><image l:href="//example.org/a.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/a.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url("https://example.org/p.svg#p") }</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: \75rl(https://example.org/p) }</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(http://example.org/p)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect filter="url(https://example.org/f.svg#f)"/></svg>"#,
            // Animations that set a link to script.
            r##"<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>"##,
            r##"<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><animate attributeName="xlink:href" values="#x;#y"/><text>x</text></a></svg>"##,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onclick" to="x"/></svg>"#,
        ];
        for case in cases {
            refused(case);
        }
    }

    #[test]
    fn a_refusal_says_what_and_where() {
        let (what, line, column) = refused(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n    <svg:script xmlns:svg=\"http://www.w3.org/2000/svg\"/>\n  </g>\n</svg>",
        );
        assert_eq!((what.as_str(), line, column), ("a <script> element", 3, 5));
        let (what, line, _) = refused("<!DOCTYPE svg [\n<!ENTITY x \"y\">]>\n<svg/>");
        assert!(what.contains("DOCTYPE"), "{what}");
        assert_eq!(line, 1);
    }

    #[test]
    fn damaged_files_are_unreadable_not_unsafe() {
        for case in [
            "<svg><g></svg>",
            "<html/>",
            "not xml",
            "<svg>&undefined;</svg>",
        ] {
            assert!(
                matches!(rewrite(case.as_bytes()), Err(SvgError::Unreadable(_))),
                "{case}"
            );
        }
    }

    #[test]
    fn benign_pictures_keep_their_look() {
        let svg = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- drawn by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="120" height="80" viewBox="0 0 120 80" inkscape:version="1.2">
  <defs>
    <linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#fc0"/><stop offset="1" stop-color="#c00"/></linearGradient>
    <path id="p" d="M0 0 L10 10 Z"/>
  </defs>
  <style>.t { font: 12px sans-serif; fill: url(#g) }</style>
  <rect width="120" height="80" fill="url(#g)" inkscape:label="fond"/>
  <use xlink:href="#p" x="5" y="5"/>
  <text class="t" x="10" y="40" xml:space="preserve">Été &amp; &lt;hiver&gt;</text>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
</svg>"##;
        let out = ok(svg);
        assert!(
            out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{out}"
        );
        for kept in [
            "width=\"120\" height=\"80\" viewBox=\"0 0 120 80\"",
            "<linearGradient id=\"g\" x1=\"0\" x2=\"1\"><stop offset=\"0\" stop-color=\"#fc0\"></stop>",
            "<path id=\"p\" d=\"M0 0 L10 10 Z\"></path>",
            "<style>.t { font: 12px sans-serif; fill: url(#g) }</style>",
            "<rect width=\"120\" height=\"80\" fill=\"url(#g)\"></rect>",
            "<use xlink:href=\"#p\" x=\"5\" y=\"5\"></use>",
            "xml:space=\"preserve\">Été &amp; &lt;hiver&gt;</text>",
            "<image href=\"data:image/png;base64,iVBORw0KGgo=\"",
        ] {
            assert!(out.contains(kept), "`{kept}` missing from\n{out}");
        }
        for dropped in ["inkscape", "metadata", "rdf", "DOCTYPE", "<!--", "<?xml"] {
            assert!(!out.contains(dropped), "`{dropped}` kept in\n{out}");
        }
        // What is written reads back the same way, so a second pass changes nothing.
        assert_eq!(ok(&out), out);
    }

    #[test]
    fn a_prefixed_svg_is_written_in_the_default_namespace() {
        let out = ok(
            r#"<s:svg xmlns:s="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><s:circle r="2"/></s:svg>"#,
        );
        assert_eq!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 4 4\"><circle r=\"2\"></circle></svg>"
        );
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let depth = 50_000;
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        );
        // The parser may refuse such depth; either way nothing overflows.
        let _ = rewrite(svg.as_bytes());
    }
}
