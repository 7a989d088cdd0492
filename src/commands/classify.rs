//! `rebound classify`: the verdict for each message, as aligned text or JSON lines.
//! The JSON shape is the stable contract in design.md; scripts depend on it.

use std::io::Write;

use serde::Serialize;

use super::Fatal;
use crate::classify::model::Weighed;
use crate::cli::{ClassifyArgs, Format};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::pipeline::{self, Analysis};
use crate::printer::Printer;
use crate::report::sanitize;
use crate::source;

/// One line of `classify --format jsonl`.
#[derive(Debug, Serialize)]
pub struct JsonVerdict<'a> {
    /// Path as given; `<path>#<n>` inside an mbox.
    pub file: &'a str,
    /// Message-ID without brackets.
    pub message_id: Option<&'a str>,
    /// Sender address.
    pub from: Option<&'a str>,
    /// Subject.
    pub subject: Option<&'a str>,
    /// Date, RFC 3339.
    pub date: Option<String>,
    /// Class name.
    pub class: &'static str,
    /// Reason name: of a rejection, or for an answer in the conversation, of the original
    /// rejection.
    pub reason: Option<&'static str>,
    /// 0.0..=1.0, two decimals.
    pub confidence: f64,
    /// The deciding sentence.
    pub evidence: Option<&'a str>,
    /// ISO 639-1 language.
    pub language: Option<&'a str>,
    /// For an answer in rebound's conversation: `yes`, `no` or `explains`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<&'static str>,
    /// Why the message could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// With `--explain`: the new text the classifier read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_text: Option<&'a str>,
    /// With `--explain`: the features that weighed most, for (+) and against (-) rejection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<&'a [Weighed]>,
}

impl<'a> JsonVerdict<'a> {
    /// The contract view of one analysis.
    pub fn new(a: &'a Analysis) -> JsonVerdict<'a> {
        let mail = a.mail.as_ref();
        JsonVerdict {
            file: &a.origin,
            message_id: mail.and_then(|m| m.message_id.as_deref()),
            from: mail.and_then(|m| m.from.as_ref()).map(|f| f.email.as_str()),
            subject: mail.and_then(|m| m.subject.as_deref()),
            date: mail.and_then(|m| m.date).map(|d| d.to_rfc3339()),
            class: a.verdict.class.as_str(),
            reason: a.verdict.reason.map(|r| r.as_str()),
            confidence: round2(a.verdict.confidence),
            evidence: a.verdict.evidence.as_deref(),
            language: a.verdict.language.as_deref(),
            answer: a.verdict.answer.map(|x| x.as_str()),
            error: a.error.as_deref(),
            new_text: a.explanation.as_ref().map(|e| e.new_text.as_str()),
            features: a.explanation.as_ref().map(|e| e.features.as_slice()),
        }
    }
}

fn round2(x: f32) -> f64 {
    (f64::from(x.clamp(0.0, 1.0)) * 100.0).round() / 100.0
}

/// Run `classify`.
pub fn run(args: &ClassifyArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let classifier = super::classifier(config, &args.model)?;
    let messages = source::open(&args.inputs).map_err(Fatal::usage)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut unreadable = 0usize;
    let mut write_err: Option<std::io::Error> = None;
    // Answers to rebound's permission question are read in their thread, within the inputs.
    let mut book = crate::conversation::Book::new();
    pipeline::run_ordered(
        messages,
        |item| pipeline::analyze_with(item, &classifier, args.explain),
        |mut a| {
            crate::conversation::read_in_order(&mut book, &classifier, &mut a);
            if let Some(e) = &a.error {
                unreadable += 1;
                printer.error(&format!("{}: {}", sanitize(&a.origin), sanitize(e)));
            }
            if write_err.is_some() {
                return;
            }
            let res = match args.format {
                Format::Jsonl => serde_json::to_writer(&mut out, &JsonVerdict::new(&a))
                    .map_err(std::io::Error::from)
                    .and_then(|()| out.write_all(b"\n")),
                Format::Text if args.explain => write_explained(&mut out, &a),
                Format::Text => writeln!(out, "{}", a.text_line()),
            };
            if let Err(e) = res {
                write_err = Some(e);
            }
        },
    );
    if let Some(e) = write_err.or_else(|| out.flush().err()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::Success);
        }
        return Err(Fatal::usage(anyhow::anyhow!("cannot write output: {e}")));
    }
    Ok(if unreadable > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// The human form of `--explain`: the verdict line, the new text, the deciding sentence and the
/// features that weighed most (every piece of mail text made terminal-safe).
fn write_explained(out: &mut impl Write, a: &Analysis) -> std::io::Result<()> {
    writeln!(out, "{}", a.text_line())?;
    let Some(e) = &a.explanation else {
        return writeln!(out);
    };
    writeln!(out, "  new text read by the classifier:")?;
    for line in e.new_text.lines() {
        writeln!(out, "    | {}", sanitize(line))?;
    }
    match (&a.verdict.evidence, a.verdict.rejection_probability) {
        (Some(ev), _) => writeln!(out, "  deciding sentence: \"{}\"", sanitize(ev))?,
        (None, _) => writeln!(out, "  deciding sentence: (none)")?,
    }
    match a.verdict.rejection_probability {
        Some(p) => writeln!(out, "  P(rejection): {p:.2}")?,
        None => writeln!(out, "  decided by a rule, not by the model")?,
    }
    if !e.features.is_empty() {
        writeln!(out, "  weighed most (+ toward rejection, - against):")?;
        for f in &e.features {
            writeln!(out, "    {:+.3}  {}", f.weight, sanitize(&f.feature))?;
        }
    }
    writeln!(out)
}
