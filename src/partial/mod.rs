//! Reading a bundle in format 3 (docs/PARTIAL-LOADING.md): the head first, then only the pieces
//! that the current search, the rows in view or an opened article need, each checked against the
//! manifest and inflated by the browser. Format 2 bundles keep going through `crate::library`.

mod fetch;
mod library;
mod view;

pub use fetch::is_format3;
pub use library::PartialLibrary;
pub use view::switch;
