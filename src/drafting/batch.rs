//! One batch of a mailbox's UIDs, exactly once: read, classify, check Drafts and Sent,
//! compose, append, settle overlapping runs' duplicates, mark the sources `$Rebound`.

use std::collections::HashMap;

use super::{Drafter, DraftingError, Source};
use crate::compose::ComposeError;
use crate::pipeline::{analyze_all, Analysis};
use crate::report::sanitize;
use crate::sink::imap::{mark_drafted, ImapDrafts, Settled, Skip};
use crate::source::imap::{ImapError, Session, BATCH, KEYWORD};

impl Drafter {
    /// Handle `uids` of the source mailbox, batch by batch. Expects the source selected (as
    /// [`Drafter::open_source`] left it) and leaves it selected.
    /// Returns Err only for connection-level problems, template errors and report failures.
    pub(super) fn process(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
        source: &Source<'_>,
        uids: &[u32],
    ) -> Result<(), DraftingError> {
        // Re-selecting a large mailbox is not free (the server resyncs it): only after leaving it.
        let mut source_selected = true;
        for chunk in uids.chunks(BATCH) {
            if !source_selected {
                self.open_source(session, source.mailbox)
                    .map_err(DraftingError::Imap)?;
                source_selected = true;
            }
            let fetched = session
                .fetch_for_classification(chunk, &source.mailbox.name, source.uid_validity)
                .map_err(DraftingError::Imap)?;
            let mut analyses = analyze_all(&fetched, &self.setup.classifier);
            if self.read_threads(session, drafts, source, &mut analyses)? {
                source_selected = false;
            }
            let mut candidates: Vec<(u32, Analysis)> = Vec::new();
            for (f, a) in fetched.iter().zip(analyses) {
                if let Some(e) = &a.error {
                    self.summary.count_unreadable();
                    self.failed.push(f.uid);
                    self.printer.error(&format!(
                        "{}: unreadable: {}",
                        sanitize(&a.origin),
                        sanitize(e)
                    ));
                    continue;
                }
                self.summary.count_at(&a.origin, &a.verdict);
                if a.reported() && !self.drafts_for(&a.verdict) {
                    self.record(&a, None)?;
                }
                if !self.drafts_for(&a.verdict) {
                    self.printer.note(&format!(
                        "{}: {}",
                        sanitize(&a.origin),
                        a.verdict.class.as_str()
                    ));
                    continue;
                }
                if f.flags.answered || f.flags.drafted {
                    self.record(&a, None)?;
                }
                if f.flags.answered {
                    self.answered += 1;
                    self.line(&a, Skip::Answered.describe());
                    continue;
                }
                if f.flags.drafted {
                    self.count_draft(&a, false);
                    self.line(&a, Skip::DraftPresent.describe());
                    continue;
                }
                candidates.push((f.uid, a));
            }
            if candidates.is_empty() {
                continue;
            }
            // What Drafts and Sent hold right now (cheap when nothing arrived since the last batch).
            if drafts.refresh(session).map_err(DraftingError::Imap)? {
                source_selected = false;
            }
            let mut to_mark: Vec<u32> = Vec::new();
            // Appended in this batch: (index into candidates, UID in Drafts if the server said).
            let mut appended: Vec<(usize, Option<u32>)> = Vec::new();
            let now = chrono::Local::now().fixed_offset();
            for (i, (uid, a)) in candidates.iter().enumerate() {
                let id = message_id(a);
                if id
                    .as_deref()
                    .is_some_and(|id| drafts.replied(id) || drafts.present(id))
                    || (id.is_none() && !source.keywords_allowed)
                {
                    self.record(a, None)?;
                }
                if id.as_deref().is_some_and(|id| drafts.replied(id)) {
                    self.replied += 1;
                    self.line(a, Skip::RepliedInSent.describe());
                    continue;
                }
                if id.as_deref().is_some_and(|id| drafts.present(id)) {
                    self.count_draft(a, false);
                    to_mark.push(*uid);
                    self.line(a, Skip::DraftPresent.describe());
                    continue;
                }
                if id.is_none() && !self.can_mark(source) {
                    // Nothing would stop the next run from drafting it again.
                    self.no_id += 1;
                    self.line(a, "skipped: no Message-ID to remember it by");
                    continue;
                }
                let Some(mail) = &a.mail else { continue };
                let draft =
                    match self
                        .setup
                        .composer
                        .compose(mail, &a.verdict, &self.setup.identity, now)
                    {
                        Ok(d) => d,
                        Err(ComposeError::Template(msg)) => {
                            return Err(DraftingError::Template(msg))
                        }
                        Err(e) => {
                            self.record(a, None)?;
                            self.summary.count_draft_failure();
                            self.failed.push(*uid);
                            self.printer
                                .error(&format!("{}: no draft: {e}", sanitize(&a.origin)));
                            continue;
                        }
                    };
                self.record(a, Some(&draft))?;
                if self.dry_run {
                    self.line(a, "would draft");
                    continue;
                }
                let draft_uid = match drafts.append(session, &draft, id.as_deref()) {
                    Ok(u) => u,
                    Err(e @ ImapError::Refused { .. }) => {
                        // This message's draft only (a quota, a size limit): the next run retries.
                        self.summary.count_draft_failure();
                        self.failed.push(*uid);
                        self.printer.error(&format!(
                            "{}: no draft: {}",
                            sanitize(&a.origin),
                            sanitize(&e.to_string())
                        ));
                        continue;
                    }
                    Err(e) => return Err(DraftingError::Imap(e)),
                };
                appended.push((i, draft_uid));
                to_mark.push(*uid);
            }
            if !appended.is_empty() {
                // Another run may have appended a draft for the same message meanwhile.
                let settled = self.settle(session, drafts)?;
                if settled.moved {
                    source_selected = false;
                }
                for (i, draft_uid) in appended {
                    let a = &candidates[i].1;
                    if draft_uid.is_some_and(|u| settled.gone.contains(&u)) {
                        self.count_draft(a, false);
                        self.line(a, "draft already in Drafts (another run wrote it first)");
                    } else {
                        self.count_draft(a, true);
                        self.written_uids.extend(draft_uid);
                        self.line(a, &format!("drafted to {}", drafts.drafts().display_name));
                    }
                }
            }
            if !self.dry_run && self.can_mark(source) && !to_mark.is_empty() {
                if !source_selected {
                    self.open_source(session, source.mailbox)
                        .map_err(DraftingError::Imap)?;
                    source_selected = true;
                }
                let origins: HashMap<u32, &str> = candidates
                    .iter()
                    .map(|(uid, a)| (*uid, a.origin.as_str()))
                    .collect();
                self.mark(session, source, &to_mark, &origins)?;
            }
        }
        if !source_selected {
            self.open_source(session, source.mailbox)
                .map_err(DraftingError::Imap)?;
        }
        Ok(())
    }

