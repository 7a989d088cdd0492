//! `rebound draft`: a draft reply to each new rejection, appended to the account's Drafts folder.
//! The `Drafter` here does the work per batch of UIDs; `watch` reuses it for new mail.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::Arc;

use super::scan::{imap_fatal, window};
use super::setup::{self, Account, Connection, Outcome, Setup};
use super::Fatal;
use crate::classify::answer::Answer;
use crate::classify::{Class, Step, Verdict};
use crate::cli::DraftArgs;
use crate::compose::{ComposeError, Draft};
use crate::config::Config;
use crate::conversation::{self, Book};
use crate::exit_codes::ExitCode;
use crate::pipeline::{analyze_all, Analysis};
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Outputs, Row, Summary};
use crate::sink::imap::{mark_drafted, ImapDrafts, Settled, Skip};
use crate::source::imap::state::{self, ExaminedState, StateKey, Unusable};
use crate::source::imap::{
    imap_date, AccountSettings, ImapError, MailboxInfo, OpenMailbox, Session, Window, BATCH,
    KEYWORD,
};

/// Classifies, composes and appends drafts for batches of UIDs of one mailbox.
pub(crate) struct Drafter {
    /// Sender, classifier and composer, shared by every account of the run.
    setup: Arc<Setup>,
    dry_run: bool,
    printer: Printer,
    /// Counts for the end-of-run summary.
    pub(crate) summary: Summary,
    /// Rejections skipped because the source is `\Answered`.
    pub(crate) answered: u64,
    /// Rejections skipped because Sent holds a reply.
    pub(crate) replied: u64,
    /// Rejections left alone: no Message-ID and no keyword to remember them by.
    pub(crate) no_id: u64,
    /// UIDs that could not be read or drafted: the next run reads them again.
    pub(crate) failed: Vec<u32>,
    /// Drafted sources the server refused to mark with `$Rebound`, one by one.
    pub(crate) unmarked: u64,
    /// Duplicate drafts the server refused to remove: left for the user, and exit 1.
    pub(crate) cleanup_refused: u64,
    /// Mailboxes whose server refuses `$Rebound` altogether (e.g. a full keyword table): said
    /// once, and not tried again in this run.
    unmarkable: BTreeSet<String>,
    /// Hash of the rebound version and the rules: examined-state from other rules is not used.
    pub(crate) fingerprint: String,
    /// Where report rows go (`draft --report / --html`).
    rows: RowSink,
    /// `[drafts] thank_answers`: a thank-you to answers that gave the reason.
    thank_answers: bool,
    /// The Drafts UIDs of the drafts this run counts as written, for the last look
    /// ([`Drafter::recheck`]).
    written_uids: Vec<u32>,
}

/// What one batch needs to know about the source mailbox.
pub(crate) struct Source<'a> {
    /// The mailbox.
    pub(crate) mailbox: &'a MailboxInfo,
    /// Its UIDVALIDITY.
    pub(crate) uid_validity: u32,
    /// Whether `$Rebound` can be stored there.
    pub(crate) keywords_allowed: bool,
}

impl Drafter {
    /// A drafter for one account (of one run) with the shared set-up.
    pub(crate) fn new(
        setup: Arc<Setup>,
        config: &Config,
        dry_run: bool,
        printer: Printer,
    ) -> Drafter {
        let fingerprint = setup.fingerprint();
        Drafter {
            setup,
            dry_run,
            printer,
            summary: Summary {
                dry_run,
                ..Summary::new()
            },
            answered: 0,
            replied: 0,
            no_id: 0,
            failed: Vec::new(),
            unmarked: 0,
            cleanup_refused: 0,
            unmarkable: BTreeSet::new(),
            fingerprint,
            rows: RowSink::Nowhere,
            thank_answers: config.drafts.thank_answers,
            written_uids: Vec::new(),
        }
    }

    /// Hand a report row for every rejection and "maybe" message to `outputs`.
    pub(crate) fn with_outputs(mut self, outputs: Outputs) -> Drafter {
        if !outputs.is_empty() {
            self.rows = RowSink::Outputs(outputs);
        }
        self
    }

    /// Keep the report rows, each naming `account`, for a report of several accounts.
    pub(crate) fn keeping_rows(mut self, account: &str) -> Drafter {
        self.rows = RowSink::Kept {
            account: account.to_string(),
            rows: Vec::new(),
        };
        self
    }

