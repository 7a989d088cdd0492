//! The parse-only floor for `scripts/bench-batch`: stream the inputs with rebound's reader, parse
//! each message with mail-parser and extract its body text, nothing else, on one thread.
//! Usage: cargo run --release --example parse_floor -- INPUT...

use std::process::ExitCode;

use mail_parser::MessageParser;

fn main() -> ExitCode {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        eprintln!("usage: parse_floor INPUT... (mbox files, Maildirs, .eml files)");
        return ExitCode::from(2);
    }
    let messages = match rebound::source::open(&inputs) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("parse_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let parser = MessageParser::default();
    let (mut count, mut unreadable, mut text_bytes) = (0u64, 0u64, 0u64);
    for item in messages {
        let Ok(raw) = item else {
            unreadable += 1;
            continue;
        };
        match parser.parse(&raw.bytes) {
            // body_text(0) converts an HTML-only body to text, as rebound has to.
            Some(msg) => {
                count += 1;
                text_bytes += msg.body_text(0).map_or(0, |t| t.len() as u64);
            }
            None => unreadable += 1,
        }
    }
    println!("parse_floor: {count} messages parsed, {unreadable} unreadable, {text_bytes} bytes of body text");
    ExitCode::SUCCESS
}
