//! The reader's own data for one archive: collections of saved articles, what they have read and
//! the settings of both, as one versioned value kept on their device (see `storage`) and moved
//! between devices as a JSON file (see [`ExportFile`]).
//!
//! Pure Rust, tested natively. Articles are named by their stable id (`2020-04-zoom-…`), which a
//! new bundle of the same site keeps, and each one saved or read is remembered with its title and
//! date, so that an article a later bundle drops is still named ("no longer in this archive").

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::anchor::TextQuote;

/// The version of [`ReaderData`] this app writes; data written by a newer app is left untouched.
/// Version 2 added highlighted passages ([`ReaderData::notes`]); version 1 data reads as it is,
/// and an app that knows only version 1 leaves version 2 data alone rather than drop the notes.
pub const DATA_VERSION: u32 = 2;

/// The `format` field of an exported file, so an import can tell it from any other JSON.
pub const EXPORT_FORMAT: &str = "kiosque-reader-data";

/// The id of the collection every "Save" goes to unless the reader picks another.
pub const READING_LIST: &str = "reading-list";

/// What is remembered of an article the reader saved or read: enough to name it once it is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// Its title when it was saved.
    pub title: String,
    /// Its date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// An article as the interface hands it to the store: its id with what to remember of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The stable id.
    pub id: String,
    /// Title and date.
    pub remembered: Remembered,
}

/// A named list of saved articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    /// Its id in URLs (`#/?in=<id>`): [`READING_LIST`] or a slug of its first name.
    pub id: String,
    /// The name the reader gave; empty for the reading list, whose name is the interface's.
    #[serde(default)]
    pub name: String,
    /// Article ids, in the order they were saved.
    #[serde(default)]
    pub items: Vec<String>,
}

/// A search the reader named: the list's URL parameters, and the articles it matched when they
/// last opened it (so that, after a bundle update, the new ones can be counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// Its id, unique among the reader's searches.
    pub id: String,
    /// The name the reader gave.
    pub name: String,
    /// The list's query string (`q=…&from=…`), as `ListQuery` writes it.
    pub query: String,
    /// Ids of the articles it matched when last opened, sorted. One id per match: a saved search
    /// is meant to be narrow; a very broad one costs its size in the browser's storage.
    #[serde(default)]
    pub seen: Vec<String>,
}

impl SavedSearch {
    /// How many of `matches` (the ids it matches now) it did not match when last opened.
    pub fn new_since_opened<'a>(&self, matches: impl IntoIterator<Item = &'a str>) -> usize {
        matches
            .into_iter()
            .filter(|id| self.seen.binary_search_by(|s| s.as_str().cmp(id)).is_err())
            .count()
    }
}

/// A passage the reader highlighted in an article, with their note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Its id, unique among the reader's notes (`n1`, `n2`, …).
    pub id: String,
    /// The article's stable id.
    pub article: String,
    /// The passage, found again in the article's text each time it is shown.
    pub quote: TextQuote,
    /// What the reader wrote about it; empty for a bare highlight.
    #[serde(default)]
    pub note: String,
}

/// Everything the reader keeps for one archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReaderData {
    /// [`DATA_VERSION`] when written by this app.
    pub version: u32,
    /// Collections; the reading list is always the first.
    #[serde(default)]
    pub collections: Vec<Collection>,
    /// Ids of the articles read.
    #[serde(default)]
    pub read: BTreeSet<String>,
    /// Title and date of every article saved or read, by id.
    #[serde(default)]
    pub articles: BTreeMap<String, Remembered>,
    /// Whether opening an article marks it read.
    #[serde(default = "yes")]
    pub opened_is_read: bool,
    /// Saved searches.
    #[serde(default)]
    pub searches: Vec<SavedSearch>,
    /// Highlighted passages and their notes, in the order they were made.
    #[serde(default)]
    pub notes: Vec<Note>,
}

fn yes() -> bool {
    true
}

