//! The parsed view of one message: addresses, ids, dates, and the new text the sender just wrote.
//! Quote, signature and disclaimer stripping live here so classify and compose see plain types.

pub mod names;

/// A mailbox address with an optional display name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// Display name, decoded, if any.
    pub name: Option<String>,
    /// The bare address, e.g. `jane@buyer.example`.
    pub email: String,
}

/// A parsed message, reduced to what rebound needs.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// First From address.
    pub from: Option<Address>,
    /// First Reply-To address.
    pub reply_to: Option<Address>,
    /// To addresses.
    pub to: Vec<Address>,
    /// Decoded subject.
    pub subject: Option<String>,
    /// Date header, if it parsed.
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// In-Reply-To ids, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// References ids, without angle brackets, oldest first.
    pub references: Vec<String>,
    /// Every header as (lower-case name, decoded value), in order, for robot checks.
    pub headers: Vec<(String, String)>,
    /// Top-level MIME type, lower case, e.g. `multipart/report`.
    pub content_type: String,
    /// True when any part is `message/delivery-status` or the top level is a delivery report.
    pub has_delivery_status: bool,
    /// The whole body as plain text (HTML converted), quotes included; what a reply quotes.
    pub full_text: String,
    /// What the sender just wrote: quotes, attribution lines, signature and disclaimers removed.
    pub new_text: String,
    /// ISO 639-1 code of the new text's language, when detected.
    pub language: Option<String>,
}

/// A message that could not be turned into a [`Mail`].
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not a mail message.
    #[error("not a mail message: {0}")]
    Invalid(String),
}

/// Parse raw RFC 5322 bytes into a [`Mail`] with its new text extracted.
pub fn parse(raw: &[u8]) -> Result<Mail, ParseError> {
    // Skeleton: replaced by the real parser.
    if raw.is_empty() {
        return Err(ParseError::Invalid("empty input".into()));
    }
    Ok(Mail::default())
}
