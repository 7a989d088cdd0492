//! A user's taught layer: sparse weights added to the shipped model's logits.
//! Fitted on the examples `rebound learn` stored, with shipped anchor texts so it stays local.

use std::collections::BTreeMap;

use super::features::Features;
use super::weights::{softmax, Weights, CLASSES, REJECTION};

const MAGIC: &[u8; 8] = b"RBUSER01";

/// Sparse per-bucket additions to the class and reason tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserModel {
    class: BTreeMap<u32, [f32; 5]>,
    reason: BTreeMap<u32, [f32; 6]>,
}

/// A user model file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error(
    "the taught model is unreadable ({0}); teach again, or start over with `rebound learn --all`"
)]
pub struct UserModelError(&'static str);

/// One taught (or anchor) text as features with its label.
#[derive(Debug, Clone)]
pub struct Taught {
    /// The features the layer may learn from (the text without its salutation).
    pub features: Features,
    /// The features of the whole text as the classifier will read it (to check the fit).
    pub whole: Features,
    /// Index into [`CLASSES`].
    pub class: usize,
    /// Index into [`REASONS`] for rejections.
    pub reason: Option<usize>,
}

impl UserModel {
    /// Add this layer's scores to the shipped logits.
    pub fn add_logits(&self, f: &Features, logits: &mut [f32; 5], rlogits: &mut [f32; 6]) {
        for &(bucket, v) in &f.items {
            if let Some(w) = self.class.get(&bucket) {
                for (o, x) in logits.iter_mut().zip(w) {
                    *o += x * v;
                }
            }
            if let Some(w) = self.reason.get(&bucket) {
                for (o, x) in rlogits.iter_mut().zip(w) {
                    *o += x * v;
                }
            }
        }
    }

    /// This layer's class weights for one bucket, if it changes that bucket.
    pub fn class_row(&self, bucket: u32) -> Option<&[f32; 5]> {
        self.class.get(&bucket)
    }

    /// This layer's push toward rejection (against `other`) for one bucket.
    pub fn push(&self, bucket: u32) -> f32 {
        self.class.get(&bucket).map_or(0.0, |w| w[REJECTION] - w[1])
    }

    /// Number of buckets this layer changes.
    pub fn len(&self) -> usize {
        self.class.len() + self.reason.len()
    }

    /// True when the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.class.is_empty() && self.reason.is_empty()
    }

    /// Fit the layer the way sa-learn and bogofilter learn: the features that are frequent in
    /// what the user taught as one class and rare in ordinary mail (the shipped anchor texts)
    /// get weight toward that class, scaled up just until the taught mail comes out as taught.
    /// Common words and message shape never move, so the rest of the model stays as shipped.
    pub fn fit(shipped: &Weights, taught: &[Taught], anchors: &[Taught]) -> UserModel {
        let mut m = UserModel::default();
        if taught.is_empty() {
            return m;
        }
        let background = doc_freq(anchors.iter());
        let n_bg = anchors.len().max(1) as f32;
        // Per class: how distinctive each feature of that class's taught mail is.
        let mut distinct: BTreeMap<u32, [f32; 5]> = BTreeMap::new();
        let mut reason_distinct: BTreeMap<u32, [f32; 6]> = BTreeMap::new();
        for class in 0..CLASSES.len() {
            let docs: Vec<&Taught> = taught.iter().filter(|t| t.class == class).collect();
            if docs.is_empty() {
                continue;
            }
            let n = docs.len() as f32;
            // One example is a wording; from two on, "the kind" is what at least half of them
            // share (a phrase two of five happen to use is not).
            let min_df = (docs.len() as u32).div_ceil(2);
            for (bucket, df) in doc_freq(docs.iter().copied()) {
                if df < min_df {
                    continue;
                }
                let bg = background.get(&bucket).copied().unwrap_or(0) as f32;
                let lift = ((df as f32 + 0.1) / (n + 0.2)).ln() - ((bg + 0.5) / (n_bg + 1.0)).ln();
                // Only what is clearly rarer in ordinary mail counts.
                if lift > MIN_LIFT {
                    // Weight grows with how much rarer the feature is than the bar, so letter
                    // groups that only just pass it count for little.
                    let lift = lift - MIN_LIFT;
                    distinct.entry(bucket).or_insert([0.0; 5])[class] += lift;
                    if let Some(r) = docs
                        .iter()
                        .filter(|t| t.features.items.iter().any(|(b, _)| *b == bucket))
                        .find_map(|t| t.reason)
                    {
                        reason_distinct.entry(bucket).or_insert([0.0; 6])[r] += lift;
                    }
                }
            }
        }
        // The smallest scale (doubling) at which every taught text comes out as taught.
        let mut scale = 0.25f32;
        for _ in 0..12 {
            m.class = distinct
                .iter()
                .map(|(b, w)| (*b, w.map(|x| x * scale)))
                .collect();
            let learned = taught.iter().all(|t| {
                let mut logits = shipped.class_logits(&t.whole);
                let mut unused = [0f32; 6];
                m.add_logits(&t.whole, &mut logits, &mut unused);
                let p = softmax(logits, shipped.temperature);
                p[t.class] >= TAUGHT_CONFIDENCE
            });
            if learned {
                break;
            }
            scale *= 2.0;
        }
        m.reason = reason_distinct
            .iter()
            .map(|(b, w)| (*b, w.map(|x| x * scale)))
            .collect();
        m
    }

    /// The file form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.class.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.reason.len() as u32).to_le_bytes());
        for (b, w) in &self.class {
            out.extend_from_slice(&b.to_le_bytes());
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        for (b, w) in &self.reason {
            out.extend_from_slice(&b.to_le_bytes());
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Read the file form.
    pub fn from_bytes(b: &[u8]) -> Result<UserModel, UserModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(UserModelError("bad magic"));
        }
        let nc = r.u32()? as usize;
        let nr = r.u32()? as usize;
        if nc.saturating_mul(24) + nr.saturating_mul(28) != b.len().saturating_sub(16) {
            return Err(UserModelError("wrong size"));
        }
        let mut m = UserModel::default();
        for _ in 0..nc {
            let bucket = r.u32()?;
            let mut w = [0f32; 5];
            for x in &mut w {
                *x = r.f32()?;
            }
            m.class.insert(bucket, w);
        }
        for _ in 0..nr {
            let bucket = r.u32()?;
            let mut w = [0f32; 6];
            for x in &mut w {
                *x = r.f32()?;
            }
            m.reason.insert(bucket, w);
        }
        Ok(m)
    }
}

