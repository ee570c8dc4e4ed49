//! YAML (`---`) and TOML (`+++`) front matter, read with the field names Jekyll, Hugo, Eleventy
//! and Zola use.

use serde_json::{Map, Value};

/// Which front matter a Markdown file opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Yaml,
    Toml,
}

/// A Markdown file cut into its front matter and its body.
pub(crate) struct Split<'a> {
    pub kind: Option<Kind>,
    /// The front matter text, without its fences.
    pub front: &'a str,
    /// 1-based line of the first front-matter line in the file.
    pub front_line: usize,
    pub body: &'a str,
}

/// A front matter problem at a 1-based line and column of the file.
#[derive(Debug)]
pub(crate) struct FrontError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Finds the front matter fences. A file opening a fence that never closes is an error: reading it
/// as body would publish the metadata as text. Blank lines before the opening fence are skipped,
/// as Zola and Hugo do.
pub(crate) fn split(text: &str) -> Result<Split<'_>, FrontError> {
    let (blank_lines, skipped) = leading_blank_lines(text);
    let (kind, fence) = match text[skipped..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
    {
        "---" => (Kind::Yaml, "---"),
        "+++" => (Kind::Toml, "+++"),
        _ => {
            return Ok(Split {
                kind: None,
                front: "",
                front_line: 1,
                body: text,
            })
        }
    };
    let start = text[skipped..]
        .find('\n')
        .map_or(text.len(), |i| skipped + i + 1);
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (kind == Kind::Yaml && bare == "...") {
            return Ok(Split {
                kind: Some(kind),
                front: &text[start..offset],
                front_line: blank_lines + 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(FrontError {
        line: blank_lines + 1,
        column: 1,
        message: format!(
            "the front matter opened by `{fence}` on line {} is never closed",
            blank_lines + 1
        ),
    })
}

/// How many whitespace-only lines open `text`, and their length in bytes.
fn leading_blank_lines(text: &str) -> (usize, usize) {
    let mut lines = 0;
    let mut bytes = 0;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') || !line.trim().is_empty() {
            break;
        }
        lines += 1;
        bytes += line.len();
    }
    (lines, bytes)
}

/// The fields Kiosque reads from front matter, whatever the generator's spelling.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub title: Option<String>,
    /// The date as written, with the 1-based file line and column of its value.
    pub date: Option<(String, usize, usize)>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    /// The language as written, with the 1-based file line and column of its value.
    pub lang: Option<(String, usize, usize)>,
    pub slug: Option<String>,
    /// 1-based file line and column of the `slug` (or `path`) value, where an id collision points.
    pub slug_at: Option<(usize, usize)>,
    pub summary: Option<String>,
    pub source: Option<String>,
    /// Zola's `path = "2021/03/10/slug"`.
    pub path: Option<String>,
    /// The 1-based file line of Hugo's and Jekyll's `draft: true`, or of Jekyll's
    /// `published: false`, when set.
    pub draft: Option<usize>,
}

/// Date values Eleventy accepts that are instructions, not dates: the date then comes from the
/// file name or folder like any missing date.
const ELEVENTY_DATE_WORDS: &[&str] = &[
    "created",
    "last modified",
    "git created",
    "git last modified",
];

