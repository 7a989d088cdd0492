//! Sentence-level frame decisions with polarity and blockers, combined into one message verdict.
//! Decline-type frames decide; questions, conditionals, stalls and non-deal objects switch them off.

use super::frames::{Frame, Hit, Matcher};
use super::sentences::{self, Sentence};
use super::{forward, named, reason, referral, unsubscribe, Class, Reason};
use crate::message::Mail;

/// The outcome of reading the new text (robots and ignore rules are decided before this).
#[derive(Debug, Clone)]
pub struct Decision {
    /// The class.
    pub class: Class,
    /// The reason for a rejection.
    pub reason: Option<Reason>,
    /// 0..=1.
    pub confidence: f32,
    /// The deciding sentence.
    pub evidence: Option<String>,
    /// Language index guessed from the frames (or function words).
    pub lang: Option<u8>,
}

/// Frames that can decide a rejection on their own.
fn decisive(f: Frame) -> bool {
    matches!(
        f,
        Frame::Decline
            | Frame::CancelContract
            | Frame::Competitor
            | Frame::StatusQuo
            | Frame::NoNeed
            | Frame::Price
            | Frame::Timing
            | Frame::Extra
    )
}

/// How clearly a decisive frame says no (picks the evidence sentence).
fn strength(f: Frame) -> u8 {
    match f {
        Frame::Decline | Frame::CancelContract | Frame::Competitor | Frame::Extra => 3,
        Frame::StatusQuo | Frame::NoNeed => 2,
        _ => 1,
    }
}

/// A blocker of `frame` in the same clause and language as `h` (French "si" never blocks English).
fn in_clause(hits: &[Hit], h: &Hit, frame: Frame) -> bool {
    hits.iter()
        .any(|b| b.frame == frame && b.clause == h.clause && (h.lang.is_none() || b.lang == h.lang))
}

/// Words that, ending a vendor-choice match, point back at the seller ("go with you").
const SELF_OBJECTS: &[&str] = &[
    "you", "your", "yours", "us", "it", "this", "that", "the", "ihnen", "ihr", "ihre", "ihrem",
    "ihren", "vous", "votre", "usted", "ustedes", "su", "u", "uw", "jullie", "voce", "voces",
    "vossa", "sua",
];

/// Second-person words of the six languages: a sentence using one talks about the seller.
const YOU_WORDS: &[&str] = &[
    "you", "your", "yours", "sie", "ihnen", "ihr", "ihre", "ihrem", "ihren", "euch", "euer",
    "vous", "votre", "vos", "usted", "ustedes", "su", "sus", "u", "uw", "jullie", "je", "voce",
    "voces", "vossa", "seu", "sua",
];

/// True when the sentence speaks to or about the seller.
fn addresses_us(norm: &str) -> bool {
    norm.split_whitespace().any(|w| YOU_WORDS.contains(&w))
}

fn names_us(norm: &str, end: usize) -> bool {
    norm.get(..end)
        .and_then(|head| head.split_whitespace().next_back())
        .is_some_and(|w| SELF_OBJECTS.contains(&w))
}

/// Keep the hits that still mean what they say once blockers are applied.
fn usable(s: &Sentence, hits: &[Hit], negotiating: bool) -> Vec<Hit> {
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        let f = h.frame;
        let conditional = in_clause(hits, h, Frame::Conditional);
        let sentence_conditional = hits
            .iter()
            .any(|b| b.frame == Frame::Conditional && b.lang == h.lang);
        let keep = match f {
            Frame::CancelContract => !conditional,
            Frame::Unsubscribe => true,
            _ if decisive(f) => {
                let stalled =
                    matches!(f, Frame::Decline | Frame::Timing) && in_clause(hits, h, Frame::Stall);
                let other_object = matches!(f, Frame::Decline | Frame::Timing | Frame::NoNeed)
                    && in_clause(hits, h, Frame::NotDeal);
                // "we decided to go with you" names us, not another vendor.
                let accepted = f == Frame::Competitor && names_us(&s.norm, h.end);
                !(s.question || conditional || h.negated || stalled || other_object || accepted)
            }
            Frame::Accept => {
                // "decided to extend the contract with our incumbent" goes ahead with someone
                // else: keeping the status quo overrules an acceptance that never names us.
                let keeps_other = !addresses_us(&s.norm);
                let overruled = hits.iter().any(|d| {
                    d.clause == h.clause
                        && (matches!(
                            d.frame,
                            Frame::Decline | Frame::CancelContract | Frame::Competitor
                        ) || (d.frame == Frame::StatusQuo && !d.negated && keeps_other))
                        && !(d.frame == Frame::Competitor && names_us(&s.norm, d.end))
                });
                !(s.question || sentence_conditional || h.negated || overruled)
            }
            Frame::Referral | Frame::Handoff => !h.negated && !s.question && !conditional,
            // "if we upgrade later" is no plan; "could we move to Pro instead?" still is one.
            Frame::Upgrade => !h.negated && !conditional,
            _ => true,
        };
        if keep {
            let mut h = *h;
            // A price complaint inside a negotiation is bargaining, not a no; it still colours the reason.
            if h.frame == Frame::Price && negotiating {
                h.frame = Frame::PriceHint;
            }
            out.push(h);
        }
    }
    out
}

