//! Turn the new text (sentences plus the rule hits) into hashed sparse features for the model.
//! Word 1–3 grams, character 3–5 grams, rule signals and shape signals, each family L2-scaled.

use super::super::frames::{Frame, Hit};
use super::super::sentences::Sentence;

/// Number of hash bits: the model has `1 << BITS` feature rows.
pub const BITS: u32 = 20;
/// Rows in the weight table.
pub const BUCKETS: usize = 1 << BITS;

/// One feature family: its name prefix and the weight its L2-normalised block gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Words,
    Chars,
    Rules,
    Shape,
}

impl Family {
    fn scale(self) -> f32 {
        match self {
            Family::Words => 1.0,
            Family::Chars => 0.8,
            Family::Rules => 0.8,
            Family::Shape => 0.4,
        }
    }
}

/// A message's features: message-level values plus which sentence each word/char feature came
/// from, so the deciding sentence can be found and explained.
#[derive(Debug, Default, Clone)]
pub struct Features {
    /// (bucket, value) pairs; buckets may repeat (the model sums them).
    pub items: Vec<(u32, f32)>,
    /// For each item, the sentence it came from (`None` for message-level features).
    pub sentence: Vec<Option<u16>>,
    /// Readable names, only kept when asked for (explain).
    pub names: Option<Vec<String>>,
}

/// The rule engine's opinion of the whole message, as features.
#[derive(Debug, Clone, Copy)]
pub struct RuleVerdict {
    /// Class name the rules chose.
    pub class: &'static str,
    /// Reason name the rules chose, for rejections.
    pub reason: Option<&'static str>,
}

/// FNV-1a over the namespace and the parts, separated, so "a b" never equals "ab".
fn hash(ns: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(ns);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        for &b in p.as_bytes() {
            eat(b);
        }
    }
    // Fold the high bits in: FNV's low bits alone mix poorly.
    ((h ^ (h >> 29) ^ (h >> 47)) as u32) & (BUCKETS as u32 - 1)
}

struct Builder {
    items: Vec<(u32, f32)>,
    sentence: Vec<Option<u16>>,
    family: Vec<Family>,
    names: Option<Vec<String>>,
}

impl Builder {
    fn push(&mut self, fam: Family, ns: u8, parts: &[&str], sent: Option<u16>) {
        self.items.push((hash(ns, parts), 1.0));
        self.sentence.push(sent);
        self.family.push(fam);
        if let Some(names) = &mut self.names {
            let prefix = match fam {
                Family::Words => "words",
                Family::Chars => "chars",
                Family::Rules => "rule",
                Family::Shape => "shape",
            };
            names.push(format!("{prefix}:{}", parts.join(" ")));
        }
    }

    /// Scale each family's block to unit length times its weight, so long messages do not
    /// drown the rule signals and a one-liner still weighs as much as a letter.
    fn finish(mut self) -> Features {
        for fam in [Family::Words, Family::Chars, Family::Rules, Family::Shape] {
            let n = self.family.iter().filter(|&&f| f == fam).count();
            if n == 0 {
                continue;
            }
            let v = fam.scale() / (n as f32).sqrt();
            for (item, f) in self.items.iter_mut().zip(&self.family) {
                if *f == fam {
                    item.1 = v;
                }
            }
        }
        Features {
            items: self.items,
            sentence: self.sentence,
            names: self.names,
        }
    }
}

/// Longest word that still gets character n-grams (longer ones are ids, urls, noise).
const MAX_CHAR_WORD: usize = 24;
/// Most sentences that contribute features (new text is short; a blob is not a reply).
const MAX_SENTENCES: usize = 40;

