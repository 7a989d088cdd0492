//! People and companies from addresses: "Doe, Jane" -> Jane, jane.doe@acme.example -> Acme.
//! Free-mail domains (gmail.com, gmx.de, ...) never become a company name.

use super::Address;

/// Honorifics and titles dropped from the front of a name (compared without a trailing dot).
const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "herr",
    "frau",
    "m",
    "mme",
    "mlle",
    "sr",
    "sra",
    "srta",
    "dhr",
    "mevr",
    "ing",
    "dipl.-ing",
    "mag",
    "sir",
    "dame",
    "dott",
    "dottssa",
    "sig",
    "sig.ra",
];

/// Degrees and suffixes dropped from the end of a name.
const SUFFIXES: &[&str] = &[
    "phd", "ph.d", "mba", "jr", "sr", "ii", "iii", "iv", "md", "cpa", "esq", "msc", "bsc", "dds",
    "pmp", "cfa",
];

/// Lower-case surname particles that stay lower case inside a name ("Jan van der Berg").
const PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "von", "da", "di", "du", "del", "della", "dos", "das", "ten", "ter",
    "zu", "le", "la", "y",
];

/// Words that mark a mailbox as a role or a team rather than a person (local parts and names).
const ROLE_WORDS: &[&str] = &[
    "info",
    "information",
    "sales",
    "contact",
    "contacts",
    "procurement",
    "purchasing",
    "purchase",
    "buying",
    "buyer",
    "buyers",
    "support",
    "admin",
    "administration",
    "office",
    "hello",
    "hi",
    "team",
    "billing",
    "accounts",
    "account",
    "accounting",
    "finance",
    "hr",
    "jobs",
    "careers",
    "marketing",
    "press",
    "media",
    "help",
    "helpdesk",
    "service",
    "services",
    "customerservice",
    "customercare",
    "care",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "mail",
    "email",
    "enquiries",
    "enquiry",
    "inquiries",
    "inquiry",
    "orders",
    "order",
    "bookings",
    "booking",
    "reception",
    "legal",
    "compliance",
    "it",
    "security",
    "webmaster",
    "postmaster",
    "hostmaster",
    "mailer-daemon",
    "abuse",
    "ops",
    "operations",
    "management",
    "board",
    "ceo",
    "cfo",
    "cto",
    "invoice",
    "invoices",
    "payables",
    "dept",
    "department",
    "group",
    "desk",
    "einkauf",
    "vertrieb",
    "kontakt",
    "verkauf",
    "kundenservice",
    "buchhaltung",
    "rechnung",
    "rechnungen",
    "achats",
    "achat",
    "ventes",
    "compras",
    "ventas",
    "contacto",
    "inkoop",
    "verkoop",
    "klantenservice",
    "administratie",
    "compras",
    "vendas",
    "contato",
    "atendimento",
    "newsletter",
    "news",
    "notifications",
    "notification",
    "alerts",
    "bounce",
    "bounces",
    "general",
    "partners",
    "partnerships",
    "vendor",
    "vendors",
    "supplier",
    "suppliers",
    "tenders",
    "rfp",
    "bids",
];

/// Legal-form words: a display name with one of these is a company, not a person.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "llp",
    "plc",
    "corp",
    "corp.",
    "corporation",
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "bv",
    "b.v.",
    "nv",
    "n.v.",
    "sa",
    "s.a.",
    "sas",
    "sarl",
    "srl",
    "s.r.l.",
    "spa",
    "s.p.a.",
    "ab",
    "as",
    "a/s",
    "oy",
    "pty",
    "co.",
    "company",
    "limited",
    "lda",
    "ltda",
    "sl",
    "s.l.",
];

