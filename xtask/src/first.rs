//! The first-results path (docs/PARTIAL-LOADING.md, "The shell"): `crates/first` built for
//! wasm32, bound by the pinned wasm-bindgen, shrunk by `wasm-opt -Oz` and written into the site
//! under content-hashed names; and the page's loader made to start the Yew app on demand.
//!
//! Trunk writes a `<script type="module">` that imports the app at once, and preloads its glue
//! and wasm. Both are replaced by a data block, `<script type="application/json"
//! id="kiosque-shell">`, naming the app's and the lite's files: `static/first-loader.js` reads
//! it and starts the lite first on the plain list of a format-3 bundle, the app first anywhere
//! else. `kiosque single-file` reads the same block to inline the app.

use std::path::Path;

use anyhow::{bail, Context};
use sha2::{Digest, Sha256};

use crate::process::{cmd, run};
use crate::tools::Toolbox;

/// The data block's id, which `static/first-loader.js` and `kiosque single-file` look for.
pub const SHELL_BLOCK_ID: &str = "kiosque-shell";

/// The lite's files in the site, by their names there.
pub struct FirstFiles {
    /// The wasm-bindgen glue.
    pub glue: String,
    /// The wasm.
    pub wasm: String,
}

/// Builds the lite and writes its glue and wasm into `dist` under content-hashed names.
pub fn build_first(toolbox: &Toolbox, dist: &Path) -> anyhow::Result<FirstFiles> {
    run(&mut cmd(
        "cargo",
        &[
            "build",
            "--quiet",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "kiosque-first",
        ],
    ))?;
    let built =
        crate::site::target_dir()?.join("wasm32-unknown-unknown/release/kiosque_first.wasm");
    let out = crate::site::target_dir()?.join("kiosque-first");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let (built_s, out_s) = (built.to_string_lossy(), out.to_string_lossy());
    run(&mut toolbox.cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            &out_s,
            &built_s,
        ],
    ))?;
    let bound = out.join("kiosque_first_bg.wasm");
    let small = out.join("small.wasm");
    run(&mut toolbox.cmd(
        "wasm-opt",
        &[
            "-Oz",
            "-o",
            &small.to_string_lossy(),
            &bound.to_string_lossy(),
        ],
    ))?;
    let glue = std::fs::read(out.join("kiosque_first.js"))?;
    let wasm = std::fs::read(&small)?;
    let name = |bytes: &[u8], suffix: &str| {
        let digest = Sha256::digest(bytes);
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("kiosque-first-{hex}{suffix}")
    };
    let files = FirstFiles {
        glue: name(&glue, ".js"),
        wasm: name(&wasm, "_bg.wasm"),
    };
    std::fs::write(dist.join(&files.glue), &glue)?;
    std::fs::write(dist.join(&files.wasm), &wasm)?;
    Ok(files)
}

/// Replaces Trunk's loader in `dist/index.html` by the data block the page's own loader reads,
/// and drops Trunk's eager preloads of the app's glue and wasm. `public_url` prefixes the
/// lite's files as Trunk prefixes the app's.
pub fn write_loader(dist: &Path, public_url: &str, first: &FirstFiles) -> anyhow::Result<()> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}", index.display()))?;
    let html = with_loader(&html, public_url, first)
        .with_context(|| format!("{} is not the page Trunk writes", index.display()))?;
    std::fs::write(&index, html).with_context(|| format!("cannot write {}", index.display()))
}

/// `html` with Trunk's module loader replaced by the data block and its preloads gone.
fn with_loader(html: &str, public_url: &str, first: &FirstFiles) -> anyhow::Result<String> {
    let start = html
        .find("<script type=\"module\">")
        .context("no <script type=\"module\"> (Trunk's loader)")?;
    let end = start
        + html[start..]
            .find("</script>")
            .context("the loader script is not closed")?
        + "</script>".len();
    let loader = &html[start..end];
    let glue = quoted_after(loader, " from ").context("the loader imports no glue")?;
    let wasm = quoted_after(loader, "module_or_path:").context("the loader names no wasm")?;
    for url in [glue, wasm] {
        if url.contains(['"', '<', '\\']) {
            bail!("the loader names {url:?}, which the data block cannot hold as is");
        }
    }
    let block = format!(
        "<script type=\"application/json\" id=\"{SHELL_BLOCK_ID}\">{{\"app\":{{\"glue\":\"{glue}\",\"wasm\":\"{wasm}\"}},\"first\":{{\"glue\":\"{public_url}{}\",\"wasm\":\"{public_url}{}\"}}}}</script>",
        first.glue, first.wasm
    );
    let mut out = format!("{}{block}{}", &html[..start], &html[end..]);
    // Trunk's preloads of the app: the app is fetched when the loader asks for it, at low
    // priority, not beside the first results.
    for (rel, target) in [("modulepreload", glue), ("preload", wasm)] {
        let Some(at) = out.find(&format!("<link rel=\"{rel}\" href=\"{target}\"")) else {
            continue;
        };
        let close = out[at..]
            .find('>')
            .context("a preload link is not closed")?
            + at
            + 1;
        out.replace_range(at..close, "");
    }
    Ok(out)
}

/// The quoted text after `marker`.
fn quoted_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let start = rest.find(['\'', '"'])?;
    let quote = rest[start..].chars().next()?;
    rest[start + 1..].split(quote).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Trunk's loader becomes the data block; the preloads of the app go, the rest stays.
    #[test]
    fn replaces_trunks_loader_and_preloads() {
        let html = "<head><link rel=\"stylesheet\" href=\"./s.css\">\n<script type=\"module\">\nimport init, * as bindings from './app-1.js';\nconst wasm = await init({ module_or_path: './app-1_bg.wasm' });\n</script>\n<link rel=\"modulepreload\" href=\"./app-1.js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"./app-1_bg.wasm\" as=\"fetch\"></head>";
        let first = FirstFiles {
            glue: "kiosque-first-1.js".into(),
            wasm: "kiosque-first-1_bg.wasm".into(),
        };
        let out = with_loader(html, "./", &first).unwrap();
        assert_eq!(
            out,
            "<head><link rel=\"stylesheet\" href=\"./s.css\">\n<script type=\"application/json\" id=\"kiosque-shell\">{\"app\":{\"glue\":\"./app-1.js\",\"wasm\":\"./app-1_bg.wasm\"},\"first\":{\"glue\":\"./kiosque-first-1.js\",\"wasm\":\"./kiosque-first-1_bg.wasm\"}}</script>\n</head>"
        );
        assert!(with_loader("<head></head>", "./", &first).is_err());
    }
}