/// Read the new text and decide the class, reason and evidence.
pub fn decide(matcher: &Matcher, mail: &Mail) -> Decision {
    let d = decide_text(matcher, mail, &mail.new_text);
    // Only a message that said nothing itself may hand the decision to a forwarded note.
    if d.class != Class::Other || d.evidence.is_some() || !points_below(matcher, &mail.new_text) {
        return d;
    }
    forwarded_rejection(matcher, mail).unwrap_or(d)
}

/// True when a short text points at a forwarded message below ("see below from our CFO").
pub fn points_below(matcher: &Matcher, text: &str) -> bool {
    text.split_whitespace().count() <= MAX_POINTER_WORDS
        && sentences::split(text)
            .iter()
            .any(|s| matcher.scan(s).iter().any(|h| h.frame == Frame::Pointer))
}

/// Most words a pointer note may have ("See below from our CFO. Sorry, I tried.").
const MAX_POINTER_WORDS: usize = 60;

/// The text of a forwarded note from the sender's own domain (the seller's quoted proposal never
/// counts), for a short new text that points at it.
pub fn forwarded_note(mail: &Mail) -> Option<String> {
    let sender = mail.from.as_ref()?.email.to_lowercase();
    let fwd = forward::find(&mail.full_text)?;
    let from = fwd.from.as_deref()?;
    if forward::domain(from)? != forward::domain(&sender)? {
        return None;
    }
    Some(fwd.text)
}

/// A rejection inside a forwarded internal note that the buyer's short new text points at.
///
/// Only a note from the buyer's own domain counts: the seller's quoted proposal never decides.
fn forwarded_rejection(matcher: &Matcher, mail: &Mail) -> Option<Decision> {
    let text = forwarded_note(mail)?;
    let mut d = decide_text(matcher, mail, &text);
    if d.class != Class::Rejection {
        return None;
    }
    d.confidence *= 0.9;
    Some(d)
}

/// One text read by the rules: its sentences, their hits before and after the blockers, and the
/// rules' decision. The learned scorer reads all of it as features.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The sentences of the text.
    pub sents: Vec<Sentence>,
    /// Hits per sentence as matched (negation marked).
    pub raw: Vec<Vec<Hit>>,
    /// Hits per sentence that still mean what they say after the blockers.
    pub hits: Vec<Vec<Hit>>,
    /// What the rules alone decide.
    pub decision: Decision,
}

/// Decide on one text of the mail (its new text, or a forwarded note it points at).
fn decide_text(matcher: &Matcher, mail: &Mail, text: &str) -> Decision {
    analyze(matcher, mail, text).decision
}

/// Read one text with the rules (see [`Analysis`]).
pub fn analyze(matcher: &Matcher, mail: &Mail, text: &str) -> Analysis {
    let sents = sentences::split(text);
    let all: Vec<Vec<Hit>> = sents.iter().map(|s| matcher.scan(s)).collect();
    let decision = decide_hits(matcher, mail, &sents, all.clone());
    let raw = all;
    let hits = usable_all(&sents, &raw);
    Analysis {
        sents,
        raw,
        hits,
        decision,
    }
}

