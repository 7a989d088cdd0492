//! An authenticated IMAP session for one account: capabilities, mailboxes, the Drafts folder.
//! Source (scan/watch) and sink (drafts) code share this type, so one run needs one connection.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::auth::{self, ImapSession};
use super::connect;
use super::error::ImapError;
use super::fetch::KEYWORD;
use super::folders::{self, DraftsFolder, MailboxInfo};
use super::settings::AccountSettings;
use super::stream::Interrupter;
use super::wire::Lane;

/// The server's capabilities after login, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capabilities {
    names: BTreeSet<String>,
}

impl Capabilities {
    /// Build from capability names as the server sent them.
    pub fn from_names<I: IntoIterator<Item = S>, S: AsRef<str>>(names: I) -> Capabilities {
        Capabilities {
            names: names
                .into_iter()
                .map(|n| n.as_ref().to_ascii_uppercase())
                .collect(),
        }
    }

    /// True when the server announced `name` (case-insensitive, e.g. "IDLE", "AUTH=PLAIN").
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name.to_ascii_uppercase())
    }

    /// IDLE (RFC 2177): push notification of new mail.
    pub fn idle(&self) -> bool {
        self.has("IDLE")
    }

    /// UIDPLUS (RFC 4315): APPEND returns the new UID.
    pub fn uidplus(&self) -> bool {
        self.has("UIDPLUS")
    }

    /// SPECIAL-USE (RFC 6154): LIST marks \Drafts, \Sent, ...
    pub fn special_use(&self) -> bool {
        self.has("SPECIAL-USE")
    }

    /// All names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// What a mailbox's SELECT answer says about storing the keyword `$Rebound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeywordSupport {
    /// PERMANENTFLAGS contain `\*`: the server says new keywords can be stored. A promise only:
    /// Cyrus says so also when the mailbox's table of 100 keywords is full.
    pub promised: bool,
    /// `$Rebound` is already one of the mailbox's keywords (FLAGS): storing it cannot overflow
    /// a keyword table.
    pub defined: bool,
    /// How many keywords the mailbox already defines (FLAGS).
    pub keywords: usize,
}

/// A logged-in connection to one account's server.
#[derive(Debug)]
pub struct Session {
    inner: ImapSession,
    host: String,
    port: u16,
    bytes_read: Arc<AtomicU64>,
    tcp: Option<std::net::TcpStream>,
    lane: Lane,
}

impl Session {
    /// Validate the settings, fetch the secret, connect, set up TLS and log in.
    pub fn open(settings: &AccountSettings) -> Result<Session, ImapError> {
        settings.validate()?;
        let secret = settings.secret()?;
        let (client, transport) = connect::connect(settings)?;
        let inner = auth::authenticate(client, settings, &secret)?;
        log::debug!(
            "logged in to {}:{} as {}",
            settings.host,
            settings.effective_port(),
            settings.username
        );
        Ok(Session {
            inner,
            host: settings.host.clone(),
            port: settings.effective_port(),
            bytes_read: transport.bytes_read,
            tcp: transport.tcp,
            lane: Lane::new(transport.shared),
        })
    }

    /// Bytes received from the server since the connection was made (greeting included).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    /// A handle that cuts this session's socket from another thread (to end a blocked IDLE).
    pub fn interrupter(&self) -> Interrupter {
        Interrupter::new(self.tcp.as_ref().and_then(|t| t.try_clone().ok()))
    }

    /// The server host this session talks to.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The server port this session talks to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A protocol error naming this server and the step that failed.
    pub(crate) fn protocol_error(&self, during: &str, e: impl std::fmt::Display) -> ImapError {
        ImapError::Protocol {
            host: self.host.clone(),
            port: self.port,
            during: during.to_string(),
            reason: e.to_string(),
        }
    }

