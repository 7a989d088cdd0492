//! `rebound learn`: teach the classifier from mail the user marks, the way sa-learn teaches a
//! spam filter; list and forget what was taught. The layer sits on top of the shipped model.

use super::scan::imap_fatal;
use super::setup::{account, connect};
use super::Fatal;
use crate::classify::{Classifier, Reason, Rules};
use crate::cli::{LearnArgs, LearnAs};
use crate::config::Config;
use crate::drafting::Connection;
use crate::exit_codes::ExitCode;
use crate::learn::{self, Example};
use crate::message;
use crate::printer::Printer;
use crate::report::sanitize;
use crate::source::{self, imap::BATCH, RawMessage};

/// Run `learn`.
pub fn run(args: &LearnArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let dir = learn::data_dir().ok_or_else(|| Fatal::usage(learn::LearnError::NoDataDir))?;
    let mut examples = learn::load_examples(&dir).map_err(Fatal::usage)?;
    if args.list {
        for e in &examples {
            let label = match &e.reason {
                Some(r) => format!("{} ({r})", e.class),
                None => e.class.clone(),
            };
            println!(
                "{}  {:<26} {}  {}",
                e.id,
                label,
                sanitize(&e.source),
                sanitize(e.subject.as_deref().unwrap_or("-"))
            );
        }
        printer.note(&format!(
            "{} taught examples in {}",
            examples.len(),
            dir.display()
        ));
        return Ok(ExitCode::Success);
    }
    // The layer is fitted on the rules' view of the text, without the user's own phrases, so
    // that it means the same whatever the config says later.
    let classifier = Classifier::new(&Rules::default()).map_err(Fatal::usage)?;
    if args.all {
        let n = examples.len();
        examples.clear();
        learn::save(&dir, &examples, &classifier).map_err(Fatal::usage)?;
        printer.note(&format!("forgot all {n} taught examples"));
        return Ok(ExitCode::Success);
    }
    if !args.forget.is_empty() {
        let before = examples.len();
        let missing: Vec<&String> = args
            .forget
            .iter()
            .filter(|id| !examples.iter().any(|e| &e.id == *id))
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            return Err(Fatal::usage(anyhow::anyhow!(
                "no taught example with id {} (see `rebound learn --list`)",
                list.join(", ")
            )));
        }
        examples.retain(|e| !args.forget.contains(&e.id));
        learn::save(&dir, &examples, &classifier).map_err(Fatal::usage)?;
        printer.note(&format!(
            "forgot {} taught examples",
            before - examples.len()
        ));
        return Ok(ExitCode::Success);
    }
    let Some(label) = args.r#as else {
        return Err(Fatal::usage(anyhow::anyhow!(
            "say what the mail is: --as rejection or --as not-rejection (or --list / --forget)"
        )));
    };
    let (class, reason) = match label {
        LearnAs::Rejection => (
            "rejection",
            Some(
                args.reason
                    .unwrap_or(Reason::Unspecified)
                    .as_str()
                    .to_string(),
            ),
        ),
        LearnAs::NotRejection => ("other", None),
    };
    if args.reason.is_some() && label != LearnAs::Rejection {
        return Err(Fatal::usage(anyhow::anyhow!(
            "--reason only goes with --as rejection"
        )));
    }
    let mut raws: Vec<RawMessage> = Vec::new();
    let mut unreadable = 0usize;
    if args.account.is_some() || args.mailbox.is_some() {
        if !args.inputs.is_empty() {
            return Err(Fatal::usage(anyhow::anyhow!(
                "give files or --account/--mailbox, not both"
            )));
        }
        let account = account(config, args.account.as_deref(), printer)?;
        let name = account.name;
        let Connection {
            mut session,
            mailbox,
        } = connect(account.settings, args.mailbox.as_deref())?;
        let opened = session.examine(&mailbox).map_err(imap_fatal)?;
        let uids = session.search("ALL").map_err(imap_fatal)?;
        for chunk in uids.chunks(BATCH) {
            let fetched = session
                .fetch_for_classification(chunk, &mailbox.name, opened.uid_validity)
                .map_err(imap_fatal)?;
            for f in fetched {
                let mut raw = f.raw;
                raw.origin = format!("{} (account {name})", raw.origin);
                raws.push(raw);
            }
        }
        session.logout();
    } else {
        if args.inputs.is_empty() {
            return Err(Fatal::usage(anyhow::anyhow!(
                "give the mail to learn from: files, directories, mbox, Maildir, or --mailbox"
            )));
        }
        for item in source::open(&args.inputs).map_err(Fatal::usage)? {
            match item {
                Ok(raw) => raws.push(raw),
                Err(e) => {
                    unreadable += 1;
                    printer.error(&sanitize(&e.to_string()));
                }
            }
        }
    }
    let mut added = 0usize;
    for raw in raws {
        let mail = match message::parse(&raw.bytes) {
            Ok(m) => m,
            Err(e) => {
                unreadable += 1;
                printer.error(&format!(
                    "{}: {}",
                    sanitize(&raw.origin),
                    sanitize(&e.to_string())
                ));
                continue;
            }
        };
        let text = mail.new_text.trim().to_string();
        if text.is_empty() {
            unreadable += 1;
            printer.error(&format!("{}: no text to learn from", sanitize(&raw.origin)));
            continue;
        }
        let id = learn::example_id(class, &text);
        // Teaching the same text again replaces the old label (the user changed their mind).
        examples.retain(|e| e.text != text);
        examples.push(Example {
            id,
            class: class.to_string(),
            reason: reason.clone(),
            source: raw.origin,
            subject: mail.subject,
            text,
        });
        added += 1;
    }
    let rows = learn::save(&dir, &examples, &classifier).map_err(Fatal::usage)?;
    printer.note(&format!(
        "learned {added} as {class}; {} taught examples, {rows} weights in {}",
        examples.len(),
        dir.display()
    ));
    Ok(if unreadable > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}
