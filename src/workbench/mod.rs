//! The reader's workbench: what they save, read and export, kept on their device.
//!
//! - [`data`]: the reader's data and its reducer (pure, tested natively);
//! - [`storage`]: where it is kept (`localStorage`, per archive address), JSON in and out;
//! - [`anchor`], [`passages`]: highlighted passages found again by quote, and marked in the page;
//! - [`export`]: citations and exports (CSL-JSON, RIS, BibTeX, CSV, Markdown; pure, tested natively);
//! - [`browser`]: downloads, picked files, the clipboard, printing;
//! - [`context`]: the provider every view reads it from, the `s` key, and the list's filters.

pub mod anchor;
pub mod browser;
mod context;
pub mod data;
pub mod export;
pub mod passages;
pub mod storage;

pub use context::{
    article_ref, article_url, matching_ids, search, take_value, target, toggle_saved,
    use_list_filter, use_mark_opened, use_workbench, ListFilter, WorkbenchContext,
    WorkbenchProvider,
};
