//! The buyer's register (formal or informal) and the name they sign with, read from what they
//! wrote: greeting, sign-off and pronouns, so the reply can answer in kind.

use serde::Serialize;

/// How the buyer addresses the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    /// Title and surname, Sie/vous/usted/u/o senhor.
    Formal,
    /// First names, du/tu/tú/je/você.
    Informal,
}

impl Register {
    /// `formal` or `informal`, as in the template context.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Formal => "formal",
            Register::Informal => "informal",
        }
    }

    /// Parse `formal` / `informal`.
    pub fn parse(s: &str) -> Option<Register> {
        match s {
            "formal" => Some(Register::Formal),
            "informal" => Some(Register::Informal),
            _ => None,
        }
    }
}

/// The register to assume without cues: English mail is on first names, the others use the polite form.
fn default_for(lang: &str) -> Register {
    if base(lang) == "en" {
        Register::Informal
    } else {
        Register::Formal
    }
}

fn base(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// Weights: a pronoun settles the question; greeting and sign-off lean.
const PRONOUN: i32 = 3;
const GREETING: i32 = 2;
const SIGN_OFF: i32 = 1;

/// The buyer's register in `text` (their message without quoted history), written in `lang`.
pub fn detect(text: &str, lang: &str) -> Register {
    let lang = base(lang);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut score = 0; // > 0 informal, < 0 formal
    if let Some(first) = lines.first() {
        score += GREETING * greeting_lean(&first.to_lowercase(), lang);
    }
    for line in &lines {
        score += SIGN_OFF * sign_off_lean(&line.to_lowercase(), lang);
    }
    score += PRONOUN * pronoun_lean(text, lang);
    match score.cmp(&0) {
        std::cmp::Ordering::Greater => Register::Informal,
        std::cmp::Ordering::Less => Register::Formal,
        std::cmp::Ordering::Equal => default_for(lang),
    }
}

/// +1 informal greeting, -1 formal greeting, 0 neutral or none.
fn greeting_lean(line: &str, lang: &str) -> i32 {
    let words: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first().copied().unwrap_or_default();
    let titled = words.iter().skip(1).any(|w| TITLES.contains(w));
    let formal_opening = match lang {
        "en" => {
            line.starts_with("to whom")
                || (first == "dear" && (titled || words.get(1).is_some_and(|w| *w == "sir")))
        }
        "de" => line.starts_with("sehr geehrte") || titled,
        "fr" => {
            line.starts_with("madame") || line.starts_with("monsieur") || line.contains(" monsieur")
        }
        "es" => {
            ["estimad", "apreciad", "distinguid", "muy señor"]
                .iter()
                .any(|p| line.starts_with(p))
                || titled
        }
        "nl" => first == "geachte" || titled,
        "pt" => {
            ["prezad", "exm", "estimad", "caro senhor", "cara senhora"]
                .iter()
                .any(|p| line.starts_with(p))
                || titled
        }
        _ => titled,
    };
    if formal_opening {
        return -1;
    }
    let informal_words: &[&str] = match lang {
        "en" => &["hi", "hey", "hiya", "hello", "dear"],
        "de" => &[
            "hallo", "hi", "hey", "moin", "servus", "liebe", "lieber", "hej",
        ],
        "fr" => &["salut", "coucou", "hello", "hey"],
        "es" => &["hola", "buenas", "hey", "querido", "querida"],
        "nl" => &["hoi", "hey", "hallo", "hi", "hee", "dag"],
        "pt" => &["oi", "olá", "ola", "e aí", "querido", "querida", "boas"],
        _ => &[],
    };
    // A greeting word with a name after it ("Hi Alex") is on first names.
    if informal_words.contains(&first) && (words.len() >= 2 || lang != "en") {
        return 1;
    }
    0
}

/// Titles that make a greeting formal (lower case, with and without the dot).
const TITLES: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "herr", "frau",
    "sr", "sr.", "sra", "sra.", "señor", "señora", "don", "doña", "heer", "mevrouw", "mevr.",
    "dhr.", "senhor", "senhora", "sr.ª", "dra", "dra.",
];

