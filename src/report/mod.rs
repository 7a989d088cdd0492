//! Report rows for rejections (CSV, JSON lines, the HTML page, grouped tables) and summary counts.
//! Untrusted text is sanitized on the way out so mail content cannot drive a terminal or sheet.

pub mod group;
pub mod html;
mod outputs;
mod svg;

pub use group::GroupBy;
pub use outputs::Outputs;

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::classify::answer::Answer;
use crate::classify::{Class, Reason, Step, Verdict};

/// One report row per rejection (or "maybe"); also what `report --from-jsonl` reads back.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Row {
    /// Date of the buyer's message, RFC 3339.
    pub date: Option<String>,
    /// Buyer display name.
    pub buyer_name: Option<String>,
    /// Buyer address.
    pub email: Option<String>,
    /// Buyer company (from display name or non-free-mail domain).
    pub company: Option<String>,
    /// Subject of the buyer's message.
    pub subject: Option<String>,
    /// Rejection reason.
    pub reason: Option<String>,
    /// Classifier confidence.
    pub confidence: f32,
    /// The sentence that decided it.
    pub evidence: Option<String>,
    /// Path of the draft file (empty on --dry-run and for IMAP drafts).
    pub draft: Option<String>,
    /// `rejection`, or `maybe` for a message just below the threshold (never drafted).
    pub status: Status,
    /// ISO 639-1 language of the buyer's new text.
    #[serde(default)]
    pub language: Option<String>,
    /// The draft's text when it has no file (IMAP Drafts, a dry run); JSON lines and HTML only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_text: Option<String>,
    /// The configured account the mail was read from, in a report of several accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// What a row is: a rejection, a message in the "maybe" band, or an answer in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Counted as a rejection (drafted).
    Rejection,
    /// Close to the rejection threshold, below it: for a person to look at, never drafted.
    Maybe,
    /// The buyer's yes to the permission question.
    PermissionGranted,
    /// The buyer's no to the permission question.
    PermissionDeclined,
    /// The buyer gave the reason of their no (answering either question).
    BuyerAnswered,
}

impl Status {
    /// The name used in CSV, JSON and HTML.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Rejection => "rejection",
            Status::Maybe => "maybe",
            Status::PermissionGranted => "permission_granted",
            Status::PermissionDeclined => "permission_declined",
            Status::BuyerAnswered => "buyer_answered",
        }
    }
}

/// The CSV header, in [`Row`] field order (`draft_text` stays out: one line per row).
const CSV_HEADER: [&str; 11] = [
    "date",
    "buyer_name",
    "email",
    "company",
    "subject",
    "reason",
    "confidence",
    "evidence",
    "draft",
    "status",
    "language",
];

/// Replace control characters so untrusted text is one safe line: CR, LF, tab and other
/// whitespace runs become one space, other control and bidi-override characters are dropped.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else if c.is_control() || is_bidi_control(c) {
            continue;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

/// [`sanitize`] for text whose lines matter (a draft): line breaks become LF and stay, tabs
/// stay, other control and bidi-override characters are dropped.
pub fn sanitize_multiline(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_bidi_control(c)))
        .collect()
}

/// Characters that reorder how a terminal shows text (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A failure to write the report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report file name does not say which format to write.
    #[error("cannot tell the report format of {path}: use a .csv, .jsonl or .json file name")]
    UnknownFormat {
        /// The file name as given.
        path: String,
    },
    /// A line of a JSON lines report that is not a report row.
    #[error("{path}:{line}: not a rebound report row: {message}")]
    BadRow {
        /// The file read.
        path: String,
        /// Line number, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A report file could not be read.
    #[error("cannot read report {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The report could not be written.
    #[error("cannot write report {path}: {source}")]
    Io {
        /// The report file (or `<report>` for a caller's writer).
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// The report file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl ReportFormat {
    /// Pick the format from the file extension: `.csv`, or `.jsonl` / `.json` (case-insensitive).
    pub fn from_path(path: &Path) -> Result<ReportFormat, ReportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("csv") => Ok(ReportFormat::Csv),
            Some("jsonl") | Some("json") => Ok(ReportFormat::Jsonl),
            _ => Err(ReportError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }
}

enum Out<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

/// Writes report rows as they come: the CSV header once, then one line per row.
pub struct ReportWriter<W: Write> {
    out: Out<W>,
    label: String,
    /// The CSV header is written with the first row (or at the end), once the columns are known.
    header_pending: bool,
    /// An `account` column last, for a report of several accounts (CSV; JSON rows carry it anyway).
    account_column: bool,
}

impl<W: Write> fmt::Debug for ReportWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportWriter")
            .field("label", &self.label)
            .finish()
    }
}