    /// Add the report row of `a`, with the text of its draft when there is one.
    fn record(&mut self, a: &Analysis, draft: Option<&Draft>) -> Result<(), Fatal> {
        if matches!(self.rows, RowSink::Nowhere) {
            return Ok(());
        }
        let mut row = a.report_row(None);
        row.draft_text = draft.and_then(Draft::body_text);
        match &mut self.rows {
            RowSink::Nowhere => Ok(()),
            RowSink::Outputs(outputs) => outputs.add(row).map_err(Fatal::usage),
            RowSink::Kept { account, rows } => {
                row.account = Some(account.clone());
                rows.push(row);
                Ok(())
            }
        }
    }

    /// The rows [`Drafter::keeping_rows`] kept.
    pub(crate) fn take_rows(&mut self) -> Vec<Row> {
        match &mut self.rows {
            RowSink::Kept { rows, .. } => std::mem::take(rows),
            _ => Vec::new(),
        }
    }

    /// Finish the report outputs (files, page); returns the grouped table, if one was asked for.
    pub(crate) fn finish_outputs(&mut self, source: &str) -> Result<Option<String>, Fatal> {
        match std::mem::replace(&mut self.rows, RowSink::Nowhere) {
            RowSink::Outputs(o) => o.finish(source, Some(&self.summary)).map_err(Fatal::usage),
            other => {
                self.rows = other;
                Ok(None)
            }
        }
    }

    /// Where the examined-state of `mailbox` lives and, unless `ignore`, what it holds (when
    /// usable with this run's rules).
    pub(crate) fn stored_state(
        &self,
        settings: &AccountSettings,
        mailbox: &MailboxInfo,
        opened: &OpenMailbox,
        ignore: bool,
    ) -> (StateKey, Option<std::path::PathBuf>, Option<ExaminedState>) {
        let (key, path) = state_location(settings, mailbox);
        let stored = if ignore {
            None
        } else {
            load_state(
                path.as_deref(),
                &key,
                &self.fingerprint,
                opened,
                self.printer,
            )
        };
        (key, path, stored)
    }

    /// True on `--dry-run`.
    pub(crate) fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// Open the source mailbox the way this run needs it: SELECT to store keywords, else EXAMINE.
    pub(crate) fn open_source(
        &self,
        session: &mut Session,
        mailbox: &MailboxInfo,
    ) -> Result<crate::source::imap::OpenMailbox, ImapError> {
        if self.dry_run {
            session.examine(mailbox)
        } else {
            session.select(mailbox)
        }
    }

    /// The search key for messages not drafted yet in `window_key`.
    pub(crate) fn search_key(&self, window_key: &str, keywords_allowed: bool) -> String {
        if keywords_allowed {
            format!("{window_key} UNKEYWORD {KEYWORD}")
        } else {
            window_key.to_string()
        }
    }

