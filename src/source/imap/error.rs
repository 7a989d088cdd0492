//! Errors of the IMAP layer: each says what failed and where (host, port, user, mailbox).
//! Secrets are never part of an error; `is_connection_error` separates exit code 3 from 2.

use crate::exit_codes::ExitCode;

/// Something went wrong talking to (or preparing to talk to) an IMAP server.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// The account settings are invalid (found before any network use).
    #[error("invalid account settings: {0}")]
    Settings(String),
    /// The password or token command could not produce a secret.
    #[error("{key}: `{program}`: {reason}")]
    SecretCommand {
        /// Which setting held the command.
        key: String,
        /// The program that was run (its arguments are not shown: they may hold secrets).
        program: String,
        /// What went wrong.
        reason: String,
    },
    /// The extra CA file could not be read or holds no certificate.
    #[error("ca_file {path}: {reason}")]
    CaFile {
        /// The file as configured.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The TCP connection could not be made (or timed out).
    #[error("cannot connect to {host}:{port}: {reason}")]
    Connect {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// What went wrong.
        reason: String,
    },
    /// The server's certificate chain does not lead to a trusted root.
    #[error(
        "certificate of {host} not trusted ({reason}) (hint: set ca_file to the PEM file of the CA \
         that signed it, e.g. Proton Bridge's or your company's CA)"
    )]
    CertificateNotTrusted {
        /// Server host.
        host: String,
        /// What the verifier said.
        reason: String,
    },
    /// TLS could not be set up for another reason (protocol, name mismatch, STARTTLS refused).
    #[error("TLS handshake with {host}:{port} failed: {reason}")]
    Tls {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// What went wrong.
        reason: String,
    },
    /// The server did not greet like an IMAP server.
    #[error("{host}:{port} did not greet like an IMAP server: {reason}")]
    Greeting {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// What went wrong.
        reason: String,
    },
    /// The server refused the credentials.
    #[error("cannot log in to {host}:{port} as {user}: authentication failed{}", server_text(.detail))]
    Auth {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// Login name.
        user: String,
        /// The server's own words, if any (never contains what we sent).
        detail: Option<String>,
    },
    /// A mailbox named in the config or on the command line does not exist.
    #[error("mailbox not found: {mailbox} on {host}")]
    MailboxNotFound {
        /// The mailbox as the user wrote it.
        mailbox: String,
        /// Server host.
        host: String,
    },
    /// No Drafts folder could be found.
    #[error(
        "no Drafts folder found (no mailbox has the \\Drafts special-use flag and none is named {tried}); \
         set drafts_mailbox in the account settings"
    )]
    NoDrafts {
        /// The names that were tried, comma separated.
        tried: String,
    },
    /// The server answered NO to one command (a keyword, a message): that command failed, the
    /// connection and the rest of the run are fine.
    #[error("{host}:{port} refused {during}{}", server_text(.reason))]
    Refused {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// The command and what it was about.
        during: String,
        /// The server's own words, if it sent any.
        reason: Option<String>,
    },
    /// The server failed a command after login, or the connection broke.
    #[error("IMAP error from {host}:{port} during {during}: {reason}")]
    Protocol {
        /// Server host.
        host: String,
        /// Server port.
        port: u16,
        /// The command or step.
        during: String,
        /// What went wrong.
        reason: String,
    },
}

fn server_text(detail: &Option<String>) -> String {
    match detail {
        Some(d) if !d.trim().is_empty() => format!(" (server said: {})", d.trim()),
        _ => String::new(),
    }
}

impl ImapError {
    /// True for network, TLS, greeting, login and protocol failures (exit code 3).
    pub fn is_connection_error(&self) -> bool {
        matches!(
            self,
            ImapError::Connect { .. }
                | ImapError::CertificateNotTrusted { .. }
                | ImapError::Tls { .. }
                | ImapError::Greeting { .. }
                | ImapError::Auth { .. }
                | ImapError::Protocol { .. }
        )
    }

    /// The process exit status this error should end a run with.
    pub fn exit_code(&self) -> ExitCode {
        if self.is_connection_error() {
            ExitCode::Connection
        } else {
            ExitCode::Error
        }
    }
}
