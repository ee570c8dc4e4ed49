//! Compiles the reader app into the `kiosque` binary when `cargo xtask dist` asks for it.
//!
//! `KIOSQUE_EMBED_APP` names a release build of the app (Trunk's output folder); every file in it
//! but the sample `bundle/` is compiled in with `include_bytes!`, under the name Trunk gave it
//! (hashed names kept, so browsers can cache them forever). `KIOSQUE_EMBED_PUBLIC_URL` is the
//! public URL that build was made with, which `kiosque build --public-url` replaces. Without
//! `KIOSQUE_EMBED_APP` (a plain `cargo build`), the table is empty and `kiosque build` explains
//! how to get a binary that has the app.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=KIOSQUE_EMBED_APP");
    println!("cargo:rerun-if-env-changed=KIOSQUE_EMBED_PUBLIC_URL");
    let mut files = Vec::new();
    let app = std::env::var_os("KIOSQUE_EMBED_APP").filter(|v| !v.is_empty());
    if let Some(dir) = &app {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("index.html").is_file(),
            "KIOSQUE_EMBED_APP={} is not a built app (no index.html); run `cargo xtask dist`",
            dir.display()
        );
        // Cargo scans a folder given here for any change inside it.
        println!("cargo:rerun-if-changed={}", dir.display());
        collect(&dir, &dir, &mut files);
        files.sort();
    }
    let public_url = std::env::var("KIOSQUE_EMBED_PUBLIC_URL").unwrap_or_default();
    assert!(
        app.is_none() || !public_url.is_empty(),
        "KIOSQUE_EMBED_APP needs KIOSQUE_EMBED_PUBLIC_URL, the public URL the app was built with"
    );
    let mut code = String::from(
        "/// The app's files as `(path, bytes)`, sorted by path; empty in a binary built without the app.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &files {
        let path = path.to_str().expect("the app's path is UTF-8");
        writeln!(code, "    ({name:?}, include_bytes!({path:?})),").unwrap();
    }
    code.push_str("];\n");
    writeln!(
        code,
        "/// The public URL the embedded app was built with (Trunk wrote it into `index.html`).\n\
         pub const PUBLIC_URL: &str = {public_url:?};"
    )
    .unwrap();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_app.rs"), code).expect("OUT_DIR is writable");
}

/// Every file under `dir` as `(path relative to root with '/', absolute path)`, leaving out the
/// sample bundle Trunk's hook wrote at the top.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("the app folder is readable") {
        let path = entry.expect("the app folder is readable").path();
        let name = path
            .strip_prefix(root)
            .expect("under the root")
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_str()
                    .expect("the app's file names are UTF-8")
            })
            .collect::<Vec<_>>()
            .join("/");
        if path.is_dir() {
            if name != "bundle" {
                collect(root, &path, files);
            }
        } else {
            let absolute = std::fs::canonicalize(&path).expect("the app's files exist");
            files.push((name, absolute));
        }
    }
}
