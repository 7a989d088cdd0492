//! Message-stage costs per message: the parse-only floor (mail-parser + body text), rebound's
//! full `message::parse` (all mail, and HTML replies with quoted history), and quote/signature
//! stripping (`message::new_text`) alone.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/parsed.rs"]
mod parsed;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mail_parser::MessageParser;

fn bench_message(c: &mut Criterion) {
    let all = parsed::corpus(parsed::SAMPLE);
    let raw: Vec<&[u8]> = all.iter().map(|p| p.generated.bytes.as_slice()).collect();

    let mut group = c.benchmark_group("parse");
    group
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(15)
        .throughput(Throughput::Elements(raw.len() as u64));
    group.bench_function("floor_mail_parser_body_text", |b| {
        let parser = MessageParser::default();
        b.iter(|| {
            for bytes in &raw {
                let msg = parser.parse(black_box(*bytes));
                black_box(msg.as_ref().and_then(|m| m.body_text(0)).map(|t| t.len()));
            }
        })
    });
    group.bench_function("rebound_message_parse", |b| {
        b.iter(|| {
            for bytes in &raw {
                let _ = black_box(rebound::message::parse(black_box(bytes)));
            }
        })
    });
    group.finish();

    // HTML replies that carry their history as quote elements: the body is converted once for
    // the whole text and the quote-free text together.
    let html: Vec<&[u8]> = raw
        .iter()
        .copied()
        .filter(|b| {
            let has = |needle: &[u8]| b.windows(needle.len()).any(|w| w == needle);
            has(b"text/html")
                && (has(b"gmail_quote") || has(b"<blockquote") || has(b"divRplyFwdMsg"))
        })
        .collect();
    let mut group = c.benchmark_group("html_replies");
    group
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(15)
        .throughput(Throughput::Elements(html.len() as u64));
    group.bench_function("rebound_message_parse", |b| {
        b.iter(|| {
            for bytes in &html {
                let _ = black_box(rebound::message::parse(black_box(bytes)));
            }
        })
    });
    group.finish();

    // Quote stripping on the mail that has something to strip: human replies with history.
    let replies: Vec<&str> = all
        .iter()
        .filter(|p| {
            matches!(
                p.generated.kind,
                corpus::Kind::Reply | corpus::Kind::Rejection
            )
        })
        .map(|p| p.mail.full_text.as_str())
        .collect();
    let mut group = c.benchmark_group("new_text");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20)
        .throughput(Throughput::Elements(replies.len() as u64));
    group.bench_function("replies_with_history", |b| {
        b.iter(|| {
            for text in &replies {
                black_box(rebound::message::new_text(black_box(text), None));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_message);
criterion_main!(benches);
