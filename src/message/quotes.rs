//! Quoted-history stripping on plain text: `>` lines, "On … wrote:" attributions in six
//! languages, Outlook header blocks, "Original Message" and forward markers; one pass over lines.

use super::re;
use regex::Regex;
use std::sync::LazyLock;

/// "On … wrote:" and its de/fr/es/nl/pt forms, plus "<address> wrote:" without a date.
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)^(?:
            on\b.*\bwrote
          | am\b.*\bschrieb\b.*
          | .*\bschrieb\s+am\b.*
          | le\b.*\ba\s+écrit
          | el\b.*\bescribi[óo]
          | op\b.*\bschreef\b.*
          | (?:em|no\s+dia|às?|a)\b.*\bescreveu
          | .*@.*\b(?:wrote|schrieb|a\s+écrit|escribi[óo]|schreef|escreveu)\b.*
        )\s*:$")
});

/// First words of an attribution line, to spot one that wraps onto the next line.
static ATTRIBUTION_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:on|am|le|el|op|em|no\s+dia|às?)\s"));

/// "-----Original Message-----" and forward markers; everything below is someone else's text.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)^(?:
            -{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|originalnachricht
              |message\s+d'origine|mensaje\s+original|oorspronkelijk\s+bericht
              |mensagem\s+original|forwarded\s+message|weitergeleitete\s+nachricht
              |message\s+transféré|mensaje\s+reenviado|doorgestuurd\s+bericht
              |mensagem\s+encaminhada|mensagem\s+reencaminhada)\s*-{2,}
          | (?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht
              |début\s+du\s+message\s+(?:réexpédié|transféré)
              |(?:inicio|comienzo)\s+del\s+mensaje\s+reenviado
              |begin\s+doorgestuurd\s+bericht
              |início\s+da\s+mensagem\s+(?:reencaminhada|encaminhada))\s*:
        )$")
});

/// First line of an Outlook header block ("From:", "Von:", "De :", "Van:").
static HEADER_FROM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:from|von|de|van|da)\s*:"));

/// The date line of an Outlook header block, in any of the six languages.
static HEADER_SENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:sent|date|gesendet|datum|envoyé|enviado(?:\s+el)?|fecha|verzonden|verstuurd|enviada(?:\s+em)?|data)\s*:",
    )
});

/// The subject line of an Outlook header block.
static HEADER_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:subject|betreff|objet|asunto|onderwerp|assunto)\s*:"));

/// How many lines below a "From:" line the rest of an Outlook header block may sit.
const HEADER_BLOCK_SPAN: usize = 8;
/// Longer lines are prose, never an attribution.
const MAX_ATTRIBUTION_LEN: usize = 400;

/// Removes quoted history: everything from the first quote marker down, and `>` lines above it.
pub(crate) fn strip_quotes(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let t = clean(line);
        if t.starts_with('>') {
            continue;
        }
        if starts_history(&lines, i, t) {
            break;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    trim_separators(&mut out);
    out
}

/// The line with surrounding whitespace and markdown-style bold markers removed.
fn clean(line: &str) -> &str {
    line.trim()
        .trim_start_matches('*')
        .trim_start_matches('\u{feff}')
        .trim()
}

/// True when quoted history starts at line `i`.
fn starts_history(lines: &[&str], i: usize, t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    if t.ends_with(':') && t.len() <= MAX_ATTRIBUTION_LEN && ATTRIBUTION.is_match(t) {
        return true;
    }
    if (t.starts_with('-') || t.ends_with(':')) && SEPARATOR.is_match(t) {
        return true;
    }
    if t.len() < MAX_ATTRIBUTION_LEN && !t.ends_with(':') && ATTRIBUTION_START.is_match(t) {
        if let Some(next) = lines.get(i + 1) {
            let n = clean(next);
            if n.ends_with(':') && n.len() < MAX_ATTRIBUTION_LEN {
                let joined = format!("{t} {n}");
                if ATTRIBUTION.is_match(&joined) {
                    return true;
                }
            }
        }
    }
    if HEADER_FROM.is_match(t) {
        return is_header_block(lines, i);
    }
    false
}

/// A "From:" line followed closely by a date line and a subject line.
fn is_header_block(lines: &[&str], i: usize) -> bool {
    let mut sent = false;
    let mut subject = false;
    for line in lines.iter().skip(i + 1).take(HEADER_BLOCK_SPAN) {
        let t = clean(line);
        if HEADER_SENT.is_match(t) {
            sent = true;
        } else if HEADER_SUBJECT.is_match(t) {
            subject = true;
        }
        if sent && subject {
            return true;
        }
    }
    false
}

/// Drops trailing blank lines and separator rules (`____`, `----`) left above a cut.
fn trim_separators(out: &mut String) {
    loop {
        let trimmed_len = out.trim_end().len();
        out.truncate(trimmed_len);
        let last_start = out.rfind('\n').map_or(0, |p| p + 1);
        let last = out[last_start..].trim();
        let is_rule = last.len() >= 3 && last.chars().all(|c| matches!(c, '_' | '-' | '=' | '—'));
        if is_rule {
            out.truncate(last_start);
        } else {
            break;
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
}
