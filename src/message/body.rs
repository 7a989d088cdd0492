//! Body choice (text/plain first, else HTML) and a linear HTML-to-text conversion that can drop
//! quoted history (blockquote, gmail_quote, divRplyFwdMsg, moz-cite-prefix) while converting.

use super::parse::part_text;
use aho_corasick::AhoCorasick;
use mail_parser::{Message, PartType};
use std::sync::LazyLock;

/// The message body in two forms: everything, and the HTML-quote-free text when it came from HTML.
pub(crate) struct Body {
    /// The whole body as plain text, `\n` line endings.
    pub full: String,
    /// The body with HTML quote elements removed, only when the body was HTML.
    pub unquoted_html: Option<String>,
}

/// Picks the inline text/plain parts, else the HTML parts, and converts them to text.
pub(crate) fn extract(msg: &Message<'_>) -> Body {
    let mut plain = String::new();
    for id in &msg.text_body {
        if let Some(part) = msg.parts.get(*id as usize) {
            if let PartType::Text(t) = &part.body {
                push_part(&mut plain, t);
            }
        }
    }
    if !plain.trim().is_empty() {
        return Body {
            full: normalize_newlines(&plain),
            unquoted_html: None,
        };
    }
    let mut full = String::new();
    let mut unquoted = String::new();
    for id in &msg.html_body {
        if let Some(part) = msg.parts.get(*id as usize) {
            match &part.body {
                PartType::Html(h) => {
                    let (all, without_quotes) = convert(h);
                    push_part(&mut unquoted, without_quotes.as_deref().unwrap_or(&all));
                    push_part(&mut full, &all);
                }
                PartType::Text(t) => {
                    push_part(&mut full, t);
                    push_part(&mut unquoted, t);
                }
                _ => {}
            }
        }
    }
    if full.trim().is_empty() {
        // Neither body list held text (e.g. a bare text/* part of another subtype).
        if let Some(t) = msg.parts.first().and_then(part_text) {
            full = normalize_newlines(t);
        }
        return Body {
            full,
            unquoted_html: None,
        };
    }
    Body {
        full: normalize_newlines(&full),
        unquoted_html: Some(normalize_newlines(&unquoted)),
    }
}

fn push_part(out: &mut String, text: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(text);
}

/// Converts CRLF and lone CR to LF.
pub(crate) fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// What to do with an element that marks quoted history.
#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteAction {
    /// Not a quote marker.
    Keep,
    /// Skip this element and its children (a blockquote or gmail_quote container).
    SkipElement,
    /// Everything from here on is the quoted original (Outlook and Thunderbird markers).
    CutRest,
}

/// HTML to plain text in one pass; with `drop_quotes`, quoted-history elements are left out.
#[cfg(test)]
pub(crate) fn html_to_text(html: &str, drop_quotes: bool) -> String {
    let (full, unquoted) = convert(html);
    match unquoted {
        Some(u) if drop_quotes => u,
        _ => full,
    }
}

/// The text without quotes, forked off the whole text at the first quote element.
struct Unquoted {
    out: String,
    pending_space: bool,
    /// Tag name and nesting depth of the quote element being left out, if any.
    skip: Option<(TagName, usize)>,
    /// An Outlook/Thunderbird marker was seen: nothing after it is new text.
    cut: bool,
}

impl Unquoted {
    fn fork(out: &str, pending_space: bool) -> Unquoted {
        Unquoted {
            out: out.to_string(),
            pending_space,
            skip: None,
            cut: false,
        }
    }

    fn open(&self) -> bool {
        self.skip.is_none() && !self.cut
    }
}