/// +1 informal sign-off, -1 formal, 0 neutral.
fn sign_off_lean(line: &str, lang: &str) -> i32 {
    let line = line.trim_end_matches([',', '.', '!', ' ']);
    let (informal, formal): (&[&str], &[&str]) = match lang {
        "en" => (
            &[
                "cheers",
                "thanks",
                "best",
                "all the best",
                "take care",
                "talk soon",
                "speak soon",
                "thx",
                "ta",
            ],
            &[
                "yours sincerely",
                "yours faithfully",
                "sincerely",
                "respectfully",
                "yours truly",
                "sincerely yours",
            ],
        ),
        "de" => (
            &[
                "lg",
                "liebe grüße",
                "liebe grüsse",
                "viele grüße",
                "viele grüsse",
                "gruß",
                "grüße",
                "bis bald",
                "ciao",
                "cheers",
                "vg",
                "beste grüße",
            ],
            &[
                "mit freundlichen grüßen",
                "mit freundlichen grüssen",
                "mfg",
                "freundliche grüße",
                "freundliche grüsse",
                "hochachtungsvoll",
                "mit besten grüßen",
            ],
        ),
        "fr" => (
            &[
                "bises",
                "bisous",
                "à+",
                "a+",
                "à plus",
                "amicalement",
                "à bientôt",
                "a bientot",
                "ciao",
                "biz",
                "bonne journée !",
            ],
            &[
                "cordialement",
                "bien cordialement",
                "salutations distinguées",
                "sincères salutations",
                "respectueusement",
                "bien à vous",
                "très cordialement",
            ],
        ),
        "es" => (
            &[
                "un abrazo",
                "abrazos",
                "besos",
                "un beso",
                "abz",
                "nos vemos",
                "hasta pronto",
                "chao",
                "saludos!",
            ],
            &[
                "atentamente",
                "reciba un cordial saludo",
                "cordialmente",
                "un cordial saludo",
                "le saluda atentamente",
                "sin otro particular",
            ],
        ),
        "nl" => (
            &[
                "groetjes", "groet", "gr", "liefs", "doei", "tot snel", "ciao", "cheers", "grtz",
            ],
            &[
                "hoogachtend",
                "met vriendelijke groet",
                "met vriendelijke groeten",
                "met hoogachting",
            ],
        ),
        "pt" => (
            &[
                "abraço",
                "abraços",
                "um abraço",
                "beijos",
                "bjs",
                "abs",
                "beijinhos",
                "até já",
                "até logo",
            ],
            &[
                "atenciosamente",
                "com os melhores cumprimentos",
                "respeitosamente",
                "cordialmente",
                "com os meus cumprimentos",
                "melhores cumprimentos",
            ],
        ),
        _ => (&[], &[]),
    };
    if formal.contains(&line) {
        -1
    } else if informal.contains(&line) {
        1
    } else {
        0
    }
}

/// Informal pronouns minus formal ones, each kind counted once.
fn pronoun_lean(text: &str, lang: &str) -> i32 {
    // Words with their case kept (German "Sie" vs "sie") and whether they start a sentence.
    let mut words = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let w: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_string();
        if !w.is_empty() {
            words.push((w, sentence_start));
        }
        sentence_start = raw.ends_with(['.', '!', '?', ':']) || raw.ends_with(",\n");
    }
    let lower: Vec<String> = words.iter().map(|(w, _)| w.to_lowercase()).collect();
    let has = |set: &[&str]| lower.iter().any(|w| set.contains(&w.as_str()));
    let (informal, formal) = match lang {
        "en" => (false, false),
        "de" => (
            has(&[
                "du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "deines",
                "euch", "euer", "eure", "euren", "eurem", "eurer",
            ]),
            // Capitalised mid-sentence Sie/Ihr-forms; "Ihnen" is polite anywhere.
            words.iter().any(|(w, start)| {
                w == "Ihnen"
                    || (!start
                        && ["Sie", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"]
                            .contains(&w.as_str()))
            }),
        ),
        "fr" => (
            has(&["tu", "toi", "te", "ton", "ta", "tes", "tien", "tienne"])
                || lower
                    .iter()
                    .any(|w| w.starts_with("t'") || w.starts_with("t’")),
            has(&["vous", "votre", "vos", "vôtre"]),
        ),
        "es" => (
            has(&[
                "tú",
                "contigo",
                "tu",
                "tus",
                "ti",
                "tuyo",
                "tuya",
                "puedes",
                "tienes",
                "quieres",
                "sabes",
                "estás",
                "eres",
                "enviaste",
                "mandaste",
                "hiciste",
                "comentaste",
                "escribiste",
                "te",
                "vosotros",
                "os",
            ]),
            has(&["usted", "ustedes"])
                || text.to_lowercase().contains("le agradezco")
                || text.to_lowercase().contains("le agradecemos")
                || [
                    "su propuesta",
                    "su oferta",
                    "su tiempo",
                    "su interés",
                    "le escribo",
                    "le comento",
                    "le confirmo",
                    "le informo",
                    "le comunico",
                    "su amable",
                ]
                .iter()
                .any(|p| text.to_lowercase().contains(p)),
        ),
        "nl" => (
            has(&["je", "jij", "jou", "jouw", "jullie", "je'"]),
            has(&["u", "uw"]),
        ),
        "pt" => (
            has(&[
                "tu", "te", "teu", "tua", "teus", "tuas", "contigo", "você", "vocês", "voce",
            ]),
            {
                let t = text.to_lowercase();
                [
                    "o senhor",
                    "a senhora",
                    "v. exa",
                    "vossa excelência",
                    "lhe ",
                    "v.exa",
                    "vossa senhoria",
                    "os senhores",
                ]
                .iter()
                .any(|p| t.contains(p))
            },
        ),
        _ => (false, false),
    };
    i32::from(informal) - i32::from(formal)
}

