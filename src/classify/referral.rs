//! Referrals: "I'm not the right person, talk to X", "I've left, contact Y" (human-written).
//! The frames live in the lexicons; this scores how sure a referral verdict is.

use super::frames::{Frame, Hit};

/// Confidence of a referral verdict: higher when a hand-off names where to go next.
pub fn confidence(hits: &[Vec<Hit>]) -> f32 {
    let handoff = hits.iter().flatten().any(|h| h.frame == Frame::Handoff);
    if handoff {
        0.9
    } else {
        0.75
    }
}
