//! Frames for language "es": decline, reasons, blockers, referral, unsubscribe, robot wording.
//! Patterns are regex fragments over normalised text (see `lexicon::Lexicon` for the syntax).

use super::Lexicon;

/// Language "es".
pub static ES: Lexicon = Lexicon {
    lang: "es",
    slots: &[],
    decline: &[],
    cancel_contract: &[],
    competitor: &[],
    status_quo: &[],
    no_need: &[],
    price: &[],
    timing: &[],
    competitor_hint: &[],
    status_quo_hint: &[],
    no_need_hint: &[],
    price_hint: &[],
    timing_hint: &[],
    accept: &[],
    negotiation: &[],
    stall: &[],
    conditional: &[],
    not_deal: &[],
    negation: &[],
    courtesy: &[],
    referral: &[],
    handoff: &[],
    unsubscribe: &[],
    out_of_office: &[],
    automated: &[],
    auto_subject: &[],
    stopwords: &[],
};