/// Closing words after which the next line is the buyer's name.
fn is_sign_off(line: &str) -> bool {
    let l = line
        .trim()
        .trim_end_matches([',', '.', '!', ' '])
        .to_lowercase();
    ["en", "de", "fr", "es", "nl", "pt"]
        .iter()
        .any(|lang| sign_off_lean(&l, lang) != 0)
        || NEUTRAL_SIGN_OFFS.contains(&l.as_str())
}

/// Sign-offs that lean neither way but still come right before a name.
const NEUTRAL_SIGN_OFFS: &[&str] = &[
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "many thanks",
    "thank you",
    "best wishes",
    "with thanks",
    "thanks again",
    "grüße",
    "danke",
    "vielen dank",
    "merci",
    "bonne journée",
    "bonne soirée",
    "salutations",
    "un saludo",
    "saludos",
    "gracias",
    "muchas gracias",
    "met groet",
    "bedankt",
    "dank je",
    "dank u",
    "obrigado",
    "obrigada",
    "cumprimentos",
    "saudações",
    "best",
    "warmly",
    "merci beaucoup",
    "muito obrigado",
    "muito obrigada",
    "hartelijke groet",
    "vriendelijke groet",
    "groeten",
    "saludos cordiales",
    "freundliche grüße",
];

/// The name the buyer signs with: the line after their sign-off, or a last line that repeats
/// part of their display name. `None` when there is no such line.
pub fn signed_name(text: &str, display_name: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let after_sign_off = lines
        .windows(2)
        .rev()
        .find(|w| is_sign_off(w[0]) && looks_like_name(w[1]))
        .map(|w| w[1]);
    if let Some(name) = after_sign_off {
        return Some(name.to_string());
    }
    // "Thanks, Claire" or "... Take care, Dan" at the end of the last line.
    if let Some(name) = lines.last().and_then(|l| inline_sign_off_name(l)) {
        return Some(name);
    }
    let display: Vec<String> = display_name
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let last = lines.last()?;
    let mentions_display = last
        .split_whitespace()
        .any(|w| display.contains(&w.to_lowercase()));
    (lines.len() > 1 && looks_like_name(last) && mentions_display).then(|| last.to_string())
}

/// The name after a sign-off at the end of `line`: "Bises, Chloé" gives "Chloé".
fn inline_sign_off_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for name_len in 1..=2usize {
        let Some(split) = words.len().checked_sub(name_len) else {
            continue;
        };
        let name = words[split..].join(" ");
        if !looks_like_name(&name) {
            continue;
        }
        for sign_len in 1..=4usize.min(split) {
            let sign = words[split - sign_len..split].join(" ");
            let sign = sign.trim_start_matches(|c: char| !c.is_alphanumeric());
            if is_sign_off(sign) {
                return Some(name);
            }
        }
    }
    None
}

/// Words of a department's or a company's sign-off that the address-name rules do not list.
const ORGANISATION_WORDS: &[&str] = &[
    "direction",
    "direção",
    "direcção",
    "dirección",
    "departamento",
    "afdeling",
    "stadtwerke",
    "abteilung",
    "geschäftsleitung",
    "directie",
    "service",
];