    /// True when `$Rebound` can be stored in the source: PERMANENTFLAGS allow it and the server
    /// has not refused it there in this run.
    fn can_mark(&self, source: &Source<'_>) -> bool {
        source.keywords_allowed && !self.unmarkable.contains(&source.mailbox.name)
    }

    /// STORE `$Rebound` on `uids`. A NO is no connection failure: when the server refuses every
    /// message (the mailbox will take no new keyword, e.g. Cyrus's 100-keyword table is full)
    /// the mailbox is noted and said once, else each refused message is a failure of its own.
    fn mark(
        &mut self,
        session: &mut Session,
        source: &Source<'_>,
        uids: &[u32],
        origins: &HashMap<u32, &str>,
    ) -> Result<(), DraftingError> {
        let reason = match mark_drafted(session, uids) {
            Ok(()) => return Ok(()),
            Err(ImapError::Refused { reason, .. }) => reason,
            Err(e) => return Err(DraftingError::Imap(e)),
        };
        let mut refused: Vec<(u32, Option<String>)> = Vec::new();
        if uids.len() > 1 {
            // Only a failure costs these round trips: tell one refused message from a mailbox.
            for &uid in uids {
                match mark_drafted(session, &[uid]) {
                    Ok(()) => {}
                    Err(ImapError::Refused { reason, .. }) => refused.push((uid, reason)),
                    Err(e) => return Err(DraftingError::Imap(e)),
                }
            }
        }
        if uids.len() == 1 || refused.len() == uids.len() {
            self.unmarkable.insert(source.mailbox.name.clone());
            self.printer.warn(&format!(
                "{}: the server refuses the keyword {KEYWORD} in this mailbox{}, so rebound \
                 cannot mark the messages it drafts there; drafting goes on, guarded by the \
                 Drafts and Sent check alone: a draft you delete may be drafted again by a later \
                 run that reads its message again",
                sanitize(&source.mailbox.name),
                said(reason.as_deref())
            ));
            return Ok(());
        }
        for (uid, reason) in refused {
            self.unmarked += 1;
            self.failed.push(uid);
            let origin = origins.get(&uid).copied().unwrap_or("?");
            self.printer.error(&format!(
                "{}: drafted, but the server refused to mark it {KEYWORD}{}",
                sanitize(origin),
                said(reason.as_deref())
            ));
        }
        Ok(())
    }

