//! `rebound draft`: a draft reply to each new rejection, appended to the account's Drafts folder.
//! The `Drafter` here does the work per batch of UIDs; `watch` reuses it for new mail.

use std::io::Write;

use super::scan::{account, analyze_all, connect, imap_fatal, source_mailbox, window};
use super::Fatal;
use crate::classify::{Class, Classifier};
use crate::cli::DraftArgs;
use crate::compose::{ComposeError, Composer, Identity};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::pipeline::Analysis;
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Summary};
use crate::sink::imap::{mark_drafted, ImapDrafts, Skip};
use crate::source::imap::{ImapError, MailboxInfo, Session, BATCH, KEYWORD};

/// Classifies, composes and appends drafts for batches of UIDs of one mailbox.
pub(crate) struct Drafter {
    classifier: Classifier,
    composer: Composer,
    identity: Identity,
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
    /// Build the classifier and composer from the config and flags.
    pub(crate) fn new(
        config: &Config,
        from: Option<&str>,
        templates: Option<&std::path::Path>,
        dry_run: bool,
        printer: Printer,
    ) -> Result<Drafter, Fatal> {
        let identity = config.identity(from).map_err(Fatal::usage)?;
        if identity.email.is_none() && !dry_run {
            printer.warn(
                "no sender identity: drafts use the placeholder \"Your Name <you@example.invalid>\"; \
                 pass --from \"Name <email>\" or set [identity] name and email in the config",
            );
        }
        let mut rules = config.rules();
        // Mail from the seller's own address is never a buyer's answer.
        rules.ignore_senders.extend(identity.email.clone());
        let classifier = Classifier::new(&rules).map_err(Fatal::usage)?;
        let templates = templates.or(config.templates.dir.as_deref());
        let composer = Composer::new(templates).map_err(Fatal::usage)?;
        Ok(Drafter {
            classifier,
            composer,
            identity,
            dry_run,
            printer,
            summary: Summary {
                dry_run,
                ..Summary::new()
            },
            answered: 0,
            replied: 0,
            no_id: 0,
        })
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

    /// Handle `uids` of the source mailbox, batch by batch. Leaves the source selected.
    /// Returns Err only for connection-level problems (and template errors, as `Fatal`).
    pub(crate) fn process(
        &mut self,
        session: &mut Session,
        drafts: &ImapDrafts,
        source: &Source<'_>,
        uids: &[u32],
    ) -> Result<(), Fatal> {
        for chunk in uids.chunks(BATCH) {
            self.open_source(session, source.mailbox)
                .map_err(imap_fatal)?;
            let fetched = session
                .fetch_for_classification(chunk, &source.mailbox.name, source.uid_validity)
                .map_err(imap_fatal)?;
            let analyses = analyze_all(&fetched, &self.classifier);
            let mut candidates: Vec<(u32, Analysis)> = Vec::new();
            for (f, a) in fetched.iter().zip(analyses) {
                if let Some(e) = &a.error {
                    self.summary.count_unreadable();
                    self.printer.error(&format!(
                        "{}: unreadable: {}",
                        sanitize(&a.origin),
                        sanitize(e)
                    ));
                    continue;
                }
                self.summary.count(&a.verdict);
                if a.verdict.class != Class::Rejection {
                    self.printer.note(&format!(
                        "{}: {}",
                        sanitize(&a.origin),
                        a.verdict.class.as_str()
                    ));
                    continue;
                }
                if f.flags.answered {
                    self.answered += 1;
                    self.line(&a, Skip::Answered.describe());
                    continue;
                }
                if f.flags.drafted {
                    self.summary.count_draft(false);
                    self.line(&a, Skip::DraftPresent.describe());
                    continue;
                }
                candidates.push((f.uid, a));
            }
            let ids: Vec<String> = candidates
                .iter()
                .filter_map(|(_, a)| message_id(a))
                .collect();
            let replied = drafts.replied(session, &ids).map_err(imap_fatal)?;
            let unanswered: Vec<String> = ids
                .iter()
                .filter(|id| !replied.contains(*id))
                .cloned()
                .collect();
            let present = drafts.present(session, &unanswered).map_err(imap_fatal)?;
            let mut to_mark: Vec<u32> = Vec::new();
            let now = chrono::Local::now().fixed_offset();
            for (uid, a) in &candidates {
                let id = message_id(a);
                if id.as_ref().is_some_and(|id| replied.contains(id)) {
                    self.replied += 1;
                    self.line(a, Skip::RepliedInSent.describe());
                    continue;
                }
                if id.as_ref().is_some_and(|id| present.contains(id)) {
                    self.summary.count_draft(false);
                    to_mark.push(*uid);
                    self.line(a, Skip::DraftPresent.describe());
                    continue;
                }
                if id.is_none() && !source.keywords_allowed {
                    // Nothing would stop the next run from drafting it again.
                    self.no_id += 1;
                    self.line(a, "skipped: no Message-ID to remember it by");
                    continue;
                }
                let Some(mail) = &a.mail else { continue };
                let draft = match self.composer.compose(mail, &a.verdict, &self.identity, now) {
                    Ok(d) => d,
                    Err(ComposeError::Template(msg)) => {
                        return Err(Fatal::usage(anyhow::anyhow!(msg)))
                    }
                    Err(e) => {
                        self.summary.count_draft_failure();
                        self.printer
                            .error(&format!("{}: no draft: {e}", sanitize(&a.origin)));
                        continue;
                    }
                };
                if self.dry_run {
                    self.line(a, "would draft");
                    continue;
                }
                drafts.append(session, &draft).map_err(imap_fatal)?;
                self.summary.count_draft(true);
                to_mark.push(*uid);
                self.line(a, &format!("drafted to {}", drafts.drafts().display_name));
            }
            if !self.dry_run {
                self.open_source(session, source.mailbox)
                    .map_err(imap_fatal)?;
                if source.keywords_allowed {
                    mark_drafted(session, &to_mark).map_err(imap_fatal)?;
                }
            }
        }
        Ok(())
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
            "{}\t{}\t{}\t{}\t{}",
            sanitize(&a.origin),
            what,
            sanitize(from),
            reason,
            sanitize(subject)
        );
        let _ = out.flush();
    }

