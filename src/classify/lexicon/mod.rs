//! Per-language word data for the classifier's frames: one static `Lexicon` per language.
//! Patterns are regex fragments over normalised text (see `sentences::normalize`), kept as data.

mod de;
mod en;
mod es;
mod fr;
mod nl;
mod pt;

pub use de::DE;
pub use en::EN;
pub use es::ES;
pub use fr::FR;
pub use nl::NL;
pub use pt::PT;

/// Every built-in lexicon, in a stable order (the index is the language id used by the matcher).
pub static ALL: [&Lexicon; 6] = [&EN, &DE, &FR, &ES, &NL, &PT];

/// One language's frames.
///
/// Each pattern is a regex fragment matched against normalised text: lower case, accents folded
/// (write them or not, they are folded when compiled), apostrophes and punctuation turned into
/// single spaces, English contractions expanded ("won't" -> "will not"). A pattern always matches
/// whole words. `{name}` inserts the alternation of the slot `name`; `{g1}`..`{g4}` allow up to
/// that many extra words; `{w}` is exactly one word; a leading `^` anchors at the sentence start.
#[derive(Debug)]
pub struct Lexicon {
    /// ISO 639-1 code.
    pub lang: &'static str,
    /// Named word groups that patterns reference as `{name}`.
    pub slots: &'static [(&'static str, &'static [&'static str])],
    /// Decision/intent + negation + engagement: the buyer says no (reason from other frames).
    pub decline: &'static [&'static str],
    /// Ending a paid plan/contract: a rejection even when it says "unsubscribe".
    pub cancel_contract: &'static [&'static str],
    /// Chose another vendor (decisive, reason competitor).
    pub competitor: &'static [&'static str],
    /// Keeping the current provider/system/status quo (decisive, reason no_decision).
    pub status_quo: &'static [&'static str],
    /// Not a fit / no need / building it in-house (decisive, reason no_need).
    pub no_need: &'static [&'static str],
    /// No budget / too expensive (decisive, reason price).
    pub price: &'static [&'static str],
    /// An explicit "not now" (decisive, reason timing).
    pub timing: &'static [&'static str],
    /// Words that colour the reason without deciding: vendors, cost, priorities, next year...
    pub competitor_hint: &'static [&'static str],
    /// Hints for no_decision (current setup, internal priorities).
    pub status_quo_hint: &'static [&'static str],
    /// Hints for no_need.
    pub no_need_hint: &'static [&'static str],
    /// Hints for price.
    pub price_hint: &'static [&'static str],
    /// Hints for timing.
    pub timing_hint: &'static [&'static str],
    /// The buyer goes ahead: blocks a rejection verdict.
    pub accept: &'static [&'static str],
    /// Moving up to a bigger plan or adding seats: ending the old plan is then not a rejection.
    pub upgrade: &'static [&'static str],
    /// Price questions and bargaining: a price frame alone is then not a rejection.
    pub negotiation: &'static [&'static str],
    /// Still deciding, waiting for approval: turns off decline and timing frames in the sentence.
    pub stall: &'static [&'static str],
    /// "if", "unless": a frame in the same clause is hypothetical.
    pub conditional: &'static [&'static str],
    /// Objects that are not the deal (meetings, days, events, passing a message on).
    pub not_deal: &'static [&'static str],
    /// Negation words checked just before negatable frames ("not going with another vendor").
    pub negation: &'static [&'static str],
    /// Courtesy markers that raise confidence ("unfortunately").
    pub courtesy: &'static [&'static str],
    /// "I'm not the right person, talk to X".
    pub referral: &'static [&'static str],
    /// A hand-off that is weaker than a referral ("I've forwarded this to X who handles it").
    pub handoff: &'static [&'static str],
    /// A short note that points at a forwarded message below ("see below from our CFO").
    pub pointer: &'static [&'static str],
    /// "Remove me from your list".
    pub unsubscribe: &'static [&'static str],
    /// Out-of-office / vacation wording in a body.
    pub out_of_office: &'static [&'static str],
    /// Machine wording: "this is an automated message", ticket receipts, dead mailboxes.
    pub automated: &'static [&'static str],
    /// Subject prefixes of automatic replies (matched at the start of the normalised subject).
    pub auto_subject: &'static [&'static str],
    /// Frequent function words, used to guess the language when no frame matched.
    pub stopwords: &'static [&'static str],
}
