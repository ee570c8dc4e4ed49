//! Building blocks shared by the pages, one per file.

mod article_body;
pub mod article_card;
mod date_label;
mod load_error;
mod loading;

pub use article_body::{ArticleBody, ArticleBodyProps};
pub use article_card::ArticleCard;
pub use date_label::DateLabel;
pub use load_error::LoadErrorView;
pub use loading::Loading;