/// The blocked hits of every sentence, without the language filter (features see all of them).
fn usable_all(sents: &[Sentence], raw: &[Vec<Hit>]) -> Vec<Vec<Hit>> {
    let negotiating = sents.iter().zip(raw).any(|(s, hits)| {
        hits.iter().any(|h| h.frame == Frame::Negotiation)
            || (s.question
                && hits
                    .iter()
                    .any(|h| matches!(h.frame, Frame::Price | Frame::PriceHint)))
    });
    sents
        .iter()
        .zip(raw)
        .map(|(s, h)| usable(s, h, negotiating))
        .collect()
}

fn decide_hits(matcher: &Matcher, mail: &Mail, sents: &[Sentence], raw: Vec<Vec<Hit>>) -> Decision {
    let mut raw = raw;
    // Trust the detected language when its own lexicon says something; else try them all.
    if let Some(li) = mail.language.as_deref().and_then(lang_index) {
        let own = |h: &Hit| h.lang.is_none() || h.lang == Some(li);
        let speaks = raw
            .iter()
            .flatten()
            .any(|h| own(h) && !matches!(h.frame, Frame::Courtesy | Frame::Conditional));
        if speaks {
            for hits in &mut raw {
                hits.retain(own);
            }
        }
    }
    let negotiating = sents.iter().zip(&raw).any(|(s, hits)| {
        hits.iter().any(|h| h.frame == Frame::Negotiation)
            || (s.question
                && hits
                    .iter()
                    .any(|h| matches!(h.frame, Frame::Price | Frame::PriceHint)))
    });
    let hits: Vec<Vec<Hit>> = sents
        .iter()
        .zip(&raw)
        .map(|(s, h)| usable(s, h, negotiating))
        .collect();
    let mut hits = hits;
    // "We opted for Kestrel": a named vendor needs the original casing, so it is checked here.
    // "We went with Zoom for the call" names a meeting tool, not the deal: not_deal blocks it.
    for (s, hs) in sents.iter().zip(hits.iter_mut()) {
        let blocked = s.question
            || hs.iter().any(|h| {
                matches!(
                    h.frame,
                    Frame::Conditional | Frame::Competitor | Frame::NotDeal
                )
            });
        if blocked {
            continue;
        }
        if let Some(li) = named::choice(&s.text, mail) {
            hs.push(Hit {
                frame: Frame::Competitor,
                lang: Some(li),
                end: s.norm.len(),
                clause: 0,
                negated: false,
            });
        }
    }
    let lang = vote_language(matcher, sents, &hits);
    let courtesy = hits.iter().flatten().any(|h| h.frame == Frame::Courtesy);
    let first = |pred: &dyn Fn(&Hit) -> bool| hits.iter().position(|hs| hs.iter().any(pred));
    let evidence = |i: usize| Some(one_line(&sents[i].text));
    let mk = |class, reason, confidence: f32, evidence| Decision {
        class,
        reason,
        confidence: confidence.clamp(0.0, 1.0),
        evidence,
        lang,
    };

    // Machine wording that no person writes.
    if let Some(i) = first(&|h| h.frame == Frame::Automated) {
        return mk(Class::AutoReply, None, 0.8, evidence(i));
    }
    let any_decisive = hits.iter().flatten().any(|h| decisive(h.frame));
    let any_accept = hits.iter().flatten().any(|h| h.frame == Frame::Accept);
    let any_unsub = hits.iter().flatten().any(|h| h.frame == Frame::Unsubscribe);
    if let Some(i) = first(&|h| h.frame == Frame::OutOfOffice) {
        // Without robot headers only a clear case counts: a person may mention leave in passing.
        let threaded = !mail.in_reply_to.is_empty() || !mail.references.is_empty();
        let signals = hits
            .iter()
            .filter(|hs| hs.iter().any(|h| h.frame == Frame::OutOfOffice))
            .count();
        let needed = if threaded { 3 } else { 1 };
        if !any_decisive && !any_accept && !any_unsub && signals >= needed {
            return mk(Class::AutoReply, None, 0.7, evidence(i));
        }
    }
    // Ending one plan to move up to a bigger one is a purchase, not a no.
    if let Some(i) = first(&|h| h.frame == Frame::Upgrade) {
        return mk(Class::Other, None, 0.7, evidence(i));
    }
    if let Some(i) = first(&|h| h.frame == Frame::CancelContract) {
        return rejection(sents, &hits, i, courtesy, lang);
    }
    if let Some(i) = first(&|h| h.frame == Frame::Unsubscribe) {
        return mk(Class::Unsubscribe, None, 0.9, evidence(i));
    }
    if unsubscribe::short_opt_out(sents) {
        return mk(Class::Unsubscribe, None, 0.8, evidence(0));
    }
    // A subject-only request ("Unsubscribe", body empty or just the quoted mailing).
    if !any_decisive && !any_accept {
        if let Some(subject) = &mail.subject {
            if unsubscribe::subject_opt_out(matcher, subject) {
                return mk(Class::Unsubscribe, None, 0.7, Some(one_line(subject)));
            }
        }
    }
    if let Some(i) = first(&|h| h.frame == Frame::Accept) {
        return mk(Class::Other, None, 0.8, evidence(i));
    }
    if let Some(i) = first(&|h| h.frame == Frame::Referral) {
        return mk(
            Class::Referral,
            None,
            referral::confidence(&hits),
            evidence(i),
        );
    }
    if any_decisive {
        let best = (0..hits.len())
            .filter_map(|i| {
                hits[i]
                    .iter()
                    .filter(|h| decisive(h.frame))
                    .map(|h| strength(h.frame))
                    .max()
                    .map(|s| (s, i))
            })
            .max_by_key(|&(s, i)| (s, std::cmp::Reverse(i)));
        if let Some((_, i)) = best {
            return rejection(sents, &hits, i, courtesy, lang);
        }
    }
    if let Some(i) = first(&|h| h.frame == Frame::Handoff) {
        return mk(Class::Referral, None, 0.6, evidence(i));
    }
    mk(Class::Other, None, 0.6, None)
}

