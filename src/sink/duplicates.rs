//! Exactly-once drafting when runs overlap: how a run tells its own untouched drafts from edited
//! ones, and which copies go when two runs drafted one message at the same moment.
//!
//! Two runs (cron and `watch`, a laptop and a server) can both find no draft for a rejection
//! and both APPEND one. rebound settles this *after* appending, in the Drafts folder itself:
//! every run, having appended, looks at the drafts whose `X-Rebound-Source` names the same
//! source; when there is more than one, the copy with the lowest UID stays and the others that
//! nobody touched are removed. A later run's sweep does the same for a run killed in between.
//!
//! Why append-then-verify and not a CONDSTORE claim (`UID STORE .. (UNCHANGEDSINCE m)`) on the
//! source before composing:
//! - A claim is a mark on the source that a crashed run leaves behind. Keywords carry no time,
//!   so a stale claim can only be told from a live one with per-run or per-time keywords (Cyrus
//!   allows 100 keywords per mailbox; see issue 14) or with storage outside IMAP. Using
//!   `$Rebound` itself as the claim would leave a crashed run's message marked and never drafted.
//! - The claim needs CONDSTORE and a source mailbox that takes keywords; the check here needs
//!   only UIDPLUS (for `UID EXPUNGE`, so a user's own `\Deleted` messages are never expunged).
//! - Drafts is where a duplicate would be seen, and it is the record already: settling there
//!   covers every way two drafts can meet (two source folders, two machines, `draft` + `watch`).
//! - IMAP assigns UIDs in strictly ascending order (RFC 3501, 2.3.1.1): once a run sees its own
//!   new UID, every draft appended before it is visible too. "Lowest UID stays" is therefore a
//!   verdict every run reaches alike, with no coordination and no clock.
//!
//! What may be removed: only a copy rebound wrote and nobody changed since. IMAP messages are
//! immutable, so a UID this run appended is its own bytes; for any other copy the
//! `X-Rebound-Digest` header must match the rest of the message. A mail client that saves an
//! edited draft appends a new message (often keeping the headers): its digest no longer
//! matches, so it is never removed. The lowest-UID copy is never removed either, edited or not:
//! a server that rewrites stored messages makes every other run's copy look edited, and "edited
//! copies win" would then have each run remove its own copy, leaving none. Drafts that only name
//! the source in `In-Reply-To` (the user's own replies) are never removed.

use sha2::{Digest, Sha256};

/// The header that seals an IMAP draft: a digest of the rest of the message as appended.
pub const DIGEST_HEADER: &str = "X-Rebound-Digest";

/// The digest of `bytes` with line endings as LF (servers may store LF and send back CRLF).
fn digest(bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    let mut rest = bytes;
    while let Some(i) = memchr::memchr(b'\r', rest) {
        hash.update(&rest[..i]);
        if rest.get(i + 1) != Some(&b'\n') {
            hash.update(b"\r");
        }
        rest = &rest[i + 1..];
    }
    hash.update(rest);
    let d = hash.finalize();
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// `bytes` with a [`DIGEST_HEADER`] line in front that seals the rest of the message.
pub fn seal(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{DIGEST_HEADER}: {}\r\n", digest(bytes)).into_bytes();
    out.extend_from_slice(bytes);
    out
}

/// True when `message` carries a [`DIGEST_HEADER`] that matches the rest of it: rebound wrote
/// it and nothing was changed since.
pub fn untouched(message: &[u8]) -> bool {
    let header_end = [b"\n\r\n".as_slice(), b"\n\n"]
        .iter()
        .filter_map(|end| memchr::memmem::find(message, end))
        .min()
        .map_or(message.len(), |i| i + 1);
    let name = DIGEST_HEADER.as_bytes();
    let mut start = 0;
    while start < header_end {
        let end = memchr::memchr(b'\n', &message[start..header_end])
            .map_or(header_end, |i| start + i + 1);
        let line = &message[start..end];
        if line.len() > name.len()
            && line[..name.len()].eq_ignore_ascii_case(name)
            && line[name.len()] == b':'
        {
            let value = String::from_utf8_lossy(&line[name.len() + 1..]);
            let mut rest = message[..start].to_vec();
            rest.extend_from_slice(&message[end..]);
            return value.trim() == digest(&rest);
        }
        start = end;
    }
    false
}

/// One draft in Drafts whose `X-Rebound-Source` names a given source message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    /// Its UID in Drafts.
    pub uid: u32,
    /// Rebound wrote it and nobody changed it (see [`untouched`]).
    pub untouched: bool,
}

/// The UIDs among `copies` (all naming one source) that are surplus: the untouched copies other
/// than the one with the lowest UID (which stays even when it is an edited one).
pub fn surplus(copies: &[Copy]) -> Vec<u32> {
    let keep = copies.iter().map(|c| c.uid).min();
    let mut out: Vec<u32> = copies
        .iter()
        .filter(|c| c.untouched && Some(c.uid) != keep)
        .map(|c| c.uid)
        .collect();
    out.sort_unstable();
    out
}

