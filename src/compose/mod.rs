//! Turn a rejection into a draft reply: template context, Handlebars rendering, reply headers.
//! Templates are embedded from `templates/` and can be overridden file by file from a user dir.

/// Who the draft is from (config `[identity]` or `--from`).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Display name, e.g. "Alex Seller".
    pub name: Option<String>,
    /// Address, e.g. "alex@seller.example".
    pub email: Option<String>,
    /// Company name.
    pub company: Option<String>,
    /// Signature block, plain text.
    pub signature: Option<String>,
}

/// A rendered reply, ready to be saved by a sink.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Message-ID of the message being answered (without brackets), if it had one.
    pub source_id: Option<String>,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// The complete RFC 5322 message (CRLF line endings).
    pub bytes: Vec<u8>,
}

/// A template or reply-building failure.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// A template failed to compile or render; the message names file, line and variable.
    #[error("{0}")]
    Template(String),
    /// The reply message could not be built (e.g. no usable recipient).
    #[error("cannot build reply: {0}")]
    Build(String),
}

/// The template registry plus reply building; build once per run.
#[derive(Debug)]
pub struct Composer {}

impl Composer {
    /// Load the embedded templates, overridden by files in `user_dir` when given.
    pub fn new(user_dir: Option<&std::path::Path>) -> Result<Composer, ComposeError> {
        let _ = user_dir;
        Ok(Composer {})
    }

    /// Render the draft reply to `mail` for `verdict`, from `identity`, dated `now`.
    pub fn compose(
        &self,
        mail: &crate::message::Mail,
        verdict: &crate::classify::Verdict,
        identity: &Identity,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Draft, ComposeError> {
        let _ = (mail, verdict, identity, now);
        Err(ComposeError::Build("not implemented yet".into()))
    }
}
