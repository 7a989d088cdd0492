//! Command-line flags (clap): the only place that knows about flags.
//! Parsed once into typed values; the commands never look at raw arguments.

use std::path::PathBuf;

use crate::classify::Engine;
use crate::color::ColorMode;
use crate::report::GroupBy;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod examples;
use examples::footer;

const EXIT_CODES: &str = "\
Exit codes:
  0  every message was read (whatever the verdicts)
  1  some messages could not be read or drafted; the rest were processed, each failure reported
     (--all-accounts: also some accounts failed while the others were handled)
  2  usage, config or I/O error
  3  IMAP connection, authentication or TLS failure (--all-accounts: of every account)";

/// Find buyer rejections in your mail and draft a reply that asks one good question.
///
/// rebound never sends mail, never marks mail as read, never deletes or moves anything.
#[derive(Debug, Parser)]
#[command(name = "rebound", version, after_help = footer(EXIT_CODES, examples::REBOUND), propagate_version = true)]
pub struct Cli {
    /// Config file (default: $REBOUND_CONFIG, else ~/.config/rebound/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only print errors (no summary, no warnings, no progress).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail on stderr (-v: per-message decisions, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Colour warnings, errors and help: auto (on a terminal, unless NO_COLOR is set), always
    /// (also into a pipe, e.g. for `less -R`) or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorMode::Auto)]
    pub color: ColorMode,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the verdict for each message (class, reason, confidence, evidence, language).
    #[command(after_help = footer(EXIT_CODES, examples::CLASSIFY))]
    Classify(ClassifyArgs),
    /// Classify every message and write a draft reply for each rejection into a directory.
    #[command(after_help = footer(EXIT_CODES, examples::BATCH))]
    Batch(BatchArgs),
    /// Connect to the IMAP account, log in and show what rebound will use (run this first).
    #[command(after_help = footer(EXIT_CODES, examples::CHECK))]
    Check(CheckArgs),
    /// Classify the messages of an IMAP mailbox, read-only (nothing is marked or changed).
    #[command(after_help = footer(EXIT_CODES, examples::SCAN))]
    Scan(ScanArgs),
    /// Put a draft reply to each new rejection into the account's Drafts folder.
    ///
    /// A repeat run reads only mail it has not examined yet: rebound remembers, per server, user,
    /// mailbox and UIDVALIDITY, the highest UID it has classified (and in which window), in a small
    /// file under $XDG_STATE_HOME/rebound/imap (~/.local/state/rebound/imap). Nothing is stored in
    /// your mailbox except the $Rebound keyword on messages that got a draft. Mail that could not
    /// be read or drafted is tried again next time; a wider --since or --all reads the older mail
    /// it adds; new rules or a new rebound version read the window again. --rescan ignores the
    /// file. Deleting it is always safe: drafts are never duplicated, because the Drafts folder
    /// (X-Rebound-Source / In-Reply-To) and $Rebound are checked before every draft.
    #[command(after_help = footer(EXIT_CODES, examples::DRAFT))]
    Draft(DraftArgs),
    /// Wait for new mail (IDLE) and draft replies to rejections as they arrive; Ctrl-C stops.
    #[command(after_help = footer(EXIT_CODES, examples::WATCH))]
    Watch(WatchArgs),
    /// Write the lost-deal report (an HTML page with charts and a table, CSV, JSON lines or a
    /// grouped table) for mail files, or for rows an earlier `--report FILE.jsonl` wrote.
    ///
    /// Nothing is drafted; each rejection's row carries the text its draft would have.
    #[command(after_help = footer(REPORT_EXIT_CODES, examples::REPORT))]
    Report(ReportArgs),
    /// Teach the classifier: mark mail as a rejection (or not) so it is read that way from now on.
    ///
    /// Like sa-learn for SpamAssassin: the examples and a small model fitted on them live under
    /// $XDG_DATA_HOME/rebound (~/.local/share/rebound) and sit on top of the built-in model for
    /// every command. `--list` shows them, `--forget ID` or `--all` removes them.
    #[command(after_help = footer(EXIT_CODES, examples::LEARN))]
    Learn(LearnArgs),
    /// Set up, list, check and preview the reply templates.
    #[command(subcommand, after_help = footer(TEMPLATES_EXIT_CODES, examples::TEMPLATES))]
    Templates(TemplatesCommand),
    /// Print the shell completion script for bash, zsh or fish on stdout.
    #[command(after_help = footer(PRINT_EXIT_CODES, examples::COMPLETIONS))]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout: rebound(1), or rebound-COMMAND(1) for one command.
    #[command(after_help = footer(PRINT_EXIT_CODES, examples::MAN))]
    Man(ManArgs),
}