    /// An error of a command that changes one thing (STORE, APPEND): a NO refuses just that
    /// command ([`ImapError::Refused`]); anything else is a protocol error.
    pub(crate) fn command_error(&self, during: &str, e: imap::Error) -> ImapError {
        let refused = |reason: Option<String>| ImapError::Refused {
            host: self.host.clone(),
            port: self.port,
            during: during.to_string(),
            reason: reason.filter(|r| !r.trim().is_empty()),
        };
        match e {
            imap::Error::No(no) => refused(Some(no.information)),
            // The imap crate reads a NO in place of APPEND's continuation and drops its text.
            imap::Error::Append => refused(None),
            other => self.protocol_error(during, other),
        }
    }

    /// The underlying imap session, for the fetch/append code built on top of this type.
    pub(crate) fn raw(&mut self) -> &mut ImapSession {
        &mut self.inner
    }

    /// The lane for bulk FETCH on this session's stream (between the imap crate's commands).
    pub(crate) fn lane(&mut self) -> &mut Lane {
        &mut self.lane
    }

    /// Ask the server for its capabilities (after login they may differ from before).
    pub fn capabilities(&mut self) -> Result<Capabilities, ImapError> {
        use imap_proto::types::Capability;
        let caps = self
            .inner
            .capabilities()
            .map_err(|e| self.protocol_error("CAPABILITY", e))?;
        let names: Vec<String> = caps
            .iter()
            .map(|c| match c {
                Capability::Imap4rev1 => "IMAP4REV1".to_string(),
                Capability::Auth(m) => format!("AUTH={m}"),
                Capability::Atom(a) => a.to_string(),
            })
            .collect();
        Ok(Capabilities::from_names(names))
    }

    /// Every mailbox (`LIST "" "*"`), in the server's order.
    pub fn list_mailboxes(&mut self) -> Result<Vec<MailboxInfo>, ImapError> {
        let names = self
            .inner
            .list(Some(""), Some("*"))
            .map_err(|e| self.protocol_error("LIST", e))?;
        Ok(names.iter().map(folders::mailbox_info).collect())
    }

    /// The mailbox a user means by `name` (UTF-8 as typed, or the wire form).
    pub fn resolve_mailbox(&mut self, name: &str) -> Result<MailboxInfo, ImapError> {
        let list = self.list_mailboxes()?;
        match folders::find_mailbox(&list, name) {
            Some(m) if m.selectable => Ok(m.clone()),
            _ => Err(ImapError::MailboxNotFound {
                mailbox: name.to_string(),
                host: self.host.clone(),
            }),
        }
    }

    /// The folder drafts go to: `config_override` (drafts_mailbox) > `\Drafts` > usual names.
    pub fn find_drafts(
        &mut self,
        config_override: Option<&str>,
    ) -> Result<DraftsFolder, ImapError> {
        let list = self.list_mailboxes()?;
        folders::choose_drafts(&list, config_override, &self.host)
    }

    /// SELECT `wire_name` and tell what it says about keywords such as `$Rebound`. Leaves the
    /// mailbox selected (read-write; nothing changes).
    pub fn keyword_support(&mut self, wire_name: &str) -> Result<KeywordSupport, ImapError> {
        use imap::types::Flag;
        // EXAMINE would be gentler, but servers answer PERMANENTFLAGS () for read-only access.
        let mailbox = self.inner.select(wire_name).map_err(|e| match e {
            imap::Error::No(_) => ImapError::MailboxNotFound {
                mailbox: super::utf7::decode_or_raw(wire_name),
                host: self.host.clone(),
            },
            other => self.protocol_error("SELECT", other),
        })?;
        let ours = |f: &Flag<'_>| matches!(f, Flag::Custom(k) if k.eq_ignore_ascii_case(KEYWORD));
        Ok(KeywordSupport {
            promised: mailbox.permanent_flags.contains(&Flag::MayCreate),
            defined: mailbox.flags.iter().any(ours) || mailbox.permanent_flags.iter().any(ours),
            keywords: mailbox
                .flags
                .iter()
                .filter(|f| matches!(f, Flag::Custom(_)))
                .count(),
        })
    }

    /// Say goodbye politely; errors here are not worth reporting.
    pub fn logout(mut self) {
        let _ = self.inner.logout();
    }
}
