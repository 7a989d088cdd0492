//! Hostile input harness, shared by tests/hostile_input.rs, tests/fuzz_regressions.rs and the
//! fuzz targets: run bytes through the chain or the mbox splitter and check what comes out.

use std::path::Path;
use std::sync::LazyLock;

use chrono::TimeZone;
use mail_parser::MessageParser;
use rebound::classify::{Class, Classifier, Reason, Verdict};
use rebound::compose::reply::reply_subject;
use rebound::compose::{Composer, Draft, Identity};
use rebound::message::{Address, Mail};
use rebound::pipeline;
use rebound::source::mbox::MboxReader;
use rebound::source::RawMessage;

/// The built-in classifier, built once.
pub static CLASSIFIER: LazyLock<Classifier> =
    LazyLock::new(|| Classifier::new(&Default::default()).expect("built-in classifier"));
/// The built-in templates, compiled once.
pub static COMPOSER: LazyLock<Composer> =
    LazyLock::new(|| Composer::new(None).expect("built-in templates"));

/// The seller every draft is from.
pub fn identity() -> Identity {
    Identity {
        name: Some("Alex Seller".into()),
        email: Some("alex@seller.example".into()),
        company: Some("Seller Inc.".into()),
        signature: None,
    }
}

/// A fixed "now", so drafts are reproducible.
pub fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 3, 4, 9, 30, 0).single())
        .expect("fixed date")
}

/// A rejection verdict in English with `reason`.
pub fn rejection(reason: Option<Reason>) -> Verdict {
    Verdict {
        class: Class::Rejection,
        reason,
        confidence: 0.9,
        evidence: None,
        language: Some("en".into()),
        rejection_probability: None,
        maybe: false,
        answer: None,
    }
}

/// A verdict picked by the input's first byte (reason and language), so a fuzzer reaches every
/// template; the fuzz target and the regression replay both use it.
pub fn forced_verdict(bytes: &[u8]) -> Verdict {
    const REASONS: [Option<Reason>; 6] = [
        None,
        Some(Reason::Price),
        Some(Reason::Timing),
        Some(Reason::Competitor),
        Some(Reason::NoNeed),
        Some(Reason::NoDecision),
    ];
    const LANGS: [&str; 7] = ["en", "de", "fr", "es", "nl", "pt", "xx"];
    let pick = usize::from(bytes.first().copied().unwrap_or(0));
    let mut verdict = rejection(REASONS[pick % REASONS.len()]);
    verdict.language = Some(LANGS[(pick / REASONS.len()) % LANGS.len()].to_string());
    verdict
}

/// Runs `bytes` through the chain the way `batch` does (parse -> new text -> classify ->
/// compose), composing with the classifier's verdict and with `forced`, so every input that
/// parses reaches a template; every draft that could be built must pass [`check_draft`].
pub fn through_the_chain(bytes: &[u8], forced: &Verdict) -> Result<(), String> {
    let raw = RawMessage {
        origin: "hostile".into(),
        bytes: bytes.to_vec(),
    };
    let analysis = pipeline::analyze(Ok(raw), &CLASSIFIER);
    let Some(mail) = analysis.mail else {
        return match analysis.error {
            Some(_) => Ok(()),
            None => Err("no mail and no error".into()),
        };
    };
    let confidence = analysis.verdict.confidence;
    if !(0.0..=1.0).contains(&confidence) {
        return Err(format!("confidence {confidence} outside 0..=1"));
    }
    for v in [&analysis.verdict, forced] {
        if let Ok(draft) = COMPOSER.compose(&mail, v, &identity(), now()) {
            check_draft(&draft, &mail)?;
        }
    }
    Ok(())
}

/// Splits `data` as an mbox: every entry non-empty, every byte read, no byte invented.
pub fn split_mbox(data: &[u8]) -> Result<(), String> {
    let mut reader = MboxReader::new(data);
    let mut total = 0usize;
    while let Some(msg) = reader.next_message().map_err(|e| e.to_string())? {
        if msg.is_empty() {
            return Err("an empty entry".into());
        }
        total += msg.len();
    }
    if reader.bytes_read() != data.len() as u64 {
        return Err(format!(
            "read {} of {} bytes",
            reader.bytes_read(),
            data.len()
        ));
    }
    if total > data.len() {
        return Err(format!("{total} bytes out of {}", data.len()));
    }
    Ok(())
}

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
