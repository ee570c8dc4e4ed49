//! The query grammar: words are ANDed, `"exact phrase"`, `-word` and `-"phrase"` exclude,
//! `a OR b`, and `title:`, `author:`, `tag:`, `source:` fields. The last word is a prefix while the
//! reader is still typing it. Malformed input never fails: it degrades to the words it contains.

use std::ops::Range;

use crate::analysis;
use crate::locale::Locale;

/// Where a word or phrase must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title or body.
    Text,
    /// The title only.
    Title,
    /// An author's name.
    Author,
    /// A tag.
    Tag,
    /// The source publication.
    Source,
}

/// A searchable unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// One word, folded; `prefix` when it is the word being typed.
    Word {
        /// Where it must occur.
        scope: Scope,
        /// The word as typed.
        text: String,
        /// Whether longer words starting with it match too.
        prefix: bool,
    },
    /// Words that must follow each other.
    Phrase {
        /// Where it must occur.
        scope: Scope,
        /// The words as typed.
        words: Vec<String>,
    },
}

/// A parsed query: every clause must match, no excluded atom may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Clauses ANDed together; each is a list of alternatives ORed together.
    pub clauses: Vec<Vec<Atom>>,
    /// Atoms whose documents are removed.
    pub excluded: Vec<Atom>,
}

/// One term of what the reader typed, the unit a reader drops in one go: a word, a `"phrase"`,
/// an `-exclusion` or a `field:value`, with where it was typed. `OR` is not a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Its bytes in the typed text, from the `-` or the field name to the end of the word or the
    /// closing quote (an unclosed quote runs to the end of the text).
    pub span: Range<usize>,
    /// Whether it excludes (`-word`).
    pub negated: bool,
    /// Where it must occur.
    pub scope: Scope,
    /// Whether it was typed in quotes.
    pub quoted: bool,
}

impl Term {
    /// The term as typed (`-"mot de passe"`, `auteur:Dupont`).
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.span.clone()]
    }
}

/// The [`Term`]s of what the reader typed, in order: the words, phrases, exclusions and fields
/// [`Query::parse`] reads, with their byte ranges. Input with no letters or digits (a lone `-`,
/// `""`, `:::`) gives no term.
pub fn terms(input: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for lexeme in lex(input) {
        if let Lexeme::Item {
            negated,
            scope,
            quoted,
            span,
            ..
        } = lexeme
        {
            // An unclosed quote's words are one term: they share its span.
            if terms.last().is_some_and(|t| t.span == span) {
                continue;
            }
            terms.push(Term {
                span,
                negated,
                scope,
                quoted,
            });
        }
    }
    terms
}

/// What the reader typed without its term number `drop` (in [`terms`] order) and without an `OR`
/// that joined it: `zoom OR teams cloud` without `zoom` is `teams cloud`, without `teams` it is
/// `zoom cloud`. The rest is kept as typed. Unless nothing is left, the text ends with a space:
/// the remaining words are complete, none is a prefix still being typed. An index past the last
/// term drops nothing.
pub fn without_term(input: &str, drop: usize) -> String {
    let Some(span) = terms(input).get(drop).map(|t| t.span.clone()) else {
        return input.to_owned();
    };
    let lexemes = lex(input);
    // The lexemes of the term (several for an unclosed quote, all with its span).
    let of_term = |l: &Lexeme| matches!(l, Lexeme::Item { span: s, .. } if *s == span);
    let first = lexemes.iter().position(of_term).unwrap_or(0);
    let last = lexemes.iter().rposition(of_term).unwrap_or(first);
    let or_span = |i: usize| match lexemes.get(i) {
        Some(Lexeme::Or { span }) => Some(span.clone()),
        _ => None,
    };
    // An `OR` before the term goes with it (`a OR b c` → `a c`); failing that, one after it
    // (`a OR b` → `b`).
    let cut = match first.checked_sub(1).and_then(or_span) {
        Some(or) => or.start..span.end,
        None => match or_span(last + 1) {
            Some(or) => span.start..or.end,
            None => span,
        },
    };
    let mut text = String::with_capacity(input.len() + 1);
    for part in [input[..cut.start].trim(), input[cut.end..].trim()] {
        if !part.is_empty() {
            text.push_str(part);
            text.push(' ');
        }
    }
    text
}

#[derive(Debug, PartialEq)]
enum Lexeme {
    Or {
        span: Range<usize>,
    },
    Item {
        negated: bool,
        scope: Scope,
        body: Body,
        quoted: bool,
        span: Range<usize>,
    },
}

