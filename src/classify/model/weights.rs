//! The linear model's weights and their file format: class and reason tables over hashed rows.
//! Stored as little-endian i16 with one scale per output; held as i16 rows (23 MB at 20 bits) once read.

use std::borrow::Cow;

use super::features::{Features, BITS, BUCKETS};

/// Message classes the model scores, in table order.
pub const CLASSES: [&str; 5] = [
    "rejection",
    "other",
    "referral",
    "unsubscribe",
    "auto_reply",
];
/// Reasons the reason table scores, in table order (as `Reason::ALL`).
pub const REASONS: [&str; 6] = [
    "price",
    "timing",
    "competitor",
    "no_need",
    "no_decision",
    "unspecified",
];
/// Index of `rejection` in [`CLASSES`].
pub const REJECTION: usize = 0;

const MAGIC: &[u8; 8] = b"RBMODEL1";
const HEADER: usize = 8 + 4 * 4 + 4 * 3 + 32;

/// A model that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a model of this version.
    #[error("not a rebound model file ({0})")]
    Format(&'static str),
}

/// Trained weights in f32, as the trainer produces them before quantising.
#[derive(Debug, Clone)]
pub struct Dense {
    /// `BUCKETS * CLASSES.len()` class weights, row-major by bucket.
    pub class_w: Vec<f32>,
    /// Class biases.
    pub class_b: Vec<f32>,
    /// `BUCKETS * REASONS.len()` reason weights.
    pub reason_w: Vec<f32>,
    /// Reason biases.
    pub reason_b: Vec<f32>,
    /// Softmax temperature fitted on held-out data.
    pub temperature: f32,
    /// P(rejection) at or above which a message is a rejection by default.
    pub threshold: f32,
    /// SHA-256 of the training data the weights came from.
    pub data_hash: [u8; 32],
}

