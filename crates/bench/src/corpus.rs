//! Kiosque's one synthetic article generator. Its main shape is a press archive: French and
//! English articles of about 3 KB over twenty years, with Zipf-distributed words, accents,
//! elisions, numbers and acronyms, so that indexes and queries behave as on real text (the
//! benchmarks). Its other shape is a wire of short dispatches for the browser test of a
//! 100,000-article archive. The same seed and shape always give the same corpus; `files` writes
//! one as a folder of article files.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use kiosque_core::{Article, ArticleDate, ArticleMeta};

/// Common French words, most frequent first (their rank drives their frequency).
const FRENCH: &str = "de la le et les des à un une en du que qui est dans pour pas sur au par plus ne se il elle ce sont avec ont mais comme tout nous leur été aussi fait bien même sans peut entre deux dont où après contre depuis avant encore très chez sous ans selon ainsi alors donc cette ces son sa ses leurs autres autre nouveau nouvelle premier première grand grande année années entreprise entreprises société données service services serveurs serveur réseau réseaux sécurité attaque attaques rançongiciel hébergement hébergeur fournisseur fournisseurs cloud client clients utilisateurs utilisateur application applications logiciel logiciels infrastructure centre centres calcul stockage panne pannes incendie confidentialité chiffrement chiffré chiffrée vulnérabilité vulnérabilités correctif correctifs mise jour plateforme plateformes visioconférence réunion réunions télétravail confinement souveraineté européen européenne européens américain américaine état ministère agence gouvernement marché contrat contrats milliards millions euros dollars croissance chiffre affaires énergie électricité consommation refroidissement région régions disponibilité migration sauvegarde sauvegardes incident incidents enquête fuite fuites informations personnelles règlement protection vie privée pirates groupe groupes directeur responsable équipe équipes technique techniques projet projets système systèmes accès identifiants mot passe compte comptes authentification facteur code source ouvert libre communauté développeurs version versions semaine semaines mois jours heures nuit matin soir hier aujourd'hui demain janvier février mars avril mai juin juillet août septembre octobre novembre décembre nombreux plusieurs certains chaque quelques premier dernier dernière important importante possible nécessaire difficile rapidement largement notamment également toujours jamais déjà souvent encore moins trop beaucoup";

/// Common English words, most frequent first.
const ENGLISH: &str = "the of and to in a is that for it on was with as by be are at from this have has not but its which or an were their they been more one all new said also after would about there other than over into up out only two first year years company companies data service services servers server network networks security attack attacks ransomware hosting provider providers cloud customer customers users user application applications software infrastructure centre centres computing storage outage outages fire privacy encryption encrypted vulnerability vulnerabilities patch patches update updates platform platforms video call calls meeting meetings remote work lockdown sovereignty european american state department agency government market contract contracts billion million dollars growth revenue energy electricity consumption cooling region regions availability migration backup backups incident incidents investigation leak leaks personal information regulation protection hackers group groups director head team teams technical project projects system systems access credentials password account accounts authentication factor source code open free community developers version versions week weeks month months days hours night morning evening yesterday today tomorrow january february march april may june july august september october november december many several some each few last important possible necessary difficult quickly widely notably also always never already often less too much";

/// Names and acronyms that appear across both languages.
const NAMES: &str = "AWS Azure Google Oracle OVHcloud Scaleway Zoom Teams Jitsi Microsoft Amazon Meta Apple IBM Salesforce Cisco Kubernetes Linux Windows JavaScript Python Java Log4j SolarWinds Strasbourg Roubaix Paris Dublin Francfort Londres Bruxelles ANSSI CNIL RGPD GDPR NIS2 SecNumCloud Gaia-X API SaaS IaaS PaaS VPN TLS 5G IPv6";

