//! Writes a folder of synthetic articles for benchmarking `kiosque bundle`.
//!
//! ```text
//! cargo run --release -p kiosque --example generate_articles -- /tmp/kiosque-10k 10000
//! time target/release/kiosque bundle /tmp/kiosque-10k -o /tmp/kiosque-10k-bundle --quiet
//! ```
//!
//! The articles are about 3 KB each, half French and half English, in every format the importer
//! reads (press clippings, YAML and TOML front matter, plain Markdown, folder posts), spread over
//! 25 years in `YYYY/` folders. The output is the same for the same count, so timings compare.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FRENCH: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "un",
    "une",
    "et",
    "pour",
    "dans",
    "sur",
    "avec",
    "par",
    "entreprise",
    "serveur",
    "réseau",
    "sécurité",
    "données",
    "hébergement",
    "contrat",
    "marché",
    "fournisseur",
    "client",
    "logiciel",
    "panne",
    "région",
    "équipe",
    "projet",
    "stockage",
    "chiffrement",
    "infrastructure",
    "annonce",
    "développement",
    "régulateur",
    "opérateur",
    "centre",
    "câble",
    "énergie",
    "électricité",
    "coût",
    "prix",
    "croissance",
    "utilisateurs",
    "application",
    "mise",
    "jour",
    "système",
    "intelligence",
    "artificielle",
    "calcul",
    "ville",
    "pays",
    "gouvernement",
    "société",
    "accord",
    "capacité",
    "semaine",
    "année",
    "rapport",
    "étude",
    "clients",
    "offre",
    "nouvelle",
    "grande",
    "première",
    "plusieurs",
    "depuis",
    "encore",
    "aussi",
    "très",
    "plus",
];
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "company",
    "server",
    "network",
    "security",
    "data",
    "hosting",
    "contract",
    "market",
    "provider",
    "customer",
    "software",
    "outage",
    "region",
    "team",
    "project",
    "storage",
    "encryption",
    "infrastructure",
    "announced",
    "development",
    "regulator",
    "operator",
    "centre",
    "cable",
    "energy",
    "power",
    "cost",
    "price",
    "growth",
    "users",
    "application",
    "update",
    "system",
    "intelligence",
    "artificial",
    "compute",
    "city",
    "country",
    "government",
    "agreement",
    "capacity",
    "week",
    "year",
    "report",
    "study",
    "customers",
    "offer",
    "new",
    "large",
    "first",
    "several",
    "since",
    "still",
    "also",
    "very",
];
const AUTHORS: &[&str] = &[
    "Claire Dubois",
    "Marc Lefèvre",
    "Sophie Martin",
    "Hugo Bernard",
    "Jane Porter",
    "Tom Ellis",
    "Amina Diallo",
    "Ravi Menon",
];
const TAGS: &[&str] = &[
    "cloud",
    "datacenter",
    "sécurité",
    "réseau",
    "énergie",
    "security",
    "networks",
    "policy",
];

/// A small deterministic generator (xorshift), so every run writes the same folder.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn sentence(rng: &mut Rng, words: &[&str]) -> String {
    let len = 8 + rng.below(14);
    let mut s = String::new();
    for i in 0..len {
        let w = rng.pick(words);
        if i == 0 {
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                s.extend(first.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
        if i > 2 && i + 2 < len && rng.below(12) == 0 {
            s.push(',');
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    (0..3 + rng.below(3))
        .map(|_| sentence(rng, words))
        .collect::<Vec<_>>()
        .join(" ")
}

/// About `target` bytes of paragraphs, with a section heading now and then.
fn body(rng: &mut Rng, words: &[&str], target: usize, heading_prefix: &str) -> String {
    let mut text = String::new();
    while text.len() < target {
        if !text.is_empty() && rng.below(4) == 0 {
            let heading = sentence(rng, words);
            let heading = heading.trim_end_matches('.');
            let short: Vec<&str> = heading.split(' ').take(5).collect();
            let _ = write!(text, "{heading_prefix}{}\n\n", short.join(" "));
        }
        text.push_str(&paragraph(rng, words));
        text.push_str("\n\n");
    }
    text.trim_end().to_owned()
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the folder");
    }
    std::fs::write(path, text).expect("write the article");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .expect("usage: generate_articles OUT_DIR [COUNT]"),
    );
    let count: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("COUNT is a number"));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut bytes = 0usize;
    for n in 0..count {
        let french = n % 2 == 0;
        let words = if french { FRENCH } else { ENGLISH };
        let year = 2000 + rng.below(25);
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let title = sentence(&mut rng, words);
        let title = title.trim_end_matches('.');
        let author = rng.pick(AUTHORS);
        let tag = rng.pick(TAGS);
        let lang = if french { "fr" } else { "en" };
        let dir = out.join(year.to_string());
        let (path, text) = match n % 5 {
            0 => {
                let text = format!(
                    " date {year}-{month:02} {}",
                    body(&mut rng, words, 2900, "")
                );
                (dir.join(format!("{n:05}_{:016x}.txt", rng.next())), text)
            }
            1 => {
                let text = format!(
                    "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}\nauthor: {author}\ntags: [{tag}, n{}]\nlang: {lang}\n---\n\n{}\n",
                    n % 97,
                    body(&mut rng, words, 2800, "## ")
                );
                (
                    dir.join(format!("{year}-{month:02}-{day:02}-article-{n}.md")),
                    text,
                )
            }
            2 => {
                let text = format!(
                    "+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}T08:30:00+01:00\n\n[taxonomies]\nauthors = [\"{author}\"]\ntags = [\"{tag}\"]\n+++\n\n{}\n",
                    body(&mut rng, words, 2800, "## ")
                );
                (dir.join(format!("post-{n}/index.md")), text)
            }
            3 => {
                let text = format!("# {title}\n\n{}\n", body(&mut rng, words, 2900, "## "));
                (dir.join(format!("{month:02}/{day:02}/note-{n}.md")), text)
            }
            _ => {
                let text = format!(
                    "---\ntitle: \"{title}\"\nauthors:\n  - {author}\ncategories: {tag}\ndescription: {}\n---\n{}\n",
                    sentence(&mut rng, words),
                    body(&mut rng, words, 2700, "## ")
                );
                (dir.join(format!("{year}-{month:02}-{day:02}-{n}.md")), text)
            }
        };
        bytes += text.len();
        write(&path, &text);
    }
    eprintln!(
        "wrote {count} articles ({:.1} MiB, {:.1} KB each on average) under {}",
        bytes as f64 / f64::from(1 << 20),
        bytes as f64 / count.max(1) as f64 / 1000.0,
        out.display()
    );
}