#[derive(Debug, PartialEq)]
enum Body {
    Word(String),
    Phrase(Vec<String>),
}

impl Query {
    /// Parses what the reader typed. The last word is a prefix unless the input ends with a space
    /// or a closing quote.
    pub fn parse(input: &str) -> Query {
        let lexemes = lex(input);
        let typing = !input.ends_with(char::is_whitespace);
        let mut query = Query::default();
        let mut pending_or = false;
        for lexeme in lexemes {
            let (negated, scope, body) = match lexeme {
                Lexeme::Or { .. } => {
                    // `OR` only joins two atoms; a leading, trailing or doubled one is ignored.
                    pending_or = !query.clauses.is_empty();
                    continue;
                }
                Lexeme::Item {
                    negated,
                    scope,
                    body,
                    ..
                } => (negated, scope, body),
            };
            let atom = match body {
                Body::Word(text) => Atom::Word {
                    scope,
                    text,
                    prefix: false,
                },
                Body::Phrase(words) if words.len() == 1 => Atom::Word {
                    scope,
                    text: words.into_iter().next().unwrap_or_default(),
                    prefix: false,
                },
                Body::Phrase(words) => Atom::Phrase { scope, words },
            };
            if negated {
                query.excluded.push(atom);
                pending_or = false;
            } else if pending_or {
                query
                    .clauses
                    .last_mut()
                    .expect("pending_or implies a clause")
                    .push(atom);
                pending_or = false;
            } else {
                query.clauses.push(vec![atom]);
            }
        }
        if typing {
            // The word under the cursor: the last positive bare word, if the input ends with it.
            if let Some(Atom::Word { text, prefix, .. }) =
                query.clauses.last_mut().and_then(|c| c.last_mut())
            {
                let ends_with_it = input
                    .trim_end()
                    .to_lowercase()
                    .ends_with(&text.to_lowercase());
                if ends_with_it && !input.trim_end().ends_with('"') {
                    *prefix = true;
                }
            }
        }
        query
    }

    /// Whether the query asks for nothing (every document matches).
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.excluded.is_empty()
    }

    /// The query as Kiosque understood it, in the reader's language:
    /// `"zoom" and ("teams" or "meet…"), without "oracle"`.
    pub fn describe(&self, locale: Locale) -> String {
        let (and, or, without) = match locale {
            Locale::Fr => (" et ", " ou ", "sans"),
            Locale::En => (" and ", " or ", "without"),
        };
        let clauses: Vec<String> = self
            .clauses
            .iter()
            .map(|alternatives| {
                let parts: Vec<String> = alternatives
                    .iter()
                    .map(|a| describe_atom(a, locale))
                    .collect();
                if parts.len() > 1 {
                    format!("({})", parts.join(or))
                } else {
                    parts.join(or)
                }
            })
            .collect();
        let mut text = clauses.join(and);
        if !self.excluded.is_empty() {
            let excluded: Vec<String> = self
                .excluded
                .iter()
                .map(|a| describe_atom(a, locale))
                .collect();
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&format!("{without} {}", excluded.join(or)));
        }
        text
    }
}

fn describe_atom(atom: &Atom, locale: Locale) -> String {
    let (open, close) = match locale {
        Locale::Fr => ("« ", " »"),
        Locale::En => ("\"", "\""),
    };
    let (scope, quoted) = match atom {
        Atom::Word {
            scope,
            text,
            prefix,
        } => (
            *scope,
            format!("{open}{text}{}{close}", if *prefix { "…" } else { "" }),
        ),
        Atom::Phrase { scope, words } => (*scope, format!("{open}{}{close}", words.join(" "))),
    };
    let label = match (scope, locale) {
        (Scope::Text, _) => return quoted,
        (Scope::Title, Locale::Fr) => "titre",
        (Scope::Title, Locale::En) => "title",
        (Scope::Author, Locale::Fr) => "auteur",
        (Scope::Author, Locale::En) => "author",
        (Scope::Tag, Locale::Fr) => "mot-clé",
        (Scope::Tag, Locale::En) => "tag",
        (Scope::Source, _) => "source",
    };
    format!("{label}: {quoted}")
}

fn scope_named(name: &str) -> Option<Scope> {
    match analysis::fold(name).as_ref() {
        "title" | "titre" => Some(Scope::Title),
        "author" | "auteur" | "by" | "par" => Some(Scope::Author),
        "tag" | "tags" | "mot-cle" | "motcle" => Some(Scope::Tag),
        "source" | "publication" => Some(Scope::Source),
        _ => None,
    }
}

