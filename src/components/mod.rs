//! Building blocks shared by the pages, one per file.

mod article_body;
mod date_label;
mod empty_state;
mod facets;
mod filter_panel;
mod load_error;
mod loading;
mod offline_panel;
mod related;
mod result_list;
mod result_row;
mod search_box;
mod shortcuts;
mod timeline;
mod update_banner;
mod workbench_article;
mod workbench_filters;
mod workbench_list;

pub use article_body::{ArticleBody, ArticleBodyProps};
pub use date_label::DateLabel;
pub use empty_state::EmptyState;
pub use facets::Facets;
pub use filter_panel::FilterPanel;
pub use load_error::{LoadErrorView, PieceErrorView};
pub use loading::Loading;
pub use offline_panel::OfflinePanel;
pub use related::Related;
pub use result_list::{ResultList, ResultListProps};
pub use result_row::ResultRow;
pub use search_box::SearchBox;
pub use shortcuts::{open_shortcuts, ShortcutsDialog, SHORTCUTS_DIALOG_ID};
pub use timeline::Timeline;
pub use update_banner::UpdateBanner;
pub use workbench_article::{save_button, ArticleTools};
pub use workbench_filters::ReaderFilters;
pub use workbench_list::{gone_articles, GoneList, ListTools};
