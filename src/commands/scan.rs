//! `rebound scan`: classify the messages of an IMAP mailbox, read-only (EXAMINE, BODY.PEEK).
//! Same verdicts and report rows as `batch`; also the window and error helpers of the IMAP commands.

use std::io::Write;
use std::sync::mpsc;

use super::classify::JsonVerdict;
use super::Fatal;
use crate::cli::{ScanArgs, ScanFormat, WindowArgs};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::pipeline::analyze_all;
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Outputs, ReportFormat, ReportWriter, Summary};
use crate::source::imap::{Fetched, ImapError, Session, Window, BATCH};

/// An IMAP error as a command-ending error: exit 3 for connection/auth/TLS, else 2.
pub(crate) fn imap_fatal(e: ImapError) -> Fatal {
    Fatal {
        code: e.exit_code(),
        source: e.into(),
    }
}

/// The window from `--since` / `--all` (default: the last 30 days).
pub(crate) fn window(args: &WindowArgs) -> Result<Window, Fatal> {
    let today = chrono::Local::now().date_naive();
    Window::from_flags(args.since.as_deref(), args.all, today)
        .map_err(|e| Fatal::usage(anyhow::anyhow!(e)))
}

/// Batches fetched ahead on a thread of their own, at most [`AHEAD`] waiting: fetching and
/// classifying overlap. The thread hands the session back when done; it stops after the first
/// error, or when the receiver is dropped.
fn prefetch(
    mut session: Session,
    uids: &[u32],
    label: &str,
    uid_validity: u32,
) -> (
    mpsc::Receiver<Result<Vec<Fetched>, ImapError>>,
    std::thread::JoinHandle<Session>,
) {
    let (tx, rx) = mpsc::sync_channel(AHEAD);
    let uids = uids.to_vec();
    let label = label.to_string();
    let handle = std::thread::spawn(move || {
        for chunk in uids.chunks(BATCH) {
            let batch = session.fetch_for_classification(chunk, &label, uid_validity);
            let failed = batch.is_err();
            if tx.send(batch).is_err() || failed {
                break;
            }
        }
        session
    });
    (rx, handle)
}

/// Fetched batches that may wait for the classifier (memory: a few batches of text parts).
const AHEAD: usize = 2;

/// Run `scan`.
pub fn run(args: &ScanArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let window = window(&args.window)?;
    let classifier = super::classifier(config, &args.model)?;
    let account = super::setup::account(config, args.account.account.as_deref(), printer)?;
    let crate::drafting::Connection {
        mut session,
        mailbox,
    } = super::setup::connect(account.settings, args.account.mailbox.as_deref())?;
    let opened = session.examine(&mailbox).map_err(imap_fatal)?;
    let uids = session.search(&window.search_key()).map_err(imap_fatal)?;
    printer.note(&format!(
        "{}: {} of {} messages in the window",
        sanitize(&mailbox.name),
        uids.len(),
        opened.exists
    ));

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut csv = match args.format {
        ScanFormat::Csv if args.group_by.is_none() => Some(
            ReportWriter::new(Vec::<u8>::new(), ReportFormat::Csv, args.output.csv_bom)
                .map_err(Fatal::usage)?,
        ),
        _ => None,
    };
    let mut outputs = Outputs::new(
        args.report.as_deref(),
        args.output.csv_bom,
        args.output.html.as_deref(),
        args.group_by,
    )
    .map_err(Fatal::usage)?;
    let mut summary = Summary::new();
    let mut unreadable = 0usize;
    // The network and the server work on the next batches while this thread classifies.
    let (batches, fetcher) = prefetch(session, &uids, &mailbox.name, opened.uid_validity);
    for fetched in batches {
        let fetched = fetched.map_err(imap_fatal)?;
        for a in analyze_all(&fetched, &classifier) {
            if let Some(e) = &a.error {
                unreadable += 1;
                summary.count_unreadable();
                printer.error(&format!("{}: {}", sanitize(&a.origin), sanitize(e)));
            } else {
                summary.count_at(&a.origin, &a.verdict);
            }
            if a.reported() && !outputs.is_empty() {
                outputs.add(a.report_row(None)).map_err(Fatal::usage)?;
            }
            if args.group_by.is_some() {
                // The table replaces the per-message lines.
                continue;
            }
            let res = match args.format {
                ScanFormat::Jsonl => serde_json::to_writer(&mut out, &JsonVerdict::new(&a))
                    .map_err(std::io::Error::from)
                    .and_then(|()| out.write_all(b"\n")),
                ScanFormat::Text => writeln!(out, "{}", a.text_line()),
                ScanFormat::Csv => {
                    if let (Some(w), true) = (&mut csv, a.reported()) {
                        w.write_row(&a.report_row(None)).map_err(Fatal::usage)?;
                    }
                    Ok(())
                }
            };
            if let Err(e) = res {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    // Dropping the receiver ends the fetcher after its current batch.
                    return Ok(ExitCode::Success);
                }
                return Err(Fatal::usage(anyhow::anyhow!("cannot write output: {e}")));
            }
        }
    }
    // Rejections are few: the CSV report is written once, at the end.
    if let Some(w) = csv {
        let bytes = w.finish().map_err(Fatal::usage)?;
        out.write_all(&bytes)
            .map_err(|e| Fatal::usage(anyhow::anyhow!("cannot write output: {e}")))?;
    }
    let table = outputs
        .finish(&sanitize(&mailbox.name), Some(&summary))
        .map_err(Fatal::usage)?;
    if let Some(table) = table {
        out.write_all(table.as_bytes())
            .map_err(|e| Fatal::usage(anyhow::anyhow!("cannot write output: {e}")))?;
    }
    out.flush()
        .map_err(|e| Fatal::usage(anyhow::anyhow!("cannot write output: {e}")))?;
    // A fetcher that died early ended the batches early: the output above is incomplete.
    let Ok(session) = fetcher.join() else {
        return Err(Fatal::usage(anyhow::anyhow!(
            "internal error: reading the mailbox stopped early; the output is incomplete"
        )));
    };
    session.logout();
    if printer.verbosity() != Verbosity::Quiet {
        eprint!("{summary}");
    }
    Ok(if unreadable > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}
