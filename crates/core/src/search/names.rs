//! The names of sort orders and facet kinds, as URLs and the command line write them: one
//! place for both directions, so the app, the CLI and their help texts cannot drift apart.

use std::fmt;
use std::str::FromStr;

use super::engine::Sort;
use super::filter::{FacetKind, FACET_KINDS};

impl Sort {
    /// Every order, the default first.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];

    /// The order's name in URLs and on the command line: `relevance`, `newest`, `oldest`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

impl FacetKind {
    /// The facet's name in URLs and on the command line: `tag`, `author`, `source`, `lang`.
    pub fn as_str(self) -> &'static str {
        match self {
            FacetKind::Tag => "tag",
            FacetKind::Author => "author",
            FacetKind::Source => "source",
            FacetKind::Lang => "lang",
        }
    }
}

/// `Display` writes a value's `as_str` name and `FromStr` reads it back (exactly as written),
/// out of the list of every value.
macro_rules! named {
    ($type:ty, $all:expr) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $type {
            type Err = UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                $all.into_iter()
                    .find(|value| value.as_str() == name)
                    .ok_or_else(|| UnknownName::new(name, &$all.map(<$type>::as_str)))
            }
        }
    };
}

named!(Sort, Sort::ALL);
named!(FacetKind, FACET_KINDS);

/// A name that is not one of the [`Sort`] orders or [`FacetKind`]s; it says which names are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    name: String,
    known: String,
}

impl UnknownName {
    fn new(name: &str, known: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            known: known.join(", "),
        }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown name {:?}: choose {}", self.name, self.known)
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
    }
}