/// A quantised model (from `include_bytes!` or a file read once).
#[derive(Debug, Clone)]
pub struct Weights {
    /// The whole file; the i16 rows are read in place, so loading copies nothing (start-up).
    bytes: Cow<'static, [u8]>,
    /// Byte offset of the class rows (`CLASSES.len()` little-endian i16 per bucket).
    class_at: usize,
    /// Byte offset of the reason rows (`REASONS.len()` per bucket).
    reason_at: usize,
    class_scale: [f32; 5],
    reason_scale: [f32; 6],
    class_b: [f32; 5],
    reason_b: [f32; 6],
    /// Softmax temperature.
    pub temperature: f32,
    /// Default decision threshold on P(rejection).
    pub threshold: f32,
    /// SHA-256 of the training data.
    pub data_hash: [u8; 32],
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    f32::from_le_bytes(x)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

impl Dense {
    /// Quantise to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let k = CLASSES.len();
        let r = REASONS.len();
        let mut out = Vec::with_capacity(HEADER + (k + r) * 8 + BUCKETS * (k + r) * 2);
        out.extend_from_slice(MAGIC);
        for v in [BITS, k as u32, r as u32, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [self.temperature, self.threshold, 0.0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.data_hash);
        let scales = |w: &[f32], n: usize| -> Vec<f32> {
            (0..n)
                .map(|j| {
                    let m = w
                        .iter()
                        .skip(j)
                        .step_by(n)
                        .fold(0f32, |a, &x| a.max(x.abs()));
                    if m > 0.0 {
                        m / 32767.0
                    } else {
                        1.0
                    }
                })
                .collect()
        };
        let cs = scales(&self.class_w, k);
        let rs = scales(&self.reason_w, r);
        for v in cs
            .iter()
            .chain(&self.class_b)
            .chain(&rs)
            .chain(&self.reason_b)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (w, s, n) in [(&self.class_w, &cs, k), (&self.reason_w, &rs, r)] {
            for (i, x) in w.iter().enumerate() {
                let q = (x / s[i % n]).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }
}

impl Weights {
    /// Read a model file's bytes (checked once).
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Weights, ModelError> {
        let b: &[u8] = bytes.as_ref();
        let k = CLASSES.len();
        let r = REASONS.len();
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(ModelError::Format("bad magic"));
        }
        if u32_at(b, 8) != BITS || u32_at(b, 12) as usize != k || u32_at(b, 16) as usize != r {
            return Err(ModelError::Format("unexpected dimensions"));
        }
        let want = HEADER + (k + r) * 8 + BUCKETS * (k + r) * 2;
        if b.len() != want {
            return Err(ModelError::Format("wrong size"));
        }
        let temperature = f32_at(b, 24);
        let threshold = f32_at(b, 28);
        let mut data_hash = [0u8; 32];
        data_hash.copy_from_slice(&b[36..68]);
        let mut at = HEADER;
        let mut take = |out: &mut [f32]| {
            for x in out.iter_mut() {
                *x = f32_at(b, at);
                at += 4;
            }
        };
        let mut class_scale = [0f32; 5];
        let mut class_b = [0f32; 5];
        let mut reason_scale = [0f32; 6];
        let mut reason_b = [0f32; 6];
        take(&mut class_scale);
        take(&mut class_b);
        take(&mut reason_scale);
        take(&mut reason_b);
        if !(temperature.is_finite() && temperature > 0.0 && threshold.is_finite()) {
            return Err(ModelError::Format("bad calibration"));
        }
        let class_at = HEADER + (k + r) * 8;
        let reason_at = class_at + BUCKETS * k * 2;
        Ok(Weights {
            bytes,
            class_at,
            reason_at,
            class_scale,
            reason_scale,
            class_b,
            reason_b,
            temperature,
            threshold,
            data_hash,
        })
    }

    /// The quantised row of one bucket in the table at byte offset `table`.
    fn row<const N: usize>(&self, table: usize, bucket: u32) -> [i16; N] {
        let at = table + bucket as usize * N * 2;
        let mut row = [0i16; N];
        if let Some(b) = self.bytes.get(at..at + N * 2) {
            for (q, c) in row.iter_mut().zip(b.chunks_exact(2)) {
                *q = i16::from_le_bytes([c[0], c[1]]);
            }
        }
        row
    }

    /// Class weight of one bucket (dequantised).
    pub fn class_weight(&self, bucket: u32, class: usize) -> f32 {
        f32::from(self.row::<5>(self.class_at, bucket)[class]) * self.class_scale[class]
    }

    /// Reason weight of one bucket (dequantised).
    pub fn reason_weight(&self, bucket: u32, reason: usize) -> f32 {
        f32::from(self.row::<6>(self.reason_at, bucket)[reason]) * self.reason_scale[reason]
    }

    /// Summed rows of a feature set, dequantised, plus the biases.
    fn logits<const N: usize>(
        &self,
        table: usize,
        scale: [f32; N],
        bias: [f32; N],
        f: &Features,
    ) -> [f32; N] {
        let mut acc = [0f32; N];
        for &(bucket, v) in &f.items {
            for (a, q) in acc.iter_mut().zip(self.row::<N>(table, bucket)) {
                *a += f32::from(q) * v;
            }
        }
        let mut out = bias;
        for ((o, a), s) in out.iter_mut().zip(acc).zip(scale) {
            *o += a * s;
        }
        out
    }

    /// Raw class scores (logits) of a feature set.
    pub fn class_logits(&self, f: &Features) -> [f32; 5] {
        self.logits(self.class_at, self.class_scale, self.class_b, f)
    }

    /// Raw reason scores (logits) of a feature set.
    pub fn reason_logits(&self, f: &Features) -> [f32; 6] {
        self.logits(self.reason_at, self.reason_scale, self.reason_b, f)
    }
}

/// Softmax with a temperature, in place.
pub fn softmax<const N: usize>(logits: [f32; N], temperature: f32) -> [f32; N] {
    let t = if temperature > 0.0 { temperature } else { 1.0 };
    let m = logits.iter().fold(f32::NEG_INFINITY, |a, &x| a.max(x / t));
    let mut out = logits.map(|x| (x / t - m).exp());
    let sum: f32 = out.iter().sum();
    if sum > 0.0 {
        for x in &mut out {
            *x /= sum;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantised_round_trip_keeps_weights_close() {
        let k = CLASSES.len();
        let r = REASONS.len();
        let mut d = Dense {
            class_w: vec![0.0; BUCKETS * k],
            class_b: vec![0.1, -0.2, 0.3, 0.0, 0.5],
            reason_w: vec![0.0; BUCKETS * r],
            reason_b: vec![0.0; r],
            temperature: 1.3,
            threshold: 0.6,
            data_hash: [7; 32],
        };
        d.class_w[5 * k] = 2.5;
        d.class_w[9 * k + 2] = -1.25;
        d.reason_w[3 * r + 4] = 0.75;
        let w = Weights::from_bytes(d.to_bytes().into()).expect("reads back");
        assert!((w.class_weight(5, 0) - 2.5).abs() < 1e-3);
        assert!((w.class_weight(9, 2) + 1.25).abs() < 1e-3);
        assert!((w.reason_weight(3, 4) - 0.75).abs() < 1e-3);
        assert_eq!(w.class_weight(4, 0), 0.0);
        assert_eq!(w.threshold, 0.6);
        assert_eq!(w.data_hash, [7; 32]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for b in [&b""[..], b"RBMODEL1", b"RBMODEL1\x12\x00\x00\x00"] {
            assert!(Weights::from_bytes(b.to_vec().into()).is_err());
        }
    }

    #[test]
    fn softmax_sums_to_one() {
        let p = softmax([1.0, 2.0, 3.0], 2.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[2] > p[1] && p[1] > p[0]);
    }
}
