//! Near-duplicates: articles whose text is nearly the same (one agency dispatch or press release
//! republished by several outlets with small edits), found at bundle time and stored as groups in
//! `similar.bin`.
//!
//! Detection ([`detect`], bundler only) compares word shingles with MinHash and locality
//! sensitive hashing, linear in the corpus; this module holds what the reader needs too: the
//! groups, their compact encoding, and folding a result list so each group shows once.

#[cfg(feature = "bundler")]
pub mod detect;

use crate::search::varint;

/// Marks an article that belongs to no group in [`SimilarGroups::group_of`].
const NO_GROUP: u32 = u32::MAX;

/// Groups of near-duplicate articles, by article number (catalog position). Every group has at
/// least two members, in increasing order; an article is in at most one group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimilarGroups {
    /// Each group's members, groups ordered by their first member.
    groups: Vec<Vec<u32>>,
    /// Per article, its group's number in `groups`, or [`NO_GROUP`].
    group_of: Vec<u32>,
}

/// Why `similar.bin`'s payload cannot be read; the caller names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl SimilarGroups {
    /// Groups over `articles` articles. Members out of range, groups of fewer than two and
    /// articles already grouped are dropped, so the result always keeps the invariants.
    pub fn new(articles: u32, groups: Vec<Vec<u32>>) -> Self {
        let mut group_of = vec![NO_GROUP; articles as usize];
        let mut kept = Vec::with_capacity(groups.len());
        let mut groups = groups;
        for members in &mut groups {
            members.sort_unstable();
            members.dedup();
        }
        groups.sort_unstable_by_key(|g| g.first().copied());
        for members in groups {
            let members: Vec<u32> = members
                .into_iter()
                .filter(|&m| group_of.get(m as usize) == Some(&NO_GROUP))
                .collect();
            if members.len() < 2 {
                continue;
            }
            for &m in &members {
                group_of[m as usize] = kept.len() as u32;
            }
            kept.push(members);
        }
        Self {
            groups: kept,
            group_of,
        }
    }

    /// Every group, ordered by first member.
    pub fn groups(&self) -> &[Vec<u32>] {
        &self.groups
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether no article has a near-duplicate.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The number of the group holding `doc`, if any.
    pub fn group_id(&self, doc: u32) -> Option<u32> {
        self.group_of
            .get(doc as usize)
            .copied()
            .filter(|&g| g != NO_GROUP)
    }

    /// The group holding `doc` (itself included), or an empty slice.
    pub fn group_of(&self, doc: u32) -> &[u32] {
        self.group_id(doc)
            .map_or(&[], |g| self.groups[g as usize].as_slice())
    }

    /// Writes the groups as varints: the group count, then per group its size minus two, its
    /// first member as a gap from the previous group's first, and its other members as gaps.
    /// About one byte per grouped article plus two per group.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        varint::push(&mut out, self.groups.len() as u32);
        let mut previous_first = 0;
        for members in &self.groups {
            varint::push(&mut out, members.len() as u32 - 2);
            varint::push(&mut out, members[0] - previous_first);
            previous_first = members[0];
            for pair in members.windows(2) {
                varint::push(&mut out, pair[1] - pair[0]);
            }
        }
        out
    }

    /// Reads what [`Self::encode`] wrote for a bundle of `articles` articles. Every count is
    /// checked against the bytes left before anything is allocated, so damaged or hostile bytes
    /// give an error, never a panic or a huge allocation.
    pub fn decode(articles: u32, bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = varint::Reader::new(bytes);
        let mut next = |what: &str| {
            reader
                .try_next()
                .ok_or_else(|| DecodeError(format!("it ends in the middle of {what}")))
        };
        let count = next("the group count")? as usize;
        // A group takes three bytes at least (size, first member, one gap).
        if count > bytes.len() / 3 {
            return Err(DecodeError(format!(
                "it announces {count} groups in {} bytes",
                bytes.len()
            )));
        }
        let mut group_of = vec![NO_GROUP; articles as usize];
        let mut groups = Vec::with_capacity(count);
        let mut first = 0u32;
        for g in 0..count {
            let size = next("a group size")? as usize + 2;
            if size > bytes.len() {
                return Err(DecodeError(format!("group {g} announces {size} members")));
            }
            first = first
                .checked_add(next("a group")?)
                .ok_or_else(|| DecodeError("an article number overflows".into()))?;
            let mut members = Vec::with_capacity(size);
            let mut member = first;
            for i in 0..size {
                if i > 0 {
                    let gap = next("a group")?;
                    if gap == 0 {
                        return Err(DecodeError(format!("group {g} names an article twice")));
                    }
                    member = member
                        .checked_add(gap)
                        .ok_or_else(|| DecodeError("an article number overflows".into()))?;
                }
                match group_of.get_mut(member as usize) {
                    Some(slot) if *slot == NO_GROUP => *slot = g as u32,
                    Some(_) => {
                        return Err(DecodeError(format!("article {member} is in two groups")))
                    }
                    None => {
                        return Err(DecodeError(format!(
                            "it names article {member} but the bundle has {articles}"
                        )))
                    }
                }
                members.push(member);
            }
            groups.push(members);
        }
        if !reader.is_empty() {
            return Err(DecodeError("bytes follow the last group".into()));
        }
        Ok(Self { groups, group_of })
    }

    /// Folds a result list (article numbers in the order shown) so that each group appears once,
    /// at the place of its first member in the list (the best-ranked, or the earliest or latest
    /// for a date order), with the number of its other members in the list. The groups that
    /// `expanded` names are followed by their other members in the list, in list order, marked
    /// as versions. Linear in the list.
    pub fn fold(
        &self,
        docs: impl Iterator<Item = u32> + Clone,
        expanded: impl Fn(u32) -> bool,
    ) -> Vec<Folded> {
        // First pass: members of each group present in the list, and for the expanded groups
        // (a reader opens a few) which ones, in list order.
        let mut present: Vec<u32> = vec![0; self.groups.len()];
        let mut listed: Vec<(u32, Vec<u32>)> = Vec::new();
        for doc in docs.clone() {
            if let Some(g) = self.group_id(doc) {
                present[g as usize] += 1;
                if expanded(g) {
                    match listed.iter_mut().find(|(h, _)| *h == g) {
                        Some((_, members)) => members.push(doc),
                        None => listed.push((g, vec![doc])),
                    }
                }
            }
        }
        // One row per document at most (until a group is expanded): no growing at 100,000 hits.
        let mut out = Vec::with_capacity(docs.size_hint().0);
        for doc in docs {
            let Some(g) = self.group_id(doc) else {
                out.push(Folded {
                    doc,
                    others: 0,
                    group: None,
                    version: false,
                });
                continue;
            };
            let slot = &mut present[g as usize];
            // The first member seen takes the count and marks the group as shown.
            if *slot == u32::MAX {
                continue;
            }
            out.push(Folded {
                doc,
                others: *slot - 1,
                group: Some(g),
                version: false,
            });
            *slot = u32::MAX;
            let members = listed
                .iter()
                .find(|(h, _)| *h == g)
                .map(|(_, m)| m.as_slice());
            for &other in members.unwrap_or_default() {
                if other != doc {
                    out.push(Folded {
                        doc: other,
                        others: 0,
                        group: Some(g),
                        version: true,
                    });
                }
            }
        }
        out
    }
}

