//! Reading messages over IMAP without marking or downloading more than classification needs.
//! UID SEARCH for the window, then batched UID FETCH of headers + text parts (BODY.PEEK only).
//!
//! Per batch of up to [`BATCH`] messages: one `UID FETCH (UID FLAGS BODY.PEEK[HEADER]
//! BODYSTRUCTURE)`, then one `UID FETCH` per distinct set of text sections (messages with the
//! same structure share a command). Each text section is capped at [`PART_LIMIT`] bytes, and
//! attachments are never requested. The header and text parts are rebuilt into a small RFC 5322
//! message for the ordinary pipeline; without a usable BODYSTRUCTURE the first [`PART_LIMIT`]
//! bytes of the whole message are used instead.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use imap_proto::types::{
    AttributeValue, BodyStructure, ContentEncoding, MessageSection, SectionPath,
};

use super::error::ImapError;
use super::folders::MailboxInfo;
use super::session::Session;
use super::wire::FetchResponse;
use crate::source::RawMessage;

/// Messages per UID FETCH command.
pub const BATCH: usize = 250;
/// What the first FETCH of a batch asks for; see [`Session::fetch_for_classification`].
const FIRST_ITEMS: &str = "(UID FLAGS BODY.PEEK[HEADER] BODYSTRUCTURE)";
/// Most bytes fetched of one text part (or of a whole message in the fallback).
pub const PART_LIMIT: u32 = 256 * 1024;
/// Most text parts taken from one message.
const MAX_PARTS: usize = 8;
/// The keyword rebound stores on a source message once its draft exists.
pub const KEYWORD: &str = "$Rebound";

/// A mailbox opened with EXAMINE (read-only) or SELECT (read-write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMailbox {
    /// The mailbox as listed.
    pub info: MailboxInfo,
    /// UIDVALIDITY: UIDs are only comparable while it stays the same.
    pub uid_validity: u32,
    /// The UID the next message will get, if the server said.
    pub uid_next: Option<u32>,
    /// Number of messages.
    pub exists: u32,
    /// PERMANENTFLAGS contain `\*`: new keywords such as `$Rebound` can be stored.
    pub keywords_allowed: bool,
}

/// Which messages to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Every message in the mailbox.
    All,
    /// Messages that arrived on or after this day (IMAP SINCE, by internal date).
    Since(NaiveDate),
}

impl Window {
    /// Days read when neither `--since` nor `--all` is given.
    pub const DEFAULT_DAYS: i64 = 30;

    /// From the flags: `--all`, or `--since 14d` / `2w` / `2026-01-31`, else the last 30 days.
    pub fn from_flags(since: Option<&str>, all: bool, today: NaiveDate) -> Result<Window, String> {
        if all {
            return Ok(Window::All);
        }
        let Some(text) = since.map(str::trim) else {
            return Ok(Window::Since(
                today - chrono::Duration::days(Self::DEFAULT_DAYS),
            ));
        };
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Window::Since(date));
        }
        let bad = || {
            format!("invalid --since {text:?}: expected a number of days like 14d, weeks like 2w, or a date like 2026-01-31")
        };
        let (num, unit) = text.split_at(text.len().saturating_sub(1));
        let n: i64 = num.parse().map_err(|_| bad())?;
        let days = match unit {
            "d" | "D" => n,
            "w" | "W" => n.checked_mul(7).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if !(0..=365 * 100).contains(&days) {
            return Err(bad());
        }
        Ok(Window::Since(today - chrono::Duration::days(days)))
    }

    /// The IMAP SEARCH key for this window.
    pub fn search_key(&self) -> String {
        match self {
            Window::All => "ALL".to_string(),
            Window::Since(d) => format!("SINCE {}", imap_date(*d)),
        }
    }
}

/// `1-Feb-2026`, the date form of IMAP SEARCH.
pub fn imap_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{}-{}-{}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The flags of a fetched message that matter to rebound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MessageFlags {
    /// `\Seen`.
    pub seen: bool,
    /// `\Answered`: the user already replied.
    pub answered: bool,
    /// `$Rebound`: a draft was made for it before.
    pub drafted: bool,
}

