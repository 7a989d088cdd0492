//! Language of the new text: whatlang restricted to the six languages rebound has lexicons for.
//! Returns ISO 639-1 codes; short texts only get a code when whatlang is confident.

use std::sync::LazyLock;
use whatlang::{Detector, Lang};

static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Deu,
        Lang::Fra,
        Lang::Spa,
        Lang::Nld,
        Lang::Por,
    ])
});

/// Only the start of a long text is examined: more adds cost, not accuracy.
const MAX_BYTES: usize = 1000;
/// Below this many words a guess must be confident to count.
const MIN_WORDS: usize = 5;
/// Confidence a short text's guess needs.
const SHORT_TEXT_CONFIDENCE: f64 = 0.5;

/// ISO 639-1 code ("en", "de", "fr", "es", "nl", "pt") of the text's language, if detectable.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let words = sample
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(MIN_WORDS)
        .count();
    if words == 0 {
        return None;
    }
    let info = DETECTOR.detect(sample)?;
    let guess = code(info.lang())?;
    if info.is_reliable() {
        return Some(guess);
    }
    // Trigram guesses on short mail are shaky; common function words settle most of them.
    if let Some(by_words) = stopword_vote(sample) {
        return Some(by_words);
    }
    if words < MIN_WORDS && info.confidence() < SHORT_TEXT_CONFIDENCE {
        return None;
    }
    Some(guess)
}

fn code(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Eng => "en",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Nld => "nl",
        Lang::Por => "pt",
        _ => return None,
    })
}

const CODES: [&str; 6] = ["en", "de", "fr", "es", "nl", "pt"];
const EN: u8 = 1;
const DE: u8 = 2;
const FR: u8 = 4;
const ES: u8 = 8;
const NL: u8 = 16;
const PT: u8 = 32;

/// The languages a frequent function word belongs to, as a bit set over [`CODES`].
fn stopword_langs(word: &str) -> u8 {
    match word {
        "the" | "and" | "you" | "to" | "for" | "this" | "that" | "our" | "are" | "not" | "with"
        | "have" | "will" | "but" | "it" | "your" | "of" | "thanks" | "would" | "please" | "i"
        | "can" | "at" | "be" | "if" | "from" | "just" | "we've" | "we're" | "i'm" | "don't"
        | "won't" | "can't" | "my" | "any" | "been" | "they" | "so" | "us" | "thank" => EN,
        "und" | "der" | "die" | "wir" | "ich" | "nicht" | "ist" | "mit" | "für" | "sie" | "ein"
        | "eine" | "uns" | "zu" | "auf" | "haben" | "den" | "dem" | "auch" | "aber" | "leider"
        | "bitte" | "danke" | "sehr" | "vielen" | "ihr" | "ihre" | "ihnen" | "noch" | "wird"
        | "werden" | "sind" | "kein" | "keine" | "nein" => DE,
        "le" | "la" | "les" | "et" | "nous" | "vous" | "pas" | "pour" | "une" | "des" | "est"
        | "avec" | "sur" | "ce" | "cette" | "notre" | "votre" | "mais" | "merci" | "ne" | "du"
        | "au" | "sommes" | "avons" | "bien" | "non" => FR,
        "el" | "los" | "las" | "y" | "para" | "una" | "con" | "su" | "nuestro" | "nuestra"
        | "gracias" | "pero" | "hemos" | "lo" | "del" | "al" | "muy" | "se" | "sus" | "usted"
        | "ustedes" | "muchas" => ES,
        "het" | "een" | "en" | "van" | "ik" | "niet" | "voor" | "met" | "dat" | "maar" | "wij"
        | "ons" | "jullie" | "zijn" | "hebben" | "bedankt" | "graag" | "dank" | "ook" | "naar"
        | "u" | "wel" | "nog" | "wat" | "bij" | "deze" | "nee" | "geen" => NL,
        "o" | "os" | "e" | "não" | "com" | "uma" | "um" | "nós" | "obrigado" | "obrigada"
        | "mas" | "muito" | "nosso" | "nossa" | "você" | "vocês" | "seu" | "sua" | "da" | "dos"
        | "em" | "na" | "é" | "está" | "agradecemos" => PT,
        "que" => FR | ES | PT,
        "por" | "no" => ES | PT,
        "de" => FR | ES | NL | PT,
        "we" => EN | NL,
        "es" => DE | ES,
        "estamos" => ES | PT,
        "je" => FR | NL,
        "do" => EN | PT,
        "das" => DE | PT,
        "is" => EN | NL,
        "in" => EN | DE | NL,
        "a" => EN | FR | ES | PT,
        _ => 0,
    }
}

/// The language whose function words clearly dominate the text, if one does.
fn stopword_vote(text: &str) -> Option<&'static str> {
    let mut scores = [0u32; 6];
    let mut word = String::new();
    for raw in text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
        if raw.is_empty() {
            continue;
        }
        word.clear();
        for c in raw.chars() {
            if c == '’' {
                word.push('\'');
            } else {
                word.extend(c.to_lowercase());
            }
        }
        let langs = stopword_langs(&word);
        for (i, score) in scores.iter_mut().enumerate() {
            if langs & (1 << i) != 0 {
                *score += 1;
            }
        }
    }
    let mut order = [0usize, 1, 2, 3, 4, 5];
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    let (best, second) = (scores[order[0]], scores[order[1]]);
    // A winner needs a few hits and a clear lead, or the trigram guess stands.
    (best >= 2 && best >= second * 2).then_some(CODES[order[0]])
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn detects_each_of_the_six_languages() {
        for (text, code) in [
            ("Thank you for the proposal, but we have decided to go with another supplier this year.", "en"),
            ("Vielen Dank für Ihr Angebot, aber wir haben uns für einen anderen Anbieter entschieden.", "de"),
            ("Merci pour votre proposition, mais nous avons décidé de choisir un autre fournisseur.", "fr"),
            ("Gracias por la propuesta, pero hemos decidido trabajar con otro proveedor este año.", "es"),
            ("Bedankt voor het voorstel, maar we hebben besloten om met een andere leverancier te werken.", "nl"),
            ("Obrigado pela proposta, mas decidimos trabalhar com outro fornecedor este ano.", "pt"),
        ] {
            assert_eq!(detect(text), Some(code), "text: {text}");
        }
    }

    #[test]
    fn short_texts_settled_by_function_words() {
        for (text, code) in [
            ("Sorry but I can't make it today - can we do Monday?", "en"),
            ("Nee, dank je, we hebben al een leverancier.", "nl"),
            ("Nein danke, das ist nichts für uns.", "de"),
            ("Non merci, ce n'est pas pour nous.", "fr"),
            ("No gracias, no es para nosotros.", "es"),
            ("Não, obrigado, não é para nós.", "pt"),
        ] {
            assert_eq!(detect(text), Some(code), "text: {text}");
        }
    }

    #[test]
    fn nothing_to_detect() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("   \n "), None);
        assert_eq!(detect("12345 +49 30 1234"), None);
    }

    #[test]
    fn long_text_is_cheap_and_still_detected() {
        let text = "Wir haben uns leider gegen das Angebot entschieden. ".repeat(10_000);
        assert_eq!(detect(&text), Some("de"));
    }

    #[test]
    fn short_texts_need_a_confident_guess() {
        // Two or three words rarely carry enough trigrams: unsure guesses become None.
        assert_eq!(detect("We'll pass."), None);
        assert_eq!(detect("Nee"), None);
        assert_eq!(detect("Não, obrigado"), Some("pt"));
    }
}
