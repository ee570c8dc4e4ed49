//! Finding near-duplicates at bundle time, in time linear in the corpus.
//!
//! 1. **Shingles**: each article's body is read with the index's own analysis (case, accents and
//!    elisions folded), and every run of [`SHINGLE_WORDS`] consecutive words is hashed.
//! 2. **MinHash** (one permutation, densified): each shingle hash goes to one of [`BINS`] bins by
//!    its top bits and the bin keeps its smallest value. Two articles agree on a bin with a
//!    probability equal to the Jaccard similarity of their shingle sets, so the fraction of equal
//!    bins estimates it. One hash per shingle: far cheaper than one hash per shingle and bin.
//! 3. **LSH banding**: the bins are cut into [`BANDS`] bands of [`ROWS`] bins; articles with one
//!    band equal become candidates. A pair at Jaccard 0.5 is a candidate with probability
//!    1 − (1 − 0.5³)²¹ ≈ 94 %, at 0.7 over 99.9 %, at 0.2 about 16 %, at 0.1 about 2 %.
//!    Bands are sorted, not compared pairwise; a band value shared by more than [`MAX_BUCKET`]
//!    articles (boilerplate, a template) is compared with its first article only, so no step is
//!    quadratic.
//! 4. **Verification**: a candidate pair is kept when its estimated Jaccard similarity (equal
//!    bins over all bins) is at least [`THRESHOLD`]; kept pairs are joined with union-find into
//!    groups, so a dispatch seen by five outlets is one group even when two of the outlets' edits
//!    put them below the threshold from each other.
//!
//! The threshold, 0.5 on four-word shingles, keeps a text republished with a new headline, a
//! changed lede, a few words edited and a paragraph cut or added (similarity 0.6–0.9 in the
//! tests' fixture), and leaves apart two articles on the same subject written separately (below
//! 0.1: they share words, rarely four in a row).

use rustc_hash::FxHasher;
use std::hash::Hasher;

use super::SimilarGroups;
use crate::analysis;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// MinHash bins per article.
pub const BINS: usize = 64;
/// Bins per LSH band.
pub const ROWS: usize = 3;
/// LSH bands (`BANDS × ROWS ≤ BINS`).
pub const BANDS: usize = 21;
/// Least estimated Jaccard similarity of two near-duplicates.
pub const THRESHOLD: f32 = 0.5;
/// Articles with fewer words are never grouped: a two-line brief or a "read more" stub says too
/// little to be called a copy of another.
pub const MIN_WORDS: usize = 24;
/// Above this many articles sharing one band value, the band is compared with its first article
/// only.
pub const MAX_BUCKET: usize = 32;

/// Equal bins needed for [`THRESHOLD`].
const MIN_EQUAL_BINS: usize = (THRESHOLD * BINS as f32 + 0.999) as usize;

/// One article's MinHash signature.
type Signature = [u32; BINS];

/// Collects signatures article by article (in article-number order), then groups them.
#[derive(Default)]
pub struct Detector {
    /// Per article, its signature, or `None` when it is too short to compare.
    signatures: Vec<Option<Box<Signature>>>,
}

impl Detector {
    /// An empty detector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next article by its plain-text body.
    pub fn add(&mut self, body: &str) {
        let mut shingles = Shingles::new();
        for token in analysis::tokens(body) {
            shingles.push(&token.folded);
        }
        self.push(shingles);
    }

    /// Adds the next article by the shingles of its body, when its words were read elsewhere (the
    /// index builder shows them as it goes: see [`crate::search::IndexBuilder::add_seeing_body`]).
    pub fn push(&mut self, shingles: Shingles) {
        self.signatures.push(shingles.finish().map(Box::new));
    }

    /// The groups of near-duplicates among the articles added.
    pub fn finish(self) -> SimilarGroups {
        let n = self.signatures.len();
        let mut sets = Groups::new(n);
        let mut band: Vec<(u64, u32)> = Vec::with_capacity(n);
        for b in 0..BANDS {
            band.clear();
            band.extend(self.signatures.iter().enumerate().filter_map(|(doc, sig)| {
                let sig = sig.as_ref()?;
                let rows = &sig[b * ROWS..(b + 1) * ROWS];
                let mut h = FxHasher::default();
                for &r in rows {
                    h.write_u32(r);
                }
                Some((h.finish(), doc as u32))
            }));
            band.sort_unstable();
            for bucket in band.chunk_by(|a, c| a.0 == c.0) {
                if bucket.len() < 2 {
                    continue;
                }
                let docs = bucket.iter().map(|&(_, d)| d);
                if bucket.len() > MAX_BUCKET {
                    let first = bucket[0].1;
                    for other in docs.skip(1) {
                        self.verify(&mut sets, first, other);
                    }
                } else {
                    for (i, a) in docs.clone().enumerate() {
                        for b in docs.clone().skip(i + 1) {
                            self.verify(&mut sets, a, b);
                        }
                    }
                }
            }
        }
        let groups = sets.members.into_iter().filter(|g| g.len() > 1).collect();
        SimilarGroups::new(n as u32, groups)
    }