/// Extract the features of one text.
pub fn extract(
    sents: &[Sentence],
    hits: &[Vec<Hit>],
    raw_hits: &[Vec<Hit>],
    rules: Option<RuleVerdict>,
    keep_names: bool,
) -> Features {
    let mut b = Builder {
        items: Vec::with_capacity(512),
        sentence: Vec::with_capacity(512),
        family: Vec::with_capacity(512),
        names: keep_names.then(Vec::new),
    };
    let mut total_words = 0usize;
    for (si, s) in sents.iter().enumerate().take(MAX_SENTENCES) {
        let sid = Some(si as u16);
        let mut toks: Vec<&str> = Vec::with_capacity(32);
        toks.push("<s>");
        toks.extend(s.norm.split_whitespace());
        toks.push("</s>");
        total_words += toks.len() - 2;
        for n in 1..=3 {
            for w in toks.windows(n) {
                if n == 1 && (w[0] == "<s>" || w[0] == "</s>") {
                    continue;
                }
                b.push(Family::Words, b'w', w, sid);
            }
        }
        if s.question {
            // The same words mean something else in a question ("could we cancel?").
            for w in toks.windows(2) {
                b.push(Family::Words, b'q', w, sid);
            }
        }
        let mut buf = String::with_capacity(32);
        let mut idx = [0usize; MAX_CHAR_WORD + 3];
        for w in &toks[1..toks.len() - 1] {
            if w.len() > MAX_CHAR_WORD || w.bytes().all(|c| c.is_ascii_digit()) {
                continue;
            }
            buf.clear();
            buf.push(' ');
            buf.push_str(w);
            buf.push(' ');
            // Char boundaries of " word " (a word of N bytes has at most N + 2 of them + the end).
            let mut n_idx = 0;
            for (i, _) in buf.char_indices() {
                idx[n_idx] = i;
                n_idx += 1;
            }
            idx[n_idx] = buf.len();
            for n in 3..=5 {
                for start in 0..(n_idx + 1).saturating_sub(n) {
                    let gram = &buf[idx[start]..idx[start + n]];
                    b.push(Family::Chars, b'c', &[gram], sid);
                }
            }
        }
        if let Some(hs) = hits.get(si) {
            for h in hs {
                b.push(Family::Rules, b'f', &[frame_name(h.frame)], sid);
            }
        }
        if let Some(hs) = raw_hits.get(si) {
            for h in hs {
                let tag = if h.negated { "neg" } else { "pos" };
                b.push(Family::Rules, b'r', &[frame_name(h.frame), tag], sid);
                if s.question {
                    b.push(Family::Rules, b'r', &[frame_name(h.frame), "question"], sid);
                }
            }
        }
    }
    if let Some(r) = rules {
        b.push(Family::Rules, b'v', &[r.class], None);
        if let Some(reason) = r.reason {
            b.push(Family::Rules, b'v', &["reason", reason], None);
        }
    }
    let n = sents.len().min(MAX_SENTENCES);
    b.push(Family::Shape, b's', &["sentences", bucket(n)], None);
    b.push(
        Family::Shape,
        b's',
        &["words", bucket(total_words / 4)],
        None,
    );
    if sents.first().is_some_and(|s| s.question) {
        b.push(Family::Shape, b's', &["first_question"], None);
    }
    if sents.last().is_some_and(|s| s.question) {
        b.push(Family::Shape, b's', &["last_question"], None);
    }
    if sents.is_empty() {
        b.push(Family::Shape, b's', &["empty"], None);
    }
    b.finish()
}

/// A coarse size bucket name.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        _ => "9+",
    }
}

/// A stable name for a frame (its meaning in the weights must not depend on enum order).
pub fn frame_name(f: Frame) -> &'static str {
    match f {
        Frame::Decline => "decline",
        Frame::CancelContract => "cancel_contract",
        Frame::Competitor => "competitor",
        Frame::StatusQuo => "status_quo",
        Frame::NoNeed => "no_need",
        Frame::Price => "price",
        Frame::Timing => "timing",
        Frame::CompetitorHint => "competitor_hint",
        Frame::StatusQuoHint => "status_quo_hint",
        Frame::NoNeedHint => "no_need_hint",
        Frame::PriceHint => "price_hint",
        Frame::TimingHint => "timing_hint",
        Frame::Accept => "accept",
        Frame::Upgrade => "upgrade",
        Frame::Negotiation => "negotiation",
        Frame::Stall => "stall",
        Frame::Conditional => "conditional",
        Frame::NotDeal => "not_deal",
        Frame::Courtesy => "courtesy",
        Frame::Referral => "referral",
        Frame::Handoff => "handoff",
        Frame::Pointer => "pointer",
        Frame::Unsubscribe => "unsubscribe",
        Frame::OutOfOffice => "out_of_office",
        Frame::Automated => "automated",
        Frame::Extra => "extra",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::sentences;

    #[test]
    fn same_text_same_features_and_families_are_unit_scaled() {
        let s = sentences::split("Thanks for the demo. We decided to pass for now.");
        let a = extract(&s, &[], &[], None, true);
        let b = extract(&s, &[], &[], None, false);
        assert_eq!(a.items, b.items);
        let names = a.names.expect("names kept");
        assert!(names.iter().any(|n| n == "words:decided to pass"));
        assert!(names.iter().any(|n| n == "chars: pas"));
        let words: f32 = a
            .items
            .iter()
            .zip(&names)
            .filter(|(_, n)| n.starts_with("words:"))
            .map(|((_, v), _)| v * v)
            .sum();
        assert!((words - 1.0).abs() < 1e-4, "{words}");
    }

    #[test]
    fn buckets_stay_in_range_and_word_boundaries_matter() {
        assert_ne!(hash(b'w', &["a b"]), hash(b'w', &["a", "b"]));
        for t in ["", "x", "ümlaut", "日本語"] {
            assert!((hash(b'c', &[t]) as usize) < BUCKETS);
        }
    }
}
