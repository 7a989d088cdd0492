//! Measures the classifier on the labeled corpus in tests/corpus: rejection precision and recall,
//! reason accuracy and class accuracy; prints every miss and fails below the agreed thresholds.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rebound::classify::{Class, Classifier, Rules};

/// Rejection precision must reach this.
const MIN_PRECISION: f64 = 0.97;
/// Rejection recall must reach this.
const MIN_RECALL: f64 = 0.95;
/// Reason accuracy on correctly found rejections must reach this.
const MIN_REASON_ACCURACY: f64 = 0.85;
/// The corpus must keep at least this many messages.
const MIN_FILES: usize = 150;
/// ... and at least this many that are not English.
const MIN_NON_ENGLISH: usize = 20;

const CLASSES: [&str; 6] = [
    "rejection",
    "referral",
    "unsubscribe",
    "auto_reply",
    "bulk",
    "other",
];
const REASONS: [&str; 6] = [
    "price",
    "timing",
    "competitor",
    "no_need",
    "no_decision",
    "unspecified",
];

/// One entry of labels.json.
#[derive(Debug, Clone)]
struct Label {
    class: String,
    reason: Option<String>,
    lang: String,
    note: String,
}

/// What the classifier said about one file.
#[derive(Debug, Clone)]
struct Prediction {
    class: String,
    reason: Option<String>,
    evidence: Option<String>,
    new_text: String,
    error: Option<String>,
}

