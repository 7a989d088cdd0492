//! Pick the reason for a rejection from the frames in and around the deciding sentence.
//! Decisive reason frames outweigh hints; nearby evidence outweighs distant evidence.

use super::frames::{Frame, Hit};
use super::Reason;

/// Which reason a frame speaks for, and whether it is a full frame or only a hint.
fn reason_of(frame: Frame) -> Option<(Reason, bool)> {
    Some(match frame {
        Frame::Competitor => (Reason::Competitor, true),
        Frame::StatusQuo => (Reason::NoDecision, true),
        Frame::NoNeed => (Reason::NoNeed, true),
        Frame::Price => (Reason::Price, true),
        Frame::Timing => (Reason::Timing, true),
        Frame::CompetitorHint => (Reason::Competitor, false),
        Frame::StatusQuoHint => (Reason::NoDecision, false),
        Frame::NoNeedHint => (Reason::NoNeed, false),
        Frame::PriceHint => (Reason::Price, false),
        Frame::TimingHint => (Reason::Timing, false),
        _ => return None,
    })
}

/// Tie-break order: the more specific story wins ("a cheaper vendor" is competitor).
fn rank(r: Reason) -> u8 {
    match r {
        Reason::Competitor => 5,
        Reason::NoDecision => 4,
        Reason::Price => 3,
        Reason::NoNeed => 2,
        Reason::Timing => 1,
        Reason::Unspecified => 0,
    }
}

/// Choose the reason given every sentence's usable hits and the deciding sentence's index.
pub fn choose(sentences: &[Vec<Hit>], decider: usize) -> Reason {
    let mut score = [0f32; 6];
    for (i, hits) in sentences.iter().enumerate() {
        let dist = i.abs_diff(decider);
        // Count each (reason, kind) once per sentence so a list of cost words is one signal.
        let mut seen: Vec<(Reason, bool)> = Vec::new();
        for h in hits {
            let Some(rk) = reason_of(h.frame) else {
                continue;
            };
            if seen.contains(&rk) {
                continue;
            }
            seen.push(rk);
            let (reason, full) = rk;
            let w = match (full, dist) {
                (true, 0) => 10.0,
                (true, 1) => 6.0,
                (true, _) => 5.0,
                (false, 0) => 3.0,
                (false, 1) => 2.0,
                (false, _) => 1.0,
            };
            score[rank(reason) as usize] += w;
        }
    }
    let mut best = Reason::Unspecified;
    let mut best_score = 0.0;
    for r in Reason::ALL {
        let s = score[rank(r) as usize];
        if s > best_score || (s == best_score && s > 0.0 && rank(r) > rank(best)) {
            best = r;
            best_score = s;
        }
    }
    if best_score < 1.0 {
        Reason::Unspecified
    } else {
        best
    }
}
