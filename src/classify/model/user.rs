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
#[error("the taught model is unreadable ({0}); run `rebound learn --rebuild`")]
pub struct UserModelError(&'static str);

/// One taught (or anchor) text as features with its label.
#[derive(Debug, Clone)]
pub struct Taught {
    /// Its features.
    pub features: Features,
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

    /// Fit the layer so the taught examples come out as labelled, while anchors (texts from the
    /// training data) keep the shipped model's behaviour on everything else.
    pub fn fit(shipped: &Weights, taught: &[Taught], anchors: &[Taught]) -> UserModel {
        let mut m = UserModel::default();
        if taught.is_empty() {
            return m;
        }
        let rate = 0.5f32;
        let l2 = 1e-3f32;
        for _ in 0..40 {
            for (i, t) in taught.iter().chain(anchors).enumerate() {
                // Taught texts count more than any one anchor: the user said so explicitly.
                let weight = if i < taught.len() { 1.0 } else { 0.3 };
                m.step_class(shipped, t, rate * weight, l2);
                if let Some(r) = t.reason {
                    m.step_reason(shipped, t, r, rate * weight, l2);
                }
            }
        }
        m
    }

    fn step_class(&mut self, shipped: &Weights, t: &Taught, rate: f32, l2: f32) {
        let mut logits = shipped.class_logits(&t.features);
        let mut unused = [0f32; 6];
        self.add_logits(&t.features, &mut logits, &mut unused);
        let p = softmax(logits, shipped.temperature);
        let grad: Vec<f32> = (0..CLASSES.len())
            .map(|k| p[k] - if k == t.class { 1.0 } else { 0.0 })
            .collect();
        if grad.iter().all(|g| g.abs() < 0.02) {
            return;
        }
        for &(bucket, v) in &t.features.items {
            let w = self.class.entry(bucket).or_insert([0.0; 5]);
            for (k, g) in grad.iter().enumerate() {
                w[k] -= rate * (g * v + l2 * w[k]);
            }
        }
    }

    fn step_reason(&mut self, shipped: &Weights, t: &Taught, r: usize, rate: f32, l2: f32) {
        let mut unused = [0f32; 5];
        let mut rlogits = shipped.reason_logits(&t.features);
        self.add_logits(&t.features, &mut unused, &mut rlogits);
        let p = softmax(rlogits, 1.0);
        if (1.0 - p[r]) < 0.02 {
            return;
        }
        for &(bucket, v) in &t.features.items {
            let w = self.reason.entry(bucket).or_insert([0.0; 6]);
            for (k, wk) in w.iter_mut().enumerate() {
                let g = p[k] - if k == r { 1.0 } else { 0.0 };
                *wk -= rate * (g * v + l2 * *wk);
            }
        }
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
