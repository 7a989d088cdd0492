//! The reply message: recipients, subject, threading headers, Message-ID, MIME, built with lettre.
//! This is the one place that turns a rendered body into RFC 5322 bytes.

use std::sync::OnceLock;

use email_encoding::headers::writer::EmailWriter;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use regex::Regex;
use sha2::{Digest, Sha256};

use super::{ComposeError, Draft, Identity};
use crate::message::{Address, Mail};

/// The sender used when no identity is configured; the CLI warns when it is used.
pub const PLACEHOLDER_NAME: &str = "Your Name";
/// The address used when no identity is configured (`.invalid` can never be delivered).
pub const PLACEHOLDER_EMAIL: &str = "you@example.invalid";
/// The subject used when the original had none.
pub const FALLBACK_SUBJECT: &str = "your message";
/// The header that marks a draft as written by rebound for a given source message.
pub const SOURCE_HEADER: &str = "X-Rebound-Source";

/// Most ids kept in References; the oldest and the newest are kept, as mail clients do.
const MAX_REFERENCES: usize = 20;

/// What the templates rendered for one reply.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The plain-text body.
    pub text: &'a str,
    /// An HTML alternative; the draft becomes multipart/alternative when present.
    pub html: Option<&'a str>,
    /// A subject replacing "Re: <original subject>".
    pub subject: Option<&'a str>,
}

/// Build the reply to `mail` with `body`, sent from `identity`, dated `now`.
pub fn build(
    mail: &Mail,
    identity: &Identity,
    body: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Draft, ComposeError> {
    let parts = Parts {
        text: body,
        html: None,
        subject: None,
    };
    build_parts(mail, identity, &parts, now)
}

/// Build the reply to `mail` from rendered `parts`, sent from `identity`, dated `now`.
pub fn build_parts(
    mail: &Mail,
    identity: &Identity,
    parts: &Parts<'_>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Draft, ComposeError> {
    let body = parts.text;
    let recipient = recipient(mail)?;
    let to_email = recipient.email.trim().to_string();
    if let Some(why) = unusable_address(&to_email) {
        return Err(ComposeError::Build(format!(
            "recipient address {to_email:?} is not valid: {why}"
        )));
    }
    let to = mailbox(recipient.name.as_deref(), &to_email).map_err(|e| {
        ComposeError::Build(format!("recipient address {to_email:?} is not valid: {e}"))
    })?;
    let from = sender(identity)?;
    let subject = parts
        .subject
        .map(super::context::one_line)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| reply_subject(mail.subject.as_deref()));
    let source_id = mail.message_id.as_deref().and_then(clean_id);
    let message_id = message_id(mail, from.email.as_ref(), &to_email, now);

    let builder = Message::builder().from(from).to(to);
    let mut builder = if looks_encoded(&subject) {
        builder.header(EncodedSubject(subject.clone()))
    } else {
        builder.subject(subject.clone())
    }
    .date(std::time::SystemTime::from(now))
    .message_id(Some(format!("<{message_id}>")));
    if let Some(id) = &source_id {
        builder = builder.in_reply_to(format!("<{id}>"));
    }
    let refs = references(mail);
    if !refs.is_empty() {
        let joined = refs
            .iter()
            .map(|r| format!("<{r}>"))
            .collect::<Vec<_>>()
            .join(" ");
        builder = builder.references(joined);
    }
    if let Some(id) = &source_id {
        builder = builder.header(ReboundSource(format!("<{id}>")));
    }
    let message = match parts.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            body.to_string(),
            html.to_string(),
        )),
        None => builder.singlepart(SinglePart::plain(body.to_string())),
    }
    .map_err(|e| match e {
        // lettre accepts some addresses (e.g. `jane@[127.0.0.1]`) that it cannot send to.
        lettre::error::Error::MissingTo => {
            ComposeError::Build(format!("recipient address {to_email:?} is not valid: {e}"))
        }
        e => ComposeError::Build(e.to_string()),
    })?;
    Ok(Draft {
        source_id,
        to: to_email,
        subject,
        bytes: message.formatted(),
    })
}

/// The address to answer: Reply-To, else From.
fn recipient(mail: &Mail) -> Result<&Address, ComposeError> {
    [mail.reply_to.as_ref(), mail.from.as_ref()]
        .into_iter()
        .flatten()
        .find(|a| !a.email.trim().is_empty())
        .ok_or_else(|| ComposeError::Build("the message has no From or Reply-To address".into()))
}

