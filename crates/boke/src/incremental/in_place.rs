//! Edits that move no page: the edited pages are swapped into the last site, and only the
//! pages showing them are fingerprinted again, instead of assembling, planning and
//! fingerprinting the whole site on every save.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Invalidation, LiveSite, Rendered, Update};
use crate::assemble::{Slot, stays_in_place};
use crate::diagnostic::Diagnostics;
use crate::parse::Page;
use crate::render;
use crate::render::plan::{Job, JobIndex, Showing};
use crate::render::summary::SummaryHashes;
use crate::timings::Timings;

/// The pages of the last rebuild, how each was rendered, and what that was made from.
pub(super) struct Planned {
    pub(crate) plan: Vec<Job>,
    /// How each job of `plan` was last rendered (same order).
    pub(crate) states: Vec<Rendered>,
    pub(crate) summaries: SummaryHashes,
    /// Which pages show which post; made at the first edit in place, kept while pages stay.
    showing: Option<Showing>,
}

impl Planned {
    pub(crate) fn new(plan: Vec<Job>, states: Vec<Rendered>, summaries: SummaryHashes) -> Self {
        Self {
            plan,
            states,
            summaries,
            showing: None,
        }
    }
}

impl LiveSite {
    /// The published pages edited since the last rebuild, each with its place, when every
    /// edit [stays in place](stays_in_place); `None` when the site must be assembled again.
    pub(super) fn edits_in_place(&self) -> Option<Vec<(Slot, Arc<Page>)>> {
        if self.pending >= Invalidation::Reassemble {
            return None;
        }
        let mut edits = Vec::new();
        for (path, was) in &self.edited {
            // A new or removed source changes the site around it.
            let was = was.as_ref()?;
            let now = &self.entries.get(path)?.page;
            if !stays_in_place(was, now) {
                return None;
            }
            match self.site.slot_of(was) {
                Some(slot) => edits.push((slot, Arc::clone(now))),
                // A hidden draft stays hidden. A page hidden for its date in the future may
                // be due by now: the site is assembled again to see.
                None if was.placement.draft && !self.visibility.drafts => {}
                None => return None,
            }
        }
        Some(edits)
    }

    /// Swaps `edits` into the site and renders the pages showing them whose fingerprints
    /// changed.
    pub(super) fn rebuild_in_place(
        &mut self,
        edits: &[(Slot, Arc<Page>)],
        mut timings: Timings,
    ) -> Result<Update, Diagnostics> {
        let Some(mut planned) = self.planned.take() else {
            return self.reassemble(timings);
        };
        let site = Arc::new(self.site.with_edits(edits));
        timings.lap("assemble");
        let showing = planned
            .showing
            .get_or_insert_with(|| Showing::of(&planned.plan, &site));
        let mut affected = BTreeSet::new();
        let mut edited_posts = Vec::new();
        for (slot, _) in edits {
            match *slot {
                Slot::Post(index) => {
                    edited_posts.push(index);
                    affected.extend(showing.post.get(index).into_iter().flatten());
                }
                Slot::Page(index) => affected.extend(showing.page.get(index).copied().flatten()),
            }
        }
        if !edited_posts.is_empty() {
            affected.extend(&showing.every_post);
        }
        let mut summaries = planned.summaries.clone();
        summaries.refresh(&site, &edited_posts);
        timings.lap("plan");

        let affected: Vec<JobIndex> = affected.into_iter().collect();
        let stale: Vec<JobIndex> = affected
            .into_par_iter()
            .filter(|&JobIndex(i)| {
                let last = planned.states[i];
                planned.plan[i].fingerprint(&site, &summaries, last.shown) != last.fingerprint
            })
            .collect();
        timings.lap("compare");

        let rendered = self.render_stale(
            &site,
            &planned.plan,
            &stale,
            &summaries,
            &mut planned.states,
        );
        let mut files = match rendered {
            Ok(files) => files,
            Err(problems) => {
                self.planned = Some(planned);
                return Err(problems);
            }
        };
        planned.summaries = summaries;
        self.planned = Some(planned);
        let rendered = files.len();
        // An alias page names its page's title, which an edit in place can change.
        if edits
            .iter()
            .any(|(_, page)| !page.placement.aliases.is_empty())
        {
            files.extend(render::alias_pages(&site));
        }
        timings.lap("render");

        if self.pending >= Invalidation::Copies {
            self.copies = self.list_copies(&site);
        }
        self.site = site;
        timings.lap("copies");
        Ok(Update {
            rendered,
            files,
            removed: Vec::new(),
            copies: self.copies.clone(),
            warnings: Vec::new(),
            reassembled: false,
            timings,
            hidden: self.hidden(),
        })
    }
}
