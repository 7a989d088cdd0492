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
/// Function words are counted in no more than this.
const STOPWORD_BYTES: usize = 600;
/// Trigram detection looks at no more than this: it is the expensive step.
const WHATLANG_BYTES: usize = 200;
/// Function-word hits that decide without trigrams...
const CLEAR_MIN_HITS: u32 = 4;
/// ...when the leader has this many times the runner-up's hits.
const CLEAR_LEAD: u32 = 3;
/// Below this many words a guess must be confident to count.
const MIN_WORDS: usize = 5;
/// Confidence a short text's guess needs.
const SHORT_TEXT_CONFIDENCE: f64 = 0.5;

/// ISO 639-1 code ("en", "de", "fr", "es", "nl", "pt") of the text's language, if detectable.
pub fn detect(text: &str) -> Option<&'static str> {
    let sample = prefix(text, MAX_BYTES);
    let words = sample
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(MIN_WORDS)
        .count();
    if words == 0 {
        return None;
    }
    // Counting function words is ~20x cheaper than trigrams and decides most mail alone.
    let votes = stopword_votes(prefix(sample, STOPWORD_BYTES));
    if let Some(clear) = votes.winner(CLEAR_MIN_HITS, CLEAR_LEAD) {
        return Some(clear);
    }
    let info = DETECTOR.detect(prefix(sample, WHATLANG_BYTES))?;
    let guess = code(info.lang())?;
    if info.is_reliable() {
        return Some(guess);
    }
    // Trigram guesses on short mail are shaky; a weaker function-word lead still beats them.
    if let Some(by_words) = votes.winner(2, 2) {
        return Some(by_words);
    }
    if words < MIN_WORDS && info.confidence() < SHORT_TEXT_CONFIDENCE {
        return None;
    }
    Some(guess)
}

/// The first `max` bytes of `text`, cut at a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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

/// Frequent function words per language, in [`CODES`] order; a word may belong to several.
const STOPWORDS: [&[&str]; 6] = [
    // English
    &[
        "the", "and", "you", "to", "for", "this", "that", "our", "are", "not", "with", "have",
        "will", "but", "it", "your", "of", "thanks", "would", "please", "i", "can", "at", "be",
        "if", "from", "just", "we've", "we're", "i'm", "don't", "won't", "can't", "my", "any",
        "been", "they", "so", "us", "thank", "we", "do", "is", "in", "a",
    ],
    // German
    &[
        "und", "der", "die", "wir", "ich", "nicht", "ist", "mit", "für", "sie", "ein", "eine",
        "uns", "zu", "auf", "haben", "den", "dem", "auch", "aber", "leider", "bitte", "danke",
        "sehr", "vielen", "ihr", "ihre", "ihnen", "noch", "wird", "werden", "sind", "kein",
        "keine", "nein", "es", "das", "in",
    ],
    // French
    &[
        "et", "nous", "vous", "pas", "pour", "une", "des", "est", "avec", "sur", "ce", "cette",
        "notre", "votre", "merci", "ne", "du", "au", "sommes", "avons", "bien", "non", "que", "de",
        "le", "les", "la", "mais", "je", "a",
    ],
    // Spanish
    &[
        "el", "los", "las", "y", "para", "una", "con", "su", "nuestro", "nuestra", "gracias",
        "pero", "hemos", "lo", "del", "al", "muy", "se", "sus", "usted", "ustedes", "muchas",
        "que", "por", "no", "de", "nos", "como", "esta", "este", "le", "les", "la", "es",
        "estamos", "a",
    ],
    // Dutch
    &[
        "het", "een", "en", "van", "ik", "niet", "voor", "met", "dat", "maar", "wij", "ons",
        "jullie", "zijn", "hebben", "bedankt", "graag", "dank", "ook", "naar", "u", "wel", "nog",
        "wat", "bij", "deze", "nee", "geen", "de", "we", "je", "is", "in",
    ],
    // Portuguese
    &[
        "o",
        "os",
        "e",
        "não",
        "com",
        "uma",
        "um",
        "nós",
        "obrigado",
        "obrigada",
        "mas",
        "muito",
        "nosso",
        "nossa",
        "você",
        "vocês",
        "seu",
        "sua",
        "da",
        "dos",
        "em",
        "na",
        "é",
        "está",
        "agradecemos",
        "também",
        "já",
        "até",
        "ao",
        "às",
        "pela",
        "pelo",
        "foi",
        "vai",
        "vou",
        "isso",
        "essa",
        "esse",
        "ainda",
        "que",
        "por",
        "no",
        "de",
        "nos",
        "como",
        "esta",
        "este",
        "mais",
        "estamos",
        "do",
        "das",
        "a",
    ],
];

/// Function words bucketed by (length, first byte): a lookup compares one or two candidates.
static STOPWORD_INDEX: LazyLock<Vec<Vec<(&'static str, u8)>>> = LazyLock::new(|| {
    let mut buckets: Vec<Vec<(&'static str, u8)>> = vec![Vec::new(); BUCKETS];
    for (lang, words) in STOPWORDS.iter().enumerate() {
        for word in *words {
            let bucket = &mut buckets[bucket_of(word)];
            match bucket.iter_mut().find(|(w, _)| w == word) {
                Some(entry) => entry.1 |= 1 << lang,
                None => bucket.push((word, 1 << lang)),
            }
        }
    }
    buckets
});

const BUCKETS: usize = (MAX_STOPWORD_BYTES + 1) * 256;

fn bucket_of(word: &str) -> usize {
    let first = word.as_bytes().first().copied().unwrap_or(0);
    word.len().min(MAX_STOPWORD_BYTES) * 256 + usize::from(first)
}

/// The languages a frequent function word belongs to, as a bit set over [`CODES`].
fn stopword_langs(word: &str) -> u8 {
    STOPWORD_INDEX[bucket_of(word)]
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(0, |(_, langs)| *langs)
}

/// Function-word hits per language, in [`CODES`] order.
struct Votes([u32; 6]);

impl Votes {
    /// The leading language when it has `min_hits` and at least `lead` times the runner-up.
    fn winner(&self, min_hits: u32, lead: u32) -> Option<&'static str> {
        let scores = &self.0;
        let mut order = [0usize, 1, 2, 3, 4, 5];
        order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
        let (best, second) = (scores[order[0]], scores[order[1]]);
        (best >= min_hits && best >= second.saturating_mul(lead).max(1) && best > second)
            .then_some(CODES[order[0]])
    }
}

/// Counts function words of each language in the text.
fn stopword_votes(text: &str) -> Votes {
    let mut scores = [0u32; 6];
    let mut buf = [0u8; MAX_STOPWORD_BYTES];
    for raw in text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
        let bytes = raw.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_STOPWORD_BYTES {
            continue;
        }
        // ASCII-only lowering keeps this allocation-free; accented capitals are rare here.
        let word = &mut buf[..bytes.len()];
        word.copy_from_slice(bytes);
        word.make_ascii_lowercase();
        let Ok(word) = std::str::from_utf8(word) else {
            continue;
        };
        let langs = stopword_langs(word);
        for (i, score) in scores.iter_mut().enumerate() {
            if langs & (1 << i) != 0 {
                *score += 1;
            }
        }
    }
    Votes(scores)
}

/// Longest function word, in bytes ("agradecemos").
const MAX_STOPWORD_BYTES: usize = 12;

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
