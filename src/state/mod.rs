//! The views' state, kept apart from their markup: plain Rust, tested natively.

mod list;
mod offline;
mod rows;

pub use list::{ListAction, ListState, TypedWrite};
pub use offline::{Kept, OfflineAction, OfflinePanel};
pub use rows::{count_at_all_dates, neighbours, SharedResults, SharedRows};