/// Extra rare words, built from syllables, so the dictionary has the long tail real archives have.
const SYLLABLES: [&str; 24] = [
    "ka", "ri", "mo", "tel", "van", "ost", "bre", "lu", "nor", "pha", "gi", "des", "qua", "zen",
    "ter", "vil", "sa", "cor", "mi", "dra", "lis", "pon", "é", "ux",
];

/// The dispatches' words, few and equally likely, so that most dispatches match a query on two of
/// them and 100,000 dispatches still bundle quickly.
const DISPATCH: &str = "cloud serveur réseau sécurité données panne stockage énergie contrat marché incendie migration sauvegarde chiffrement souveraineté opérateur centre câble logiciel équipe Strasbourg Roubaix Francfort Dublin";

/// Titles are built from these patterns, with words drawn from the vocabulary.
const TITLE_WORDS: usize = 8;

/// What kind of articles a corpus holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A press archive, what the benchmarks measure: bodies of about 3 KB in paragraphs of three
    /// to five sentences with section headings, words from a Zipf vocabulary with a long tail of
    /// rare words, dated 2005–2024 at mixed precision (1 % undated), 3 % of the articles another
    /// one republished (by another source, with a new title, a few words changed and its last
    /// paragraph cut), as agency dispatches are in a press archive.
    Press,
    /// Short wire dispatches: one or two sentences drawn uniformly from two dozen words, dated
    /// 2000–2024, none republished. Every draw is independent of the last ones (a generator with
    /// short periods would write shifted copies, which near-duplicate detection rightly folds
    /// into one story), so 100,000 of them stay 100,000 stories.
    Dispatch,
}

impl Shape {
    /// Percentage of articles that are an earlier one republished.
    fn republished_percent(self) -> u8 {
        match self {
            Shape::Press => 3,
            Shape::Dispatch => 0,
        }
    }

    /// Body size in bytes: paragraphs are added until it is reached.
    fn body_bytes(self) -> usize {
        match self {
            Shape::Press => 3000,
            Shape::Dispatch => 1,
        }
    }

    /// How many sentences a paragraph has (a range).
    fn sentences(self) -> std::ops::Range<usize> {
        match self {
            Shape::Press => 3..6,
            Shape::Dispatch => 1..3,
        }
    }

    /// The first year articles are dated (the last is 2024).
    fn first_year(self) -> u16 {
        match self {
            Shape::Press => 2005,
            Shape::Dispatch => 2000,
        }
    }
}

/// Vocabulary of one language with Zipf weights.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights for sampling.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    /// `words` all equally likely.
    fn uniform(words: &str) -> Self {
        let words: Vec<String> = words.split_whitespace().map(str::to_owned).collect();
        let cumulative = (1..=words.len()).map(|rank| rank as f64).collect();
        Self { words, cumulative }
    }

    fn new(base: &str, rare: &[String]) -> Self {
        let mut words: Vec<String> = base.split_whitespace().map(str::to_owned).collect();
        words.extend(NAMES.split_whitespace().map(str::to_owned));
        words.extend(rare.iter().cloned());
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.05);
                total
            })
            .collect();
        Self { words, cumulative }
    }

    fn pick(&self, rng: &mut fastrand::Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.f64() * total;
        let i = self
            .cumulative
            .partition_point(|&c| c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }
}

/// The generator; `generate(n)` is deterministic for a given seed and shape.
pub struct Corpus {
    french: Vocabulary,
    english: Vocabulary,
    seed: u64,
    shape: Shape,
}

impl Corpus {
    /// A press archive generator (see [`Shape::Press`]).
    pub fn new(seed: u64) -> Self {
        Self::with_shape(seed, Shape::Press)
    }

