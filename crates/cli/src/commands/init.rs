//! `kiosque init`: a starter folder of articles to build a first site from.

use std::path::Path;

use anyhow::{bail, Context};

/// The starter folder's files, written for this project: a press clipping, a Markdown post, and
/// a README on the formats (which the importer does not take for an article).
const STARTER: &[(&str, &str)] = &[
    ("README.md", include_str!("../starter/README.md")),
    (
        "2024-03_bibliotheque.txt",
        include_str!("../starter/2024-03_bibliotheque.txt"),
    ),
    (
        "2024-05-14-welcome.md",
        include_str!("../starter/2024-05-14-welcome.md"),
    ),
];

/// Writes the starter files into `dir`, which must be missing or empty.
pub fn run(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("{} exists and is not a folder", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; kiosque init writes only into a new or empty folder, so nothing there is replaced",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, text) in STARTER {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let shown = dir.display();
    eprintln!(
        "wrote {} example articles and a README to {shown}\n\
         next: `kiosque serve {shown}` to preview, `kiosque build {shown} -o site` to write the site",
        STARTER.len() - 1
    );
    Ok(())
}
