//! The folder walk and importer on generated folders full of traps.
//!
//! Each input is a small folder tree: articles (some damaged), hidden entries, odd names
//! (newlines, right-to-left overrides), links leading inside, outside, nowhere and in circles,
//! and now and then a named pipe. The import must not panic, must account for every entry,
//! and must never publish a byte of the file kept outside the folder.

use std::path::Path;

use kiosque_core::import::{self, Outcome};

use crate::mutate::mutate;
use crate::Target;

/// Written outside the folder: no imported article may ever contain it.
const SECRET: &str = "SECRET-OUTSIDE-THE-FOLDER";

const TEXTS: &[&str] = &[
    "---\ntitle: Un article\ndate: 2020-01-01\n---\n\nDu texte.\n",
    "date 2020-05 Le lede d'une coupure de presse.\n\nUn paragraphe.\n",
    "+++\ntitle = \"Zola\"\ndate = 2021-02-03\n+++\n\nCorps.\n",
    "# Sans front matter\n\nTexte ![image](pic.png) et ![absente](nulle.png).\n",
    "---\ntitle: jamais fermé\n",
];

const NAMES: &[&str] = &[
    "2020-01-01-a.md",
    "b.txt",
    ".cache.md",
    ".git",
    "sub",
    "README.md",
    "_index.md",
    "x\ny.md",
    "é\u{202e}txt.md",
    "pic.png",
    "data.csv",
];

/// The folder walk target.
pub struct FolderTarget {
    top: tempfile::TempDir,
    last: Vec<String>,
}

impl FolderTarget {
    /// A target working in a fresh temporary folder.
    pub fn new() -> Self {
        Self {
            top: tempfile::tempdir().expect("a temporary folder"),
            last: Vec::new(),
        }
    }
}

impl Default for FolderTarget {
    fn default() -> Self {
        Self::new()
    }
}

impl Target for FolderTarget {
    fn name(&self) -> &'static str {
        "folder"
    }

    fn run(&mut self, rng: &mut fastrand::Rng) -> Result<(), String> {
        let top = self.top.path();
        let root = top.join("articles");
        let _ = std::fs::remove_dir_all(top);
        std::fs::create_dir_all(root.join("sub")).map_err(|e| e.to_string())?;
        let secret = top.join("secret.md");
        write(&secret, format!("# {SECRET}\n\n{SECRET}\n").as_bytes())?;
        self.last.clear();
        let dirs = [root.clone(), root.join("sub")];
        for _ in 0..rng.usize(1..10) {
            let dir = rng.choice(&dirs).unwrap();
            let name = format!("{}{}", rng.u8(..), rng.choice(NAMES).unwrap());
            let path = dir.join(&name);
            let made = make_entry(&path, &root, &secret, rng);
            self.last.push(format!("{}: {made}", path.display()));
        }
        let report = import::import_dir(&root);
        let accounted = report.articles.len()
            + report.drafts
            + report.skipped()
            + report.pictures
            + report.not_articles
            + report.refused();
        if accounted != report.files_seen {
            return Err(format!(
                "{} entries seen but {accounted} accounted for: {:#?}",
                report.files_seen, report.diagnostics
            ));
        }
        if let Some(a) = report
            .articles
            .iter()
            .find(|a| a.body.contains(SECRET) || a.meta.title.contains(SECRET))
        {
            return Err(format!(
                "{} published the file outside the folder",
                a.meta.origin
            ));
        }
        if let Some(d) = report
            .diagnostics
            .iter()
            .find(|d| d.outcome == Outcome::Refused && d.hint.is_empty())
        {
            return Err(format!("a refusal without a hint: {d}"));
        }
        Ok(())
    }

    fn save_last(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("entries.txt"), self.last.join("\n"))
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Makes one entry at `path`; says what it made (empty if the system refused).
fn make_entry(path: &Path, root: &Path, secret: &Path, rng: &mut fastrand::Rng) -> String {
    let link_target = match rng.u8(0..12) {
        0 => Some(("link to the secret", secret.to_path_buf())),
        1 => Some((
            "link to the folder above",
            secret.parent().unwrap().to_path_buf(),
        )),
        2 => Some(("link to itself", path.to_path_buf())),
        3 => Some(("broken link", root.join("nowhere.md"))),
        4 => Some(("link to the root", root.to_path_buf())),
        5 => Some(("link to sub", root.join("sub"))),
        6 if rng.u8(0..8) == 0 => {
            let made = std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
            return if made { "named pipe" } else { "" }.into();
        }
        7 => {
            let made = std::fs::create_dir_all(path.join("inner")).is_ok();
            return if made { "folder" } else { "" }.into();
        }
        _ => None,
    };
    if let Some((what, target)) = link_target {
        return if link(&target, path) { what } else { "" }.into();
    }
    let mut bytes = rng.choice(TEXTS).unwrap().as_bytes().to_vec();
    if rng.bool() {
        mutate(&mut bytes, rng);
    }
    let _ = std::fs::write(path, &bytes);
    format!("file of {} bytes", bytes.len())
}

#[cfg(unix)]
fn link(target: &Path, path: &Path) -> bool {
    std::os::unix::fs::symlink(target, path).is_ok()
}

#[cfg(not(unix))]
fn link(_: &Path, _: &Path) -> bool {
    false
}
