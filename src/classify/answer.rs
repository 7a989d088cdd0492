//! The buyer's answer to rebound's permission question: yes, no, or an answer that already gives
//! the reason; and whether a text (the seller's mail, or the part a reply quotes) asks permission.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// How the buyer answered "Mind if I ask you a question?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// "Sure, go ahead": step two asks the clarity question.
    Yes,
    /// "No, thanks": no further draft.
    No,
    /// Anything longer than a yes or a no, above all the reason itself: the buyer has answered
    /// already, so no question follows.
    Explains,
}

impl Answer {
    /// The snake_case name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Explains => "explains",
        }
    }
}

fn compile(patterns: &[&str]) -> Regex {
    let joined = format!(r"(?i)(?:{})", patterns.join("|"));
    Regex::new(&joined).unwrap_or_else(|e| panic!("built-in answer pattern does not compile: {e}"))
}

/// The permission questions rebound's templates ask, and the usual ways a seller writes one, in
/// every shipped language. A clarity question ("may I ask what tipped the decision?") is not one.
const PERMISSION_PATTERNS: [&str; 20] = [
    // en
    r"\b(?:mind|object) if i (?:ask|asked|put)\b[^.?!]{0,30}\bquestions?\b",
    r"\b(?:may|can|could|might) i (?:ask|put to) you\b[^.?!]{0,20}\bquestions?\b",
    r"\b(?:may|can|could|might) i ask (?:a|one|an?other|just one|one more)\b[^.?!]{0,20}\bquestions?\b",
    r"\bok(?:ay)? (?:if|for me to) ask\b[^.?!]{0,25}\bquestions?\b",
    r"\b(?:allow|permit) me to ask\b[^.?!]{0,25}\bquestions?\b",
    r"\bpermission to ask\b",
    // de
    r"\b(?:darf|dürfte|kann|könnte) ich (?:ihnen|dir|euch) (?:noch )?(?:eine|1)\b[^.?!]{0,20}\bfrage\b",
    r"\b(?:darf|dürfte) ich (?:noch )?eine\b[^.?!]{0,20}\bfrage stellen\b",
    r"\bdagegen, wenn ich (?:ihnen|dir) eine\b[^.?!]{0,15}\bfrage\b",
    // fr
    r"\b(?:puis-je|je peux|pourrais-je|est-ce que je peux|je pourrais) (?:vous|te) poser une\b[^.?!]{0,20}\bquestion\b",
    r"\b(?:me permettez-vous|tu me permets|m'autorisez-vous|vous permettez que je)\b[^.?!]{0,30}\bquestion\b",
    // es
    r"\b(?:te|le) puedo hacer una\b[^.?!]{0,15}\bpregunta\b",
    r"\bpuedo hacer(?:te|le) una\b[^.?!]{0,15}\bpregunta\b",
    r"\b(?:te|le) importar(?:ía|ia|a) que (?:te|le) (?:hiciera|haga)\b[^.?!]{0,15}\bpregunta\b",
    r"\bme permite(?:s)? hacer(?:le|te)? una\b[^.?!]{0,15}\bpregunta\b",
    // nl
    r"\b(?:mag|kan) ik (?:je|u|jullie) (?:nog )?(?:één|een|1)\b[^.?!]{0,15}\bvraag\b",
    r"\b(?:vind je|vindt u|zou u) het erg (?:vinden )?als ik (?:je|u) (?:één|een)\b[^.?!]{0,15}\bvraag\b",
    // pt
    r"\bposso (?:lhe |te )?fazer (?:só |apenas )?uma\b[^.?!]{0,15}\bpergunta\b",
    r"\bpermite que (?:eu )?(?:lhe |te )?faça uma\b[^.?!]{0,15}\bpergunta\b",
    r"\bse importa(?:ria)? se eu (?:lhe |te )?(?:fizer|fizesse) uma\b[^.?!]{0,15}\bpergunta\b",
];

/// All of [`PERMISSION_PATTERNS`] in one regex.
static PERMISSION: LazyLock<Regex> = LazyLock::new(|| compile(&PERMISSION_PATTERNS));