impl ReportWriter<BufWriter<File>> {
    /// Create (or truncate) the report file at `path`, its format taken from the extension;
    /// `csv_bom` starts a CSV with a UTF-8 byte order mark (for Excel).
    pub fn create(path: &Path, csv_bom: bool) -> Result<Self, ReportError> {
        let format = ReportFormat::from_path(path)?;
        let label = path.display().to_string();
        let file = File::create(path).map_err(|source| ReportError::Io {
            path: label.clone(),
            source,
        })?;
        let mut writer = ReportWriter::new(BufWriter::new(file), format, csv_bom)?;
        writer.label = label;
        Ok(writer)
    }
}

/// What Excel needs to read a CSV file as UTF-8 rather than the local code page.
const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

impl<W: Write> ReportWriter<W> {
    /// Write a report in `format` to `w`; for CSV the (optional BOM and) header is written now.
    /// CSV follows RFC 4180: CRLF line ends, fields quoted only when needed, `""` inside quotes.
    pub fn new(mut w: W, format: ReportFormat, csv_bom: bool) -> Result<Self, ReportError> {
        let label = "<report>".to_string();
        let out = match format {
            ReportFormat::Csv => {
                if csv_bom {
                    w.write_all(UTF8_BOM).map_err(|source| ReportError::Io {
                        path: label.clone(),
                        source,
                    })?;
                }
                let csv = csv::WriterBuilder::new()
                    .has_headers(false)
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(w);
                Out::Csv(Box::new(csv))
            }
            ReportFormat::Jsonl => Out::Jsonl(w),
        };
        Ok(ReportWriter {
            out,
            label,
            header_pending: true,
            account_column: false,
        })
    }

    /// Add an `account` column to the CSV (a report of several accounts); before any row.
    pub fn with_account_column(mut self) -> Self {
        self.account_column = true;
        self
    }

    /// Write the CSV header if it is not written yet.
    fn header(&mut self) -> Result<(), ReportError> {
        if let (Out::Csv(csv), true) = (&mut self.out, self.header_pending) {
            let mut header = CSV_HEADER.to_vec();
            if self.account_column {
                header.push("account");
            }
            csv.write_record(header)
                .map_err(|e| csv_error(&self.label, e))?;
        }
        self.header_pending = false;
        Ok(())
    }

    /// Append one row, with its text fields sanitized (and CSV cells made formula-safe).
    pub fn write_row(&mut self, row: &Row) -> Result<(), ReportError> {
        self.header()?;
        match &mut self.out {
            Out::Csv(csv) => {
                let cell = |f: &Option<String>| f.as_deref().map(|s| formula_safe(sanitize(s)));
                let record = [
                    cell(&row.date),
                    cell(&row.buyer_name),
                    cell(&row.email),
                    cell(&row.company),
                    cell(&row.subject),
                    cell(&row.reason),
                    Some(row.confidence.to_string()),
                    cell(&row.evidence),
                    cell(&row.draft),
                    Some(row.status.as_str().to_string()),
                    cell(&row.language),
                ]
                .map(Option::unwrap_or_default);
                if self.account_column {
                    let account = cell(&row.account).unwrap_or_default();
                    csv.write_record(record.iter().chain([&account]))
                } else {
                    csv.write_record(&record)
                }
                .map_err(|e| csv_error(&self.label, e))
            }
            Out::Jsonl(w) => serde_json::to_writer(&mut *w, &clean_row(row))
                .map_err(io::Error::from)
                .and_then(|()| w.write_all(b"\n"))
                .map_err(|source| ReportError::Io {
                    path: self.label.clone(),
                    source,
                }),
        }
    }