/// The features that come from the wording of a sentence: a taught layer changes only these, so
/// teaching one-liners does not shift every one-liner (message shape stays the shipped model's).
fn sentence_items(f: &Features) -> impl Iterator<Item = (&(u32, f32), &u16)> {
    f.items
        .iter()
        .zip(&f.sentence)
        .filter_map(|(item, s)| s.as_ref().map(|s| (item, s)))
}

/// ln(10): a feature must be ten times as frequent in the taught mail as in ordinary mail
/// (common letter groups such as "ica" or "ent" are not, however often the taught mail has them).
const MIN_LIFT: f32 = std::f32::consts::LN_10;

/// How sure the layer must make the model of each taught text.
const TAUGHT_CONFIDENCE: f32 = 0.95;

/// In how many texts each sentence-level feature occurs.
fn doc_freq<'a>(docs: impl Iterator<Item = &'a Taught>) -> BTreeMap<u32, u32> {
    let mut df = BTreeMap::new();
    for d in docs {
        let mut seen: Vec<u32> = sentence_items(&d.features).map(|(i, _)| i.0).collect();
        seen.sort_unstable();
        seen.dedup();
        for b in seen {
            *df.entry(b).or_insert(0) += 1;
        }
    }
    df
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], UserModelError> {
        let end = self.at.checked_add(n).ok_or(UserModelError("overflow"))?;
        let s = self
            .b
            .get(self.at..end)
            .ok_or(UserModelError("truncated"))?;
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, UserModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn f32(&mut self) -> Result<f32, UserModelError> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(UserModelError("non-finite weight"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_round_trip_and_garbage() {
        let mut m = UserModel::default();
        m.class.insert(42, [0.5, -0.5, 0.0, 0.0, 0.0]);
        m.reason.insert(7, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        let back = UserModel::from_bytes(&m.to_bytes()).expect("reads");
        assert_eq!(back, m);
        assert!((back.push(42) - 1.0).abs() < 1e-6);
        assert!(UserModel::from_bytes(b"RBUSER01\xff\xff\xff\xff").is_err());
        assert!(UserModel::from_bytes(b"").is_err());
    }
}