/// [`PERMISSION`] without its `\b`s: it matches wherever PERMISSION does (and more), and with no
/// word boundary to test it runs on its DFA over any text, where PERMISSION may fall back to the
/// much slower PikeVM; a window it does not match needs no exact search.
static PERMISSION_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    let loose: Vec<String> = PERMISSION_PATTERNS
        .iter()
        .map(|p| p.replace(r"\b", ""))
        .collect();
    compile(&loose.iter().map(String::as_str).collect::<Vec<_>>())
});

/// The words every permission question holds: a fast test that most mail fails.
static PERMISSION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        "question",
        "frage",
        "pregunta",
        "vraag",
        "pergunta",
        "permission",
    ])
});

/// Bytes on each side of a keyword that hold any [`PERMISSION`] match containing it: the longest
/// pattern is ~50 characters of words plus a 30-character gap plus its keyword, under 300 bytes
/// even with every character 3 bytes long (case folding matches `K` to the Kelvin sign).
const PERMISSION_REACH: usize = 512;

/// The first [`PERMISSION`] match in normalized `text`, searched only near the keywords.
///
/// Every pattern holds one of [`PERMISSION_WORDS`] (same `(?i)` folding), so any match lies
/// within [`PERMISSION_REACH`] of a keyword; the windows start and end at spaces (or the text's
/// ends), where `\b` reads the same in the window as in the whole text, so the windowed search
/// finds exactly what a search of the whole text finds. It is much cheaper on long quoted
/// histories: with Unicode `\b`, any non-ASCII byte makes the regex fall back from its DFA to
/// the PikeVM, which then crawled the whole history.
fn permission_match(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let space_before = |i: usize| {
        bytes[..i]
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(0, |p| p + 1)
    };
    let space_after = |i: usize| {
        bytes[i..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |p| i + p)
    };
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for kw in PERMISSION_WORDS.find_iter(text) {
        let start = space_before(kw.start().saturating_sub(PERMISSION_REACH));
        let end = space_after((kw.end() + PERMISSION_REACH).min(bytes.len()));
        match windows.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => windows.push((start, end)),
        }
    }
    windows.into_iter().find_map(|(start, end)| {
        let window = &text[start..end];
        if !PERMISSION_LOOSE.is_match(window) {
            return None;
        }
        PERMISSION
            .find(window)
            .map(|m| (start + m.start(), start + m.end()))
    })
}

/// False when no quoted part of `full_text` can ask permission, so [`asked`] on its
/// [`first_quoted`] and [`asks_permission`] on its [`deeper_quoted`] are both no: a keyword is one
/// word with no space or line break in it, and every line those two give back is a piece of one
/// line of `full_text`, so a keyword they hold is in `full_text` too. Most mail fails this one
/// search, and then nothing is split, copied or normalised.
pub fn may_quote_permission(full_text: &str) -> bool {
    PERMISSION_WORDS.is_match(full_text)
}

/// True when `text` asks permission to ask a question.
pub fn asks_permission(text: &str) -> bool {
    PERMISSION_WORDS.is_match(text) && permission_match(&normalize(text)).is_some()
}

/// What a seller's email asks: permission and nothing after it (step one), or permission and
/// then the question itself (the one-step email, or a seller who asks straight away); None when
/// it asks no permission.
pub fn asked(text: &str) -> Option<crate::classify::Step> {
    if !PERMISSION_WORDS.is_match(text) {
        return None;
    }
    let text = normalize(text);
    let (_, end) = permission_match(&text)?;
    // Past the end of the permission question itself ("¿Le importaría …?").
    let rest = &text[end..];
    let rest = rest.find(['?', '.', '!']).map_or(rest, |i| &rest[i + 1..]);
    // A question after it, before any quoted history, is the clarity question.
    let own = rest.split(" > ").next().unwrap_or_default();
    if own.contains('?') || own.contains('¿') {
        Some(crate::classify::Step::Question)
    } else {
        Some(crate::classify::Step::Permission)
    }
}

