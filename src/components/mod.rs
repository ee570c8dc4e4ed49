//! Building blocks shared by the pages, one per file.

mod article_body;
pub mod article_card;
mod date_label;
mod empty_state;
mod facets;
mod load_error;
mod loading;
mod related;
mod result_list;
mod result_row;
mod shortcuts;
mod timeline;

pub use article_body::{ArticleBody, ArticleBodyProps};
pub use article_card::ArticleCard;
pub use date_label::DateLabel;
pub use empty_state::EmptyState;
pub use facets::Facets;
pub use load_error::LoadErrorView;
pub use loading::Loading;
pub use related::Related;
pub use result_list::{last_scroll_y, remember_scroll_y, ResultList, SharedResults, SharedRows};
pub use result_row::ResultRow;
pub use shortcuts::{open_shortcuts, ShortcutsDialog, SHORTCUTS_DIALOG_ID};
pub use timeline::Timeline;