const PRINT_EXIT_CODES: &str = "\
Exit codes:
  0  printed
  2  usage error or stdout not writable";

/// A shell `rebound completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// bash (bash-completion).
    Bash,
    /// zsh (compinit).
    Zsh,
    /// fish.
    Fish,
}

/// `rebound man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (e.g. `draft`, or `templates preview`); default: rebound(1).
    #[arg(value_name = "COMMAND", num_args = 0..)]
    pub command: Vec<String>,
}

/// `rebound completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `rebound check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Account name from the config ([accounts.NAME]); default: the one with default = true.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

/// Output format of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// One aligned line per message.
    Text,
    /// One JSON object per line (the classify contract).
    Jsonl,
    /// The report rows of the rejections, as CSV.
    Csv,
}

/// Which messages of the mailbox to read (`scan`, `draft`).
#[derive(Debug, Clone, Args)]
pub struct WindowArgs {
    /// Only mail that arrived since: a number of days (14d), weeks (2w) or a date (2026-01-31).
    /// Default: the last 30 days.
    #[arg(long, value_name = "14d|DATE", conflicts_with = "all")]
    pub since: Option<String>,
    /// Read the whole mailbox.
    #[arg(long)]
    pub all: bool,
}

/// `rebound scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Which account and mailbox.
    #[command(flatten)]
    pub account: AccountArgs,
    /// Which messages.
    #[command(flatten)]
    pub window: WindowArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
    /// Also write one row per rejection to FILE (.csv or .jsonl).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Print a table of the rejections per company, domain, month or reason on stdout
    /// instead of one line per message.
    #[arg(long, value_enum, value_name = "KEY", conflicts_with = "format")]
    pub group_by: Option<GroupBy>,
    /// Classifier choices.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// The report files every command that finds rejections can write.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write the lost-deal report as one self-contained HTML page (charts and a table).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Start CSV output with a UTF-8 byte order mark, so Excel reads accents right.
    #[arg(long)]
    pub csv_bom: bool,
}

/// The IMAP account and mailbox an account command works on (`scan`, `draft`, `watch`).
#[derive(Debug, Clone, Args)]
pub struct AccountArgs {
    /// Account name from the config; default: the one with default = true.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Mailbox to read (default: the account's mailbox, else INBOX).
    #[arg(long, value_name = "MAILBOX")]
    pub mailbox: Option<String>,
}

/// Who the drafts are from and which templates write them (`batch`, `draft`, `watch`).
#[derive(Debug, Clone, Args)]
pub struct ComposeArgs {
    /// Sender of the drafts, "Name <email>" (overrides [identity] in the config).
    #[arg(long, value_name = "\"NAME <EMAIL>\"")]
    pub from: Option<String>,
    /// Directory of templates overriding the built-in ones (overrides [templates] dir).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Every configured account at once (`draft`, `watch`).
#[derive(Debug, Clone, Args)]
pub struct AllAccountsArgs {
    /// Every account of the config, each on its own connection, a failing one not stopping the
    /// others: lines and summaries start with the account name, a total ends the run.
    #[arg(long, conflicts_with = "account")]
    pub all_accounts: bool,
}

/// `rebound draft`.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Which account and mailbox.
    #[command(flatten)]
    pub account: AccountArgs,
    /// Every account at once.
    #[command(flatten)]
    pub accounts: AllAccountsArgs,
    /// With --all-accounts: how many accounts are drafted at the same time (default: 4, or
    /// fewer when there are fewer accounts).
    #[arg(long, value_name = "N", requires = "all_accounts", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Which messages.
    #[command(flatten)]
    pub window: WindowArgs,
    /// Show what would be drafted; change nothing on the server (nor the local state).
    #[arg(long)]
    pub dry_run: bool,
    /// Read the whole window again, ignoring what earlier runs examined (the record of what was
    /// examined is then rewritten).
    #[arg(long)]
    pub rescan: bool,
    /// Who the drafts are from and which templates write them.
    #[command(flatten)]
    pub compose: ComposeArgs,
    /// Also write one row per rejection to FILE (.csv or .jsonl).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Classifier choices.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `rebound watch`.
#[derive(Debug, Args)]
#[command(mut_arg("mailbox", |a| a.help("Mailbox to watch (default: the account's mailbox, else INBOX)")))]
pub struct WatchArgs {
    /// Which account and mailbox.
    #[command(flatten)]
    pub account: AccountArgs,
    /// Every account at once.
    #[command(flatten)]
    pub accounts: AllAccountsArgs,
    /// Classify and report new mail, but write no drafts and mark nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Who the drafts are from and which templates write them.
    #[command(flatten)]
    pub compose: ComposeArgs,
    /// Seconds before IDLE is renewed (servers drop idle clients after 30 minutes).
    #[arg(long, value_name = "SECS", default_value_t = 25 * 60, value_parser = clap::value_parser!(u64).range(1..=29 * 60))]
    pub idle_secs: u64,
    /// Longest wait between reconnection attempts, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_backoff_secs: u64,
    /// Classifier choices.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Output format of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One aligned line per message.
    Text,
    /// One JSON object per line (the stable contract in design.md).
    Jsonl,
}

/// `rebound classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also show the new text the classifier read, the deciding sentence and the features that
    /// weighed most (with --format jsonl: the fields "new_text" and "features").
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// .eml files, directories of .eml, Maildir folders, mbox files, or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<String>,
}

