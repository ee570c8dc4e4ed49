//! Links from one article to another (`{{< ref "other.md" >}}`, `{% post_url 2020-01-02-x %}`,
//! `{% link _posts/x.md %}`, Zola's `@/blog/x.md`), pointed at that article in the bundle
//! (`#/article/<id>`) once every article has its final id. A reference to a file that is not in
//! the bundle leaves its text and loses its link.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::rewrite::Rewritten;
use super::template::REF_PREFIX;
use crate::article::Article;
use crate::markdown;

/// Finds articles by the ways a generator names them: path from the folder (with or without
/// its extension, `index.md` standing for its folder), any tail of that path, and the file name
/// with or without its date prefix. A name shared by two articles finds neither.
#[derive(Debug)]
pub(crate) struct Lookup {
    by_name: HashMap<String, Option<usize>>,
}

impl Lookup {
    /// The lookup of `articles`, by their paths in the imported folder.
    pub fn new(articles: &[Article]) -> Self {
        let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
        for (i, article) in articles.iter().enumerate() {
            let mut names = Vec::new();
            let path = normalize(&article.meta.origin);
            let parts: Vec<&str> = path.split('/').collect();
            for start in 0..parts.len() {
                names.push(parts[start..].join("/"));
            }
            if let Some(last) = parts.last() {
                if let Some(undated) = strip_date(last) {
                    names.push(undated.to_owned());
                }
            }
            names.sort();
            names.dedup();
            for name in names {
                by_name
                    .entry(name)
                    .and_modify(|found| {
                        if *found != Some(i) {
                            *found = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        Self { by_name }
    }

    /// The article a reference names, if exactly one.
    pub fn find(&self, target: &str) -> Option<usize> {
        let name = normalize(target);
        let name = name
            .strip_prefix("content/")
            .or_else(|| name.strip_prefix("_posts/"))
            .filter(|n| self.by_name.contains_key(*n))
            .unwrap_or(&name);
        self.by_name.get(name).copied().flatten()
    }
}

/// A path or reference made comparable: lowercase, `/`-separated, no leading `/`, `./` or
/// `@/`, no `#anchor`, no extension, `index` standing for its folder.
fn normalize(path: &str) -> String {
    let path = path.split('#').next().unwrap_or_default();
    let path = path.trim().trim_start_matches("@/").trim_matches('/');
    let path = path.strip_prefix("./").unwrap_or(path);
    let lower = path.to_lowercase().replace('\\', "/");
    let stem = [".markdown", ".md", ".html"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext))
        .unwrap_or(&lower);
    let stem = stem
        .strip_suffix("/index")
        .or_else(|| stem.strip_suffix("/_index"))
        .unwrap_or(stem);
    stem.to_owned()
}

/// A `YYYY-MM-DD-` prefix removed.
fn strip_date(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    dated.then(|| &name[11..])
}

/// Points the references of an article's body `out` (its targets `refs`, by number) at the
/// articles found.
pub(crate) fn resolve(
    out: &mut String,
    refs: &[String],
    lookup: &Lookup,
    articles: &[(String, String)],
) {
    if refs.is_empty() {
        return;
    }
    let found: Vec<Option<&(String, String)>> = refs
        .iter()
        .map(|target| lookup.find(target).map(|i| &articles[i]))
        .collect();
    let owned = std::mem::take(out);
    let body = owned.as_str();
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    // Links whose address is a reference: resolved ones point at the article (a bare one shows
    // its title), the others become their text.
    let mut open: Vec<(usize, Range<usize>, Option<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open.push((range.start, range, reference_number(&dest_url)));
            }
            Event::End(TagEnd::Link) => {
                let Some((_, whole, Some(n))) = open.pop() else {
                    continue;
                };
                let Some(text_end) = body[whole.clone()].rfind("](").map(|i| whole.start + i)
                else {
                    continue;
                };
                let text = &body[whole.start + 1..text_end];
                let replacement = match found.get(n).copied().flatten() {
                    Some((id, title)) if text == markdown::escape_text(&refs[n]).as_ref() => {
                        format!("[{}](#/article/{id})", markdown::escape_text(title))
                    }
                    Some((id, _)) => format!("[{text}](#/article/{id})"),
                    None => text.to_owned(),
                };
                replacements.push((whole, replacement));
            }
            _ => {}
        }
    }
    let mut rewritten = Rewritten::new(body, replacements).text;
    // What is left (an address in raw HTML, a reference definition) is pointed directly.
    if rewritten.contains(REF_PREFIX) {
        for (n, target) in found.iter().enumerate().rev() {
            let placeholder = format!("{REF_PREFIX}{n}");
            let address = target.map_or_else(String::new, |(id, _)| format!("#/article/{id}"));
            rewritten = rewritten.replace(&placeholder, &address);
        }
    }
    *out = rewritten;
}

fn reference_number(url: &str) -> Option<usize> {
    url.strip_prefix(REF_PREFIX)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleMeta;

    fn article(origin: &str, body: &str) -> Article {
        Article {
            meta: ArticleMeta {
                id: origin.replace('/', "-"),
                title: format!("Titre {origin}"),
                date: None,
                authors: vec![],
                tags: vec![],
                source: None,
                lang: "fr".into(),
                summary: String::new(),
                reading_minutes: 1,
                origin: origin.into(),
            },
            body: body.into(),
        }
    }

    #[test]
    fn references_point_at_articles_or_become_text() {
        let articles = vec![
            article("_posts/2020-01-02-bonjour.md", ""),
            article("content/posts/autre/index.md", ""),
            article("a/overview.md", ""),
            article("b/overview.md", ""),
        ];
        let lookup = Lookup::new(&articles);
        assert_eq!(lookup.find("2020-01-02-bonjour"), Some(0));
        assert_eq!(lookup.find("bonjour"), Some(0));
        assert_eq!(lookup.find("/posts/autre/"), Some(1));
        assert_eq!(lookup.find("posts/autre/index.md#x"), Some(1));
        assert_eq!(
            lookup.find("overview.md"),
            None,
            "two articles share the name"
        );
        assert_eq!(lookup.find("b/overview.md"), Some(3));
        let names: Vec<(String, String)> = articles
            .iter()
            .map(|a| (a.meta.id.clone(), a.meta.title.clone()))
            .collect();
        let mut a = article(
            "x.md",
            "[voir](#kiosque-ref-0), [2020-01-02-bonjour](#kiosque-ref-1), [perdu](#kiosque-ref-2) <a href=\"#kiosque-ref-0\">h</a>",
        );
        resolve(
            &mut a.body,
            &[
                "posts/autre".into(),
                "2020-01-02-bonjour".into(),
                "nulle-part.md".into(),
            ],
            &lookup,
            &names,
        );
        assert_eq!(
            a.body,
            "[voir](#/article/content-posts-autre-index.md), [Titre \\_posts/2020-01-02-bonjour.md](#/article/_posts-2020-01-02-bonjour.md), perdu <a href=\"#/article/content-posts-autre-index.md\">h</a>"
        );
    }
}
