//! Draft composition per rejection (`Composer::compose`: context, Handlebars render, reply
//! headers) with the built-in templates, over the generated rejections in every reason.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/parsed.rs"]
mod parsed;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rebound::classify::{Class, Reason, Verdict};
use rebound::compose::{Composer, Identity};

fn bench_compose(c: &mut Criterion) {
    let all = parsed::corpus(parsed::SAMPLE);
    // The verdicts are set here, not classified, so this measures composing alone.
    let work: Vec<(rebound::message::Mail, Verdict)> = all
        .into_iter()
        .filter(|p| p.generated.kind == corpus::Kind::Rejection)
        .enumerate()
        .map(|(i, p)| {
            let verdict = Verdict {
                class: Class::Rejection,
                reason: Some(Reason::ALL[i % Reason::ALL.len()]),
                confidence: 0.9,
                evidence: p.mail.new_text.lines().nth(2).map(str::to_string),
                language: p.mail.language.clone(),
                rejection_probability: None,
                maybe: false,
                answer: None,
            };
            (p.mail, verdict)
        })
        .collect();
    let composer = Composer::new(None).expect("built-in templates compile");
    let identity = Identity {
        name: Some("Alex Seller".into()),
        email: Some("alex@seller.example".into()),
        company: Some("Seller Inc.".into()),
        signature: Some("Alex Seller\nSeller Inc.".into()),
    };
    let now =
        chrono::DateTime::parse_from_rfc3339("2024-06-03T09:00:00+02:00").expect("fixed date");

    let mut group = c.benchmark_group("compose");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20)
        .throughput(Throughput::Elements(work.len() as u64));
    group.bench_function("rejection_drafts", |b| {
        b.iter(|| {
            for (mail, verdict) in &work {
                let _ = black_box(composer.compose(mail, verdict, &identity, now));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_compose);
criterion_main!(benches);