/// Lower case, straight apostrophes, one space between words.
fn normalize(text: &str) -> String {
    // One copy instead of four: the apostrophes are not whitespace, so replacing them while the
    // words are joined splits the text exactly where replacing first would. Lower-casing stays a
    // separate pass over the joined text (a final sigma depends on what follows it).
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        if !word.contains(['\u{2019}', '\u{2018}', '`']) {
            joined.push_str(word);
            continue;
        }
        for c in word.chars() {
            joined.push(if matches!(c, '\u{2019}' | '\u{2018}' | '`') {
                '\''
            } else {
                c
            });
        }
    }
    if joined.is_ascii() {
        joined.make_ascii_lowercase();
        joined
    } else {
        joined.to_lowercase()
    }
}

/// Phrases with a "no" in them that say yes to "would you mind …?" / "any problem if …?".
static NOT_MINDING: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        r"\bno (?:problem|problemo|prob|worries|worry|objections?)\b",
        r"\bnot at all\b",
        r"\bof course not\b",
        r"\b(?:i )?(?:don't|do not) mind\b",
        r"\bwhy not\b",
        r"\bkein(?:e)? (?:problem|ursache|sorge)\b",
        r"\b(?:überhaupt|gar) nicht\b",
        r"\bwarum nicht\b",
        r"\b(?:pas de|aucun) (?:souci|problème|probleme)\b",
        r"\bpas du tout\b",
        r"\bpourquoi pas\b",
        r"\bsans (?:souci|problème|probleme)\b",
        r"\bsin (?:problema|ningún problema)\b",
        r"\bno hay (?:problema|inconveniente)\b",
        r"\bpara nada\b",
        r"\bpor qué no\b",
        r"\bgeen (?:probleem|bezwaar|punt)\b",
        r"\bhelemaal niet\b",
        r"\bwaarom niet\b",
        r"\bsem problemas?\b",
        r"\bnenhum problema\b",
        r"\bde modo nenhum\b",
        r"\bpor que não\b",
    ])
});

/// Yes to the permission question, in every shipped language.
static YES: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        // en
        r"\b(?:sure(?:ly)?|of course|go ahead|ask away|fire away|shoot|yes|yeah|yep|yup|absolutely|certainly|definitely|by all means|feel free|go for it|please do|ok|okay|sounds good|happy to|glad to|course)\b",
        r"\bwhat(?:'s| is| would| do)? (?:your|you like to|you want to|the) (?:question|know)\b",
        r"\bask me\b",
        // de
        r"\b(?:klar|klaro|gerne?|natürlich|selbstverständlich|ja|jawohl|nur zu|sicher|logisch|jederzeit|immer zu|freilich)\b",
        r"\b(?:schie(?:ß|ss)en sie|schie(?:ß|ss)) los\b",
        r"\bfrag(?:en sie|t)? (?:ruhig|gern|nur|einfach)\b",
        r"\bwas (?:möchten sie|willst du|möchtest du) wissen\b",
        // fr
        r"\b(?:bien s[uû]r|oui|allez-y|vas-y|avec plaisir|volontiers|d'accord|bien entendu|certainement|évidemment|naturellement|je vous en prie|je vous écoute|je t'écoute|carrément)\b",
        r"\bpose[zr]? (?:ta|votre|la) question\b",
        // es
        r"\b(?:claro|sí|por supuesto|adelante|con gusto|desde luego|cómo no|faltaría más|encantad[oa]|vale|dale|pregúntame|pregúnteme|pregunta lo que|dime|dígame)\b",
        // nl
        r"\b(?:natuurlijk|zeker|tuurlijk|uiteraard|graag|prima|vanzelfsprekend|oké|brand (?:maar )?los|doe maar)\b",
        r"\bja\b",
        r"\b(?:vraag|stel) (?:maar|gerust|je vraag|uw vraag)\b",
        r"\bga (?:je|uw) gang\b",
        // pt
        r"\b(?:com certeza|claro|sim|à vontade|fique à vontade|pode perguntar|pode mandar|pode falar|manda|diga|certamente|naturalmente|com prazer|lógico|pode sim|pode)\b",
    ])
});

