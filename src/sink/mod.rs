//! Where drafts go: `.eml` files in a directory, or the IMAP Drafts folder.
//! A sink never overwrites: a draft for the same source message is written once.

use std::path::PathBuf;

mod duplicates;
mod eml;
mod grouped;
pub mod imap;

pub use eml::{draft_file_name, EmlDir};
pub use grouped::Grouped;

/// A failure to store a draft.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// The draft file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// What happened to a draft handed to a sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Where the draft is.
    pub path: PathBuf,
    /// False when a draft for the same source already existed (nothing was written).
    pub created: bool,
}
