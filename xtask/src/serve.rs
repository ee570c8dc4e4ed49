//! `cargo xtask serve`: the site on http://127.0.0.1:8080, rebuilt when code or articles change.

use crate::process::run;
use crate::site::{build_cli, with_bundle_env, SiteOptions};
use crate::tools;

/// Installs what is missing, then hands over to `trunk serve` (which bundles via its hook).
pub fn serve(options: &SiteOptions, port: u16) -> anyhow::Result<()> {
    let toolbox = tools::ensure_build_tools()?;
    let kiosque = build_cli()?;
    let port = port.to_string();
    let mut trunk = toolbox.cmd("trunk", &["serve", "--port", &port]);
    with_bundle_env(&mut trunk, &kiosque, &options.articles);
    eprintln!(
        "==> Serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop); edits to src/, static/ or the articles rebuild it",
        options.articles.display()
    );
    run(&mut trunk)
}