/// Parses front matter into [`Fields`]. Syntax errors carry the file position.
pub(crate) fn parse(split: &Split<'_>) -> Result<Fields, FrontError> {
    super::nesting::check(split)?;
    let table = match split.kind {
        None => return Ok(Fields::default()),
        Some(Kind::Yaml) => parse_yaml(split)?,
        Some(Kind::Toml) => parse_toml(split)?,
    };
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| table.get(*k).filter(|v| !v.is_null()))
    };
    let nested = |table_key: &str, keys: &[&str]| {
        table
            .get(table_key)
            .and_then(Value::as_object)
            .and_then(|t| keys.iter().find_map(|k| t.get(*k).filter(|v| !v.is_null())))
    };
    // The position of a top-level field's value, in file coordinates.
    let at = |key: &str| {
        let (line, column) = value_position(split.front, key).unwrap_or((0, 1));
        (split.front_line + line, column)
    };
    let date = ["date", "publishDate", "pubDate", "published", "created"]
        .iter()
        .find_map(|k| Some((*k, scalar(table.get(*k)?)?)))
        .filter(|(_, value)| !ELEVENTY_DATE_WORDS.contains(&value.to_lowercase().as_str()))
        .map(|(key, value)| {
            let (line, column) = at(key);
            (value, line, column)
        });
    let lang = ["lang", "language", "locale"]
        .iter()
        .find_map(|k| Some((*k, scalar(table.get(*k)?)?)))
        .map(|(key, value)| {
            let (line, column) = at(key);
            (value, line, column)
        })
        .or_else(|| {
            nested("extra", &["lang", "language"])
                .and_then(scalar)
                .map(|value| (value, split.front_line, 1))
        });
    let mut authors = list(get(&["authors", "author"]), false);
    authors.extend(list(nested("taxonomies", &["authors", "author"]), false));
    authors.extend(list(nested("extra", &["authors", "author"]), false));
    let mut tags = list(get(&["tags", "tag"]), true);
    tags.extend(list(get(&["categories", "category"]), true));
    tags.extend(list(nested("taxonomies", &["tags"]), true));
    tags.extend(list(nested("taxonomies", &["categories"]), true));
    dedup(&mut authors);
    dedup(&mut tags);
    let slug = get(&["slug"]).and_then(scalar);
    let path = get(&["path"]).and_then(scalar);
    let slug_at = if slug.is_some() {
        Some(at("slug"))
    } else {
        path.as_ref().map(|_| at("path"))
    };
    Ok(Fields {
        title: get(&["title"]).and_then(scalar),
        date,
        authors,
        tags,
        lang,
        slug,
        slug_at,
        summary: get(&["summary", "description", "excerpt"])
            .or_else(|| nested("extra", &["summary", "description"]))
            .and_then(scalar),
        source: get(&["source", "publication", "publisher"])
            .or_else(|| nested("extra", &["source", "publication"]))
            .and_then(scalar),
        path,
        draft: is_flag(get(&["draft"]), true)
            .then(|| at("draft").0)
            .or_else(|| is_flag(get(&["published"]), false).then(|| at("published").0)),
    })
}

fn parse_yaml(split: &Split<'_>) -> Result<Map<String, Value>, FrontError> {
    if split.front.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(split.front).map_err(|e| yaml_error(split, &e))?;
    match yaml_to_json(value) {
        Value::Object(map) => Ok(map),
        _ => Err(FrontError {
            line: split.front_line,
            column: 1,
            message: "the YAML front matter is not a list of `key: value` fields".into(),
        }),
    }
}

/// Places a YAML error on the file line that holds the mistake. The parser reports where it gave
/// up, which for an unclosed bracket or quote is a later line or past the end of the front matter;
/// where the unclosed construct opened (`while parsing … at line L column C`) is the useful place.
fn yaml_error(split: &Split<'_>, e: &serde_yaml_ng::Error) -> FrontError {
    let text = e.to_string();
    let lines = split.front.lines().count().max(1);
    let (mut line, mut column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let context = text.split_once(", while ").map(|(_, context)| context);
    // A bracket or quote that is never closed is best shown where it opens.
    let unclosed = context
        .filter(|c| c.contains("flow") || c.contains("quoted"))
        .and_then(position_in);
    if let Some(opened) = unclosed {
        (line, column) = opened;
    } else if line > lines {
        (line, column) = context.and_then(position_in).unwrap_or((lines, 1));
    }
    if let Some(key) = text
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.split('"').next())
    {
        // The parser points at the start of the mapping; the second occurrence is the mistake.
        if let Some((at, col)) = value_positions(split.front, key).nth(1) {
            (line, column) = (at + 1, col);
        }
    }
    let problem = text.split(" at line ").next().unwrap_or(&text);
    let message = match context {
        Some(context) => format!(
            "{problem}, while {}",
            context.split(" at line ").next().unwrap_or(context)
        ),
        None => problem.trim_end_matches(',').to_owned(),
    };
    FrontError {
        line: split.front_line + line.clamp(1, lines) - 1,
        column,
        message: format!("the YAML front matter is malformed: {message}"),
    }
}