/// One to four capitalised words of letters: "Claire", "Anne-Marie de Vries", not "Thanks!".
fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && line.chars().count() <= 40
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
        && words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        // Initials ("J. Baxter") make a poor greeting; the address's name does better.
        && !words.iter().any(|w| w.trim_end_matches('.').chars().count() == 1)
        && !is_sign_off(line)
        && !crate::message::names::is_organisation(line)
        && !words
            .iter()
            .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The name to greet the buyer with: informal, the first name they sign with (else the first
/// name from their address); formal, the name as they sign it (else their full name).
pub fn greeting_name(
    register: Register,
    signed: Option<&str>,
    first_name: &str,
    full_name: &str,
) -> String {
    match (register, signed) {
        (Register::Informal, Some(s)) => s.split_whitespace().next().unwrap_or(s).to_string(),
        (Register::Formal, Some(s)) => s.to_string(),
        (Register::Informal, None) => first_name.to_string(),
        (Register::Formal, None) => full_name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_first_names_are_informal_titles_are_formal() {
        assert_eq!(
            detect("Hi Alex,\n\nnot for us.\n\nCheers,\nClaire", "en"),
            Register::Informal
        );
        assert_eq!(
            detect(
                "Dear Mr Seller,\n\nwe will not proceed.\n\nYours sincerely,\nJ. Smith",
                "en"
            ),
            Register::Formal
        );
        assert_eq!(detect("No thanks.", "en"), Register::Informal);
    }

    #[test]
    fn pronouns_outweigh_greeting_and_sign_off() {
        // "Hallo Lena" leans informal, but "Sie" settles it.
        assert_eq!(
            detect(
                "Hallo Lena,\n\nwir danken Ihnen für das Angebot.\n\nViele Grüße\nMarkus",
                "de"
            ),
            Register::Formal
        );
        assert_eq!(
            detect("Hallo Lena,\n\ndanke dir für das Angebot, aber wir lassen es.\n\nViele Grüße\nMarkus", "de"),
            Register::Informal
        );
        // A sentence-initial "Sie" may be "they": no evidence either way, so the polite default.
        assert_eq!(detect("Sie haben abgelehnt.", "de"), Register::Formal);
        assert_eq!(
            detect("Merci pour ton offre, mais c'est non.", "fr"),
            Register::Informal
        );
        assert_eq!(detect("Merci pour votre offre.", "fr"), Register::Formal);
        assert_eq!(
            detect("Bedankt voor je voorstel.", "nl"),
            Register::Informal
        );
        assert_eq!(detect("Bedankt voor uw voorstel.", "nl"), Register::Formal);
        assert_eq!(
            detect("Obrigado, mas você vai entender.", "pt"),
            Register::Informal
        );
        assert_eq!(
            detect("Agradeço ao senhor a proposta.", "pt"),
            Register::Formal
        );
        assert_eq!(
            detect("Gracias por tu propuesta.", "es"),
            Register::Informal
        );
        assert_eq!(detect("Le agradezco su propuesta.", "es"), Register::Formal);
    }

    #[test]
    fn signed_name_is_the_line_after_the_sign_off() {
        assert_eq!(
            signed_name("Hi Alex,\n\nno.\n\nCheers,\nClaire\n", "Claire Dubois").as_deref(),
            Some("Claire")
        );
        assert_eq!(
            signed_name(
                "Nein danke.\n\nMit freundlichen Grüßen\nMarkus Lehmann\nEinkauf",
                ""
            )
            .as_deref(),
            Some("Markus Lehmann")
        );
        assert_eq!(signed_name("Thanks, Pat", "").as_deref(), Some("Pat"));
        assert_eq!(
            signed_name("We pass.\n\nClaire", "Dubois, Claire").as_deref(),
            Some("Claire")
        );
        assert_eq!(signed_name("We pass.\n\nThanks!", "Claire Dubois"), None);
        assert_eq!(signed_name("", ""), None);
    }

    #[test]
    fn greeting_name_follows_register_and_signature() {
        use Register::*;
        assert_eq!(
            greeting_name(Informal, Some("Claire Dubois"), "Claire", "Claire Dubois"),
            "Claire"
        );
        assert_eq!(
            greeting_name(Formal, Some("Claire Dubois"), "Claire", "Claire Dubois"),
            "Claire Dubois"
        );
        assert_eq!(greeting_name(Informal, None, "Jane", "Jane Doe"), "Jane");
        assert_eq!(greeting_name(Formal, None, "", ""), "");
        assert_eq!(Register::parse(Formal.as_str()), Some(Formal));
    }
}