    /// A generator of articles of this `shape`.
    pub fn with_shape(seed: u64, shape: Shape) -> Self {
        if shape == Shape::Dispatch {
            return Self {
                french: Vocabulary::uniform(DISPATCH),
                english: Vocabulary::uniform(DISPATCH),
                seed,
                shape,
            };
        }
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed);
        let rare: Vec<String> = (0..40_000)
            .map(|_| {
                let n = rng.usize(2..5);
                (0..n)
                    .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                    .collect()
            })
            .collect();
        Self {
            french: Vocabulary::new(FRENCH, &rare),
            english: Vocabulary::new(ENGLISH, &rare),
            seed,
            shape,
        }
    }

    /// `n` articles, one third in English, dated at mixed precision (1 % undated), some of them
    /// republished versions of earlier ones (see [`Shape`]).
    pub fn generate(&self, n: usize) -> Vec<Article> {
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut out: Vec<Article> = Vec::with_capacity(n);
        for i in 0..n {
            let article = if i > 0 && rng.u8(..100) < self.shape.republished_percent() {
                let original = &out[rng.usize(..i)];
                self.republished(original, i, &mut rng)
            } else {
                self.article(i, &mut rng)
            };
            out.push(article);
        }
        out
    }

    /// The articles of [`Self::generate`], the same ones, handed to `each` (with their number)
    /// as they are made instead of collected: a million articles never sit in memory. What a
    /// later republished copy needs of each article stays, its body in an unnamed temporary
    /// file in `spill_dir`, its date and language in memory (about 30 bytes an article).
    pub fn generate_each(
        &self,
        n: usize,
        spill_dir: &Path,
        mut each: impl FnMut(usize, &Article) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut kept = Kept::new(spill_dir)?;
        for i in 0..n {
            let article = if i > 0 && rng.u8(..100) < self.shape.republished_percent() {
                let original = kept.get(rng.usize(..i))?;
                self.republished(&original, i, &mut rng)
            } else {
                self.article(i, &mut rng)
            };
            kept.keep(&article)?;
            each(i, &article)?;
        }
        Ok(())
    }

    /// `original` as another outlet prints it: new source and title, a few words changed, the
    /// last paragraph cut.
    fn republished(&self, original: &Article, i: usize, rng: &mut fastrand::Rng) -> Article {
        let vocab = if original.meta.lang == "en" {
            &self.english
        } else {
            &self.french
        };
        let mut article = self.article(i, rng);
        let mut paragraphs: Vec<&str> = original.body.trim_end().split("\n\n").collect();
        if paragraphs.len() > 3 {
            paragraphs.pop();
        }
        let mut body = String::with_capacity(original.body.len());
        for (p, paragraph) in paragraphs.iter().enumerate() {
            if p > 0 {
                body.push_str("\n\n");
            }
            for (w, word) in paragraph.split(' ').enumerate() {
                if w > 0 {
                    body.push(' ');
                }
                body.push_str(if rng.u8(..50) == 0 {
                    vocab.pick(rng)
                } else {
                    word
                });
            }
        }
        article.body = body;
        article.meta.lang = original.meta.lang.clone();
        article.meta.date = original.meta.date;
        article.meta.id = format!(
            "{}-synthetic-{i}",
            article
                .meta
                .date
                .map_or_else(|| "undated".into(), |d| d.to_string())
        );
        article
    }

    fn article(&self, i: usize, rng: &mut fastrand::Rng) -> Article {
        let english = rng.u8(..3) == 0;
        let vocab = if english { &self.english } else { &self.french };
        let years = self.shape.first_year()..=2024;
        let date = match rng.u8(..100) {
            0 => None,
            1..=5 => Some(ArticleDate::year(rng.u16(years))),
            6..=20 => ArticleDate::parse(&format!("{}-{:02}", rng.u16(years), rng.u8(1..=12))).ok(),
            _ => ArticleDate::parse(&format!(
                "{}-{:02}-{:02}",
                rng.u16(years),
                rng.u8(1..=12),
                rng.u8(1..=28)
            ))
            .ok(),
        };
        let mut title = String::new();
        for w in 0..rng.usize(4..TITLE_WORDS) {
            let word = vocab.pick(rng);
            if w == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    title.extend(first.to_uppercase());
                    title.push_str(chars.as_str());
                }
            } else {
                title.push(' ');
                title.push_str(word);
            }
        }
        let body_bytes = self.shape.body_bytes();
        let mut body = String::with_capacity(body_bytes + 200);
        while body.len() < body_bytes {
            if rng.u8(..6) == 0 && !body.is_empty() {
                body.push_str("\n\n## ");
                body.push_str(&self.sentence(vocab, rng, english, 4));
                body.push_str("\n\n");
            }
            for _ in 0..rng.usize(self.shape.sentences()) {
                let words = rng.usize(8..22);
                body.push_str(&self.sentence(vocab, rng, english, words));
                body.push_str(". ");
            }
            body.push_str("\n\n");
        }
        let id = format!(
            "{}-synthetic-{i}",
            date.map_or_else(|| "undated".into(), |d| d.to_string())
        );
        Article {
            meta: ArticleMeta {
                id,
                title,
                date,
                authors: vec![format!("Auteur {}", rng.u16(..400))],
                tags: (0..rng.usize(1..4))
                    .map(|_| format!("tag{}", rng.u8(..60)))
                    .collect(),
                source: Some(format!("Source {}", rng.u8(..40))),
                lang: if english { "en" } else { "fr" }.into(),
                summary: String::new(),
                reading_minutes: 2,
                origin: format!("synthetic/{i}.md"),
            },
            body,
        }
    }

    fn sentence(
        &self,
        vocab: &Vocabulary,
        rng: &mut fastrand::Rng,
        english: bool,
        words: usize,
    ) -> String {
        let mut s = String::new();
        for w in 0..words {
            if w > 0 {
                s.push(if rng.u8(..12) == 0 { ',' } else { ' ' });
                if s.ends_with(',') {
                    s.push(' ');
                }
            }
            let word = vocab.pick(rng);
            // French elisions, as in real text: l'application, d'hébergement, qu'elle.
            if !english
                && rng.u8(..10) == 0
                && word.starts_with(['a', 'e', 'é', 'i', 'o', 'u', 'h'])
            {
                s.push_str(["l'", "d'", "l’", "d’", "qu'"][rng.usize(..5)]);
            }
            if rng.u16(..200) == 0 {
                s.push_str(&format!("{}", rng.u16(..2030)));
                s.push(' ');
            }
            s.push_str(word);
        }
        s
    }
}