    /// The end-of-run summary, with the skips.
    pub(crate) fn print_summary(&self, drafts: &ImapDrafts) {
        if self.printer.verbosity() == Verbosity::Quiet {
            return;
        }
        let mut summary = self.summary.clone();
        summary.drafts_dir = Some(drafts.drafts().display_name.clone());
        print!("{summary}");
        println!(
            "skipped: {} already answered, {} replied in Sent{}",
            self.answered,
            self.replied,
            if self.no_id > 0 {
                format!(", {} without Message-ID", self.no_id)
            } else {
                String::new()
            }
        );
    }

    /// True when some message could not be read or drafted.
    pub(crate) fn had_failures(&self) -> bool {
        self.summary.unreadable > 0 || self.summary.drafts_failed > 0
    }
}

fn message_id(a: &Analysis) -> Option<String> {
    a.mail
        .as_ref()
        .and_then(|m| m.message_id.clone())
        .filter(|id| !id.trim().is_empty())
}

/// Run `draft`.
pub fn run(args: &DraftArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let window = window(&args.window)?;
    let (_, settings) = account(config, args.account.as_deref(), printer)?;
    let mut drafter = Drafter::new(
        config,
        args.from.as_deref(),
        args.templates.as_deref(),
        args.dry_run,
        printer,
    )?;
    let mut session = connect(settings)?;
    let mailbox = source_mailbox(&mut session, settings, args.mailbox.as_deref())?;
    let drafts =
        ImapDrafts::find(&mut session, settings.drafts_mailbox.as_deref()).map_err(imap_fatal)?;
    let opened = drafter
        .open_source(&mut session, &mailbox)
        .map_err(imap_fatal)?;
    let uids = session
        .search(&drafter.search_key(&window.search_key(), opened.keywords_allowed))
        .map_err(imap_fatal)?;
    printer.note(&format!(
        "{}: {} messages to look at",
        sanitize(&mailbox.name),
        uids.len()
    ));
    let source = super::draft::Source {
        mailbox: &mailbox,
        uid_validity: opened.uid_validity,
        keywords_allowed: opened.keywords_allowed,
    };
    drafter.process(&mut session, &drafts, &source, &uids)?;
    session.logout();
    drafter.print_summary(&drafts);
    Ok(if drafter.had_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}