    /// Settle Drafts (see [`ImapDrafts::settle`]) and say on stderr what it removed or left.
    pub(super) fn settle(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
    ) -> Result<Settled, DraftingError> {
        let settled = drafts.settle(session).map_err(DraftingError::Imap)?;
        self.said_settled(drafts, settled)
    }

    /// The end of a run: settle Drafts, with a last look at every draft this run counts as
    /// written (see [`ImapDrafts::recheck`]). A draft whose copy did not stay (a run that
    /// appended at the same moment kept its own, lower one) counts as already present, so
    /// overlapping runs' "written" counts add up to the drafts Drafts gained.
    pub(super) fn recheck(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
    ) -> Result<Settled, DraftingError> {
        let written = std::mem::take(&mut self.written_uids);
        if written.is_empty() {
            return self.settle(session, drafts);
        }
        let settled = drafts
            .recheck(session, &written)
            .map_err(DraftingError::Imap)?;
        let lost = settled.gone.len() as u64;
        if lost > 0 {
            let moved = lost.min(self.summary.drafts_written);
            self.summary.drafts_written -= moved;
            self.summary.drafts_present += moved;
            self.printer.note(&format!(
                "{}: {lost} of this run's drafts were also written by an overlapping run, whose \
                 copies stay",
                sanitize(&drafts.drafts().display_name)
            ));
        }
        self.said_settled(drafts, settled)
    }

    /// Say on stderr what a settle removed or had to leave.
    fn said_settled(
        &mut self,
        drafts: &ImapDrafts,
        settled: Settled,
    ) -> Result<Settled, DraftingError> {
        if !settled.removed.is_empty() {
            self.printer.note(&format!(
                "{}: removed {} duplicate draft(s) that overlapping runs wrote",
                sanitize(&drafts.drafts().display_name),
                settled.removed.len()
            ));
        }
        let why = match &settled.refused {
            Some(reason) => {
                self.cleanup_refused += settled.left.len() as u64;
                format!("the server refused to remove it{}", said(reason.as_deref()))
            }
            None => "the server lacks UIDPLUS, so rebound cannot remove one safely".to_string(),
        };
        for id in &settled.left {
            self.printer.warn(&format!(
                "{} holds more than one rebound draft for <{}>; {why}: please delete the extra \
                 copy by hand",
                sanitize(&drafts.drafts().display_name),
                sanitize(id)
            ));
        }
        Ok(settled)
    }
}

/// ` (server said: ...)`, or nothing when the server gave no reason.
fn said(reason: Option<&str>) -> String {
    reason
        .map(|r| format!(" (server said: {})", sanitize(r.trim())))
        .unwrap_or_default()
}

fn message_id(a: &Analysis) -> Option<String> {
    a.mail
        .as_ref()
        .and_then(|m| m.message_id.clone())
        .filter(|id| !id.trim().is_empty())
}
