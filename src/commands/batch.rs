//! `rebound batch`: classify every message, draft a reply to each rejection (and the question to
//! each buyer's yes to it), report who said no and why. Drafts are `.eml` files named after the
//! source Message-ID, so a rerun into the same directory adds nothing twice.

use std::sync::atomic::{AtomicBool, Ordering};

use super::Fatal;
use crate::classify::answer::Answer;
use crate::classify::{Class, Step};
use crate::cli::BatchArgs;
use crate::compose::{ComposeError, Draft};
use crate::config::Config;
use crate::conversation::{self, Book};
use crate::exit_codes::ExitCode;
use crate::pipeline::{self, Analysis};
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Outputs, Row, Summary};
use crate::sink::{EmlDir, Grouped};
use crate::source;

/// What the workers hand back for one message.
struct Done {
    analysis: Analysis,
    draft: Option<Result<Draft, ComposeError>>,
}

/// Run `batch`.
pub fn run(args: &BatchArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let outputs = Outputs::new(
        args.report.as_deref(),
        args.output.csv_bom,
        args.output.html.as_deref(),
        args.group_by,
    )
    .map_err(Fatal::usage)?;
    process(args, config, printer, outputs, false)
}

/// Classify `args.inputs`, draft (unless a dry run) and hand every report row to `outputs`.
/// `report_only` is `rebound report`: no drafts, no identity warning, the summary on stderr.
pub(crate) fn process(
    args: &BatchArgs,
    config: &Config,
    printer: Printer,
    mut outputs: Outputs,
    report_only: bool,
) -> Result<ExitCode, Fatal> {
    let crate::drafting::Setup {
        identity,
        classifier,
        composer,
        ..
    } = super::setup::new_setup(
        config,
        &args.compose,
        &args.model,
        None,
        !args.dry_run && !report_only,
        printer,
    )?;
    // Referrals get a draft asking for the introduction only when `[drafts] referrals = true`.
    let drafted = |class: Class| {
        class == Class::Rejection || (class == Class::Referral && config.drafts.referrals)
    };
    let first_step = match composer.style() {
        crate::compose::Style::TwoStep => Step::Permission,
        crate::compose::Style::OneStep => Step::Question,
    };
    // The conversation within the inputs, in input order; the buyers' yeses wait for the end,
    // so a reply the seller wrote by hand later in the inputs still stops the step-two draft.
    let mut book = Book::new();
    let mut yeses: Vec<Analysis> = Vec::new();
    // Drafts are synced in groups off this thread; every one is in place once `finish` returns.
    let mut sink = match (&args.out, args.dry_run || report_only) {
        (Some(dir), false) => Some(Grouped::new(EmlDir::new(dir).map_err(Fatal::usage)?)),
        _ => None,
    };
    let mut messages = source::open(&args.inputs).map_err(Fatal::usage)?;
    let bar = printer.progress(messages.total_bytes());
    let ticker = bar.clone();
    let messages = std::iter::from_fn(move || {
        let item = messages.next();
        ticker.set_position(messages.bytes_read());
        item
    });
    let now = chrono::Local::now().fixed_offset();

    let mut summary = Summary::new();
    summary.drafts_dir = sink.as_ref().map(|s| s.dir().display().to_string());
    summary.dry_run = args.dry_run && !report_only;
    let mut failures = 0usize;
    let mut fatal: Option<Fatal> = None;
    let stop = AtomicBool::new(false);
    pipeline::run_ordered(
        messages,
        |item| {
            let analysis = pipeline::analyze(item, &classifier);
            let draft = match (&analysis.mail, analysis.verdict.class) {
                (Some(mail), class) if drafted(class) && !stop.load(Ordering::Relaxed) => {
                    Some(composer.compose(mail, &analysis.verdict, &identity, now))
                }
                _ => None,
            };
            Done { analysis, draft }
        },
        |done| {
            let Done {
                analysis: mut a,
                mut draft,
            } = done;
            if fatal.is_some() {
                return;
            }
            if let Some(e) = &a.error {
                summary.count_unreadable();
                failures += 1;
                printer.error(&format!(
                    "{}: unreadable: {}",
                    sanitize(&a.origin),
                    sanitize(e)
                ));
                return;
            }
            if conversation::read_in_order(&mut book, &classifier, &mut a) {
                // Read in its thread, it is not what the worker drafted for.
                draft = None;
            }
            summary.count_at(&a.origin, &a.verdict);
            let granted = a.verdict.class == Class::PermissionGranted;
            let thanked = config.drafts.thank_answers && a.verdict.answer == Some(Answer::Explains);
            if granted && (a.verdict.answer == Some(Answer::Yes) || thanked) {
                yeses.push(a);
                return;
            }
            let mut row = a.report_row(None);
            if !drafted(a.verdict.class) {
                if a.reported() {
                    add_row(&mut outputs, row, &mut fatal, &stop);
                }
                return;
            }
            if draft.is_none()
                && a.verdict.class == Class::Rejection
                && !stop.load(Ordering::Relaxed)
            {
                draft = a
                    .mail
                    .as_ref()
                    .map(|mail| composer.compose(mail, &a.verdict, &identity, now));
            }
            let step = (a.verdict.class == Class::Rejection).then_some(first_step);
            save(
                draft,
                &a,
                step,
                &mut sink,
                &mut row,
                &mut summary,
                &mut failures,
                &mut fatal,
                &stop,
                printer,
            );
            if fatal.is_none() && a.reported() {
                add_row(&mut outputs, row, &mut fatal, &stop);
            }
        },
    );
    // Step two: the question for each yes nobody in the inputs has answered yet (and with
    // `[drafts] thank_answers`, the thank-you to each answer that gave the reason).
    for a in yeses {
        if fatal.is_some() {
            break;
        }
        let yes = a.verdict.answer == Some(Answer::Yes);
        let id = a.mail.as_ref().and_then(|m| m.message_id.as_deref());
        if yes && id.is_some_and(|id| book.replied_to(id)) {
            printer.note(&format!(
                "{}: the seller already replied to this yes; no question drafted",
                sanitize(&a.origin)
            ));
            add_row(&mut outputs, a.report_row(None), &mut fatal, &stop);
            continue;
        }
        let draft = a
            .mail
            .as_ref()
            .map(|mail| composer.compose(mail, &a.verdict, &identity, now));
        let mut row = a.report_row(None);
        save(
            draft,
            &a,
            yes.then_some(Step::Question),
            &mut sink,
            &mut row,
            &mut summary,
            &mut failures,
            &mut fatal,
            &stop,
            printer,
        );
        if fatal.is_none() {
            add_row(&mut outputs, row, &mut fatal, &stop);
        }
    }
    bar.finish_and_clear();
    // Before the report is written: its draft paths must all exist.
    if let Some(sink) = sink {
        if let Err(e) = sink.finish() {
            fatal.get_or_insert(Fatal::usage(e));
        }
    }
    if let Some(f) = fatal {
        return Err(f);
    }
    let table = outputs
        .finish(&sources_label(&args.inputs), Some(&summary))
        .map_err(Fatal::usage)?;
    if printer.verbosity() != Verbosity::Quiet {
        if report_only {
            eprint!("{summary}");
        } else {
            print!("{summary}");
        }
    }
    if let Some(table) = table {
        // A blank line parts the table from the summary above it on stdout.
        if !report_only && printer.verbosity() != Verbosity::Quiet {
            println!();
        }
        print!("{table}");
    }
    Ok(if failures > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// What the report says was read: the inputs as given.
pub(crate) fn sources_label(inputs: &[String]) -> String {
    inputs.join(", ")
}

/// Save one composed draft (when there is a sink) and count it; `step` is what it asks, for the
/// conversation counts. The row gets the draft's path, or its text when nothing is saved.
#[allow(clippy::too_many_arguments)]
fn save(
    draft: Option<Result<Draft, ComposeError>>,
    a: &Analysis,
    step: Option<Step>,
    sink: &mut Option<Grouped>,
    row: &mut Row,
    summary: &mut Summary,
    failures: &mut usize,
    fatal: &mut Option<Fatal>,
    stop: &AtomicBool,
    printer: Printer,
) {
    match draft {
        Some(Ok(d)) => {
            match sink {
                Some(sink) => match sink.save_keyed(&d, &draft_key(a)) {
                    Ok(saved) => {
                        summary.count_draft(saved.created);
                        row.draft = Some(saved.path.display().to_string());
                    }
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        *fatal = Some(Fatal::usage(e));
                        return;
                    }
                },
                // Nothing saved: the report shows the text the draft would have.
                None => row.draft_text = d.body_text(),
            }
            if let Some(step) = step {
                summary.count_asked(step);
            }
        }
        Some(Err(ComposeError::Template(msg))) => {
            stop.store(true, Ordering::Relaxed);
            *fatal = Some(Fatal::usage(anyhow::anyhow!(msg)));
        }
        Some(Err(e)) => {
            *failures += 1;
            summary.count_draft_failure();
            printer.error(&format!("{}: no draft: {}", sanitize(&a.origin), e));
        }
        None => {}
    }
}

/// Hand one row to the report outputs; a write error ends the run.
fn add_row(outputs: &mut Outputs, row: Row, fatal: &mut Option<Fatal>, stop: &AtomicBool) {
    if let Err(e) = outputs.add(row) {
        stop.store(true, Ordering::Relaxed);
        *fatal = Some(Fatal::usage(e));
    }
}

/// The sink key: the source Message-ID, else what identifies the message without one.
fn draft_key(a: &Analysis) -> String {
    let Some(mail) = &a.mail else {
        return a.origin.clone();
    };
    if let Some(id) = &mail.message_id {
        return id.clone();
    }
    format!(
        "noid|{}|{}|{}",
        mail.from.as_ref().map(|f| f.email.as_str()).unwrap_or(""),
        mail.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        mail.subject.as_deref().unwrap_or("")
    )
}
