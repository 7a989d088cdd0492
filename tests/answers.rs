//! The reading of the buyer's answer to the permission question (yes / no / explains), measured
//! on hand-labelled answers (tests/answers/<lang>.jsonl): prints accuracy per language and label.

use rebound::classify::answer::{read, Answer};

/// Each language, and how many examples per label it must have.
const LANGS: [(&str, usize); 6] = [
    ("en", 30),
    ("de", 30),
    ("fr", 10),
    ("es", 10),
    ("nl", 10),
    ("pt", 10),
];
const MIN_ACCURACY: f64 = 0.9;
const LABELS: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Explains];

#[derive(serde::Deserialize)]
struct Example {
    label: String,
    text: String,
}

fn examples(lang: &str) -> Vec<Example> {
    let path = format!("{}/tests/answers/{lang}.jsonl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

#[test]
fn answer_reading_accuracy_per_language() {
    let mut failures = Vec::new();
    for (lang, per_label) in LANGS {
        let set = examples(lang);
        let mut line = format!("{lang}:");
        let mut right = 0;
        for label in LABELS {
            let of_label: Vec<&Example> =
                set.iter().filter(|e| e.label == label.as_str()).collect();
            assert!(
                of_label.len() >= per_label,
                "{lang}: {} examples labelled {}, need {per_label}",
                of_label.len(),
                label.as_str()
            );
            let ok = of_label.iter().filter(|e| read(&e.text) == label).count();
            for e in of_label.iter().filter(|e| read(&e.text) != label) {
                eprintln!(
                    "  {lang} {} read as {}: {:?}",
                    label.as_str(),
                    read(&e.text).as_str(),
                    e.text
                );
            }
            right += ok;
            line.push_str(&format!(" {} {ok}/{}", label.as_str(), of_label.len()));
        }
        let accuracy = right as f64 / set.len() as f64;
        println!("{line}  accuracy {accuracy:.2}");
        if accuracy < MIN_ACCURACY {
            failures.push(format!("{lang}: accuracy {accuracy:.2} < {MIN_ACCURACY}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
