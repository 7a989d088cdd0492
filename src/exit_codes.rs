//! Process exit codes shared by every command.
//! 0 ok, 1 partial (some messages unread or undrafted), 2 usage/config/IO, 3 connection/auth/TLS.

/// How a run ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Every message was read, whatever the verdicts.
    Success,
    /// Some messages could not be read or drafted (a NO to one message's APPEND or STORE
    /// counts here); the rest were processed and each failure reported. With `--all-accounts`
    /// also: some accounts failed while the others were handled.
    Partial,
    /// Usage, config or I/O error.
    Error,
    /// IMAP connection, authentication or TLS failure (with `--all-accounts`: of every account).
    Connection,
}

impl ExitCode {
    /// The numeric status handed to the operating system.
    pub fn code(self) -> i32 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Partial => 1,
            ExitCode::Error => 2,
            ExitCode::Connection => 3,
        }
    }
}