    /// Joins the groups of `a` and `b` when `a` and `b` are near-duplicates and every member of
    /// the smaller group is a near-duplicate of the larger group's founder.
    ///
    /// Checking the founder, not only the pair, keeps groups from chaining: texts that overlap
    /// their neighbours (A like B, B like C, … Y like Z, A unlike Z) would otherwise all become
    /// one group. A dispatch republished by several outlets still folds whole, since each copy is
    /// close to the original.
    fn verify(&self, sets: &mut Groups, a: u32, b: u32) {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb || !self.similar(a, b) {
            return;
        }
        // The smaller group joins the larger: each article is checked and moved a logarithmic
        // number of times at most.
        let (founder, joining) =
            if sets.members[rb as usize].len() > sets.members[ra as usize].len() {
                (rb, ra)
            } else {
                (ra, rb)
            };
        if sets.members[joining as usize]
            .iter()
            .all(|&m| self.similar(founder, m))
        {
            sets.join(founder, joining);
        }
    }

    /// Whether two articles' estimated similarity reaches the threshold.
    fn similar(&self, a: u32, b: u32) -> bool {
        match (&self.signatures[a as usize], &self.signatures[b as usize]) {
            (Some(x), Some(y)) => equal_bins(x, y) >= MIN_EQUAL_BINS,
            _ => false,
        }
    }
}

/// The near-duplicate groups of Markdown bodies, numbered in the order given (for reports made
/// without building a bundle, as `kiosque check` does).
pub fn groups_of_bodies<'a>(bodies: impl IntoIterator<Item = &'a str>) -> SimilarGroups {
    let mut detector = Detector::new();
    for body in bodies {
        detector.add(&crate::markdown::plain_text(body));
    }
    detector.finish()
}

/// The estimated Jaccard similarity of the shingle sets of two texts, or `None` when one is too
/// short to compare (for tests and reports).
pub fn similarity(a: &str, b: &str) -> Option<f32> {
    Some(equal_bins(&signature(a)?, &signature(b)?) as f32 / BINS as f32)
}

fn equal_bins(a: &Signature, b: &Signature) -> usize {
    a.iter().zip(b).filter(|(x, y)| x == y).count()
}

/// The MinHash signature of a text, or `None` below [`MIN_WORDS`] words.
fn signature(text: &str) -> Option<Signature> {
    let mut shingles = Shingles::new();
    for token in analysis::tokens(text) {
        shingles.push(&token.folded);
    }
    shingles.finish()
}

/// One article's MinHash signature being built from its folded words, in order.
pub struct Shingles {
    sig: Signature,
    filled: u64,
    window: [u64; SHINGLE_WORDS],
    words: usize,
}

impl Default for Shingles {
    fn default() -> Self {
        Self::new()
    }
}

impl Shingles {
    /// No words yet.
    pub fn new() -> Self {
        Self {
            sig: [u32::MAX; BINS],
            filled: 0,
            window: [0; SHINGLE_WORDS],
            words: 0,
        }
    }

    /// The next folded word of the text.
    pub fn push(&mut self, folded: &str) {
        let mut h = FxHasher::default();
        h.write(folded.as_bytes());
        self.window.rotate_left(1);
        self.window[SHINGLE_WORDS - 1] = h.finish();
        self.words += 1;
        if self.words >= SHINGLE_WORDS {
            // Rotations keep the words' order in the shingle's hash.
            let mixed = self
                .window
                .iter()
                .enumerate()
                .fold(0u64, |acc, (i, &w)| acc ^ w.rotate_left(i as u32 * 17));
            let s = splitmix(mixed);
            let bin = (s >> 58) as usize;
            self.sig[bin] = self.sig[bin].min(s as u32);
            self.filled |= 1 << bin;
        }
    }

