//! Signature, mobile-footer, disclaimer and sign-off removal on the unquoted text.
//! Each rule cuts from a marker line to the end; a sign-off only counts when what follows is short.

use super::re;
use regex::Regex;
use std::sync::LazyLock;

/// "Sent from my iPhone" and its relatives in the six languages.
static MOBILE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)^(?:
        sent\s+(?:from|with|via)\s+(?:my|outlook|yahoo|mail|gmail|samsung|aol|proton|blackberry)\b
      | sent\s+from\s+\S+\s+for\s+(?:ios|android|iphone|ipad|mac|windows)\b
      | get\s+outlook\s+for\b
      | von\s+meinem\s+.{1,40}\s+gesendet
      | gesendet\s+(?:von|mit|vom)\s+(?:meinem|mobilen|outlook|yahoo|der|gmx|web\.de)\b
      | envoyé\s+(?:de|depuis|à\s+partir\s+de)\s+(?:mon|ma|outlook|yahoo)\b
      | (?:obtenir|télécharger)\s+outlook\s+pour\b
      | enviado\s+(?:desde|con)\s+(?:mi|outlook|yahoo)\b
      | obtener\s+outlook\s+para\b
      | (?:verzonden|verstuurd)\s+(?:vanaf|met|van(?:af)?)\s+(?:mijn|outlook|yahoo)\b
      | outlook\s+voor\s+(?:ios|android)\b
      | enviad[oa]\s+(?:do|de|pelo|a\s+partir\s+do)\s+(?:meu|minha|outlook|yahoo)\b
      | (?:baixe|obter|obtenha)\s+o\s+outlook\s+para\b
    )")
});

/// Paragraph openings that are a legal disclaimer on their own.
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)^\W*
      (?:(?:important|notice|note|please\s+note|wichtig|hinweis|avis|aviso|nota|atenção|atención|attention|let\s+op)\s*[:\-–]\s*)?
      (?:
        this\s+(?:e-?mail|message|communication|transmission)\s+and\s+any\s+(?:attachments?|files?)
      | this\s+(?:e-?mail|message|communication)(?:\s*\(including[^)]*\))?\s+(?:is|are|may\s+be)\s+(?:strictly\s+)?(?:confidential|privileged|intended)
      | confidentiality\s+(?:notice|note|statement|warning|disclaimer)
      | (?:legal\s+)?disclaimer\s*:
      | the\s+information\s+(?:contained\s+)?in\s+this\s+(?:e-?mail|message|communication|transmission)
      | if\s+you\s+(?:are\s+not|have\s+received\s+this)\b.*\b(?:intended\s+recipient|in\s+error)
      | diese\s+(?:e-?mail|nachricht)\b.*\b(?:vertrauliche|vertraulich)
      | (?:vertraulichkeitshinweis|haftungsausschluss|rechtlicher\s+hinweis)\b
      | ce\s+(?:message|courriel|e-?mail|mail)\s+et\s+(?:toutes\s+)?(?:les|ses)\s+pi[èe]ces\s+jointes
      | (?:avis\s+de\s+confidentialit[ée]|clause\s+de\s+confidentialit[ée])\b
      | (?:aviso\s+de\s+confidencialidad|aviso\s+legal|cláusula\s+de\s+confidencialidad)\b
      | dit\s+(?:e-?mail)?(?:bericht|e-?mail)\s+is\s+uitsluitend\s+bestemd
      | (?:disclaimer|vertrouwelijkheid)\s*:
      | aviso\s+de\s+confidencialidade\b
    )")
});

/// Paragraph openings that are a disclaimer only when a confidentiality word follows closely.
static DISCLAIMER_WEAK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\W*(?:este\s+(?:mensaje|correo|e-?mail)|el\s+presente\s+(?:mensaje|correo)|esta\s+mensagem|este\s+e-?mail|ce\s+(?:message|courriel)|dit\s+(?:e-?mail|bericht)|diese\s+(?:e-?mail|nachricht)|this\s+(?:e-?mail|message))\b",
    )
});

/// Words that make a weak opening a disclaimer.
static CONFIDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)confiden|vertraulich|vertrouwelijk|privileg|destinatari|intended\s+recipient|uitsluitend\s+bestemd",
    )
});

