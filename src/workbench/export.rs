//! References out of Kiosque: a formatted citation (French or English) and lists of articles as
//! CSL-JSON, RIS, BibTeX, CSV and Markdown, for Zotero and other writing tools.
//!
//! Pure Rust, tested natively against each format's rules (see the tests). CSL-JSON is a list of
//! [`CslItem`]s, which the app turns into text with the browser's `JSON.stringify` (no JSON crate
//! in the wasm); the other formats are text written here.

use kiosque_core::{ArticleDate, ArticleMeta, Locale, Precision};
use serde::{Deserialize, Serialize};

/// An article as exports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The stable id.
    pub id: String,
    /// The title.
    pub title: String,
    /// Authors as written in the source.
    pub authors: Vec<String>,
    /// The date at its precision.
    pub date: Option<ArticleDate>,
    /// The publication.
    pub source: Option<String>,
    /// Two-letter language code.
    pub lang: String,
    /// Tags.
    pub tags: Vec<String>,
    /// The article's address in the archive.
    pub url: String,
}

impl Reference {
    /// The reference of an article of the catalog, whose page is at `url`.
    pub fn of(meta: &ArticleMeta, url: String) -> Self {
        Self {
            id: meta.id.clone(),
            title: meta.title.clone(),
            authors: meta.authors.clone(),
            date: meta.date,
            source: meta.source.clone(),
            lang: meta.lang.clone(),
            tags: meta.tags.clone(),
            url,
        }
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSL-JSON, the citation format Zotero, Mendeley and Pandoc read.
    CslJson,
    /// RIS tagged lines.
    Ris,
    /// BibTeX entries.
    BibTex,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// A Markdown list of links.
    Markdown,
}

/// Every format, in the order the interface offers them.
pub const FORMATS: [Format; 5] = [
    Format::CslJson,
    Format::Ris,
    Format::BibTex,
    Format::Csv,
    Format::Markdown,
];

impl Format {
    /// The name shown on its button.
    pub fn label(self) -> &'static str {
        match self {
            Format::CslJson => "CSL-JSON",
            Format::Ris => "RIS",
            Format::BibTex => "BibTeX",
            Format::Csv => "CSV",
            Format::Markdown => "Markdown",
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::CslJson => "json",
            Format::Ris => "ris",
            Format::BibTex => "bib",
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }

    /// The media type of the file.
    pub fn mime(self) -> &'static str {
        match self {
            Format::CslJson => "application/vnd.citationstyles.csl+json",
            Format::Ris => "application/x-research-info-systems",
            Format::BibTex => "application/x-bibtex",
            Format::Csv => "text/csv;charset=utf-8",
            Format::Markdown => "text/markdown;charset=utf-8",
        }
    }

    /// The text of `refs` in this format; `json` turns CSL items into JSON text.
    pub fn render(self, refs: &[Reference], json: impl FnOnce(&[CslItem]) -> String) -> String {
        match self {
            Format::CslJson => json(&csl_items(refs)),
            Format::Ris => ris(refs),
            Format::BibTex => bibtex(refs),
            Format::Csv => csv(refs),
            Format::Markdown => markdown(refs),
        }
    }
}

/// A name in CSL-JSON: the name as the source wrote it (`literal`), since a byline does not say
/// which part is the family name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslName {
    /// The whole name.
    pub literal: String,
}

/// A date in CSL-JSON: `[[year, month, day]]`, as precise as the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslDate {
    /// One date of up to three parts.
    #[serde(rename = "date-parts")]
    pub date_parts: Vec<Vec<u16>>,
}

/// One item of CSL-JSON (the fields of the CSL schema Kiosque knows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslItem {
    /// The article's id.
    pub id: String,
    /// `article-newspaper` when the publication is known, `article` otherwise.
    #[serde(rename = "type")]
    pub kind: String,
    /// The title.
    pub title: String,
    /// The authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<CslName>,
    /// The date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<CslDate>,
    /// The publication.
    #[serde(
        rename = "container-title",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub container_title: Option<String>,
    /// The language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Tags, comma-separated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
    /// The article's address.
    #[serde(rename = "URL")]
    pub url: String,
}

/// The year, month and day a date gives (as many as its precision).
fn date_parts(date: &ArticleDate) -> Vec<u16> {
    let ((year, month, day), _) = date.span();
    match date.precision() {
        Precision::Year => vec![year],
        Precision::Month => vec![year, month.into()],
        Precision::Day => vec![year, month.into(), day.into()],
    }
}

