//! The parse-only floor for `scripts/bench-batch`: stream the inputs with rebound's reader, parse
//! each message with mail-parser and extract its body text, nothing else, on one or more threads.
//! Usage: cargo run --release --example parse_floor -- [--threads N] INPUT...

use std::process::ExitCode;
use std::sync::{mpsc, Mutex};

use mail_parser::MessageParser;

/// Messages read ahead of the parsers, per parser thread (bounded, as in rebound's pipeline).
const WINDOW_PER_THREAD: usize = 8;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut threads = 1usize;
    if args.first().map(String::as_str) == Some("--threads") {
        match args.get(1).and_then(|n| n.parse().ok()).filter(|&n| n > 0) {
            Some(n) => threads = n,
            None => {
                eprintln!("parse_floor: --threads needs a positive number");
                return ExitCode::from(2);
            }
        }
        args.drain(..2);
    }
    if args.is_empty() {
        eprintln!("usage: parse_floor [--threads N] INPUT... (mbox files, Maildirs, .eml files)");
        return ExitCode::from(2);
    }
    let messages = match rebound::source::open(&args) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("parse_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let parser = MessageParser::default();
    // (parsed, unreadable, bytes of body text)
    let parse_one = |bytes: &[u8]| match parser.parse(bytes) {
        // body_text(0) converts an HTML-only body to text, as rebound has to.
        Some(msg) => (1, 0, msg.body_text(0).map_or(0, |t| t.len() as u64)),
        None => (0, 1, 0),
    };
    let mut totals = (0u64, 0u64, 0u64);
    let mut add = |(c, u, t): (u64, u64, u64)| {
        totals.0 += c;
        totals.1 += u;
        totals.2 += t;
    };
    if threads == 1 {
        for item in messages {
            match item {
                Ok(raw) => add(parse_one(&raw.bytes)),
                Err(_) => add((0, 1, 0)),
            }
        }
    } else {
        // The reading thread (this one) feeds `threads` parsers through a bounded queue.
        let mut unreadable_reads = 0u64;
        let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(WINDOW_PER_THREAD * threads);
        let rx = Mutex::new(rx);
        let parsed: Vec<(u64, u64, u64)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut sum = (0, 0, 0);
                        loop {
                            let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                            let Ok(bytes) = next else { break sum };
                            let (c, u, t) = parse_one(&bytes);
                            sum = (sum.0 + c, sum.1 + u, sum.2 + t);
                        }
                    })
                })
                .collect();
            for item in messages {
                match item {
                    Ok(raw) => {
                        if tx.send(raw.bytes).is_err() {
                            break;
                        }
                    }
                    Err(_) => unreadable_reads += 1,
                }
            }
            drop(tx);
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or((0, 0, 0)))
                .collect()
        });
        parsed.into_iter().for_each(&mut add);
        add((0, unreadable_reads, 0));
    }
    let (count, unreadable, text_bytes) = totals;
    println!(
        "parse_floor: {count} messages parsed, {unreadable} unreadable, {text_bytes} bytes of body text ({threads} threads)"
    );
    ExitCode::SUCCESS
}