fn rejection(
    sents: &[Sentence],
    hits: &[Vec<Hit>],
    decider: usize,
    courtesy: bool,
    lang: Option<u8>,
) -> Decision {
    // A cancellation names when it ends ("stop after March"): a date in the cancelling sentence
    // is no timing reason. Timing words elsewhere ("the project moved to next year") still are.
    let cancelling = hits[decider]
        .iter()
        .any(|h| h.frame == Frame::CancelContract);
    let reason = if cancelling {
        let no_dates: Vec<Vec<Hit>> = hits
            .iter()
            .enumerate()
            .map(|(i, hs)| {
                hs.iter()
                    .filter(|h| i != decider || h.frame != Frame::TimingHint)
                    .copied()
                    .collect()
            })
            .collect();
        reason::choose(&no_dates, decider)
    } else {
        reason::choose(hits, decider)
    };
    let top = hits[decider]
        .iter()
        .filter(|h| decisive(h.frame))
        .map(|h| strength(h.frame))
        .max()
        .unwrap_or(1);
    let decisive_sentences = hits
        .iter()
        .filter(|hs| hs.iter().any(|h| decisive(h.frame)))
        .count();
    let mut confidence = 0.55 + 0.08 * f32::from(top);
    if courtesy {
        confidence += 0.1;
    }
    if reason != Reason::Unspecified {
        confidence += 0.05;
    }
    if decisive_sentences > 1 {
        confidence += 0.05;
    }
    Decision {
        class: Class::Rejection,
        reason: Some(reason),
        confidence: confidence.min(0.97),
        evidence: Some(one_line(&sents[decider].text)),
        lang,
    }
}

/// Index in `lexicon::ALL` of an ISO 639-1 code.
fn lang_index(code: &str) -> Option<u8> {
    super::lexicon::ALL
        .iter()
        .position(|l| l.lang.eq_ignore_ascii_case(code))
        .map(|i| i as u8)
}

/// Collapse whitespace so evidence is one trimmed line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The language the frames were written in; else the one whose function words dominate.
fn vote_language(matcher: &Matcher, sents: &[Sentence], hits: &[Vec<Hit>]) -> Option<u8> {
    let mut votes = [0u32; 8];
    for h in hits.iter().flatten() {
        if let Some(l) = h.lang {
            let w = if decisive(h.frame) { 3 } else { 1 };
            votes[usize::from(l)] += w;
        }
    }
    let (best, &n) = votes.iter().enumerate().max_by_key(|(_, v)| **v)?;
    if n >= 2 {
        return Some(best as u8);
    }
    let words: Vec<&str> = sents
        .iter()
        .flat_map(|s| s.norm.split_whitespace())
        .take(300)
        .collect();
    matcher.guess_language(&words)
}