/// The CSL-JSON items of `refs`.
pub fn csl_items(refs: &[Reference]) -> Vec<CslItem> {
    refs.iter()
        .map(|r| CslItem {
            id: r.id.clone(),
            kind: if r.source.is_some() {
                "article-newspaper"
            } else {
                "article"
            }
            .to_owned(),
            title: r.title.clone(),
            author: r
                .authors
                .iter()
                .map(|a| CslName { literal: a.clone() })
                .collect(),
            issued: r.date.as_ref().map(|d| CslDate {
                date_parts: vec![date_parts(d)],
            }),
            container_title: r.source.clone(),
            language: r.lang.clone(),
            keyword: r.tags.join(", "),
            url: r.url.clone(),
        })
        .collect()
}

/// One line of a value: RIS, CSV-free formats and citations hold no line breaks.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RIS: for each reference, `TY  - ` first and `ER  - ` last, one `XX  - value` line per field,
/// lines ended with CR LF.
pub fn ris(refs: &[Reference]) -> String {
    let mut out = String::new();
    let mut line = |tag: &str, value: &str| {
        out.push_str(tag);
        out.push_str("  - ");
        out.push_str(&one_line(value));
        out.push_str("\r\n");
    };
    for r in refs {
        line("TY", if r.source.is_some() { "NEWS" } else { "GEN" });
        line("ID", &r.id);
        line("TI", &r.title);
        for author in &r.authors {
            line("AU", author);
        }
        if let Some(date) = &r.date {
            let parts = date_parts(date);
            line("PY", &parts[0].to_string());
            // DA is YYYY/MM/DD/other, parts left empty when unknown.
            let part = |i: usize| parts.get(i).map(|p| format!("{p:02}")).unwrap_or_default();
            line("DA", &format!("{:04}/{}/{}/", parts[0], part(1), part(2)));
        }
        if let Some(source) = &r.source {
            line("T2", source);
        }
        if !r.lang.is_empty() {
            line("LA", &r.lang);
        }
        for tag in &r.tags {
            line("KW", tag);
        }
        line("UR", &r.url);
        line("ER", "");
    }
    out
}

/// Text safe inside a braced BibTeX field: TeX's special characters escaped, so braces stay
/// balanced and nothing is read as a command.
pub fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// A citation key from an article id: letters, digits, `-` and `_` only, never empty.
fn bibtex_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if key.is_empty() {
        "kiosque".to_owned()
    } else {
        key
    }
}

const BIBTEX_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// BibTeX: `@article{key, field = {value}, …}` (or `@misc` without a publication), authors
/// joined by `and`, the month as BibTeX's own macro.
pub fn bibtex(refs: &[Reference]) -> String {
    let mut out = String::new();
    for r in refs {
        let kind = if r.source.is_some() {
            "article"
        } else {
            "misc"
        };
        let mut fields: Vec<(&str, String)> = vec![("title", bibtex_escape(&r.title))];
        if !r.authors.is_empty() {
            let names: Vec<String> = r.authors.iter().map(|a| bibtex_escape(a)).collect();
            fields.push(("author", names.join(" and ")));
        }
        if let Some(source) = &r.source {
            fields.push(("journal", bibtex_escape(source)));
        }
        let mut month = None;
        if let Some(date) = &r.date {
            let parts = date_parts(date);
            fields.push(("year", parts[0].to_string()));
            month = parts.get(1).map(|m| BIBTEX_MONTHS[usize::from(*m) - 1]);
            fields.push(("date", date.iso()));
        }
        if !r.lang.is_empty() {
            fields.push(("language", bibtex_escape(&r.lang)));
        }
        if !r.tags.is_empty() {
            let tags: Vec<String> = r.tags.iter().map(|t| bibtex_escape(t)).collect();
            fields.push(("keywords", tags.join(", ")));
        }
        fields.push(("url", bibtex_escape(&r.url)));
        out.push_str(&format!("@{kind}{{{},\n", bibtex_key(&r.id)));
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        if let Some(month) = month {
            out.push_str(&format!("  month = {month},\n"));
        }
        out.push_str("}\n\n");
    }
    out
}

/// A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled, RFC 4180);
/// a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) starts with `'`.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The columns of the CSV export.
pub const CSV_HEADER: [&str; 8] = [
    "id", "title", "date", "authors", "source", "language", "tags", "url",
];