    /// Handle `uids` of the source mailbox, batch by batch. Expects the source selected (as
    /// [`Drafter::open_source`] left it) and leaves it selected.
    /// Returns Err only for connection-level problems (and template errors, as `Fatal`).
    pub(crate) fn process(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
        source: &Source<'_>,
        uids: &[u32],
    ) -> Result<(), Fatal> {
        // Re-selecting a large mailbox is not free (the server resyncs it): only after leaving it.
        let mut source_selected = true;
        for chunk in uids.chunks(BATCH) {
            if !source_selected {
                self.open_source(session, source.mailbox)
                    .map_err(imap_fatal)?;
                source_selected = true;
            }
            let fetched = session
                .fetch_for_classification(chunk, &source.mailbox.name, source.uid_validity)
                .map_err(imap_fatal)?;
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
            if drafts.refresh(session).map_err(imap_fatal)? {
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
                            return Err(Fatal::usage(anyhow::anyhow!(msg)))
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
                    Err(e) => return Err(imap_fatal(e)),
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
                        .map_err(imap_fatal)?;
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
                .map_err(imap_fatal)?;
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
    ) -> Result<(), Fatal> {
        let reason = match mark_drafted(session, uids) {
            Ok(()) => return Ok(()),
            Err(ImapError::Refused { reason, .. }) => reason,
            Err(e) => return Err(imap_fatal(e)),
        };
        let mut refused: Vec<(u32, Option<String>)> = Vec::new();
        if uids.len() > 1 {
            // Only a failure costs these round trips: tell one refused message from a mailbox.
            for &uid in uids {
                match mark_drafted(session, &[uid]) {
                    Ok(()) => {}
                    Err(ImapError::Refused { reason, .. }) => refused.push((uid, reason)),
                    Err(e) => return Err(imap_fatal(e)),
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

    /// What a draft to a message with `verdict` asks: permission (step one, two-step style) or
    /// the question (step two, or a one-step reply); None when the message gets no draft.
    fn step_of(&self, verdict: &Verdict) -> Option<Step> {
        match verdict.class {
            Class::Rejection => Some(match self.setup.composer.style() {
                crate::compose::Style::TwoStep => Step::Permission,
                crate::compose::Style::OneStep => Step::Question,
            }),
            Class::PermissionGranted if verdict.answer == Some(Answer::Yes) => Some(Step::Question),
            _ => None,
        }
    }

    /// True when a message with `verdict` gets a draft: a rejection, a buyer's yes, and with
    /// `[drafts] thank_answers` an answer that gave the reason.
    fn drafts_for(&self, verdict: &Verdict) -> bool {
        self.step_of(verdict).is_some()
            || (self.thank_answers
                && verdict.class == Class::PermissionGranted
                && verdict.answer == Some(Answer::Explains))
    }

    /// Count a draft for `a` (written, or found already there) in the summary.
    fn count_draft(&mut self, a: &Analysis, created: bool) {
        self.summary.count_draft(created);
        if let Some(step) = self.step_of(&a.verdict) {
            self.summary.count_asked(step);
        }
    }

    /// Read the threads of the replies in `analyses` that may answer rebound's conversation, and
    /// classify those replies again in their thread. The seller's messages they name are found
    /// through the Sent and Drafts index (Message-IDs, read once per run); only when the seller
    /// wrote in a thread is the source mailbox searched for the rest of it (the rejection, for
    /// its reason, and the buyer's yes).
    /// Returns true when it left the source mailbox (the caller selects it again).
    fn read_threads(
        &self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
        source: &Source<'_>,
        analyses: &mut [Analysis],
    ) -> Result<bool, Fatal> {
        let wanted: std::collections::BTreeSet<String> = analyses
            .iter()
            .filter_map(|a| a.mail.as_ref().map(|m| (m, &a.verdict)))
            .filter(|(m, v)| conversation::worth_a_thread_lookup(m, v))
            .flat_map(|(m, _)| m.references.iter().chain(&m.in_reply_to))
            .map(|id| id.to_ascii_lowercase())
            .collect();
        if wanted.is_empty() {
            return Ok(false);
        }
        let mut moved = drafts.refresh(session).map_err(imap_fatal)?;
        let (sent_uids, draft_uids) = drafts.own_messages(&wanted);
        if sent_uids.is_empty() && draft_uids.is_empty() {
            // The seller wrote nothing in these threads: no conversation to read.
            return Ok(moved);
        }
        let mut found: Vec<crate::message::Mail> = Vec::new();
        let folders = [
            (drafts.sent().cloned(), sent_uids),
            (Some(drafts.drafts_info().clone()), draft_uids),
        ];
        for (folder, uids) in folders {
            let Some(folder) = folder.filter(|_| !uids.is_empty()) else {
                continue;
            };
            moved = true;
            let opened = session.examine(&folder).map_err(imap_fatal)?;
            found.extend(self.fetch_mails(session, &uids, &folder.name, opened.uid_validity)?);
        }
        // The rest of the thread is the buyer's: the rejection (for its reason), and their yes
        // when the seller's latest message answers it (then a reply answers the question).
        let have: std::collections::HashSet<String> = found
            .iter()
            .filter_map(|m| m.message_id.as_deref().map(str::to_ascii_lowercase))
            .collect();
        let rejections: Vec<String> = found
            .iter()
            .flat_map(|m| m.in_reply_to.iter().chain(&m.references))
            .map(|id| id.to_ascii_lowercase())
            .chain(wanted.iter().cloned())
            .filter(|id| !have.contains(id) && searchable_id(id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !rejections.is_empty() {
            if moved {
                self.open_source(session, source.mailbox)
                    .map_err(imap_fatal)?;
                moved = false;
            }
            let ids: Vec<&String> = rejections.iter().collect();
            let mut uids = Vec::new();
            for chunk in ids.chunks(SEARCH_IDS) {
                uids.extend(session.search(&id_search(chunk)).map_err(imap_fatal)?);
            }
            uids.sort_unstable();
            uids.dedup();
            found.extend(self.fetch_mails(
                session,
                &uids,
                &source.mailbox.name,
                source.uid_validity,
            )?);
        }
        found.sort_by_key(|m| m.date);
        let mut book = Book::new();
        for m in &found {
            let facts = book.facts(m);
            let v = self.setup.classifier.classify_in_thread(m, &facts);
            book.learn(m, &v, &facts);
        }
        for a in analyses.iter_mut() {
            let Some(mail) = &a.mail else { continue };
            if !conversation::worth_a_thread_lookup(mail, &a.verdict) {
                continue;
            }
            let facts = book.facts(mail);
            if facts != Default::default() {
                a.verdict = self.setup.classifier.classify_in_thread(mail, &facts);
            }
        }
        Ok(moved)
    }

    /// Fetch `uids` of the selected mailbox and parse them (what does not parse is left out).
    fn fetch_mails(
        &self,
        session: &mut Session,
        uids: &[u32],
        label: &str,
        uid_validity: u32,
    ) -> Result<Vec<crate::message::Mail>, Fatal> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let fetched = session
            .fetch_for_classification(uids, label, uid_validity)
            .map_err(imap_fatal)?;
        Ok(fetched
            .iter()
            .filter_map(|f| crate::message::parse(&f.raw.bytes).ok())
            .collect())
    }

    /// Settle Drafts (see [`ImapDrafts::settle`]) and say on stderr what it removed or left.
    pub(crate) fn settle(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
    ) -> Result<Settled, Fatal> {
        let settled = drafts.settle(session).map_err(imap_fatal)?;
        self.said_settled(drafts, settled)
    }

    /// The end of a run: settle Drafts, with a last look at every draft this run counts as
    /// written (see [`ImapDrafts::recheck`]). A draft whose copy did not stay (a run that
    /// appended at the same moment kept its own, lower one) counts as already present, so
    /// overlapping runs' "written" counts add up to the drafts Drafts gained.
    pub(crate) fn recheck(
        &mut self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
    ) -> Result<Settled, Fatal> {
        let written = std::mem::take(&mut self.written_uids);
        if written.is_empty() {
            return self.settle(session, drafts);
        }
        let settled = drafts.recheck(session, &written).map_err(imap_fatal)?;
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
    fn said_settled(&mut self, drafts: &ImapDrafts, settled: Settled) -> Result<Settled, Fatal> {
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

    /// One line on stdout per rejection: what happened, who, subject, reason.
    fn line(&self, a: &Analysis, what: &str) {
        if self.printer.verbosity() == Verbosity::Quiet {
            return;
        }
        let mail = a.mail.as_ref();
        let from = mail
            .and_then(|m| m.from.as_ref())
            .map(|f| f.email.as_str())
            .unwrap_or("-");
        let subject = mail.and_then(|m| m.subject.as_deref()).unwrap_or("");
        let reason = a.verdict.reason.map(|r| r.as_str()).unwrap_or("-");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "{}{}\t{}\t{}\t{}\t{}",
            self.printer.prefix(),
            sanitize(&a.origin),
            what,
            sanitize(from),
            reason,
            sanitize(subject)
        );
        let _ = out.flush();
    }

    /// The counts of the end-of-run summary.
    pub(crate) fn tally(&self) -> Tally {
        Tally {
            summary: self.summary.clone(),
            answered: self.answered,
            replied: self.replied,
            no_id: self.no_id,
        }
    }

    /// The end-of-run summary, with the skips; each line starts with the account's name when
    /// several accounts run.
    pub(crate) fn print_summary(&self, drafts_dir: &str) {
        if self.printer.verbosity() == Verbosity::Quiet {
            return;
        }
        print!(
            "{}",
            prefixed(&self.printer.prefix(), &self.tally().text(drafts_dir))
        );
    }

    /// True when some message could not be read or drafted.
    pub(crate) fn had_failures(&self) -> bool {
        self.summary.unreadable > 0
            || self.summary.drafts_failed > 0
            || self.unmarked > 0
            || self.cleanup_refused > 0
    }
}

/// Where a drafter's report rows go.
enum RowSink {
    /// No report was asked for.
    Nowhere,
    /// The report outputs of a one-account run.
    Outputs(Outputs),
    /// Kept, naming the account, for the one report of several accounts.
    Kept {
        /// The account's name.
        account: String,
        /// The rows so far.
        rows: Vec<Row>,
    },
}

/// The counts an end-of-run summary shows: one account's, or the total of several.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Messages, verdicts and drafts.
    pub(crate) summary: Summary,
    /// Rejections skipped because the source is `\Answered`.
    pub(crate) answered: u64,
    /// Rejections skipped because Sent holds a reply.
    pub(crate) replied: u64,
    /// Rejections left alone for want of a Message-ID.
    pub(crate) no_id: u64,
}

impl Tally {
    /// Add another account's counts.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.summary.merge(&other.summary);
        self.summary.dry_run = other.summary.dry_run;
        self.answered += other.answered;
        self.replied += other.replied;
        self.no_id += other.no_id;
    }

    /// The summary text; the drafts went to `drafts_dir`.
    pub(crate) fn text(&self, drafts_dir: &str) -> String {
        let mut summary = self.summary.clone();
        summary.drafts_dir = Some(drafts_dir.to_string());
        format!(
            "{summary}skipped: {} already answered, {} replied in Sent{}\n",
            self.answered,
            self.replied,
            if self.no_id > 0 {
                format!(", {} without Message-ID", self.no_id)
            } else {
                String::new()
            }
        )
    }
}

/// `text` with `prefix` at the start of each line.
pub(crate) fn prefixed(prefix: &str, text: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

/// ` (server said: ...)`, or nothing when the server gave no reason.
fn said(reason: Option<&str>) -> String {
    reason
        .map(|r| format!(" (server said: {})", sanitize(r.trim())))
        .unwrap_or_default()
}

/// Message-IDs per `UID SEARCH` when looking up a thread.
const SEARCH_IDS: usize = 16;

/// An id that can go into a quoted SEARCH string as it is (a hostile one is not looked up).
fn searchable_id(id: &str) -> bool {
    (3..=250).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'<' | b'>'))
}

/// `OR HEADER Message-ID "<a>" HEADER Message-ID "<b>"` for the ids of one search.
fn id_search(ids: &[&String]) -> String {
    let mut key = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i + 1 < ids.len() {
            key.push_str("OR ");
        }
        key.push_str(&format!("HEADER Message-ID \"<{id}>\" "));
    }
    key.trim_end().to_string()
}

fn message_id(a: &Analysis) -> Option<String> {
    a.mail
        .as_ref()
        .and_then(|m| m.message_id.clone())
        .filter(|id| !id.trim().is_empty())
}

/// The state file of `mailbox` on the account, if there is a state dir.
fn state_location(
    settings: &AccountSettings,
    mailbox: &MailboxInfo,
) -> (StateKey, Option<std::path::PathBuf>) {
    let key = StateKey {
        host: settings.host.clone(),
        port: settings.effective_port(),
        username: settings.username.clone(),
        mailbox: mailbox.name.clone(),
    };
    let path = state::state_dir().map(|d| state::state_path(&d, &key));
    (key, path)
}

/// The stored state, if usable; says why not when that matters to the user.
fn load_state(
    path: Option<&std::path::Path>,
    key: &StateKey,
    fingerprint: &str,
    opened: &OpenMailbox,
    printer: Printer,
) -> Option<ExaminedState> {
    let path = path?;
    match state::load(path, key, fingerprint, opened.uid_validity) {
        Ok(s) => Some(s),
        Err(Unusable::Missing) => None,
        Err(Unusable::Corrupt(why)) => {
            printer.warn(&format!(
                "ignoring the state file {}: {}; reading the whole window",
                path.display(),
                sanitize(&why)
            ));
            None
        }
        Err(Unusable::UidValidityChanged) => {
            printer.note(&format!(
                "{}: UIDVALIDITY changed since the last run; reading the whole window",
                sanitize(&key.mailbox)
            ));
            None
        }
        Err(Unusable::RulesChanged) => {
            printer.note(
                "rules or rebound version changed since the last run; reading the whole window",
            );
            None
        }
    }
}

/// Save `state`; a failure only costs the next run time, so it is a warning.
pub(crate) fn save_state(path: Option<&std::path::Path>, state: &ExaminedState, printer: Printer) {
    let Some(path) = path else {
        printer.warn("no state directory: the next run reads the whole window again");
        return;
    };
    if let Err(e) = state::save(path, state) {
        printer.warn(&format!(
            "cannot save {}: {e}; the next run reads the whole window again",
            path.display()
        ));
    }
}

/// The UIDs this run reads: the whole window, or with a stored state only what is above its
/// watermark, older mail a wider window now takes in, and the UIDs to retry.
fn uids_to_read(
    session: &mut Session,
    drafter: &Drafter,
    window: Window,
    keywords_allowed: bool,
    prior: Option<&ExaminedState>,
) -> Result<Vec<u32>, ImapError> {
    let key = window.search_key();
    let Some(st) = prior else {
        return session.search(&drafter.search_key(&key, keywords_allowed));
    };
    let above = st.last_uid.saturating_add(1);
    let mut uids: Vec<u32> = session
        .search(&drafter.search_key(&format!("UID {above}:* {key}"), keywords_allowed))?
        .into_iter()
        // `n:*` always matches the last message, even when its UID is below n.
        .filter(|u| *u > st.last_uid)
        .collect();
    if let (Some(since), true) = (st.since, st.window_grows(window) && st.last_uid > 0) {
        let older = format!("UID 1:{} BEFORE {} {key}", st.last_uid, imap_date(since));
        uids.extend(session.search(&drafter.search_key(&older, keywords_allowed))?);
    }
    uids.extend(st.retry.iter().copied().filter(|u| *u <= st.last_uid));
    uids.sort_unstable();
    uids.dedup();
    Ok(uids)
}

/// Accounts drafted at the same time with `--all-accounts` when `--jobs` does not say.
const DEFAULT_JOBS: usize = 4;

/// Run `draft`: the account of `--account` (or the default one), or with `--all-accounts`
/// every account of the config.
pub fn run(args: &DraftArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let window = window(&args.window)?;
    let all = args.accounts.all_accounts;
    let accounts = setup::accounts(config, args.account.account.as_deref(), all, printer)?;
    let outputs = Outputs::new(
        args.report.as_deref(),
        args.output.csv_bom,
        args.output.html.as_deref(),
        None,
    )
    .map_err(Fatal::usage)?;
    let setups = setup::setups(
        config,
        &args.compose,
        &args.model,
        &accounts,
        !args.dry_run,
        printer,
    )?;
    let (one, setup) = match (accounts.as_slice(), setups.as_slice()) {
        ([one], [setup]) if !all => (*one, setup.clone()),
        _ => return run_all(args, config, printer, window, &accounts, &setups, outputs),
    };
    let mut drafter = Drafter::new(setup, config, args.dry_run, printer).with_outputs(outputs);
    let done = draft_account(args, one, window, &mut drafter)?;
    drafter.finish_outputs(&sanitize(&done.mailbox))?;
    drafter.print_summary(&done.drafts_dir);
    Ok(if drafter.had_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// `draft --all-accounts`: every account on its own connection, `--jobs` at a time; a failing
/// account is reported and the others go on.
fn run_all(
    args: &DraftArgs,
    config: &Config,
    printer: Printer,
    window: Window,
    accounts: &[Account<'_>],
    setups: &[Arc<Setup>],
    outputs: Outputs,
) -> Result<ExitCode, Fatal> {
    let jobs = args.jobs.map_or(DEFAULT_JOBS, usize::from);
    let keep_rows = !outputs.is_empty();
    let ends = setup::each_account(accounts, jobs, |i, account| {
        let printer = printer.for_account(account.name);
        let setup = setups[i].clone();
        let mut drafter = Drafter::new(setup, config, args.dry_run, printer);
        if keep_rows {
            drafter = drafter.keeping_rows(account.name);
        }
        let (drafts_dir, error) = match draft_account(args, account, window, &mut drafter) {
            Ok(done) => (Some(done.drafts_dir), None),
            Err(e) => {
                printer.error(&sanitize(&format!("{:#}", e.source)));
                (None, Some(e))
            }
        };
        AccountEnd {
            drafter,
            drafts_dir,
            error,
        }
    });
    finish_accounts(accounts, ends, printer, Some(outputs.with_account_column()))
}

/// How one account of several ended (`--all-accounts`).
pub(crate) struct AccountEnd {
    /// Its drafter, with the counts.
    pub(crate) drafter: Drafter,
    /// Its Drafts folder, once found.
    pub(crate) drafts_dir: Option<String>,
    /// What stopped it, if anything did.
    pub(crate) error: Option<Fatal>,
}

/// After several accounts: one summary per account (its lines start with the account's name),
/// the total, the one report of every account's rows; the exit code of [`setup::exit_code`].
pub(crate) fn finish_accounts(
    accounts: &[Account<'_>],
    mut ends: Vec<AccountEnd>,
    printer: Printer,
    outputs: Option<Outputs>,
) -> Result<ExitCode, Fatal> {
    let mut total = Tally::default();
    let mut outcomes = Vec::new();
    let quiet = printer.verbosity() == Verbosity::Quiet;
    for (account, end) in accounts.iter().zip(&mut ends) {
        total.merge(&end.drafter.tally());
        outcomes.push(match &end.error {
            None => Outcome::Ran {
                partial: end.drafter.had_failures(),
            },
            Some(e) => Outcome::Failed(e.code),
        });
        if quiet {
            continue;
        }
        if let Some(dir) = &end.drafts_dir {
            end.drafter.print_summary(dir);
        }
        if let Some(e) = &end.error {
            println!(
                "{}: failed: {}",
                account.name,
                sanitize(&format!("{:#}", e.source))
            );
        }
    }
    if let Some(mut outputs) = outputs {
        for end in &mut ends {
            for row in end.drafter.take_rows() {
                outputs.add(row).map_err(Fatal::usage)?;
            }
        }
        let names: Vec<&str> = accounts.iter().map(|a| a.name).collect();
        outputs
            .finish(
                &sanitize(&format!("accounts {}", names.join(", "))),
                Some(&total.summary),
            )
            .map_err(Fatal::usage)?;
    }
    if !quiet {
        let failed = ends.iter().filter(|e| e.error.is_some()).count();
        println!(
            "total: {} account{}, {failed} failed",
            accounts.len(),
            if accounts.len() == 1 { "" } else { "s" }
        );
        print!(
            "{}",
            prefixed("total: ", &total.text("the Drafts folder of each account"))
        );
    }
    Ok(setup::exit_code(&outcomes))
}

/// What drafting one account left to say.
struct Drafted {
    /// The source mailbox.
    mailbox: String,
    /// The Drafts folder, as the user sees its name.
    drafts_dir: String,
}

/// Draft one account: connect, find Drafts, read what is new in the window, draft, record.
fn draft_account(
    args: &DraftArgs,
    account: Account<'_>,
    window: Window,
    drafter: &mut Drafter,
) -> Result<Drafted, Fatal> {
    let printer = drafter.printer;
    let settings = account.settings;
    let mut conn = Connection::open_or_fail(settings, args.account.mailbox.as_deref())?;
    let mut drafts = conn.drafts(settings).map_err(imap_fatal)?;
    let Connection {
        mut session,
        mailbox,
    } = conn;
    let opened = drafter
        .open_source(&mut session, &mailbox)
        .map_err(imap_fatal)?;
    let (key, path, prior) = drafter.stored_state(settings, &mailbox, &opened, args.rescan);
    let uids = uids_to_read(
        &mut session,
        drafter,
        window,
        opened.keywords_allowed,
        prior.as_ref(),
    )
    .map_err(imap_fatal)?;
    printer.note(&format!(
        "{}: {} messages to look at{}",
        sanitize(&mailbox.name),
        uids.len(),
        if prior.is_some() {
            " (the rest were examined by an earlier run)"
        } else {
            ""
        }
    ));
    let source = super::draft::Source {
        mailbox: &mailbox,
        uid_validity: opened.uid_validity,
        keywords_allowed: opened.keywords_allowed,
    };
    drafter.process(&mut session, &mut drafts, &source, &uids)?;
    if !args.dry_run {
        // Also when nothing was new: a run killed before it settled may have left a duplicate.
        drafter.recheck(&mut session, &mut drafts)?;
    }
    session.logout();
    if !args.dry_run {
        // Everything below UIDNEXT at SELECT time was in the search; later arrivals above it
        // were either read (their UIDs are in `uids`) or are left for the next run.
        let last = [
            prior.as_ref().map_or(0, |p| p.last_uid),
            opened.uid_next.map_or(0, |n| n.saturating_sub(1)),
            uids.last().copied().unwrap_or(0),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        let mut next = ExaminedState::new(
            key,
            drafter.fingerprint.clone(),
            opened.uid_validity,
            last,
            window,
        );
        next.retry = drafter.failed.clone();
        next.retry.sort_unstable();
        next.retry.dedup();
        save_state(path.as_deref(), &next, printer);
    }
    Ok(Drafted {
        mailbox: mailbox.name,
        drafts_dir: drafts.drafts().display_name.clone(),
    })
}