/// One shown result of a folded list: an article and the number of other versions of it among the
/// results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    /// The article shown.
    pub doc: u32,
    /// For a group's first member: its other members in the list ("N other versions").
    pub others: u32,
    /// The article's group, if any.
    pub group: Option<u32>,
    /// Whether this is another version shown under its group's first member.
    pub version: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> SimilarGroups {
        SimilarGroups::new(20, vec![vec![9, 3, 4], vec![1, 12], vec![5], vec![12, 15]])
    }

    #[test]
    fn keeps_groups_of_two_or_more_once() {
        let g = groups();
        assert_eq!(g.groups(), &[vec![1, 12], vec![3, 4, 9]]);
        assert_eq!(g.group_of(4), &[3, 4, 9]);
        assert_eq!(g.group_of(15), &[] as &[u32]);
        assert_eq!(g.group_id(5), None);
        assert_eq!(g.group_id(99), None);
    }

    #[test]
    fn round_trips_compactly() {
        let g = groups();
        let bytes = g.encode();
        assert_eq!(bytes.len(), 1 + (2 + 1) + (2 + 2));
        assert_eq!(SimilarGroups::decode(20, &bytes).unwrap(), g);
        assert_eq!(
            SimilarGroups::decode(0, &SimilarGroups::default().encode()).unwrap(),
            SimilarGroups::default()
        );
    }

    #[test]
    fn refuses_damaged_bytes() {
        let bytes = groups().encode();
        assert!(
            SimilarGroups::decode(10, &bytes).is_err(),
            "article 12 ≥ 10"
        );
        assert!(SimilarGroups::decode(20, &bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SimilarGroups::decode(20, &longer).is_err());
        // A count of a billion groups in a few bytes is refused before any allocation.
        assert!(SimilarGroups::decode(20, &[0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
        // Two groups sharing an article.
        let mut twice = Vec::new();
        for v in [2, 0, 1, 1, 0, 0, 1] {
            varint::push(&mut twice, v);
        }
        assert!(SimilarGroups::decode(20, &twice).is_err());
    }

    #[test]
    fn random_bytes_never_panic() {
        // A small deterministic generator: the test needs no dependency.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000 {
            let len = (next() % 48) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    // Mostly small values, so that some inputs get deep into the decoder.
                    let b = next() as u8;
                    if round % 2 == 0 {
                        b & 0x0f
                    } else {
                        b
                    }
                })
                .collect();
            if let Ok(g) = SimilarGroups::decode(64, &bytes) {
                assert!(g.groups().iter().all(|m| m.len() >= 2));
                assert_eq!(SimilarGroups::decode(64, &g.encode()).unwrap(), g);
            }
        }
    }

    #[test]
    fn folds_each_group_at_its_first_place() {
        let g = groups();
        let list = [12u32, 5, 4, 1, 9, 7];
        let row = |doc, others, group, version| Folded {
            doc,
            others,
            group,
            version,
        };
        assert_eq!(
            g.fold(list.iter().copied(), |_| false),
            [
                row(12, 1, Some(0), false),
                row(5, 0, None, false),
                row(4, 1, Some(1), false),
                row(7, 0, None, false),
            ]
        );
        // Group 1 (3, 4, 9) expanded: 9, its other member in the list, follows 4.
        assert_eq!(
            g.fold(list.iter().copied(), |g| g == 1),
            [
                row(12, 1, Some(0), false),
                row(5, 0, None, false),
                row(4, 1, Some(1), false),
                row(9, 0, Some(1), true),
                row(7, 0, None, false),
            ]
        );
    }
}
