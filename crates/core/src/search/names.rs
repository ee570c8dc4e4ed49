//! The names of sort orders and facet kinds, as URLs and the command line write them: one
//! place for both directions, so the app, the CLI and their help texts cannot drift apart.

use std::fmt;
use std::str::FromStr;

use super::engine::Sort;
use super::filter::{FacetKind, FACET_KINDS};

impl Sort {
    /// Every order, the default first.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];
    /// Their names, in the same order.
    const NAMES: [&'static str; 3] = ["relevance", "newest", "oldest"];

    /// The order's name in URLs and on the command line: `relevance`, `newest`, `oldest`.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl FacetKind {
    /// The facet's name in URLs and on the command line: `tag`, `author`, `source`, `lang`.
    pub fn as_str(self) -> &'static str {
        FACET_NAMES[self as usize]
    }
}

/// The names of [`FACET_KINDS`], in the same order.
const FACET_NAMES: [&str; 4] = ["tag", "author", "source", "lang"];

/// `Display` writes a value's `as_str` name and `FromStr` reads it back (exactly as written).
/// The enums' variants are declared in the order of their lists, so a variant's number is its
/// place in both.
macro_rules! named {
    ($type:ty, $all:expr, $names:expr) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $type {
            /// The value named `name` (exactly as [`Self::as_str`] writes it), if any.
            pub fn from_name(name: &str) -> Option<Self> {
                $names
                    .iter()
                    .position(|known| *known == name)
                    .map(|i| $all[i])
            }
        }

        impl FromStr for $type {
            type Err = UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::from_name(name).ok_or_else(|| UnknownName {
                    name: name.to_owned(),
                    known: &$names,
                })
            }
        }
    };
}

named!(Sort, Sort::ALL, Sort::NAMES);
named!(FacetKind, FACET_KINDS, FACET_NAMES);

/// A name that is not one of the [`Sort`] orders or [`FacetKind`]s; it says which names are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    name: String,
    known: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown name {:?}: choose {}",
            self.name,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_kinds_and_sorts_read_back_their_names() {
        for kind in FACET_KINDS {
            assert_eq!(kind.as_str().parse::<FacetKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        for sort in Sort::ALL {
            assert_eq!(sort.as_str().parse::<Sort>(), Ok(sort));
            assert_eq!(sort.to_string(), sort.as_str());
        }
        assert_eq!(FacetKind::Lang.as_str(), "lang");
        assert_eq!(Sort::Newest.as_str(), "newest");
        let error = "best".parse::<Sort>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown name \"best\": choose relevance, newest, oldest"
        );
        assert!("Tag".parse::<FacetKind>().is_err(), "names are exact");
        for (i, kind) in FACET_KINDS.into_iter().enumerate() {
            assert_eq!(
                kind as usize, i,
                "FACET_KINDS lists the kinds in declaration order"
            );
        }
        for (i, sort) in Sort::ALL.into_iter().enumerate() {
            assert_eq!(
                sort as usize, i,
                "Sort::ALL lists the orders in declaration order"
            );
        }
    }
}