/// `rebound batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// .eml files, directories of .eml, Maildir folders, mbox files, or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Directory that receives one draft .eml per rejection (created if missing).
    #[arg(long, value_name = "DIR", required_unless_present = "dry_run")]
    pub out: Option<PathBuf>,
    /// Also write one row per rejection to FILE (.csv or .jsonl).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub output: OutputArgs,
    /// After the summary, print a table of the rejections per company, domain, month or reason.
    #[arg(long, value_enum, value_name = "KEY")]
    pub group_by: Option<GroupBy>,
    /// Classify and report, but write no drafts.
    #[arg(long)]
    pub dry_run: bool,
    /// Who the drafts are from and which templates write them.
    #[command(flatten)]
    pub compose: ComposeArgs,
    /// Classifier choices.
    #[command(flatten)]
    pub model: ModelArgs,
}

const REPORT_EXIT_CODES: &str = "\
Exit codes:
  0  every message was read (whatever the verdicts)
  1  some messages could not be read; the rest were processed and each failure reported
  2  usage, config or I/O error (also: a line of --from-jsonl that is not a report row)";

/// `rebound report`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["html", "report", "group_by"]).multiple(true)))]
pub struct ReportArgs {
    /// .eml files, directories of .eml, Maildir folders, mbox files, or - for stdin.
    #[arg(
        value_name = "INPUT",
        required_unless_present = "from_jsonl",
        conflicts_with = "from_jsonl"
    )]
    pub inputs: Vec<String>,
    /// Read the rows an earlier `--report FILE.jsonl` (of batch, scan or draft) wrote instead.
    #[arg(long, value_name = "FILE")]
    pub from_jsonl: Option<PathBuf>,
    /// Write one row per rejection to FILE (.csv or .jsonl).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Print a table of the rejections per company, domain, month or reason on stdout.
    #[arg(long, value_enum, value_name = "KEY")]
    pub group_by: Option<GroupBy>,
    /// Sender of the drafts shown in the report, "Name <email>" (overrides [identity]).
    #[arg(long, value_name = "\"NAME <EMAIL>\"")]
    pub from: Option<String>,
    /// Directory of templates overriding the built-in ones (overrides [templates] dir).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Classifier choices.
    #[command(flatten)]
    pub model: ModelArgs,
}

const TEMPLATES_EXIT_CODES: &str = "\
Exit codes:
  0  done; for check: every template compiles and renders (warnings alone do not fail)
  1  check: some template failed (each reported as file:line:col: message);
     init: some existing files differ from the built-ins and were kept (use --force)
  2  usage, config or I/O error (unreadable templates dir or message, broken template in preview)";