/// No to the permission question, in every shipped language.
static NO: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        // en
        r"\b(?:no|nope|nah)\b",
        r"\b(?:i'd|i would|i'll|we'd|we would) (?:rather|prefer) (?:not|to leave|we didn't|you didn't)\b",
        r"\b(?:prefer|rather) not\b",
        r"\bnot (?:interested|necessary|really|this time|at this time|now)\b",
        r"\bplease (?:don't|do not|stop)\b",
        r"\b(?:let's|let us|i'd like to|i'll|we'll) (?:leave it|not|pass|stop here|close this)\b",
        r"\b(?:i'll|we'll|i will|we will|i'm going to) pass\b",
        r"\bleave it (?:there|at that|here)\b",
        r"\bdon't think so\b",
        r"\b(?:won't|will not) be necessary\b",
        r"\bno need\b",
        r"\bmoved on\b",
        // de
        r"\b(?:nein|nö|ne)\b",
        r"\b(?:lieber|eher) nicht\b",
        r"\bbitte nicht\b",
        r"\b(?:kein|keinen) bedarf\b",
        r"\bmöchte ich (?:lieber )?nicht\b",
        r"\blassen wir (?:das|es)\b",
        r"\b(?:dabei|es dabei) belassen\b",
        r"\bbelassen wir es\b",
        r"\bnicht (?:nötig|notwendig|erforderlich)\b",
        r"\bverzichte\b",
        // fr
        r"\bnon\b",
        r"\b(?:je )?préf[eè]re(?:rais)? (?:pas|ne pas|ne rien)\b",
        r"\bplutôt pas\b",
        r"\bpas (?:la peine|nécessaire|vraiment|cette fois)\b",
        r"\b(?:restons-en|on en reste|en rester) là\b",
        r"\bsans façon\b",
        r"\bje passe\b",
        // es
        r"\bno,? gracias\b",
        r"\b(?:prefiero|preferiría) (?:que )?no\b",
        r"\bmejor no\b",
        r"\bno (?:hace falta|es necesario)\b",
        r"\b(?:dejémoslo|lo dejamos|dejarlo) (?:así|aquí|ahí)\b",
        r"\bdejémoslo\b",
        r"\bpaso\b",
        // nl
        r"\bnee\b",
        r"\bliever niet\b",
        r"\bniet nodig\b",
        r"\b(?:laten we het|het) hierbij\b",
        r"\blaat (?:maar|het maar)\b",
        r"\bgeen behoefte\b",
        r"\bik pas\b",
        // pt
        r"\bnão\b",
        r"\b(?:prefiro|preferia) (?:que )?não\b",
        r"\bmelhor não\b",
        r"\b(?:deixemos|vamos deixar)\b",
        r"\bdispenso\b",
    ])
});

/// Words that say why: the buyer is giving the reason, not just permission.
static EXPLAINS: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        // en
        r"\b(?:because|since|the reason|came down to|price|pricing|priced|budget|cost|costs|expensive|cheaper|afford|competitor|vendor|provider|supplier|went with|chose|opted|timing|next year|next quarter|priorit(?:y|ies)|in-house|features?|requirements?|integration|honestly|to be honest|mainly|mostly|main issue|the issue was|the problem was)\b",
        // de
        r"\b(?:weil|da wir|der grund|grund war|preis|preise|budget|kosten|teuer|günstiger|anbieter|wettbewerber|konkurrenz|entschieden|zeitpunkt|nächstes jahr|prioritäten|ehrlich gesagt|hauptsächlich|lag an|lag am|lag vor allem|funktionen|anforderungen|schnittstelle)\b",
        // fr
        r"\b(?:parce que|car|la raison|prix|tarifs?|budget|coût|coûts|cher|chère|concurrent|prestataire|fournisseur|avons choisi|avons opté|calendrier|l'année prochaine|priorités|honnêtement|principalement|c'est surtout|fonctionnalités|besoins)\b",
        // es
        r"\b(?:porque|la razón|el motivo|precio|presupuesto|coste|costo|caro|competidor|proveedor|elegimos|optamos|el año que viene|prioridades|sinceramente|principalmente|funcionalidades|necesidades)\b",
        // nl
        r"\b(?:omdat|de reden|prijs|budget|kosten|duur|concurrent|leverancier|aanbieder|gekozen|volgend jaar|prioriteiten|eerlijk gezegd|voornamelijk|vooral|functies|eisen)\b",
        // pt
        r"\b(?:porque|o motivo|a razão|preço|orçamento|custo|caro|concorrente|fornecedor|escolhemos|optamos|ano que vem|próximo ano|prioridades|sinceramente|principalmente|funcionalidades|necessidades)\b",
    ])
});