/// Every `<id>` a header block names (a message's own `Message-ID` aside), lower-cased without
/// brackets, with whether it was named by `X-Rebound-Source` (true) or by another field. Folded
/// lines belong to their field.
pub fn named_ids(header: &[u8]) -> Vec<(String, bool)> {
    let text = String::from_utf8_lossy(header);
    let mut out = Vec::new();
    let mut field = String::new();
    let mut flush = |field: &str| {
        let name = field.split_once(':').map(|(name, _)| name.trim());
        if name.is_some_and(|n| n.eq_ignore_ascii_case("message-id")) {
            return;
        }
        let rebound = name.is_some_and(|n| n.eq_ignore_ascii_case("x-rebound-source"));
        out.extend(bracketed_ids(field).into_iter().map(|id| (id, rebound)));
    };
    for line in text.split('\n') {
        if line.starts_with([' ', '\t']) {
            field.push_str(line);
        } else {
            flush(&field);
            field = line.to_string();
        }
    }
    flush(&field);
    out
}

/// The message's own `Message-ID` in a header block, lower-cased without brackets.
pub fn own_id(header: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("message-id") || line.starts_with([' ', '\t']) {
            continue;
        }
        let mut field = value.to_string();
        while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
            field.push_str(next);
            lines.next();
        }
        return bracketed_ids(&field).into_iter().next();
    }
    None
}

/// Every `<...>` in a header block, lower-cased, without the brackets.
pub fn bracketed_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(['>', '<']) else {
            break;
        };
        if after[close..].starts_with('>') {
            let id = after[..close].trim();
            if !id.is_empty() {
                out.push(id.to_ascii_lowercase());
            }
            rest = &after[close + 1..];
        } else {
            rest = &after[close..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &[u8] =
        b"From: a@b\r\nX-Rebound-Source: <s@x>\r\nSubject: Re: hi\r\n\r\nHello\r\n";

    #[test]
    fn a_sealed_draft_is_untouched_also_with_lf_line_ends() {
        let sealed = seal(DRAFT);
        assert!(sealed.starts_with(b"X-Rebound-Digest: "));
        assert!(untouched(&sealed));
        let lf: Vec<u8> = String::from_utf8(sealed.clone())
            .unwrap()
            .replace("\r\n", "\n")
            .into_bytes();
        assert!(untouched(&lf));
    }

    #[test]
    fn any_change_or_no_seal_means_touched() {
        let sealed = seal(DRAFT);
        let text = String::from_utf8(sealed).unwrap();
        for edited in [
            text.replace("Hello", "Hello!"),
            text.replace("Re: hi", "Re: hi there"),
            text.replace("From: a@b\r\n", "From: a@b\r\nCc: c@d\r\n"),
            format!("Return-Path: <a@b>\r\n{text}"),
        ] {
            assert!(!untouched(edited.as_bytes()), "{edited}");
        }
        assert!(!untouched(DRAFT));
        assert!(!untouched(b""));
        assert!(!untouched(b"X-Rebound-Digest"));
        // The header only counts in the header block.
        let mut body_only = DRAFT.to_vec();
        body_only.extend_from_slice(b"X-Rebound-Digest: 00\r\n");
        assert!(!untouched(&body_only));
    }

    #[test]
    fn the_lowest_copy_and_edited_copies_stay() {
        let c = |uid, untouched| Copy { uid, untouched };
        assert!(surplus(&[c(7, true)]).is_empty());
        assert_eq!(surplus(&[c(9, true), c(4, true), c(12, true)]), vec![9, 12]);
        // An edited copy stays wherever it is; the lowest copy stays whatever it is.
        assert_eq!(surplus(&[c(4, true), c(9, false), c(12, true)]), vec![12]);
        assert_eq!(
            surplus(&[c(4, false), c(9, true), c(12, true)]),
            vec![9, 12]
        );
        assert!(surplus(&[c(4, false), c(9, false)]).is_empty());
        assert!(surplus(&[]).is_empty());
    }

    #[test]
    fn ids_from_header_fields() {
        let h = b"X-Rebound-Source: <A1@Buyer.example>\r\nIn-Reply-To: <x@y>\r\n <z@w> junk <broken\r\n\r\n";
        assert_eq!(
            named_ids(h),
            vec![
                ("a1@buyer.example".to_string(), true),
                ("x@y".into(), false),
                ("z@w".into(), false)
            ]
        );
        let folded = b"x-rebound-source:\r\n <long@id>\r\n";
        assert_eq!(named_ids(folded), vec![("long@id".to_string(), true)]);
        assert!(named_ids(b"In-Reply-To: <>\r\n").is_empty());
        let with_own = b"Message-ID:\r\n <Own@S>\r\nIn-Reply-To: <x@y>\r\n\r\n";
        assert_eq!(named_ids(with_own), vec![("x@y".to_string(), false)]);
        assert_eq!(own_id(with_own).as_deref(), Some("own@s"));
        assert_eq!(own_id(b"In-Reply-To: <x@y>\r\n"), None);
        assert_eq!(bracketed_ids("<a<b@c>"), vec!["b@c".to_string()]);
    }
}
