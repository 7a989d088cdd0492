//! One account, one mailbox, one run of `draft`: connect, find Drafts, read what is new in the
//! window, draft it exactly once, and record what was examined for the next run.

use super::state::{save_state, uids_to_read};
use super::{Connection, Drafter, DraftingError, Source};
use crate::report::sanitize;
use crate::source::imap::state::ExaminedState;
use crate::source::imap::{AccountSettings, Window};

/// What drafting one account left to say.
pub(crate) struct Drafted {
    /// The source mailbox.
    pub(crate) mailbox: String,
    /// The Drafts folder, as the user sees its name.
    pub(crate) drafts_dir: String,
}

/// Draft one account: connect, find Drafts, read what is new in the window (all of it with
/// `rescan`), draft, record. `mailbox_flag` overrides the account's source mailbox.
pub(crate) fn draft_mailbox(
    settings: &AccountSettings,
    mailbox_flag: Option<&str>,
    window: Window,
    rescan: bool,
    drafter: &mut Drafter,
) -> Result<Drafted, DraftingError> {
    let printer = drafter.printer;
    let dry_run = drafter.dry_run;
    let mut conn = Connection::open(settings, mailbox_flag).map_err(DraftingError::Imap)?;
    let mut drafts = conn.drafts(settings).map_err(DraftingError::Imap)?;
    let Connection {
        mut session,
        mailbox,
    } = conn;
    let opened = drafter
        .open_source(&mut session, &mailbox)
        .map_err(DraftingError::Imap)?;
    let (key, path, prior) = drafter.stored_state(settings, &mailbox, &opened, rescan);
    let uids = uids_to_read(
        &mut session,
        drafter,
        window,
        opened.keywords_allowed,
        prior.as_ref(),
    )
    .map_err(DraftingError::Imap)?;
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
    let source = Source {
        mailbox: &mailbox,
        uid_validity: opened.uid_validity,
        keywords_allowed: opened.keywords_allowed,
    };
    drafter.process(&mut session, &mut drafts, &source, &uids)?;
    if !dry_run {
        // Also when nothing was new: a run killed before it settled may have left a duplicate.
        drafter.recheck(&mut session, &mut drafts)?;
    }
    session.logout();
    if !dry_run {
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