/// What [`Corpus::generate_each`] keeps of the articles made so far: the fields a republished
/// copy takes from its original (body, date, language).
struct Kept {
    /// The bodies, end to end.
    file: std::io::BufWriter<std::fs::File>,
    /// The same file, to read a body back.
    reader: std::fs::File,
    /// Removes the file when generation ends.
    _temp: tempfile::TempPath,
    /// Per article: where its body starts, its length, its date, whether it is in English.
    articles: Vec<(u64, u32, Option<ArticleDate>, bool)>,
    at: u64,
}

impl Kept {
    fn new(dir: &Path) -> std::io::Result<Self> {
        let (file, temp) = tempfile::NamedTempFile::new_in(dir)?.into_parts();
        Ok(Self {
            reader: std::fs::File::open(&temp)?,
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            _temp: temp,
            articles: Vec::new(),
            at: 0,
        })
    }

    fn keep(&mut self, article: &Article) -> std::io::Result<()> {
        self.file.write_all(article.body.as_bytes())?;
        let len = article.body.len();
        self.articles.push((
            self.at,
            len as u32,
            article.meta.date,
            article.meta.lang == "en",
        ));
        self.at += len as u64;
        Ok(())
    }

    /// Article `i` as far as [`Corpus::republished`] reads it.
    fn get(&mut self, i: usize) -> std::io::Result<Article> {
        self.file.flush()?;
        let (at, len, date, english) = self.articles[i];
        self.reader.seek(SeekFrom::Start(at))?;
        let mut body = vec![0; len as usize];
        self.reader.read_exact(&mut body)?;
        Ok(Article {
            meta: ArticleMeta {
                id: String::new(),
                title: String::new(),
                date,
                authors: Vec::new(),
                tags: Vec::new(),
                source: None,
                lang: if english { "en" } else { "fr" }.into(),
                summary: String::new(),
                reading_minutes: 0,
                origin: String::new(),
            },
            body: String::from_utf8(body).map_err(std::io::Error::other)?,
        })
    }
}

