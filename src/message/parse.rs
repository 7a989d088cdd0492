//! Header extraction: addresses, ids, subject, date, content type and the ordered header list.
//! Everything here reads mail-parser's parsed headers and never fails; missing fields are None.

use super::Address;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::{
    HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};

/// The first mailbox of an address header, with its decoded display name.
pub(crate) fn first_address(value: Option<&mail_parser::Address<'_>>) -> Option<Address> {
    value?.iter().find_map(convert_addr)
}

/// Every mailbox of an address header.
pub(crate) fn all_addresses(value: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    value
        .map(|a| a.iter().filter_map(convert_addr).collect())
        .unwrap_or_default()
}

fn convert_addr(addr: &mail_parser::Addr<'_>) -> Option<Address> {
    let email = addr.address.as_deref()?.trim();
    if email.is_empty() {
        return None;
    }
    let name = addr
        .name
        .as_deref()
        .map(|n| n.trim().trim_matches('"').trim())
        .filter(|n| !n.is_empty() && *n != email)
        .map(str::to_string);
    Some(Address {
        name,
        email: email.to_string(),
    })
}

/// Message ids from an id header (`<a@b> <c@d>`), brackets removed, empty ids dropped.
pub(crate) fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => split_ids(t),
        HeaderValue::TextList(list) => list.iter().flat_map(|t| split_ids(t)).collect(),
        _ => Vec::new(),
    }
}

fn split_ids(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c| c == '<' || c == '>'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The Date header as a chrono value; None when absent or out of range.
pub(crate) fn date(msg: &Message<'_>) -> Option<DateTime<FixedOffset>> {
    let d = msg.date()?;
    if !d.is_valid() {
        return None;
    }
    let secs = i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if d.tz_before_gmt { -secs } else { secs })?;
    let naive = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
        .and_hms_opt(u32::from(d.hour), u32::from(d.minute), u32::from(d.second))?;
    offset.from_local_datetime(&naive).single()
}

/// The lower-case `type/subtype` of a part; `text/plain` when the header is missing.
pub(crate) fn content_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => {
            let mut s = ct.ctype().to_ascii_lowercase();
            s.push('/');
            s.push_str(&ct.subtype().unwrap_or("plain").to_ascii_lowercase());
            s
        }
        None => "text/plain".to_string(),
    }
}

/// True when a part is a delivery status notification or the message is a DSN report.
pub(crate) fn has_delivery_status(msg: &Message<'_>) -> bool {
    msg.parts.iter().any(|part| {
        let Some(ct) = part.content_type() else {
            return false;
        };
        let sub = ct.subtype().unwrap_or("");
        if ct.ctype().eq_ignore_ascii_case("message") {
            return sub.eq_ignore_ascii_case("delivery-status")
                || sub.eq_ignore_ascii_case("global-delivery-status");
        }
        ct.ctype().eq_ignore_ascii_case("multipart")
            && sub.eq_ignore_ascii_case("report")
            && ct
                .attribute("report-type")
                .is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    })
}

/// The parser rebound uses: mail-parser's defaults for every header it knows, except the
/// trace headers, whose full parse (the `Received` tokenizer) nothing here reads.
pub(crate) fn parser() -> MessageParser {
    let mut p = MessageParser::new()
        .with_mime_headers()
        .with_date_headers()
        .with_message_ids()
        .with_address_headers()
        .header_text(HeaderName::Subject)
        .header_text(HeaderName::Comments)
        .header_id(HeaderName::ReturnPath)
        .header_comma_separated(HeaderName::Keywords)
        .header_comma_separated(HeaderName::ContentLanguage)
        .ignore_header(HeaderName::Received);
    for list in [
        HeaderName::ListArchive,
        HeaderName::ListHelp,
        HeaderName::ListId,
        HeaderName::ListOwner,
        HeaderName::ListPost,
        HeaderName::ListSubscribe,
        HeaderName::ListUnsubscribe,
    ] {
        p = p.header_address(list);
    }
    p
}

/// Trace and signature headers: long, many per message, and read by nothing in rebound.
fn is_trace(name: &HeaderName<'_>) -> bool {
    match name {
        HeaderName::Received => true,
        HeaderName::Other(n) => TRACE_HEADERS.iter().any(|t| n.eq_ignore_ascii_case(t)),
        _ => false,
    }
}

const TRACE_HEADERS: &[&str] = &[
    "dkim-signature",
    "x-google-dkim-signature",
    "arc-seal",
    "arc-message-signature",
    "arc-authentication-results",
    "authentication-results",
    "received-spf",
    "x-received",
];

/// Every top-level header except trace and signature headers (`Received`, DKIM, ARC,
/// `Authentication-Results`) as (lower-case name, decoded value), in message order.
pub(crate) fn header_list(msg: &Message<'_>) -> Vec<(String, String)> {
    let raw = msg.raw_message();
    let root = msg.root_part();
    let mut out = Vec::with_capacity(root.headers.len());
    for h in root.headers.iter().filter(|h| !is_trace(&h.name)) {
        let name = h.name.as_str().to_ascii_lowercase();
        let raw_value = raw
            .get(h.offset_start as usize..h.offset_end as usize)
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let value = match &h.value {
            HeaderValue::Text(t) if !is_raw_parsed(&h.name) => t.to_string(),
            HeaderValue::Address(a) => render_addresses(a),
            _ => {
                let unfolded = unfold(&raw_value);
                if unfolded.contains("=?") {
                    decode_words(&unfolded)
                } else {
                    unfolded
                }
            }
        };
        out.push((name, value));
    }
    out
}

/// Headers mail-parser keeps raw (no RFC 2047 decoding) in its default configuration.
fn is_raw_parsed(name: &HeaderName<'_>) -> bool {
    !matches!(
        name,
        HeaderName::Subject
            | HeaderName::Comments
            | HeaderName::ContentDescription
            | HeaderName::ContentLocation
            | HeaderName::ContentTransferEncoding
    )
}

fn render_addresses(a: &mail_parser::Address<'_>) -> String {
    let mut s = String::new();
    for addr in a.iter() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        match (addr.name.as_deref(), addr.address.as_deref()) {
            (Some(n), Some(e)) => {
                s.push_str(n);
                s.push_str(" <");
                s.push_str(e);
                s.push('>');
            }
            (None, Some(e)) => s.push_str(e),
            (Some(n), None) => s.push_str(n),
            (None, None) => {}
        }
    }
    s
}

/// Joins folded header lines and collapses the folding whitespace.
fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.chars() {
        if c == '\r' || c == '\n' || c == ' ' || c == '\t' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// RFC 2047 decoding of a header value that mail-parser left raw.
fn decode_words(value: &str) -> String {
    let mut bytes = Vec::with_capacity(value.len() + 2);
    bytes.extend_from_slice(value.as_bytes());
    bytes.extend_from_slice(b"\r\n");
    match mail_parser::parsers::MessageStream::new(&bytes).parse_unstructured() {
        HeaderValue::Text(t) => t.into_owned(),
        _ => value.to_string(),
    }
}

/// The body text of a part, when it is a text or HTML part.
pub(crate) fn part_text<'a>(part: &'a MessagePart<'_>) -> Option<&'a str> {
    match &part.body {
        PartType::Text(t) | PartType::Html(t) => Some(t.as_ref()),
        _ => None,
    }
}