    /// Flush everything written so far and hand back the writer.
    pub fn finish(mut self) -> Result<W, ReportError> {
        self.header()?;
        let label = self.label;
        let io_err = |source| ReportError::Io {
            path: label.clone(),
            source,
        };
        match self.out {
            Out::Csv(csv) => {
                let mut w = csv
                    .into_inner()
                    .map_err(|e| io_err(io::Error::other(e.error().to_string())))?;
                w.flush().map_err(io_err)?;
                Ok(w)
            }
            Out::Jsonl(mut w) => {
                w.flush().map_err(io_err)?;
                Ok(w)
            }
        }
    }
}

/// Read the rows of a JSON lines report written by `--report FILE.jsonl` (blank lines skipped).
pub fn read_jsonl(path: &Path) -> Result<Vec<Row>, ReportError> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ReportError::Read {
        path: label.clone(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| ReportError::BadRow {
                path: label.clone(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// `row` with every text field sanitized (the draft's text keeps its lines).
pub fn clean_row(row: &Row) -> Row {
    let clean = |f: &Option<String>| f.as_deref().map(sanitize);
    Row {
        date: clean(&row.date),
        buyer_name: clean(&row.buyer_name),
        email: clean(&row.email),
        company: clean(&row.company),
        subject: clean(&row.subject),
        reason: clean(&row.reason),
        confidence: row.confidence,
        evidence: clean(&row.evidence),
        draft: clean(&row.draft),
        status: row.status,
        language: clean(&row.language),
        draft_text: row.draft_text.as_deref().map(sanitize_multiline),
        account: clean(&row.account),
    }
}

fn csv_error(label: &str, e: csv::Error) -> ReportError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    ReportError::Io {
        path: label.to_string(),
        source,
    }
}

/// Keep a spreadsheet from evaluating a cell that starts like a formula (CSV injection).
fn formula_safe(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    }
}

/// How many "maybe" messages the summary lists by name.
const MAYBE_LISTED: usize = 20;

/// End-of-run counts: messages per class, rejections per reason, unreadable input, drafts.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Messages read and classified.
    pub read: u64,
    /// Messages (or inputs) that could not be read or parsed.
    pub unreadable: u64,
    /// Messages per class.
    pub classes: BTreeMap<Class, u64>,
    /// Rejections per reason.
    pub reasons: BTreeMap<Reason, u64>,
    /// Drafts newly written.
    pub drafts_written: u64,
    /// Drafts skipped because one for the same source was already there.
    pub drafts_present: u64,
    /// Drafts that could not be composed or saved.
    pub drafts_failed: u64,
    /// Where drafts go; `None` leaves the drafts line out (e.g. for `classify`).
    pub drafts_dir: Option<String>,
    /// True on `--dry-run`: nothing was written.
    pub dry_run: bool,
    /// The conversation: step-one drafts (written or already there) asking permission.
    pub permission_asked: u64,
    /// Buyers' yeses to the permission question.
    pub permission_granted: u64,
    /// Clarity questions drafted (step two, or the one-step email).
    pub questions_asked: u64,
    /// Buyers who gave their reason: with their answer to the permission question, or in
    /// reply to the clarity question.
    pub buyer_answered: u64,
    /// Messages in the "maybe" band (close to, but below, the rejection threshold): where they
    /// came from and the sentence that weighed most, for a person to look at. Not drafted.
    pub maybe: Vec<(String, String)>,
}

impl Summary {
    /// An empty summary; set `drafts_dir` / `dry_run` for a batch that drafts.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Count one classified message.
    pub fn count(&mut self, verdict: &Verdict) {
        self.read += 1;
        *self.classes.entry(verdict.class).or_default() += 1;
        if verdict.class == Class::Rejection {
            let reason = verdict.reason.unwrap_or(Reason::Unspecified);
            *self.reasons.entry(reason).or_default() += 1;
        }
        match verdict.answer {
            Some(Answer::Yes) if verdict.class == Class::PermissionGranted => {
                self.permission_granted += 1
            }
            Some(Answer::Explains) => self.buyer_answered += 1,
            _ => {}
        }
    }

    /// Count one draft of the conversation (written or already there): `step` is what it asks.
    pub fn count_asked(&mut self, step: Step) {
        match step {
            Step::Permission => self.permission_asked += 1,
            Step::Question => self.questions_asked += 1,
        }
    }

    /// Count one classified message and remember it when it falls in the "maybe" band.
    pub fn count_at(&mut self, origin: &str, verdict: &Verdict) {
        self.count(verdict);
        if verdict.maybe {
            let evidence = verdict.evidence.clone().unwrap_or_default();
            self.maybe.push((origin.to_string(), evidence));
        }
    }

    /// Count one message or input that could not be read.
    pub fn count_unreadable(&mut self) {
        self.unreadable += 1;
    }

    /// Count one draft handed to the sink: `created` false when it was already there.
    pub fn count_draft(&mut self, created: bool) {
        if created {
            self.drafts_written += 1;
        } else {
            self.drafts_present += 1;
        }
    }

    /// Count one draft that could not be composed or saved.
    pub fn count_draft_failure(&mut self) {
        self.drafts_failed += 1;
    }

    /// Add another summary's counts (e.g. from parallel workers); settings stay as they are.
    pub fn merge(&mut self, other: &Summary) {
        self.read += other.read;
        self.unreadable += other.unreadable;
        for (class, n) in &other.classes {
            *self.classes.entry(*class).or_default() += n;
        }
        for (reason, n) in &other.reasons {
            *self.reasons.entry(*reason).or_default() += n;
        }
        self.drafts_written += other.drafts_written;
        self.drafts_present += other.drafts_present;
        self.drafts_failed += other.drafts_failed;
        self.permission_asked += other.permission_asked;
        self.permission_granted += other.permission_granted;
        self.questions_asked += other.questions_asked;
        self.buyer_answered += other.buyer_answered;
        self.maybe.extend(other.maybe.iter().cloned());
    }

    /// Number of messages in `class`.
    pub fn class_count(&self, class: Class) -> u64 {
        self.classes.get(&class).copied().unwrap_or(0)
    }
}

/// Rejections first, then the other classes present, most frequent first.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.read == 1 { "" } else { "s" };
        writeln!(
            f,
            "{} message{plural} read, {} unreadable",
            self.read, self.unreadable
        )?;
        let mut rows: Vec<(Class, u64)> = self
            .classes
            .iter()
            .filter(|(c, n)| **c != Class::Rejection && **n > 0)
            .map(|(c, n)| (*c, *n))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if self.read > 0 {
            rows.insert(0, (Class::Rejection, self.class_count(Class::Rejection)));
        }
        let width = rows
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(0)
            .max(4);
        let name_width = rows
            .iter()
            .map(|(c, _)| c.as_str().len())
            .max()
            .unwrap_or(0)
            .max(11);
        for (class, n) in rows {
            write!(f, "  {:<name_width$} {n:>width$}", class.as_str())?;
            if class == Class::Rejection {
                let reasons: Vec<String> = Reason::ALL
                    .iter()
                    .filter_map(|r| {
                        let n = self.reasons.get(r).copied().unwrap_or(0);
                        (n > 0).then(|| format!("{} {n}", r.as_str()))
                    })
                    .collect();
                if !reasons.is_empty() {
                    write!(f, "   {}", reasons.join(", "))?;
                }
            }
            writeln!(f)?;
        }
        let conversation = self.class_count(Class::Rejection)
            + self.permission_asked
            + self.permission_granted
            + self.questions_asked
            + self.buyer_answered;
        if conversation > 0 {
            writeln!(
                f,
                "conversation: {} rejections, {} permission asked, {} permission granted, {} \
                 question asked, {} buyer answered",
                self.class_count(Class::Rejection),
                self.permission_asked,
                self.permission_granted,
                self.questions_asked,
                self.buyer_answered
            )?;
        }
        if !self.maybe.is_empty() {
            writeln!(
                f,
                "maybe: {} close to the rejection threshold, not drafted (see why with `rebound \
                 classify --explain`; draft them with a lower --min-confidence):",
                self.maybe.len()
            )?;
            for (origin, evidence) in self.maybe.iter().take(MAYBE_LISTED) {
                writeln!(f, "  {}  \"{}\"", sanitize(origin), sanitize(evidence))?;
            }
            if self.maybe.len() > MAYBE_LISTED {
                writeln!(f, "  ... and {} more", self.maybe.len() - MAYBE_LISTED)?;
            }
        }
        if self.dry_run {
            writeln!(f, "drafts: none written (dry run)")?;
        } else if let Some(dir) = &self.drafts_dir {
            write!(
                f,
                "drafts: {} written, {} already present in {dir}",
                self.drafts_written, self.drafts_present
            )?;
            if self.drafts_failed > 0 {
                write!(f, ", {} failed", self.drafts_failed)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            Row {
                date: Some("2024-03-04T09:15:00+01:00".into()),
                buyer_name: Some("O'Brien, Jane".into()),
                email: Some("jane@buyer.example".into()),
                company: Some("Buyer Ltd".into()),
                subject: Some("Re: Proposal \"Q2\"".into()),
                reason: Some("price".into()),
                confidence: 0.9,
                evidence: Some("The budget was cut,\r\nso we have to pass.".into()),
                draft: Some("drafts/abc-0123456789ab.eml".into()),
                status: Status::Rejection,
                language: Some("en".into()),
                draft_text: None,
                account: None,
            },
            Row {
                date: None,
                buyer_name: None,
                email: Some("ops@corp.example".into()),
                company: None,
                subject: Some("=HYPERLINK(\"http://x\")".into()),
                reason: Some("unspecified".into()),
                confidence: 0.5,
                evidence: None,
                draft: None,
                status: Status::Maybe,
                language: None,
                draft_text: Some("Hi,\r\n\tthanks\x1b[0m\n".into()),
                account: None,
            },
        ]
    }

    fn render(format: ReportFormat) -> String {
        let mut w = ReportWriter::new(Vec::new(), format, false).unwrap();
        for row in rows() {
            w.write_row(&row).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn format_from_extension() {
        let f = |p: &str| ReportFormat::from_path(Path::new(p));
        assert_eq!(f("out/report.csv").unwrap(), ReportFormat::Csv);
        assert_eq!(f("r.CSV").unwrap(), ReportFormat::Csv);
        assert_eq!(f("r.jsonl").unwrap(), ReportFormat::Jsonl);
        assert_eq!(f("r.json").unwrap(), ReportFormat::Jsonl);
        let err = f("report.xlsx").unwrap_err().to_string();
        assert!(err.contains("report.xlsx") && err.contains(".csv"), "{err}");
        assert!(f("report").is_err());
    }

    #[test]
    fn csv_output_exact() {
        assert_eq!(
            render(ReportFormat::Csv),
            "date,buyer_name,email,company,subject,reason,confidence,evidence,draft,status,language\r\n\
             2024-03-04T09:15:00+01:00,\"O'Brien, Jane\",jane@buyer.example,Buyer Ltd,\
             \"Re: Proposal \"\"Q2\"\"\",price,0.9,\"The budget was cut, so we have to pass.\",\
             drafts/abc-0123456789ab.eml,rejection,en\r\n\
             ,,ops@corp.example,,\"'=HYPERLINK(\"\"http://x\"\")\",unspecified,0.5,,,maybe,\r\n"
        );
    }

    #[test]
    fn csv_header_is_written_even_without_rows() {
        let w = ReportWriter::new(Vec::new(), ReportFormat::Csv, false).unwrap();
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "date,buyer_name,email,company,subject,reason,confidence,evidence,draft,status,language\r\n"
        );
    }

    #[test]
    fn csv_of_several_accounts_ends_with_the_account_column() {
        let mut w = ReportWriter::new(Vec::new(), ReportFormat::Csv, false)
            .unwrap()
            .with_account_column();
        let mut row = rows()[1].clone();
        row.account = Some("=work".into());
        w.write_row(&row).unwrap();
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "date,buyer_name,email,company,subject,reason,confidence,evidence,draft,status,\
             language,account\r\n\
             ,,ops@corp.example,,\"'=HYPERLINK(\"\"http://x\"\")\",unspecified,0.5,,,maybe,,'=work\r\n"
        );
    }

    #[test]
    fn csv_bom_comes_first_and_only_for_csv() {
        let w = ReportWriter::new(Vec::new(), ReportFormat::Csv, true).unwrap();
        let bytes = w.finish().unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBFdate,buyer_name"),
            "{bytes:?}"
        );
        let w = ReportWriter::new(Vec::new(), ReportFormat::Jsonl, true).unwrap();
        assert!(w.finish().unwrap().is_empty());
    }

    #[test]
    fn jsonl_output_exact() {
        assert_eq!(
            render(ReportFormat::Jsonl),
            "{\"date\":\"2024-03-04T09:15:00+01:00\",\"buyer_name\":\"O'Brien, Jane\",\
             \"email\":\"jane@buyer.example\",\"company\":\"Buyer Ltd\",\
             \"subject\":\"Re: Proposal \\\"Q2\\\"\",\"reason\":\"price\",\"confidence\":0.9,\
             \"evidence\":\"The budget was cut, so we have to pass.\",\
             \"draft\":\"drafts/abc-0123456789ab.eml\",\"status\":\"rejection\",\"language\":\"en\"}\n\
             {\"date\":null,\"buyer_name\":null,\"email\":\"ops@corp.example\",\"company\":null,\
             \"subject\":\"=HYPERLINK(\\\"http://x\\\")\",\"reason\":\"unspecified\",\
             \"confidence\":0.5,\"evidence\":null,\"draft\":null,\"status\":\"maybe\",\
             \"language\":null,\"draft_text\":\"Hi,\\n\\tthanks[0m\\n\"}\n"
        );
    }

    #[test]
    fn create_writes_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        let mut w = ReportWriter::create(&p, false).unwrap();
        w.write_row(&rows()[1]).unwrap();
        w.finish().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("ops@corp.example"));
        let bad = ReportWriter::create(&dir.path().join("r.txt"), false).unwrap_err();
        assert!(matches!(bad, ReportError::UnknownFormat { .. }));
    }

    #[test]
    fn jsonl_rows_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        let mut text = render(ReportFormat::Jsonl);
        // Rows written before `language` existed still read.
        text.push_str(
            "\n{\"date\":null,\"buyer_name\":null,\"email\":null,\"company\":null,\
            \"subject\":null,\"reason\":null,\"confidence\":0.4,\"evidence\":null,\
            \"draft\":null,\"status\":\"maybe\"}\n",
        );
        std::fs::write(&p, text).unwrap();
        let back = read_jsonl(&p).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back[0], clean_row(&rows()[0]));
        assert_eq!(back[1], clean_row(&rows()[1]));
        assert_eq!(back[2].status, Status::Maybe);
        std::fs::write(&p, "{\"date\":1}\n").unwrap();
        let err = read_jsonl(&p).unwrap_err().to_string();
        assert!(err.contains("r.jsonl:1: not a rebound report row"), "{err}");
    }

    #[test]
    fn sanitize_removes_terminal_control() {
        assert_eq!(sanitize("a\r\nb\tc\n\n d"), "a b c d");
        assert_eq!(sanitize("\x1b[31mred\x1b[0m\x07"), "[31mred[0m");
        assert_eq!(sanitize("evil\u{202E}txt.exe\u{0085}x"), "eviltxt.exe x");
        assert_eq!(sanitize("  padded  "), "padded");
        assert_eq!(sanitize("Grüße, Jürgen"), "Grüße, Jürgen");
    }

    fn verdict(class: Class, reason: Option<Reason>) -> Verdict {
        Verdict {
            class,
            reason,
            confidence: 0.9,
            evidence: None,
            language: None,
            rejection_probability: None,
            maybe: false,
            answer: None,
        }
    }

    #[test]
    fn summary_rendering() {
        let mut s = Summary::new();
        s.drafts_dir = Some("drafts/".into());
        let reasons = [
            (Reason::Price, 3),
            (Reason::Timing, 2),
            (Reason::Competitor, 2),
            (Reason::NoNeed, 1),
            (Reason::NoDecision, 2),
            (Reason::Unspecified, 1),
        ];
        for (reason, n) in reasons {
            for _ in 0..n {
                s.count(&verdict(Class::Rejection, Some(reason)));
            }
        }
        for (class, n) in [(Class::Other, 17), (Class::AutoReply, 5), (Class::Bulk, 5)] {
            for _ in 0..n {
                s.count(&verdict(class, None));
            }
        }
        s.count(&verdict(Class::Referral, None));
        s.count_unreadable();
        for created in [true, true, false] {
            s.count_draft(created);
            s.count_asked(Step::Permission);
        }
        let answer = |class, answer| Verdict {
            answer: Some(answer),
            ..verdict(class, Some(Reason::Price))
        };
        s.count(&answer(Class::PermissionGranted, Answer::Yes));
        s.count(&answer(Class::PermissionDeclined, Answer::No));
        s.count(&answer(Class::PermissionGranted, Answer::Explains));
        s.count_draft(true);
        s.count_asked(Step::Question);
        assert_eq!(
            s.to_string(),
            "42 messages read, 1 unreadable\n\
             \x20 rejection             11   price 3, timing 2, competitor 2, no_need 1, no_decision 2, unspecified 1\n\
             \x20 other                 17\n\
             \x20 auto_reply             5\n\
             \x20 bulk                   5\n\
             \x20 permission_granted     2\n\
             \x20 referral               1\n\
             \x20 permission_declined    1\n\
             conversation: 11 rejections, 3 permission asked, 1 permission granted, 1 question \
             asked, 1 buyer answered\n\
             drafts: 3 written, 1 already present in drafts/\n"
        );
    }

    #[test]
    fn summary_without_rejections_dry_run_and_failures() {
        let mut s = Summary::new();
        s.count(&verdict(Class::Other, None));
        assert_eq!(
            s.to_string(),
            "1 message read, 0 unreadable\n  rejection      0\n  other          1\n"
        );
        s.dry_run = true;
        assert!(s.to_string().ends_with("drafts: none written (dry run)\n"));
        s.dry_run = false;
        s.drafts_dir = Some("out".into());
        s.count_draft_failure();
        assert!(s
            .to_string()
            .ends_with("drafts: 0 written, 0 already present in out, 1 failed\n"));
        assert_eq!(
            Summary::new().to_string(),
            "0 messages read, 0 unreadable\n"
        );
    }

    #[test]
    fn summary_merge_adds_counts() {
        let mut a = Summary::new();
        a.count(&verdict(Class::Rejection, Some(Reason::Price)));
        let mut b = Summary::new();
        b.count(&verdict(Class::Rejection, Some(Reason::Price)));
        b.count(&verdict(Class::Bulk, None));
        b.count_unreadable();
        b.count_draft(true);
        a.merge(&b);
        assert_eq!(a.read, 3);
        assert_eq!(a.unreadable, 1);
        assert_eq!(a.class_count(Class::Rejection), 2);
        assert_eq!(a.reasons.get(&Reason::Price), Some(&2));
        assert_eq!(a.drafts_written, 1);
    }
}
