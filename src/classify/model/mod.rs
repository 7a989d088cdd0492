//! The learned scorer: hashed features of the new text through a linear model, calibrated.
//! The shipped weights are embedded; a user's taught model (see `user`) adds to their logits.

pub mod features;
pub mod train;
pub mod user;
pub mod weights;

use std::sync::LazyLock;

use features::Features;
use weights::{softmax, Weights, CLASSES, REASONS, REJECTION};

/// The weights `scripts/train` wrote from `training/corpus.jsonl`.
static SHIPPED_BYTES: &[u8] = include_bytes!("shipped.bin");

/// Parsed once per process; the bytes are read in place.
static SHIPPED: LazyLock<Result<Weights, weights::ModelError>> =
    LazyLock::new(|| Weights::from_bytes(std::borrow::Cow::Borrowed(SHIPPED_BYTES)));

/// The shipped model, or why it cannot be read (a broken build, reported, never a panic).
pub fn shipped() -> Result<&'static Weights, &'static weights::ModelError> {
    SHIPPED.as_ref()
}

/// Probabilities of one text's classes (reasons and evidence are worked out on demand).
#[derive(Debug, Clone)]
pub struct Scores {
    /// Calibrated class probabilities, in [`CLASSES`] order.
    pub probs: [f32; 5],
}

/// Score a feature set with the shipped weights and an optional user layer.
pub fn score(w: &Weights, user: Option<&user::UserModel>, f: &Features) -> Scores {
    let mut logits = w.class_logits(f);
    if let Some(u) = user {
        let mut unused = [0f32; 6];
        u.add_logits(f, &mut logits, &mut unused);
    }
    Scores {
        probs: softmax(logits, w.temperature),
    }
}

/// Reason probabilities, in [`REASONS`] order.
pub fn reasons(w: &Weights, user: Option<&user::UserModel>, f: &Features) -> [f32; 6] {
    let mut rlogits = w.reason_logits(f);
    if let Some(u) = user {
        let mut unused = [0f32; 5];
        u.add_logits(f, &mut unused, &mut rlogits);
    }
    softmax(rlogits, 1.0)
}

/// Per sentence: how much P(rejection) falls when that sentence's features are taken away. The
/// sentence whose loss costs the most is the one that decided; a thank-you that merely sounds
/// like a decline costs little once the real decline is there.
pub fn sentence_effect(
    w: &Weights,
    user: Option<&user::UserModel>,
    f: &Features,
    sents: usize,
) -> Vec<f32> {
    let mut logits = w.class_logits(f);
    if let Some(u) = user {
        let mut unused = [0f32; 6];
        u.add_logits(f, &mut logits, &mut unused);
    }
    let p = softmax(logits, w.temperature)[REJECTION];
    let mut contrib = vec![[0f32; 5]; sents];
    for (&(bucket, v), s) in f.items.iter().zip(&f.sentence) {
        let Some(slot) = s.and_then(|s| contrib.get_mut(usize::from(s))) else {
            continue;
        };
        for (k, c) in slot.iter_mut().enumerate() {
            let mut x = w.class_weight(bucket, k);
            if let Some(row) = user.and_then(|u| u.class_row(bucket)) {
                x += row[k];
            }
            *c += x * v;
        }
    }
    contrib
        .iter()
        .map(|c| {
            let mut without = logits;
            for (l, x) in without.iter_mut().zip(c) {
                *l -= x;
            }
            p - softmax(without, w.temperature)[REJECTION]
        })
        .collect()
}

/// Index of the largest value.
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// One feature's weight toward rejection (positive) or away from it (negative), for explain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Weighed {
    /// The readable feature name, e.g. `words:decided to pass`.
    pub feature: String,
    /// Its contribution to the rejection score against `other`.
    pub weight: f32,
}

/// The features that weighed most for and against rejection, summed per name, strongest first.
pub fn weighed(
    w: &Weights,
    user: Option<&user::UserModel>,
    f: &Features,
    top: usize,
) -> Vec<Weighed> {
    let Some(names) = &f.names else {
        return Vec::new();
    };
    let mut sums: std::collections::BTreeMap<&str, f32> = std::collections::BTreeMap::new();
    for (&(bucket, v), name) in f.items.iter().zip(names) {
        let mut d = w.class_weight(bucket, REJECTION) - w.class_weight(bucket, 1);
        if let Some(u) = user {
            d += u.push(bucket);
        }
        *sums.entry(name.as_str()).or_default() += d * v;
    }
    let mut all: Vec<Weighed> = sums
        .into_iter()
        .map(|(feature, weight)| Weighed {
            feature: feature.to_string(),
            weight,
        })
        .collect();
    all.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    all.truncate(top);
    all
}

/// The class name at an index of [`CLASSES`].
pub fn class_name(i: usize) -> &'static str {
    CLASSES.get(i).copied().unwrap_or("other")
}

/// The reason name at an index of [`REASONS`].
pub fn reason_name(i: usize) -> &'static str {
    REASONS.get(i).copied().unwrap_or("unspecified")
}