/// Greetings and sign-offs around the answer: not part of it.
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        r"^(?:hi|hello|hey|dear|good (?:morning|afternoon)|hallo|hi|liebe[r]?|sehr geehrte[r]?|guten (?:tag|morgen)|moin|servus|bonjour|salut|cher|chère|coucou|hola|estimad[oa]|buenos días|buenas|hoi|beste|geachte|goedemorgen|olá|oi|prezad[oa]|car[oa]|bom dia|boa tarde)\b[^.!?]{0,40}[,:!]?$",
    ])
});
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        r"^(?:best|best regards|kind regards|regards|cheers|thanks|thank you|many thanks|thx|all the best|br|sincerely|yours|viele grüße|beste grüße|liebe grüße|grüße|gruß|lg|mfg|mit freundlichen grüßen|freundliche grüße|danke|vielen dank|cordialement|bien cordialement|bien à vous|bises|bonne journée|merci|à\+|saludos|un saludo|un abrazo|atentamente|gracias|muchas gracias|groeten|groetjes|met vriendelijke groet|hartelijke groet|dank je|dank u|bedankt|abraço|abraços|um abraço|atenciosamente|cumprimentos|obrigad[oa]|grato|grata)[\s,.!]*$",
    ])
});

/// Pleasantries that carry no answer; taken out before the words are counted.
static PLEASANTRY: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        r"\b(?:thanks|thank you|thx|cheers|danke|vielen dank|merci|gracias|bedankt|dank je|dank u|obrigad[oa]|for asking|for your note|for the note|for reaching out|für die nachricht|pour le message|por el mensaje|voor het bericht|pela mensagem)\b",
    ])
});

/// How many words of statement beyond the yes itself a plain yes may have ("Sure, I can spare a
/// minute"); a longer one tells the seller something, usually the reason.
const YES_MAX_EXTRA_WORDS: usize = 6;

/// A question, up to its question mark (questions back are part of a yes).
static QUESTION: LazyLock<Regex> = LazyLock::new(|| compile(&[r"[^.!?;:]*\?"]));
/// How many words beyond the no a plain no may have before it explains.
const NO_MAX_EXTRA_WORDS: usize = 10;

/// Read the buyer's answer (their new text) to the permission question.
pub fn read(new_text: &str) -> Answer {
    let body = normalize(&core_lines(new_text).join(" "));
    if body.is_empty() {
        return Answer::Explains;
    }
    // "No problem" and "not at all" say yes to "would you mind": read them before any "no".
    let not_minding = NOT_MINDING.find(&body).map(|m| m.start());
    let cleared = NOT_MINDING.replace_all(&body, " ");
    let yes_at = YES.find(&cleared).map(|m| m.start()).or(not_minding);
    let no_at = NO.find(&cleared).map(|m| m.start());
    // Questions back ("what would you like to know?") belong to a yes; statements beyond it say
    // something of their own.
    let statements = QUESTION.replace_all(&cleared, " ");
    let rest = PLEASANTRY.replace_all(&statements, " ");
    let rest = YES.replace_all(&rest, " ");
    let rest = NO.replace_all(&rest, " ");
    let extra = rest
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .count();
    let explains = EXPLAINS.is_match(&body);
    let first = match (yes_at, no_at) {
        (Some(y), Some(n)) if n < y => Some(Answer::No),
        (Some(_), _) => Some(Answer::Yes),
        (None, Some(_)) => Some(Answer::No),
        (None, None) => None,
    };
    match first {
        Some(Answer::Yes) if !explains && extra <= YES_MAX_EXTRA_WORDS => Answer::Yes,
        Some(Answer::No) if !(explains && extra > 4) && extra <= NO_MAX_EXTRA_WORDS => Answer::No,
        _ => Answer::Explains,
    }
}

