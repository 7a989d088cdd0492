//! Forwarded internal notes: when the new text only points at a forwarded message below
//! ("see below from our CFO"), find that message's sender and its own new text in the full text.

use std::sync::LazyLock;

use regex::Regex;

/// A header line of a forwarded block ("From:", "Von:", "Date:", "Betreff:" ...).
static HEADER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\**(?:from|von|de|van|da|date|sent|gesendet|datum|envoyé|enviado(?:\s+el)?|fecha|verzonden|verstuurd|enviada(?:\s+em)?|data|to|an|à|a|para|aan|cc|subject|betreff|objet|asunto|onderwerp|assunto)\**\s*:",
    )
    .ok()
});

/// The "From:" header line of a forwarded block, in the six languages.
static FROM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^\**(?:from|von|de|van|da)\**\s*:").ok());

/// How far below a "From:" line its date and subject lines may sit.
const BLOCK_SPAN: usize = 8;

/// One forwarded message found below the new text.
#[derive(Debug, Clone, PartialEq)]
pub struct Forwarded {
    /// Lower-case address from its "From:" line, if any.
    pub from: Option<String>,
    /// Its own new text (its quotes and signature removed).
    pub text: String,
}

fn matches(re: &LazyLock<Option<Regex>>, line: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(line))
}

/// The first forwarded message in `full_text`: after a forward marker or an Outlook header block.
pub fn find(full_text: &str) -> Option<Forwarded> {
    let lines: Vec<&str> = full_text.lines().collect();
    let start = lines.iter().enumerate().find_map(|(i, l)| {
        let t = l.trim();
        if crate::message::quotes::is_separator(t) {
            Some(i + 1)
        } else if matches(&FROM, t) && header_block(&lines[i..]) {
            Some(i)
        } else {
            None
        }
    })?;
    let mut from = None;
    let mut i = start;
    while let Some(line) = lines.get(i) {
        let t = line.trim();
        if t.is_empty() && from.is_none() {
            i += 1;
            continue;
        }
        if !matches(&HEADER, t) {
            break;
        }
        if from.is_none() && matches(&FROM, t) {
            from = address(t);
        }
        i += 1;
    }
    let rest = lines.get(i..)?.join("\n");
    let text = crate::message::new_text(&rest, None);
    (!text.trim().is_empty()).then_some(Forwarded { from, text })
}

/// A "From:" line followed closely by more header lines (date or subject).
fn header_block(lines: &[&str]) -> bool {
    lines
        .iter()
        .skip(1)
        .take(BLOCK_SPAN)
        .filter(|l| matches(&HEADER, l.trim()))
        .count()
        >= 2
}

/// The mail address in a header line ("From: Ann <ann@x.example>"), lower case.
fn address(line: &str) -> Option<String> {
    line.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')' | ',' | ';'))
        .find(|w| w.contains('@') && w.len() > 2)
        .map(|w| {
            w.trim_matches(|c: char| c == '.' || c == ':')
                .to_lowercase()
        })
}

/// The domain of an address, lower case.
pub fn domain(email: &str) -> Option<&str> {
    email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_gmail_style_forward() {
        let t = "Hi,\n\nFYI below.\n\n---------- Forwarded message ---------\nFrom: Kim Lee <kim@buyer.example>\nDate: Mon, 3 Mar 2025\nSubject: Re: offer\nTo: Pat <pat@buyer.example>\n\nPat, we will not go ahead with this.\n\nKim\n\n> older quoted line\n";
        let f = find(t).unwrap();
        assert_eq!(f.from.as_deref(), Some("kim@buyer.example"));
        assert!(f.text.contains("we will not go ahead"));
        assert!(!f.text.contains("older quoted"));
    }

    #[test]
    fn finds_an_outlook_header_block_in_german() {
        let t = "Siehe unten.\n\nVon: Jana Roth <jana@kunde.example>\nGesendet: Montag, 3. März 2025 10:00\nAn: Uwe <uwe@kunde.example>\nBetreff: Angebot\n\nWir machen das nicht.\n";
        let f = find(t).unwrap();
        assert_eq!(f.from.as_deref(), Some("jana@kunde.example"));
        assert_eq!(f.text.trim(), "Wir machen das nicht.");
        assert_eq!(domain("jana@kunde.example"), Some("kunde.example"));
    }

    #[test]
    fn nothing_below_means_no_forward() {
        assert_eq!(find("Just a note.\nFrom: me, with thanks.\n"), None);
        assert_eq!(find("Hi\n---------- Forwarded message ---------\n"), None);
    }
}
