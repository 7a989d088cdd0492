//! Fit the class and reason tables by multinomial logistic regression (AdaGrad SGD, fixed seed),
//! then fit the softmax temperature and the default threshold on a held-out split.

use super::features::{Features, BUCKETS};
use super::weights::{softmax, Dense, CLASSES, REASONS, REJECTION};

/// One labelled training text, already turned into features.
#[derive(Debug, Clone)]
pub struct Example {
    /// The features of its new text.
    pub features: Features,
    /// Index into [`CLASSES`].
    pub class: usize,
    /// Index into [`REASONS`] for rejections.
    pub reason: Option<usize>,
    /// Its cross-validation fold (a writer's batch goes to one fold); `None`: always trained on.
    pub fold: Option<usize>,
    /// Whether its out-of-fold score may set the temperature and threshold. Drill batches (one
    /// kind of hard case written in bulk) teach the tables but are no sample of an inbox.
    pub calibrate: bool,
}

/// Knobs of one training run (the defaults are what the shipped model uses).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub rate: f32,
    /// L2 penalty per update on the rows an example touches.
    pub l2: f32,
    /// Shuffle seed.
    pub seed: u64,
    /// Precision the default threshold must reach on the held-out split.
    pub target_precision: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            epochs: 14,
            rate: 0.08,
            l2: 1e-5,
            seed: 0x5eed_2026,
            target_precision: 0.97,
        }
    }
}

/// What a run measured on its held-out split (printed by the trainer).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Examples trained on.
    pub trained: usize,
    /// Examples scored out of fold.
    pub held_out: usize,
    /// Held-out rejection precision at the chosen threshold.
    pub precision: f32,
    /// Held-out rejection recall at the chosen threshold.
    pub recall: f32,
    /// Held-out reason accuracy on true rejections.
    pub reason_accuracy: f32,
    /// Held-out accuracy over all classes (argmax).
    pub class_accuracy: f32,
    /// Held-out precision and recall at a range of thresholds, one line each.
    pub curve: Vec<String>,
    /// Held-out examples on the wrong side of 0.5: (index into the examples, P(rejection)).
    pub misses: Vec<(usize, f32)>,
    /// Every calibrated held-out example: (index into the examples, P(rejection)).
    pub scores: Vec<(usize, f32)>,
}

/// A small deterministic generator (xorshift64*), so training never depends on a crate's RNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One softmax table trained by SGD.
struct Table {
    n: usize,
    w: Vec<f32>,
    g: Vec<f32>,
    b: Vec<f32>,
    gb: Vec<f32>,
}

impl Table {
    fn new(n: usize) -> Table {
        Table {
            n,
            w: vec![0.0; BUCKETS * n],
            g: vec![1e-6; BUCKETS * n],
            b: vec![0.0; n],
            gb: vec![1e-6; n],
        }
    }

    fn logits(&self, f: &Features) -> Vec<f32> {
        let mut out = self.b.clone();
        for &(bucket, v) in &f.items {
            let row = bucket as usize * self.n;
            for (k, o) in out.iter_mut().enumerate() {
                *o += self.w[row + k] * v;
            }
        }
        out
    }

    fn step(&mut self, f: &Features, target: usize, p: &Params) {
        let logits = self.logits(f);
        let m = logits.iter().fold(f32::NEG_INFINITY, |a, &x| a.max(x));
        let exp: Vec<f32> = logits.iter().map(|x| (x - m).exp()).collect();
        let sum: f32 = exp.iter().sum();
        let grad: Vec<f32> = exp
            .iter()
            .enumerate()
            .map(|(k, e)| e / sum - if k == target { 1.0 } else { 0.0 })
            .collect();
        for (k, gk) in grad.iter().enumerate() {
            self.gb[k] += gk * gk;
            self.b[k] -= p.rate * gk / self.gb[k].sqrt();
        }
        for &(bucket, v) in &f.items {
            let row = bucket as usize * self.n;
            for (k, gk) in grad.iter().enumerate() {
                let i = row + k;
                let g = gk * v + p.l2 * self.w[i];
                self.g[i] += g * g;
                self.w[i] -= p.rate * g / self.g[i].sqrt();
            }
        }
    }
}