/// CSV (RFC 4180): a header line, one line per reference, CR LF line ends.
pub fn csv(refs: &[Reference]) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for r in refs {
        let cells = [
            r.id.clone(),
            r.title.clone(),
            r.date.map(|d| d.iso()).unwrap_or_default(),
            r.authors.join("; "),
            r.source.clone().unwrap_or_default(),
            r.lang.clone(),
            r.tags.join("; "),
            r.url.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Text that Markdown shows as written inside a link's text.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination Markdown cannot misread: spaces, brackets and parentheses percent-encoded.
fn markdown_url(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '(' => "%28".to_owned(),
            ')' => "%29".to_owned(),
            '<' => "%3C".to_owned(),
            '>' => "%3E".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// A Markdown list: `- [Title](url) — Source, date`, one line per reference.
pub fn markdown(refs: &[Reference]) -> String {
    let mut out = String::new();
    for r in refs {
        out.push_str(&format!(
            "- [{}]({})",
            markdown_escape(&r.title),
            markdown_url(&r.url)
        ));
        let details: Vec<String> = r
            .source
            .iter()
            .map(|s| markdown_escape(s))
            .chain(r.date.map(|d| d.iso()))
            .collect();
        if !details.is_empty() {
            out.push_str(" — ");
            out.push_str(&details.join(", "));
        }
        out.push('\n');
    }
    out
}

/// A formatted reference, as a reader of `locale` writes one: authors, the title in quotes
/// (« » in French), the publication, the date and the address.
pub fn citation(r: &Reference, locale: Locale) -> String {
    let authors = crate::i18n::join_names(locale, &r.authors);
    let title = one_line(&r.title);
    let mut parts: Vec<String> = Vec::new();
    if !authors.is_empty() {
        parts.push(authors);
    }
    let (title, date_word) = match locale {
        Locale::Fr => (format!("« {title} »"), "Disponible sur"),
        Locale::En => (format!("“{title}”"), "Available at"),
    };
    parts.push(title);
    if let Some(source) = &r.source {
        parts.push(one_line(source));
    }
    if let Some(date) = &r.date {
        parts.push(date.display(locale));
    }
    format!("{}. {date_word} {}", parts.join(", "), r.url)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn sample() -> Vec<Reference> {
        vec![
            Reference {
                id: "2020-04-12-zoom-oracle".into(),
                title: "Zoom, Oracle & the \"cloud\": 100% {sure}? #1_a ~^\\".into(),
                authors: vec!["Claire Martin".into(), "Paul Durand".into()],
                date: ArticleDate::parse("2020-04-12").ok(),
                source: Some("La Lettre, du Cloud".into()),
                lang: "fr".into(),
                tags: vec!["cloud".into(), "=HYPERLINK(\"x\")".into()],
                url: "https://example.org/revue/#/article/2020-04-12-zoom-oracle".into(),
            },
            Reference {
                id: "2018-bilan".into(),
                title: "Bilan\nde l'année [2018]".into(),
                authors: vec![],
                date: ArticleDate::parse("2018").ok(),
                source: None,
                lang: "fr".into(),
                tags: vec![],
                url: "file:///home/ana/revue de presse.html#/article/2018-bilan".into(),
            },
            Reference {
                id: "undated".into(),
                title: "Sans date".into(),
                authors: vec!["Ana".into()],
                date: None,
                source: None,
                lang: String::new(),
                tags: vec![],
                url: "https://example.org/#/article/undated".into(),
            },
        ]
    }

    /// CSL-JSON: every item has `id`, `type` from the schema's list, `title`, `URL`, names as
    /// objects, and `issued` as `date-parts`, an array of arrays of 1 to 3 integers.
    #[test]
    fn csl_json_follows_the_schema() {
        let text = serde_json::to_string(&csl_items(&sample())).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let items = value.as_array().unwrap();
        assert_eq!(items.len(), 3);
        let allowed = [
            "id",
            "type",
            "title",
            "author",
            "issued",
            "container-title",
            "language",
            "keyword",
            "URL",
        ];
        for item in items {
            let object = item.as_object().unwrap();
            for key in object.keys() {
                assert!(allowed.contains(&key.as_str()), "unknown field {key}");
            }
            assert!(object["id"].is_string() && object["title"].is_string());
            assert!(["article-newspaper", "article"].contains(&object["type"].as_str().unwrap()));
            assert!(
                object["URL"].as_str().unwrap().starts_with("http")
                    || object["URL"].as_str().unwrap().starts_with("file:")
            );
            if let Some(authors) = object.get("author") {
                for a in authors.as_array().unwrap() {
                    assert!(a["literal"].is_string());
                }
            }
            if let Some(issued) = object.get("issued") {
                let parts = issued["date-parts"].as_array().unwrap();
                assert_eq!(parts.len(), 1);
                let one = parts[0].as_array().unwrap();
                assert!((1..=3).contains(&one.len()));
                assert!(one.iter().all(|p| p.is_u64()));
            }
        }
        assert_eq!(
            items[0]["issued"]["date-parts"],
            serde_json::json!([[2020, 4, 12]])
        );
        assert_eq!(
            items[1]["issued"]["date-parts"],
            serde_json::json!([[2018]])
        );
        assert!(items[2].get("issued").is_none());
        assert_eq!(items[0]["container-title"], "La Lettre, du Cloud");
        // And it reads back into the same items.
        let back: Vec<CslItem> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, csl_items(&sample()));
    }

    /// Parses RIS as the specification writes it: `XX  - value` lines, `TY` opening a record
    /// and `ER` closing it.
    fn parse_ris(text: &str) -> Vec<Vec<(String, String)>> {
        let mut records = Vec::new();
        let mut current: Option<Vec<(String, String)>> = None;
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() >= 6, "short line {line:?}");
            let (tag, rest) = line.split_at(2);
            assert!(
                tag.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{line:?}"
            );
            let value = rest
                .strip_prefix("  - ")
                .unwrap_or_else(|| panic!("bad separator {line:?}"));
            match tag {
                "TY" => {
                    assert!(current.is_none(), "TY inside a record");
                    current = Some(vec![(tag.into(), value.into())]);
                }
                "ER" => records.push(current.take().expect("ER without TY")),
                _ => current
                    .as_mut()
                    .expect("field outside a record")
                    .push((tag.into(), value.into())),
            }
        }
        assert!(current.is_none(), "record not closed");
        records
    }

    #[test]
    fn ris_records_open_with_ty_and_close_with_er() {
        let records = parse_ris(&ris(&sample()));
        assert_eq!(records.len(), 3);
        let get = |r: &Vec<(String, String)>, tag: &str| {
            r.iter()
                .filter(|(t, _)| t == tag)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(get(&records[0], "TY"), ["NEWS"]);
        assert_eq!(get(&records[0], "AU"), ["Claire Martin", "Paul Durand"]);
        assert_eq!(get(&records[0], "DA"), ["2020/04/12/"]);
        assert_eq!(get(&records[0], "PY"), ["2020"]);
        assert_eq!(get(&records[0], "T2"), ["La Lettre, du Cloud"]);
        assert_eq!(get(&records[1], "TY"), ["GEN"]);
        assert_eq!(
            get(&records[1], "TI"),
            ["Bilan de l'année [2018]"],
            "one line"
        );
        assert_eq!(get(&records[1], "DA"), ["2018///"]);
        assert!(get(&records[2], "DA").is_empty());
    }

    /// A BibTeX parser for the entry syntax: `@type{key,` then `name = {value}` or
    /// `name = macro` fields separated by commas, braces balanced, then `}`. Unescapes nothing.
    /// An entry read back: type, key and fields.
    type Entry = (String, String, Vec<(String, String)>);

    fn parse_bibtex(text: &str) -> Vec<Entry> {
        let mut entries = Vec::new();
        let mut rest = text.trim_start();
        while let Some(after_at) = rest.strip_prefix('@') {
            let open = after_at.find('{').unwrap();
            let kind = after_at[..open].to_owned();
            assert!(kind.chars().all(|c| c.is_ascii_alphabetic()));
            let body = &after_at[open + 1..];
            let comma = body.find(',').unwrap();
            let key = body[..comma].to_owned();
            assert!(
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c))
            );
            let mut fields = Vec::new();
            let mut s = body[comma + 1..].trim_start();
            loop {
                if let Some(after) = s.strip_prefix('}') {
                    rest = after.trim_start();
                    break;
                }
                let eq = s.find('=').unwrap();
                let name = s[..eq].trim().to_owned();
                assert!(name.chars().all(|c| c.is_ascii_lowercase()), "{name}");
                s = s[eq + 1..].trim_start();
                let value;
                if let Some(inner) = s.strip_prefix('{') {
                    // Balanced braces, `\{` and `\}` being escaped characters.
                    let (mut depth, mut end, mut escaped) = (1, None, false);
                    for (i, c) in inner.char_indices() {
                        match c {
                            _ if escaped => escaped = false,
                            '\\' => escaped = true,
                            '{' => depth += 1,
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    end = Some(i);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let end = end.expect("unbalanced braces");
                    value = inner[..end].to_owned();
                    s = &inner[end + 1..];
                } else {
                    let end = s.find(',').unwrap();
                    value = s[..end].trim().to_owned();
                    assert!(BIBTEX_MONTHS.contains(&value.as_str()));
                    s = &s[end..];
                }
                fields.push((name, value));
                s = s.trim_start().strip_prefix(',').unwrap_or(s).trim_start();
            }
            entries.push((kind, key, fields));
        }
        assert!(rest.is_empty(), "trailing text {rest:?}");
        entries
    }

    #[test]
    fn bibtex_entries_parse_back_with_special_characters_escaped() {
        let entries = parse_bibtex(&bibtex(&sample()));
        assert_eq!(entries.len(), 3);
        let field =
            |e: &Entry, name: &str| e.2.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(entries[0].0, "article");
        assert_eq!(entries[0].1, "2020-04-12-zoom-oracle");
        assert_eq!(
            field(&entries[0], "title").unwrap(),
            "Zoom, Oracle \\& the \"cloud\": 100\\% \\{sure\\}? \\#1\\_a \\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
        assert_eq!(
            field(&entries[0], "author").unwrap(),
            "Claire Martin and Paul Durand"
        );
        assert_eq!(field(&entries[0], "month").unwrap(), "apr");
        assert_eq!(field(&entries[0], "year").unwrap(), "2020");
        assert_eq!(entries[1].0, "misc");
        assert_eq!(field(&entries[1], "month"), None);
        assert_eq!(field(&entries[2], "year"), None);
    }

    /// Reads RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => {
                    assert!(field.is_empty(), "quote inside an unquoted field");
                    quoted = true;
                }
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, '\n') => panic!("bare LF ends a line"),
                (false, c) => field.push(c),
            }
        }
        assert!(
            !quoted && field.is_empty() && row.is_empty(),
            "last line not ended"
        );
        rows
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says_and_defuses_formulas() {
        let rows = parse_csv(&csv(&sample()));
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| r.len() == CSV_HEADER.len()));
        assert_eq!(rows[0], CSV_HEADER);
        assert_eq!(rows[1][1], sample()[0].title);
        assert_eq!(rows[1][4], "La Lettre, du Cloud");
        assert_eq!(
            rows[1][6], "cloud; =HYPERLINK(\"x\")",
            "not first in the cell: kept"
        );
        assert_eq!(
            rows[2][1], "Bilan\nde l'année [2018]",
            "a line break survives quoted"
        );
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn markdown_links_keep_titles_and_urls_whole() {
        let text = markdown(&sample());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "- [Bilan de l'année \\[2018\\]](file:///home/ana/revue%20de%20presse.html#/article/2018-bilan) — 2018"
        );
        assert!(
            lines[0].ends_with(") — La Lettre, du Cloud, 2020-04-12"),
            "{}",
            lines[0]
        );
        assert!(lines[2].ends_with("(https://example.org/#/article/undated)"));
    }

    #[test]
    fn citations_read_as_each_language_writes_them() {
        let r = &sample()[0];
        let mut simple = r.clone();
        simple.title = "Zoom choisit Oracle".into();
        assert_eq!(
            citation(&simple, Locale::Fr),
            "Claire Martin et Paul Durand, « Zoom choisit Oracle », La Lettre, du Cloud, 12 avril 2020. Disponible sur https://example.org/revue/#/article/2020-04-12-zoom-oracle"
        );
        assert_eq!(
            citation(&simple, Locale::En),
            "Claire Martin and Paul Durand, “Zoom choisit Oracle”, La Lettre, du Cloud, 12 April 2020. Available at https://example.org/revue/#/article/2020-04-12-zoom-oracle"
        );
        assert!(citation(&sample()[2], Locale::En).starts_with("Ana, “Sans date”. "));
    }
}