/// Closing phrases ("Best regards," / "Mit freundlichen Grüßen" / "Cordialement" / ...).
const SIGN_OFFS: &str = r"(?:
    (?:best|kind|warm|warmest|many|kindest|with\s+kind|with\s+best)?\s*regards
  | best(?:\s+wishes)?|all\s+the\s+best|cheers|thanks|thank\s+you|many\s+thanks|thanks\s+again
  | thanks\s+(?:so|very)\s+much|thank\s+you\s+(?:so|very)\s+much|thx|tia|sincerely|yours\s+sincerely
  | yours\s+truly|yours|respectfully|take\s+care|talk\s+soon|speak\s+soon|br|kr|rgds|regards
  | (?:mit\s+)?(?:freundlichen|besten|herzlichen|lieben|vielen|schönen|sonnigen)\s+grü(?:ß|ss)en
  | (?:viele|beste|liebe|freundliche|herzliche|schöne)\s+grü(?:ß|ss)e|grü(?:ß|ss)e|gru(?:ß|ss)
  | mfg|lg|vg|danke(?:\s+schön|\s+sehr)?|vielen\s+dank|besten\s+dank|herzlichen\s+dank
  | (?:bien\s+)?cordialement|bien\s+à\s+vous|bien\s+à\s+toi|(?:sincères|meilleures|cordiales)?\s*salutations
  | merci(?:\s+beaucoup|\s+encore|\s+bien)?|bonne\s+(?:journée|soirée|fin\s+de\s+journée)|amitiés|à\s+bientôt
  | (?:un\s+)?saludos?(?:\s+cordiales)?|atentamente|(?:muchas\s+)?gracias|un\s+abrazo|cordialmente
  | (?:met\s+)?(?:vriendelijke|hartelijke|beste)\s+groet(?:en)?|groet(?:en|jes)?|mvg|bedankt|dank\s+je(?:\s+wel)?|dank\s+u(?:\s+wel)?|alvast\s+bedankt
  | atenciosamente|(?:com\s+os\s+)?(?:melhores|meus)?\s*cumprimentos|abraços?|um\s+abraço|obrigad[oa]|muito\s+obrigad[oa]
  | att|atte|abs|bjs|grat[oa]|saudações(?:\s+cordiais)?
  | (?:un\s+)?(?:cordial\s+)?saludo(?:\s+cordial)?|saludos\s+cordiales|reciba\s+un\s+cordial\s+saludo
  | (?:très\s+|bien\s+)?cordialement|salutations\s+distinguées|belle\s+journée
  | (?:met\s+)?(?:vriendelijke|hartelijke|beste)\s+groeten|gr|groetjes
  | warmly|warm\s+wishes|with\s+gratitude|with\s+thanks|best\s+regards|regards
)";

/// A line that is only a sign-off, optionally followed on the same line by a short name.
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?x)^(?i:{SIGN_OFFS})\s*[,.!;:–—-]*(?:\s+\p{{Lu}}[\p{{L}}.'’-]*(?:\s+\p{{Lu}}[\p{{L}}.'’-]*){{0,2}})?\s*$"
    ))
});

/// A bare "- Jane" / "— Jane Doe" line closing a message.
static DASH_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[-–—~]\s?\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)?\s*$"));

/// Most non-empty lines a sign-off's tail (name, title, phone, ...) may have.
const MAX_TAIL_LINES: usize = 8;
/// Longest line a sign-off's tail may have.
const MAX_TAIL_LINE_LEN: usize = 100;
/// Longest line checked against the footer and sign-off patterns.
const MAX_MARKER_LEN: usize = 120;

/// Removes the signature block, mobile footers, disclaimers and a trailing sign-off.
/// Returns the input unchanged when removing them would leave nothing.
pub(crate) fn strip_signature(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let hard = trim_trailing_rules(&lines[..hard_cut(&lines)]);
    let soft = trim_trailing_rules(&hard[..sign_off_cut(hard).unwrap_or(hard.len())]);
    for candidate in [soft, hard] {
        let start = skip_banner(candidate);
        let joined = join_trimmed(&candidate[start..]);
        if !joined.is_empty() {
            return joined;
        }
    }
    join_trimmed(&lines)
}

