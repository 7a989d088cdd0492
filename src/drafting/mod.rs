//! The IMAP drafting run as a library: one account, one mailbox, each rejection drafted exactly
//! once; `draft`, `watch` and `--all-accounts` share it, and the commands only print around it.

mod accounts;
mod batch;
mod drafter;
mod mailbox;
mod setup;
mod state;
mod thread;
mod watch;

pub(crate) use accounts::{each_account, finish_accounts, Account, AccountEnd};
pub(crate) use drafter::Drafter;
pub(crate) use mailbox::{draft_mailbox, Drafted};
pub(crate) use setup::{Connection, Setup};
pub(crate) use watch::{watch_account, StopFlag, Watch};

use accounts::{prefixed, Tally};
use drafter::Source;

use crate::exit_codes::ExitCode;
use crate::report::ReportError;
use crate::source::imap::ImapError;

/// What stops a drafting run (a refused message is no error: it is counted and retried).
#[derive(Debug, thiserror::Error)]
pub enum DraftingError {
    /// The connection, login or server failed, or the account settings are unusable.
    #[error(transparent)]
    Imap(#[from] ImapError),
    /// A template failed to compile or render; the message names file, line and variable.
    #[error("{0}")]
    Template(String),
    /// The report (`--report`, `--html`) could not be written.
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl DraftingError {
    /// The exit status to leave with: 3 for connection, login or TLS, else 2.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            DraftingError::Imap(e) => e.exit_code(),
            DraftingError::Template(_) | DraftingError::Report(_) => ExitCode::Error,
        }
    }

    /// The message and its causes on one line, `outer: inner: ...`, as `main` prints errors.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(&format!(": {c}"));
            cause = c.source();
        }
        text
    }
}