/// Splits the input into `OR`s, words and phrases, each maybe negated or scoped, with the bytes
/// each was typed in.
fn lex(input: &str) -> Vec<Lexeme> {
    let mut lexemes = Vec::new();
    let mut rest = input.trim_start();
    // Where `rest` starts in `input`.
    let at = |rest: &str| input.len() - rest.len();
    while !rest.is_empty() {
        let start = at(rest);
        let mut negated = false;
        if let Some(after) = rest.strip_prefix('-') {
            negated = true;
            rest = after;
        }
        let mut scope = Scope::Text;
        if let Some(colon) = rest.find(':') {
            let name = &rest[..colon];
            if !name.contains(char::is_whitespace) && !name.contains('"') {
                if let Some(s) = scope_named(name) {
                    scope = s;
                    rest = &rest[colon + 1..];
                }
            }
        }
        let quoted = rest.starts_with('"');
        let body = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(end) => {
                    rest = &after[end + 1..];
                    Body::Phrase(words_of(&after[..end]))
                }
                None => {
                    // An unclosed quote: its words count as plain words, the last one being typed.
                    let words = words_of(after);
                    let span = start..input.trim_end().len();
                    rest = "";
                    for word in words {
                        lexemes.push(Lexeme::Item {
                            negated,
                            scope,
                            body: Body::Word(word),
                            quoted,
                            span: span.clone(),
                        });
                    }
                    continue;
                }
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let raw = &rest[..end];
            rest = &rest[end..];
            if raw == "OR" && !negated && scope == Scope::Text {
                lexemes.push(Lexeme::Or {
                    span: start..at(rest),
                });
                rest = rest.trim_start();
                continue;
            }
            // A word may hold punctuation (`l'application`, `5.0`, `e-mail`): it is a phrase of
            // its analysed words, or a single word.
            let words = words_of(raw);
            match words.len() {
                0 => {
                    rest = rest.trim_start();
                    continue;
                }
                1 => Body::Word(words.into_iter().next().unwrap_or_default()),
                _ => Body::Phrase(words),
            }
        };
        let empty = matches!(&body, Body::Phrase(w) if w.is_empty());
        if !empty {
            lexemes.push(Lexeme::Item {
                negated,
                scope,
                body,
                quoted,
                span: start..at(rest),
            });
        }
        rest = rest.trim_start();
    }
    lexemes
}

