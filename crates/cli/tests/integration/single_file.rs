//! `kiosque single-file` as publishers run it, on a small stand-in for a Trunk-built site.

use std::path::Path;
use std::process::Output;

use crate::common::{kiosque, stderr};

/// What `trunk build --release` writes (the parts the single file reads), plus a real bundle.
/// Runs `kiosque single-file --app DIR -o OUT`.
fn single_file(dir: &Path, out: &Path) -> Output {
    kiosque(&[
        "single-file",
        "--app",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
}

fn built_site(dir: &Path) {
    let index = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <title>Kiosque</title>
    <link rel="manifest" href="manifest.webmanifest" />
    <link rel="stylesheet" href="./style-1a.css" integrity="sha384-x"/>
    <link rel="icon" href="./favicon-2b.svg" integrity="sha384-y"/>
<script type="module">
import init, * as bindings from './app-3c.js';
const wasm = await init({ module_or_path: './app-3c_bg.wasm' });
window.wasmBindings = bindings;
</script>
  <link rel="modulepreload" href="./app-3c.js" crossorigin="anonymous"><link rel="preload" href="./app-3c_bg.wasm" as="fetch" type="application/wasm"></head>
  <body>
    <div id="kiosque"><p>Kiosque is starting…</p></div>
  </body>
</html>
"#;
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(dir.join("style-1a.css"), "body { color: navy }").unwrap();
    std::fs::write(dir.join("favicon-2b.svg"), "<svg/>").unwrap();
    std::fs::write(
        dir.join("app-3c.js"),
        "let wasm;\nexport function hello() { return '</script>'; }\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n",
    )
    .unwrap();
    std::fs::write(dir.join("app-3c_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("2020-04-01-post.md"),
        "---\ntitle: Un article\n---\nSon texte.",
    )
    .unwrap();
    let result = kiosque(&[
        "bundle",
        articles.to_str().unwrap(),
        "-o",
        dir.join("bundle").to_str().unwrap(),
        "--quiet",
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
}

// Everything the page loads is inside it: styles, icon, glue without exports, wasm and every
// bundle file the manifest lists; nothing refers to a file beside it.
#[test]
fn one_file_holds_app_and_bundle() {
    let dir = tempfile::tempdir().unwrap();
    built_site(dir.path());
    let out = dir.path().join("kiosque.html");
    let result = single_file(dir.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("1 article)"),
        "{}",
        stderr(&result)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<style>body { color: navy }</style>"));
    assert!(html.contains(r#"<link rel="icon" href="data:image/svg+xml;base64,PHN2Zy8+">"#));
    assert!(html
        .contains(r#"<script type="application/base64" id="kiosque-wasm">AGFzbQEAAAA=</script>"#));
    assert!(html.contains("function hello() { return '<\\/script>'; }"));
    assert!(html.contains("await __wbg_init({ module_or_path: kiosqueWasmBytes })"));
    for gone in [
        "export ",
        "modulepreload",
        "rel=\"preload\"",
        "manifest.webmanifest",
        "./app-3c.js",
        "./style-1a.css",
    ] {
        assert!(!html.contains(gone), "{gone} is still there");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("bundle/manifest.json")).unwrap())
            .unwrap();
    let mut paths = vec!["manifest.json".to_owned()];
    for entry in [&manifest["catalog"], &manifest["index"]]
        .into_iter()
        .chain(manifest["bodies"].as_array().unwrap())
    {
        paths.push(entry["path"].as_str().unwrap().to_owned());
    }
    for path in paths {
        let block =
            format!(r#"<script type="application/base64" data-kiosque-file="bundle/{path}">"#);
        assert!(html.contains(&block), "{path} is inside");
    }
    // The data blocks come before the module script that reads them, all inside <body>.
    let blocks = html.find("data-kiosque-file").unwrap();
    let module = html.find(r#"<script type="module">"#).unwrap();
    assert!(html.find("<body>").unwrap() < blocks && blocks < module);
    assert!(module < html.find("</body>").unwrap());
}

// Past the size a browser can open comfortably, a plain error says what to do instead, and it
// comes before the bundle is read (the body here is a sparse file as large as it says).
#[test]
fn too_large_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    built_site(dir.path());
    let manifest_path = dir.path().join("bundle/manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let body = manifest["bodies"][0]["path"].as_str().unwrap().to_owned();
    let huge = 90_000_000u64;
    manifest["bodies"][0]["bytes"] = huge.into();
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(dir.path().join("bundle").join(&body))
        .unwrap()
        .set_len(huge)
        .unwrap();
    let out = dir.path().join("kiosque.html");
    let result = single_file(dir.path(), &out);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(
        err.contains("the single file would be about 120 MB, over the 100 MB it can hold"),
        "{err}"
    );
    assert!(
        err.contains("Publish the built site folder instead"),
        "{err}"
    );
    assert!(!out.exists());
}

// A folder that is not a built site, or a bundle that does not match its manifest, is named.
#[test]
fn missing_parts_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k.html");
    let result = single_file(dir.path(), &out);
    assert!(!result.status.success());
    assert!(
        stderr(&result).contains("build the app first"),
        "{}",
        stderr(&result)
    );

    built_site(dir.path());
    std::fs::remove_file(dir.path().join("bundle/index.bin")).unwrap();
    let result = single_file(dir.path(), &out);
    assert!(!result.status.success());
    assert!(
        stderr(&result).contains("the bundle lists index.bin but it is missing"),
        "{}",
        stderr(&result)
    );

    std::fs::write(dir.path().join("index.html"), "<html><body></body></html>").unwrap();
    let result = single_file(dir.path(), &out);
    assert!(!result.status.success());
    assert!(
        stderr(&result).contains("has no wasm-bindgen loader script"),
        "{}",
        stderr(&result)
    );
}

// Only files inside the bundle folder are embedded: a manifest naming an absolute path or `..`,
// or a bundle file that is a link to a file elsewhere, is refused and nothing is written.
#[cfg(unix)]
#[test]
fn files_outside_the_bundle_are_never_embedded() {
    let dir = tempfile::tempdir().unwrap();
    built_site(dir.path());
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "mot de passe").unwrap();
    let out = dir.path().join("k.html");
    let run = || single_file(dir.path(), &out);
    let manifest_path = dir.path().join("bundle/manifest.json");
    let original = std::fs::read_to_string(&manifest_path).unwrap();
    for named in [
        secret.to_str().unwrap(),
        "../secret.txt",
        "assets/../../secret.txt",
    ] {
        let manifest = original.replacen(
            "\"path\": \"index.bin\"",
            &format!("\"path\": {named:?}"),
            1,
        );
        assert_ne!(manifest, original);
        std::fs::write(&manifest_path, manifest).unwrap();
        let result = run();
        assert!(!result.status.success(), "{named}");
        assert!(
            stderr(&result).contains("outside the bundle folder"),
            "{named}: {}",
            stderr(&result)
        );
        assert!(!out.exists());
    }
    std::fs::write(&manifest_path, &original).unwrap();
    let index = dir.path().join("bundle/index.bin");
    let size = std::fs::metadata(&index).unwrap().len() as usize;
    std::fs::write(&secret, "x".repeat(size)).unwrap();
    std::fs::remove_file(&index).unwrap();
    std::os::unix::fs::symlink(&secret, &index).unwrap();
    let result = run();
    assert!(!result.status.success());
    assert!(
        stderr(&result).contains("index.bin in the bundle is a link to"),
        "{}",
        stderr(&result)
    );
    assert!(!out.exists());
}

// The single file carries one Content-Security-Policy, its own: the built site's (which trusts a
// site the file does not have) is replaced, and each inline script it runs is named by its hash.
#[test]
fn the_single_file_has_its_own_policy() {
    let dir = tempfile::tempdir().unwrap();
    built_site(dir.path());
    let index = dir.path().join("index.html");
    let site = std::fs::read_to_string(&index).unwrap().replace(
        "<head>",
        "<head>\n    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\" />",
    );
    std::fs::write(&index, site).unwrap();
    let out = dir.path().join("kiosque.html");
    let result = single_file(dir.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("Content-Security-Policy").count(), 1, "{html}");
    let scripts = kiosque_core::csp::inline_scripts(&html);
    assert_eq!(
        scripts.len(),
        1,
        "the module script; data blocks are not scripts"
    );
    let expected = kiosque_core::csp::single_file_policy(&html);
    assert!(expected.contains(&kiosque_core::csp::hash_source(scripts[0])));
    assert!(
        html.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{expected}\" />"
        )),
        "{html}"
    );
    assert!(html.find("Content-Security-Policy") < html.find("<script"));
}
