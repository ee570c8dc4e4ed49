//! Custom hooks.

mod use_library;

pub use use_library::{
    use_library, use_positions, use_versions, LoadState, PhrasesReady, VersionsReady,
};
