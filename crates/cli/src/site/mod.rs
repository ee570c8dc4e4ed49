//! A complete static site, as `kiosque build` writes it and `kiosque serve` shows it: the reader
//! app this binary carries, pointed at its public URL and with its service worker stamped, beside
//! a bundle of articles.

pub mod app;
pub mod folder;
pub mod public_url;
