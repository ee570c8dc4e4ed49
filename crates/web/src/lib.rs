//! Browser helpers shared by Kiosque's two wasm programs: the Yew app (the crate at the
//! repository's root) and the first-results wasm (`crates/first`), which must fetch, check and
//! read a format-3 bundle exactly alike. Pure logic lives in `kiosque-core`; what needs the
//! browser's own machinery (Web Crypto, `DecompressionStream`, its errors) lives here, once, with
//! the words both show on the list's first screen (`list_text`).

mod error;
mod form;
mod inflate;
pub mod list_text;
mod sha256;

pub use error::describe;
pub use form::decode;
pub use inflate::inflate;
pub use sha256::sha256;