/// The From mailbox: the identity, or the placeholder when no address is configured.
fn sender(identity: &Identity) -> Result<Mailbox, ComposeError> {
    match identity
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => mailbox(identity.name.as_deref(), email).map_err(|e| {
            ComposeError::Build(format!("sender address {email:?} is not valid: {e}"))
        }),
        None => {
            let name = identity
                .name
                .as_deref()
                .map(display_name)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| PLACEHOLDER_NAME.to_string());
            mailbox(Some(&name), PLACEHOLDER_EMAIL)
                .map_err(|e| ComposeError::Build(format!("placeholder sender: {e}")))
        }
    }
}

/// A mailbox whose display name cannot carry line breaks or other control characters.
fn mailbox(name: Option<&str>, email: &str) -> Result<Mailbox, lettre::address::AddressError> {
    let address: lettre::Address = email.trim().parse()?;
    let name = name.map(display_name).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, address))
}

/// A display name on one line; lettre quotes and encodes what remains.
fn display_name(name: &str) -> String {
    super::context::one_line(name)
        .trim_matches(|c: char| c == '"' || c.is_whitespace())
        .to_string()
}

fn prefix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Reply and forward prefixes of common clients and languages, optionally counted
        // ("Re[2]:", "RE(3):") and with a full-width colon. A plain "Ref:" is a real subject.
        Regex::new(
            r"(?i)^(?:\s*(?:re|aw|sv|antw|antwoord|vs|réf|rv|r|res|odp|ynt|fwd|fw|wg|tr|enc|rif|doorst)\s*(?:\[\d+\]|\(\d+\))?\s*[:：])+\s*",
        )
        .unwrap_or_else(|_| unreachable!("the prefix pattern is a fixed, valid regex"))
    })
}

/// The subject without any leading reply/forward prefixes ("AW: Re[2]: Fwd: Offer" -> "Offer").
pub fn strip_reply_prefixes(subject: &str) -> &str {
    let trimmed = subject.trim();
    match prefix_re().find(trimmed) {
        Some(m) => trimmed[m.end()..].trim(),
        None => trimmed,
    }
}

/// "Re: " plus the original subject without stacked prefixes; "Re: your message" when empty.
pub fn reply_subject(original: Option<&str>) -> String {
    let one_line = super::context::one_line(original.unwrap_or_default());
    let core = strip_reply_prefixes(&one_line);
    if core.is_empty() {
        format!("Re: {FALLBACK_SUBJECT}")
    } else {
        format!("Re: {core}")
    }
}

/// An id that can go between angle brackets safely: printable ASCII, no spaces or brackets.
fn clean_id(id: &str) -> Option<String> {
    let id = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let ok = !id.is_empty()
        && id.len() <= 250
        && id
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>');
    ok.then(|| id.to_string())
}

/// The References of the reply: the original's References (else its In-Reply-To) plus its id.
pub fn references(mail: &Mail) -> Vec<String> {
    let chain = if mail.references.is_empty() {
        &mail.in_reply_to
    } else {
        &mail.references
    };
    let mut out: Vec<String> = Vec::new();
    for id in chain
        .iter()
        .map(String::as_str)
        .chain(mail.message_id.as_deref())
    {
        if let Some(id) = clean_id(id) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    if out.len() > MAX_REFERENCES {
        // Keep the thread root and the most recent ids, like Thunderbird and Gmail do.
        let tail = out.split_off(out.len() - (MAX_REFERENCES - 1));
        out.truncate(1);
        out.extend(tail);
    }
    out
}

/// A Message-ID derived from the source message and `now`: stable for snapshots, unique per run.
pub fn message_id(
    mail: &Mail,
    sender_email: &str,
    to: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    let mut hash = Sha256::new();
    hash.update(b"rebound-draft\0");
    match mail.message_id.as_deref() {
        Some(id) => hash.update(id.as_bytes()),
        None => {
            // No id: the message's own content stands in for it.
            hash.update(to.as_bytes());
            hash.update(b"\0");
            hash.update(mail.subject.as_deref().unwrap_or_default().as_bytes());
            hash.update(b"\0");
            hash.update(mail.full_text.as_bytes());
        }
    }
    hash.update(b"\0");
    hash.update(now.to_rfc3339().as_bytes());
    hash.update(b"\0");
    hash.update(sender_email.as_bytes());
    let digest = hash.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let domain = sender_email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
        .filter(|d| {
            !d.is_empty()
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        .unwrap_or_else(|| "example.invalid".to_string());
    format!("rebound.{hex}@{domain}")
}

/// True when a reader would decode part of `text` as an RFC 2047 encoded word ("=?utf-8?q?...?=").
/// lettre writes ASCII as it is, so a buyer's subject that merely looks encoded would come back
/// decoded, CR/LF and all; such text is encoded for real instead, which round-trips literally.
fn looks_encoded(text: &str) -> bool {
    text.contains("=?")
}

/// Why a buyer's address that lettre would accept still must not be drafted to, if it must not:
/// a reader would decode it into another address, or it carries what no real address does
/// (a decoding error, a control character, an invisible or direction-changing character).
fn unusable_address(email: &str) -> Option<&'static str> {
    if looks_encoded(email) {
        return Some("it contains an encoded word");
    }
    email
        .chars()
        .any(|c| c == char::REPLACEMENT_CHARACTER || c.is_control() || is_invisible(c))
        .then_some("it contains an undecodable, control or invisible character")
}

/// Zero-width, bidi control and other format characters that change how text looks, not what
/// it says.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
    )
}

