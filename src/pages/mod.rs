//! One component per route.

mod article;
mod list;
mod not_found;

pub use article::ArticlePage;
pub use list::{count_at_all_dates, ListPage};
pub use not_found::NotFound;
