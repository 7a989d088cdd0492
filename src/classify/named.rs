//! "We opted for Kestrel": a choice verb followed by a capitalised name is another vendor.
//! Works on the sentence as written (case matters), in the six languages, with seller names excluded.

use std::sync::LazyLock;

use regex::Regex;

use crate::message::Mail;

/// Choice verb + capitalised word, one named group per language (the group's index is the
/// lexicon index in `lexicon::ALL`: en, de, fr, es, nl, pt).
static CHOICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let en = r"(?:\b(?:[Ww]e|I|[Tt]hey|[Mm]anagement|[Ll]eadership|[Tt]he (?:board|team|committee|panel|client|partners))(?:'ve|’ve|'d|’d|'re|’re|'ll|’ll| have| has| had| are| will| finally| eventually| ultimately| just| instead| now| already| decided to)* (?:opted for|went with|gone with|going with|go with|decided on|settled on|signed with|chose|chosen|selected|picked|awarded (?:it|the (?:contract|work|project|deal|tender|business)) to) (?P<en>[A-Z][\w&\-]*))";
    let de = r"(?:\b(?i:für|fuer) (?P<de>[A-Z][\w&\-]*) (?:entschieden|entscheiden))";
    let fr = r"(?:\b(?i:(?:avons|ai|a|ont)(?: finalement| donc| plutôt)? (?:choisi|opté pour|retenu|signé avec)) (?P<fr>[A-Z][\w&\-]*))";
    let es = r"(?:\b(?i:(?:hemos|he|ha|han)(?: finalmente)? (?:optado por|elegido a|elegido|escogido|decidido ir con|firmado con|contratado a)|optamos por|elegimos a|elegimos|escogimos|nos decantamos por|nos quedamos con|firmamos con|contratamos a) (?P<es>[A-Z][\w&\-]*))";
    let nl = r"(?:\b(?:voor|met) (?P<nl>[A-Z][\w&\-]*) (?:gekozen|gegaan|in zee gegaan))";
    let pt = r"(?:\b(?i:optamos pel[ao]|optamos por|escolhemos(?: [ao])?|fechamos com|ficamos com|decidimos ir com|contratamos(?: [ao])?) (?P<pt>[A-Z][\w&\-]*))";
    Regex::new(&[en, de, fr, es, nl, pt].join("|")).ok()
});

/// Capitalised words after a choice verb that name a plan, a date or the seller, not a vendor.
const NOT_VENDORS: &[&str] = &[
    "pro",
    "premium",
    "basic",
    "enterprise",
    "standard",
    "plus",
    "starter",
    "business",
    "team",
    "professional",
    "gold",
    "silver",
    "platinum",
    "bronze",
    "essential",
    "essentials",
    "growth",
    "scale",
    "ultimate",
    "advanced",
    "lite",
    "light",
    "free",
    "annual",
    "monthly",
    "yearly",
    "option",
    "plan",
    "package",
    "tier",
    "version",
    "edition",
    "model",
    "variant",
    "variante",
    "opcion",
    "opción",
    "opção",
    "opcao",
    "plano",
    "paket",
    "tarif",
    "offre",
    "formule",
    "pakket",
    "you",
    "your",
    "yours",
    "it",
    "this",
    "that",
    "the",
    "a",
    "an",
    "one",
    "both",
    "all",
    "sie",
    "ihr",
    "ihre",
    "ihren",
    "ihrem",
    "euch",
    "euer",
    "eure",
    "vous",
    "votre",
    "usted",
    "ustedes",
    "u",
    "uw",
    "jullie",
    "você",
    "voce",
    "vocês",
    "voces",
    "phase",
    "stage",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "next",
    "now",
];

/// Words that, right after the name, show it is a plan or option ("went with Growth tier").
const PLAN_WORDS: &[&str] = &[
    "plan",
    "tier",
    "package",
    "option",
    "edition",
    "version",
    "license",
    "licence",
    "bundle",
    "subscription",
    "paket",
    "tarif",
    "plano",
    "pacote",
    "pakket",
    "formule",
];

/// Language index of a sentence that names another vendor as the buyer's choice.
///
/// Names found in the recipients (the seller's name, company or mail domain) never count.
pub fn choice(text: &str, mail: &Mail) -> Option<u8> {
    let re = CHOICE.as_ref()?;
    for caps in re.captures_iter(text) {
        let Some((li, m)) = ["en", "de", "fr", "es", "nl", "pt"]
            .iter()
            .enumerate()
            .find_map(|(i, g)| caps.name(g).map(|m| (i, m)))
        else {
            continue;
        };
        let name = m.as_str().trim_end_matches(['-', '&']).to_lowercase();
        if name.chars().count() < 2
            || NOT_VENDORS.contains(&name.as_str())
            || is_seller(&name, mail)
        {
            continue;
        }
        let rest = &text[m.end()..];
        // A possessive names a person's idea ("went with Dana's suggestion"), not a vendor.
        if rest.starts_with("'s") || rest.starts_with("’s") {
            continue;
        }
        let next = rest
            .split_whitespace()
            .next()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default();
        if PLAN_WORDS.contains(&next.as_str()) {
            continue;
        }
        return u8::try_from(li).ok();
    }
    None
}

/// True when `word` (lower case) is part of a recipient's name or mail address.
fn is_seller(word: &str, mail: &Mail) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w.to_lowercase() == word)
    };
    mail.to
        .iter()
        .any(|a| a.name.as_deref().is_some_and(words) || words(&a.email))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Address;

    fn to_seller() -> Mail {
        Mail {
            to: vec![Address {
                name: Some("Alex Seller".into()),
                email: "alex@seller.example".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn finds_a_named_choice_in_six_languages() {
        let m = to_seller();
        assert_eq!(choice("In the end we went with Brightwave.", &m), Some(0));
        assert_eq!(
            choice("The board has selected Northpeak for this.", &m),
            Some(0)
        );
        assert_eq!(
            choice("Wir haben uns für Datalux entschieden.", &m),
            Some(1)
        );
        assert_eq!(choice("Nous avons finalement choisi Opsia.", &m), Some(2));
        assert_eq!(choice("Nos decantamos por Gestiona al final.", &m), Some(3));
        assert_eq!(choice("We hebben voor Planbord gekozen.", &m), Some(4));
        assert_eq!(choice("Optamos pela Fluxo no fim.", &m), Some(5));
    }

    #[test]
    fn plans_dates_people_and_the_seller_are_not_vendors() {
        let m = to_seller();
        assert_eq!(choice("We opted for Premium in the end.", &m), None);
        assert_eq!(choice("We went with Growth tier for now.", &m), None);
        assert_eq!(choice("We settled on March for the kickoff.", &m), None);
        assert_eq!(choice("We went with Dana's suggestion.", &m), None);
        assert_eq!(choice("We decided to go with Seller Inc.", &m), None);
        assert_eq!(choice("We are going with Alex on this one.", &m), None);
        assert_eq!(choice("Wir haben uns für Sie entschieden.", &m), None);
        assert_eq!(choice("we went with brightwave", &m), None);
    }
}
