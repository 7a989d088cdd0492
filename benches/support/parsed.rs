//! The generated corpus, parsed once outside any timed loop, for the criterion benches.
//! Attachments are left out: a parsed `Mail` does not keep them, so they only slow the set-up.

#![allow(dead_code)]

use super::corpus::{self, Generated, Kind};
use rebound::message::Mail;

/// How many messages the micro-benchmarks draw from the generator.
pub const SAMPLE: u64 = 3_000;

/// One generated message with its parse.
pub struct Parsed {
    /// The generator's ground truth (and raw bytes).
    pub generated: Generated,
    /// `rebound::message::parse` of the bytes.
    pub mail: Mail,
}

/// Generate and parse the first `n` messages of the default corpus, attachments off.
pub fn corpus(n: u64) -> Vec<Parsed> {
    let opts = corpus::Options {
        attachments: false,
        ..corpus::Options::default()
    };
    (0..n)
        .filter_map(|i| {
            let generated = corpus::message(&opts, i);
            let mail = rebound::message::parse(&generated.bytes).ok()?;
            Some(Parsed { generated, mail })
        })
        .collect()
}

/// True for mail written by a person (replies, rejections, fresh mail, out-of-office notes).
pub fn is_human(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Rejection | Kind::Reply | Kind::Fresh | Kind::AutoReply
    )
}