/// Converts HTML to text once, giving the whole text and, when a quote element was found, the
/// text without quoted history too (one pass: quoted mail used to be converted twice).
fn convert(html: &str) -> (String, Option<String>) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut unq: Option<Unquoted> = None;
    let mut i = 0;
    // Inside <head>, <style>, <script>, <title>: text is not content.
    let mut hidden: Option<&'static str> = None;
    let mut pre_depth = 0usize;
    let mut pending_space = false;
    let mut text_start = 0usize;

    while i < bytes.len() {
        if bytes[i] != b'<' {
            // Text runs are most of the bytes: jump to the next candidate tag.
            i = memchr::memchr(b'<', &bytes[i..]).map_or(bytes.len(), |p| i + p);
            continue;
        }
        if !starts_tag(bytes.get(i + 1).copied()) {
            i += 1;
            continue;
        }
        // Flush text before the tag.
        if hidden.is_none() && text_start < i {
            let text = &html[text_start..i];
            push_text(&mut out, text, pre_depth > 0, &mut pending_space);
            if let Some(u) = unq.as_mut().filter(|u| u.open()) {
                push_text(&mut u.out, text, pre_depth > 0, &mut u.pending_space);
            }
        }
        if html[i..].starts_with("<!--") {
            i = match html[i + 4..].find("-->") {
                Some(p) => i + 4 + p + 3,
                None => bytes.len(),
            };
            text_start = i;
            continue;
        }
        let end = match find_tag_end(bytes, i + 1) {
            Some(e) => e,
            None => {
                // Unterminated tag: the rest is not content.
                text_start = bytes.len();
                break;
            }
        };
        let tag = &html[i + 1..end];
        i = end + 1;
        text_start = i;
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_len = body
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(body.len());
        let tag_name = TagName::new(&body[..name_len]);
        let name = tag_name.as_str();
        let self_closing = tag.ends_with('/');

        if let Some(h) = hidden {
            if closing && name == h {
                hidden = None;
            }
            continue;
        }
        match name {
            "head" | "style" | "script" | "title" | "template" if !closing && !self_closing => {
                hidden = Some(match name {
                    "head" => "head",
                    "style" => "style",
                    "script" => "script",
                    "title" => "title",
                    _ => "template",
                });
                continue;
            }
            _ => {}
        }
        // Does this tag's layout reach the quote-free text too?
        let mut both = true;
        if let Some(u) = unq.as_mut() {
            if u.cut {
                both = false;
            } else if let Some((skip_name, depth)) = u.skip.as_mut() {
                both = false;
                if skip_name.as_str() == name && !self_closing {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            u.skip = None;
                            newline(&mut u.out, &mut u.pending_space);
                        }
                    } else if !is_void(name) {
                        *depth += 1;
                    }
                }
            }
        }
        if both && !closing {
            match quote_action(name, &body[name_len..]) {
                QuoteAction::Keep => {}
                QuoteAction::SkipElement => {
                    let u = unq.get_or_insert_with(|| Unquoted::fork(&out, pending_space));
                    if !self_closing && !is_void(name) {
                        u.skip = Some((tag_name, 1));
                    }
                    both = false;
                }
                QuoteAction::CutRest => {
                    unq.get_or_insert_with(|| Unquoted::fork(&out, pending_space))
                        .cut = true;
                    both = false;
                }
            }
        }
        if name == "pre" {
            if closing {
                pre_depth = pre_depth.saturating_sub(1);
            } else {
                pre_depth += 1;
            }
        }
        layout(&mut out, &mut pending_space, name, closing);
        if let Some(u) = unq.as_mut().filter(|_| both) {
            layout(&mut u.out, &mut u.pending_space, name, closing);
        }
    }
    if hidden.is_none() && text_start < bytes.len() {
        let text = &html[text_start..];
        push_text(&mut out, text, pre_depth > 0, &mut pending_space);
        if let Some(u) = unq.as_mut().filter(|u| u.open()) {
            push_text(&mut u.out, text, pre_depth > 0, &mut u.pending_space);
        }
    }
    (out, unq.map(|u| u.out))
}

/// The line breaks and cell spaces a tag puts into the text.
fn layout(out: &mut String, pending_space: &mut bool, name: &str, closing: bool) {
    match name {
        "br" => {
            out.push('\n');
            *pending_space = false;
        }
        "pre" | "p" | "div" | "tr" | "li" | "ul" | "ol" | "table" | "blockquote" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "hr" | "dt" | "dd" | "section" | "article" | "header"
        | "footer" | "address" | "center" => {
            newline(out, pending_space);
        }
        "td" | "th" if !closing => {
            *pending_space = !out.is_empty() && !out.ends_with('\n');
        }
        _ => {}
    }
}

/// A lower-cased tag name kept on the stack; longer names are not ones we act on.
#[derive(Clone, Copy)]
struct TagName {
    buf: [u8; 16],
    len: usize,
}

impl TagName {
    fn new(raw: &str) -> Self {
        let mut buf = [0u8; 16];
        let len = if raw.len() <= buf.len() && raw.is_ascii() {
            buf[..raw.len()].copy_from_slice(raw.as_bytes());
            buf[..raw.len()].make_ascii_lowercase();
            raw.len()
        } else {
            0
        };
        TagName { buf, len }
    }

    fn as_str(&self) -> &str {
        // Only ASCII bytes are ever copied in, so this cannot fail.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// A `<` opens a tag only before a letter, `/` or `!`; otherwise it is text ("a < b").
fn starts_tag(next: Option<u8>) -> bool {
    next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'/' || b == b'!')
}

/// Index of the `>` closing a tag that starts before `from`, honouring quoted attribute values.
fn find_tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // Quote-aware scanning is bounded so a stray quote cannot make the scan quadratic.
    let window = bytes.get(from..)?;
    let window = &window[..window.len().min(4096)];
    let mut quote: Option<u8> = None;
    for (off, &b) in window.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(from + off),
            None => {}
        }
    }
    bytes[from..]
        .iter()
        .position(|&b| b == b'>')
        .map(|p| from + p)
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "meta" | "link" | "input" | "area" | "base" | "col" | "wbr"
    )
}

