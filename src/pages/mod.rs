//! One component per route.

mod article;
mod list;
mod not_found;
mod workbench;

pub use article::ArticlePage;
pub use list::ListPage;
pub use not_found::NotFound;
pub use workbench::WorkbenchPage;