/// Reads `… at line L column C` in a parser message.
fn position_in(text: &str) -> Option<(usize, usize)> {
    let (_, rest) = text.split_once(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

fn parse_toml(split: &Split<'_>) -> Result<Map<String, Value>, FrontError> {
    let table: toml::Table = split.front.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map_or(0, |s| s.start).min(split.front.len());
        // A span may start inside a multi-byte character: back up to its first byte.
        let at = (0..=at)
            .rev()
            .find(|&i| split.front.is_char_boundary(i))
            .unwrap_or(0);
        let before = &split.front[..at];
        let line = before.matches('\n').count();
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        let message = e
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        FrontError {
            line: split.front_line + line,
            column,
            message: format!("the TOML front matter is malformed: {message}"),
        }
    })?;
    match toml_to_json(toml::Value::Table(table)) {
        Value::Object(map) => Ok(map),
        _ => unreachable!("a TOML table converts to an object"),
    }
}

pub(crate) fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_f64().map(Value::from))
            .unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| Some((scalar(&yaml_to_json(k))?, yaml_to_json(v))))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates keep their written form; the date parser reads them like any other.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Whether a field is the boolean `wanted`, written as a boolean or as a string.
fn is_flag(value: Option<&Value>, wanted: bool) -> bool {
    value.is_some_and(|v| {
        v == &Value::Bool(wanted) || v.as_str().map(str::trim) == Some(&wanted.to_string())
    })
}

/// A scalar as text: strings trimmed, numbers written out, empty strings as nothing.
fn scalar(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A list field: an array of scalars or of `{name: …}` maps, or one string. A string of tags or
/// categories is split at commas, or else at spaces as Jekyll does (`categories: web css`); a
/// string of authors only at commas, since names hold spaces.
fn list(value: Option<&Value>, split_spaces: bool) -> Vec<String> {
    let named = |item: &Value| match item {
        // Hugo themes write `authors: [{name: …}]`, some `[{author: …}]`.
        Value::Object(map) => ["name", "author", "display_name"]
            .iter()
            .find_map(|k| map.get(*k).and_then(scalar)),
        other => scalar(other),
    };
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(named).collect(),
        Some(Value::String(s)) if split_spaces && !s.contains(',') => {
            s.split_whitespace().map(str::to_owned).collect()
        }
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(other) => named(other).into_iter().collect(),
        None => Vec::new(),
    }
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.to_lowercase()));
}

/// 0-based line and 1-based column of the value of the first top-level `key` in the front
/// matter, for pointing at a bad value.
fn value_position(front: &str, key: &str) -> Option<(usize, usize)> {
    value_positions(front, key).next()
}