/// Free-mail providers matched on the whole registrable domain.
const FREE_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "msn.com",
    "ymail.com",
    "rocketmail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "pm.me",
    "web.de",
    "t-online.de",
    "freenet.de",
    "arcor.de",
    "online.de",
    "posteo.de",
    "mailbox.org",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "sfr.fr",
    "neuf.fr",
    "club-internet.fr",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "ziggo.nl",
    "kpnmail.nl",
    "kpnplanet.nl",
    "hetnet.nl",
    "planet.nl",
    "home.nl",
    "casema.nl",
    "chello.nl",
    "xs4all.nl",
    "telenet.be",
    "skynet.be",
    "terra.com.br",
    "uol.com.br",
    "bol.com.br",
    "ig.com.br",
    "sapo.pt",
    "telefonica.net",
    "movistar.es",
    "zoho.com",
    "zohomail.com",
    "mail.com",
    "email.com",
    "usa.com",
    "hey.com",
    "tuta.io",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "bellsouth.net",
    "cox.net",
    "charter.net",
    "earthlink.net",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "talktalk.net",
    "bluewin.ch",
    "gmx.ch",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "onet.pl",
    "interia.pl",
    "mail.ru",
    "bk.ru",
    "inbox.ru",
    "list.ru",
    "rambler.ru",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "naver.com",
    "daum.net",
    "rediffmail.com",
    "shaw.ca",
    "rogers.com",
    "sympatico.ca",
    "bigpond.com",
    "optusnet.com.au",
    "xtra.co.nz",
];

/// Free-mail brands matched on the registrable label under any suffix (yahoo.co.uk, gmx.at, ...).
const FREE_MAIL_LABELS: &[&str] = &[
    "gmail",
    "googlemail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "windowslive",
    "yahoo",
    "ymail",
    "aol",
    "protonmail",
    "proton",
    "gmx",
    "yandex",
    "fastmail",
    "tutanota",
    "tutamail",
    "posteo",
    "icloud",
    "zoho",
];

/// Two-level public suffixes under which the registrable label sits one level deeper.
const SECOND_LEVEL_SUFFIXES: &[&str] = &[
    "co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "me", "or", "ne", "gv", "gob",
    "gouv", "nom", "asn", "id",
];

/// The person's full name in natural order ("Doe, Jane" -> "Jane Doe"), if one can be found.
pub fn full_name(addr: &Address) -> Option<String> {
    let cleaned = clean_display(addr.name.as_deref()?);
    let (person, _company) = split_company(&cleaned);
    let person = reorder_comma_name(person.trim())?;
    let words = strip_titles_and_suffixes(&person);
    if words.is_empty() || looks_like_organisation(&words) {
        return None;
    }
    if !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return None;
    }
    Some(fix_case(&words).join(" "))
}

/// The first name for a greeting, from the display name or the local part; None when unsure.
pub fn first_name(addr: &Address) -> Option<String> {
    if addr
        .name
        .as_deref()
        .is_some_and(|n| !clean_display(n).is_empty())
    {
        // A display name exists: trust it or nothing, the local part may belong to someone else.
        return first_from_display(addr);
    }
    first_from_local_part(&addr.email)
}

/// The company, from the display name or the domain; None for free-mail domains.
pub fn company(addr: &Address) -> Option<String> {
    if let Some(name) = addr.name.as_deref() {
        let cleaned = clean_display(name);
        let (_, company) = split_company(&cleaned);
        if let Some(c) = company.and_then(acceptable_company) {
            return Some(c);
        }
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.len() >= 2 && words.iter().any(|w| is_legal_form(w)) {
            return Some(cleaned.trim_end_matches(',').to_string());
        }
    }
    company_from_domain(&addr.email)
}

/// True when `domain` (or the domain of an address) belongs to a free-mail provider.
pub fn is_free_mail(domain_or_email: &str) -> bool {
    let domain = domain_or_email
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('.')
        .to_lowercase();
    let Some((label, registrable)) = registrable(&domain) else {
        return false;
    };
    FREE_MAIL_DOMAINS.contains(&registrable.as_str()) || FREE_MAIL_LABELS.contains(&label.as_str())
}

/// Drop control characters, surrounding quotes and repeated spaces from a display name.
fn clean_display(name: &str) -> String {
    let no_ctrl: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let collapsed = no_ctrl.split_whitespace().collect::<Vec<_>>().join(" ");
    let quotes: &[char] = &['"', '\'', '`', '“', '”', '„', '‘', '’', '«', '»'];
    collapsed
        .trim_matches(|c: char| quotes.contains(&c) || c.is_whitespace())
        .to_string()
}

