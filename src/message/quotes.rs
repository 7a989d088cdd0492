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
          | op\b.*\bgeschreven
          | (?:em|no\s+dia|às?|a)\b.*\bescreveu
          | .*@.*\b(?:wrote|schrieb|a\s+écrit|escribi[óo]|schreef|geschreven|escreveu)\b.*
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

/// True for a forward or "-----Original Message-----" marker line (trimmed), in six languages.
pub(crate) fn is_separator(line: &str) -> bool {
    SEPARATOR.is_match(line)
}

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
        let is_rule = last.len() >= 3
            && last
                .chars()
                .all(|c| matches!(c, '_' | '-' | '=' | '—' | '*'));
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

#[cfg(test)]
mod tests {
    use super::strip_quotes;

    fn new(text: &str) -> String {
        strip_quotes(text).trim().to_string()
    }

    #[test]
    fn drops_angle_quoted_lines() {
        let t = "We will pass on this one.\n\n> Hi, any update on the proposal?\n> Alex\n";
        assert_eq!(new(t), "We will pass on this one.");
    }

    #[test]
    fn gmail_attribution_in_six_languages() {
        let cases = [
            "On Tue, Mar 5, 2024 at 10:15 AM Alex Seller <alex@seller.example> wrote:",
            "Am Di., 5. März 2024 um 10:15 Uhr schrieb Alex Seller <alex@seller.example>:",
            "Le mar. 5 mars 2024 à 10:15, Alex Seller <alex@seller.example> a écrit :",
            "El mar, 5 mar 2024 a las 10:15, Alex Seller (<alex@seller.example>) escribió:",
            "Op di 5 mrt 2024 om 10:15 schreef Alex Seller <alex@seller.example>:",
            "Em ter., 5 de mar. de 2024 às 10:15, Alex Seller <alex@seller.example> escreveu:",
            "Op 5 mrt 2024, om 10:15 heeft Alex Seller <alex@seller.example> het volgende geschreven:",
            "Am 05.03.2024 um 10:15 schrieb Alex Seller <alex@seller.example>:",
            "Le 5 mars 2024 à 10:15, Alex Seller <alex@seller.example> a écrit :",
        ];
        for attribution in cases {
            let t = format!("Reply text here.\n\n{attribution}\n\nOriginal text\nmore original\n");
            assert_eq!(new(&t), "Reply text here.", "attribution: {attribution}");
        }
    }

    #[test]
    fn attribution_wrapped_over_two_lines() {
        let en = "Not for us, sorry.\n\nOn Tue, Mar 5, 2024 at 10:15 AM Alex Seller <\nalex@seller.example> wrote:\n\n> Hi\n";
        assert_eq!(new(en), "Not for us, sorry.");
        let de = "Leider nein.\n\nAm 05.03.2024 um 10:15 schrieb Alex Seller\n<alex@seller.example>:\n\nHallo\n";
        assert_eq!(new(de), "Leider nein.");
        let fr = "Non merci.\n\nLe mardi 5 mars 2024, Alex Seller <alex@seller.example>\na écrit :\nBonjour\n";
        assert_eq!(new(fr), "Non merci.");
    }

    #[test]
    fn apple_style_attribution_without_date_words() {
        let t =
            "Sounds good.\n\n> On 5 Mar 2024, at 10:15, Alex <alex@seller.example> wrote:\n> Hi\n";
        assert_eq!(new(t), "Sounds good.");
        let t = "Sounds good.\n\nalex@seller.example wrote:\nHi there\n";
        assert_eq!(new(t), "Sounds good.");
    }

    #[test]
    fn outlook_header_blocks_in_six_languages() {
        let blocks = [
            "From: Alex Seller <alex@seller.example>\nSent: Tuesday, March 5, 2024 10:15 AM\nTo: Jane Buyer <jane@buyer.example>\nSubject: Proposal",
            "Von: Alex Seller <alex@seller.example>\nGesendet: Dienstag, 5. März 2024 10:15\nAn: Jane Buyer <jane@buyer.example>\nBetreff: Angebot",
            "De : Alex Seller <alex@seller.example>\nEnvoyé : mardi 5 mars 2024 10:15\nÀ : Jane Buyer <jane@buyer.example>\nObjet : Proposition",
            "De: Alex Seller <alex@seller.example>\nEnviado el: martes, 5 de marzo de 2024 10:15\nPara: Jane Buyer <jane@buyer.example>\nAsunto: Propuesta",
            "Van: Alex Seller <alex@seller.example>\nVerzonden: dinsdag 5 maart 2024 10:15\nAan: Jane Buyer <jane@buyer.example>\nOnderwerp: Voorstel",
            "De: Alex Seller <alex@seller.example>\nEnviada em: terça-feira, 5 de março de 2024 10:15\nPara: Jane Buyer <jane@buyer.example>\nAssunto: Proposta",
        ];
        for block in blocks {
            let t = format!("Our answer is no.\n\n________________________________\n{block}\n\nHello Jane,\nthe offer...\n");
            assert_eq!(new(&t), "Our answer is no.", "block: {block}");
        }
    }

    #[test]
    fn outlook_bold_header_block_from_html() {
        let t = "We chose another vendor.\n\n*From:* Alex Seller <alex@seller.example>\n*Sent:* Tuesday, March 5, 2024\n*To:* Jane\n*Subject:* Proposal\n\nHello\n";
        assert_eq!(new(t), "We chose another vendor.");
    }

    #[test]
    fn from_line_alone_is_content() {
        let t = "From: our side, the answer is no.\nBest\n";
        assert_eq!(new(t), "From: our side, the answer is no.\nBest");
    }

    #[test]
    fn original_message_separators() {
        for sep in [
            "-----Original Message-----",
            "-----Ursprüngliche Nachricht-----",
            "-----Message d'origine-----",
            "-----Mensaje original-----",
            "-----Oorspronkelijk bericht-----",
            "-----Mensagem original-----",
        ] {
            let t = format!("Not now.\n\n{sep}\nFrom: x\nold text\n");
            assert_eq!(new(&t), "Not now.", "separator: {sep}");
        }
    }

    #[test]
    fn forward_keeps_text_above_marker() {
        let t = "FYI, see below. We are out.\n\n---------- Forwarded message ---------\nFrom: A <a@b.example>\nDate: Tue\nSubject: x\n\nold\n";
        assert_eq!(new(t), "FYI, see below. We are out.");
        let t = "Ver abajo.\n\nBegin forwarded message:\n\nFrom: A\n";
        assert_eq!(new(t), "Ver abajo.");
        let t = "Siehe unten.\n\n---------- Weitergeleitete Nachricht ---------\nVon: A\n";
        assert_eq!(new(t), "Siehe unten.");
    }

    #[test]
    fn content_that_mentions_writing_is_kept() {
        let t = "On Monday we wrote to your support team about this.\nNo answer yet.\n";
        assert_eq!(new(t), t.trim());
    }
}
