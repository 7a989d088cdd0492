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
                    let (without_quotes, dropped) = convert(h, true);
                    if dropped {
                        push_part(&mut full, &html_to_text(h, false));
                    } else {
                        push_part(&mut full, &without_quotes);
                    }
                    push_part(&mut unquoted, &without_quotes);
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
pub(crate) fn html_to_text(html: &str, drop_quotes: bool) -> String {
    convert(html, drop_quotes).0
}

/// Converts HTML to text; the flag tells whether a quote element was dropped.
fn convert(html: &str, drop_quotes: bool) -> (String, bool) {
    let mut dropped = false;
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    // Tag name and nesting depth of the element being skipped, if any.
    let mut skip: Option<(TagName, usize)> = None;
    // Inside <head>, <style>, <script>, <title>: text is not content.
    let mut hidden: Option<&'static str> = None;
    let mut pre_depth = 0usize;
    let mut pending_space = false;
    let mut text_start = 0usize;

    while i < bytes.len() {
        if bytes[i] != b'<' || !starts_tag(bytes.get(i + 1).copied()) {
            i += 1;
            continue;
        }
        // Flush text before the tag.
        if skip.is_none() && hidden.is_none() && text_start < i {
            push_text(
                &mut out,
                &html[text_start..i],
                pre_depth > 0,
                &mut pending_space,
            );
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
        if let Some((skip_name, depth)) = skip.as_mut() {
            if skip_name.as_str() == name && !self_closing {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                        newline(&mut out, &mut pending_space);
                    }
                } else if !is_void(name) {
                    *depth += 1;
                }
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
        if drop_quotes && !closing {
            match quote_action(name, &body[name_len..]) {
                QuoteAction::Keep => {}
                QuoteAction::SkipElement => {
                    dropped = true;
                    if !self_closing && !is_void(name) {
                        skip = Some((tag_name, 1));
                    }
                    continue;
                }
                QuoteAction::CutRest => {
                    dropped = true;
                    text_start = bytes.len();
                    break;
                }
            }
        }
        match name {
            "br" => {
                out.push('\n');
                pending_space = false;
            }
            "pre" => {
                if closing {
                    pre_depth = pre_depth.saturating_sub(1);
                } else {
                    pre_depth += 1;
                }
                newline(&mut out, &mut pending_space);
            }
            "p" | "div" | "tr" | "li" | "ul" | "ol" | "table" | "blockquote" | "h1" | "h2"
            | "h3" | "h4" | "h5" | "h6" | "hr" | "dt" | "dd" | "section" | "article" | "header"
            | "footer" | "address" | "center" => {
                newline(&mut out, &mut pending_space);
            }
            "td" | "th" if !closing => {
                pending_space = !out.is_empty() && !out.ends_with('\n');
            }
            _ => {}
        }
    }
    if skip.is_none() && hidden.is_none() && text_start < bytes.len() {
        push_text(
            &mut out,
            &html[text_start..],
            pre_depth > 0,
            &mut pending_space,
        );
    }
    (out, dropped)
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