impl Default for ReaderData {
    fn default() -> Self {
        Self {
            version: DATA_VERSION,
            collections: vec![Collection {
                id: READING_LIST.to_owned(),
                name: String::new(),
                items: Vec::new(),
            }],
            read: BTreeSet::new(),
            articles: BTreeMap::new(),
            opened_is_read: true,
            searches: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// The file "Export my data" writes and "Import" reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// The archive it was exported from (its address), for the reader's information.
    #[serde(default)]
    pub site: String,
    /// When it was exported (ISO 8601).
    #[serde(default)]
    pub exported: String,
    /// The data.
    pub data: ReaderData,
}

/// Why a file or a stored value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// Not a Kiosque export (another JSON file).
    NotAnExport,
    /// Written by a newer Kiosque, whose data this app does not know.
    Newer(u32),
}

impl ReaderData {
    /// The data after checks: a newer version is refused (the reader's data is never rewritten
    /// by an app that would drop what it does not know), and the reading list always exists.
    pub fn checked(mut self) -> Result<Self, DataError> {
        if self.version > DATA_VERSION {
            return Err(DataError::Newer(self.version));
        }
        self.version = DATA_VERSION;
        if !self.collections.iter().any(|c| c.id == READING_LIST) {
            self.collections
                .insert(0, ReaderData::default().collections.remove(0));
        }
        Ok(self)
    }

