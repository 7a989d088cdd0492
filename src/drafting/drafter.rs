//! The drafter: what one run of one account carries from batch to batch (set-up, counts,
//! report rows, the drafts it wrote) and what it says about each message on stdout.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use super::{prefixed, DraftingError, Setup, Tally};
use crate::classify::answer::Answer;
use crate::classify::{Class, Step, Verdict};
use crate::compose::Draft;
use crate::config::Config;
use crate::pipeline::Analysis;
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Outputs, Row, Summary};
use crate::source::imap::{ImapError, MailboxInfo, Session, KEYWORD};

/// Classifies, composes and appends drafts for batches of UIDs of one mailbox.
pub(crate) struct Drafter {
    /// Sender, classifier and composer, shared by every account of the run.
    pub(super) setup: Arc<Setup>,
    pub(super) dry_run: bool,
    pub(super) printer: Printer,
    /// Counts for the end-of-run summary.
    pub(super) summary: Summary,
    /// Rejections skipped because the source is `\Answered`.
    pub(super) answered: u64,
    /// Rejections skipped because Sent holds a reply.
    pub(super) replied: u64,
    /// Rejections left alone: no Message-ID and no keyword to remember them by.
    pub(super) no_id: u64,
    /// UIDs that could not be read or drafted: the next run reads them again.
    pub(super) failed: Vec<u32>,
    /// Drafted sources the server refused to mark with `$Rebound`, one by one.
    pub(super) unmarked: u64,
    /// Duplicate drafts the server refused to remove: left for the user, and exit 1.
    pub(super) cleanup_refused: u64,
    /// Mailboxes whose server refuses `$Rebound` altogether (e.g. a full keyword table): said
    /// once, and not tried again in this run.
    pub(super) unmarkable: BTreeSet<String>,
    /// Hash of the rebound version and the rules: examined-state from other rules is not used.
    pub(super) fingerprint: String,
    /// Where report rows go (`draft --report / --html`).
    rows: RowSink,
    /// `[drafts] thank_answers`: a thank-you to answers that gave the reason.
    thank_answers: bool,
    /// The Drafts UIDs of the drafts this run counts as written, for the last look
    /// ([`Drafter::recheck`]).
    pub(super) written_uids: Vec<u32>,
}

/// What one batch needs to know about the source mailbox.
pub(super) struct Source<'a> {
    /// The mailbox.
    pub(super) mailbox: &'a MailboxInfo,
    /// Its UIDVALIDITY.
    pub(super) uid_validity: u32,
    /// Whether `$Rebound` can be stored there.
    pub(super) keywords_allowed: bool,
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
    pub(super) fn record(
        &mut self,
        a: &Analysis,
        draft: Option<&Draft>,
    ) -> Result<(), DraftingError> {
        if matches!(self.rows, RowSink::Nowhere) {
            return Ok(());
        }
        let mut row = a.report_row(None);
        row.draft_text = draft.and_then(Draft::body_text);
        match &mut self.rows {
            RowSink::Nowhere => Ok(()),
            RowSink::Outputs(outputs) => outputs.add(row).map_err(DraftingError::Report),
            RowSink::Kept { account, rows } => {
                row.account = Some(account.clone());
                rows.push(row);
                Ok(())
            }
        }
    }

    /// The rows [`Drafter::keeping_rows`] kept.
    pub(super) fn take_rows(&mut self) -> Vec<Row> {
        match &mut self.rows {
            RowSink::Kept { rows, .. } => std::mem::take(rows),
            _ => Vec::new(),
        }
    }

    /// Finish the report outputs (files, page); returns the grouped table, if one was asked for.
    pub(crate) fn finish_outputs(&mut self, source: &str) -> Result<Option<String>, DraftingError> {
        match std::mem::replace(&mut self.rows, RowSink::Nowhere) {
            RowSink::Outputs(o) => o
                .finish(source, Some(&self.summary))
                .map_err(DraftingError::Report),
            other => {
                self.rows = other;
                Ok(None)
            }
        }
    }

    /// True on `--dry-run`.
    pub(super) fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// Open the source mailbox the way this run needs it: SELECT to store keywords, else EXAMINE.
    pub(super) fn open_source(
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
    pub(super) fn search_key(&self, window_key: &str, keywords_allowed: bool) -> String {
        if keywords_allowed {
            format!("{window_key} UNKEYWORD {KEYWORD}")
        } else {
            window_key.to_string()
        }
    }

    /// What a draft to a message with `verdict` asks: permission (step one, two-step style) or
    /// the question (step two, or a one-step reply); None when the message gets no draft.
    pub(super) fn step_of(&self, verdict: &Verdict) -> Option<Step> {
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
    pub(super) fn drafts_for(&self, verdict: &Verdict) -> bool {
        self.step_of(verdict).is_some()
            || (self.thank_answers
                && verdict.class == Class::PermissionGranted
                && verdict.answer == Some(Answer::Explains))
    }

    /// Count a draft for `a` (written, or found already there) in the summary.
    pub(super) fn count_draft(&mut self, a: &Analysis, created: bool) {
        self.summary.count_draft(created);
        if let Some(step) = self.step_of(&a.verdict) {
            self.summary.count_asked(step);
        }
    }

    /// One line on stdout per rejection: what happened, who, subject, reason.
    pub(super) fn line(&self, a: &Analysis, what: &str) {
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
    pub(super) fn tally(&self) -> Tally {
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