/// The lines that carry the answer: greeting, sign-off and the name under it left out.
fn core_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 1 && lines.first().is_some_and(|l| GREETING.is_match(l)) {
        lines.remove(0);
    }
    // The sign-off and everything after it (a name, a title), when it is near the end.
    if let Some(i) = lines
        .iter()
        .rposition(|l| SIGN_OFF.is_match(l) && l.split_whitespace().count() <= 5)
    {
        if i > 0 && lines.len() - i <= 4 {
            lines.truncate(i);
        }
    }
    // A bare name under a one-line answer ("Sure, go ahead\nClaire").
    if lines.len() > 1 {
        if let Some(last) = lines.last() {
            let words: Vec<&str> = last.split_whitespace().collect();
            let name_like = words.len() <= 2
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
                });
            if name_like
                && !YES.is_match(&last.to_lowercase())
                && !NO.is_match(&last.to_lowercase())
            {
                lines.pop();
            }
        }
    }
    lines
}

/// Where a quoted message starts when it is not marked with `>`: an attribution or header block.
static QUOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    compile(&[
        r"^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|mensagem original)",
        r"^(?:from|von|de|van|da)\s?:\s",
        r"^(?:on|am|le|el|op|em)\s.{4,200}(?:wrote|schrieb|a écrit|escribió|schreef|escreveu)\s?:?$",
    ])
});

/// The message a reply quotes first (the one it answers), without `>` marks: the `>` lines of
/// the first level, or after an unmarked header block, the text up to the next one.
pub fn first_quoted(full_text: &str) -> String {
    quoted_level(full_text, false)
}

/// The history below the first quoted message (deeper `>` levels, or after the second
/// unmarked header block): where the buyer's original message usually is.
pub fn deeper_quoted(full_text: &str) -> String {
    quoted_level(full_text, true)
}

fn quoted_level(full_text: &str, deeper: bool) -> String {
    let depth = |l: &str| {
        l.chars()
            .take_while(|c| *c == '>' || *c == ' ')
            .filter(|c| *c == '>')
            .count()
    };
    let lines: Vec<&str> = full_text.lines().collect();
    if lines.iter().any(|l| depth(l) > 0) {
        // Borrowed pieces of the lines, copied once by the join.
        let out: Vec<&str> = if deeper {
            lines
                .iter()
                .filter(|l| depth(l) >= 2)
                .map(|l| strip_quote_marks(l, depth(l)))
                .collect()
        } else {
            lines
                .iter()
                .skip_while(|l| depth(l) == 0)
                .take_while(|l| depth(l) <= 1)
                .filter(|l| depth(l) == 1)
                .map(|l| strip_quote_marks(l, 1))
                .collect()
        };
        return out.join("\n");
    }
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| QUOTE_START.is_match(l.trim()))
        .map(|(i, _)| i)
        .collect();
    // A header block is several lines (From:, Sent:, To:, Subject:): one quoted message
    // starts where a run of such lines starts.
    let blocks: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|i| *i == 0 || !starts.contains(&(i - 1)))
        .collect();
    let pick = if deeper {
        blocks.get(1)
    } else {
        blocks.first()
    };
    let Some(&start) = pick else {
        return String::new();
    };
    let end = if deeper {
        lines.len()
    } else {
        blocks.get(1).copied().unwrap_or(lines.len())
    };
    lines[start..end]
        .iter()
        .skip_while(|l| QUOTE_START.is_match(l.trim()) || header_line(l))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// `l` without its first `n` quote marks and the space after them.
fn strip_quote_marks(l: &str, n: usize) -> &str {
    let mut rest = l;
    for _ in 0..n {
        rest = rest.trim_start().strip_prefix('>').unwrap_or(rest);
    }
    rest.strip_prefix(' ').unwrap_or(rest)
}

