//! What a file's place in the folder says about it: a date in its name (`2021-03-10-titre.md`) or
//! in its folders (`2021/03/10/`), a language suffix (`titre.fr.md`), and the name that becomes its
//! slug. A post that is a folder holding `index.md` is named by its folder.

use crate::date::ArticleDate;

/// A file's path, read for what it says about the article.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Place<'a> {
    /// The folders above the file (or above a post's folder), `/`-separated.
    pub folders: &'a str,
    /// A date at the start of the name.
    pub name_date: Option<ArticleDate>,
    /// The name without its extension, language suffix or date prefix.
    pub name: &'a str,
    /// A two-letter language code from a `name.fr.md` suffix (Hugo's and Zola's translations).
    pub lang: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// Reads `rel`, a `/`-separated path relative to the imported folder.
    pub fn of(rel: &'a str) -> Self {
        let (mut folders, file) = rel.rsplit_once('/').unwrap_or(("", rel));
        let mut stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let mut lang = None;
        if let Some((base, suffix)) = stem.rsplit_once('.') {
            if suffix.len() == 2 && suffix.bytes().all(|b| b.is_ascii_lowercase()) {
                lang = Some(suffix);
                stem = base;
            }
        }
        if stem.eq_ignore_ascii_case("index") && !folders.is_empty() {
            let (above, post) = folders.rsplit_once('/').unwrap_or(("", folders));
            stem = post;
            folders = above;
        }
        let (name_date, name) = date_prefix(stem);
        Place {
            folders,
            name_date,
            name,
            lang,
        }
    }

    /// A date given by the folders: `YYYY/MM/DD`, `YYYY/MM`, or one folder named `YYYY-MM-DD`
    /// or `YYYY-MM`; the deepest wins.
    pub fn folder_date(&self) -> Option<ArticleDate> {
        date_in_path(self.folders)
    }
}

/// A `YYYY-MM-DD` or `YYYY-MM` prefix of a name followed by `-`, `_` or nothing, and the rest.
fn date_prefix(stem: &str) -> (Option<ArticleDate>, &str) {
    for len in [10, 7] {
        let (Some(prefix), Some(rest)) = (stem.get(..len), stem.get(len..)) else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with(['-', '_']) {
            continue;
        }
        if let Ok(date) = ArticleDate::parse(prefix) {
            return (Some(date), &rest[rest.len().min(1)..]);
        }
    }
    (None, stem)
}

/// A `YYYY/MM/DD` or `YYYY/MM` run of folders, or a folder named like a date; the deepest one.
pub(crate) fn date_in_path(path: &str) -> Option<ArticleDate> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    (0..parts.len()).rev().find_map(|i| {
        let part = parts[i];
        if digits(part, 4) {
            let month = parts.get(i + 1).filter(|m| digits(m, 2))?;
            return match parts.get(i + 2).filter(|d| digits(d, 2)) {
                Some(day) => ArticleDate::parse(&format!("{part}-{month}-{day}")).ok(),
                None => ArticleDate::parse(&format!("{part}-{month}")).ok(),
            };
        }
        // A folder named `2021-03-10` or `2021-03-10-titre` (but not a bare year: `2019` alone
        // is too often a number rather than a date).
        match date_prefix(part) {
            (Some(date), _) => Some(date),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<ArticleDate> {
        Some(ArticleDate::parse(text).unwrap())
    }

    #[test]
    fn reads_names() {
        let p = Place::of("posts/2014-06-04-intro.fr.md");
        assert_eq!(
            p,
            Place {
                folders: "posts",
                name_date: date("2014-06-04"),
                name: "intro",
                lang: Some("fr"),
            }
        );
        let p = Place::of("content/2021-03-10-billet/index.md");
        assert_eq!((p.folders, p.name), ("content", "billet"));
        assert_eq!(p.name_date, date("2021-03-10"));
        let p = Place::of("index.md");
        assert_eq!((p.folders, p.name), ("", "index"));
        let p = Place::of("v1.2-notes.md");
        assert_eq!((p.name, p.lang), ("v1.2-notes", None));
        assert_eq!(Place::of("2021-03.md").name_date, date("2021-03"));
        assert_eq!(Place::of("2021-0310-x.md").name_date, None);
    }

    #[test]
    fn reads_folder_dates() {
        assert_eq!(date_in_path("notes/2021/03/10"), date("2021-03-10"));
        assert_eq!(date_in_path("2021/03/misc"), date("2021-03"));
        assert_eq!(date_in_path("archive/2019"), None);
        assert_eq!(date_in_path("2019/2020-05-02-titre"), date("2020-05-02"));
        assert_eq!(date_in_path("2021/13/01"), None);
        assert_eq!(date_in_path(""), None);
    }
}