/// Every line that starts with `key:` or `key =` (quotes allowed around the key), as its 0-based
/// line and the 1-based column of the value.
fn value_positions<'a>(front: &'a str, key: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    front.lines().enumerate().filter_map(move |(n, line)| {
        let rest = ["", "\"", "'"].iter().find_map(|quote| {
            line.strip_prefix(quote)?
                .strip_prefix(key)?
                .strip_prefix(quote)
        })?;
        let rest = rest.trim_start();
        let value = rest.strip_prefix([':', '='])?.trim_start();
        let value_at = line.len() - value.len();
        Some((n, line[..value_at].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Fields {
        let split = split(text).expect("fences");
        parse(&split).expect("valid front matter")
    }

    #[test]
    fn reads_yaml_fields() {
        let f = fields("---\ntitle: \"Un titre\"\ndate: 2019-06-12\nauthor: A. Auteur\ntags: [cloud, sécurité]\ncategories: cloud\nlang: fr\ndescription: Court.\n---\nBody");
        assert_eq!(f.title.as_deref(), Some("Un titre"));
        assert_eq!(f.date, Some(("2019-06-12".into(), 3, 7)));
        assert_eq!(f.authors, ["A. Auteur"]);
        assert_eq!(f.tags, ["cloud", "sécurité"]);
        assert_eq!(f.summary.as_deref(), Some("Court."));
    }

    #[test]
    fn reads_toml_fields_and_taxonomies() {
        let f = fields("+++\ntitle = \"T\"\ndate = 2021-03-10T08:00:00Z\npath = \"2021/03/10/t\"\n[taxonomies]\ntags = [\"datacenter\"]\nauthors = [\"B\"]\n[extra]\nsource = \"La Lettre\"\n+++\nBody");
        assert_eq!(f.date.unwrap().0, "2021-03-10T08:00:00Z");
        assert_eq!(f.tags, ["datacenter"]);
        assert_eq!(f.authors, ["B"]);
        assert_eq!(f.source.as_deref(), Some("La Lettre"));
        assert_eq!(f.path.as_deref(), Some("2021/03/10/t"));
    }

    #[test]
    fn reads_lists_as_generators_write_them() {
        let f = fields("---\nauthor:\n  name: Ada Dupont\n  email: ada@example.org\ncategories: web css\ntags: \"a b, c\"\ndate: git Last Modified\n---\n");
        assert_eq!(f.authors, ["Ada Dupont"]);
        assert_eq!(f.tags, ["a b", "c", "web", "css"]);
        assert_eq!(f.date, None, "Eleventy's date keywords are not dates");
        let f = fields("---\nauthors: [{name: A}, B]\nauthor: Jean Dupont, Marie Curie\n---\n");
        assert_eq!(f.authors, ["A", "B"]);
        let f = fields("---\nauthor: Jean Dupont, Marie Curie\n\"slug\": x\n---\n");
        assert_eq!(f.authors, ["Jean Dupont", "Marie Curie"]);
        assert_eq!(f.slug_at, Some((3, 9)));
    }

    #[test]
    fn reports_the_file_line_of_a_yaml_error() {
        let text = "---\ntitle: ok\ntags: [a, b\ndate: 2020\n---\n";
        let split = split(text).ok().unwrap();
        let err = parse(&split).err().unwrap();
        assert!(err.line >= 3, "line {}", err.line);
        assert!(err.message.contains("YAML"));
    }

    #[test]
    fn blank_lines_may_open_the_file() {
        let text = "\n  \n+++\ntitle = \"Thème\"\ndate = 2021-02-03\n+++\nBody";
        let f = fields(text);
        assert_eq!(f.title.as_deref(), Some("Thème"));
        assert_eq!(f.date, Some(("2021-02-03".into(), 5, 8)));
        assert_eq!(split(text).ok().unwrap().body, "Body");
        assert_eq!(split("\n---\ntitle: x\n").err().unwrap().line, 2);
    }

    #[test]
    fn drafts_and_unpublished_posts_are_marked() {
        assert_eq!(fields("---\ntitle: x\ndraft: true\n---\n").draft, Some(3));
        assert_eq!(fields("---\npublished: false\n---\n").draft, Some(2));
        assert_eq!(
            fields("---\npublished: true\ndraft: false\n---\n").draft,
            None
        );
        assert_eq!(fields("+++\ndraft = true\n+++\n").draft, Some(2));
    }

    #[test]
    fn authors_as_maps_read_their_names() {
        let f = fields(
            "---\nauthors:\n  - name: Ada Dupont\n    link: x\n  - author: Léa Martin\n---\n",
        );
        assert_eq!(f.authors, ["Ada Dupont", "Léa Martin"]);
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert!(split("---\ntitle: x\n\nBody").is_err());
        assert!(split("No front matter\n---\n").unwrap().kind.is_none());
    }
}