/// Attribute fragments that mark quoted history, and what each one means.
const QUOTE_MARKERS: [(&str, QuoteAction); 9] = [
    ("divrplyfwdmsg", QuoteAction::CutRest),
    ("appendonsend", QuoteAction::CutRest),
    ("moz-cite-prefix", QuoteAction::CutRest),
    ("moz-forward-container", QuoteAction::CutRest),
    ("\"stopspelling\"", QuoteAction::CutRest),
    ("gmail_quote", QuoteAction::SkipElement),
    ("yahoo_quoted", QuoteAction::SkipElement),
    ("type=\"cite\"", QuoteAction::SkipElement),
    ("type=cite", QuoteAction::SkipElement),
];

static QUOTE_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(QUOTE_MARKERS.iter().map(|(m, _)| m))
        .unwrap_or_else(|e| panic!("built-in quote markers do not compile: {e}"))
});

fn quote_action(name: &str, attrs: &str) -> QuoteAction {
    if name == "blockquote" {
        return QuoteAction::SkipElement;
    }
    if attrs.len() < 8 {
        return QuoteAction::Keep;
    }
    let mut action = QuoteAction::Keep;
    for m in QUOTE_FINDER.find_iter(attrs) {
        match QUOTE_MARKERS[m.pattern().as_usize()].1 {
            QuoteAction::CutRest => return QuoteAction::CutRest,
            other => action = other,
        }
    }
    action
}

fn newline(out: &mut String, pending_space: &mut bool) {
    *pending_space = false;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends a text run: entities decoded, whitespace collapsed unless inside `<pre>`.
fn push_text(out: &mut String, text: &str, pre: bool, pending_space: &mut bool) {
    let mut rest = text;
    while !rest.is_empty() {
        let (chunk, after) = match rest.find('&') {
            Some(p) => (&rest[..p], &rest[p..]),
            None => (rest, ""),
        };
        push_plain(out, chunk, pre, pending_space);
        if after.is_empty() {
            break;
        }
        let (decoded, used) = decode_entity(after);
        match decoded {
            Some(c) if c == '\u{a0}' && !pre => {
                flush_space(out, pending_space);
                out.push(' ');
            }
            Some(c) => {
                flush_space(out, pending_space);
                out.push(c);
            }
            None => {
                flush_space(out, pending_space);
                out.push('&');
            }
        }
        rest = &after[used..];
    }
}

fn flush_space(out: &mut String, pending_space: &mut bool) {
    if *pending_space {
        if !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
            out.push(' ');
        }
        *pending_space = false;
    }
}

fn push_plain(out: &mut String, text: &str, pre: bool, pending_space: &mut bool) {
    if pre {
        out.push_str(text);
        return;
    }
    for (n, word) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        // Every piece after the first was preceded by a whitespace character.
        if n > 0 {
            *pending_space = true;
        }
        if !word.is_empty() {
            flush_space(out, pending_space);
            out.push_str(word);
        }
    }
}

/// Decodes the entity at the start of `s` (which begins with `&`); returns the char and bytes used.
fn decode_entity(s: &str) -> (Option<char>, usize) {
    let limit = s.len().min(12);
    let Some(semi) = s.as_bytes()[..limit].iter().position(|&b| b == b';') else {
        return (None, 1);
    };
    let ent = &s[1..semi];
    let c = if let Some(num) = ent.strip_prefix('#') {
        let parsed = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        parsed.and_then(char::from_u32)
    } else {
        named_entity(ent)
    };
    match c {
        Some(c) => (Some(c), semi + 1),
        None => (None, 1),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "laquo" => '«',
        "raquo" => '»',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordm" => 'º',
        "ordf" => 'ª',
        _ => return accented(name),
    })
}

/// Latin letters with an accent: `&eacute;`, `&Uuml;`, `&atilde;`, ...
fn accented(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let base = chars.next()?;
    let accent = chars.as_str();
    let table: &[(char, &str)] = match accent {
        "acute" => &[
            ('a', "á"),
            ('e', "é"),
            ('i', "í"),
            ('o', "ó"),
            ('u', "ú"),
            ('A', "Á"),
            ('E', "É"),
            ('I', "Í"),
            ('O', "Ó"),
            ('U', "Ú"),
        ],
        "grave" => &[
            ('a', "à"),
            ('e', "è"),
            ('i', "ì"),
            ('o', "ò"),
            ('u', "ù"),
            ('A', "À"),
            ('E', "È"),
        ],
        "circ" => &[
            ('a', "â"),
            ('e', "ê"),
            ('i', "î"),
            ('o', "ô"),
            ('u', "û"),
            ('A', "Â"),
            ('E', "Ê"),
            ('O', "Ô"),
        ],
        "uml" => &[
            ('a', "ä"),
            ('e', "ë"),
            ('i', "ï"),
            ('o', "ö"),
            ('u', "ü"),
            ('A', "Ä"),
            ('O', "Ö"),
            ('U', "Ü"),
        ],
        "tilde" => &[('a', "ã"), ('o', "õ"), ('A', "Ã"), ('O', "Õ")],
        _ => return None,
    };
    table
        .iter()
        .find(|(b, _)| *b == base)
        .and_then(|(_, s)| s.chars().next())
}

