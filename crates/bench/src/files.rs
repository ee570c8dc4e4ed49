//! Writing a corpus as a folder of article files, in turn in each format the importer reads
//! (press clippings, YAML and TOML front matter, plain Markdown dated by its file name), under
//! `YYYY/` folders: what `kiosque bundle` is timed on, and the 100,000-article browser test's
//! archive.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kiosque_core::{Article, ArticleDate, Precision};

/// Writes every article of `articles` under `dir` and returns the bytes written.
#[cfg(test)]
pub fn write(articles: &[Article], dir: &Path) -> std::io::Result<usize> {
    let mut files = Files::new(dir);
    for (i, article) in articles.iter().enumerate() {
        files.write(i, article)?;
    }
    Ok(files.bytes)
}

/// Writes articles one at a time under a folder, as [`write`] does, as they are generated
/// (see [`crate::corpus::Corpus::generate_each`]).
pub struct Files<'a> {
    dir: &'a Path,
    /// The clippings' (date, lede) so far: a clipping's id comes from its date and lede, which
    /// a republished copy shares with its original, so such a copy is written with front
    /// matter instead (a distinct title, a new id).
    ledes: std::collections::HashSet<(Option<ArticleDate>, String)>,
    /// Bytes written so far.
    pub bytes: usize,
}

impl<'a> Files<'a> {
    /// Nothing written yet under `dir`.
    pub fn new(dir: &'a Path) -> Self {
        Self {
            dir,
            ledes: std::collections::HashSet::new(),
            bytes: 0,
        }
    }

    /// Writes article number `i` (articles must come in order).
    pub fn write(&mut self, i: usize, article: &Article) -> std::io::Result<()> {
        let clipping = i.is_multiple_of(4)
            && self
                .ledes
                .insert((article.meta.date, lede(&article.body).to_owned()));
        let (path, text) = file(i, article, clipping);
        let path = self.dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &text)?;
        self.bytes += text.len();
        Ok(())
    }
}

/// The first sentence of a body.
fn lede(body: &str) -> &str {
    body.split(". ").next().unwrap_or(body)
}

/// The path (under the folder) and text of the `i`th article, a clipping if `clipping`.
fn file(i: usize, article: &Article, clipping: bool) -> (PathBuf, String) {
    let meta = &article.meta;
    let date = meta.date.map(|d| d.to_string());
    let folder = PathBuf::from(
        meta.date
            .map_or_else(|| "undated".into(), |d| d.year.to_string()),
    );
    let day_precision = meta.date.is_some_and(|d| d.precision() == Precision::Day);
    let body = article.body.trim_end();
    match i % 4 {
        _ if clipping => {
            // A clipping: the date line runs into the lede; headings are short lines of their own.
            let mut text = String::new();
            if let Some(date) = &date {
                let _ = write!(text, "date {date} ");
            }
            text.push_str(&body.replace("## ", ""));
            text.push('\n');
            let name = format!(
                "{i:06}_{:016x}.txt",
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            );
            (folder.join(name), text)
        }
        2 => {
            let mut text = format!("+++\ntitle = \"{}\"\n", meta.title);
            if let Some(date) = &date {
                // Zola's dates are TOML dates; the importer also reads a coarser date as a string.
                if day_precision {
                    let _ = writeln!(text, "date = {date}");
                } else {
                    let _ = writeln!(text, "date = \"{date}\"");
                }
            }
            let _ = write!(
                text,
                "\n[taxonomies]\nauthors = [{}]\ntags = [{}]\n+++\n\n{body}\n",
                quoted(&meta.authors),
                quoted(&meta.tags)
            );
            (folder.join(format!("post-{i}.md")), text)
        }
        3 if day_precision || date.is_none() => {
            let text = format!("# {}\n\n{body}\n", meta.title);
            let name = match &date {
                Some(date) => format!("{date}-note-{i}.md"),
                None => format!("note-{i}.md"),
            };
            (folder.join(name), text)
        }
        _ => {
            let mut text = format!("---\ntitle: \"{}\"\n", meta.title);
            if let Some(date) = &date {
                let _ = writeln!(text, "date: {date}");
            }
            let _ = write!(
                text,
                "author: {}\ntags: [{}]\n",
                meta.authors.join(", "),
                meta.tags.join(", ")
            );
            if let Some(source) = &meta.source {
                let _ = writeln!(text, "source: {source}");
            }
            let _ = write!(text, "lang: {}\n---\n\n{body}\n", meta.lang);
            (folder.join(format!("article-{i}.md")), text)
        }
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use kiosque_core::import::{import_dir, Severity};

    use crate::corpus::{Corpus, Shape};

    // Every generated file imports as the article it was written from: nothing skipped, no
    // error, the same dates, and the titles the front matter carries.
    #[test]
    fn every_file_imports_with_its_date_and_title() {
        for shape in [Shape::Press, Shape::Dispatch] {
            let articles = Corpus::with_shape(11, shape).generate(240);
            let dir = tempfile::tempdir().unwrap();
            super::write(&articles, dir.path()).unwrap();
            let report = import_dir(dir.path());
            let errors: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(ToString::to_string)
                .collect();
            assert_eq!(errors, Vec::<String>::new(), "{shape:?}");
            assert_eq!(report.articles.len(), articles.len(), "{shape:?}");
            let mut written: Vec<String> = articles
                .iter()
                .map(|a| format!("{:?}", a.meta.date))
                .collect();
            let mut read: Vec<String> = report
                .articles
                .iter()
                .map(|a| format!("{:?}", a.meta.date))
                .collect();
            written.sort();
            read.sort();
            assert_eq!(written, read, "{shape:?}");
            let titles: std::collections::HashSet<&str> = report
                .articles
                .iter()
                .map(|a| a.meta.title.as_str())
                .collect();
            for (i, article) in articles.iter().enumerate() {
                if i % 4 != 0 {
                    assert!(
                        titles.contains(article.meta.title.as_str()),
                        "{shape:?} {i}: {}",
                        article.meta.title
                    );
                }
            }
        }
    }
}
