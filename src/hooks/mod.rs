//! Custom hooks: what several views need, each in its own file.

mod use_article_body;
mod use_debounce;
mod use_library;
mod use_scroll_memory;
mod use_typed_query;
mod use_view_memory;
mod use_virtual_rows;

pub use use_article_body::{use_article_body, use_position, Body, Located};
pub use use_debounce::use_debounced;
pub use use_library::{
    use_arrivals, use_late_part, use_library, Arrivals, LatePart, LoadState, PhrasesReady,
    VersionsReady,
};
pub use use_scroll_memory::use_scroll_memory;
pub use use_typed_query::{go_to_list, use_typed_query};
pub use use_view_memory::{use_view_memory, ViewMemory};
pub use use_virtual_rows::use_virtual_rows;
