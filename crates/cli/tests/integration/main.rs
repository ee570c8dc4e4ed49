//! The `kiosque` command's integration tests, gathered in one test binary (as ripgrep does) so
//! that they link once rather than once per file. Each module tests one area of the command
//! against the real binary; `common` holds what they share.

#[path = "../common/mod.rs"]
mod common;

mod check_fixtures;
mod cli;
mod format3;
mod images;
mod near_duplicates;
mod publish;
mod single_file;
mod sites;
mod terminal_escapes;