/// Non-text leaf parts with a body at least this long are emptied before parsing.
const SKIP_BODY_MIN: usize = 2048;
/// A plain-text alternative with at least this many non-blank bytes stands in for the HTML one.
const PLAIN_MIN: usize = 16;

/// The part whose header block starts at `headers` (body at `body`) is text/plain: its
/// Content-Type says so, or it has none.
fn is_plain(raw: &[u8], headers: usize, body: usize) -> bool {
    let head = String::from_utf8_lossy(&raw[headers..body]).to_ascii_lowercase();
    let Some(at) = head.find("content-type:") else {
        return true;
    };
    head[at + "content-type:".len()..]
        .trim_start()
        .starts_with("text/plain")
}

/// The raw message with the bodies of large non-text MIME parts (attachments, images) removed,
/// and of HTML alternatives that follow a plain-text one (rebound reads the plain text then), so
/// mail-parser does not decode what rebound never reads; borrowed when nothing was cut.
///
/// The scan mirrors mail-parser's own boundary search (first `--boundary` anywhere, innermost
/// boundary only) and stops cutting at anything it does not fully understand (a message/* or
/// digest part, odd header lines, RFC 2231 or commented parameters), so text parts never move.
pub(crate) fn without_binary_bodies(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let cuts = binary_body_ranges(raw);
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(raw);
    }
    let removed: usize = cuts.iter().map(|r| r.end - r.start).sum();
    let mut out = Vec::with_capacity(raw.len() - removed);
    let mut at = 0;
    for cut in cuts {
        out.extend_from_slice(&raw[at..cut.start]);
        at = cut.end;
    }
    out.extend_from_slice(&raw[at..]);
    std::borrow::Cow::Owned(out)
}

/// What a part's headers say about how to treat its body.
#[derive(Debug, PartialEq)]
enum PartKind<'a> {
    /// A multipart with this boundary (not a digest); true for multipart/alternative.
    Multipart(&'a [u8], bool),
    /// text/* or no Content-Type: kept as is (but see [`binary_body_ranges`] on HTML).
    Text,
    /// text/html: kept, unless a plain-text alternative before it already says the same.
    Html,
    /// application, image, audio, video, font, model: the body may go.
    Binary,
    /// Anything else: stop cutting from here on.
    Unknown,
}

/// Byte ranges of large non-text part bodies, in order, not overlapping.
fn binary_body_ranges(raw: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let Some((PartKind::Multipart(top, alternative), body)) = part_head(raw, 0) else {
        return cuts;
    };
    // Per open multipart: its boundary, whether it is an alternative, and whether a plain-text
    // alternative with text in it has been seen (rebound then never reads the HTML one).
    let mut stack = vec![(top, alternative, false)];
    let mut pos = body;
    while let Some(&(boundary, alternative, plain_seen)) = stack.last() {
        let Some(at) = find_delimiter(raw, pos, boundary) else {
            break;
        };
        let after = at + 2 + boundary.len();
        let rest = &raw[after..];
        if rest.starts_with(b"--") {
            stack.pop();
            pos = after + 2;
            continue;
        }
        // mail-parser reads the next part's headers right after the delimiter's line break.
        let headers = if rest.starts_with(b"\r\n") {
            after + 2
        } else if rest.starts_with(b"\n") {
            after + 1
        } else {
            break;
        };
        let Some((kind, body)) = part_head(raw, headers) else {
            break;
        };
        match kind {
            PartKind::Multipart(inner, alternative) => {
                stack.push((inner, alternative, false));
                pos = body;
            }
            PartKind::Text if alternative && !plain_seen => {
                // Only text/plain counts (Text covers text/* and parts with no Content-Type).
                let Some(next) = find_delimiter(raw, body, boundary) else {
                    break;
                };
                let plain = is_plain(raw, headers, body);
                let words = raw[body..next]
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .take(PLAIN_MIN)
                    .count();
                if let (true, PLAIN_MIN, Some(top)) = (plain, words, stack.last_mut()) {
                    top.2 = true;
                }
                pos = next;
            }
            PartKind::Text => pos = body,
            PartKind::Html if !(alternative && plain_seen) => pos = body,
            PartKind::Html | PartKind::Binary => {
                let Some(next) = find_delimiter(raw, body, boundary) else {
                    break;
                };
                // Keep the line break before the delimiter: mail-parser then sees an empty body.
                let mut end = next;
                if end > body && raw[end - 1] == b'\n' {
                    end -= 1;
                    if end > body && raw[end - 1] == b'\r' {
                        end -= 1;
                    }
                }
                if end >= body + SKIP_BODY_MIN {
                    cuts.push(body..end);
                }
                pos = next;
            }
            PartKind::Unknown => break,
        }
    }
    cuts
}