/// `Subject:` with the whole value RFC 2047 encoded (see [`looks_encoded`]).
#[derive(Debug, Clone)]
struct EncodedSubject(String);

impl Header for EncodedSubject {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Subject")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(EncodedSubject(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        let mut encoded = String::new();
        {
            let mut writer = EmailWriter::new(&mut encoded, "Subject: ".len(), 0, false);
            // Writing into a String cannot fail.
            let _ = email_encoding::headers::rfc2047::encode(&self.0, &mut writer);
        }
        // Pre-encoded is safe here: the encoder emits only printable ASCII and folded lines.
        HeaderValue::dangerous_new_pre_encoded(Self::name(), self.0.clone(), encoded)
    }
}

/// `X-Rebound-Source: <id>`; the IMAP sink looks for it to avoid duplicate drafts.
#[derive(Debug, Clone)]
struct ReboundSource(String);

impl Header for ReboundSource {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str(SOURCE_HEADER)
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ReboundSource(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 3, 4, 9, 30, 0)
            .unwrap()
    }

    fn addr(name: Option<&str>, email: &str) -> Option<Address> {
        Some(Address {
            name: name.map(str::to_string),
            email: email.to_string(),
        })
    }

    fn identity() -> Identity {
        Identity {
            name: Some("Alex Seller".into()),
            email: Some("alex@seller.example".into()),
            company: None,
            signature: None,
        }
    }

    fn text(d: &Draft) -> String {
        String::from_utf8(d.bytes.clone()).unwrap()
    }

    /// Header lines of the draft, unfolded.
    fn headers(d: &Draft) -> Vec<String> {
        let t = text(d);
        let head = t.split("\r\n\r\n").next().unwrap().replace("\r\n ", " ");
        head.split("\r\n").map(str::to_string).collect()
    }

    fn header(d: &Draft, name: &str) -> Option<String> {
        let prefix = format!("{}: ", name.to_lowercase());
        headers(d)
            .into_iter()
            .find(|h| h.to_lowercase().starts_with(&prefix))
            .map(|h| h[prefix.len()..].to_string())
    }

    #[test]
    fn subject_prefixes_do_not_stack() {
        let cases = [
            ("Offer", "Re: Offer"),
            ("Re: Offer", "Re: Offer"),
            ("RE: Re: Offer", "Re: Offer"),
            ("Re[2]: Offer", "Re: Offer"),
            ("RE(3): Offer", "Re: Offer"),
            ("AW: Aw: Offer", "Re: Offer"),
            ("SV: Offer", "Re: Offer"),
            ("Antw: Offer", "Re: Offer"),
            ("Antwoord: Offer", "Re: Offer"),
            ("VS: Offer", "Re: Offer"),
            ("Réf : Offer", "Re: Offer"),
            ("RV: Offer", "Re: Offer"),
            ("R: Offer", "Re: Offer"),
            ("Fwd: Re: Offer", "Re: Offer"),
            ("FW: Offer", "Re: Offer"),
            ("WG: AW: Offer", "Re: Offer"),
            ("TR: Offer", "Re: Offer"),
            ("Enc: Offer", "Re: Offer"),
            ("re:offer", "Re: offer"),
            ("  Re :  Offer  ", "Re: Offer"),
            // Not prefixes: words that merely start like one, or a colon later on.
            ("Regarding: Offer", "Re: Regarding: Offer"),
            ("Report: Q3 numbers", "Re: Report: Q3 numbers"),
            ("Offer: Re: pricing", "Re: Offer: Re: pricing"),
            ("Fwdx: Offer", "Re: Fwdx: Offer"),
            ("", "Re: your message"),
            ("Re:", "Re: your message"),
            ("Line\r\nBcc: x@y", "Re: Line Bcc: x@y"),
        ];
        for (input, want) in cases {
            assert_eq!(reply_subject(Some(input)), want, "{input:?}");
        }
        assert_eq!(reply_subject(None), "Re: your message");
    }

    #[test]
    fn threading_headers_follow_the_chain() {
        let mail = Mail {
            message_id: Some("c@buyer.example".into()),
            from: addr(Some("Jane"), "jane@buyer.example"),
            in_reply_to: vec!["b@seller.example".into()],
            references: vec!["a@seller.example".into(), "b@seller.example".into()],
            ..Default::default()
        };
        let d = build(&mail, &identity(), "body\n", now()).unwrap();
        assert_eq!(
            header(&d, "In-Reply-To").as_deref(),
            Some("<c@buyer.example>")
        );
        assert_eq!(
            header(&d, "References").as_deref(),
            Some("<a@seller.example> <b@seller.example> <c@buyer.example>")
        );
        assert_eq!(
            header(&d, "X-Rebound-Source").as_deref(),
            Some("<c@buyer.example>")
        );
        assert_eq!(d.source_id.as_deref(), Some("c@buyer.example"));
    }

    #[test]
    fn references_fall_back_to_in_reply_to_and_dedupe() {
        let mail = Mail {
            message_id: Some("<c@x>".into()),
            in_reply_to: vec!["b@x".into(), "b@x".into()],
            ..Default::default()
        };
        assert_eq!(references(&mail), vec!["b@x", "c@x"]);
        let mail = Mail {
            message_id: Some("c@x".into()),
            references: vec!["a@x".into(), "c@x".into(), "bad id".into(), "x>y".into()],
            ..Default::default()
        };
        assert_eq!(references(&mail), vec!["a@x", "c@x"]);
        let mail = Mail {
            message_id: Some("first@x".into()),
            ..Default::default()
        };
        assert_eq!(references(&mail), vec!["first@x"]);
        let long: Vec<String> = (0..50).map(|i| format!("{i}@x")).collect();
        let mail = Mail {
            message_id: Some("last@x".into()),
            references: long,
            ..Default::default()
        };
        let refs = references(&mail);
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(refs[0], "0@x");
        assert_eq!(refs[refs.len() - 1], "last@x");
        assert_eq!(refs[1], "32@x");
    }

    #[test]
    fn no_message_id_means_no_in_reply_to_or_source_header() {
        let mail = Mail {
            from: addr(None, "jane@buyer.example"),
            references: vec!["a@x".into()],
            ..Default::default()
        };
        let d = build(&mail, &identity(), "body\n", now()).unwrap();
        assert_eq!(header(&d, "In-Reply-To"), None);
        assert_eq!(header(&d, "X-Rebound-Source"), None);
        assert_eq!(header(&d, "References").as_deref(), Some("<a@x>"));
        assert_eq!(d.source_id, None);
    }

    #[test]
    fn recipient_is_reply_to_else_from_else_error() {
        let mut mail = Mail {
            from: addr(Some("Jane Doe"), "jane@buyer.example"),
            reply_to: addr(Some("Deals Desk"), "deals@buyer.example"),
            ..Default::default()
        };
        let d = build(&mail, &identity(), "b\n", now()).unwrap();
        assert_eq!(d.to, "deals@buyer.example");
        assert_eq!(
            header(&d, "To").as_deref(),
            Some("\"Deals Desk\" <deals@buyer.example>")
        );
        mail.reply_to = None;
        assert_eq!(
            build(&mail, &identity(), "b\n", now()).unwrap().to,
            "jane@buyer.example"
        );
        mail.from = None;
        let err = build(&mail, &identity(), "b\n", now()).unwrap_err();
        assert!(matches!(err, ComposeError::Build(_)), "{err}");
        mail.from = addr(None, "not an address");
        assert!(matches!(
            build(&mail, &identity(), "b\n", now()),
            Err(ComposeError::Build(_))
        ));
    }

    #[test]
    fn display_names_cannot_inject_headers() {
        let evil = "Eve\r\nBcc: x@y";
        let mail = Mail {
            message_id: Some("m@buyer.example".into()),
            from: addr(Some(evil), "eve@buyer.example"),
            subject: Some("Hi\r\nBcc: z@y".into()),
            ..Default::default()
        };
        let id = Identity {
            name: Some("Mallory \"the\" \nBcc: x@y".into()),
            ..identity()
        };
        let d = build(&mail, &id, "b\n", now()).unwrap();
        let raw = text(&d);
        for line in raw.split("\r\n") {
            assert!(!line.to_lowercase().starts_with("bcc:"), "{raw}");
        }
        // Every header line is a header or a folded continuation; the body starts after one blank line.
        for h in raw.split("\r\n\r\n").next().unwrap().split("\r\n") {
            assert!(
                h.starts_with(' ') || h.contains(": "),
                "bad header line {h:?} in {raw}"
            );
        }
        assert!(!raw.contains('\n') || !raw.replace("\r\n", "").contains('\n'));
        let to = header(&d, "To").unwrap();
        // lettre encodes the colon-bearing name as an encoded word ("Eve Bcc: x@y" in base64).
        assert_eq!(to, "=?utf-8?b?RXZlIEJjYzogeEB5?= <eve@buyer.example>");
        let from = header(&d, "From").unwrap();
        assert_eq!(
            from,
            "=?utf-8?b?TWFsbG9yeSAidGhlIiBCY2M6IHhAeQ==?= <alex@seller.example>"
        );
        // Quotes alone are escaped inside a quoted display name.
        let quoted = Identity {
            name: Some("Jane \"JJ\" Doe".into()),
            ..identity()
        };
        let d = build(&mail, &quoted, "b\n", now()).unwrap();
        assert_eq!(
            header(&d, "From").as_deref(),
            Some("\"Jane \\\"JJ\\\" Doe\" <alex@seller.example>")
        );
    }

    #[test]
    fn placeholder_sender_when_no_identity() {
        let mail = Mail {
            from: addr(None, "jane@buyer.example"),
            ..Default::default()
        };
        let d = build(&mail, &Identity::default(), "b\n", now()).unwrap();
        assert_eq!(
            header(&d, "From").as_deref(),
            Some("\"Your Name\" <you@example.invalid>")
        );
        let mid = header(&d, "Message-ID").unwrap();
        assert!(
            mid.starts_with("<rebound.") && mid.ends_with("@example.invalid>"),
            "{mid}"
        );
        let bad = Identity {
            email: Some("not an address".into()),
            ..Identity::default()
        };
        assert!(matches!(
            build(&mail, &bad, "b\n", now()),
            Err(ComposeError::Build(_))
        ));
    }

    #[test]
    fn mime_headers_and_message_id() {
        let mail = Mail {
            message_id: Some("m@buyer.example".into()),
            from: addr(Some("O'Brien"), "ob@buyer.example"),
            ..Default::default()
        };
        let d = build(&mail, &identity(), "Grüße, O'Brien\n", now()).unwrap();
        assert_eq!(header(&d, "MIME-Version").as_deref(), Some("1.0"));
        assert_eq!(
            header(&d, "Content-Type").as_deref(),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(
            header(&d, "Date").as_deref(),
            Some("Wed, 04 Mar 2026 08:30:00 +0000")
        );
        let mid = header(&d, "Message-ID").unwrap();
        assert!(mid.ends_with("@seller.example>"), "{mid}");
        // Same source and time: same id; another time: another id.
        let again = build(&mail, &identity(), "x\n", now()).unwrap();
        assert_eq!(header(&again, "Message-ID").unwrap(), mid);
        let later = build(
            &mail,
            &identity(),
            "x\n",
            now() + chrono::Duration::seconds(1),
        )
        .unwrap();
        assert_ne!(header(&later, "Message-ID").unwrap(), mid);
        assert!(text(&d).contains("\r\n\r\n"));
    }
}