/// Split "Jane Doe (Acme)" / "Jane Doe | Acme" / "Jane Doe - Acme" into person and company part.
fn split_company(name: &str) -> (&str, Option<&str>) {
    if let Some(open) = name.rfind('(') {
        if name.ends_with(')') && open > 0 {
            let inner = &name[open + 1..name.len() - 1];
            return (name[..open].trim(), Some(inner.trim()));
        }
    }
    for sep in [" | ", " - ", " – ", " — ", " @ ", " / ", " via "] {
        if let Some(pos) = name.find(sep) {
            let company = name[pos + sep.len()..].trim();
            // "via" names the forwarding service (Google Groups, LinkedIn), not an employer.
            let company = (sep != " via ").then_some(company);
            return (name[..pos].trim(), company);
        }
    }
    (name, None)
}

/// A company part of a display name, unless it is a pronoun, an address or a role.
fn acceptable_company(part: &str) -> Option<String> {
    let part = part.trim().trim_matches(|c: char| c == '"' || c == '\'');
    if part.is_empty() || part.len() > 60 || part.contains('@') || part.contains("://") {
        return None;
    }
    if !part.chars().any(char::is_alphabetic) {
        return None;
    }
    let lower = part.to_lowercase();
    // Pronouns: "Jane Doe (she/her)".
    let pronouns = [
        "she", "her", "he", "him", "they", "them", "hers", "his", "theirs",
    ];
    if lower
        .split(['/', ' ', ','])
        .filter(|w| !w.is_empty())
        .all(|w| pronouns.contains(&w))
    {
        return None;
    }
    if lower
        .split_whitespace()
        .all(|w| ROLE_WORDS.contains(&w) || SUFFIXES.contains(&w.trim_end_matches('.')))
    {
        return None;
    }
    Some(part.to_string())
}

/// "Doe, Jane" -> "Jane Doe"; "Jane Doe, PhD" -> "Jane Doe"; anything else unchanged.
fn reorder_comma_name(name: &str) -> Option<String> {
    let Some((before, after)) = name.split_once(',') else {
        return Some(name.to_string());
    };
    let before = before.trim();
    let after = after.trim().trim_matches(',').trim();
    if after.is_empty() {
        return Some(before.to_string());
    }
    if after
        .split_whitespace()
        .all(|w| SUFFIXES.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
    {
        return Some(before.to_string());
    }
    if after.contains(',') {
        // Several commas: a list or something else we do not understand.
        return None;
    }
    let surname_words: Vec<&str> = before.split_whitespace().collect();
    let core = surname_words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .count();
    let given_words = after.split_whitespace().count();
    if core == 1 && (1..=3).contains(&given_words) {
        return Some(format!("{after} {before}"));
    }
    // "Jane Doe, Acme Corp": the part before the comma is already a full name.
    Some(before.to_string())
}

/// The words of a name without leading titles ("Prof. Dr.") and trailing degrees ("PhD").
fn strip_titles_and_suffixes(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    while words.len() > 1 && is_title(&words[0]) {
        words.remove(0);
    }
    while words.len() > 1 && {
        let last = words[words.len() - 1].to_lowercase();
        SUFFIXES.contains(&last.trim_end_matches('.').trim_end_matches(','))
    } {
        words.pop();
    }
    words
}

fn is_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    let bare = lower.trim_end_matches('.');
    TITLES.contains(&bare)
}

fn is_legal_form(word: &str) -> bool {
    let lower = word.to_lowercase();
    let lower = lower.trim_matches(|c: char| c == ',' || c == '(' || c == ')');
    LEGAL_FORMS.contains(&lower)
}

/// True when `name` names a team, a role or a company rather than a person ("Procurement Team").
pub fn is_organisation(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    looks_like_organisation(&words)
}

/// True when the words name a team, a role or a company rather than a person.
fn looks_like_organisation(words: &[String]) -> bool {
    words.iter().any(|w| {
        let lower = w.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        ROLE_WORDS.contains(&bare) || is_legal_form(w)
    }) || words.iter().any(|w| w.contains('@'))
}

