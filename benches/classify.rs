//! Classification throughput (messages/s) on the generated inbox: the whole mix, and the human
//! mail of each language. Messages are parsed once up front; only `Classifier::classify` is timed.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/parsed.rs"]
mod parsed;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rebound::classify::{Classifier, Rules};
use rebound::message::Mail;

fn bench_classify(c: &mut Criterion) {
    let all = parsed::corpus(parsed::SAMPLE);
    let classifier = Classifier::new(&Rules::default()).expect("built-in rules compile");
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
    for (name, mails) in &sets {
        group.throughput(Throughput::Elements(mails.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                for mail in mails {
                    black_box(classifier.classify(black_box(mail)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_classify);
criterion_main!(benches);