/// `rebound templates ...`: everything a sales lead needs to shape the replies.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into DIR to edit them (never overwrites without --force).
    #[command(after_help = footer(TEMPLATES_EXIT_CODES, examples::TEMPLATES_INIT))]
    Init(TemplatesInitArgs),
    /// Show which file answers each reason in each language, built-in or yours, and flag
    /// files of yours that replace nothing (typos like competiton.hbs).
    #[command(after_help = footer(TEMPLATES_EXIT_CODES, examples::TEMPLATES_LIST))]
    List(TemplatesDirArgs),
    /// Compile every template and render it for every reason and language in strict mode.
    #[command(after_help = footer(TEMPLATES_EXIT_CODES, examples::TEMPLATES_CHECK))]
    Check(TemplatesDirArgs),
    /// Print the draft rebound would save for one message (headers and body).
    #[command(after_help = footer(TEMPLATES_EXIT_CODES, examples::TEMPLATES_PREVIEW))]
    Preview(TemplatesPreviewArgs),
}

/// `rebound templates init`.
#[derive(Debug, Args)]
pub struct TemplatesInitArgs {
    /// Where to write (default: [templates] dir of the config, else ~/.config/rebound/templates).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `rebound templates list` and `check`.
#[derive(Debug, Args)]
pub struct TemplatesDirArgs {
    /// Directory of templates overriding the built-in ones (overrides [templates] dir).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `rebound templates preview`.
#[derive(Debug, Args)]
pub struct TemplatesPreviewArgs {
    /// The message to answer: an .eml file (of an mbox, the first message), or - for stdin.
    #[arg(value_name = "EMAIL")]
    pub email: String,
    /// Preview this reply instead of the classifier's choice.
    #[arg(long, value_name = "REASON", value_parser = [
        "price", "timing", "competitor", "no_need", "no_decision", "unspecified", "referral",
    ])]
    pub reason: Option<String>,
    /// Which email of the two-step conversation: 1, the answer to the rejection (asking
    /// permission, or in the one-step style the whole question); 2, the clarity question that
    /// answers the buyer's yes. Default: 2 for a buyer's yes, else 1.
    #[arg(long, value_name = "STEP", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub step: Option<u8>,
    /// Write the reply in this language (e.g. de) instead of the buyer's detected language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Directory of templates overriding the built-in ones (overrides [templates] dir).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Sender of the draft, "Name <email>" (overrides [identity] in the config).
    #[arg(long, value_name = "\"NAME <EMAIL>\"")]
    pub from: Option<String>,
    /// Print the body decoded (no quoted-printable, LF line endings) instead of the exact bytes.
    #[arg(long)]
    pub decode: bool,
}

/// Classifier choices shared by every command that classifies.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// P(rejection) a message needs to count as a rejection (0..1; default: `[rules]
    /// min_confidence`, else the model's own, chosen for precision 0.97 or better).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub min_confidence: Option<f32>,
    /// Which classifier decides after the robot rules: the learned model, or the hand-written
    /// rules alone (the pre-model classifier, kept for comparison).
    #[arg(long, value_enum, default_value_t = Engine::Learned, hide = true)]
    pub engine: Engine,
}

fn parse_probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a probability between 0 and 1")),
    }
}

/// What `learn` is told the mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LearnAs {
    /// The buyer declines.
    Rejection,
    /// Anything else (an acceptance, a stall, a question...).
    NotRejection,
}

/// `rebound learn`.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// What the mail is.
    #[arg(long = "as", value_enum, value_name = "KIND", conflicts_with_all = ["list", "forget", "all"])]
    pub r#as: Option<LearnAs>,
    /// The reason of the rejection (default: unspecified).
    #[arg(long, value_parser = parse_reason, value_name = "REASON")]
    pub reason: Option<crate::classify::Reason>,
    /// Learn from every message of this IMAP account's mailbox (read-only), e.g. a folder you
    /// drag missed rejections into.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// The mailbox to learn from (with --account; default INBOX).
    #[arg(long, value_name = "MAILBOX")]
    pub mailbox: Option<String>,
    /// List what was taught.
    #[arg(long)]
    pub list: bool,
    /// Forget taught examples by id (see --list).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub forget: Vec<String>,
    /// Forget everything taught.
    #[arg(long, conflicts_with = "forget")]
    pub all: bool,
    /// .eml files, directories, Maildir folders, mbox files, or - for stdin.
    #[arg(value_name = "PATH")]
    pub inputs: Vec<String>,
}

fn parse_reason(s: &str) -> Result<crate::classify::Reason, String> {
    crate::classify::Reason::parse(s).ok_or_else(|| {
        format!(
            "{s:?} is not a reason: price, timing, competitor, no_need, no_decision, unspecified"
        )
    })
}
