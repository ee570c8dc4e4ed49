//! Kiosque's core: the article model, the importers, the bundle format and the Markdown rules.
//!
//! The same code runs natively in the `kiosque` command and in the browser app (compiled to
//! WebAssembly); the `bundler` feature adds what only the command needs: reading folders and
//! writing bundles.

mod accents;
pub mod analysis;
pub mod article;
pub mod base64;
pub mod bundle;
#[cfg(feature = "bundler")]
pub mod csp;
pub mod date;
pub mod html_allow;
pub mod html_tag;
#[cfg(feature = "bundler")]
pub mod import;
#[cfg(feature = "bundler")]
pub mod language;
pub mod locale;
pub mod markdown;
pub mod search;
pub mod shell;
pub mod similar;
#[cfg(feature = "bundler")]
pub mod slug;

pub use article::{Article, ArticleMeta};
pub use date::{ArticleDate, Precision};
pub use locale::Locale;