    /// The signature, or `None` below [`MIN_WORDS`] words.
    fn finish(self) -> Option<Signature> {
        if self.words < MIN_WORDS {
            return None;
        }
        let filled = |i: usize| self.filled & (1 << i) != 0;
        // Densification: an empty bin takes the value of the next filled one, shifted by the
        // distance, so two texts with the same empty bins still agree as their shingles do.
        let mut sig = self.sig;
        for (i, slot) in sig.iter_mut().enumerate() {
            if !filled(i) {
                let (distance, j) = (1..BINS)
                    .map(|d| (d, (i + d) % BINS))
                    .find(|&(_, j)| filled(j))
                    .unwrap_or((0, i));
                *slot = self.sig[j].wrapping_add(0x9e37_79b9u32.wrapping_mul(distance as u32));
            }
        }
        Some(sig)
    }
}

/// A fast, well-mixed 64-bit finaliser (SplitMix64's).
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Disjoint groups over article numbers, each named by its founder: the article the others
/// were checked against.
struct Groups {
    parent: Vec<u32>,
    /// A founder's members (itself included); empty for an article that is not a founder.
    members: Vec<Vec<u32>>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
            members: (0..n as u32).map(|doc| vec![doc]).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            // Path halving keeps the trees flat.
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Moves the group founded by `joining` into the one founded by `founder`.
    fn join(&mut self, founder: u32, joining: u32) {
        self.parent[joining as usize] = founder;
        let moved = std::mem::take(&mut self.members[joining as usize]);
        self.members[founder as usize].extend(moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(seed: u32, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("w{}", (i as u32).wrapping_mul(2_654_435_761) ^ seed))
            .collect()
    }

    #[test]
    fn identical_texts_match_and_short_ones_are_left_out() {
        let text = words(1, 200).join(" ");
        assert_eq!(similarity(&text, &text), Some(1.0));
        assert_eq!(similarity("trop court", &text), None);
    }

    #[test]
    fn small_edits_stay_above_the_threshold_and_other_texts_below() {
        let base = words(1, 300);
        let mut edited = base.clone();
        for i in (0..300).step_by(40) {
            edited[i] = "changed".into();
        }
        let other = words(2, 300);
        let s = similarity(&base.join(" "), &edited.join(" ")).unwrap();
        assert!(s >= THRESHOLD, "{s}");
        let s = similarity(&base.join(" "), &other.join(" ")).unwrap();
        assert!(s < 0.1, "{s}");
    }

    #[test]
    fn groups_copies_transitively_and_caps_huge_buckets() {
        let mut d = Detector::new();
        let base = words(7, 300);
        let mut copy = base.clone();
        copy.truncate(260);
        let mut copy_of_copy = copy.clone();
        copy_of_copy.drain(..30);
        d.add(&base.join(" ")); // 0
        d.add(&words(8, 300).join(" ")); // 1
        d.add(&copy.join(" ")); // 2
        d.add("short"); // 3
        d.add(&copy_of_copy.join(" ")); // 4
                                        // Many identical boilerplate texts: one group, built without comparing all pairs.
        let boilerplate = words(9, 50).join(" ");
        for _ in 0..100 {
            d.add(&boilerplate);
        }
        let groups = d.finish();
        assert_eq!(groups.group_of(0), &[0, 2, 4]);
        assert_eq!(groups.group_id(1), None);
        assert_eq!(groups.group_id(3), None);
        assert_eq!(groups.group_of(5).len(), 100);
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn overlapping_texts_do_not_chain_into_one_group() {
        // Fifty texts of 200 words, each shifted 20 words from the previous one: neighbours are
        // near-duplicates, texts four or more apart are not.
        let stream = words(11, 50 * 20 + 200);
        let mut d = Detector::new();
        for i in 0..50 {
            d.add(&stream[i * 20..i * 20 + 200].join(" "));
        }
        // A dispatch republished by five outlets, each with its own small edits.
        let dispatch = words(12, 300);
        for outlet in 0..5 {
            let mut copy = dispatch.clone();
            for i in (outlet * 7..300).step_by(45) {
                copy[i] = format!("outlet{outlet}");
            }
            d.add(&copy.join(" "));
        }
        let groups = d.finish();
        let chain: Vec<&Vec<u32>> = groups.groups().iter().filter(|g| g[0] < 50).collect();
        assert!(chain.len() > 1, "{chain:?}");
        for group in &chain {
            assert!(group.len() <= 8, "a chained group: {group:?}");
            // Every member stays within the founder's reach: four shifts at most from one another.
            assert!(group[group.len() - 1] - group[0] <= 6, "{group:?}");
        }
        assert_eq!(groups.group_of(50), &[50, 51, 52, 53, 54]);
    }
}
