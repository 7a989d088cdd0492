//! Write a deterministic synthetic sales inbox (mbox and/or Maildir) for the benchmarks.
//! Usage: cargo run --release --example gen_inbox -- --count N [--seed S] [--mbox FILE] [--maildir DIR]
//! [--attachments full|small|none] [--text-heavy]  (`--text-heavy --attachments small`: issue 13's inbox)

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_inbox --count N [--seed S] [--mbox FILE] [--maildir DIR] \
                     [--attachments full|small|none] [--text-heavy]";

fn main() -> ExitCode {
    let mut count: Option<u64> = None;
    let mut opts = corpus::Options::default();
    let mut mbox: Option<PathBuf> = None;
    let mut maildir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let parsed: Result<(), String> = match arg.as_str() {
            "--count" | "-n" => value("--count").and_then(|v| {
                v.parse()
                    .map(|n| count = Some(n))
                    .map_err(|e| format!("--count: {e}"))
            }),
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|s| opts.seed = s)
                    .map_err(|e| format!("--seed: {e}"))
            }),
            "--mbox" => value("--mbox").map(|v| mbox = Some(v.into())),
            "--maildir" => value("--maildir").map(|v| maildir = Some(v.into())),
            "--no-attachments" => {
                opts.attachments = false;
                Ok(())
            }
            "--attachments" => value("--attachments").and_then(|v| {
                match v.as_str() {
                    "full" => (opts.attachments, opts.small_attachments) = (true, false),
                    "small" => (opts.attachments, opts.small_attachments) = (true, true),
                    "none" => opts.attachments = false,
                    other => {
                        return Err(format!(
                            "--attachments: {other:?} is not full, small or none"
                        ))
                    }
                }
                Ok(())
            }),
            "--text-heavy" => {
                opts.text_heavy = true;
                Ok(())
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument {other:?}")),
        };
        if let Err(e) = parsed {
            eprintln!("gen_inbox: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(n) = count else {
        eprintln!("gen_inbox: --count is required\n{USAGE}");
        return ExitCode::from(2);
    };
    if mbox.is_none() && maildir.is_none() {
        eprintln!("gen_inbox: give --mbox and/or --maildir\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut stats = None;
    if let Some(path) = &mbox {
        let result = std::fs::File::create(path).and_then(|f| corpus::write_mbox(f, &opts, n));
        match result {
            Ok(s) => stats = Some(s),
            Err(e) => {
                eprintln!("gen_inbox: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if let Some(dir) = &maildir {
        match corpus::write_maildir(dir, &opts, n) {
            Ok(s) => stats = Some(s),
            Err(e) => {
                eprintln!("gen_inbox: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    if let Some(s) = stats {
        let kinds = [
            corpus::Kind::Rejection,
            corpus::Kind::Reply,
            corpus::Kind::Fresh,
            corpus::Kind::Newsletter,
            corpus::Kind::Notification,
            corpus::Kind::AutoReply,
            corpus::Kind::Bounce,
        ];
        let mix: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", k.as_str(), s.per_kind[*k as usize]))
            .collect();
        eprintln!(
            "gen_inbox: {} messages, {:.1} MB, {} with attachments; {}",
            s.messages,
            s.bytes as f64 / 1e6,
            s.with_attachment,
            mix.join(", ")
        );
    }
    ExitCode::SUCCESS
}
