//! Showing what the query matched: `<mark>` around matched words, in text Yew renders and in an
//! article body already in the page.

use std::ops::Range;
use std::rc::Rc;

use kiosque_core::search::{Highlighter, Query};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A highlighter shared by the components of one view; equal when it is the same one, so that
/// rows re-render only when the query changes.
#[derive(Clone)]
pub struct SharedHighlighter(pub Rc<Highlighter>);

impl SharedHighlighter {
    /// The highlighter for what the reader typed.
    pub fn for_text(q: &str) -> Self {
        Self(Rc::new(Highlighter::new(&Query::parse(q))))
    }
}

impl PartialEq for SharedHighlighter {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `text` with the byte `ranges` wrapped in `<mark>`.
pub fn marked(text: &str, ranges: &[Range<usize>]) -> Html {
    if ranges.is_empty() {
        return html! { { text.to_owned() } };
    }
    let mut parts = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut last = 0;
    for range in ranges {
        let (Some(before), Some(word)) = (text.get(last..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            parts.push(html! { { before.to_owned() } });
        }
        parts.push(html! { <mark>{ word.to_owned() }</mark> });
        last = range.end;
    }
    parts.push(html! { { text.get(last..).unwrap_or_default().to_owned() } });
    parts.into_iter().collect::<Html>()
}

/// Wraps every match in the text under `root` in `<mark class="match">` and returns how many
/// there are. Text is split only at matched words, so links, emphasis and code keep their markup.
pub fn mark_matches(root: &web_sys::Element, highlighter: &Highlighter) -> usize {
    if highlighter.is_empty() {
        return 0;
    }
    let Some(document) = root.owner_document() else {
        return 0;
    };
    let mut texts = Vec::new();
    collect_text_nodes(root, &mut texts);
    let mut count = 0;
    for node in texts {
        let text = node.data();
        let ranges = highlighter.highlight(&text);
        if ranges.is_empty() {
            continue;
        }
        let Some(parent) = node.parent_node() else {
            continue;
        };
        let fragment = document.create_document_fragment();
        let mut last = 0;
        for range in ranges {
            if range.start < last || text.get(range.clone()).is_none() {
                continue;
            }
            if range.start > last {
                let _ = fragment.append_child(&document.create_text_node(&text[last..range.start]));
            }
            if let Ok(mark) = document.create_element("mark") {
                mark.set_class_name("match");
                mark.set_text_content(Some(&text[range.clone()]));
                let _ = fragment.append_child(&mark);
                count += 1;
            }
            last = range.end;
        }
        if last < text.len() {
            let _ = fragment.append_child(&document.create_text_node(&text[last..]));
        }
        let _ = parent.replace_child(&fragment, &node);
    }
    count
}

fn collect_text_nodes(node: &web_sys::Node, out: &mut Vec<web_sys::Text>) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        match child.node_type() {
            web_sys::Node::TEXT_NODE => {
                if let Ok(text) = child.dyn_into::<web_sys::Text>() {
                    out.push(text);
                }
            }
            web_sys::Node::ELEMENT_NODE => collect_text_nodes(&child, out),
            _ => {}
        }
    }
}