/// Drops trailing blank lines and rules (`*****`, `_____`) that separated a removed block.
fn trim_trailing_rules<'a, 'b>(mut lines: &'a [&'b str]) -> &'a [&'b str] {
    while let Some((last, rest)) = lines.split_last() {
        let t = last.trim();
        let is_rule = t
            .chars()
            .all(|c| matches!(c, '_' | '-' | '=' | '*' | '—' | '~'));
        if is_rule {
            lines = rest;
        } else {
            break;
        }
    }
    lines
}

/// Index of the first "-- " line, mobile footer or disclaimer; everything from there goes.
fn hard_cut(lines: &[&str]) -> usize {
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if *line == "-- " || t == "--" || t == "—" {
            return i;
        }
        if t.len() <= MAX_MARKER_LEN && MOBILE_FOOTER.is_match(t) {
            return i;
        }
        if DISCLAIMER.is_match(t) {
            return i;
        }
        if DISCLAIMER_WEAK.is_match(t) {
            let window_end = (i + 3).min(lines.len());
            if lines[i..window_end]
                .iter()
                .any(|l| CONFIDENTIAL.is_match(l))
            {
                return i;
            }
        }
    }
    lines.len()
}

/// Index of the last sign-off line followed only by a short block (name, title, phone),
/// moved up over sign-offs directly above it ("Thanks again," / "Best,").
fn sign_off_cut(lines: &[&str]) -> Option<usize> {
    let mut tail_lines = 0usize;
    let mut found = None;
    for (i, line) in lines.iter().enumerate().rev() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if is_sign_off(t) {
            found = Some(i);
            break;
        }
        if is_prose(t) {
            return None;
        }
        tail_lines += 1;
        if tail_lines > MAX_TAIL_LINES {
            return None;
        }
    }
    let mut best = found?;
    for (i, line) in lines[..best].iter().enumerate().rev() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if is_sign_off(t) {
            best = i;
        } else {
            break;
        }
    }
    Some(best)
}

fn is_sign_off(t: &str) -> bool {
    t.len() <= MAX_MARKER_LEN && (SIGN_OFF.is_match(t) || DASH_NAME.is_match(t))
}

/// A line that reads like a sentence rather than a signature detail.
fn is_prose(t: &str) -> bool {
    if t.len() > MAX_TAIL_LINE_LEN {
        return true;
    }
    let words = t.split_whitespace().count();
    words >= 8 && t.ends_with(['.', '?', '!'])
}

/// Skips an "[EXTERNAL] This email originated outside …" banner paragraph at the top.
fn skip_banner(lines: &[&str]) -> usize {
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return 0;
    };
    if !BANNER.is_match(lines[first].trim()) {
        return 0;
    }
    let end = lines[first..]
        .iter()
        .position(|l| l.trim().is_empty())
        .map_or(lines.len(), |p| first + p);
    let paragraph_mentions_outside = lines[first..end].iter().any(|l| OUTSIDE.is_match(l));
    if paragraph_mentions_outside && end < lines.len() {
        end
    } else {
        0
    }
}

static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\W*(?:external|extern|externe|externo|caution|warning|attention|achtung|vorsicht|atención|atenção|let\s+op|opgelet)\b",
    )
});

static OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)outside|external|extern|extérieur|fuera\s+de|buiten|fora\s+d[ae]|außerhalb|ausserhalb")
});