/// Raw text bytes of a corpus (titles and bodies), the baseline for index size.
pub fn raw_bytes(articles: &[Article]) -> usize {
    articles
        .iter()
        .map(|a| a.meta.title.len() + a.body.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_about_three_kilobytes() {
        let corpus = Corpus::new(7);
        let a = corpus.generate(20);
        let b = corpus.generate(20);
        assert_eq!(a, b);
        let average = raw_bytes(&a) / a.len();
        assert!((2800..4000).contains(&average), "{average}");
        assert!(a.iter().any(|x| x.meta.lang == "en") && a.iter().any(|x| x.meta.lang == "fr"));
    }

    // The benchmark figures in docs/BENCHMARKS.md were measured on this exact corpus: a change
    // to the generator must leave the press shape's draws as they are.
    #[test]
    fn the_press_archive_is_the_one_the_benchmarks_measured() {
        let a = Corpus::new(20_260_101).generate(300);
        assert_eq!(raw_bytes(&a), 966_294);
        assert_eq!(a[0].meta.title, "Les corux de uxuxka listerpha");
        assert_eq!(a[299].meta.id, "2014-11-26-synthetic-299");
        assert_eq!(a.iter().filter(|x| x.meta.date.is_none()).count(), 1);
    }

    // The streamed generator (`kiosque-bench articles N DIR`) makes the very articles of the
    // one that collects them, republished copies included.
    #[test]
    fn generating_article_by_article_gives_the_same_articles() {
        for shape in [Shape::Press, Shape::Dispatch] {
            let corpus = Corpus::with_shape(20_260_101, shape);
            let collected = corpus.generate(1500);
            let dir = tempfile::tempdir().unwrap();
            let mut streamed = Vec::new();
            corpus
                .generate_each(1500, dir.path(), |i, article| {
                    assert_eq!(i, streamed.len());
                    streamed.push(article.clone());
                    Ok(())
                })
                .unwrap();
            assert_eq!(collected, streamed, "{shape:?}");
            // Only the articles are left in the folder: the temporary file is gone.
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
        // The copies were read back from the temporary file: some bodies begin as an earlier
        // one does (3 % are copies, a word in 50 changed).
        let articles = Corpus::new(20_260_101).generate(1500);
        let mut openings = std::collections::HashSet::new();
        let copies = articles
            .iter()
            .filter(|a| !openings.insert(a.body.chars().take(80).collect::<String>()))
            .count();
        assert!(copies > 10, "{copies} copies");
    }

    #[test]
    fn dispatches_are_short_distinct_and_share_their_words() {
        let a = Corpus::with_shape(7, Shape::Dispatch).generate(2000);
        let average = raw_bytes(&a) / a.len();
        assert!((60..400).contains(&average), "{average}");
        let both = a
            .iter()
            .filter(|x| x.body.contains("sécurité") && x.body.contains("Strasbourg"))
            .count();
        assert!(both > 100, "{both} dispatches name sécurité and Strasbourg");
        let bodies: std::collections::HashSet<&str> = a.iter().map(|x| x.body.as_str()).collect();
        assert_eq!(bodies.len(), a.len());
        let years: std::collections::HashSet<u16> = a
            .iter()
            .filter_map(|x| x.meta.date.map(|d| d.year))
            .collect();
        assert_eq!(years.len(), 25);
    }
}
