//! The learned classifier through the real binary: `--explain`, `--min-confidence`, the "maybe"
//! band in summaries, and `rebound learn` (teach, list, forget) in an isolated HOME.

use std::path::{Path, PathBuf};

mod support;

use support::sandbox::Sandbox;

fn jsonl_of(sb: &Sandbox, args: &[&str]) -> Vec<serde_json::Value> {
    sb.stdout_of(args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn mail(id: &str, body: &str) -> String {
    format!(
        "From: Pat Buyer <pat@buyer.example>\nTo: alex@seller.example\nSubject: Re: Our offer\n\
         Message-ID: <{id}@buyer.example>\nDate: Tue, 10 Nov 2026 09:12:00 +0100\n\n\
         Hi Alex,\n\n{body}\n\nBest,\nPat\n"
    )
}

const DECLINE: &str = "Thanks for the proposal. After careful consideration we have decided not \
                       to move forward with it.";
/// A decline the model reads as one without being certain (P below 0.9999).
const SOFT_DECLINE: &str = "Thanks for the proposal. We will probably pass this time.";
const ACCEPT: &str = "Great news: we have decided to go ahead. Please send the contract.";

#[test]
fn explain_adds_the_read_text_and_weighed_features_only_when_asked() {
    let sb = Sandbox::new();
    sb.write("d.eml", mail("d1", DECLINE));
    let plain = jsonl_of(&sb, &["classify", "--format", "jsonl", "d.eml"]);
    let keys: Vec<&String> = plain[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "class",
            "confidence",
            "date",
            "evidence",
            "file",
            "from",
            "language",
            "message_id",
            "reason",
            "subject"
        ]
    );
    let explained = jsonl_of(
        &sb,
        &["classify", "--explain", "--format", "jsonl", "d.eml"],
    );
    let e = &explained[0];
    assert_eq!(e["class"], plain[0]["class"]);
    assert_eq!(e["class"], "rejection");
    let text = e["new_text"].as_str().unwrap();
    assert!(text.contains("decided not to move forward"), "{text}");
    assert!(!text.contains("Best,\nPat"), "signature left in: {text}");
    let features = e["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        assert!(f["feature"].is_string() && f["weight"].is_number(), "{f}");
    }
    // The strongest push toward rejection is named, and it is a real piece of the text.
    let top = features
        .iter()
        .filter(|f| f["weight"].as_f64().unwrap() > 0.0)
        .map(|f| f["feature"].as_str().unwrap().to_string())
        .next()
        .expect("something weighed for rejection");
    assert!(top.contains(':'), "{top}");

    let human = sb.stdout_of(&["classify", "--explain", "d.eml"]);
    assert!(human.contains("new text read by the classifier"), "{human}");
    assert!(human.contains("deciding sentence:"), "{human}");
    assert!(human.contains("weighed most"), "{human}");
}

#[test]
fn min_confidence_moves_the_threshold_and_rejects_nonsense() {
    let sb = Sandbox::new();
    sb.write("in/a.eml", mail("a1", ACCEPT));
    sb.write("in/d.eml", mail("d1", DECLINE));
    let default = jsonl_of(&sb, &["classify", "--format", "jsonl", "in"]);
    let class = |v: &[serde_json::Value], f: &str| {
        v.iter()
            .find(|l| l["file"].as_str().unwrap().ends_with(f))
            .map(|l| l["class"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(class(&default, "a.eml"), "other");
    assert_eq!(class(&default, "d.eml"), "rejection");
    // At 0 everything the model reads is a rejection; the rules still decide robots.
    let zero = jsonl_of(
        &sb,
        &[
            "classify",
            "--min-confidence",
            "0",
            "--format",
            "jsonl",
            "in",
        ],
    );
    assert_eq!(class(&zero, "a.eml"), "rejection");
    sb.write("xdg/rebound/config.toml", "[rules]\nmin_confidence = 0.0\n");
    let from_config = jsonl_of(&sb, &["classify", "--format", "jsonl", "in"]);
    assert_eq!(class(&from_config, "a.eml"), "rejection");
    for bad in ["1.5", "-0.1", "often"] {
        let out = sb
            .cmd()
            .args(["classify", "--min-confidence", bad, "in"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn batch_lists_the_maybe_band_and_drafts_none_of_it() {
    let sb = Sandbox::new();
    sb.write("in/d.eml", mail("d1", SOFT_DECLINE));
    // A threshold above the decline's probability moves it into the band below.
    let out = sb
        .cmd()
        .args([
            "batch",
            "in",
            "--out",
            "drafts",
            "--min-confidence",
            "0.9999",
            "--from",
            "Alex <alex@seller.example>",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("maybe: 1 close to the rejection threshold"),
        "{stdout}"
    );
    assert!(stdout.contains("in/d.eml"), "{stdout}");
    let drafts = std::fs::read_dir(sb.path("drafts")).map_or(0, |d| d.count());
    assert_eq!(drafts, 0);
}

fn classes(sb: &Sandbox, dir: &str) -> Vec<(String, String)> {
    jsonl_of(sb, &["classify", "--format", "jsonl", dir])
        .iter()
        .map(|l| {
            (
                l["file"].as_str().unwrap().to_string(),
                l["class"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Rejection precision and recall of the binary on one labelled eval set (totals only).
fn blind_scores(sb: &Sandbox, set: &Path) -> (f64, f64) {
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(set.join("labels.json")).unwrap()).unwrap();
    let preds = jsonl_of(
        sb,
        &["classify", "--format", "jsonl", set.to_str().unwrap()],
    );
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for p in &preds {
        let name = Path::new(p["file"].as_str().unwrap()).file_name().unwrap();
        let gold = &labels[name.to_str().unwrap()]["class"];
        match (p["class"] == "rejection", gold == "rejection") {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => {}
        }
    }
    (tp / (tp + fp), tp / (tp + fn_))
}

#[test]
fn learn_finds_a_taught_kind_of_decline_keeps_blind_scores_and_forgets() {
    let sb = Sandbox::new();
    // An idiom of one team: a proposal "goes to the pelicans". The shipped model cannot know it.
    let target = "Honestly, I think this one goes to the pelican drawer.";
    sb.write("target/t.eml", mail("t1", target));
    assert_ne!(
        classes(&sb, "target")[0].1,
        "rejection",
        "the shipped model already finds this wording: pick an idiom it cannot know"
    );
    // What a user teaches is what the model missed: the same kind, worded differently.
    let taught = [
        "Your proposal is with the pelicans now.",
        "Another one for the pelican basket.",
        "The board fed it to the pelicans yesterday.",
        "This goes on the pelican shelf.",
        "Straight to the pelican pile with this.",
    ];
    for (i, t) in taught.iter().enumerate() {
        sb.write(&format!("teach/{i}.eml"), mail(&format!("p{i}"), t));
    }
    for (file, class) in classes(&sb, "teach") {
        assert_ne!(
            class, "rejection",
            "{file} is found already: teach only misses"
        );
    }
    let sets: Vec<PathBuf> = ["fresh-c", "fresh-d"]
        .iter()
        .map(|s| Path::new(env!("CARGO_MANIFEST_DIR")).join("eval").join(s))
        .collect();
    let before: Vec<(f64, f64)> = sets.iter().map(|s| blind_scores(&sb, s)).collect();

    sb.stdout_of(&[
        "learn",
        "--as",
        "rejection",
        "--reason",
        "unspecified",
        "teach",
    ]);
    assert_eq!(classes(&sb, "target")[0].1, "rejection");
    for (s, (p0, r0)) in sets.iter().zip(&before) {
        let (p1, r1) = blind_scores(&sb, s);
        assert!(
            p1 >= *p0 && r1 >= *r0,
            "{}: precision {p0:.3} -> {p1:.3}, recall {r0:.3} -> {r1:.3}",
            s.display()
        );
    }

    let list = sb.stdout_of(&["learn", "--list"]);
    assert_eq!(list.lines().count(), taught.len(), "{list}");
    let first_id = list.split_whitespace().next().unwrap().to_string();
    sb.stdout_of(&["learn", "--forget", &first_id]);
    assert_eq!(
        sb.stdout_of(&["learn", "--list"]).lines().count(),
        taught.len() - 1
    );
    let missing = sb
        .cmd()
        .args(["learn", "--forget", "0000000000"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));

    sb.stdout_of(&["learn", "--all"]);
    assert_eq!(sb.stdout_of(&["learn", "--list"]).lines().count(), 0);
    assert_ne!(classes(&sb, "target")[0].1, "rejection");
}

#[test]
fn learn_refuses_unclear_requests() {
    let sb = Sandbox::new();
    sb.write("m.eml", mail("m1", DECLINE));
    for args in [
        vec!["learn", "m.eml"],
        vec!["learn", "--as", "rejection"],
        vec![
            "learn",
            "--as",
            "not-rejection",
            "--reason",
            "price",
            "m.eml",
        ],
        vec!["learn", "--as", "rejection", "--reason", "weather", "m.eml"],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    // A corrupt taught model is a clear error, not a panic.
    sb.write("data/rebound/user-model.bin", b"garbage");
    let out = sb.cmd().args(["classify", "m.eml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("user-model.bin"), "{err}");
}
