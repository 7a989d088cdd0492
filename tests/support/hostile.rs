//! What a draft built from hostile input must still be: one header block of known fields, one
//! body, and the To, Subject and In-Reply-To that were intended; plus the corpus used as seeds.

use std::path::Path;
use std::sync::LazyLock;

use mail_parser::MessageParser;
use rebound::compose::reply::reply_subject;
use rebound::compose::Draft;
use rebound::message::{Address, Mail};

/// Headers a draft may carry; anything else got there by injection.
const ALLOWED: [&str; 11] = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "x-rebound-source",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

/// Headers every draft carries exactly once.
const REQUIRED: [&str; 6] = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "content-type",
];

/// The id a reply should point at: printable ASCII without spaces or brackets, at most 250 bytes.
pub fn expected_id(message_id: Option<&str>) -> Option<String> {
    let id = message_id?
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

/// The address the draft answers: Reply-To when it has an address, else From.
fn recipient(mail: &Mail) -> Option<&Address> {
    [mail.reply_to.as_ref(), mail.from.as_ref()]
        .into_iter()
        .flatten()
        .find(|a| !a.email.trim().is_empty())
}

/// A display name as it should appear: one line, no surrounding quotes or blanks.
fn expected_name(name: Option<&str>) -> Option<String> {
    let one_line = name?
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = one_line.trim_matches(|c: char| c == '"' || c.is_whitespace());
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Checks `draft`, built from `mail`, byte by byte and parsed back with mail-parser.
pub fn check_draft(draft: &Draft, mail: &Mail) -> Result<(), String> {
    let bytes = &draft.bytes;
    let shown = || String::from_utf8_lossy(bytes).into_owned();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no end of header block:\n{}", shown()))?;
    let head = &bytes[..split];
    for (i, &b) in head.iter().enumerate() {
        let bad = match b {
            0 => Some("NUL"),
            b'\n' if i == 0 || head[i - 1] != b'\r' => Some("a bare LF"),
            b'\r' if head.get(i + 1) != Some(&b'\n') => Some("a bare CR"),
            _ => None,
        };
        if let Some(what) = bad {
            return Err(format!("{what} at byte {i} of the header:\n{}", shown()));
        }
    }
    let head = String::from_utf8_lossy(head);
    // Only an internationalized recipient address (RFC 6532) may put UTF-8 into the header.
    let utf8_to = recipient(mail).is_some_and(|a| !a.email.is_ascii());
    let mut names: Vec<String> = Vec::new();
    for line in head.split("\r\n") {
        let in_to = names.last().is_some_and(|n| n == "to");
        if !line.is_ascii() && !(utf8_to && (line.starts_with("To:") || in_to)) {
            return Err(format!("non-ASCII header line {line:?}:\n{}", shown()));
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return Err(format!("header line without a name {line:?}:\n{}", shown()));
        };
        let name = name.to_ascii_lowercase();
        if !ALLOWED.contains(&name.as_str()) {
            return Err(format!("injected header {name:?}:\n{}", shown()));
        }
        if names.contains(&name) {
            return Err(format!("header {name:?} twice:\n{}", shown()));
        }
        names.push(name);
    }
    if let Some(missing) = REQUIRED.iter().find(|r| !names.iter().any(|n| n == *r)) {
        return Err(format!("no {missing} header:\n{}", shown()));
    }

    let parsed = MessageParser::default()
        .parse(bytes.as_slice())
        .ok_or_else(|| format!("draft does not parse:\n{}", shown()))?;
    let want = recipient(mail).ok_or("a draft without a recipient")?;
    let to: Vec<_> = parsed.to().map(|a| a.iter().collect()).unwrap_or_default();
    let [to] = to.as_slice() else {
        return Err(format!("{} To addresses:\n{}", to.len(), shown()));
    };
    if to.address() != Some(want.email.trim()) {
        return Err(format!(
            "To is {:?}, wanted {:?}:\n{}",
            to.address(),
            want.email.trim(),
            shown()
        ));
    }
    let want_name = expected_name(want.name.as_deref());
    if to.name() != want_name.as_deref() {
        return Err(format!(
            "To name is {:?}, wanted {want_name:?}:\n{}",
            to.name(),
            shown()
        ));
    }
    let want_subject = reply_subject(mail.subject.as_deref());
    if parsed.subject() != Some(want_subject.as_str()) || draft.subject != want_subject {
        return Err(format!(
            "Subject is {:?}, wanted {want_subject:?}:\n{}",
            parsed.subject(),
            shown()
        ));
    }
    let want_id = expected_id(mail.message_id.as_deref());
    let in_reply_to = parsed.in_reply_to().as_text().map(str::to_string);
    if in_reply_to != want_id {
        return Err(format!(
            "In-Reply-To is {in_reply_to:?}, wanted {want_id:?}:\n{}",
            shown()
        ));
    }
    if parsed.parts.len() != 1 || parsed.text_body_count() != 1 || parsed.attachment_count() != 0 {
        return Err(format!(
            "{} parts, {} text bodies, {} attachments, wanted one text body:\n{}",
            parsed.parts.len(),
            parsed.text_body_count(),
            parsed.attachment_count(),
            shown()
        ));
    }
    Ok(())
}

/// Every message of `tests/corpus/`, read once.
pub fn corpus() -> Vec<Vec<u8>> {
    static CORPUS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/corpus")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read(p).expect("corpus file"))
            .collect()
    });
    CORPUS.clone()
}
