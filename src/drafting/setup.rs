//! What every account of a run shares (sender, classifier, composer) and what each account
//! opens (its connection, source mailbox and Drafts); the commands build these from flags.

use crate::classify::{Classifier, Rules};
use crate::compose::{Composer, Identity};
use crate::sink::imap::ImapDrafts;
use crate::source::imap::state;
use crate::source::imap::{AccountSettings, ImapError, MailboxInfo, Session};

/// Who drafts are from and what classifies and writes them; built once, shared by every account.
#[derive(Debug)]
pub(crate) struct Setup {
    /// The sender of the drafts.
    pub(crate) identity: Identity,
    /// The rules the classifier was built from (the seller's own address ignored).
    pub(crate) rules: Rules,
    /// The classifier.
    pub(crate) classifier: Classifier,
    /// The composer (templates, language, style).
    pub(crate) composer: Composer,
}

impl Setup {
    /// Hash of the rebound version, the rules and the model: what an IMAP state file was
    /// examined with (state from other rules is not used).
    pub(crate) fn fingerprint(&self) -> String {
        format!(
            "{:016x}",
            state::fnv1a(
                format!(
                    "{}\0{:?}\0{:?}",
                    env!("CARGO_PKG_VERSION"),
                    self.rules,
                    // A retrained model reads the window again, like new rules.
                    crate::classify::model::shipped().map(|w| w.data_hash).ok()
                )
                .as_bytes()
            )
        )
    }
}

/// One account's logged-in connection and the mailbox it reads; reused for a whole run.
pub(crate) struct Connection {
    /// The IMAP session.
    pub(crate) session: Session,
    /// The source mailbox: `--mailbox`, else the account's `mailbox`, else INBOX.
    pub(crate) mailbox: MailboxInfo,
}

impl Connection {
    /// Connect, log in (TLS as configured) and resolve the source mailbox.
    pub(crate) fn open(
        settings: &AccountSettings,
        mailbox_flag: Option<&str>,
    ) -> Result<Connection, ImapError> {
        let mut session = Session::open(settings)?;
        let mailbox =
            session.resolve_mailbox(mailbox_flag.unwrap_or(settings.effective_mailbox()))?;
        Ok(Connection { session, mailbox })
    }

    /// The account's Drafts folder (configured or discovered) and its Sent folder.
    pub(crate) fn drafts(&mut self, settings: &AccountSettings) -> Result<ImapDrafts, ImapError> {
        ImapDrafts::find(&mut self.session, settings.drafts_mailbox.as_deref())
    }
}