    /// The collection with this id.
    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.id == id)
    }

    /// Whether the article is in the collection.
    pub fn is_in(&self, collection: &str, article: &str) -> bool {
        self.collection(collection)
            .is_some_and(|c| c.items.iter().any(|i| i == article))
    }

    /// Whether the article was read.
    pub fn is_read(&self, article: &str) -> bool {
        self.read.contains(article)
    }

    /// Every id the reader's data names (saved, read or annotated), each once.
    pub fn known_ids(&self) -> BTreeSet<&str> {
        self.collections
            .iter()
            .flat_map(|c| c.items.iter())
            .chain(self.read.iter())
            .chain(self.notes.iter().map(|n| &n.article))
            .map(String::as_str)
            .collect()
    }

    /// The notes on an article, in the order they were made.
    pub fn notes_on<'a>(&'a self, article: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |n| n.article == article)
    }

    /// A new note id, unused so far.
    fn new_note_id(&self) -> String {
        let last = self
            .notes
            .iter()
            .filter_map(|n| n.id.strip_prefix('n')?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        format!("n{}", last + 1)
    }

    /// A new collection id for `name`, unused so far.
    fn new_id(&self, name: &str) -> String {
        let base = collection_id(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.collection(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// A new saved-search id for `name`, unused so far.
    fn new_search_id(&self, name: &str) -> String {
        let base = collection_id(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.searches.iter().any(|s| s.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn remember(&mut self, article: &ArticleRef) {
        self.articles
            .insert(article.id.clone(), article.remembered.clone());
    }

    /// Forgets the title of articles no longer saved or read.
    fn forget_unused(&mut self) {
        let used: BTreeSet<String> = self.known_ids().into_iter().map(str::to_owned).collect();
        self.articles.retain(|id, _| used.contains(id));
    }

    /// Everything `other` holds added to this data: collections joined by id (a collection only
    /// there is added, items only there are appended), read articles joined; this side's settings
    /// are kept. Importing never removes anything.
    pub fn merge(&mut self, other: ReaderData) {
        for theirs in other.collections {
            match self.collections.iter_mut().find(|c| c.id == theirs.id) {
                Some(ours) => {
                    for item in theirs.items {
                        if !ours.items.contains(&item) {
                            ours.items.push(item);
                        }
                    }
                }
                None => self.collections.push(theirs),
            }
        }
        self.read.extend(other.read);
        for search in other.searches {
            if !self.searches.iter().any(|s| s.query == search.query) {
                let mut search = search;
                search.id = self.new_search_id(&search.name);
                self.searches.push(search);
            }
        }
        for note in other.notes {
            let same = |n: &Note| n.article == note.article && n.quote == note.quote;
            match self.notes.iter_mut().find(|n| same(n)) {
                // The same passage: a note written on the other device is kept beside this one.
                Some(ours) if ours.note != note.note && !note.note.is_empty() => {
                    if ours.note.is_empty() {
                        ours.note = note.note;
                    } else if !ours.note.contains(&note.note) {
                        ours.note = format!("{}\n\n{}", ours.note, note.note);
                    }
                }
                Some(_) => {}
                None => {
                    let mut note = note;
                    note.id = self.new_note_id();
                    self.notes.push(note);
                }
            }
        }
        for (id, remembered) in other.articles {
            self.articles.entry(id).or_insert(remembered);
        }
    }
}

/// A URL-friendly id for a collection name: the search's own folding (case, accents), then
/// ASCII letters and digits with `-` between words (`Enquête cloud` → `enquete-cloud`).
fn collection_id(name: &str) -> String {
    let folded = kiosque_core::analysis::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "collection".to_owned()
    } else {
        words.join("-")
    }
}

impl ExportFile {
    /// Reads an export after its `format` and version checks.
    pub fn checked(self) -> Result<ReaderData, DataError> {
        if self.format != EXPORT_FORMAT {
            return Err(DataError::NotAnExport);
        }
        self.data.checked()
    }
}

/// What changes the reader's data.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkbenchAction {
    /// Puts the article in the collection, or takes it out if it is there.
    Toggle {
        /// The collection's id.
        collection: String,
        /// The article.
        article: ArticleRef,
    },
    /// Creates a collection with this name and saves `article` in it, if given.
    Create {
        /// The name the reader typed.
        name: String,
        /// An article to put in it at once.
        article: Option<ArticleRef>,
    },
    /// Deletes a collection (never the reading list).
    Delete(String),
    /// The article was opened: read, if the setting says so.
    Opened(ArticleRef),
    /// Marks these articles read.
    MarkRead(Vec<ArticleRef>),
    /// Marks these articles unread.
    MarkUnread(Vec<String>),
    /// Whether opening an article marks it read.
    OpenedIsRead(bool),
    /// Adds imported data (see [`ReaderData::merge`]).
    Import(ReaderData),
    /// Saves the list `query` (its URL parameters) under `name`, matching `matches` now.
    SaveSearch {
        /// The name the reader typed.
        name: String,
        /// The list's query string.
        query: String,
        /// Ids of the articles it matches now.
        matches: Vec<String>,
    },
    /// The reader opened a saved search, which now matches `matches`: none of them is new any more.
    SearchOpened {
        /// The search's id.
        id: String,
        /// Ids of the articles it matches now.
        matches: Vec<String>,
    },
    /// Deletes a saved search.
    DeleteSearch(String),
    /// Highlights a passage of the article, with a note (empty for none).
    AddNote {
        /// The article.
        article: ArticleRef,
        /// The passage.
        quote: TextQuote,
        /// The note.
        note: String,
    },
    /// Replaces the text of a note.
    EditNote {
        /// The note's id.
        id: String,
        /// Its new text.
        note: String,
    },
    /// Removes a highlight and its note.
    RemoveNote(String),
}

/// The reader's data as the app holds it: a value with its reducer (Yew's `use_reducer`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workbench {
    /// The data.
    pub data: Rc<ReaderData>,
    /// Bumped at every change, so that whoever saves or filters knows when to.
    pub revision: u32,
    /// Why the stored data could not be read, if it could not: it is then never written over.
    pub locked: Option<DataError>,
}

impl Workbench {
    /// The workbench over data read from storage.
    pub fn new(stored: Result<ReaderData, DataError>) -> Self {
        match stored {
            Ok(data) => Self {
                data: Rc::new(data),
                revision: 0,
                locked: None,
            },
            Err(error) => Self {
                locked: Some(error),
                ..Self::default()
            },
        }
    }
}

impl yew::Reducible for Workbench {
    type Action = WorkbenchAction;

    fn reduce(self: Rc<Self>, action: WorkbenchAction) -> Rc<Self> {
        let mut data = (*self.data).clone();
        match action {
            WorkbenchAction::Toggle {
                collection,
                article,
            } => {
                let Some(c) = data.collections.iter_mut().find(|c| c.id == collection) else {
                    return self;
                };
                match c.items.iter().position(|i| *i == article.id) {
                    Some(at) => {
                        c.items.remove(at);
                    }
                    None => {
                        c.items.push(article.id.clone());
                        data.remember(&article);
                    }
                }
            }
            WorkbenchAction::Create { name, article } => {
                let name = name.trim();
                if name.is_empty() {
                    return self;
                }
                let id = data.new_id(name);
                let items = article.iter().map(|a| a.id.clone()).collect();
                if let Some(article) = &article {
                    data.remember(article);
                }
                data.collections.push(Collection {
                    id,
                    name: name.to_owned(),
                    items,
                });
            }
            WorkbenchAction::Delete(id) => {
                if id != READING_LIST {
                    data.collections.retain(|c| c.id != id);
                }
            }
            WorkbenchAction::Opened(article) => {
                if !data.opened_is_read || data.read.contains(&article.id) {
                    return self;
                }
                data.read.insert(article.id.clone());
                data.remember(&article);
            }
            WorkbenchAction::MarkRead(articles) => {
                for article in &articles {
                    data.read.insert(article.id.clone());
                    data.remember(article);
                }
            }
            WorkbenchAction::MarkUnread(ids) => {
                for id in &ids {
                    data.read.remove(id);
                }
            }
            WorkbenchAction::OpenedIsRead(on) => data.opened_is_read = on,
            WorkbenchAction::Import(other) => data.merge(other),
            WorkbenchAction::SaveSearch {
                name,
                query,
                mut matches,
            } => {
                let name = name.trim();
                if name.is_empty() {
                    return self;
                }
                matches.sort();
                let id = data.new_search_id(name);
                data.searches.push(SavedSearch {
                    id,
                    name: name.to_owned(),
                    query,
                    seen: matches,
                });
            }
            WorkbenchAction::SearchOpened { id, mut matches } => {
                matches.sort();
                match data.searches.iter_mut().find(|s| s.id == id) {
                    Some(search) => search.seen = matches,
                    None => return self,
                }
            }
            WorkbenchAction::DeleteSearch(id) => data.searches.retain(|s| s.id != id),
            WorkbenchAction::AddNote {
                article,
                quote,
                note,
            } => {
                if quote.exact.trim().is_empty() {
                    return self;
                }
                let id = data.new_note_id();
                data.remember(&article);
                data.notes.push(Note {
                    id,
                    article: article.id,
                    quote,
                    note: note.trim().to_owned(),
                });
            }
            WorkbenchAction::EditNote { id, note } => {
                match data.notes.iter_mut().find(|n| n.id == id) {
                    Some(n) => n.note = note.trim().to_owned(),
                    None => return self,
                }
            }
            WorkbenchAction::RemoveNote(id) => data.notes.retain(|n| n.id != id),
        }
        data.forget_unused();
        if data == *self.data {
            return self;
        }
        Rc::new(Workbench {
            data: Rc::new(data),
            revision: self.revision.wrapping_add(1),
            locked: self.locked.clone(),
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use yew::Reducible;

    fn article(id: &str) -> ArticleRef {
        ArticleRef {
            id: id.to_owned(),
            remembered: Remembered {
                title: format!("Title of {id}"),
                date: Some("2020-04".to_owned()),
            },
        }
    }

    fn apply(actions: impl IntoIterator<Item = WorkbenchAction>) -> Rc<Workbench> {
        actions
            .into_iter()
            .fold(Rc::new(Workbench::default()), |w, a| w.reduce(a))
    }

    fn toggle(collection: &str, id: &str) -> WorkbenchAction {
        WorkbenchAction::Toggle {
            collection: collection.to_owned(),
            article: article(id),
        }
    }

    #[test]
    fn saving_twice_unsaves_and_titles_are_kept_only_while_used() {
        let w = apply([toggle(READING_LIST, "a"), toggle(READING_LIST, "b")]);
        assert_eq!(w.data.collections[0].items, ["a", "b"]);
        assert_eq!(w.data.articles["a"].title, "Title of a");
        assert_eq!(w.revision, 2);
        let w = w.reduce(toggle(READING_LIST, "a"));
        assert!(!w.data.is_in(READING_LIST, "a"));
        assert!(
            !w.data.articles.contains_key("a"),
            "nothing names it any more"
        );
        // A collection that does not exist changes nothing, and nothing re-renders.
        let same = w.clone().reduce(toggle("nope", "c"));
        assert!(Rc::ptr_eq(&same, &w));
    }

    #[test]
    fn collections_get_unique_ids_and_the_reading_list_stays() {
        let create = |name: &str| WorkbenchAction::Create {
            name: name.to_owned(),
            article: Some(article("x")),
        };
        let w = apply([
            create("Enquête cloud"),
            create("Enquête  cloud"),
            create("  "),
        ]);
        let ids: Vec<&str> = w.data.collections.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [READING_LIST, "enquete-cloud", "enquete-cloud-2"]);
        assert_eq!(w.data.collections[1].name, "Enquête cloud");
        assert!(w.data.is_in("enquete-cloud", "x"));
        let w = w
            .reduce(WorkbenchAction::Delete(READING_LIST.to_owned()))
            .reduce(WorkbenchAction::Delete("enquete-cloud".to_owned()));
        let ids: Vec<&str> = w.data.collections.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [READING_LIST, "enquete-cloud-2"]);
    }

    #[test]
    fn opening_reads_unless_the_setting_is_off_and_marks_go_both_ways() {
        let w = apply([WorkbenchAction::Opened(article("a"))]);
        assert!(w.data.is_read("a"));
        let w = w
            .reduce(WorkbenchAction::OpenedIsRead(false))
            .reduce(WorkbenchAction::Opened(article("b")));
        assert!(!w.data.is_read("b"));
        let w = w.reduce(WorkbenchAction::MarkRead(vec![article("b"), article("c")]));
        assert!(w.data.is_read("b") && w.data.is_read("c"));
        let w = w.reduce(WorkbenchAction::MarkUnread(vec!["a".into(), "b".into()]));
        assert_eq!(w.data.read.iter().collect::<Vec<_>>(), ["c"]);
        assert_eq!(w.data.articles.keys().collect::<Vec<_>>(), ["c"]);
    }

    #[test]
    fn import_adds_and_never_removes() {
        let ours = apply([
            toggle(READING_LIST, "a"),
            WorkbenchAction::Opened(article("r")),
        ]);
        let theirs = apply([
            toggle(READING_LIST, "b"),
            toggle(READING_LIST, "a"),
            WorkbenchAction::Create {
                name: "Piste".into(),
                article: Some(article("p")),
            },
            WorkbenchAction::OpenedIsRead(false),
        ]);
        let merged = ours.reduce(WorkbenchAction::Import((*theirs.data).clone()));
        assert_eq!(merged.data.collections[0].items, ["a", "b"]);
        assert!(merged.data.is_in("piste", "p"));
        assert!(merged.data.is_read("r"));
        assert!(merged.data.opened_is_read, "the settings here are kept");
        assert!(merged.data.articles.contains_key("p"));
    }

    #[test]
    fn saved_searches_count_what_is_new_since_they_were_opened() {
        let w = apply([WorkbenchAction::SaveSearch {
            name: "Cloud".into(),
            query: "q=cloud".into(),
            matches: vec!["b".into(), "a".into()],
        }]);
        let search = &w.data.searches[0];
        assert_eq!(
            (search.id.as_str(), search.seen.as_slice()),
            ("cloud", &["a".to_owned(), "b".to_owned()][..])
        );
        // After an update, "c" and "d" match too, "a" is gone.
        assert_eq!(search.new_since_opened(["b", "c", "d"]), 2);
        let w = w.reduce(WorkbenchAction::SearchOpened {
            id: "cloud".into(),
            matches: vec!["d".into(), "c".into(), "b".into()],
        });
        assert_eq!(w.data.searches[0].new_since_opened(["b", "c", "d"]), 0);
        // Imported twice, a search is kept once; another with the same name gets its own id.
        let other = apply([WorkbenchAction::SaveSearch {
            name: "Cloud".into(),
            query: "q=cloud&sort=newest".into(),
            matches: vec![],
        }]);
        let w = w
            .reduce(WorkbenchAction::Import((*other.data).clone()))
            .reduce(WorkbenchAction::Import((*other.data).clone()));
        let ids: Vec<&str> = w.data.searches.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["cloud", "cloud-2"]);
        let w = w.reduce(WorkbenchAction::DeleteSearch("cloud".into()));
        assert_eq!(w.data.searches.len(), 1);
    }

    #[test]
    fn versions_and_formats_are_checked() {
        let newer = ReaderData {
            version: DATA_VERSION + 1,
            ..ReaderData::default()
        };
        assert_eq!(newer.checked(), Err(DataError::Newer(DATA_VERSION + 1)));
        let no_list = ReaderData {
            collections: Vec::new(),
            ..ReaderData::default()
        };
        assert_eq!(no_list.checked().unwrap().collections[0].id, READING_LIST);
        let file = ExportFile {
            format: "something-else".into(),
            site: String::new(),
            exported: String::new(),
            data: ReaderData::default(),
        };
        assert_eq!(file.checked(), Err(DataError::NotAnExport));
    }

    fn add_note(id: &str, exact: &str, note: &str) -> WorkbenchAction {
        WorkbenchAction::AddNote {
            article: article(id),
            quote: TextQuote {
                exact: exact.into(),
                prefix: "before ".into(),
                suffix: " after".into(),
            },
            note: note.into(),
        }
    }

    #[test]
    fn notes_are_added_edited_removed_and_name_their_article() {
        let w = apply([
            add_note("a", "a passage", " my note "),
            add_note("a", "another", ""),
            add_note("b", "   ", "nothing selected"),
        ]);
        let ids: Vec<&str> = w.data.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["n1", "n2"]);
        assert_eq!(w.data.notes[0].note, "my note");
        assert_eq!(w.data.notes_on("a").count(), 2);
        assert_eq!(w.data.articles["a"].title, "Title of a");
        let w = w.reduce(WorkbenchAction::EditNote {
            id: "n2".into(),
            note: "now a note".into(),
        });
        assert_eq!(w.data.notes[1].note, "now a note");
        let w = w.reduce(WorkbenchAction::RemoveNote("n1".into()));
        let w = w.reduce(add_note("c", "third", ""));
        assert_eq!(w.data.notes[1].id, "n3", "ids are never reused while used");
        let w = w
            .reduce(WorkbenchAction::RemoveNote("n2".into()))
            .reduce(WorkbenchAction::RemoveNote("n3".into()));
        assert!(
            !w.data.articles.contains_key("a"),
            "nothing names it any more"
        );
    }

    #[test]
    fn importing_notes_adds_new_passages_and_joins_notes_on_the_same_one() {
        let mine = apply([add_note("a", "one", "mine"), add_note("a", "two", "")]);
        let theirs = apply([
            add_note("a", "two", "theirs"),
            add_note("a", "one", "mine"),
            add_note("b", "three", ""),
        ]);
        let w = mine.reduce(WorkbenchAction::Import((*theirs.data).clone()));
        let notes: Vec<(&str, &str, &str)> = w
            .data
            .notes
            .iter()
            .map(|n| (n.id.as_str(), n.quote.exact.as_str(), n.note.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                ("n1", "one", "mine"),
                ("n2", "two", "theirs"),
                ("n3", "three", "")
            ]
        );
        assert!(w.data.articles.contains_key("b"));
    }

    #[test]
    fn version_1_data_reads_and_newer_data_is_refused() {
        let v1: ReaderData = serde_json::from_str(r#"{"version":1,"read":["x"]}"#).unwrap();
        let data = v1.checked().unwrap();
        assert_eq!(data.version, DATA_VERSION);
        assert!(data.notes.is_empty());
        let newer: ReaderData = serde_json::from_str(r#"{"version":99}"#).unwrap();
        assert_eq!(newer.checked(), Err(DataError::Newer(99)));
    }

    #[test]
    fn the_json_form_round_trips_and_old_files_get_defaults() {
        let w = apply([
            toggle(READING_LIST, "a"),
            WorkbenchAction::Opened(article("r")),
            add_note("r", "a passage", "a note"),
        ]);
        let file = ExportFile {
            format: EXPORT_FORMAT.into(),
            site: "/".into(),
            exported: "2026-12-01T06:00:00Z".into(),
            data: (*w.data).clone(),
        };
        let text = serde_json::to_string(&file).unwrap();
        let back: ExportFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back.checked().unwrap(), *w.data);
        // A minimal file (fields added later absent) reads with their defaults.
        let minimal: ExportFile = serde_json::from_str(
            r#"{"format":"kiosque-reader-data","data":{"version":1,"read":["x"]}}"#,
        )
        .unwrap();
        let data = minimal.checked().unwrap();
        assert!(data.opened_is_read && data.is_read("x"));
        assert_eq!(data.collections[0].id, READING_LIST);
    }
}
