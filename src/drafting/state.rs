//! The examined-state file of a mailbox: where it lives, whether this run may use it, saving
//! it, and the UIDs a run reads given it (only what is new, wider or to retry).

use super::Drafter;
use crate::printer::Printer;
use crate::report::sanitize;
use crate::source::imap::state::{self, ExaminedState, StateKey, Unusable};
use crate::source::imap::{
    imap_date, AccountSettings, ImapError, MailboxInfo, OpenMailbox, Session, Window,
};

impl Drafter {
    /// Where the examined-state of `mailbox` lives and, unless `ignore`, what it holds (when
    /// usable with this run's rules).
    pub(super) fn stored_state(
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
pub(super) fn save_state(path: Option<&std::path::Path>, state: &ExaminedState, printer: Printer) {
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
pub(super) fn uids_to_read(
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
