//! The parsed view of one message: addresses, ids, dates, and the new text the sender just wrote.
//! Quote, signature and disclaimer stripping live here so classify and compose see plain types.

mod body;
pub mod lang;
pub mod names;
mod parse;
pub(crate) mod quotes;
mod signature;

use mail_parser::MessageParser;
use regex::Regex;
use std::sync::LazyLock;

/// Built once: the header table is a hash map.
static PARSER: LazyLock<MessageParser> = LazyLock::new(parse::parser);

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
    /// Every header as (lower-case name, decoded value), in order, for robot checks; trace and
    /// signature headers (`Received`, DKIM, ARC, `Authentication-Results`) are left out.
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
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Invalid("empty input".into()));
    }
    // Attachment bodies are most of the bytes and all of the decoding work, and never read.
    let raw = body::without_binary_bodies(raw);
    let msg = PARSER
        .parse(raw.as_ref())
        .ok_or_else(|| ParseError::Invalid("no headers found".into()))?;
    let body = body::extract(&msg);
    let new_text = new_text(&body.full, body.unquoted_html.as_deref());
    let language = lang::detect(&new_text).map(str::to_string);
    Ok(Mail {
        message_id: msg
            .message_id()
            .map(|id| id.trim().trim_matches(['<', '>']).to_string())
            .filter(|id| !id.is_empty()),
        from: parse::first_address(msg.from()),
        reply_to: parse::first_address(msg.reply_to()),
        to: parse::all_addresses(msg.to()),
        subject: msg.subject().map(|s| s.trim().to_string()),
        date: parse::date(&msg),
        in_reply_to: parse::ids(msg.in_reply_to()),
        references: parse::ids(msg.references()),
        headers: parse::header_list(&msg),
        content_type: parse::content_type(msg.root_part()),
        has_delivery_status: parse::has_delivery_status(&msg),
        full_text: body.full,
        new_text,
        language,
    })
}

/// What the sender just wrote, from the full text (or the HTML body with quote elements removed).
/// Falls back to the full text when stripping leaves nothing.
pub fn new_text(full_text: &str, unquoted_html: Option<&str>) -> String {
    let source = unquoted_html.unwrap_or(full_text);
    let unquoted = quotes::strip_quotes(source);
    if unquoted.trim().is_empty() {
        return signature::join_trimmed(&full_text.lines().collect::<Vec<_>>());
    }
    signature::strip_signature(&unquoted)
}

/// Compiles a built-in pattern; the patterns are constants, so failure is a programming error.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern does not compile: {e}"))
}

#[cfg(test)]
mod tests;
