//! Opt-out requests that frames cannot see: one-word bodies ("STOP") and subject-only requests.
//! Sentence-level opt-outs ("please remove me from your list") are lexicon frames.

use super::frames::{Frame, Matcher};
use super::sentences::{self, Sentence};

/// Whole-message answers that mean "stop writing to me" in the six languages.
const SHORT: &[&str] = &[
    "stop",
    "stop please",
    "please stop",
    "remove",
    "remove me",
    "remove please",
    "please remove",
    "stopp",
    "bitte stopp",
    "arret",
    "arrete",
    "alto",
    "basta",
    "halt",
    "baja",
    "stoppen",
    "parar",
    "pare",
];

/// True when the whole new text is a one- or two-word opt-out.
pub fn short_opt_out(sents: &[Sentence]) -> bool {
    let words: Vec<&str> = sents
        .iter()
        .flat_map(|s| s.norm.split_whitespace())
        .take(4)
        .collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    SHORT.contains(&words.join(" ").as_str())
}

/// True when an empty-bodied message's subject asks to opt out.
pub fn subject_opt_out(matcher: &Matcher, subject: &str) -> bool {
    let sents = sentences::split(subject);
    if short_opt_out(&sents) {
        return true;
    }
    sents.iter().any(|s| {
        matcher
            .scan(s)
            .iter()
            .any(|h| h.frame == Frame::Unsubscribe)
    })
}
