//! IMAP access for one account: settings, TLS connection, login, mailboxes and Drafts detection.
//! `Session` is the one type the IMAP source and the IMAP drafts sink share.

mod auth;
mod connect;
mod error;
mod fetch;
mod folders;
mod session;
mod settings;
pub mod state;
mod stream;
pub mod utf7;
mod wire;

pub use error::ImapError;
pub use fetch::{
    imap_date, quoted, uid_set, Fetched, MessageFlags, OpenMailbox, Window, BATCH, KEYWORD,
    PART_LIMIT,
};
pub use folders::{
    choose_drafts, choose_sent, find_mailbox, DraftsFolder, DraftsReason, MailboxInfo, SpecialUse,
    DRAFTS_NAMES, SENT_NAMES,
};
pub use session::{Capabilities, KeywordSupport, Session};
pub use settings::{
    is_loopback_host, split_command, AccountSettings, AuthMethod, Secret, TlsMode,
    DEFAULT_TIMEOUT_SECS,
};
pub use stream::Interrupter;
