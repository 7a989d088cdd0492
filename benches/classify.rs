//! Classification throughput (messages/s) on the generated inbox, learned model and rule engine
//! side by side in one run: the whole mix, rejections, and the human mail of each language.
//! Messages are parsed once up front; only `Classifier::classify` is timed. `written_replies` are
//! 3,000 replies from `training/corpus.jsonl` (every fourth row): the generator repeats its wording, people do not,
//! and varied wording is what a lazy DFA pays for. Also start-up: building a classifier (rules
//! compiled, model read) before the first message.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/parsed.rs"]
mod parsed;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rebound::classify::{Classifier, Engine, Rules};
use rebound::message::Mail;

fn bench_classify(c: &mut Criterion) {
    let all = parsed::corpus(parsed::SAMPLE);
    let mut group = c.benchmark_group("classify");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);

    let mut sets: Vec<(String, Vec<&Mail>)> =
        vec![("all_mix".to_string(), all.iter().map(|p| &p.mail).collect())];
    sets.push((
        "rejections".to_string(),
        all.iter()
            .filter(|p| p.generated.kind == corpus::Kind::Rejection)
            .map(|p| &p.mail)
            .collect(),
    ));
    for lang in corpus::LANGUAGES {
        sets.push((
            format!("human_{lang}"),
            all.iter()
                .filter(|p| parsed::is_human(p.generated.kind) && p.generated.lang == lang)
                .map(|p| &p.mail)
                .collect(),
        ));
    }
    let written = written_replies(3000);
    sets.push(("written_replies".to_string(), written.iter().collect()));
    for engine in [Engine::Learned, Engine::Rules] {
        let rules = Rules {
            engine,
            ..Rules::default()
        };
        let classifier = Classifier::new(&rules).expect("built-in rules compile");
        for (name, mails) in &sets {
            group.throughput(Throughput::Elements(mails.len() as u64));
            group.bench_function(format!("{engine:?}/{name}").to_lowercase(), |b| {
                b.iter(|| {
                    for mail in mails {
                        black_box(classifier.classify(black_box(mail)));
                    }
                })
            });
        }
    }
    group.finish();
}

/// The first `n` replies of the training corpus as new texts (what the classifier reads).
fn written_replies(n: usize) -> Vec<Mail> {
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/training/corpus.jsonl"
    ))
    .expect("training/corpus.jsonl is in the repository");
    corpus
        .lines()
        // Every fourth row mixes the writers and the six languages.
        .step_by(4)
        .take(n)
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("corpus rows are JSON");
            let text = rebound::message::new_text(row["text"].as_str().unwrap_or_default(), None);
            Mail {
                language: rebound::message::lang::detect(&text).map(str::to_string),
                new_text: text,
                ..Mail::default()
            }
        })
        .collect()
}

fn bench_startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(10);
    let one =
        rebound::message::parse(b"From: a@b.example\nSubject: Re: x\n\nWe will pass, thanks.\n")
            .expect("parses");
    // What a fresh process pays before its first verdict.
    group.bench_function("classifier_new_and_first_message", |b| {
        b.iter(|| {
            let c = Classifier::new(&Rules::default()).expect("built-in rules compile");
            black_box(c.classify(&one))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_classify, bench_startup);
criterion_main!(benches);