/// `Sent: …`, `To: …`, `Subject: …` and their translations, inside a header block.
fn header_line(l: &str) -> bool {
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        compile(&[
            r"^(?:sent|to|cc|subject|date|gesendet|an|betreff|datum|envoyé|à|objet|enviado|para|asunto|verzonden|aan|onderwerp|assunto|data)\s?:",
        ])
    });
    HEADER.is_match(l.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalized text made of words from the permission patterns, fillers, non-ASCII words and
    /// punctuation, with long runs of filler between them so windows split and merge.
    fn permission_texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let words = prop_oneof![
            Just("may i ask you a question".to_string()),
            Just("mind if i ask a few questions".to_string()),
            Just("permission to ask".to_string()),
            Just("darf ich ihnen eine kurze frage".to_string()),
            Just("puis-je vous poser une question".to_string()),
            Just("kan ik u één vraag".to_string()),
            Just("posso fazer uma pergunta".to_string()),
            Just("¿le importaría que le hiciera una pregunta?".to_string()),
            Just("question".to_string()),
            Just("questions.".to_string()),
            Just("ask".to_string()),
            Just("i".to_string()),
            Just("may".to_string()),
            Just("you".to_string()),
            Just("über".to_string()),
            Just("ſo kelvin".to_string()),
            Just("x.".to_string()),
            Just("?".to_string()),
            "[a-zé]{1,9}",
        ];
        let filler = (0usize..120).prop_map(|n| vec!["lorem"; n].join(" "));
        proptest::collection::vec(prop_oneof![words, filler], 0..40).prop_map(|parts| {
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]
        /// The windowed search finds exactly the match a search of the whole text finds.
        #[test]
        fn windowed_permission_search_equals_the_full_search(text in permission_texts()) {
            let full = PERMISSION.find(&text).map(|m| (m.start(), m.end()));
            proptest::prop_assert_eq!(permission_match(&text), full);
        }
    }

    /// Mail-like text: quote marks at any depth, attribution lines, CRLF and lone CR, curly and
    /// back-tick apostrophes, capitals that lower-case to more bytes, a final sigma, keywords.
    fn quoted_mail() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("> ".to_string()),
            Just(">> ".to_string()),
            Just(" > >".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\t".to_string()),
            Just("\u{a0}".to_string()),
            Just("On Mon, Alex wrote:\n".to_string()),
            Just("From: Alex\nSent: Monday\n".to_string()),
            Just("Mind if I ask you one QUESTION?".to_string()),
            Just("ques".to_string()),
            Just("tion Frage PREGUNTA vraag".to_string()),
            Just("Don\u{2019}t `mind\u{2018}".to_string()),
            Just("ΟΔΟΣ İstanbul ſ K".to_string()),
            "[a-zA-Zé' ]{1,12}",
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]
        /// The one-copy normalisation gives what replace, split, join and lower-case gave.
        #[test]
        fn normalize_equals_the_four_pass_version(text in quoted_mail()) {
            let old = text
                .replace(['\u{2019}', '\u{2018}', '`'], "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            proptest::prop_assert_eq!(normalize(&text), old);
        }

        /// Whenever a quoted level could ask permission, the whole text passes the pre-check.
        #[test]
        fn the_permission_pre_check_never_hides_a_quoted_keyword(text in quoted_mail()) {
            if !may_quote_permission(&text) {
                proptest::prop_assert!(!PERMISSION_WORDS.is_match(&first_quoted(&text)));
                proptest::prop_assert!(!PERMISSION_WORDS.is_match(&deeper_quoted(&text)));
            }
        }
    }

    #[test]
    fn a_permission_question_far_down_a_long_history_is_found() {
        let filler = "lorem ipsum dolor über sit amet, ".repeat(400);
        let text = format!("{filler}questions {filler} may i ask you one more question? {filler}");
        let text = normalize(&text);
        let full = PERMISSION.find(&text).map(|m| (m.start(), m.end()));
        assert!(full.is_some());
        assert_eq!(permission_match(&text), full);
        assert!(asks_permission(&text));
    }

    #[test]
    fn short_yeses_in_every_language() {
        for text in [
            "Sure, go ahead.",
            "Hi Alex,\n\nsure, ask away!\n\nCheers,\nClaire",
            "Of course.",
            "Not at all, go ahead.",
            "No problem, what's your question?",
            "Klar, fragen Sie.",
            "Gerne.",
            "Bien sûr.",
            "Allez-y !",
            "Claro.",
            "Adelante, dime.",
            "Natuurlijk.",
            "Ga je gang!",
            "Com certeza.",
            "Pode perguntar.",
        ] {
            assert_eq!(read(text), Answer::Yes, "{text}");
        }
    }

    #[test]
    fn noes_in_every_language() {
        for text in [
            "No, thanks.",
            "I'd rather not, sorry.",
            "Nein, danke.",
            "Lieber nicht.",
            "Non merci.",
            "No, gracias.",
            "Liever niet.",
            "Não, obrigado.",
        ] {
            assert_eq!(read(text), Answer::No, "{text}");
        }
    }

    #[test]
    fn an_answer_with_the_reason_explains() {
        for text in [
            "Sure. Honestly it came down to price: the other quote was 30% lower and our budget \
             was cut in March.",
            "Klar. Ehrlich gesagt lag es am Preis, das Budget wurde gekürzt.",
            "We went with another vendor because they already run our payroll.",
        ] {
            assert_eq!(read(text), Answer::Explains, "{text}");
        }
    }

    #[test]
    fn permission_questions_are_found_and_clarity_questions_are_not() {
        for text in [
            "Would you mind if I asked you one question?",
            "Mind if I ask you one quick question?",
            "Darf ich Ihnen eine einzige Frage stellen?",
            "Darf ich dir eine Frage stellen?",
            "Me permettez-vous de vous poser une seule question ?",
            "Je peux te poser une question ?",
            "¿Le importaría que le hiciera una sola pregunta?",
            "¿Te puedo hacer una pregunta?",
            "Zou u het erg vinden als ik u één vraag stel?",
            "Mag ik je één vraag stellen?",
            "Permite que lhe faça uma única pergunta?",
            "Posso fazer só uma pergunta?",
        ] {
            assert!(asks_permission(text), "{text}");
        }
        for text in [
            "May I ask what tipped the decision in the end?",
            "If price hadn't been a factor at all, would it have been a yes?",
            "Any questions, let me know.",
        ] {
            assert!(!asks_permission(text), "{text}");
        }
    }

    #[test]
    fn permission_alone_is_step_one_and_with_the_question_the_one_step_email() {
        use crate::classify::Step;
        let one =
            "Thanks for letting me know.\n\nMind if I ask you one quick question?\n\nBest,\nAlex";
        assert_eq!(asked(one), Some(Step::Permission));
        let es = "Gracias.\n\n¿Le importaría que le hiciera una sola pregunta?\n\nUn saludo";
        assert_eq!(asked(es), Some(Step::Permission));
        let both = "Mind if I ask you one quick question?\n\nIf price hadn't been part of the \
                    picture, would it have been a yes?\n\nBest,\nAlex";
        assert_eq!(asked(both), Some(Step::Question));
        assert_eq!(asked("What tipped the decision?"), None);
    }

    #[test]
    fn quote_levels_split_the_answered_message_from_the_history() {
        let full = "Sure, go ahead.\n\nOn Tue, Alex wrote:\n> Thanks for letting me know.\n> Mind \
                    if I ask you one quick question?\n>\n> On Mon, Claire wrote:\n>> We went \
                    with another vendor.\n";
        let first = first_quoted(full);
        assert!(asks_permission(&first), "{first}");
        assert!(!first.contains("another vendor"), "{first}");
        assert_eq!(deeper_quoted(full).trim(), "We went with another vendor.");
        let outlook = "Klar.\n\nVon: Alex\nGesendet: Montag\nBetreff: AW: Angebot\n\nDarf ich \
                       Ihnen eine einzige Frage stellen?\n\nVon: Claire\nGesendet: Sonntag\n\nWir \
                       haben uns für einen anderen Anbieter entschieden.\n";
        let first = first_quoted(outlook);
        assert!(asks_permission(&first), "{first}");
        assert!(!first.contains("Anbieter"), "{first}");
        assert!(deeper_quoted(outlook).contains("Anbieter"));
    }
}