/// Title-case a name written all in capitals or all in lower case; leave mixed case alone.
fn fix_case(words: &[String]) -> Vec<String> {
    let letters: String = words
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let all_upper = letters.chars().all(|c| !c.is_lowercase());
    let all_lower = letters.chars().all(|c| !c.is_uppercase());
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let word_letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let word_upper =
                word_letters.len() >= 3 && word_letters.iter().all(|c| c.is_uppercase());
            if all_upper || all_lower || word_upper {
                let lower = w.to_lowercase();
                if i > 0 && PARTICLES.contains(&lower.as_str()) {
                    lower
                } else {
                    capitalize_name(&lower)
                }
            } else {
                w.clone()
            }
        })
        .collect()
}

/// "o'brien" -> "O'Brien", "jean-luc" -> "Jean-Luc".
pub(crate) fn capitalize_name(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
        if c == '-' || c == '\'' || c == '’' || c == ' ' {
            start = true;
        }
    }
    out
}

/// A usable given name: letters (and inner hyphens/apostrophes), at least two letters.
fn plausible_given_name(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && word.chars().next().is_some_and(char::is_alphabetic)
}

fn first_from_display(addr: &Address) -> Option<String> {
    let full = full_name(addr)?;
    let words: Vec<&str> = full.split_whitespace().collect();
    let first = *words.first()?;
    if !plausible_given_name(first) {
        return None;
    }
    let starts_with_title = clean_display(addr.name.as_deref().unwrap_or_default())
        .split_whitespace()
        .next()
        .is_some_and(is_title);
    if words.len() == 1 && starts_with_title {
        // "Mr. Smith", "Frau Schmidt": what is left is a surname.
        return None;
    }
    if words.len() == 1 {
        // A lone word may be a brand ("Acme") rather than a person: reject the domain's name.
        let domain_label = addr
            .email
            .rsplit_once('@')
            .and_then(|(_, d)| registrable(&d.to_lowercase()).map(|(l, _)| l));
        if domain_label.is_some_and(|l| l.replace('-', "") == first.to_lowercase()) {
            return None;
        }
    }
    Some(first.to_string())
}

fn first_from_local_part(email: &str) -> Option<String> {
    let (local, _) = email.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or_default().to_lowercase();
    let tokens: Vec<&str> = local.split(['.', '_']).collect();
    if tokens.len() < 2 {
        // "jdoe" or "janedoe" or "jane": cannot tell a given name from a handle.
        return None;
    }
    if tokens
        .iter()
        .any(|t| ROLE_WORDS.contains(t) || t.split('-').any(|p| ROLE_WORDS.contains(&p)))
    {
        return None;
    }
    let first = tokens[0];
    let has_vowel = first
        .chars()
        .any(|c| "aeiouyàáâäãåèéêëìíîïòóôöõùúûüý".contains(c));
    if !plausible_given_name(first) || !has_vowel || tokens[1].is_empty() {
        return None;
    }
    Some(capitalize_name(first))
}

/// The registrable label and domain: "mail.eu.acme-corp.co.uk" -> ("acme-corp", "acme-corp.co.uk").
fn registrable(domain: &str) -> Option<(String, String)> {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    let n = labels.len();
    let tld = labels[n - 1];
    let take = if n >= 3 && tld.len() == 2 && SECOND_LEVEL_SUFFIXES.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    let label = labels[n - take].to_string();
    Some((label, labels[n - take..].join(".")))
}

