//! Dev-only: classify .eml files given on the command line, one JSON line each (design.md contract).
//! Used to measure the classifier against a labelled set; the real CLI lives in src/main.rs.

use rebound::classify::{Classifier, Rules};

fn main() {
    let classifier = match Classifier::new(&Rules::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut status = 0;
    let bench = std::env::var_os("CLASSIFY_BENCH").is_some();
    let mut mails = Vec::new();
    for path in std::env::args().skip(1) {
        let line = match std::fs::read(&path) {
            Err(e) => {
                status = 1;
                serde_json::json!({"file": path, "class": "other", "confidence": 0.0, "error": e.to_string()})
            }
            Ok(raw) => match rebound::message::parse(&raw) {
                Err(e) => {
                    status = 1;
                    serde_json::json!({"file": path, "class": "other", "confidence": 0.0, "error": e.to_string()})
                }
                Ok(mail) => {
                    let v = classifier.classify(&mail);
                    if std::env::var_os("CLASSIFY_SHOW").is_some() {
                        eprintln!("=== {path}\n{}\n---", mail.new_text);
                    }
                    let out = serde_json::json!({
                        "file": path,
                        "message_id": mail.message_id,
                        "from": mail.from.as_ref().map(|a| a.email.clone()),
                        "subject": mail.subject,
                        "date": mail.date.map(|d| d.to_rfc3339()),
                        "class": v.class,
                        "reason": v.reason,
                        "confidence": v.confidence,
                        "evidence": v.evidence,
                        "language": v.language,
                    });
                    if bench {
                        mails.push(mail);
                    }
                    out
                }
            },
        };
        println!("{line}");
    }
    if bench && !mails.is_empty() {
        let rounds = 200;
        let start = std::time::Instant::now();
        let mut n = 0usize;
        for _ in 0..rounds {
            for m in &mails {
                n += classifier.classify(m).evidence.map_or(0, |e| e.len() & 1);
            }
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{} classifications in {:.3}s: {:.0}/s ({n})",
            rounds * mails.len(),
            secs,
            (rounds * mails.len()) as f64 / secs
        );
    }
    std::process::exit(status);
}