/// One message fetched for classification.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Its UID in the mailbox.
    pub uid: u32,
    /// Its flags when fetched.
    pub flags: MessageFlags,
    /// Header + text parts, rebuilt as a small message, origin `imap:<mailbox>/<uidvalidity>/<uid>`.
    pub raw: RawMessage,
}

/// `1:5,7,9:12` for sorted, de-duplicated UIDs.
pub fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end.wrapping_add(1) {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// A quoted IMAP string, or None when the text cannot be sent as one (CR, LF, NUL, non-ASCII).
pub fn quoted(s: &str) -> Option<String> {
    if s.bytes()
        .any(|b| b == b'\r' || b == b'\n' || b == 0 || b >= 0x80)
    {
        return None;
    }
    Some(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

impl Session {
    /// EXAMINE `mailbox`: read-only, nothing about it can change.
    pub fn examine(&mut self, mailbox: &MailboxInfo) -> Result<OpenMailbox, ImapError> {
        log::debug!("EXAMINE {}", mailbox.name);
        let r = self.raw().examine(&mailbox.wire_name);
        self.opened(mailbox, r, "EXAMINE")
    }

    /// SELECT `mailbox`: read-write, needed to store the `$Rebound` keyword.
    pub fn select(&mut self, mailbox: &MailboxInfo) -> Result<OpenMailbox, ImapError> {
        log::debug!("SELECT {}", mailbox.name);
        let r = self.raw().select(&mailbox.wire_name);
        self.opened(mailbox, r, "SELECT")
    }

    fn opened(
        &mut self,
        mailbox: &MailboxInfo,
        r: imap::Result<imap::types::Mailbox>,
        during: &str,
    ) -> Result<OpenMailbox, ImapError> {
        let m = r.map_err(|e| match e {
            imap::Error::No(_) => ImapError::MailboxNotFound {
                mailbox: mailbox.name.clone(),
                host: self.host().to_string(),
            },
            other => self.protocol_error(&format!("{during} {}", mailbox.name), other),
        })?;
        Ok(OpenMailbox {
            info: mailbox.clone(),
            uid_validity: m.uid_validity.unwrap_or(0),
            uid_next: m.uid_next,
            exists: m.exists,
            keywords_allowed: m.permanent_flags.contains(&imap::types::Flag::MayCreate),
        })
    }

    /// UID SEARCH in the selected mailbox; UIDs ascending.
    pub fn search(&mut self, query: &str) -> Result<Vec<u32>, ImapError> {
        log::debug!("UID SEARCH {query}");
        let found = self
            .raw()
            .uid_search(query)
            .map_err(|e| self.protocol_error("UID SEARCH", e))?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// Fetch `uids` of the selected mailbox for classification, in batches, never setting `\Seen`.
    /// `label` is the mailbox name used in each message's origin.
    pub fn fetch_for_classification(
        &mut self,
        uids: &[u32],
        label: &str,
        uid_validity: u32,
    ) -> Result<Vec<Fetched>, ImapError> {
        let mut out = Vec::with_capacity(uids.len());
        for chunk in uids.chunks(BATCH) {
            out.extend(self.fetch_batch(chunk, label, uid_validity)?);
        }
        Ok(out)
    }

    fn fetch_batch(
        &mut self,
        uids: &[u32],
        label: &str,
        uid_validity: u32,
    ) -> Result<Vec<Fetched>, ImapError> {
        let set = uid_set(uids);
        log::debug!("UID FETCH {set} {FIRST_ITEMS}");
        let first = self.lane_command(&format!("UID FETCH {set} {FIRST_ITEMS}"))?;
        // One entry per UID, in UID order.
        let mut items: BTreeMap<u32, (MessageFlags, Vec<u8>, Plan)> = BTreeMap::new();
        for response in &first {
            let attrs = response
                .attributes()
                .map_err(|e| self.protocol_error("UID FETCH", e))?;
            let mut uid = None;
            let mut flags = MessageFlags::default();
            let mut header = None;
            let mut planned = Plan::Whole;
            for a in &attrs {
                match a {
                    AttributeValue::Uid(u) => uid = Some(*u),
                    AttributeValue::Flags(names) => flags = flags_of(names),
                    AttributeValue::BodySection {
                        section: Some(SectionPath::Full(MessageSection::Header)),
                        data: Some(d),
                        ..
                    }
                    | AttributeValue::Rfc822Header(Some(d)) => header = Some(d.to_vec()),
                    AttributeValue::BodyStructure(bs) => planned = plan(bs),
                    _ => {}
                }
            }
            if let (Some(uid), Some(header)) = (uid, header) {
                items.insert(uid, (flags, header, planned));
            }
        }
        drop(first);

        // Messages whose plans ask for the same sections share one command, and the commands
        // go out together: the server answers them one after another without waiting for us.
        let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (uid, (_, _, plan)) in &items {
            if let Some(query) = plan.query() {
                groups.entry(query).or_default().push(*uid);
            }
        }
        let mut tags = Vec::with_capacity(groups.len());
        for (query, group) in &groups {
            let set = uid_set(group);
            log::debug!("UID FETCH {set} {query}");
            let tag = self
                .lane()
                .send(&format!("UID FETCH {set} {query}"))
                .map_err(|e| self.protocol_error("UID FETCH", e))?;
            tags.push(tag);
        }
        // Each UID is in one group: its response is told by its UID, whichever command it
        // answers.
        let mut bodies: BTreeMap<u32, Vec<Vec<u8>>> = BTreeMap::new();
        let fetched = self
            .lane()
            .fetch_responses(&tags)
            .map_err(|e| self.protocol_error("UID FETCH", e))?;
        for response in &fetched {
            let attrs = response
                .attributes()
                .map_err(|e| self.protocol_error("UID FETCH", e))?;
            let Some(uid) = attrs.iter().find_map(|a| match a {
                AttributeValue::Uid(u) => Some(*u),
                _ => None,
            }) else {
                continue;
            };
            // Not an unsolicited flag update (another client at work) standing in for the body.
            let has_body = attrs
                .iter()
                .any(|a| matches!(a, AttributeValue::BodySection { .. }));
            if let (Some((_, _, plan)), true) = (items.get(&uid), has_body) {
                bodies.insert(uid, plan.sections_of(&attrs));
            }
        }

        let mut out = Vec::with_capacity(items.len());
        for (uid, (flags, header, plan)) in items {
            let parts = bodies.remove(&uid).unwrap_or_default();
            let bytes = plan.rebuild(&header, &parts);
            out.push(Fetched {
                uid,
                flags,
                raw: RawMessage {
                    origin: format!("imap:{label}/{uid_validity}/{uid}"),
                    bytes,
                },
            });
        }
        Ok(out)
    }

    /// Send `command` on the lane and read its FETCH responses.
    fn lane_command(&mut self, command: &str) -> Result<Vec<FetchResponse>, ImapError> {
        let lane = self.lane();
        let sent = lane
            .send(command)
            .and_then(|tag| lane.fetch_responses(&[tag]));
        sent.map_err(|e| self.protocol_error("UID FETCH", e))
    }
}

/// The flags that matter to rebound, from their names as the server sent them.
fn flags_of<S: AsRef<str>>(names: &[S]) -> MessageFlags {
    let mut m = MessageFlags::default();
    for name in names {
        let name = name.as_ref();
        if name.eq_ignore_ascii_case("\\Seen") {
            m.seen = true;
        } else if name.eq_ignore_ascii_case("\\Answered") {
            m.answered = true;
        } else if name.eq_ignore_ascii_case(KEYWORD) {
            m.drafted = true;
        }
    }
    m
}

/// One text part to fetch: its section number and the MIME header to put back in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    path: Vec<u32>,
    content_type: String,
    encoding: String,
}

/// What to fetch after the header, decided from BODYSTRUCTURE.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// No usable structure: the first bytes of the whole message.
    Whole,
    /// A single-part text message: its body.
    Text,
    /// No text at all (e.g. a lone PDF): the header is all there is.
    HeaderOnly,
    /// A multipart message: the chosen text parts, under a new top-level multipart.
    Parts {
        /// The top-level multipart's Content-Type without its boundary.
        content_type: String,
        /// The text parts.
        parts: Vec<Part>,
    },
}

impl Plan {
    /// The FETCH items, or None when nothing beyond the header is needed.
    fn query(&self) -> Option<String> {
        match self {
            Plan::Whole => Some(format!("(UID BODY.PEEK[]<0.{PART_LIMIT}>)")),
            Plan::Text => Some(format!("(UID BODY.PEEK[TEXT]<0.{PART_LIMIT}>)")),
            Plan::HeaderOnly => None,
            Plan::Parts { parts, .. } if parts.is_empty() => None,
            Plan::Parts { parts, .. } => {
                let items: Vec<String> = parts
                    .iter()
                    .map(|p| format!("BODY.PEEK[{}]<0.{PART_LIMIT}>", section_name(&p.path)))
                    .collect();
                Some(format!("(UID {})", items.join(" ")))
            }
        }
    }

    /// The sections the answer to `query` carries, in order.
    fn paths(&self) -> Vec<SectionPath> {
        match self {
            Plan::Whole => Vec::new(),
            Plan::Text => vec![SectionPath::Full(MessageSection::Text)],
            Plan::HeaderOnly => Vec::new(),
            Plan::Parts { parts, .. } => parts
                .iter()
                .map(|p| SectionPath::Part(p.path.clone(), None))
                .collect(),
        }
    }

    /// The fetched sections this plan asked for, in [`Plan::paths`] order (the whole message's
    /// bytes for [`Plan::Whole`]); a section the server left out is empty.
    fn sections_of(&self, attrs: &[AttributeValue<'_>]) -> Vec<Vec<u8>> {
        let find = |want: Option<&SectionPath>| {
            attrs
                .iter()
                .find_map(|a| match a {
                    AttributeValue::BodySection {
                        section,
                        data: Some(d),
                        ..
                    } if section.as_ref() == want => Some(d.to_vec()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        match self {
            Plan::Whole => vec![find(None)],
            _ => self.paths().iter().map(|p| find(Some(p))).collect(),
        }
    }

    /// The message to classify, from the header and the fetched sections.
    fn rebuild(&self, header: &[u8], parts: &[Vec<u8>]) -> Vec<u8> {
        match self {
            Plan::Whole => parts.first().cloned().unwrap_or_else(|| header.to_vec()),
            Plan::Text => {
                let mut out = header.to_vec();
                out.extend_from_slice(parts.first().map(Vec::as_slice).unwrap_or(b""));
                out
            }
            Plan::HeaderOnly => header.to_vec(),
            Plan::Parts {
                content_type,
                parts: specs,
            } => {
                let boundary = boundary_for(parts);
                let mut out = strip_content_headers(header);
                out.extend_from_slice(
                    format!("Content-Type: {content_type};\r\n boundary=\"{boundary}\"\r\n\r\n")
                        .as_bytes(),
                );
                for (spec, data) in specs.iter().zip(parts) {
                    out.extend_from_slice(
                        format!(
                            "--{boundary}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: {}\r\n\r\n",
                            spec.content_type, spec.encoding
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(data);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
                out
            }
        }
    }
}

fn section_name(path: &[u32]) -> String {
    path.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// A boundary that occurs in none of the parts.
fn boundary_for(parts: &[Vec<u8>]) -> String {
    let mut n = 0u32;
    loop {
        let b = format!("=_rebound_part_{n}");
        let needle = format!("--{b}");
        if !parts
            .iter()
            .any(|p| p.windows(needle.len()).any(|w| w == needle.as_bytes()))
        {
            return b;
        }
        n += 1;
    }
}

/// The header without Content-Type / Content-Transfer-Encoding fields and the final blank line.
fn strip_content_headers(header: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len());
    let mut skipping = false;
    for line in header.split_inclusive(|b| *b == b'\n') {
        let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        if trimmed.is_empty() {
            break;
        }
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        if !continuation {
            let name = line
                .split(|b| *b == b':')
                .next()
                .unwrap_or(b"")
                .to_ascii_lowercase();
            skipping = name == b"content-type" || name == b"content-transfer-encoding";
        }
        if !skipping {
            out.extend_from_slice(trimmed);
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// `type/subtype; k="v"; ...` from a BODYSTRUCTURE content type, leaving out `boundary`.
fn content_type_value(
    ty: &str,
    subtype: &str,
    params: &imap_proto::types::BodyParams<'_>,
) -> String {
    let mut s = format!(
        "{}/{}",
        ty.to_ascii_lowercase(),
        subtype.to_ascii_lowercase()
    );
    for (k, v) in params.iter().flatten() {
        if k.eq_ignore_ascii_case("boundary") || !k.bytes().all(|b| b.is_ascii_graphic()) {
            continue;
        }
        let v: String = v
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        s.push_str(&format!("; {k}=\"{v}\""));
    }
    s
}

fn encoding_name(e: &ContentEncoding<'_>) -> String {
    match e {
        ContentEncoding::SevenBit => "7bit".into(),
        ContentEncoding::EightBit => "8bit".into(),
        ContentEncoding::Binary => "binary".into(),
        ContentEncoding::Base64 => "base64".into(),
        ContentEncoding::QuotedPrintable => "quoted-printable".into(),
        ContentEncoding::Other(o) => o.chars().filter(|c| c.is_ascii_graphic()).collect(),
    }
}

/// Decide what to fetch from a message's BODYSTRUCTURE.
fn plan(bs: &BodyStructure<'_>) -> Plan {
    match bs {
        BodyStructure::Text { .. } => Plan::Text,
        BodyStructure::Basic { .. } => Plan::HeaderOnly,
        BodyStructure::Message { .. } => Plan::Whole,
        BodyStructure::Multipart { common, .. } => {
            let mut plain = Vec::new();
            let mut html = Vec::new();
            let mut reports = Vec::new();
            collect(bs, &mut Vec::new(), &mut plain, &mut html, &mut reports);
            // Plain text when there is any (the alternative HTML adds nothing); else HTML.
            let mut parts = if plain.is_empty() { html } else { plain };
            parts.extend(reports);
            parts.truncate(MAX_PARTS);
            Plan::Parts {
                content_type: content_type_value(
                    &common.ty.ty,
                    &common.ty.subtype,
                    &common.ty.params,
                ),
                parts,
            }
        }
    }
}

/// Walk a multipart tree (not into attached messages), sorting text leaves by kind.
fn collect(
    bs: &BodyStructure<'_>,
    path: &mut Vec<u32>,
    plain: &mut Vec<Part>,
    html: &mut Vec<Part>,
    reports: &mut Vec<Part>,
) {
    match bs {
        BodyStructure::Multipart { bodies, .. } => {
            for (i, child) in bodies.iter().enumerate() {
                path.push(i as u32 + 1);
                collect(child, path, plain, html, reports);
                path.pop();
            }
        }
        BodyStructure::Text { common, other, .. } | BodyStructure::Basic { common, other, .. } => {
            let attachment = common
                .disposition
                .as_ref()
                .is_some_and(|d| d.ty.eq_ignore_ascii_case("attachment"));
            let ty = common.ty.ty.to_ascii_lowercase();
            let sub = common.ty.subtype.to_ascii_lowercase();
            let part = || Part {
                path: path.clone(),
                content_type: content_type_value(&ty, &sub, &common.ty.params),
                encoding: encoding_name(&other.transfer_encoding),
            };
            match (ty.as_str(), sub.as_str()) {
                ("text", "plain") if !attachment => plain.push(part()),
                ("text", "html") if !attachment => html.push(part()),
                // Small machine-readable status that marks a bounce.
                ("message", "delivery-status") | ("message", "global-delivery-status") => {
                    reports.push(part())
                }
                _ => {}
            }
        }
        BodyStructure::Message { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn each_plan_takes_the_sections_it_asked_for() {
        let section =
            |path: Option<SectionPath>, data: &'static [u8]| AttributeValue::BodySection {
                section: path,
                index: Some(0),
                data: Some(Cow::Borrowed(data)),
            };
        let attrs = vec![
            AttributeValue::Uid(7),
            section(None, b"Subject: whole\r\n\r\nAll of it."),
            section(Some(SectionPath::Full(MessageSection::Text)), b"The text."),
            section(Some(SectionPath::Part(vec![1, 2], None)), b"Part 1.2."),
        ];
        // Without a usable structure the whole message's first bytes are the message.
        assert_eq!(
            Plan::Whole.sections_of(&attrs),
            [b"Subject: whole\r\n\r\nAll of it.".to_vec()]
        );
        assert_eq!(Plan::Text.sections_of(&attrs), [b"The text.".to_vec()]);
        let parts = Plan::Parts {
            content_type: "multipart/mixed".into(),
            parts: vec![
                Part {
                    path: vec![1, 2],
                    content_type: "text/plain".into(),
                    encoding: "7bit".into(),
                },
                Part {
                    path: vec![3],
                    content_type: "text/plain".into(),
                    encoding: "7bit".into(),
                },
            ],
        };
        // A section the server left out is empty, in its place.
        assert_eq!(
            parts.sections_of(&attrs),
            [b"Part 1.2.".to_vec(), Vec::new()]
        );
        assert!(Plan::HeaderOnly.sections_of(&attrs).is_empty());
    }

    #[test]
    fn uid_sets_compress_runs() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn window_forms() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let since = |s: &str| Window::from_flags(Some(s), false, today);
        assert_eq!(
            since("14d").unwrap(),
            Window::Since(NaiveDate::from_ymd_opt(2026, 2, 24).unwrap())
        );
        assert_eq!(
            since("2w").unwrap(),
            Window::Since(NaiveDate::from_ymd_opt(2026, 2, 24).unwrap())
        );
        assert_eq!(
            since("2026-01-31").unwrap(),
            Window::Since(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap())
        );
        assert_eq!(
            Window::from_flags(None, false, today).unwrap(),
            Window::Since(NaiveDate::from_ymd_opt(2026, 2, 8).unwrap())
        );
        assert_eq!(Window::from_flags(None, true, today).unwrap(), Window::All);
        for bad in ["", "x", "14", "-3d", "2026-13-01", "d"] {
            assert!(since(bad).is_err(), "{bad}");
        }
        assert_eq!(
            since("2026-01-31").unwrap().search_key(),
            "SINCE 31-Jan-2026"
        );
    }

    #[test]
    fn quoting_for_search() {
        assert_eq!(quoted("<a\"b@x>").unwrap(), "\"<a\\\"b@x>\"");
        assert!(quoted("a\r\nb").is_none());
        assert!(quoted("ü").is_none());
    }

    #[test]
    fn content_headers_are_replaced_with_folds() {
        let h = b"From: a@b.example\r\nContent-Type: multipart/mixed;\r\n boundary=x\r\nSubject: hi\r\n\r\n";
        let out = strip_content_headers(h);
        assert_eq!(out, b"From: a@b.example\r\nSubject: hi\r\n".to_vec());
    }

    #[test]
    fn boundary_avoids_part_content() {
        let parts = vec![b"--=_rebound_part_0 inside".to_vec()];
        assert_eq!(boundary_for(&parts), "=_rebound_part_1");
    }
}