/// Joins lines with `\n`, dropping leading and trailing blank lines and runs of blank lines.
pub(crate) fn join_trimmed(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_run = false;
    for line in lines {
        let l = line.trim_end();
        if l.trim().is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if blank_run {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank_run = false;
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_signature;

    #[test]
    fn dash_dash_delimiter() {
        let t = "We'll pass for now.\n\n-- \nJane Buyer\nHead of Ops\n";
        assert_eq!(strip_signature(t), "We'll pass for now.");
    }

    #[test]
    fn mobile_footers_in_six_languages() {
        for footer in [
            "Sent from my iPhone",
            "Verstuurd vanaf mijn iPhone",
            "Sent from Outlook for iOS",
            "Get Outlook for Android",
            "Von meinem iPhone gesendet",
            "Envoyé de mon iPhone",
            "Enviado desde mi iPhone",
            "Verzonden vanaf mijn iPhone",
            "Enviado do meu iPhone",
        ] {
            let t = format!("No thanks, we are covered.\n\n{footer}\n");
            assert_eq!(
                strip_signature(&t),
                "No thanks, we are covered.",
                "footer: {footer}"
            );
        }
    }

    #[test]
    fn sign_off_blocks_in_six_languages() {
        for (body, sign_off) in [
            (
                "We went another way.",
                "Best regards,\nJane Buyer\nProcurement Lead | Buyer Corp\n+1 555 0100",
            ),
            (
                "Wir haben uns anders entschieden.",
                "Mit freundlichen Grüßen\n\nJürgen Müller\nEinkauf",
            ),
            (
                "Nous avons choisi une autre solution.",
                "Cordialement,\nMarie Dupont",
            ),
            ("Hemos elegido otra opción.", "Saludos,\nCarlos"),
            (
                "We hebben voor een ander gekozen.",
                "Met vriendelijke groet,\n\nJan de Vries\nInkoop",
            ),
            (
                "Escolhemos outra empresa.",
                "Atenciosamente,\nAna Souza\nCompras",
            ),
            ("Not this year.", "Cheers\nTom"),
            ("Not this year.", "Thanks, Tom"),
            ("Not this year.", "- Tom"),
            (
                "Decidimos não avançar.",
                "Com os melhores cumprimentos,\nRui",
            ),
            ("No seguiremos adelante.", "Un saludo cordial,\nSergio"),
            ("Niet nu.", "Met vriendelijke groeten,\nDaan"),
        ] {
            let t = format!("{body}\n\n{sign_off}\n");
            assert_eq!(strip_signature(&t), body, "sign-off: {sign_off}");
        }
    }

    #[test]
    fn thanks_followed_by_content_is_content() {
        let t = "Thanks, but we've decided to stay with our current provider.\n\nJane\n";
        assert_eq!(
            strip_signature(t),
            "Thanks, but we've decided to stay with our current provider.\n\nJane"
        );
        let t = "Thanks!\n\nWe have decided not to go ahead with the renewal this year because the budget was cut.\n\nBest,\nJane";
        assert_eq!(
            strip_signature(t),
            "Thanks!\n\nWe have decided not to go ahead with the renewal this year because the budget was cut."
        );
    }

    #[test]
    fn stacked_sign_offs_both_go() {
        let t = "Not a fit for us.\n\nThanks again,\nBest,\nJane";
        assert_eq!(strip_signature(t), "Not a fit for us.");
    }

    #[test]
    fn disclaimers_in_six_languages() {
        for disclaimer in [
            "This email and any attachments are confidential and intended solely for the addressee.",
            "CONFIDENTIALITY NOTICE: The contents of this message are private.",
            "The information contained in this communication is privileged.",
            "IMPORTANT: This message and any attachments are confidential.",
            "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
            "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires.",
            "Este mensaje y sus anexos se dirigen exclusivamente a su destinatario\ny pueden contener información confidencial.",
            "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde.",
            "Esta mensagem, incluindo os seus anexos, contém informações\nconfidenciais destinadas a indivíduo específico.",
        ] {
            let t = format!("We are not moving forward.\n\nJane Buyer\n\n*****\n{disclaimer}\nMore legal text.\n");
            assert_eq!(
                strip_signature(&t),
                "We are not moving forward.\n\nJane Buyer",
                "disclaimer: {disclaimer}"
            );
        }
    }

    #[test]
    fn external_banner_paragraph_is_dropped() {
        let t = "[EXTERNAL] This email originated from outside the organization.\nDo not click links.\n\nWe have to decline.\n";
        assert_eq!(strip_signature(t), "We have to decline.");
    }

    #[test]
    fn keeps_everything_when_only_a_sign_off_remains() {
        assert_eq!(strip_signature("Thanks!\nJane\n"), "Thanks!\nJane");
    }

    #[test]
    fn greeting_is_kept_and_blank_runs_collapse() {
        let t = "\n\nHi Alex,\n\n\n\nWe'll pass.\n\n";
        assert_eq!(strip_signature(t), "Hi Alex,\n\nWe'll pass.");
    }
}