fn fit_tables(examples: &[Example], keep: impl Fn(&Example) -> bool, p: &Params) -> (Table, Table) {
    let mut rng = Rng(p.seed | 1);
    let mut classes = Table::new(CLASSES.len());
    let mut reasons = Table::new(REASONS.len());
    let mut order: Vec<usize> = (0..examples.len())
        .filter(|&i| keep(&examples[i]))
        .collect();
    for _ in 0..p.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let e = &examples[i];
            classes.step(&e.features, e.class, p);
            if let Some(r) = e.reason {
                reasons.step(&e.features, r, p);
            }
        }
    }
    (classes, reasons)
}

/// Out-of-fold predictions: each fold scored by tables fitted on the other folds (the folds run
/// on their own threads; each is deterministic, so the result is too).
fn out_of_fold(examples: &[Example], p: &Params) -> Vec<Option<([f32; 5], usize)>> {
    let mut folds: Vec<usize> = examples.iter().filter_map(|e| e.fold).collect();
    folds.sort_unstable();
    folds.dedup();
    let per_fold: Vec<Vec<(usize, [f32; 5], usize)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = folds
            .iter()
            .map(|&f| {
                scope.spawn(move || {
                    let (classes, reasons) = fit_tables(examples, |e| e.fold != Some(f), p);
                    examples
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.fold == Some(f))
                        .map(|(i, e)| {
                            let l = classes.logits(&e.features);
                            let r = argmax(&reasons.logits(&e.features));
                            (i, [l[0], l[1], l[2], l[3], l[4]], r)
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = vec![None; examples.len()];
    for (i, l, r) in per_fold.into_iter().flatten() {
        out[i] = Some((l, r));
    }
    out
}

/// Calibrate on out-of-fold predictions (folds are whole writers' batches, so the threshold is
/// chosen on writing the tables never saw), then fit the shipped tables on every example.
/// With `final_fit` false only the cross-validation runs (for experiments).
pub fn train(
    examples: &[Example],
    p: &Params,
    data_hash: [u8; 32],
    final_fit: bool,
) -> (Dense, Report) {
    let oof = out_of_fold(examples, p);
    let held_idx: Vec<usize> = (0..examples.len())
        .filter(|&i| oof[i].is_some() && examples[i].calibrate)
        .collect();
    let held: Vec<&Example> = held_idx.iter().map(|&i| &examples[i]).collect();
    let logits: Vec<Vec<f32>> = held_idx
        .iter()
        .filter_map(|&i| oof[i].map(|(l, _)| l.to_vec()))
        .collect();
    let temperature = fit_temperature(&held, &logits);
    let probs: Vec<[f32; 5]> = logits
        .iter()
        .map(|l| softmax([l[0], l[1], l[2], l[3], l[4]], temperature))
        .collect();
    let threshold = fit_threshold(&held, &probs, p.target_precision);
    let mut report = measure(&held, &probs, threshold);
    report.curve = (3..=19)
        .map(|i| {
            let t = i as f32 * 0.05;
            let r = measure(&held, &probs, t);
            format!(
                "threshold {t:.2}: precision {:.3} recall {:.3}",
                r.precision, r.recall
            )
        })
        .collect();
    report.scores = held_idx
        .iter()
        .zip(&probs)
        .map(|(&i, p)| (i, p[REJECTION]))
        .collect();
    report.misses = report
        .scores
        .iter()
        .copied()
        .filter(|&(i, p)| (p >= 0.5) != (examples[i].class == REJECTION))
        .collect();
    report.held_out = held.len();
    let (mut right, mut total) = (0usize, 0usize);
    for &i in &held_idx {
        if let (Some(r), Some((_, pred))) = (examples[i].reason, oof[i]) {
            total += 1;
            right += usize::from(pred == r);
        }
    }
    report.reason_accuracy = ratio(right, total);
    let (classes, reasons) = if final_fit {
        fit_tables(examples, |_| true, p)
    } else {
        (Table::new(CLASSES.len()), Table::new(REASONS.len()))
    };
    report.trained = examples.len();
    let dense = Dense {
        class_w: classes.w,
        class_b: classes.b,
        reason_w: reasons.w,
        reason_b: reasons.b,
        temperature,
        threshold,
        data_hash,
    };
    (dense, report)
}

fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 {
        0.0
    } else {
        a as f32 / b as f32
    }
}

/// The temperature that minimises held-out log loss (a grid is enough for one number).
fn fit_temperature(held: &[&Example], logits: &[Vec<f32>]) -> f32 {
    if held.is_empty() {
        return 1.0;
    }
    let mut best = (f32::INFINITY, 1.0);
    for step in 0..60 {
        let t = 0.3 + step as f32 * 0.05;
        let loss: f32 = held
            .iter()
            .zip(logits)
            .map(|(e, l)| {
                let p = softmax([l[0], l[1], l[2], l[3], l[4]], t);
                -(p[e.class].max(1e-7)).ln()
            })
            .sum();
        if loss < best.0 {
            best = (loss, t);
        }
    }
    best.1
}

/// The lowest P(rejection) threshold whose held-out precision reaches the target (never below
/// 0.5, so a rejection is always the likelier reading).
fn fit_threshold(held: &[&Example], probs: &[[f32; 5]], target: f32) -> f32 {
    let mut best = 0.9;
    for step in (0..=45).rev() {
        let t = 0.5 + step as f32 * 0.01;
        let r = measure(held, probs, t);
        if r.precision >= target && r.recall > 0.0 {
            best = t;
        } else {
            break;
        }
    }
    best
}

fn measure(held: &[&Example], probs: &[[f32; 5]], threshold: f32) -> Report {
    let (mut tp, mut fp, mut fn_, mut right) = (0usize, 0usize, 0usize, 0usize);
    for (e, p) in held.iter().zip(probs) {
        let said = p[REJECTION] >= threshold;
        let is = e.class == REJECTION;
        match (said, is) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        if argmax(p) == e.class {
            right += 1;
        }
    }
    Report {
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        class_accuracy: ratio(right, held.len()),
        ..Report::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::model::features::extract;
    use crate::classify::sentences;

    fn ex(text: &str, class: usize, fold: usize) -> Example {
        let s = sentences::split(text);
        Example {
            features: extract(&s, &[], &[], None, false),
            class,
            reason: (class == REJECTION).then_some(5),
            fold: Some(fold),
            calibrate: true,
        }
    }

    /// Forty declines and forty acceptances, over three folds.
    fn toy_set() -> Vec<Example> {
        let mut data = Vec::new();
        for i in 0..40 {
            data.push(ex(&format!("we will pass on this offer {i}"), 0, i % 3));
            data.push(ex(
                &format!("great, let us sign the contract {i}"),
                1,
                i % 3,
            ));
        }
        data
    }

    #[test]
    fn learns_a_separable_toy_set_and_is_deterministic() {
        let data = toy_set();
        let p = Params {
            epochs: 5,
            ..Params::default()
        };
        let (a, report) = train(&data, &p, [0; 32], true);
        let (b, _) = train(&data, &p, [0; 32], true);
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert!(report.recall > 0.9 && report.precision > 0.9, "{report:?}");
    }

    #[test]
    fn drill_examples_teach_but_never_set_the_threshold() {
        let p = Params {
            epochs: 5,
            ..Params::default()
        };
        let data = toy_set();
        // A drill in one fold: not-rejections worded like the rejections, which the other folds never
        // saw, so they score high out of fold.
        let mut drilled = data.clone();
        for i in 0..40 {
            let mut d = ex(&format!("we will pass on this offer {i} now"), 1, 0);
            d.calibrate = false;
            drilled.push(d);
        }
        let (_, plain) = train(&data, &p, [0; 32], false);
        let (_, with_drill) = train(&drilled, &p, [0; 32], false);
        assert_eq!(with_drill.held_out, plain.held_out);
        assert_eq!(with_drill.trained, drilled.len());
        // Counted in, the same drill drags precision down at the threshold the clean set earns.
        for d in drilled.iter_mut() {
            d.calibrate = true;
        }
        let (_, counted) = train(&drilled, &p, [0; 32], false);
        assert_eq!(counted.held_out, drilled.len());
        assert!(
            counted.precision < with_drill.precision,
            "{counted:?} {with_drill:?}"
        );
    }
}
