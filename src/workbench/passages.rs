//! Highlighted passages in an article body already in the page: the reader's selection made a
//! quote ([`anchor::quote_at`]), and saved quotes found again ([`anchor::find`]) and wrapped in
//! `<mark class="note">`, by walking the text nodes as the query's marks are (`highlight.rs`),
//! so markup and attributes are never touched.

use wasm_bindgen::JsCast;

use super::anchor::{self, TextQuote};
use super::data::Note;

/// The class of a highlighted passage's marks.
pub const NOTE_CLASS: &str = "note";

/// The text nodes under `root` in document order, with the byte at which each starts in their
/// joined text, and that text (what the selection's `Range.toString()` reads too).
fn text_of(root: &web_sys::Node) -> (String, Vec<(web_sys::Text, usize)>) {
    let mut text = String::new();
    let mut nodes = Vec::new();
    // Depth first, without recursion.
    let mut pending = vec![root.clone()];
    while let Some(node) = pending.pop() {
        let children = node.child_nodes();
        for i in (0..children.length()).rev() {
            if let Some(child) = children.item(i) {
                pending.push(child);
            }
        }
        if let Some(t) = node.dyn_ref::<web_sys::Text>() {
            nodes.push((t.clone(), text.len()));
            text.push_str(&t.data());
        }
    }
    (text, nodes)
}

/// The quote for what the reader selected in the article body `root`, if the selection is in it
/// and holds more than whitespace.
pub fn selected_quote(root: &web_sys::Element) -> Option<TextQuote> {
    let document = root.owner_document()?;
    let selection = document.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let common = range.common_ancestor_container().ok()?;
    if !root.contains(Some(&common)) {
        return None;
    }
    // The text before the selection, as the range API reads it: its length is where the quote
    // starts in the body's joined text (in UTF-8 bytes once in Rust).
    let before = document.create_range().ok()?;
    before.select_node_contents(root).ok()?;
    before
        .set_end(&range.start_container().ok()?, range.start_offset().ok()?)
        .ok()?;
    let start = String::from(before.to_string()).len();
    let exact = String::from(range.to_string());
    let (text, _) = text_of(root);
    anchor::quote_at(&text, start..start + exact.len())
}

/// Takes out the marks of passages, leaving their text where it was.
pub fn unmark(root: &web_sys::Element) {
    let Ok(marks) = root.query_selector_all(&format!("mark.{NOTE_CLASS}")) else {
        return;
    };
    for i in 0..marks.length() {
        let Some(mark) = marks.item(i) else { continue };
        let Some(parent) = mark.parent_node() else {
            continue;
        };
        while let Some(child) = mark.first_child() {
            let _ = parent.insert_before(&child, Some(&mark));
        }
        let _ = parent.remove_child(&mark);
    }
    // Joins the text split by the marks, so that a passage's text is found whole again.
    root.normalize();
}

/// Wraps each note's passage in `<mark class="note">` (described by the element `note-<id>`
/// that lists it, focusable to show its note) and returns the ids of those not found.
pub fn mark(root: &web_sys::Element, notes: &[Note]) -> Vec<String> {
    let Some(document) = root.owner_document() else {
        return Vec::new();
    };
    let mut missing = Vec::new();
    for note in notes {
        // Each passage is found in the text as it is now: earlier marks split nodes but change
        // no text.
        let (text, nodes) = text_of(root);
        let Some(range) = anchor::find(&text, &note.quote) else {
            missing.push(note.id.clone());
            continue;
        };
        let mut first = true;
        for (node, at) in nodes {
            let data = node.data();
            let end = at + data.len();
            if end <= range.start || at >= range.end {
                continue;
            }
            let from = range.start.saturating_sub(at);
            let to = (range.end - at).min(data.len());
            let (Some(head), Some(body), Some(tail)) =
                (data.get(..from), data.get(from..to), data.get(to..))
            else {
                continue;
            };
            if body.trim().is_empty() {
                continue;
            }
            let (Some(parent), Ok(mark)) = (node.parent_node(), document.create_element("mark"))
            else {
                continue;
            };
            mark.set_class_name(NOTE_CLASS);
            let _ = mark.set_attribute("data-note-id", &note.id);
            let _ = mark.set_attribute("aria-describedby", &format!("note-{}", note.id));
            if !note.note.is_empty() {
                let _ = mark.set_attribute("data-note", &note.note);
            }
            if first {
                // One stop per passage for the keyboard, where it starts.
                let _ = mark.set_attribute("tabindex", "0");
                first = false;
            }
            mark.set_text_content(Some(body));
            let fragment = document.create_document_fragment();
            if !head.is_empty() {
                let _ = fragment.append_child(&document.create_text_node(head));
            }
            let _ = fragment.append_child(&mark);
            if !tail.is_empty() {
                let _ = fragment.append_child(&document.create_text_node(tail));
            }
            let _ = parent.replace_child(&fragment, &node);
        }
    }
    missing
}