/// Counts behind the scores.
#[derive(Debug, Default, Clone, PartialEq)]
struct Tally {
    total: usize,
    class_correct: usize,
    /// Rejection predicted and labeled.
    tp: usize,
    /// Rejection predicted, not labeled.
    fp: usize,
    /// Rejection labeled, not predicted.
    fn_: usize,
    /// Among tp: reason matches.
    reason_correct: usize,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// tp / (tp + fp); 0 when nothing was predicted positive (an empty classifier must not pass).
fn precision(tp: usize, fp: usize) -> f64 {
    ratio(tp, tp + fp)
}

/// tp / (tp + fn); 0 when there is nothing to find.
fn recall(tp: usize, fn_: usize) -> f64 {
    ratio(tp, tp + fn_)
}

/// part / whole, 0 for an empty whole.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Harmonic mean of precision and recall.
fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Add one (label, prediction) pair to the tally.
fn score(t: &mut Tally, expected: &Label, got: &Prediction) {
    t.total += 1;
    if expected.class == got.class {
        t.class_correct += 1;
    }
    let want = expected.class == "rejection";
    let have = got.class == "rejection";
    match (want, have) {
        (true, true) => {
            t.tp += 1;
            if expected.reason == got.reason {
                t.reason_correct += 1;
            }
        }
        (false, true) => t.fp += 1,
        (true, false) => t.fn_ += 1,
        (false, false) => {}
    }
}

/// A miss is a wrong class, or a found rejection with the wrong reason.
fn is_miss(expected: &Label, got: &Prediction) -> bool {
    expected.class != got.class || (expected.class == "rejection" && expected.reason != got.reason)
}

fn load_labels() -> BTreeMap<String, Label> {
    let raw = fs::read_to_string(corpus_dir().join("labels.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let obj = json.as_object().expect("labels.json is an object");
    obj.iter()
        .map(|(file, v)| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let label = Label {
                class: s("class").unwrap_or_else(|| panic!("{file}: no class")),
                reason: s("reason"),
                lang: s("lang").unwrap_or_else(|| panic!("{file}: no lang")),
                note: s("note").unwrap_or_default(),
            };
            (file.clone(), label)
        })
        .collect()
}

fn eml_files() -> BTreeSet<String> {
    fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect()
}

fn predict(classifier: &Classifier, raw: &[u8]) -> Prediction {
    match rebound::message::parse(raw) {
        Ok(mail) => {
            let v = classifier.classify(&mail);
            Prediction {
                class: v.class.as_str().to_string(),
                reason: v.reason.map(|r| r.as_str().to_string()),
                evidence: v.evidence,
                new_text: mail.new_text,
                error: None,
            }
        }
        Err(e) => Prediction {
            class: Class::Other.as_str().to_string(),
            reason: None,
            evidence: None,
            new_text: String::new(),
            error: Some(e.to_string()),
        },
    }
}

fn head(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(n).collect()
}

fn show(x: &Option<String>) -> &str {
    x.as_deref().unwrap_or("-")
}

#[test]
fn corpus_is_complete_and_labels_are_valid() {
    let labels = load_labels();
    let files = eml_files();
    let labeled: BTreeSet<String> = labels.keys().cloned().collect();
    let unlabeled: Vec<_> = files.difference(&labeled).collect();
    let orphans: Vec<_> = labeled.difference(&files).collect();
    assert!(unlabeled.is_empty(), "files without a label: {unlabeled:?}");
    assert!(orphans.is_empty(), "labels without a file: {orphans:?}");
    assert!(
        files.len() >= MIN_FILES,
        "corpus has {} files, want at least {MIN_FILES}",
        files.len()
    );
    let non_en = labels.values().filter(|l| l.lang != "en").count();
    assert!(
        non_en >= MIN_NON_ENGLISH,
        "corpus has {non_en} non-English files, want at least {MIN_NON_ENGLISH}"
    );
    for (file, l) in &labels {
        assert!(
            CLASSES.contains(&l.class.as_str()),
            "{file}: bad class {}",
            l.class
        );
        match (&l.reason, l.class.as_str()) {
            (Some(r), "rejection") => {
                assert!(REASONS.contains(&r.as_str()), "{file}: bad reason {r}")
            }
            (None, "rejection") => panic!("{file}: rejection without reason"),
            (Some(r), c) => panic!("{file}: reason {r} on class {c}"),
            (None, _) => {}
        }
        assert!(!l.note.is_empty(), "{file}: empty note");
    }
}

#[test]
fn classifier_meets_thresholds_on_corpus() {
    let labels = load_labels();
    let classifier = Classifier::new(&Rules::default()).unwrap();
    let mut tally = Tally::default();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    // language -> (rejections labeled, rejections found)
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (file, label) in &labels {
        let raw = fs::read(corpus_dir().join(file)).unwrap();
        let got = predict(&classifier, &raw);
        score(&mut tally, label, &got);
        *confusion
            .entry((label.class.clone(), got.class.clone()))
            .or_default() += 1;
        if label.class == "rejection" {
            let e = by_lang.entry(label.lang.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(got.class == "rejection");
        }
        if is_miss(label, &got) {
            misses.push((file.clone(), label.clone(), got));
        }
    }

    let p = precision(tally.tp, tally.fp);
    let r = recall(tally.tp, tally.fn_);
    let reason_acc = ratio(tally.reason_correct, tally.tp);
    let class_acc = ratio(tally.class_correct, tally.total);

    println!("\n== {} misses ==", misses.len());
    for (file, want, got) in &misses {
        println!(
            "{file} [{}] expected {}/{} got {}/{}  ({})",
            want.lang,
            want.class,
            show(&want.reason),
            got.class,
            show(&got.reason),
            want.note
        );
        if let Some(e) = &got.error {
            println!("    parse error: {e}");
        }
        println!("    evidence: {}", show(&got.evidence));
        println!("    new_text: {}", head(&got.new_text, 200));
    }

    println!("\n== corpus evaluation: {} messages ==", tally.total);
    println!(
        "rejection: precision {:.3} (min {MIN_PRECISION})  recall {:.3} (min {MIN_RECALL})  F1 {:.3}",
        p,
        r,
        f1(p, r)
    );
    println!(
        "           tp {}  fp {}  fn {}",
        tally.tp, tally.fp, tally.fn_
    );
    println!(
        "reason accuracy on found rejections: {:.3} ({}/{}, min {MIN_REASON_ACCURACY})",
        reason_acc, tally.reason_correct, tally.tp
    );
    println!(
        "class accuracy (information): {:.3} ({}/{})",
        class_acc, tally.class_correct, tally.total
    );
    let langs: Vec<String> = by_lang
        .iter()
        .map(|(l, (n, found))| format!("{l} {found}/{n}"))
        .collect();
    println!("rejection recall per language: {}", langs.join(", "));
    println!("confusion (expected -> got: count):");
    for ((want, got), n) in &confusion {
        println!("  {want:>11} -> {got:<11} {n}");
    }
    let mut failures = Vec::new();
    if p < MIN_PRECISION {
        failures.push(format!("precision {p:.3} < {MIN_PRECISION}"));
    }
    if r < MIN_RECALL {
        failures.push(format!("recall {r:.3} < {MIN_RECALL}"));
    }
    if reason_acc < MIN_REASON_ACCURACY {
        failures.push(format!(
            "reason accuracy {reason_acc:.3} < {MIN_REASON_ACCURACY}"
        ));
    }
    assert!(
        failures.is_empty(),
        "corpus thresholds not met: {}",
        failures.join(", ")
    );
}

fn label(class: &str, reason: Option<&str>) -> Label {
    Label {
        class: class.into(),
        reason: reason.map(str::to_string),
        lang: "en".into(),
        note: "t".into(),
    }
}

fn pred(class: &str, reason: Option<&str>) -> Prediction {
    Prediction {
        class: class.into(),
        reason: reason.map(str::to_string),
        evidence: None,
        new_text: String::new(),
        error: None,
    }
}

#[test]
fn metric_math() {
    assert_eq!(precision(0, 0), 0.0);
    assert_eq!(recall(0, 0), 0.0);
    assert!((precision(97, 3) - 0.97).abs() < 1e-12);
    assert!((recall(19, 1) - 0.95).abs() < 1e-12);
    assert!((f1(1.0, 0.5) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(f1(0.0, 0.0), 0.0);

    let mut t = Tally::default();
    score(
        &mut t,
        &label("rejection", Some("price")),
        &pred("rejection", Some("price")),
    );
    score(
        &mut t,
        &label("rejection", Some("timing")),
        &pred("rejection", Some("price")),
    );
    score(
        &mut t,
        &label("rejection", Some("timing")),
        &pred("other", None),
    );
    score(
        &mut t,
        &label("other", None),
        &pred("rejection", Some("price")),
    );
    score(&mut t, &label("bulk", None), &pred("auto_reply", None));
    score(&mut t, &label("other", None), &pred("other", None));
    assert_eq!(
        t,
        Tally {
            total: 6,
            class_correct: 3,
            tp: 2,
            fp: 1,
            fn_: 1,
            reason_correct: 1,
        }
    );
    assert!(is_miss(
        &label("rejection", Some("timing")),
        &pred("rejection", Some("price"))
    ));
    assert!(is_miss(&label("bulk", None), &pred("other", None)));
    assert!(!is_miss(&label("other", None), &pred("other", None)));
}
