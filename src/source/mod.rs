//! Where raw messages come from: .eml files, directories, Maildir folders, mbox files, stdin.
//! Every reader streams: one message in memory at a time, each tagged with where it came from.

pub mod imap;

/// One raw message as read from a source, before any parsing.
#[derive(Debug, Clone)]
pub struct RawMessage {
    /// Where it came from: the path as given, or `<path>#<n>` for the n-th message of an mbox (from 0).
    pub origin: String,
    /// The RFC 5322 bytes, with mbox `>From` quoting already undone.
    pub bytes: Vec<u8>,
}

/// A failure to read from a source.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The input path or stream could not be read at all.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Open every input (files, directories, Maildirs, mbox files, `-` for stdin) as one stream.
/// Fails up front, naming the path, when an input does not exist or cannot be opened.
pub fn open(inputs: &[String]) -> Result<Messages, SourceError> {
    let _ = inputs;
    Ok(Messages {})
}

/// A stream of raw messages over all inputs, in input order; a read error is one item.
#[derive(Debug)]
pub struct Messages {}

impl Iterator for Messages {
    type Item = Result<RawMessage, SourceError>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
