//! The offline panel's state: what the service worker (`static/sw.js`) says it keeps, and the
//! reader's offer to keep everything, as a state and the actions that change it.

use std::rc::Rc;

use yew::Reducible;

/// What the worker keeps: `kept` of the bundle's `files`, `kept_bytes` of its `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// Files kept.
    pub kept: u32,
    /// Files in the bundle.
    pub files: u32,
    /// Bytes kept.
    pub kept_bytes: u64,
    /// Bytes in the bundle.
    pub bytes: u64,
}

/// What the offline panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfflinePanel {
    /// Nothing: everything is kept, or nothing was said yet.
    Hidden,
    /// Part of a large bundle is kept: the rest is offered.
    Offer(Kept),
    /// The rest is being kept; the percentage done once known.
    Saving(Option<u32>),
    /// Everything is kept now (shown a moment, then hidden).
    Done,
    /// Keeping the rest failed, for this reason.
    Failed(String),
    /// The reader said "not now": not offered again on this page.
    Dismissed,
}

/// What happens to the offline panel.
#[derive(Debug, Clone, PartialEq)]
pub enum OfflineAction {
    /// The worker reported what it keeps.
    Status(Kept),
    /// The reader asked to keep everything.
    KeepAll,
    /// The worker has kept `done` of `total` files of the rest.
    Progress {
        /// Files kept so far.
        done: u32,
        /// Files to keep.
        total: u32,
    },
    /// The worker could not keep the rest.
    Failed(String),
    /// The reader closed the panel, or the "done" message has been read.
    Close,
}

impl Reducible for OfflinePanel {
    type Action = OfflineAction;

    fn reduce(self: Rc<Self>, action: OfflineAction) -> Rc<Self> {
        use OfflinePanel::*;
        let next = match (&*self, action) {
            (Dismissed, _) => return self,
            (Saving(_), OfflineAction::Status(k)) if k.kept >= k.files => Done,
            (Saving(_) | Failed(_), OfflineAction::Status(_)) => return self,
            (_, OfflineAction::Status(k)) if k.kept >= k.files => return self,
            (_, OfflineAction::Status(k)) => Offer(k),
            (Offer(_), OfflineAction::KeepAll) => Saving(None),
            (Saving(_), OfflineAction::Progress { done, total }) => {
                Saving(Some(done.saturating_mul(100) / total.max(1)))
            }
            (Saving(_), OfflineAction::Failed(why)) => Failed(why),
            (Done, OfflineAction::Close) => Hidden,
            (_, OfflineAction::Close) => Dismissed,
            _ => return self,
        };
        Rc::new(next)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn kept(kept: u32, files: u32) -> OfflineAction {
        OfflineAction::Status(Kept {
            kept,
            files,
            kept_bytes: u64::from(kept) * 1000,
            bytes: u64::from(files) * 1000,
        })
    }

    fn run(actions: impl IntoIterator<Item = OfflineAction>) -> OfflinePanel {
        let state = actions
            .into_iter()
            .fold(Rc::new(OfflinePanel::Hidden), |s, a| s.reduce(a));
        (*state).clone()
    }

    #[test]
    fn a_bundle_kept_whole_is_not_offered() {
        assert_eq!(run([kept(9, 9)]), OfflinePanel::Hidden);
        assert!(matches!(run([kept(4, 9)]), OfflinePanel::Offer(k) if k.kept == 4));
    }

    #[test]
    fn keeping_everything_shows_progress_then_done_then_goes() {
        let saving = [kept(4, 9), OfflineAction::KeepAll];
        assert_eq!(run(saving.clone()), OfflinePanel::Saving(None));
        let progress = OfflineAction::Progress { done: 1, total: 4 };
        assert_eq!(
            run(saving.clone().into_iter().chain([progress.clone()])),
            OfflinePanel::Saving(Some(25))
        );
        // A status that is not complete yet does not bring the offer back mid-way.
        assert_eq!(
            run(saving.clone().into_iter().chain([progress, kept(5, 9)])),
            OfflinePanel::Saving(Some(25))
        );
        let done = saving.clone().into_iter().chain([kept(9, 9)]);
        assert_eq!(run(done.clone()), OfflinePanel::Done);
        assert_eq!(
            run(done.chain([OfflineAction::Close])),
            OfflinePanel::Hidden
        );
        let failed = saving
            .into_iter()
            .chain([OfflineAction::Failed("quota".into())]);
        assert_eq!(run(failed), OfflinePanel::Failed("quota".into()));
    }

    #[test]
    fn not_now_is_not_asked_again_on_this_page() {
        assert_eq!(
            run([kept(4, 9), OfflineAction::Close, kept(4, 9)]),
            OfflinePanel::Dismissed
        );
        // Nothing to keep before the reader asks.
        assert_eq!(
            run([
                OfflineAction::KeepAll,
                OfflineAction::Progress { done: 1, total: 2 }
            ]),
            OfflinePanel::Hidden
        );
    }
}
