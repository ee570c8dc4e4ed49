//! The views' state, kept apart from their markup: plain Rust, tested natively.

mod list;
mod rows;

pub use list::{ListAction, ListState, TypedWrite};
pub use rows::{neighbours, SharedResults, SharedRows};