fn company_from_domain(email: &str) -> Option<String> {
    let (_, domain) = email.rsplit_once('@')?;
    let domain = domain
        .trim()
        .trim_end_matches('.')
        .trim_end_matches('>')
        .to_lowercase();
    if domain.starts_with('[') || domain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if is_free_mail(&domain) {
        return None;
    }
    let (label, _) = registrable(&domain)?;
    if label.starts_with("xn--")
        || label == "example"
        || label == "localhost"
        || label.is_empty()
        || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        || !label.chars().any(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let words: Vec<String> = label
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            // Short all-letter labels are usually acronyms (ibm, sap, bmw).
            if label.len() <= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) {
                w.to_uppercase()
            } else {
                capitalize_name(w)
            }
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_string),
            email: email.to_string(),
        }
    }

    #[test]
    fn full_name_natural_order_and_cleanup() {
        let cases = [
            ("Doe, Jane", "Jane Doe"),
            ("\"Doe, Jane\"", "Jane Doe"),
            ("'Jane Doe'", "Jane Doe"),
            ("Dr. Jane Doe", "Jane Doe"),
            ("Prof. Dr. Hans Müller", "Hans Müller"),
            ("Herr Hans Müller", "Hans Müller"),
            ("Frau Anna Schmidt", "Anna Schmidt"),
            ("M. Jean Dupont", "Jean Dupont"),
            ("Mme Claire Martin", "Claire Martin"),
            ("Mrs Jane Doe", "Jane Doe"),
            ("Jane Doe (Acme)", "Jane Doe"),
            ("Jane Doe | Acme", "Jane Doe"),
            ("Jane Doe - Acme Corp", "Jane Doe"),
            ("JANE DOE", "Jane Doe"),
            ("jane doe", "Jane Doe"),
            ("Jean DUPONT", "Jean Dupont"),
            ("Jane Doe, PhD", "Jane Doe"),
            ("van der Berg, Jan", "Jan van der Berg"),
            ("JAN VAN DER BERG", "Jan van der Berg"),
            ("seán o'brien", "Seán O'Brien"),
            ("Jane  \r\n Doe", "Jane Doe"),
            ("Jane Doe via LinkedIn", "Jane Doe"),
            ("McDonald, Ronald", "Ronald McDonald"),
        ];
        for (input, want) in cases {
            assert_eq!(
                full_name(&a(Some(input), "x@acme.example")).as_deref(),
                Some(want),
                "{input}"
            );
        }
    }

    #[test]
    fn full_name_none_for_roles_and_empty() {
        for input in [
            "",
            "  ",
            "\"\"",
            "Sales Team",
            "Acme GmbH",
            "jane@acme.com",
            "Info",
        ] {
            assert_eq!(
                full_name(&a(Some(input), "x@acme.example")),
                None,
                "{input}"
            );
        }
        assert_eq!(full_name(&a(None, "jane.doe@acme.example")), None);
    }

    #[test]
    fn first_name_from_display_names() {
        let cases = [
            ("Jane Doe", Some("Jane")),
            ("Doe, Jane", Some("Jane")),
            ("JANE DOE", Some("Jane")),
            ("Dr. Jane Doe", Some("Jane")),
            ("Jane M. Doe", Some("Jane")),
            ("Jean-Luc Picard", Some("Jean-Luc")),
            ("J. Doe", None),
            ("J Doe", None),
            ("Doe, J.", None),
            ("Acme Procurement", None),
            ("Sales Team", None),
            ("Acme GmbH", None),
            ("Customer Service", None),
            ("Jane", Some("Jane")),
            ("Acme", None),
            ("123 456", None),
            ("Mr. Smith", None),
            ("Frau Schmidt", None),
            ("Jack Ma", Some("Jack")),
            ("Don Draper", Some("Don")),
        ];
        for (input, want) in cases {
            assert_eq!(
                first_name(&a(Some(input), "someone@acme.com")).as_deref(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn first_name_from_local_part() {
        let cases = [
            ("jane.doe@acme.com", Some("Jane")),
            ("jane_doe@acme.com", Some("Jane")),
            ("JANE.DOE@acme.com", Some("Jane")),
            ("jane.doe+crm@acme.com", Some("Jane")),
            ("j.doe@acme.com", None),
            ("jd.doe@acme.com", None),
            ("jdoe@acme.com", None),
            ("jane@acme.com", None),
            ("info@acme.com", None),
            ("sales@acme.com", None),
            ("contact@acme.com", None),
            ("procurement@acme.com", None),
            ("sales.team@acme.com", None),
            ("info.de@acme.com", None),
            ("no-reply@acme.com", None),
            ("jane2.doe@acme.com", None),
            ("not-an-address", None),
        ];
        for (input, want) in cases {
            assert_eq!(first_name(&a(None, input)).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn display_name_wins_over_local_part() {
        // The name is unusable, and the local part might be a shared mailbox: stay neutral.
        assert_eq!(
            first_name(&a(Some("Acme Sales"), "jane.doe@acme.com")),
            None
        );
        assert_eq!(
            first_name(&a(Some("Jane Doe"), "info@acme.com")).as_deref(),
            Some("Jane")
        );
        // An empty display name is the same as none.
        assert_eq!(
            first_name(&a(Some("\"\""), "jane.doe@acme.com")).as_deref(),
            Some("Jane")
        );
    }

    #[test]
    fn company_from_display_name() {
        let cases = [
            ("Jane Doe (Acme Corp)", "Acme Corp"),
            ("Jane Doe | Acme", "Acme"),
            ("Jane Doe - Globex", "Globex"),
            ("Acme GmbH", "Acme GmbH"),
            ("Initech Ltd", "Initech Ltd"),
        ];
        for (input, want) in cases {
            assert_eq!(
                company(&a(Some(input), "jane@gmail.com")).as_deref(),
                Some(want),
                "{input}"
            );
        }
        // Pronouns, roles and the forwarding service are not companies.
        for input in [
            "Jane Doe (she/her)",
            "Jane Doe (Sales)",
            "Jane Doe via LinkedIn",
        ] {
            assert_eq!(company(&a(Some(input), "jane@gmail.com")), None, "{input}");
        }
        // Role-looking names are left to the domain.
        assert_eq!(
            company(&a(Some("Acme Procurement"), "procurement@acme.com")).as_deref(),
            Some("Acme")
        );
    }

    #[test]
    fn company_from_domain_drops_subdomains_and_suffixes() {
        let cases = [
            ("jane@acme-corp.co.uk", Some("Acme Corp")),
            ("jane@mail.acme.com", Some("Acme")),
            ("jane@eu.mail.globex.de", Some("Globex")),
            ("jane@initech.com.au", Some("Initech")),
            ("jane@buyer.example", Some("Buyer")),
            ("jane@ibm.com", Some("IBM")),
            ("jane@example.com", None),
            ("you@example.invalid", None),
            ("jane@[192.168.0.1]", None),
            ("jane@10.0.0.1", None),
            ("jane@localhost", None),
            ("jane@xn--mller-kva.de", None),
        ];
        for (input, want) in cases {
            assert_eq!(company(&a(None, input)).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn free_mail_never_becomes_a_company() {
        for d in [
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "outlook.de",
            "hotmail.com",
            "hotmail.co.uk",
            "hotmail.fr",
            "live.nl",
            "msn.com",
            "yahoo.com",
            "yahoo.co.jp",
            "ymail.com",
            "aol.com",
            "icloud.com",
            "me.com",
            "mac.com",
            "proton.me",
            "protonmail.com",
            "protonmail.ch",
            "gmx.de",
            "gmx.net",
            "web.de",
            "t-online.de",
            "freenet.de",
            "orange.fr",
            "free.fr",
            "laposte.net",
            "wanadoo.fr",
            "sfr.fr",
            "libero.it",
            "ziggo.nl",
            "kpnmail.nl",
            "hetnet.nl",
            "planet.nl",
            "terra.com.br",
            "uol.com.br",
            "bol.com.br",
            "sapo.pt",
            "telefonica.net",
            "zoho.com",
            "mail.com",
            "yandex.ru",
            "fastmail.fm",
            "hey.com",
        ] {
            let email = format!("jane.doe@{d}");
            assert!(is_free_mail(&email), "{d}");
            assert_eq!(company(&a(None, &email)), None, "{d}");
        }
        assert!(!is_free_mail("jane@acme.com"));
        assert!(!is_free_mail("jane@livestock.com"));
    }

    #[test]
    fn capitalize_handles_apostrophes_and_hyphens() {
        assert_eq!(capitalize_name("o'brien"), "O'Brien");
        assert_eq!(capitalize_name("jean-luc"), "Jean-Luc");
        assert_eq!(capitalize_name("ÉMILE"), "Émile");
    }
}