/// Offset of the first `--boundary` at or after `from`, anywhere (as mail-parser looks for it).
fn find_delimiter(raw: &[u8], from: usize, boundary: &[u8]) -> Option<usize> {
    let hay = raw.get(from..)?;
    let mut needle = Vec::with_capacity(boundary.len() + 2);
    needle.extend_from_slice(b"--");
    needle.extend_from_slice(boundary);
    memchr::memmem::find(hay, &needle).map(|i| from + i)
}

/// Reads a header block starting at `start`: the part's kind and where its body starts.
/// None when the block has no end or a line that is not a plain `Name: value` or fold.
fn part_head(raw: &[u8], start: usize) -> Option<(PartKind<'_>, usize)> {
    let mut content_type: Option<std::ops::Range<usize>> = None;
    let mut count = 0;
    let mut in_content_type = false;
    let mut line_start = start;
    loop {
        let nl = line_start + memchr::memchr(b'\n', raw.get(line_start..)?)?;
        let mut line_end = nl;
        if line_end > line_start && raw[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let line = &raw[line_start..line_end];
        if line.is_empty() {
            let body = nl + 1;
            let kind = match content_type {
                None => PartKind::Text,
                Some(_) if count > 1 => PartKind::Unknown,
                Some(range) => classify_content_type(&raw[range]),
            };
            return Some((kind, body));
        }
        if line.contains(&b'\r') || line.iter().all(|b| *b == b' ' || *b == b'\t') {
            return None;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if line_start == start {
                return None;
            }
            if in_content_type {
                if let Some(range) = content_type.as_mut() {
                    range.end = line_end;
                }
            }
        } else {
            let colon = line.iter().position(|b| *b == b':')?;
            let name = &line[..colon];
            if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
                return None;
            }
            in_content_type = name.eq_ignore_ascii_case(b"content-type");
            if in_content_type {
                count += 1;
                content_type = Some(line_start + colon + 1..line_end);
            }
        }
        line_start = nl + 1;
    }
}

/// The kind of part a raw (possibly folded) Content-Type value describes.
fn classify_content_type(value: &[u8]) -> PartKind<'_> {
    let Ok(text) = std::str::from_utf8(value) else {
        return PartKind::Unknown;
    };
    // Comments, encoded words and RFC 2231 parameters are where parsers disagree: leave them.
    if text.contains('(') || text.contains("=?") || text.contains('*') {
        return PartKind::Unknown;
    }
    let text = text.trim_start();
    let (mime, params) = text.split_once(';').unwrap_or((text, ""));
    let Some((ctype, subtype)) = mime.trim_end().split_once('/') else {
        return PartKind::Unknown;
    };
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-+._".contains(&b))
    };
    if !token(ctype) || !token(subtype) {
        return PartKind::Unknown;
    }
    match ctype.to_ascii_lowercase().as_str() {
        "text" if subtype.eq_ignore_ascii_case("html") => PartKind::Html,
        "text" => PartKind::Text,
        "application" | "image" | "audio" | "video" | "font" | "model" => PartKind::Binary,
        "multipart" if !subtype.eq_ignore_ascii_case("digest") => {
            let alternative = subtype.eq_ignore_ascii_case("alternative");
            boundary_param(params)
                .map_or(PartKind::Unknown, |b| PartKind::Multipart(b, alternative))
        }
        _ => PartKind::Unknown,
    }
}

