//! Register detection measured on hand-labelled buyer messages (tests/register/<lang>.jsonl):
//! prints the accuracy per language and holds each language to at least 0.9.

use rebound::compose::register::{detect, signed_name, Register};

const LANGS: [&str; 6] = ["en", "de", "fr", "es", "nl", "pt"];
const MIN_ACCURACY: f64 = 0.9;

#[derive(serde::Deserialize)]
struct Example {
    register: String,
    signed: Option<String>,
    text: String,
}

fn examples(lang: &str) -> Vec<Example> {
    let path = format!("{}/tests/register/{lang}.jsonl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

#[test]
fn register_and_signed_name_accuracy_per_language() {
    let mut failures = Vec::new();
    for lang in LANGS {
        let set = examples(lang);
        let formal = set.iter().filter(|e| e.register == "formal").count();
        assert!(
            set.len() >= 20 && formal >= 5 && set.len() - formal >= 5,
            "{lang}: need 20 examples in both registers"
        );
        let mut register_ok = 0;
        let mut name_ok = 0;
        for e in &set {
            let want = Register::parse(&e.register).expect("register is formal or informal");
            let got = detect(&e.text, lang);
            if got == want {
                register_ok += 1;
            } else {
                eprintln!("{lang}: register {got:?}, labelled {want:?}: {:?}", e.text);
            }
            let signed = signed_name(&e.text, "");
            if signed == e.signed {
                name_ok += 1;
            } else {
                eprintln!(
                    "{lang}: signed {signed:?}, labelled {:?}: {:?}",
                    e.signed, e.text
                );
            }
        }
        let n = set.len() as f64;
        let (reg, name) = (register_ok as f64 / n, name_ok as f64 / n);
        println!(
            "{lang}: register {register_ok}/{} = {reg:.2}, signed name {name_ok}/{} = {name:.2}",
            set.len(),
            set.len()
        );
        if reg < MIN_ACCURACY || name < MIN_ACCURACY {
            failures.push(format!("{lang}: register {reg:.2}, signed name {name:.2}"));
        }
    }
    assert!(failures.is_empty(), "below {MIN_ACCURACY}: {failures:?}");
}