/// The words of a piece of query, as written (elisions removed), in order.
fn words_of(text: &str) -> Vec<String> {
    analysis::tokens(text)
        .map(|t| t.original.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Atom {
        Atom::Word {
            scope: Scope::Text,
            text: text.into(),
            prefix: false,
        }
    }

    #[test]
    fn words_are_anded_and_the_last_is_a_prefix() {
        let q = Query::parse("zoom orac");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(
            q.clauses[1][0],
            Atom::Word {
                scope: Scope::Text,
                text: "orac".into(),
                prefix: true
            }
        );
        let q = Query::parse("zoom oracle ");
        assert_eq!(q.clauses[1][0], word("oracle"));
    }

    #[test]
    fn phrases_exclusions_or_and_fields() {
        let q = Query::parse(
            "\"fournisseur de services\" -oracle zoom OR teams title:cloud -\"mot de passe\" ",
        );
        assert_eq!(
            q.clauses[0][0],
            Atom::Phrase {
                scope: Scope::Text,
                words: vec!["fournisseur".into(), "de".into(), "services".into()]
            }
        );
        assert_eq!(q.clauses[1], vec![word("zoom"), word("teams")]);
        assert_eq!(
            q.clauses[2][0],
            Atom::Word {
                scope: Scope::Title,
                text: "cloud".into(),
                prefix: false
            }
        );
        assert_eq!(q.excluded.len(), 2);
        assert_eq!(
            q.describe(Locale::En),
            "\"fournisseur de services\" and (\"zoom\" or \"teams\") and title: \"cloud\", without \"oracle\" or \"mot de passe\""
        );
    }

    #[test]
    fn malformed_input_degrades_to_words() {
        let q = Query::parse("\"unclosed phrase");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(Query::parse(" - ").clauses.len(), 0);
        assert_eq!(Query::parse("OR OR").clauses.len(), 0);
        let q = Query::parse("a OR OR b OR");
        assert_eq!(q.clauses, vec![vec![word("a"), word("b")]]);
        assert!(Query::parse("\"\" ::: -").is_empty());
        // An unknown field name is not a field: the text is searched as written, the way the
        // index segments it (Unicode keeps `a:b` as one word).
        assert_eq!(
            Query::parse("unknown:word ").clauses,
            vec![vec![word("unknown:word")]]
        );
    }

    #[test]
    fn elisions_and_punctuation_inside_words() {
        assert_eq!(
            Query::parse("l'application ").clauses[0][0],
            word("application")
        );
        assert_eq!(Query::parse("5.0 ").clauses[0][0], word("5.0"));
        assert!(matches!(
            Query::parse("e-mail ").clauses[0][0],
            Atom::Phrase { .. }
        ));
    }

    /// Each term of `input` as typed.
    fn typed(input: &str) -> Vec<&str> {
        terms(input).iter().map(|t| t.text(input)).collect()
    }

    #[test]
    fn terms_carry_their_spans() {
        let input = "zoom OR teams  \"mise à jour\" -oracle title:cloud -\"mot de passe\" chif";
        assert_eq!(
            typed(input),
            [
                "zoom",
                "teams",
                "\"mise à jour\"",
                "-oracle",
                "title:cloud",
                "-\"mot de passe\"",
                "chif"
            ]
        );
        let all = terms(input);
        assert_eq!(all[0].span, 0..4);
        assert_eq!(all[1].span, 8..13);
        assert!(all[2].quoted && !all[2].negated && all[2].scope == Scope::Text);
        assert!(all[3].negated && !all[3].quoted);
        assert_eq!(all[4].scope, Scope::Title);
        assert!(all[5].negated && all[5].quoted);
        // The byte range of the prefix being typed, after multibyte text.
        assert_eq!(all[6].span, input.len() - 4..input.len());
        assert_eq!(
            typed("auteur:Dupont -tag:\"logiciel libre\" l'été"),
            ["auteur:Dupont", "-tag:\"logiciel libre\"", "l'été"]
        );
    }

    #[test]
    fn terms_of_accents_multibyte_and_odd_input() {
        let input = "  Sécurité  «réseau» 東京 -café ";
        assert_eq!(typed(input), ["Sécurité", "«réseau»", "東京", "-café"]);
        for term in terms(input) {
            assert!(
                input.is_char_boundary(term.span.start) && input.is_char_boundary(term.span.end)
            );
        }
        // An unclosed quote is one term up to the end; OR, lone dashes and empty quotes are none.
        assert_eq!(typed("zoom \"mise à jour  "), ["zoom", "\"mise à jour"]);
        assert!(typed("OR - \"\" ::: ").is_empty());
        assert_eq!(typed("-OR title:OR"), ["-OR", "title:OR"]);
    }

    #[test]
    fn each_kind_of_term_can_be_dropped() {
        let input = "zoom OR teams \"mise à jour\" -oracle auteur:Dupont -\"mot de passe\"";
        let expected = [
            "teams \"mise à jour\" -oracle auteur:Dupont -\"mot de passe\" ",
            "zoom \"mise à jour\" -oracle auteur:Dupont -\"mot de passe\" ",
            "zoom OR teams -oracle auteur:Dupont -\"mot de passe\" ",
            "zoom OR teams \"mise à jour\" auteur:Dupont -\"mot de passe\" ",
            "zoom OR teams \"mise à jour\" -oracle -\"mot de passe\" ",
            "zoom OR teams \"mise à jour\" -oracle auteur:Dupont ",
        ];
        for (i, want) in expected.iter().enumerate() {
            assert_eq!(without_term(input, i), *want, "dropping term {i}");
        }
        assert_eq!(without_term(input, 6), input, "no such term");
        // An OR between two remaining terms stays; one left dangling goes.
        assert_eq!(without_term("a OR b OR c", 1), "a OR c ");
        assert_eq!(without_term("a OR b", 1), "a ");
        assert_eq!(without_term("a OR b c", 1), "a c ");
        assert_eq!(without_term("zoom", 0), "");
        assert_eq!(without_term("été \"café crème", 1), "été ");
        assert_eq!(without_term("  naïve  東京 Ünïcode ", 1), "naïve Ünïcode ");
        // What is left parses as the same query minus the dropped atom.
        assert_eq!(
            Query::parse(&without_term("zoom OR teams -oracle", 2)),
            Query::parse("zoom OR teams ")
        );
    }

    #[test]
    fn describes_in_french() {
        let q = Query::parse("zoom -oracle auteur:dupont chiffr");
        assert_eq!(
            q.describe(Locale::Fr),
            "« zoom » et auteur: « dupont » et « chiffr… », sans « oracle »"
        );
    }
}