/// The one `boundary` parameter, when it is plain (a token or a simple quoted string).
fn boundary_param(params: &str) -> Option<&[u8]> {
    let lower = params.to_ascii_lowercase();
    if lower.matches("boundary").count() != 1 {
        return None;
    }
    let mut found = None;
    for param in params.split(';') {
        let Some((name, value)) = param.split_once('=') else {
            if param.trim().is_empty() {
                continue;
            }
            return None;
        };
        if !name.trim().eq_ignore_ascii_case("boundary") {
            continue;
        }
        let value = value.trim();
        let value = match value.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"')?,
            None => value,
        };
        let plain = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'+_,-./:=?".contains(&b));
        if value.is_empty() || value.len() > 200 || !plain {
            return None;
        }
        found = Some(value.as_bytes());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    fn lines(s: &str) -> Vec<String> {
        s.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn converts_blocks_breaks_and_entities() {
        let html = "<html><head><title>T</title><style>p{color:red}</style></head><body>\
<p>Hi&nbsp;Alex,</p><div>We&#39;ll pass &amp; thank you.<br>Caf&eacute; &lt;3 &#x263A;</div>\
<script>var x = '<p>';</script><!-- a comment <p>hidden</p> --><ul><li>one</li><li>two</li></ul></body></html>";
        assert_eq!(
            lines(&html_to_text(html, false)),
            [
                "Hi Alex,",
                "We'll pass & thank you.",
                "Café <3 ☺",
                "one",
                "two"
            ]
        );
    }

    #[test]
    fn collapses_whitespace_but_keeps_pre() {
        let html = "<p>a   lot\n of\tspace</p><pre>x  y\nz</pre>";
        assert_eq!(
            lines(&html_to_text(html, false)),
            ["a lot of space", "x  y", "z"]
        );
    }

    #[test]
    fn blockquote_and_gmail_quote_removed_only_when_asked() {
        let html = "<div dir=\"ltr\">No thanks.</div><br><div class=\"gmail_quote\">\
<div class=\"gmail_attr\">On Tue, Alex wrote:<br></div><blockquote class=\"gmail_quote\">\
<div>Old <div>nested</div> text</div></blockquote></div><div>after</div>";
        assert_eq!(lines(&html_to_text(html, true)), ["No thanks.", "after"]);
        assert!(html_to_text(html, false).contains("Old"));
        let apple = "<div>Nope.</div><blockquote type=\"cite\"><div>Hi</div></blockquote>";
        assert_eq!(lines(&html_to_text(apple, true)), ["Nope."]);
    }

    #[test]
    fn outlook_and_thunderbird_markers_cut_the_rest() {
        let outlook = "<div>We decline.</div><div id=\"appendonsend\"></div><hr>\
<div id=\"divRplyFwdMsg\"><b>From:</b> Alex</div><div>Old body</div>";
        assert_eq!(lines(&html_to_text(outlook, true)), ["We decline."]);
        let outlook2 =
            "<p>Nein danke.</p><div id=divRplyFwdMsg dir=\"ltr\">Von: Alex</div><p>Alt</p>";
        assert_eq!(lines(&html_to_text(outlook2, true)), ["Nein danke."]);
        let tb =
            "<p>Non merci.</p><div class=\"moz-cite-prefix\">Le 05/03/2024, Alex a écrit :</div>\
<blockquote type=\"cite\">Bonjour</blockquote>";
        assert_eq!(lines(&html_to_text(tb, true)), ["Non merci."]);
    }

    #[test]
    fn one_pass_gives_both_views_around_quotes_in_the_middle() {
        use super::convert;
        // Bottom-posting: the quote sits between two pieces of new text.
        let html = "<div>Top line</div><blockquote><p>Old <b>offer</b></p>\
                    <blockquote>older</blockquote></blockquote><div>Below it</div>";
        let (all, unquoted) = convert(html);
        assert_eq!(lines(&all), ["Top line", "Old offer", "older", "Below it"]);
        assert_eq!(
            lines(&unquoted.expect("a quote was found")),
            ["Top line", "Below it"]
        );
        // An Outlook marker cuts the rest from the new text but not from the whole text.
        let html = "<p>Nein danke.</p><div id=\"divRplyFwdMsg\">From: x</div><p>history</p>";
        let (all, unquoted) = convert(html);
        assert_eq!(lines(&all), ["Nein danke.", "From: x", "history"]);
        assert_eq!(
            lines(&unquoted.expect("a marker was found")),
            ["Nein danke."]
        );
        // No quote: one view only, and it is the whole text.
        let (all, unquoted) = convert("<p>Just this</p>");
        assert_eq!(lines(&all), ["Just this"]);
        assert!(unquoted.is_none());
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for html in [
            "<",
            "<<<<",
            "<div",
            "<div class=\"x>never closed",
            "&",
            "&#xFFFFFFFF;",
            "&#55296;",
            "<!--",
            "</div></div></blockquote>",
            "a < b and c > d",
            "<p>é&eacute",
            "<blockquote>",
        ] {
            let _ = html_to_text(html, true);
            let _ = html_to_text(html, false);
        }
        assert_eq!(html_to_text("a < b", false), "a < b");
    }

    #[test]
    fn deep_nesting_and_many_tags_stay_linear() {
        let mut html = String::new();
        for _ in 0..50_000 {
            html.push_str("<div><blockquote>");
        }
        html.push('x');
        let out = html_to_text(&html, true);
        assert!(out.trim().is_empty());
        let unclosed = "<a title='".repeat(20_000);
        let _ = html_to_text(&unclosed, true);
    }
}

#[cfg(test)]
mod binary_body_tests {
    use super::{binary_body_ranges, extract, without_binary_bodies, SKIP_BODY_MIN};
    use mail_parser::{MessageParser, MimeHeaders};

    /// What rebound reads from a parsed message: body text, body lists, part types, root headers.
    fn view(raw: &[u8]) -> Option<(String, Option<String>, String)> {
        let msg = MessageParser::default().parse(raw)?;
        let body = extract(&msg);
        let shape = format!(
            "text={:?} html={:?} parts={} types={:?} headers={}",
            msg.text_body,
            msg.html_body,
            msg.parts.len(),
            msg.parts
                .iter()
                .map(|p| p
                    .content_type()
                    .map(|c| (c.ctype().to_string(), c.subtype().map(str::to_string))))
                .collect::<Vec<_>>(),
            msg.root_part().headers.len(),
        );
        Some((body.full, body.unquoted_html, shape))
    }

    /// Cutting must not change anything rebound reads; returns how many bytes were cut.
    fn assert_same_view(raw: &[u8]) -> usize {
        let cut = without_binary_bodies(raw);
        assert_eq!(
            view(raw),
            view(&cut),
            "input:\n{}",
            String::from_utf8_lossy(raw)
        );
        raw.len() - cut.len()
    }

    fn attachment(kind: &str, boundary: &str, lines: usize) -> String {
        let mut s = format!(
            "--{boundary}\r\nContent-Type: {kind}; name=\"file.bin\"\r\n\
Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"file.bin\"\r\n\r\n"
        );
        for _ in 0..lines {
            s.push_str(
                "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n",
            );
        }
        s
    }

    fn mixed(parts: &str) -> String {
        format!(
            "From: a@b.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n\r\npreamble\r\n{parts}--outer--\r\n"
        )
    }

    const TEXT: &str = "--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWe will not proceed, thanks.\r\n";

    #[test]
    fn large_attachment_body_is_cut_and_text_kept() {
        let raw = mixed(&format!(
            "{TEXT}{}",
            attachment("application/pdf", "outer", 500)
        ));
        let cut = assert_same_view(raw.as_bytes());
        assert!(cut > 30_000, "cut {cut}");
        let out = without_binary_bodies(raw.as_bytes());
        let out = String::from_utf8_lossy(&out);
        assert!(out.contains("We will not proceed"));
        assert!(out.contains("filename=\"file.bin\"\r\n\r\n\r\n--outer--"));
    }

    #[test]
    fn small_attachment_and_plain_mail_are_borrowed() {
        let raw = mixed(&format!("{TEXT}{}", attachment("image/png", "outer", 3)));
        assert!(matches!(
            without_binary_bodies(raw.as_bytes()),
            std::borrow::Cow::Borrowed(_)
        ));
        let plain = b"From: a@b.example\r\nContent-Type: application/pdf\r\n\r\nxxxxxxxx\r\n";
        assert!(binary_body_ranges(plain).is_empty());
        assert!(binary_body_ranges(b"").is_empty());
        assert!(binary_body_ranges(b"no headers at all").is_empty());
    }

    #[test]
    fn nested_alternative_with_attachments_before_and_after() {
        let raw = mixed(&format!(
            "{}--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n\
--alt\r\nContent-Type: text/plain\r\n\r\nPlain reply.\r\n\
--alt\r\nContent-Type: text/html\r\n\r\n<p>Html reply.</p>\r\n{}--alt--\r\n{}",
            attachment("image/jpeg", "outer", 100),
            attachment("image/gif", "alt", 100),
            attachment("audio/ogg", "outer", 100),
        ));
        let cut = assert_same_view(raw.as_bytes());
        assert!(cut > 3 * 7_000, "cut {cut}");
    }

    #[test]
    fn text_parts_are_never_cut_however_large() {
        let big_text = "A long line of plain text that goes on.\r\n".repeat(2_000);
        let raw = mixed(&format!(
            "--outer\r\nContent-Type: text/plain\r\n\r\n{big_text}\
--outer\r\nContent-Type: text/html\r\nContent-Disposition: attachment\r\n\r\n<p>{big_text}</p>\r\n\
--outer\r\n\r\nNo content type is text too.\r\n{big_text}"
        ));
        assert_eq!(assert_same_view(raw.as_bytes()), 0);
    }

    fn alternative(first: &str, second: &str) -> String {
        mixed(&format!(
            "--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n\
--alt\r\n{first}--alt\r\n{second}--alt--\r\n"
        ))
    }

    #[test]
    fn an_html_alternative_after_plain_text_is_cut_and_the_view_is_the_same() {
        let html = format!(
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
<div>{}</div>\r\n",
            "We decided to stay with our current provider, thank you.<br>\r\n".repeat(100)
        );
        let plain = "Content-Type: text/plain; charset=utf-8\r\n\r\nWe decided to stay with our current provider.\r\n";
        let raw = alternative(plain, &html);
        assert!(assert_same_view(raw.as_bytes()) > 5_000);
        let out = without_binary_bodies(raw.as_bytes());
        assert!(String::from_utf8_lossy(&out).contains("stay with our current provider."));

        // Not when the plain part is blank, or comes after the HTML, or is not text/plain.
        let blank = "Content-Type: text/plain\r\n\r\n \r\n\r\n";
        assert_eq!(assert_same_view(alternative(blank, &html).as_bytes()), 0);
        assert_eq!(assert_same_view(alternative(&html, plain).as_bytes()), 0);
        let calendar = "Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n";
        assert_eq!(assert_same_view(alternative(calendar, &html).as_bytes()), 0);
        // In multipart/mixed both are content: nothing is cut.
        let mixed_parts = mixed(&format!("--outer\r\n{plain}--outer\r\n{html}"));
        assert_eq!(assert_same_view(mixed_parts.as_bytes()), 0);
    }

    #[test]
    fn forwarded_message_stops_cutting_after_it() {
        let raw = mixed(&format!(
            "{TEXT}{}--outer\r\nContent-Type: message/rfc822\r\n\r\n\
From: c@d.example\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n\
--inner\r\nContent-Type: text/plain\r\n\r\nForwarded text.\r\n{}--inner--\r\n{}",
            attachment("application/zip", "outer", 100),
            attachment("application/zip", "inner", 100),
            attachment("application/zip", "outer", 100),
        ));
        assert_eq!(binary_body_ranges(raw.as_bytes()).len(), 1);
        assert!(assert_same_view(raw.as_bytes()) > 7_000);
    }

    #[test]
    fn unusual_headers_stop_the_cutting() {
        for ct in [
            "multipart/mixed; boundary*=''outer",
            "multipart/mixed; boundary=\"outer\" (comment)",
            "multipart/digest; boundary=outer",
            "multipart/mixed",
            "multipart/mixed; boundary=outer; boundary=other",
            "multipart/mixed; boundary=\"out er\"",
        ] {
            let raw = format!(
                "From: a@b.example\r\nContent-Type: {ct}\r\n\r\n{TEXT}{}--outer--\r\n",
                attachment("application/pdf", "outer", 100)
            );
            assert!(binary_body_ranges(raw.as_bytes()).is_empty(), "{ct}");
            assert_same_view(raw.as_bytes());
        }
        // Two Content-Type headers, a header line without a colon, a whitespace-only line.
        for odd in [
            "Content-Type: text/plain\r\n",
            "not a header\r\n",
            "   \r\n",
        ] {
            let att = attachment("application/pdf", "outer", 100).replacen(
                "Content-Transfer-Encoding",
                &format!("{odd}Content-Transfer-Encoding"),
                1,
            );
            let raw = mixed(&format!("{TEXT}{att}"));
            assert!(binary_body_ranges(raw.as_bytes()).is_empty(), "{odd:?}");
            assert_same_view(raw.as_bytes());
        }
    }

    #[test]
    fn boundary_prefixes_and_dashes_in_bodies() {
        // The inner boundary starts with the outer one; bodies hold lines of dashes.
        let raw = format!(
            "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n\
--b1\r\nContent-Type: text/plain\r\n\r\n------\r\nText with -- dashes.\r\n{}--b1--\r\n{}--b--\r\n",
            attachment("application/octet-stream", "b1", 100),
            attachment("application/octet-stream", "b", 100),
        );
        assert!(assert_same_view(raw.as_bytes()) > 14_000);
    }

    #[test]
    fn lf_only_and_folded_content_type() {
        let raw = mixed(&format!(
            "{TEXT}{}",
            attachment("application/pdf", "outer", 200)
        ))
        .replace("\r\n", "\n")
        .replace("application/pdf;", "application/pdf;\n\t");
        assert!(assert_same_view(raw.as_bytes()) > SKIP_BODY_MIN);
    }

    #[test]
    fn every_truncation_is_safe() {
        let raw = mixed(&format!(
            "{TEXT}{}--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n\
--alt\r\nContent-Type: text/plain\r\n\r\nPlain.\r\n{}--alt--\r\n{}",
            attachment("application/pdf", "outer", 40),
            attachment("image/png", "alt", 40),
            attachment("video/mp4", "outer", 40),
        ));
        let bytes = raw.as_bytes();
        let mut cut_somewhere = 0;
        for end in 0..=bytes.len() {
            if assert_same_view(&bytes[..end]) > 0 {
                cut_somewhere += 1;
            }
        }
        assert!(cut_somewhere > 1_000);
    }

    #[test]
    fn two_hundred_levels_of_nesting() {
        let mut raw = String::from(
            "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n",
        );
        for level in 1..=200 {
            raw.push_str(&format!(
                "--b{}\r\nContent-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n",
                level - 1
            ));
        }
        raw.push_str("--b200\r\nContent-Type: text/plain\r\n\r\nDeep text.\r\n");
        raw.push_str(&attachment("application/pdf", "b200", 100));
        raw.push_str("--b200--\r\n");
        for level in (0..200).rev() {
            raw.push_str(&attachment("image/png", &format!("b{level}"), 50));
            raw.push_str(&format!("--b{level}--\r\n"));
        }
        assert!(assert_same_view(raw.as_bytes()) > 100 * 7_000);
        // Unclosed: the same without any closing delimiters.
        let unclosed: String = raw
            .lines()
            .filter(|l| !l.ends_with("--"))
            .collect::<Vec<_>>()
            .join("\r\n");
        assert_same_view(unclosed.as_bytes());
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 7u64;
        let alphabet =
            b"-\r\n:; =\"abBoundary/multipart/mixed/application/pdftext/plainContent-Type";
        for _ in 0..3_000 {
            let len = (seed % 400) as usize;
            let mut raw = b"Content-Type: multipart/mixed; boundary=ab\r\n\r\n".to_vec();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                raw.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let _ = binary_body_ranges(&raw);
            let _ = without_binary_bodies(&raw);
        }
    }
}
