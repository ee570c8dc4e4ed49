//! The reader app compiled into this binary by `cargo xtask dist` (see `build.rs`), and how its
//! files are made ready for one site: pointed at the site's public URL, the service worker
//! stamped, or, for a preview, loading the script that reloads the page after a rebuild.

use anyhow::{bail, Context};
use kiosque_core::{csp, shell};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_app.rs"));
}

/// The script only `kiosque serve` serves and injects, which reloads the page when the articles
/// were rebuilt. An external file, not an inline script: the page's Content-Security-Policy allows
/// scripts from its own origin but inline ones only by hash.
pub const RELOAD_SCRIPT: &str = "__kiosque_reload.js";

/// What the app's files are written for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A site to publish: the service worker is stamped so the site works offline and browsers
    /// pick up the next build.
    Publish,
    /// A preview by `kiosque serve`: the page loads the reload script, and the worker stays
    /// unstamped (it then unregisters itself, so a preview never shows a kept copy).
    Preview,
}

/// A built app: its files, and the public URL Trunk wrote into its `index.html`.
pub struct App<'a> {
    files: Vec<(&'a str, &'a [u8])>,
    built_for: &'a str,
}

impl App<'static> {
    /// The app this binary carries, or an error saying how to get a binary that has one.
    pub fn embedded() -> anyhow::Result<Self> {
        if embedded::FILES.is_empty() {
            bail!(
                "this kiosque binary was built without the reader app: it can bundle, check and \
                 search, but not build or serve a site.\n\
                 To get one that can, run `cargo xtask dist` in the Kiosque repository (it prints \
                 where it wrote the binary). With a site already built by `cargo xtask build`, \
                 `kiosque bundle ARTICLES -o SITE/bundle` replaces its articles"
            );
        }
        Ok(Self::new(embedded::FILES.to_vec(), embedded::PUBLIC_URL))
    }
}

impl<'a> App<'a> {
    /// An app made of `files` (`(path, content)`, `index.html` at the top), built by Trunk with
    /// `--public-url built_for`.
    pub fn new(files: Vec<(&'a str, &'a [u8])>, built_for: &'a str) -> Self {
        Self { files, built_for }
    }

    /// The app's files for a site served under `public_url` (normalized, see
    /// [`super::public_url::normalize`]), as `(path, content)`.
    ///
    /// Trunk writes the public URL into `index.html` only (asset links and the loader script), so
    /// replacing the one it was built with gives what `trunk build --public-url` would have
    /// written; the service worker is then stamped over the result, as `cargo xtask build` does.
    pub fn files_for(
        &self,
        public_url: &str,
        mode: Mode,
    ) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::with_capacity(self.files.len());
        for (path, bytes) in &self.files {
            let bytes = if *path == "index.html" {
                self.index_for(bytes, public_url, mode)?.into_bytes()
            } else {
                bytes.to_vec()
            };
            out.push(((*path).to_owned(), bytes));
        }
        if mode == Mode::Publish {
            stamp(&mut out)?;
        }
        Ok(out)
    }

    fn index_for(&self, bytes: &[u8], public_url: &str, mode: Mode) -> anyhow::Result<String> {
        let html = std::str::from_utf8(bytes).context("the app's index.html is not UTF-8")?;
        if !html.contains(self.built_for) {
            bail!(
                "the app's index.html does not link its files under {:?}, the public URL it was \
                 said to be built with; rebuild the binary with `cargo xtask dist`",
                self.built_for
            );
        }
        let html = html.replace(self.built_for, public_url);
        // The same Content-Security-Policy as `cargo xtask build` writes, hashing the inline
        // scripts as they are now; the preview's reload script is a file of the site, so the
        // policy's 'self' admits it.
        let mut html = csp::with_policy(&html, &csp::site_policy(&html))
            .context("the app's index.html has no <head> to hold its security policy")?;
        if mode == Mode::Preview {
            let Some(head_end) = html.find("</head>") else {
                bail!("the app's index.html has no </head>");
            };
            html.insert_str(
                head_end,
                &format!("<script src=\"/{RELOAD_SCRIPT}\" defer></script>\n"),
            );
        }
        Ok(html)
    }
}

/// Stamps the site's `sw.js` (if it has one) with its top-level files.
fn stamp(files: &mut [(String, Vec<u8>)]) -> anyhow::Result<()> {
    let Some(sw) = files.iter().position(|(p, _)| p == shell::SERVICE_WORKER) else {
        return Ok(());
    };
    let source = String::from_utf8(files[sw].1.clone()).context("the app's sw.js is not UTF-8")?;
    let top: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(path, _)| !path.contains('/'))
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let stamped = shell::stamp_service_worker(&source, &top).context("in the app's sw.js")?;
    files[sw].1 = stamped.source.into_bytes();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT_FOR: &str = "/__placeholder__/";
    const INDEX: &str = "<html><head><link rel=\"stylesheet\" href=\"/__placeholder__/style-1.css\">\
        <script type=\"module\">import init from '/__placeholder__/app-1.js';\
        init({ module_or_path: '/__placeholder__/app-1_bg.wasm' });</script></head><body></body></html>";
    const SW: &str = "const VERSION = \"dev\";\nconst SHELL = [];\n";

    fn app() -> App<'static> {
        App::new(
            vec![
                ("app-1.js", b"js"),
                ("index.html", INDEX.as_bytes()),
                ("style-1.css", b"css"),
                ("sw.js", SW.as_bytes()),
            ],
            BUILT_FOR,
        )
    }

    fn file(files: &[(String, Vec<u8>)], name: &str) -> String {
        let (_, bytes) = files.iter().find(|(p, _)| p == name).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    }

    // Every link of the page moves to the public URL; the worker lists the shell with a version
    // that changes with the URL (the page is part of the shell).
    #[test]
    fn a_published_app_points_at_its_public_url_and_is_stamped() {
        let relative = app().files_for("./", Mode::Publish).unwrap();
        let index = file(&relative, "index.html");
        assert!(!index.contains("placeholder"), "{index}");
        assert!(index.contains("href=\"./style-1.css\""), "{index}");
        assert!(
            index.contains("module_or_path: './app-1_bg.wasm'"),
            "{index}"
        );
        assert!(!index.contains(RELOAD_SCRIPT));
        let sw = file(&relative, "sw.js");
        assert!(
            sw.contains("const SHELL = [\"app-1.js\", \"index.html\", \"style-1.css\"];"),
            "{sw}"
        );
        let sub = app().files_for("/archive/", Mode::Publish).unwrap();
        assert!(file(&sub, "index.html").contains("import init from '/archive/app-1.js'"));
        assert_ne!(file(&sub, "sw.js"), sw);
    }

    // A preview loads the reload script from its own origin and keeps the worker unstamped.
    #[test]
    fn a_preview_loads_the_reload_script() {
        let files = app().files_for("./", Mode::Preview).unwrap();
        let index = file(&files, "index.html");
        assert!(index.contains("<script src=\"/__kiosque_reload.js\" defer></script>\n</head>"));
        assert_eq!(file(&files, "sw.js"), SW);
    }

    // An app whose page does not hold the URL it claims to be built with is refused, not
    // written half-pointed.
    #[test]
    fn an_app_built_for_another_url_is_refused() {
        let app = App::new(vec![("index.html", INDEX.as_bytes())], "/other/");
        let error = app.files_for("./", Mode::Publish).unwrap_err().to_string();
        assert!(error.contains("cargo xtask dist"), "{error}");
    }
}
