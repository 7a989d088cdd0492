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
const MIN_WORDS: usize = 3;
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
