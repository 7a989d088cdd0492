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
    if words < MIN_WORDS && !info.is_reliable() && info.confidence() < SHORT_TEXT_CONFIDENCE {
        return None;
    }
    Some(match info.lang() {
        Lang::Eng => "en",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Nld => "nl",
        Lang::Por => "pt",
        _ => return None,
    })
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
        assert_eq!(detect("Nee, dank je"), None);
        assert_eq!(detect("We'll pass."), None);
        assert_eq!(detect("Não, obrigado"), Some("pt"));
    }
}
