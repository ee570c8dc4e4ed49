//! Full-text search: the index written into the bundle, the query grammar, ranking, filters,
//! facets and snippets. The same code indexes natively and answers queries in the browser.

mod analysed;
mod engine;
mod filter;
mod index;
mod names;
mod query;
mod related;
pub(crate) mod sharded;
mod snippet;
mod typo;
pub(crate) mod varint;

pub use analysed::{AnalysedDoc, Analyser};
pub use engine::{FacetCount, Hit, SearchRequest, SearchResults, Searcher, Sort, TimelineBucket};
pub use filter::{day_span, DateRange, DocTable, FacetKind, FacetTable, FACET_KINDS};
pub(crate) use index::{Dictionary, Pieces, ShardedParts, Shared};
pub use index::{Field, FieldPostings, Index, IndexBuilder, IndexData, IndexError, FIELDS};
pub use names::UnknownName;
pub use query::{terms, without_term, Atom, Query, Scope, Term};
pub use related::{more_like_this_query, related, top_terms, TopTerm};
pub use snippet::{Highlighter, Snippet};
