//! The article model shared by the importer, the bundle and the reader.

use serde::{Deserialize, Serialize};

use crate::date::ArticleDate;

/// One imported article, with its body as Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Everything the list view needs, without the body.
    pub meta: ArticleMeta,
    /// The body as Markdown (press clippings are converted on import).
    pub body: String,
}

/// What the catalog stores for each article: enough to list, filter and sort without a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Stable identifier built from the date and a slug (`2020-04-zoom-choisit-oracle`), used in
    /// URLs; unchanged when other articles are added.
    pub id: String,
    /// A readable title, never a file name made of a hash.
    pub title: String,
    /// The date at the precision the source gave, or `None` for an undated article.
    pub date: Option<ArticleDate>,
    /// Authors as written in the source.
    pub authors: Vec<String>,
    /// Tags and categories, merged and de-duplicated.
    pub tags: Vec<String>,
    /// The publication the article comes from, when known.
    pub source: Option<String>,
    /// Two-letter language code (`fr`, `en`), from the source or detected.
    pub lang: String,
    /// A short plain-text summary.
    pub summary: String,
    /// Estimated reading time in minutes, at least 1.
    pub reading_minutes: u16,
    /// The file the article came from, relative to the imported folder.
    pub origin: String,
}

impl AsRef<ArticleMeta> for ArticleMeta {
    fn as_ref(&self) -> &ArticleMeta {
        self
    }
}
